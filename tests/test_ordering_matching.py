"""Ordering and matching: all-or-nothing settings, pairwise partial credit, the check warning."""

from __future__ import annotations

import itertools
import textwrap

import pytest
from pydantic import TypeAdapter

from needlewise.quiz.formats import export_quiz, import_bytes
from needlewise.quiz.loading import own_warnings, parse_quiz
from needlewise.quiz.schema import Leaf, Quiz
from needlewise.quiz.scoring import random_guess_score, score

LEAF = TypeAdapter(Leaf)
BASE = {"id": "q", "prompt": "Q?", "objectives": ["o"]}
PHASES = ["Inflammation", "Proliferation", "Remodelling"]


def ordering(items, scoring="partial"):
    return LEAF.validate_python({**BASE, "type": "ordering", "items": items, "scoring": scoring})


def matching(**fields):
    pairs = [{"left": "Icepick", "right": "V"}, {"left": "Boxcar", "right": "U"}]
    pairs.append({"left": "Rolling", "right": "M"})
    return LEAF.validate_python({**BASE, "type": "matching", "pairs": pairs, **fields})


class TestPartialOrdering:
    @pytest.mark.parametrize("size", [3, 4])
    def test_putting_the_last_item_before_the_first_never_earns_more_than_half(self, size):
        question = ordering([f"step {i}" for i in range(size)])
        for order in itertools.permutations(range(size)):
            if order.index(size - 1) < order.index(0):
                assert score(question, {"order": list(order)}).fraction <= 0.5, order

    def test_remodelling_before_inflammation_earns_at_most_a_third(self):
        question = ordering(PHASES)
        assert score(question, {"order": [2, 0, 1]}).fraction == pytest.approx(1 / 3)
        assert score(question, {"order": [1, 2, 0]}).fraction == pytest.approx(1 / 3)
        assert score(question, {"order": [2, 1, 0]}).fraction == 0

    def test_one_adjacent_swap_loses_one_pair(self):
        question = ordering(["a", "b", "c", "d", "e"])
        assert score(question, {"order": [0, 1, 2, 4, 3]}).fraction == pytest.approx(9 / 10)

    def test_all_or_nothing_is_all_or_nothing(self):
        question = ordering(PHASES, "all_or_nothing")
        assert score(question, {"order": [0, 1, 2]}).fraction == 1
        assert score(question, {"order": [0, 2, 1]}).fraction == 0


class TestMatching:
    def test_partial_is_the_default_and_counts_each_pair(self):
        question = matching()
        assert question.scoring == "partial"
        assert score(question, {"matches": [0, 1, 0]}).fraction == pytest.approx(2 / 3)

    def test_all_or_nothing_needs_every_pair(self):
        question = matching(scoring="all_or_nothing")
        assert score(question, {"matches": [0, 1, 0]}).fraction == 0
        assert score(question, {"matches": [0, 1, 2]}).fraction == 1
        assert random_guess_score(question) == pytest.approx((1 / 3) ** 3)


def warnings_for(items: list[str], scoring: str) -> list[str]:
    text = textwrap.dedent(
        f"""\
        id: t
        title: T
        questions:
          - id: order
            type: ordering
            prompt: Order them.
            objectives: [o]
            items: {items}
            scoring: {scoring}
        """
    )
    loaded, problems = parse_quiz(text.encode(), "quizzes/t.yaml")
    assert loaded is not None and problems == []
    return [str(p) for p in own_warnings(loaded)]


def test_check_warns_about_partial_credit_on_fewer_than_four_items():
    [warning] = warnings_for(PHASES, "partial")
    assert warning.startswith("quizzes/t.yaml:9:14: warning: partial credit on an ordering of 3")
    assert warnings_for(PHASES, "all_or_nothing") == []
    assert warnings_for([*PHASES, "Maturation"], "partial") == []


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_all_or_nothing_matching_and_reject_examples_survive_export(fmt):
    quiz = Quiz.model_validate(
        {
            "id": "t",
            "title": "T",
            "questions": [
                {**matching(scoring="all_or_nothing").model_dump(), "id": "m"},
                {
                    **BASE,
                    "id": "s",
                    "type": "short_text",
                    "answers": ["TGF-β3"],
                    "reject": ["vitamin B3", "TGF-β1"],
                },
            ],
        }
    )
    exported = export_quiz(quiz, fmt)
    suffix = ".gift" if fmt == "gift" else ".xml"
    back = Quiz.model_validate(
        import_bytes(exported.text.encode(), fmt, filename=f"t{suffix}").data
    )
    assert back.leaf("m").scoring == "all_or_nothing"
    assert back.leaf("s").reject == ["vitamin B3", "TGF-β1"]
    assert any("scoring:all_or_nothing" in str(note) for note in exported.notes)

"""A quiz's introduction says how many questions an attempt has, and the number is the
number the attempt then shows (or nothing is said where a random draw makes it vary)."""

from __future__ import annotations

import random

import pytest

from needlewise.quiz.layout import build_layout, leaf_ids, questions_per_attempt

from .builders import DRAW, bank, load, shipped_content, single


def _sizes(quiz, seeds: int = 30) -> set[int]:
    return {len(leaf_ids(build_layout(quiz, random.Random(seed)))) for seed in range(seeds)}


@pytest.mark.parametrize("quiz_id", sorted(shipped_content().quizzes))
def test_every_shipped_quiz_states_the_count_its_attempts_have(quiz_id):
    quiz = shipped_content().quizzes[quiz_id].quiz
    stated = questions_per_attempt(quiz)
    assert stated is not None
    assert _sizes(quiz) == {stated}


def test_a_blueprint_without_cases_states_the_sum_of_its_counts():
    data = bank(DRAW)
    data["questions"] = [q for q in data["questions"] if q.get("type") != "case"]
    quiz = load(data)[0].quiz
    assert questions_per_attempt(quiz) == 5
    assert _sizes(quiz) == {5}


def test_a_draw_of_some_questions_states_how_many_are_drawn():
    data = {
        "id": "drawn",
        "title": "Drawn",
        "draw": {"count": 3},
        "questions": [single(f"q{i}", ["a.one"]) for i in range(7)],
    }
    quiz = load(data)[0].quiz
    assert questions_per_attempt(quiz) == 3
    assert _sizes(quiz) == {3}


def test_a_draw_that_can_vary_states_nothing():
    # A case is drawn whole: its part outside the blueprint makes that form one longer.
    case = {"id": "case", "type": "case", "vignette": {"text": "A client."},
            "questions": [single("in", ["a.two"]), single("out", ["b.two"])]}  # fmt: skip
    data = bank([{"objective": "a.two", "count": 1}])
    data["questions"] = [single("alone", ["a.two"]), case]
    quiz = load(data)[0].quiz
    assert questions_per_attempt(quiz) is None
    assert _sizes(quiz) == {1, 2}
    data = {
        "id": "per",
        "title": "Per objective",
        "draw": {"per_objective": {"a.one": 1, "a.two": 1}},
        "questions": [single("both", ["a.one", "a.two"]), single("one", ["a.one"])],
    }
    # Drawn for a.one, "both" leaves a.two nothing to draw; "one" leaves it "both".
    quiz = load(data)[0].quiz
    assert questions_per_attempt(quiz) is None
    assert _sizes(quiz) == {1, 2}

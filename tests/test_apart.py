"""Enemy items: `apart` groups keep questions that give each other away out of one form."""

from __future__ import annotations

import random
from collections import Counter

import pytest
import yaml

from needlewise.quiz import blueprint
from needlewise.quiz.layout import build_layout, leaf_ids

from .builders import DRAW, bank, form_counts, load, shipped_final


def with_apart(groups: list[list[str]], draw: list[dict] = DRAW) -> dict:
    data = bank(draw)
    data["blueprint"]["apart"] = groups
    return data


def line_of(data: dict, problem) -> str:
    return yaml.safe_dump(data, sort_keys=False).splitlines()[problem.line - 1].strip()


GROUPS = [["one-0", "one-1", "one-2"], ["two-0", "case-two"], ["one-3", "two-1"]]


@pytest.mark.parametrize("seed", range(300))
def test_no_form_holds_two_questions_of_a_group_and_every_form_meets_the_blueprint(seed):
    loaded, problems = load(with_apart(GROUPS))
    assert problems == []
    quiz = loaded.quiz
    layout = build_layout(quiz, random.Random(seed))
    shown = set(leaf_ids(layout))
    for group in GROUPS:
        assert len(shown & set(group)) <= 1, (group, shown)
    assert blueprint.meets(quiz.blueprint, form_counts(quiz, layout))


def test_groups_still_let_every_member_appear_across_attempts():
    quiz = load(with_apart(GROUPS))[0].quiz
    seen = Counter()
    for seed in range(300):
        seen.update(leaf_ids(build_layout(quiz, random.Random(seed))))
    for group in GROUPS:
        for member in group:
            assert seen[member] > 0, member


def test_without_the_group_two_members_do_share_a_form():
    quiz = load(bank(DRAW))[0].quiz
    together = sum(
        {"one-0", "one-1"} <= set(leaf_ids(build_layout(quiz, random.Random(seed))))
        for seed in range(300)
    )
    assert together > 0


def test_an_unknown_id_is_named_at_its_line():
    data = with_apart([["one-0", "nowhere"]])
    _, problems = load(data)
    [problem] = problems
    assert problem.message == "apart group 1 lists 'nowhere', which is no question here"
    assert line_of(data, problem) == "- nowhere"


def test_an_id_listed_twice_in_a_group_is_an_error():
    data = with_apart([["one-0", "one-1", "one-0"]])
    [problem] = load(data)[1]
    assert problem.message == "apart group 1 lists 'one-0' twice"
    assert line_of(data, problem) == "- one-0"


def test_two_parts_of_one_case_in_a_group_are_an_error():
    data = with_apart([["case-two", "case-three"]])
    [problem] = load(data)[1]
    assert "parts of the same case 'case'" in problem.message
    assert line_of(data, problem) == "- case-three"


def test_an_id_in_two_groups_is_two_separate_constraints():
    data = with_apart([["one-0", "one-1"], ["one-0", "one-2"]])
    loaded, problems = load(data)
    assert problems == []
    quiz = loaded.quiz
    forms = [set(leaf_ids(build_layout(quiz, random.Random(s)))) for s in range(300)]
    assert not any({"one-0", "one-1"} <= f or {"one-0", "one-2"} <= f for f in forms)
    assert any({"one-1", "one-2"} <= f for f in forms)


def test_a_pool_the_groups_make_too_small_is_an_error_at_its_count():
    # b.one has three-0, three-1 and the case: grouped together a form holds one of them.
    draw = [{"objective": "a.one", "count": 2}, {"objective": "b.one", "count": 2}]
    data = with_apart([["three-0", "three-1", "case"]], draw)
    [problem] = load(data)[1]
    assert problem.message == (
        "blueprint draws 2 item(s) for 'b.one' but its apart groups let a form hold at most 1"
    )
    assert line_of(data, problem) == "count: 2"


def test_groups_that_only_clash_jointly_fail_the_seeded_draws():
    # b.one needs all of three-0, three-1 and the case; a.two then needs the case and one of
    # two-0..2. Each pool's bound holds, but three-0 bars every two-x from its form.
    draw = [{"objective": "a.two", "count": 2}, {"objective": "b.one", "count": 3}]
    data = with_apart([["three-0", "two-0", "two-1", "two-2"]], draw)
    [problem] = load(data)[1]
    assert problem.message == (
        "with these apart groups only 0 of 20 seeded draws met the blueprint; loosen the "
        "groups or add items"
    )
    assert line_of(data, problem) == "- - three-0"


def test_the_shipped_final_keeps_its_enemy_items_apart_in_every_form():
    quiz = shipped_final().quiz
    assert quiz.blueprint.apart
    for seed in range(100):
        layout = build_layout(quiz, random.Random(seed))
        shown = set(leaf_ids(layout))
        for group in quiz.blueprint.apart:
            assert len(shown & set(group)) <= 1, (seed, group)
        assert blueprint.meets(quiz.blueprint, form_counts(quiz, layout))

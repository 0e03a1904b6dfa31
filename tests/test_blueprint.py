"""Blueprinted quizzes: parallel forms per attempt, pools that must be large enough."""

from __future__ import annotations

import random

import pytest
import yaml

from needlewise import attempts
from needlewise.quiz import blueprint
from needlewise.quiz.layout import build_layout, leaf_ids
from needlewise.quiz.loading import own_warnings
from needlewise.quiz_versions import quiz_of

from .builders import DRAW, add_user, bank, form_counts, load


def test_two_attempts_get_different_forms_that_both_meet_the_blueprint():
    loaded, problems = load(bank(DRAW))
    assert problems == []
    quiz = loaded.quiz
    first = build_layout(quiz, random.Random(1))
    second = build_layout(quiz, random.Random(2))
    assert set(leaf_ids(first)) != set(leaf_ids(second))
    for layout in (first, second):
        counts = form_counts(quiz, layout)
        assert blueprint.meets(quiz.blueprint, counts), counts
        assert {o: counts[o] for o in ("a.one", "a.two", "b.one")} == {
            "a.one": 2,
            "a.two": 2,
            "b.one": 1,
        }


@pytest.mark.parametrize("seed", range(40))
def test_every_form_meets_the_blueprint_and_draws_cases_whole(seed):
    quiz = load(bank(DRAW))[0].quiz
    layout = build_layout(quiz, random.Random(seed))
    assert blueprint.meets(quiz.blueprint, form_counts(quiz, layout))
    shown = leaf_ids(layout)
    assert ("case-two" in shown) == ("case-three" in shown)
    assert "elsewhere" not in shown


def test_forms_vary_across_attempts():
    quiz = load(bank(DRAW))[0].quiz
    forms = {frozenset(leaf_ids(build_layout(quiz, random.Random(s)))) for s in range(30)}
    assert len(forms) > 10


def test_a_case_that_would_overshoot_is_taken_only_when_needed():
    # b.one needs 3: both plain b.one questions and the case's b.one part, so the case
    # (which also brings an a.two item) must be in every form.
    draw = [{"objective": "a.two", "count": 1}, {"objective": "b.one", "count": 3}]
    quiz = load(bank(draw))[0].quiz
    for seed in range(10):
        counts = form_counts(quiz, build_layout(quiz, random.Random(seed)))
        assert counts["b.one"] == 3 and counts["a.two"] == 1


def test_a_pool_smaller_than_its_draw_is_an_error_naming_the_objective():
    draw = [{"objective": "a.one", "count": 2}, {"objective": "b.one", "count": 5}]
    _, problems = load(bank(draw))
    assert [p.message for p in problems] == [
        "blueprint draws 5 item(s) for 'b.one' but its pool has only 3 (2 missing); "
        "an item belongs to the pool of its first objective"
    ]
    [problem] = problems
    text = yaml.safe_dump(bank(draw), sort_keys=False).splitlines()
    assert text[problem.line - 1].strip() == "count: 5"


def test_questions_outside_the_blueprint_get_a_warning():
    loaded, _ = load(bank(DRAW))
    [warning] = own_warnings(loaded)
    assert "1 question(s) belong to no objective the blueprint draws" in warning.message
    assert warning.message.endswith("elsewhere")


def test_blueprint_and_draw_are_mutually_exclusive():
    loaded, problems = load(bank(DRAW, draw={"count": 3}))
    assert loaded is None
    assert any("give either 'draw' or 'blueprint', not both" in p.message for p in problems)


def test_an_objective_listed_twice_is_refused():
    loaded, problems = load(bank([*DRAW, {"objective": "a.one", "count": 1}]))
    assert loaded is None
    assert any("listed more than once: a.one" in p.message for p in problems)


def test_the_attempt_records_the_drawn_form(engine):
    loaded = load(bank(DRAW))[0]
    user = add_user(engine, "tess")
    attempt = attempts.start_or_resume(engine, user.id, loaded, 50, rng=random.Random(5))
    quiz = quiz_of(engine, attempt)
    counts = form_counts(quiz, attempt.layout)
    assert blueprint.meets(quiz.blueprint, counts)
    shown = leaf_ids(attempt.layout)
    assert attempt.max_points == len(shown) < sum(1 for _ in quiz.leaves())


def test_check_names_an_unknown_blueprint_objective(tmp_path):
    from needlewise.content import load_content

    from .builders import write_course

    content_dir, quizzes_dir = write_course(tmp_path)
    data = bank([{"objective": "a.one", "count": 1}, {"objective": "z.nowhere", "count": 1}])
    (quizzes_dir / "extra.yaml").write_text(yaml.safe_dump({**data, "id": "extra"}))
    content = load_content(content_dir, quizzes_dir, base=tmp_path)
    messages = [str(p) for p in content.problems if p.path == "quizzes/extra.yaml"]
    assert any(m.endswith("unknown objective 'z.nowhere'") for m in messages), messages
    assert any("'z.nowhere' but its pool has only 0 (1 missing)" in m for m in messages)

"""Preview as a trainee: the same draw, shuffles, limits, deadlines and marks as a stored
attempt, and nothing written anywhere (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from datetime import timedelta
from types import SimpleNamespace

import pytest

from needlewise import attempts, clock, quiz_bank
from needlewise.attempt_rules import AlreadyChecked, AttemptError, NoAttemptsLeft, TimeUp
from needlewise.preview import Preview, PreviewError, preview_source
from needlewise.quiz.layout import leaf_ids
from needlewise.quiz.schema import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortTextQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from needlewise.quiz.scoring import correct_response

from .builders import Person, add_user, load_test_course, row_counts, shipped_content

CONTENT = shipped_content()


def guess(question, slot) -> dict | None:
    """A first-option guess: right, partly right or wrong depending on the question."""
    if isinstance(question, SingleQuestion):
        return {"choice": slot["options"][0]}
    if isinstance(question, MultipleQuestion):
        return {"choices": slot["options"][:2]}
    if isinstance(question, TrueFalseQuestion):
        return {"value": False}
    if isinstance(question, NumericQuestion):
        return {"text": "1"}
    if isinstance(question, ShortTextQuestion):
        return {"text": "not sure"}
    if isinstance(question, MatchingQuestion):
        return {"matches": [slot["choices"][0]] * len(question.pairs)}
    if isinstance(question, OrderingQuestion):
        return {"order": slot["items"]}
    raise AssertionError(f"no guess for {question.type}")


def slots(layout) -> dict[str, dict]:
    found = {}
    for slot in layout:
        for part in slot.get("parts", [slot]):
            found[part["id"]] = part
    return found


def mixed_answers(quiz, layout) -> dict[str, dict | None]:
    """Every third question right, every third a guess, the rest left unanswered."""
    shown = slots(layout)
    answers = {}
    for index, question_id in enumerate(leaf_ids(layout)):
        question = quiz.leaf(question_id)
        if index % 3 == 0:
            answers[question_id] = correct_response(question)
        elif index % 3 == 1:
            answers[question_id] = guess(question, shown[question_id])
    return answers


@pytest.mark.parametrize(
    "quiz_id", [*(m.quiz for m in CONTENT.course.modules), CONTENT.course.final_assessment]
)
def test_a_preview_scores_exactly_as_a_stored_attempt_of_the_same_answers(engine, quiz_id):
    loaded = CONTENT.quizzes[quiz_id]
    trainee = add_user(engine, "tess")
    instructor = add_user(engine, "ian", roles=("instructor",))
    stored = attempts.start_or_resume(engine, trainee.id, loaded, 80, rng=random.Random(7))
    answers = mixed_answers(loaded.quiz, stored.layout)
    attempts.save_many(engine, stored.id, trainee.id, answers)
    stored = attempts.submit(engine, stored.id, trainee.id)
    kept = attempts.saved_responses(engine, stored.id)
    before = row_counts(engine)

    preview = Preview(loaded, instructor.id)
    sitting = preview.sitting(preview.start(80, rng=random.Random(7)).id)
    assert sitting.attempt.layout == stored.layout
    for question_id, response in answers.items():
        sitting.save(question_id, response)
    result = sitting.submit()

    assert row_counts(engine) == before
    assert result.id < 0
    for field in ("quiz_version", "layout", "max_points", "pass_mark", "timed_out", "passed"):
        assert getattr(result, field) == getattr(stored, field), field
    assert result.points == pytest.approx(stored.points)
    assert result.percent == pytest.approx(stored.percent)
    assert 0 < stored.percent < 100
    shown = sitting.saved()
    assert set(shown) == set(kept) == set(leaf_ids(stored.layout))
    for question_id, row in kept.items():
        mine = shown[question_id]
        assert (mine.response, mine.checked) == (row.response, row.checked), question_id
        assert mine.fraction == pytest.approx(row.fraction), question_id
        assert mine.points == pytest.approx(row.points), question_id
        assert mine.max_points == row.max_points


def test_feedback_after_each_locks_a_checked_answer_and_keeps_its_mark(engine, tmp_path):
    loaded = load_test_course(tmp_path, feedback="after_each").quizzes["a-quiz"]
    trainee = add_user(engine, "tess")
    stored = attempts.start_or_resume(engine, trainee.id, loaded, 50, rng=random.Random(3))
    preview = Preview(loaded, trainee.id)
    opened = preview.start(50, rng=random.Random(3))
    single = loaded.quiz.leaf("a-single")
    wrong = {"choice": 1}
    for save, check in (
        (
            lambda q, r: attempts.save(engine, stored.id, trainee.id, q, r),
            lambda q: attempts.check(engine, stored.id, trainee.id, q),
        ),
        (lambda q, r: preview.save(opened.id, q, r), lambda q: preview.check(opened.id, q)),
    ):
        with pytest.raises(AttemptError, match="Answer the question before checking it"):
            check(single.id)
        save(single.id, wrong)
        outcome = check(single.id)
        assert outcome.fraction == 0 and outcome.feedback == ("Not this one.",)
        with pytest.raises(AlreadyChecked, match="can no longer change"):
            save(single.id, {"choice": 0})
        with pytest.raises(AlreadyChecked, match="already checked"):
            check(single.id)
    done = attempts.submit(engine, stored.id, trainee.id)
    previewed = preview.submit(opened.id)
    assert previewed.percent == done.percent == 0
    assert preview.saved(opened.id)["a-single"].checked


def test_a_preview_keeps_the_attempt_limit_the_deadline_and_one_submit(tmp_path):
    loaded = load_test_course(tmp_path, attempts=2, time_limit_minutes=10).quizzes["a-quiz"]
    preview = Preview(loaded, 1)
    start = clock.now()
    first = preview.start(50, now=start)
    assert first.deadline_at == start + timedelta(minutes=10)
    assert preview.start(50, now=start + timedelta(minutes=1)) == first, "an open one resumes"
    preview.save(first.id, "a-tf", {"value": True}, now=start + timedelta(minutes=2))
    late = start + timedelta(minutes=11)
    with pytest.raises(TimeUp):
        preview.save(first.id, "a-single", {"choice": 0}, now=late)
    with pytest.raises(AttemptError, match="not part of this attempt"):
        preview.save(first.id, "b-single", {"choice": 0}, now=start)
    handed_in = preview.finalise_overdue(now=late)
    assert handed_in is not None and handed_in.timed_out
    assert handed_in.submitted_at == first.deadline_at and handed_in.percent == 50
    assert preview.submit(first.id, now=late + timedelta(minutes=5)) == handed_in
    second = preview.start(50, now=late)
    preview.submit(second.id, now=late)
    with pytest.raises(NoAttemptsLeft, match="all 2 attempts"):
        preview.start(50, now=late)
    status = preview.status(50)
    assert status.attempts_left == 0 and status.grade == 50 and status.passed


def test_the_preview_reads_the_quiz_it_is_asked_for_or_says_why_not(tmp_path, sqlite_engine):
    course = load_test_course(tmp_path)
    context = SimpleNamespace(content=course, engine=sqlite_engine)
    loaded = course.quizzes["b-quiz"]
    assert preview_source(context, "b-quiz", None) is loaded
    assert preview_source(context, "b-quiz", loaded.version) is loaded
    with pytest.raises(PreviewError, match="No quiz was chosen"):
        preview_source(context, "", None)
    with pytest.raises(PreviewError, match="There is no quiz 'nope'"):
        preview_source(context, "nope", None)
    with pytest.raises(PreviewError, match="Version 0123456789ab of quiz 'b-quiz' is not"):
        preview_source(context, "b-quiz", "0123456789abcdef")


def test_the_preview_reads_drafts_and_versions_written_in_the_studio(tmp_path, engine):
    course = load_test_course(tmp_path)
    context = SimpleNamespace(content=course, engine=engine)
    files = set(course.quizzes)
    first = quiz_bank.template("c-extra", "Extra practice", "a", "a.one")
    quiz_bank.save_draft(
        engine, "c-extra", first, author=Person("ines", ("instructor",)), file_ids=files
    )
    quiz_bank.save_draft(
        engine,
        "c-extra",
        first.replace("Extra practice", "Extra practice, again"),
        author=Person("ines", ("instructor",)),
        file_ids=files,
    )
    assert preview_source(context, "c-extra", None).quiz.title == "Extra practice, again"
    assert preview_source(context, "c-extra", "1").quiz.title == "Extra practice"
    with pytest.raises(PreviewError, match="There is no quiz 'c-extra' to preview"):
        preview_source(context, "c-extra", "7")


def test_an_answer_that_gives_nothing_is_kept_as_no_answer_in_an_attempt_and_a_preview(engine):
    """Every box unticked again (or a browser sending a control's untouched value back) is
    no answer, as the summary says; a matching with one pair chosen is kept."""
    loaded = CONTENT.quizzes[CONTENT.course.modules[0].quiz]
    quiz = loaded.quiz
    by_type = {type(q).__name__: q for _, q in quiz.leaves()}
    matching = by_type["MatchingQuestion"]
    nothing = {
        by_type["MultipleQuestion"].id: {"choices": []},
        by_type["OrderingQuestion"].id: {"order": []},
        by_type["ShortTextQuestion"].id: {"text": ""},
        matching.id: {"matches": [None] * len(matching.pairs)},
    }
    partly = {"matches": [0] + [None] * (len(matching.pairs) - 1)}
    trainee = add_user(engine, "tess")
    stored = attempts.start_or_resume(engine, trainee.id, loaded, 80, rng=random.Random(3))
    preview = Preview(loaded, trainee.id)
    sitting = preview.sitting(preview.start(80, rng=random.Random(3)).id)
    for question_id, response in nothing.items():
        attempts.save(engine, stored.id, trainee.id, question_id, response)
        sitting.save(question_id, response)
    for kept in (attempts.saved_responses(engine, stored.id), sitting.saved()):
        assert {q: kept[q].response for q in nothing} == dict.fromkeys(nothing)
    attempts.save(engine, stored.id, trainee.id, matching.id, partly)
    sitting.save(matching.id, partly)
    assert attempts.saved_responses(engine, stored.id)[matching.id].response == partly
    assert sitting.saved()[matching.id].response == partly

"""Regrading submitted attempts after a quiz's answer key is corrected: the dry run says
what would change, applying it changes that in one transaction (answers, marks, marks per
objective, the trainee's mastery, an audit entry), and applying it again changes nothing."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select, text

from needlewise import audit, mastery, regrade
from needlewise.attempts import Attempt, get, save_many, saved_responses, start_or_resume, submit
from needlewise.errors import NotAllowed
from needlewise.quiz.loading import LoadedQuiz
from needlewise.store import open_store
from needlewise.store.schema import attempt_objectives, attempts, certificates, responses

from .builders import Person, add_user, parsed, row_counts

# The first version's keys are wrong for rq-single (A, not B) and rq-multi (Q, not R);
# rq-moved's options are rewritten in the correction, so answers to it cannot be re-read.
FIRST = """\
id: rq
title: Regrade quiz
shuffle: false
questions:
  - id: rq-single
    type: single
    prompt: Which one?
    objectives: [o.one]
    options:
      - {text: A, correct: true}
      - {text: B}
      - {text: C}
  - id: rq-multi
    type: multiple
    prompt: Which ones?
    objectives: [o.two]
    options:
      - {text: P, correct: true}
      - {text: Q, correct: true}
      - {text: R}
  - id: rq-moved
    type: single
    prompt: Which again?
    objectives: [o.two]
    options:
      - {text: X, correct: true}
      - {text: Y}
  - id: rq-tf
    type: true_false
    prompt: True?
    objectives: [o.one]
    answer: true
"""
CORRECTED = (
    FIRST.replace("{text: A, correct: true}", "{text: A}")
    .replace("{text: B}", "{text: B, correct: true}")
    .replace("{text: Q, correct: true}", "{text: Q}")
    .replace("{text: R}", "{text: R, correct: true}")
    .replace(
        "{text: X, correct: true}\n      - {text: Y}",
        "{text: Y2}\n      - {text: X, correct: true}",
    )
)
# Ann: B, P+R, Y, true. First key: 0 + 0 + 0 + 1 = 25%. Corrected: 1 + 1 + (kept 0) + 1 = 75%.
ANN = {
    "rq-single": {"choice": 1},
    "rq-multi": {"choices": [0, 2]},
    "rq-moved": {"choice": 1},
    "rq-tf": {"value": True},
}
# Bob: A, P+Q, X, true. First key: 100%. Corrected: 0 + 0 + (kept 1) + 1 = 50%.
BOB = {
    "rq-single": {"choice": 0},
    "rq-multi": {"choices": [0, 1]},
    "rq-moved": {"choice": 0},
    "rq-tf": {"value": True},
}
ADMIN = Person("ada", ("admin",))
PASS_MARK = 60


def taken(engine, trainee, quiz: LoadedQuiz, answers: dict):
    attempt = start_or_resume(engine, trainee.id, quiz, PASS_MARK)
    save_many(engine, attempt.id, trainee.id, answers)
    return submit(engine, attempt.id, trainee.id)


@dataclass(frozen=True)
class Course:
    ann: Any
    bob: Any
    ann_attempt: Attempt
    bob_attempt: Attempt
    corrected: LoadedQuiz


@pytest.fixture
def course(engine) -> Course:
    """Ann and Bob each submitted an attempt on the first version; the key is corrected."""
    ann, bob = add_user(engine, "ann"), add_user(engine, "bob")
    first, corrected = parsed(FIRST), parsed(CORRECTED)
    return Course(
        ann, bob, taken(engine, ann, first, ANN), taken(engine, bob, first, BOB), corrected
    )


def objectives_of(engine, attempt_id: int) -> dict[str, tuple[float, float]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(attempt_objectives).where(attempt_objectives.c.attempt_id == attempt_id)
        ).all()
    return {row.objective: (row.earned, row.possible) for row in rows}


def test_the_dry_run_says_what_would_change_and_writes_nothing(engine, course):
    assert (course.ann_attempt.percent, course.bob_attempt.percent) == (25.0, 100.0)
    before = row_counts(engine)

    found = regrade.plan(engine, course.corrected)

    assert found.earlier == 2
    assert found.keys_changed == ("rq-moved", "rq-multi", "rq-single")
    assert list(found.not_regradable) == ["rq-moved"]
    assert "not in the current version at the same place" in found.not_regradable["rq-moved"]
    by_name = {c.username: c for c in found.changes}
    assert (by_name["ann"].old_percent, by_name["ann"].new_percent) == (25.0, 75.0)
    assert (by_name["ann"].passed_before, by_name["ann"].passed_after) == (False, True)
    assert by_name["ann"].questions == ("rq-multi", "rq-single")
    assert by_name["ann"].not_regradable == ("rq-moved",)
    assert (by_name["bob"].old_percent, by_name["bob"].new_percent) == (100.0, 50.0)
    assert by_name["bob"].pass_to_fail
    assert by_name["bob"].trainee == "Bob" and by_name["bob"].number == 1
    assert row_counts(engine) == before
    assert get(engine, course.ann_attempt.id) == course.ann_attempt


def test_applying_rescores_single_and_multiple_answers_and_keeps_the_unreadable(engine, course):
    now = datetime(2026, 12, 2, 9, 30)

    regrade.apply(engine, course.corrected, actor=ADMIN, instructors_publish=False, now=now)

    after = get(engine, course.ann_attempt.id)
    assert after is not None
    assert (after.points, after.percent, after.passed) == (3.0, 75.0, True)
    assert (after.regraded_at, after.regraded_with) == (now, course.corrected.version)
    assert after.quiz_version == course.ann_attempt.quiz_version
    saved = saved_responses(engine, course.ann_attempt.id)
    assert {q: r.fraction for q, r in saved.items()} == {
        "rq-single": 1.0,
        "rq-multi": 1.0,
        "rq-moved": 0.0,
        "rq-tf": 1.0,
    }
    assert saved["rq-multi"].response == {"choices": [0, 2]}
    bob_after = get(engine, course.bob_attempt.id)
    assert bob_after is not None
    assert (bob_after.percent, bob_after.passed) == (50.0, False)
    assert saved_responses(engine, course.bob_attempt.id)["rq-moved"].fraction == 1.0


def test_marks_per_objective_and_mastery_equal_a_recomputation(engine, course):
    regrade.apply(engine, course.corrected, actor=ADMIN, instructors_publish=False)

    assert objectives_of(engine, course.ann_attempt.id) == {
        "o.one": (2.0, 2.0),
        "o.two": (1.0, 2.0),
    }
    assert objectives_of(engine, course.bob_attempt.id) == {
        "o.one": (1.0, 2.0),
        "o.two": (1.0, 2.0),
    }
    kept = mastery.mastery_table(engine).sort_values(["user_id", "objective"])
    recomputed = mastery.recomputed_mastery_table(engine).sort_values(["user_id", "objective"])
    assert kept[["user_id", "objective", "earned", "possible"]].values.tolist() == (
        recomputed[["user_id", "objective", "earned", "possible"]].values.tolist()
    )
    assert mastery.for_user(engine, course.ann.id) == {"o.one": 100.0, "o.two": 50.0}


def test_applying_twice_changes_nothing_the_second_time(engine, course):
    first = regrade.apply(engine, course.corrected, actor=ADMIN, instructors_publish=False)
    assert len(first.changes) == 2
    with engine.connect() as connection:
        before = (
            connection.execute(select(attempts).order_by(attempts.c.id)).all(),
            connection.execute(select(responses).order_by(responses.c.attempt_id)).all(),
        )
    counts = row_counts(engine)

    second = regrade.apply(engine, course.corrected, actor=ADMIN, instructors_publish=False)

    assert second.changes == ()
    assert regrade.plan(engine, course.corrected).changes == ()
    with engine.connect() as connection:
        after = (
            connection.execute(select(attempts).order_by(attempts.c.id)).all(),
            connection.execute(select(responses).order_by(responses.c.attempt_id)).all(),
        )
    assert after == before
    assert row_counts(engine) == counts


def test_one_audit_entry_names_the_quiz_versions_questions_and_attempts(engine, course):
    regrade.apply(engine, course.corrected, actor=ADMIN, instructors_publish=False)

    [entry] = audit.entries(engine, actions=["attempts_regraded"])
    assert (entry.actor, entry.target) == ("ada", "rq")
    assert f"from version {course.ann_attempt.quiz_version[:12]}" in entry.detail
    assert f"to version {course.corrected.version[:12]}" in entry.detail
    assert "questions rq-moved, rq-multi, rq-single" in entry.detail
    assert "ann attempt 1: 25% → 75%" in entry.detail
    assert "bob attempt 1: 100% → 50%" in entry.detail


def test_an_instructor_may_not_regrade_when_instructors_may_not_publish(engine, course):
    ian = Person("ian", ("instructor",))
    counts = row_counts(engine)

    with pytest.raises(NotAllowed, match="Only the people who may publish quizzes"):
        regrade.apply(engine, course.corrected, actor=ian, instructors_publish=False)

    assert row_counts(engine) == counts
    assert get(engine, course.ann_attempt.id) == course.ann_attempt
    assert regrade.apply(engine, course.corrected, actor=ian, instructors_publish=True).changes


def test_a_pass_turned_fail_names_the_holder_of_an_unrevoked_certificate(engine, course):
    with engine.begin() as connection:
        connection.execute(
            certificates.insert().values(
                code="BOB-1",
                user_id=course.bob.id,
                number=1,
                issued_at=datetime(2026, 11, 1),
                expires_at=datetime(2028, 11, 1),
                snapshot={},
            )
        )

    assert regrade.plan(engine, course.corrected).certificate_holders == ("Bob",)
    with engine.begin() as connection:
        connection.execute(certificates.update().values(revoked_at=datetime(2026, 11, 2)))
    assert regrade.plan(engine, course.corrected).certificate_holders == ()


def test_an_attempt_handed_in_after_a_regrade_on_the_old_version_is_regraded_next(engine, course):
    cy = add_user(engine, "cy")
    # Cy started on the first version before the correction, and hands in after the regrade.
    started = start_or_resume(engine, cy.id, parsed(FIRST), PASS_MARK)
    save_many(engine, started.id, cy.id, BOB)
    regrade.apply(engine, course.corrected, actor=ADMIN, instructors_publish=False)
    handed_in = submit(engine, started.id, cy.id)
    assert handed_in.percent == 100.0

    again = regrade.apply(engine, course.corrected, actor=ADMIN, instructors_publish=False)

    assert [c.username for c in again.changes] == ["cy"]
    cy_after = get(engine, started.id)
    assert cy_after is not None and cy_after.percent == 50.0
    assert mastery.for_user(engine, cy.id) == {"o.one": 50.0, "o.two": 50.0}


def test_the_review_shows_the_key_that_now_scores_each_question(engine, course):
    regrade.apply(
        engine,
        course.corrected,
        actor=ADMIN,
        instructors_publish=False,
        now=datetime(2026, 12, 2, 9),
    )
    attempt = get(engine, course.ann_attempt.id)
    assert attempt is not None

    quiz = regrade.scoring_quiz(engine, attempt, saved_responses(engine, attempt.id))

    assert [o.correct for o in quiz.leaf("rq-single").options] == [False, True, False]
    assert [o.correct for o in quiz.leaf("rq-multi").options] == [True, False, True]
    # Not re-scored: still the key it was marked with.
    assert [o.text for o in quiz.leaf("rq-moved").options] == ["X", "Y"]
    assert regrade.note(engine, attempt, "UTC") == (
        "Regraded on 02 Dec 2026 with the corrected answer key "
        f"(version {course.corrected.version[:12]})."
    )
    assert regrade.note(engine, course.ann_attempt, "UTC") is None


def test_nothing_to_regrade_when_only_words_changed(engine):
    ann = add_user(engine, "ann")
    taken(engine, ann, parsed(FIRST), ANN)
    reworded = parsed(
        FIRST.replace("prompt: Which one?", "prompt: Which one is it?").replace(
            "{text: C}", "{text: C.}"
        )
    )

    found = regrade.plan(engine, reworded)

    assert (found.earlier, found.keys_changed, found.changes) == (1, (), ())


def test_options_swapped_with_their_key_are_a_changed_key():
    first = parsed(FIRST).quiz.leaf("rq-moved")
    swapped = parsed(
        FIRST.replace(
            "{text: X, correct: true}\n      - {text: Y}",
            "{text: Y, correct: true}\n      - {text: X}",
        )
    ).quiz.leaf("rq-moved")

    assert regrade.scoring_differs(first, swapped)
    assert regrade.unreadable(first, swapped, {"choice": 0}) is not None
    assert regrade.unreadable(first, swapped, None) is None


def test_the_studio_is_told_which_quizzes_have_attempts_scored_with_an_old_key(engine, course):
    shown = SimpleNamespace(quizzes={"rq": course.corrected})

    [found] = regrade.outstanding(engine, shown)  # type: ignore[arg-type]
    assert (found.quiz_id, found.attempts, found.questions) == (
        "rq",
        2,
        ("rq-moved", "rq-multi", "rq-single"),
    )
    regrade.apply(engine, course.corrected, actor=ADMIN, instructors_publish=False)
    assert regrade.outstanding(engine, shown) == []  # type: ignore[arg-type]


def test_the_studio_is_not_told_of_attempts_no_regrade_can_change(engine, course):
    # Only rq-moved's key changed, and its options were rewritten: no answer can be read
    # against the new version, so a regrade would change nothing and nothing is pointed out.
    only_moved = parsed(
        FIRST.replace(
            "{text: X, correct: true}\n      - {text: Y}",
            "{text: Y2}\n      - {text: X, correct: true}",
        )
    )
    shown = SimpleNamespace(quizzes={"rq": only_moved})

    assert regrade.plan(engine, only_moved).keys_changed == ("rq-moved",)
    assert regrade.outstanding(engine, shown) == []  # type: ignore[arg-type]


@pytest.mark.postgres
def test_a_submit_racing_a_regrade_waits_for_it_and_neither_is_lost(pg_url, monkeypatch):
    """Ann hands in her second attempt (on the corrected version) while a regrade of her
    first has locked what it changes and not yet written: her submit waits for the
    regrade's lock on her row, as two submits of hers wait for each other, then goes ahead;
    both are kept and her mastery is that of her latest attempt. (SQLite lets one writer in
    at a time already.)"""
    engine = open_store(pg_url)
    ann = add_user(engine, "ann")
    first, corrected = parsed(FIRST), parsed(CORRECTED)
    old = taken(engine, ann, first, ANN)
    second = start_or_resume(engine, ann.id, corrected, PASS_MARK)
    save_many(engine, second.id, ann.id, BOB)
    real_remember = regrade.remember_version
    paused, go_on = threading.Event(), threading.Event()

    def remember_after_a_pause(*args, **kwargs):
        # Inside the regrade's transaction, once it locked what it changes, before writing.
        paused.set()
        assert go_on.wait(60)
        real_remember(*args, **kwargs)

    monkeypatch.setattr(regrade, "remember_version", remember_after_a_pause)
    regrading = threading.Thread(
        target=regrade.apply,
        args=(engine, corrected),
        kwargs={"actor": ADMIN, "instructors_publish": False},
    )
    regrading.start()
    assert paused.wait(60)
    handed_in: list = []
    submitting = threading.Thread(
        target=lambda: handed_in.append(submit(engine, second.id, ann.id))
    )
    submitting.start()
    with engine.connect() as connection:
        waiting = 0
        for _ in range(300):
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            if waiting:
                break
            connection.rollback()
            threading.Event().wait(0.1)
    assert waiting == 1, "the submit did not wait for the regrade's lock"
    go_on.set()
    regrading.join(60)
    submitting.join(60)

    [done] = handed_in
    assert (done.state, done.percent) == ("submitted", 25.0)
    regraded = get(engine, old.id)
    assert regraded is not None and regraded.percent == 75.0
    kept = mastery.mastery_table(engine)[["user_id", "objective", "earned", "possible"]]
    recomputed = mastery.recomputed_mastery_table(engine)
    assert kept.values.tolist() == (
        recomputed[["user_id", "objective", "earned", "possible"]].values.tolist()
    )
    assert mastery.for_user(engine, ann.id) == {"o.one": 50.0, "o.two": 0.0}
    engine.dispose()


PAIRS = """\
id: pq
title: Pairs and order
questions:
  - id: pq-match
    type: matching
    prompt: Match them.
    pairs:
      - {left: one, right: x}
      - {left: two, right: y}
    distractors: [z]
  - id: pq-order
    type: ordering
    prompt: Put them in order.
    items: [first, second, third]
"""


def test_matching_and_ordering_answers_are_rescored_only_when_they_read_the_same():
    old = parsed(PAIRS).quiz
    swapped = parsed(PAIRS.replace("right: x}", "right: w}")).quiz
    all_or_nothing = parsed(PAIRS.replace("[z]\n", "[z]\n    scoring: all_or_nothing\n")).quiz
    reordered = parsed(PAIRS.replace("[first, second, third]", "[second, first, third]")).quiz
    answer = {"matches": [0, 2]}  # one → x, two → z

    assert regrade.scoring_differs(old.leaf("pq-match"), swapped.leaf("pq-match"))
    # The choice x the answer names is gone from its place: its mark cannot be re-read.
    assert regrade.unreadable(old.leaf("pq-match"), swapped.leaf("pq-match"), answer)
    # An answer naming only y, where it was, reads the same.
    assert (
        regrade.unreadable(old.leaf("pq-match"), swapped.leaf("pq-match"), {"matches": [1]}) is None
    )
    # Same pairs, scored all or nothing now: the same answer reads the same.
    assert regrade.scoring_differs(old.leaf("pq-match"), all_or_nothing.leaf("pq-match"))
    assert regrade.unreadable(old.leaf("pq-match"), all_or_nothing.leaf("pq-match"), answer) is None
    assert regrade.scoring_differs(old.leaf("pq-order"), reordered.leaf("pq-order"))
    assert regrade.unreadable(
        old.leaf("pq-order"), reordered.leaf("pq-order"), {"order": [0, 1, 2]}
    )

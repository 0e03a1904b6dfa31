"""Reads that every run makes share one connection: the caller's, when it passes one."""

from __future__ import annotations

from sqlalchemy import event

from needlewise import attempts, progress, quiz_bank, quiz_placement, quiz_versions, settings
from needlewise.acting import Operator
from needlewise.store.engine import reading
from needlewise.ui.context import bank_revision

from .builders import add_user, shipped_content


def _checkouts(engine) -> list[int]:
    taken: list[int] = []
    event.listen(engine, "checkout", lambda *_: taken.append(1))
    return taken


def test_reading_uses_the_callers_connection_or_opens_one(engine):
    with engine.connect() as connection, reading(connection) as used:
        assert used is connection
    taken = _checkouts(engine)
    with reading(engine) as used:
        assert used.engine is engine
    assert len(taken) == 1


def test_a_runs_settings_and_course_version_come_through_one_connection(engine):
    admin = add_user(engine, "ada", roles=("admin",))
    settings.save(engine, {"inactive_days": 21}, Operator(admin.username))
    alone = (bank_revision(engine), settings.read_all(engine))
    taken = _checkouts(engine)
    with engine.connect() as connection:
        together = (bank_revision(connection), settings.read_all(connection))
        assert quiz_placement.placements(connection) == quiz_placement.placements(engine)
        assert quiz_bank.revision(connection) == quiz_bank.revision(engine)
    assert together == alone
    assert together[1].inactive_days == 21
    # One for the shared reads, one each for the two reads through the engine.
    assert len(taken) == 3


def test_a_trainees_course_status_reads_lessons_and_pass_marks_through_one_connection(engine):
    content = shipped_content()
    tess = add_user(engine, "tess")
    first = content.course.modules[0]
    for lesson in first.lessons:
        progress.mark_read(engine, tess.id, lesson)
    taken = _checkouts(engine)
    status = progress.course_status(engine, content, tess.id, all_attempts=[])
    assert len(taken) == 1
    assert set(status.read) == set(first.lessons)
    assert status.modules[0].quiz is not None and status.modules[0].quiz.open


def test_the_quiz_of_an_attempt_takes_a_connection_only_for_a_version_not_yet_read(engine):
    content = shipped_content()
    tess = add_user(engine, "tess")
    loaded = content.quizzes[content.course.modules[0].quiz]
    attempt = attempts.start_or_resume(engine, tess.id, loaded, 80)
    taken = _checkouts(engine)
    assert quiz_versions.quiz_of(engine, attempt) == loaded.quiz
    assert taken == []
    quiz_versions._definitions.clear()  # as in a server process started since
    assert quiz_versions.quiz_of(engine, attempt) == loaded.quiz
    assert quiz_versions.quiz_of(engine, attempt) == loaded.quiz
    assert len(taken) == 1

"""An instructor grants a trainee extra time on timed quizzes (WCAG 2.2.1): new attempts
get the longer deadline, running ones keep theirs, and every change is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from needlewise import attempts, time_extensions
from needlewise.store.schema import audit_log
from needlewise.time_extensions import ExtensionError

from .builders import add_user, load_test_course


@pytest.fixture
def timed(tmp_path):
    return load_test_course(tmp_path, time_limit_minutes=20).quizzes["a-quiz"]


def test_extra_time_lengthens_new_attempts_only_and_is_audited(engine, timed):
    trainee = add_user(engine, "tess")
    other = add_user(engine, "tom")
    instructor = add_user(engine, "ian", roles=("instructor",))
    running = attempts.start_or_resume(engine, trainee.id, timed, 50)
    assert running.deadline_at - running.started_at == timedelta(minutes=20)

    time_extensions.grant(engine, trainee.id, 50, actor=instructor)
    again = attempts.start_or_resume(engine, trainee.id, timed, 50)
    assert again.id == running.id and again.deadline_at == running.deadline_at
    attempts.submit(engine, running.id, trainee.id)

    longer = attempts.start_or_resume(engine, trainee.id, timed, 50)
    assert longer.deadline_at - longer.started_at == timedelta(minutes=30)
    plain = attempts.start_or_resume(engine, other.id, timed, 50)
    assert plain.deadline_at - plain.started_at == timedelta(minutes=20)

    time_extensions.grant(engine, trainee.id, 0, actor=instructor)
    assert time_extensions.all_extensions(engine) == {}
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit_log.c.actor, audit_log.c.target, audit_log.c.detail)
            .where(audit_log.c.action == "time_extension_set")
            .order_by(audit_log.c.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("ian", "tess", "extra time on timed quizzes: 0% → 50%"),
        ("ian", "tess", "extra time on timed quizzes: 50% → 0%"),
    ]


def test_extra_time_out_of_range_or_for_nobody_is_refused_and_changes_nothing(engine):
    instructor = add_user(engine, "ian", roles=("instructor",))
    trainee = add_user(engine, "tess")
    with pytest.raises(ExtensionError, match="between 0% and 300%"):
        time_extensions.grant(engine, trainee.id, 400, actor=instructor)
    with pytest.raises(ExtensionError, match="no trainee with id 9999"):
        time_extensions.grant(engine, 9999, 25, actor=instructor)
    assert time_extensions.all_extensions(engine) == {}


def test_an_untimed_quiz_stays_untimed_with_extra_time():
    assert time_extensions.time_limit(None, 50) is None
    assert time_extensions.time_limit(10, 25) == timedelta(minutes=12.5)


def test_the_migrated_table_matches_the_schema(engine):
    columns = {c["name"] for c in inspect(engine).get_columns("time_extensions")}
    assert columns == {"user_id", "extra_percent", "set_by", "set_at"}

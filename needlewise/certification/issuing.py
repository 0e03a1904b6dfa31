"""Bringing a trainee's record together for completion and their certificate."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from .. import clock
from ..accounts import User
from ..content import Content
from ..logbook.certification import progress
from ..progress import course_status
from ..settings import ClinicSettings, read_all
from . import records, signoffs
from .rules import CompletionStatus, completion


def trainee_completion(engine: Engine, content: Content, user: User) -> CompletionStatus:
    if not content.course_available:
        # The stand-in course asks for nothing; it must not read as everything done.
        return CompletionStatus(("The course is unavailable until an instructor fixes it",), None)
    status = course_status(engine, content, user.id)
    settings = read_all(engine)
    logbook = progress(engine, user.id, settings) if settings.logbook_for_certificate else None
    return completion(content.course, status, signoffs.active(engine, user.id), logbook)


def snapshot(engine: Engine, content: Content, user: User, settings: ClinicSettings) -> dict:
    """What the certificate states, frozen when it is issued."""
    signed = signoffs.active(engine, user.id)
    titles = {c.id: c.title for c in content.course.competencies}
    logbook = progress(engine, user.id, settings)
    return {
        "logbook": {"countersigned": logbook.accepted, "supervisors": list(logbook.supervisors)},
        "trainee": user.name,
        "course": content.course.title,
        "clinic": settings.clinic_name,
        "competencies": [
            {
                "title": titles.get(s.competency_id, s.competency_id),
                "signed_by": s.signer_name,
                "observed_on": s.observed_on.date().isoformat(),
            }
            for s in signed.values()
        ],
    }


def certificate_for(
    engine: Engine,
    content: Content,
    user: User,
    settings: ClinicSettings,
    now: datetime | None = None,
) -> records.Certificate | None:
    """Issue (or return) the trainee's certificate once the completion rule is met."""
    done = trainee_completion(engine, content, user)
    if not done.complete:
        return None
    months = settings.certificate_validity_months or content.course.certificate_validity_months
    # A rule that asks for nothing with a date (no quizzes, no sign-offs) completes now.
    completed_on = done.completed_on or now or clock.now()
    return records.issue(
        engine, user, snapshot(engine, content, user, settings), completed_on, months, now
    )

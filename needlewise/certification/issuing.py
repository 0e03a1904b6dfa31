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
                "competency_id": s.competency_id,
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
    """The trainee's valid certificate, or a new one once the completion rule is met.

    A certificate that was issued stays theirs until it expires or an administrator revokes
    it, even when the record it rests on changes (a sign-off revoked since): the pages
    then show it as under review, as the verification page does."""
    current = records.held(engine, user.id, now)
    if current is not None:
        return current
    done = trainee_completion(engine, content, user)
    if not done.complete:
        return None
    months = settings.certificate_validity_months or content.course.certificate_validity_months
    # A rule that asks for nothing with a date (no quizzes, no sign-offs) completes now.
    completed_on = done.completed_on or now or clock.now()
    return records.issue(
        engine,
        user,
        snapshot(engine, content, user, settings),
        completed_on,
        months,
        now,
        settings.time_zone,
    )


def revoke_signoff(
    engine: Engine, signoff: signoffs.SignOff, reason: str, actor: User, now: datetime | None = None
) -> list[records.Certificate]:
    """Revoke the sign-off; the valid certificates that list it are returned, since they
    are now under review until an administrator decides whether to revoke them."""
    signoffs.revoke(engine, signoff.id, reason, actor, now)
    return records.resting_on(engine, signoff, now)


def under_review_note(certificates: list[records.Certificate], trainee_name: str) -> str:
    """What the instructor who revoked a sign-off is told about the certificates listing it."""
    if not certificates:
        return ""
    issued = ", ".join(records.long_day(c.issued_on) for c in certificates)
    return (
        f"{trainee_name}'s certificate (issued {issued}) lists this competency. It is not "
        "revoked with the sign-off: it stays valid, marked as under review on the "
        "verification page, until an administrator revokes it, with a reason, on the "
        "Certificates page."
    )

"""Bringing a trainee's record together for completion and their certificate.

A certificate an administrator revoked is not issued again on the record it rested on. A
new one comes only from something the completion rule asks for done after the revocation
(its completion date, ``completed_on``, later than the revocation), or from an
administrator's explicit decision (``reissue``). ``completed_on`` is the latest of the
dates at which each requirement was met: a sign-off's recording time (not the observation
day an instructor may backdate), a quiz's first passing attempt (so taking a passed quiz
again moves nothing: the trainee alone cannot lift a revocation), and the countersignature
that met the logbook rule (not the latest one: routine practice logged after the rule was
met completes nothing the rule asks for).

Both ways to a new certificate read the trainee's latest certificate before checking that
they hold no valid one, and issue the next after it (``records.issue``): when the trainee's
page and an administrator's re-issue, or the page in two tabs, issue at the same moment,
the database keeps the first, the page that lost shows the certificate that was issued, and
the administrator who lost is told nothing was issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from .. import accounts, clock, free_text
from ..accounts import User
from ..acting import ADMINISTERING, require
from ..content import Content
from ..errors import CertificateError
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


@dataclass(frozen=True)
class CertificateState:
    """What the trainee's Certificate page shows: their valid certificate, or what they
    still need (``done``, read only when they hold none) and their latest certificate."""

    certificate: records.Certificate | None
    done: CompletionStatus | None
    latest: records.Certificate | None

    @property
    def revoked(self) -> records.Certificate | None:
        """Their latest certificate, if an administrator revoked it."""
        return _if_revoked(self.latest)


def certificate_for(
    engine: Engine,
    content: Content,
    user: User,
    settings: ClinicSettings,
    now: datetime | None = None,
) -> records.Certificate | None:
    """The trainee's valid certificate, or a new one once the completion rule is met
    (``state_for``)."""
    return state_for(engine, content, user, settings, now).certificate


def state_for(
    engine: Engine,
    content: Content,
    user: User,
    settings: ClinicSettings,
    now: datetime | None = None,
) -> CertificateState:
    """The trainee's valid certificate, or a new one once the completion rule is met, with
    what the page needs when there is none.

    A certificate that was issued stays theirs until it expires or an administrator revokes
    it, even when the record it rests on changes (a sign-off revoked since): the pages
    then show it as under review, as the verification page does. Once it has expired, a
    new one is issued on the same record; once it is revoked, only when something the rule
    asks for was completed after the revocation (see ``completed_since``)."""
    now = now or clock.now()
    # One read for both: a certificate issued after it makes the issue below fail instead
    # of adding a second one.
    mine = records.for_user(engine, user.id)
    latest = next(iter(mine), None)
    current = next((c for c in mine if c.status(now) == "valid"), None)
    if current is not None:
        return CertificateState(current, None, latest)
    done = trainee_completion(engine, content, user)
    revoked = _if_revoked(latest)
    if not done.complete or (revoked is not None and not completed_since(done, revoked)):
        return CertificateState(None, done, latest)
    why = (
        None
        if revoked is None
        else f"a requirement was completed again after the revocation on {revoked_day(revoked)}"
    )
    try:
        issued = _issue(engine, content, user, settings, done, now, after=latest, why=why)
    except records.IssuedMeanwhile:
        # Their page in another tab, or an administrator, issued one first: it is theirs.
        winner = records.held(engine, user.id, now)
        return CertificateState(winner, None if winner else done, winner or latest)
    return CertificateState(issued, None, issued)


def _issue(
    engine: Engine,
    content: Content,
    user: User,
    settings: ClinicSettings,
    done: CompletionStatus,
    now: datetime | None,
    *,
    after: records.Certificate | None,
    actor: User | None = None,
    why: str | None = None,
) -> records.Certificate:
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
        after=after,
        actor=actor,
        why=why,
    )


def revoked_latest(engine: Engine, user_id: int) -> records.Certificate | None:
    """The trainee's latest certificate, if an administrator revoked it."""
    return _if_revoked(records.latest(engine, user_id))


def _if_revoked(latest: records.Certificate | None) -> records.Certificate | None:
    return latest if latest is not None and latest.revoked_at is not None else None


def revoked_day(revoked: records.Certificate) -> str:
    """The day ``revoked`` was revoked, as every certificate page prints it."""
    return records.long_day(revoked.revoked_on or revoked.issued_on)


def completed_since(done: CompletionStatus, revoked: records.Certificate) -> bool:
    """Whether something the rule asks for was completed after ``revoked`` was revoked,
    so that a new certificate rests on more than the record the administrator judged. A
    rule met with no date (it asks for nothing dated) has nothing to complete again."""
    return (
        done.complete
        and done.completed_on is not None
        and revoked.revoked_at is not None
        and done.completed_on > revoked.revoked_at
    )


def revoked_notice(revoked: records.Certificate) -> str:
    """What the trainee is told while their latest certificate stands revoked."""
    return (
        f"Your certificate (issued {records.long_day(revoked.issued_on)}) was revoked by the "
        f"clinic on {revoked_day(revoked)}. No new "
        "certificate is issued on the record you had then: a new one needs an "
        "administrator's decision, or a requirement of the course completed again after the "
        "revocation (for example, a practical competency signed off again by an instructor). "
        "If you do not know why it was revoked, ask the clinic."
    )


@dataclass(frozen=True)
class AwaitingDecision:
    """A trainee whose latest certificate was revoked, and their record today."""

    trainee: User
    revoked: records.Certificate
    done: CompletionStatus

    @property
    def can_reissue(self) -> bool:
        return self.done.complete

    @property
    def revoked_on(self) -> str:
        """The day it was revoked, as every certificate page prints it."""
        return revoked_day(self.revoked)


def awaiting_decision(engine: Engine, content: Content) -> list[AwaitingDecision]:
    """Trainees whose latest certificate was revoked, most recent revocation first."""
    latest: dict[int, records.Certificate] = {}
    for certificate, _ in records.all_certificates(engine):  # newest first
        latest.setdefault(certificate.user_id, certificate)
    revoked = {user_id: c for user_id, c in latest.items() if c.revoked_at is not None}
    found = [
        AwaitingDecision(user, revoked[user.id], trainee_completion(engine, content, user))
        for user in accounts.all_users(engine)
        if user.id in revoked
    ]
    return sorted(found, key=lambda a: a.revoked.revoked_at or a.revoked.issued_at, reverse=True)


def reissue_reason(reason: str) -> str:
    """The administrator's reason for issuing a new certificate after a revocation."""
    return free_text.clean(
        reason,
        "reason for issuing a new certificate",
        error=CertificateError,
        minimum=3,
    )


def reissue(
    engine: Engine,
    content: Content,
    trainee: User,
    settings: ClinicSettings,
    reason: str,
    admin: User,
    now: datetime | None = None,
) -> records.Certificate:
    """An administrator's decision: a new certificate for a trainee whose latest
    certificate was revoked and who meets the completion rule today. The revoked one stays
    revoked; the new one has a new code and is valid from now."""
    require(admin, ADMINISTERING, "issue a new certificate")
    reason = reissue_reason(reason)
    now = now or clock.now()
    # Read before the check below: a certificate issued after this read makes the issue
    # fail instead of adding a second one.
    revoked = revoked_latest(engine, trainee.id)
    if records.held(engine, trainee.id, now) is not None:
        raise CertificateError(
            f"{trainee.name} already holds a valid certificate; nothing was issued."
        )
    if revoked is None:
        raise CertificateError(
            f"{trainee.name}'s latest certificate was not revoked; a new certificate is "
            "issued on their Certificate page once they meet the completion rule."
        )
    done = trainee_completion(engine, content, trainee)
    if not done.complete:
        raise CertificateError(
            f"{trainee.name} does not meet the completion rule today, so no certificate "
            f"was issued. Still missing: {'; '.join(done.missing)}."
        )
    why = (
        f"new certificate after the one issued {records.long_day(revoked.issued_on)} was "
        f"revoked: {reason}"
    )
    try:
        return _issue(
            engine, content, trainee, settings, done, now, after=revoked, actor=admin, why=why
        )
    except records.IssuedMeanwhile:
        raise CertificateError(
            f"A certificate was issued to {trainee.name} at the same moment, on their "
            "Certificate page or by another administrator, so nothing more was issued: "
            "they hold that one."
        ) from None


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

"""Certificates: issued on completion, verifiable by anyone, expiring, revocable.

A certificate's code is 192 random bits (32 URL-safe characters): it cannot be guessed,
and the verification page answers only for the exact code, so codes cannot be listed.
What a certificate says is frozen in a snapshot when it is issued.
"""

from __future__ import annotations

import calendar
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update

from .. import audit, clock, free_text
from ..accounts import User
from ..acting import ADMINISTERING, require
from ..errors import CertificateError
from ..store.engine import transaction
from ..store.schema import certificates, users

CODE = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_CODE_INPUT = 200


@dataclass(frozen=True)
class Certificate:
    id: int
    code: str
    user_id: int
    issued_at: datetime
    expires_at: datetime
    snapshot: dict
    revoked_at: datetime | None
    revoke_reason: str | None

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "valid"


@dataclass(frozen=True)
class Verification:
    status: str  # valid | expired | revoked | unknown | malformed
    certificate: Certificate | None = None

    @property
    def message(self) -> str:
        return {
            "valid": "This certificate is valid.",
            "expired": "This certificate has expired.",
            "revoked": "This certificate has been revoked by the clinic.",
            "unknown": "No certificate has this code.",
            "malformed": "That is not a certificate code: codes are 32 letters, digits, "
            "'-' or '_'.",
        }[self.status]


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the last day of the month when it has no such day)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _certificate(row) -> Certificate:
    return Certificate(
        id=row.id,
        code=row.code,
        user_id=row.user_id,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        snapshot=row.snapshot,
        revoked_at=row.revoked_at,
        revoke_reason=row.revoke_reason,
    )


def for_user(engine: Engine, user_id: int) -> list[Certificate]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(certificates)
            .where(certificates.c.user_id == user_id)
            .order_by(certificates.c.issued_at.desc())
        ).all()
    return [_certificate(row) for row in rows]


def issue(
    engine: Engine,
    user: User,
    snapshot: dict,
    completed_on: datetime,
    validity_months: int,
    now: datetime | None = None,
) -> Certificate:
    """The trainee's current certificate, or a new one if none is valid."""
    now = now or clock.now()
    current = [c for c in for_user(engine, user.id) if c.status(now) == "valid"]
    if current:
        return current[0]
    code = secrets.token_urlsafe(24)
    record = {
        **snapshot,
        "completed_on": completed_on.date().isoformat(),
        "expires_on": add_months(now, validity_months).date().isoformat(),
    }
    with transaction(engine) as connection:
        connection.execute(
            certificates.insert().values(
                code=code,
                user_id=user.id,
                issued_at=now,
                expires_at=add_months(now, validity_months),
                snapshot=record,
            )
        )
        audit.record(
            connection,
            "certificate_issued",
            actor=user.username,
            target=user.username,
            detail=f"expires {record['expires_on']}",
            now=now,
        )
    return next(c for c in for_user(engine, user.id) if c.code == code)


def verify(engine: Engine, code: str, now: datetime | None = None) -> Verification:
    now = now or clock.now()
    cleaned = (code or "")[:MAX_CODE_INPUT].strip()
    if not CODE.match(cleaned):
        return Verification("malformed")
    with engine.connect() as connection:
        row = connection.execute(select(certificates).where(certificates.c.code == cleaned)).first()
    if row is None:
        return Verification("unknown")
    certificate = _certificate(row)
    return Verification(certificate.status(now), certificate)


def expiring(
    engine: Engine, within_days: int = 60, now: datetime | None = None
) -> list[tuple[Certificate, str]]:
    """Valid certificates that expire within the window, with the holder's username."""
    now = now or clock.now()
    with engine.connect() as connection:
        rows = connection.execute(
            select(certificates, users.c.username)
            .join(users, users.c.id == certificates.c.user_id)
            .where(
                certificates.c.revoked_at.is_(None),
                certificates.c.expires_at > now,
                certificates.c.expires_at <= now + timedelta(days=within_days),
            )
            .order_by(certificates.c.expires_at)
        ).all()
    return [(_certificate(row), row.username) for row in rows]


def all_certificates(engine: Engine) -> list[tuple[Certificate, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(certificates, users.c.username)
            .join(users, users.c.id == certificates.c.user_id)
            .order_by(certificates.c.issued_at.desc())
        ).all()
    return [(_certificate(row), row.username) for row in rows]


def revoke(
    engine: Engine, code: str, reason: str, actor: User, now: datetime | None = None
) -> None:
    require(actor, ADMINISTERING, "revoke a certificate")
    now = now or clock.now()
    reason = free_text.clean(
        reason, "reason for revoking this certificate", error=CertificateError, minimum=3
    )
    with transaction(engine) as connection:
        result = connection.execute(
            update(certificates)
            .where(certificates.c.code == code, certificates.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_by=actor.id, revoke_reason=reason)
        )
        if result.rowcount != 1:
            raise CertificateError("That certificate does not exist or is already revoked.")
        audit.record(
            connection,
            "certificate_revoked",
            actor=actor.username,
            detail=f"{code[:8]}…: {reason}",
            now=now,
        )


def verify_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/verify?code={code}"

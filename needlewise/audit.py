"""The audit log: who did what to whom, and when. Admins read and filter it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, select

from . import clock
from .store.schema import audit_log

ACTIONS = (
    "sign_in_failed",
    "locked_out",
    "unlocked",
    "account_created",
    "account_registered",
    "role_added",
    "role_removed",
    "password_reset",
    "password_changed",
    "profile_updated",
    "account_disabled",
    "account_enabled",
    "invitation_created",
    "invitation_revoked",
    "cohort_created",
    "cohort_member_added",
    "cohort_member_removed",
    "settings_changed",
    "competency_signed_off",
    "competency_revoked",
    "certificate_issued",
    "certificate_revoked",
    "pass_mark_adopted",
    "cookie_key_rotated",
)


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    actor: str | None
    action: str
    target: str | None
    detail: str | None


def record(
    connection: Connection,
    action: str,
    *,
    actor: str | None = None,
    target: str | None = None,
    detail: str | None = None,
    now: datetime | None = None,
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    connection.execute(
        audit_log.insert().values(
            at=now or clock.now(), actor=actor, action=action, target=target, detail=detail
        )
    )


def entries(
    engine: Engine,
    *,
    actions: list[str] | None = None,
    person: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
) -> list[Entry]:
    """Newest first; ``person`` matches the actor or the target."""
    query = select(audit_log)
    if actions:
        query = query.where(audit_log.c.action.in_(actions))
    if person:
        query = query.where((audit_log.c.actor == person) | (audit_log.c.target == person))
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at < until)
    query = query.order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(limit)
    with engine.connect() as connection:
        return [Entry(**row._mapping) for row in connection.execute(query)]

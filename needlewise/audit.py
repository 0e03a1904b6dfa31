"""The audit log: who did what to whom, and when. Admins read and filter it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Engine, select

from . import clock, display
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
    "cohort_renamed",
    "cohort_deleted",
    "settings_changed",
    "competency_signed_off",
    "competency_revoked",
    "certificate_issued",
    "certificate_reissued",
    "certificate_revoked",
    "certificate_under_review",
    "certificate_review_closed",
    "pass_mark_adopted",
    "cookie_key_rotated",
    "logbook_entry_recorded",
    "logbook_entry_edited",
    "logbook_entry_accepted",
    "logbook_entry_returned",
    "logbook_retention_applied",
    "time_extension_set",
    "quiz_draft_saved",
    "quiz_published",
    "quiz_retired",
    "quiz_placed",
    "quiz_unplaced",
    "attempts_regraded",
)


# How each action reads in the audit log.
LABELS = {
    "sign_in_failed": "Sign-in failed",
    "pass_mark_adopted": "Final pass mark adopted",
    "cookie_key_rotated": "Sign-in key replaced (everyone signed out)",
    "locked_out": "Locked out",
    "unlocked": "Unlocked",
    "account_created": "Account created",
    "account_registered": "Registered with an invitation",
    "role_added": "Role added",
    "role_removed": "Role removed",
    "password_reset": "Password reset",
    "password_changed": "Password changed",
    "profile_updated": "Profile updated",
    "account_disabled": "Account disabled",
    "account_enabled": "Account enabled",
    "invitation_created": "Invitation created",
    "invitation_revoked": "Invitation withdrawn",
    "cohort_created": "Group created",
    "cohort_member_added": "Added to a group",
    "cohort_member_removed": "Removed from a group",
    "cohort_renamed": "Group renamed",
    "cohort_deleted": "Group deleted",
    "settings_changed": "Settings changed",
    "competency_signed_off": "Competency signed off",
    "competency_revoked": "Sign-off revoked",
    "certificate_issued": "Certificate issued",
    "certificate_reissued": "New certificate issued by an administrator after a revocation",
    "certificate_revoked": "Certificate revoked",
    "certificate_under_review": "Certificate under review: a pass it rests on was regraded",
    "certificate_review_closed": "Certificate kept: an administrator decided it stands",
    "logbook_entry_recorded": "Logbook treatment recorded",
    "logbook_entry_edited": "Logbook treatment edited",
    "logbook_entry_accepted": "Logbook treatment countersigned",
    "logbook_entry_returned": "Logbook treatment returned to the trainee",
    "logbook_retention_applied": "Old logbook entries anonymised or deleted",
    "time_extension_set": "Extra time on timed quizzes set",
    "quiz_draft_saved": "Quiz draft saved in the studio",
    "quiz_published": "Quiz published",
    "quiz_retired": "Quiz withdrawn from the course",
    "quiz_placed": "Quiz placed in the course",
    "quiz_unplaced": "Quiz taken out of the course",
    "attempts_regraded": "Attempts regraded with a corrected answer key",
}


def label(action: str) -> str:
    """An action as a person reads it; an action this version does not know, as stored."""
    return LABELS.get(action, action.replace("_", " ").capitalize())


def describe(action: str, detail: str | None) -> str:
    """The detail as a person reads it; blank when there is none.

    Settings changes are stored as ``{setting: [old, new]}`` and read as
    "Depth limit: 0.5 → 1.0"; entries written before that stored every setting's new value
    and read as "Depth limit: 1.0".
    """
    if not detail:
        return ""
    if action != "settings_changed":
        return detail
    from .settings import LABELS as SETTING_LABELS  # settings records through this module

    try:
        values = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return detail
    parts = []
    for key, value in values.items():
        name = SETTING_LABELS.get(key, key.replace("_", " "))
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{name}: {_value(value[0])} → {_value(value[1])}")
        else:
            parts.append(f"{name}: {_value(value)}")
    return "; ".join(parts)


def _value(value: object) -> str:
    if value is None or value == "":
        return "(not set)"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


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


def today(zone_name: str | None) -> date:
    """Today's date in the zone the log is shown in."""
    return display.local(clock.now(), zone_name).date()


def day_bounds(first: date, last: date, zone_name: str | None) -> tuple[datetime, datetime]:
    """The stored (naive UTC) times from the start of ``first`` to the end of ``last``, as
    days in the zone the log is shown in, so the filter matches the dates on the rows."""
    zone = display.zone(zone_name)

    def start(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)

    return start(first), start(last + timedelta(days=1))

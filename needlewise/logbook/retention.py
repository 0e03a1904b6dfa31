"""The admin's retention rule: entries older than N months are anonymised further or
deleted, and the run is audited.

Anonymising keeps what the certification count and an accreditor need (status, skin type,
areas and depths, supervisor) and drops everything else that could, combined, point to a
visit: the client reference, the exact day, the device and lot, and all free text.

What the Logbook review page says about the rule is here too: what the rule does, the
question before a deleting run (a deletion cannot be undone) and what a run did.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, func, select, update

from .. import audit, clock
from ..acting import ADMINISTERING, Actor, require
from ..certification.records import add_months
from ..display import plural
from ..settings import ClinicSettings
from ..store.engine import transaction
from ..store.schema import logbook_entries
from .validation import TEXT_FIELDS

ANONYMOUS_REF = "anonymised"
KEPT_DETAILS = ("scar_types", "grade", "screening_outcome", "consent", "areas", "passes")


def rule_statement(settings: ClinicSettings) -> str:
    """What applying the rule does to which entries, or that no rule is set."""
    months = settings.logbook_retention_months
    if not months:
        return "No retention period is set: entries are kept. Set one on the Settings page."
    done = "deleted" if settings.logbook_retention_action == "delete" else "anonymised"
    return f"Entries older than {plural(int(months), 'month')} are {done} when you apply the rule."


def delete_question(months: int, count: int) -> tuple[str, str]:
    """What a deleting run will do, said before it is done, and its confirm button's label."""
    return (
        f"This permanently deletes {plural(count, 'logbook entry', 'logbook entries')} "
        f"older than {plural(months, 'month')}. It cannot be undone.",
        f"Delete {plural(count, 'entry', 'entries')}",
    )


def applied(count: int) -> str:
    """What a run did."""
    return f"Retention applied to {plural(count, 'entry', 'entries')}."


def _anonymised(details: dict) -> dict:
    kept = {key: details[key] for key in KEPT_DETAILS if key in details}
    # Whether a follow-up was recorded still counts towards certification.
    kept["follow_up_48h"] = "recorded" if details.get("follow_up_48h") else ""
    kept["follow_up_next_visit"] = "recorded" if details.get("follow_up_next_visit") else ""
    return {**{key: "" for key in TEXT_FIELDS}, **kept}


def _past(settings: ClinicSettings, months: int, now: datetime):
    """Which entries the rule applies to now: older than ``months`` and, when anonymising,
    not anonymised already."""
    old = logbook_entries.c.treated_on < add_months(now, -months)
    if settings.logbook_retention_action == "delete":
        return old
    return old & logbook_entries.c.anonymised_at.is_(None)


def due(engine: Engine, settings: ClinicSettings, now: datetime | None = None) -> int:
    """How many entries applying the rule now would anonymise or delete, to say so before."""
    months = settings.logbook_retention_months
    if not months:
        return 0
    condition = _past(settings, int(months), now or clock.now())
    with engine.connect() as connection:
        return connection.execute(
            select(func.count()).select_from(logbook_entries).where(condition)
        ).scalar_one()


def apply(
    engine: Engine, settings: ClinicSettings, actor: Actor, now: datetime | None = None
) -> int:
    """Anonymise or delete the entries past the retention period; returns how many."""
    require(actor, ADMINISTERING, "apply the logbook retention rule")
    months = settings.logbook_retention_months
    if not months:
        return 0
    now = now or clock.now()
    old = _past(settings, int(months), now)
    with transaction(engine) as connection:
        if settings.logbook_retention_action == "delete":
            count = connection.execute(delete(logbook_entries).where(old)).rowcount
        else:
            rows = connection.execute(
                select(
                    logbook_entries.c.id, logbook_entries.c.treated_on, logbook_entries.c.details
                ).where(old)
            ).all()
            for row in rows:
                connection.execute(
                    update(logbook_entries)
                    .where(logbook_entries.c.id == row.id)
                    .values(
                        client_ref=ANONYMOUS_REF,
                        treated_on=row.treated_on.replace(day=1),
                        details=_anonymised(row.details),
                        flags=[],
                        review_comment=None,
                        anonymised_at=now,
                    )
                )
            count = len(rows)
        if count:
            audit.record(
                connection,
                "logbook_retention_applied",
                actor=actor.username,
                detail=f"{plural(count, 'entry', 'entries')} older than "
                f"{plural(int(months), 'month')} "
                f"{'deleted' if settings.logbook_retention_action == 'delete' else 'anonymised'}",
                now=now,
            )
    return count

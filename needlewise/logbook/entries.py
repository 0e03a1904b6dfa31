"""Recording, editing and countersigning logbook entries, each change audited.

An entry is ``submitted`` when the trainee saves it, ``returned`` when a supervisor sends
it back with a reason, and ``accepted`` once countersigned; an accepted entry never
changes again (only retention may anonymise or delete it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time

from sqlalchemy import Connection, Engine, select, update

from .. import audit, clock, free_text
from ..accounts import User
from ..settings import ClinicSettings
from ..store.engine import transaction
from ..store.schema import logbook_entries, users
from . import LogbookError
from .lists import LogbookLists
from .validation import (
    EntryInput,
    check,
    clinic_today,
    follow_up_recorded,
    identifying_text_problem,
    never_needled,
)

SUPERVISORS = {"instructor", "admin"}
COMMENT_MAX = 1000


@dataclass(frozen=True)
class Entry:
    id: int
    trainee_id: int
    trainee_username: str
    trainee_name: str
    treated_on: datetime
    client_ref: str
    fitzpatrick: int
    status: str
    details: dict
    flags: list[str]
    created_at: datetime
    updated_at: datetime
    reviewed_by: int | None
    reviewer_name: str | None
    reviewed_at: datetime | None
    review_comment: str | None
    anonymised_at: datetime | None

    @property
    def follow_up(self) -> bool:
        return follow_up_recorded(self.details)

    @property
    def dark_skin(self) -> bool:
        """Fitzpatrick IV to VI, where the course's PIH precautions apply."""
        return self.fitzpatrick >= 4

    def as_input(self) -> EntryInput:
        """The entry as the values a correction of it starts from."""
        details = self.details
        expiry = details.get("cartridge_expiry")
        return EntryInput(
            **{
                **{f.name: details[f.name] for f in fields(EntryInput) if f.name in details},
                "treated_on": self.treated_on.date(),
                "client_ref": self.client_ref,
                "fitzpatrick": self.fitzpatrick,
                "cartridge_expiry": date.fromisoformat(expiry) if expiry else None,
            }
        )


def _query():
    trainee = users.alias("trainee")
    reviewer = users.alias("reviewer")
    return select(
        logbook_entries.c.id,
        logbook_entries.c.trainee_id,
        trainee.c.username,
        trainee.c.name,
        logbook_entries.c.treated_on,
        logbook_entries.c.client_ref,
        logbook_entries.c.fitzpatrick,
        logbook_entries.c.status,
        logbook_entries.c.details,
        logbook_entries.c.flags,
        logbook_entries.c.created_at,
        logbook_entries.c.updated_at,
        logbook_entries.c.reviewed_by,
        reviewer.c.name,
        logbook_entries.c.reviewed_at,
        logbook_entries.c.review_comment,
        logbook_entries.c.anonymised_at,
    ).select_from(
        logbook_entries.join(trainee, trainee.c.id == logbook_entries.c.trainee_id).outerjoin(
            reviewer, reviewer.c.id == logbook_entries.c.reviewed_by
        )
    )


def _entries(engine: Engine, *conditions) -> list[Entry]:
    query = _query().where(*conditions).order_by(logbook_entries.c.treated_on, logbook_entries.c.id)
    with engine.connect() as connection:
        return [Entry(*row) for row in connection.execute(query)]


def for_trainee(engine: Engine, trainee_id: int) -> list[Entry]:
    return _entries(engine, logbook_entries.c.trainee_id == trainee_id)


def for_trainees(engine: Engine, trainee_ids: list[int]) -> list[Entry]:
    return _entries(engine, logbook_entries.c.trainee_id.in_(trainee_ids)) if trainee_ids else []


def queue(engine: Engine) -> list[Entry]:
    """Entries waiting for a countersignature, oldest first."""
    return _entries(engine, logbook_entries.c.status == "submitted")


def all_entries(engine: Engine) -> list[Entry]:
    return _entries(engine)


def get(engine: Engine, entry_id: int) -> Entry:
    found = _entries(engine, logbook_entries.c.id == entry_id)
    if not found:
        raise LogbookError(f"Logbook entry {entry_id} does not exist.")
    return found[0]


def _checked(
    entry: EntryInput,
    lists: LogbookLists,
    regions: dict[str, str],
    settings: ClinicSettings,
    not_treated: Mapping[str, str],
    zone_name: str | None,
) -> dict:
    today = clinic_today(clock.now(), settings.time_zone if zone_name is None else zone_name)
    details, flags = check(entry, lists, regions, settings, today, not_treated)
    return {
        "treated_on": datetime.combine(entry.treated_on, time.min),
        "client_ref": entry.client_ref.strip(),
        "fitzpatrick": entry.fitzpatrick,
        "details": details,
        "flags": flags,
    }


def record(
    engine: Engine,
    trainee: User,
    entry: EntryInput,
    lists: LogbookLists,
    regions: dict[str, str],
    settings: ClinicSettings,
    not_treated: Mapping[str, str],
    zone_name: str | None = None,
) -> int:
    """Store a new entry, waiting for a countersignature; returns its id. ``not_treated``
    maps the regions the course never needles to why; ``zone_name`` is the zone whose
    date is today's (the clinic's from Settings unless given)."""
    if not trainee.has("trainee"):
        raise LogbookError("Only a trainee keeps a logbook.")
    values = _checked(entry, lists, regions, settings, not_treated, zone_name)
    now = clock.now()
    with transaction(engine) as connection:
        entry_id = connection.execute(
            logbook_entries.insert()
            .values(
                trainee_id=trainee.id,
                status="submitted",
                created_at=now,
                updated_at=now,
                **values,
            )
            .returning(logbook_entries.c.id)
        ).scalar_one()
        audit.record(
            connection,
            "logbook_entry_recorded",
            actor=trainee.username,
            target=trainee.username,
            detail=f"entry {entry_id}",
            now=now,
        )
    return entry_id


def _locked(connection: Connection, entry_id: int):
    """The entry's row, read inside the transaction that is about to change it."""
    row = connection.execute(
        select(
            logbook_entries.c.trainee_id,
            logbook_entries.c.status,
            logbook_entries.c.details,
            logbook_entries.c.updated_at,
            users.c.username,
        )
        .join(users, users.c.id == logbook_entries.c.trainee_id)
        .where(logbook_entries.c.id == entry_id)
        .with_for_update()
    ).first()
    if row is None:
        raise LogbookError(f"Logbook entry {entry_id} does not exist.")
    if row.status == "accepted":
        raise LogbookError(
            f"Logbook entry {entry_id} is countersigned and read-only; nothing was changed."
        )
    return row


def edit(
    engine: Engine,
    trainee: User,
    entry_id: int,
    entry: EntryInput,
    lists: LogbookLists,
    regions: dict[str, str],
    settings: ClinicSettings,
    not_treated: Mapping[str, str],
    zone_name: str | None = None,
    read_at: datetime | None = None,
) -> None:
    """Correct an entry that is not countersigned; a returned entry goes back to the queue.
    ``read_at``: the entry's ``updated_at`` when the correction was started from it; a
    correction of an entry changed since (returned again, corrected in another tab) is
    refused rather than saved over the change unseen."""
    values = _checked(entry, lists, regions, settings, not_treated, zone_name)
    now = clock.now()
    with transaction(engine) as connection:
        row = _locked(connection, entry_id)
        if row.trainee_id != trainee.id:
            raise LogbookError("You can only edit your own logbook entries.")
        if read_at is not None and row.updated_at != read_at:
            raise LogbookError(
                f"Logbook entry {entry_id} changed after this page read it (returned again by "
                "a supervisor, or corrected in another tab or window), so nothing was saved "
                "over it. It is shown below as stored now."
            )
        connection.execute(
            update(logbook_entries)
            .where(logbook_entries.c.id == entry_id)
            .values(status="submitted", updated_at=now, **values)
        )
        audit.record(
            connection,
            "logbook_entry_edited",
            actor=trainee.username,
            target=trainee.username,
            detail=f"entry {entry_id}" + (" (resubmitted)" if row.status == "returned" else ""),
            now=now,
        )


def consent_problem(entry_id: int, details: Mapping) -> str | None:
    """Why an entry without the client's consent recorded cannot be countersigned, and
    what to do, or None when consent is recorded."""
    if details.get("consent"):
        return None
    return (
        f"Logbook entry {entry_id} does not record the client's consent, so it cannot be "
        "countersigned. Return it to the trainee with your reason: if the client consented, "
        "they tick 'Consent recorded', give the consent form version and save it again for "
        "you to countersign; if not, follow up the incident."
    )


def countersign_problems(
    entry_id: int, details: Mapping, not_treated: Mapping[str, str]
) -> list[str]:
    """Why an entry cannot be countersigned, only returned (none when it can be): an area
    the course never needles, or the client's consent not recorded."""
    problems = []
    closed = never_needled(details.get("areas", {}), not_treated)
    if closed:
        problems.append(
            f"Logbook entry {entry_id} records an area the course never needles "
            f"({'; '.join(not_treated[a] for a in closed)}), so it cannot be "
            "countersigned; return it to the trainee with your reason and follow up the "
            "incident."
        )
    consent = consent_problem(entry_id, details)
    if consent:
        problems.append(consent)
    return problems


def review(
    engine: Engine,
    entry_id: int,
    supervisor: User,
    accept: bool,
    comment: str = "",
    *,
    not_treated: Mapping[str, str],
) -> None:
    """Countersign (``accept``) or return an entry; a return needs its reason. An entry
    with an area the course never needles (``not_treated``), or without the client's
    consent recorded, can only be returned."""
    if not SUPERVISORS & set(supervisor.roles):
        raise LogbookError("Only an instructor or administrator can countersign treatments.")
    what = "comment" if accept else "reason for returning this entry"
    comment = free_text.clean(
        comment, what, error=LogbookError, minimum=0 if accept else 3, maximum=COMMENT_MAX
    )
    identifying = identifying_text_problem("Comment", comment)
    if identifying:
        raise LogbookError(identifying)
    now = clock.now()
    with transaction(engine) as connection:
        row = _locked(connection, entry_id)
        if row.trainee_id == supervisor.id:
            raise LogbookError(
                "You cannot countersign your own logbook entry; another supervisor must."
            )
        if row.status != "submitted":
            raise LogbookError(
                f"Logbook entry {entry_id} was returned and waits for the trainee's correction."
            )
        refused = countersign_problems(entry_id, row.details, not_treated)
        if accept and refused:
            raise LogbookError(refused)
        connection.execute(
            update(logbook_entries)
            .where(logbook_entries.c.id == entry_id)
            .values(
                status="accepted" if accept else "returned",
                reviewed_by=supervisor.id,
                reviewed_at=now,
                review_comment=comment or None,
                updated_at=now,
            )
        )
        audit.record(
            connection,
            "logbook_entry_accepted" if accept else "logbook_entry_returned",
            actor=supervisor.username,
            target=row.username,
            detail=f"entry {entry_id}" + (f": {comment}" if comment else ""),
            now=now,
        )

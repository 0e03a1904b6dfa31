"""The clinic's logbook rule for certification: how many countersigned treatments, and
which kinds, a trainee needs before the certificate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from ..display import plural
from ..settings import ClinicSettings
from .entries import Entry, for_trainee


@dataclass(frozen=True)
class Progress:
    required: int
    accepted: int
    dark_skin_required: bool
    dark_skin_done: bool
    follow_up_required: bool
    follow_up_done: bool
    supervisors: tuple[str, ...]
    # The countersignature that first met the rule (None while it is not met): what the
    # course's completion is dated by, not practice logged after it.
    met_at: datetime | None
    in_certificate: bool

    @property
    def missing(self) -> tuple[str, ...]:
        found = []
        if self.accepted < self.required:
            found.append(
                f"Have {plural(self.required - self.accepted, 'more supervised treatment')} "
                f"countersigned in your logbook ({self.accepted} of {self.required})"
            )
        if self.dark_skin_required and not self.dark_skin_done:
            found.append("Have a countersigned treatment on Fitzpatrick IV-VI skin in your logbook")
        if self.follow_up_required and not self.follow_up_done:
            found.append("Have a countersigned treatment with a follow-up recorded in your logbook")
        return tuple(found)

    @property
    def met(self) -> bool:
        return not self.missing

    @property
    def summary(self) -> str:
        """Countersigned treatments, against the clinic's number only when it counts."""
        if not self.in_certificate:
            return f"{self.accepted} countersigned"
        return f"{self.accepted} of {self.required} countersigned"


def _met_at(accepted: list[Entry], settings: ClinicSettings) -> datetime | None:
    """When the countersignatures, taken in order, first met the clinic's rule."""
    dark_skin, follow_up = False, False
    dated = sorted(
        ((e.reviewed_at, e) for e in accepted if e.reviewed_at is not None),
        key=lambda pair: pair[0],
    )
    for count, (reviewed_at, entry) in enumerate(dated, 1):
        dark_skin = dark_skin or entry.dark_skin
        follow_up = follow_up or entry.follow_up
        if (
            count >= int(settings.logbook_required_treatments)
            and (dark_skin or not settings.logbook_require_dark_skin)
            and (follow_up or not settings.logbook_require_follow_up)
        ):
            return reviewed_at
    return None


def progress_of(entries: list[Entry], settings: ClinicSettings) -> Progress:
    accepted = [e for e in entries if e.status == "accepted"]
    return Progress(
        required=int(settings.logbook_required_treatments),
        accepted=len(accepted),
        dark_skin_required=bool(settings.logbook_require_dark_skin),
        dark_skin_done=any(e.dark_skin for e in accepted),
        follow_up_required=bool(settings.logbook_require_follow_up),
        follow_up_done=any(e.follow_up for e in accepted),
        supervisors=tuple(sorted({e.reviewer_name for e in accepted if e.reviewer_name})),
        met_at=_met_at(accepted, settings),
        in_certificate=bool(settings.logbook_for_certificate),
    )


def progress(engine: Engine, trainee_id: int, settings: ClinicSettings) -> Progress:
    return progress_of(for_trainee(engine, trainee_id), settings)


def cohort_rows(
    engine: Engine, trainees: list[tuple[int, str]], settings: ClinicSettings
) -> list[dict]:
    """Logbook progress per trainee, (user id, name) in, for the Gradebook: only those
    trainees' entries are read, so a page of the table costs the same in any cohort."""
    from .entries import for_trainees

    by_trainee: dict[int, list[Entry]] = {}
    for entry in for_trainees(engine, [user_id for user_id, _ in trainees]):
        by_trainee.setdefault(entry.trainee_id, []).append(entry)
    found = []
    for user_id, name in trainees:
        mine = by_trainee.get(user_id, [])
        done = progress_of(mine, settings)
        found.append(
            {
                "Trainee": name,
                "Countersigned": done.summary,
                "Waiting": sum(1 for e in mine if e.status == "submitted"),
                "Returned": sum(1 for e in mine if e.status == "returned"),
                "Still missing": "; ".join(done.missing) or "nothing"
                if done.in_certificate
                else "not required",
            }
        )
    return found

"""Checking a logbook entry before it is stored: every problem at once, each saying where.

The client reference and every free-text field are screened for what would identify a
client (an e-mail address, a phone number, a "Firstname Lastname"), because the logbook
must never hold such data, not even in a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..settings import ClinicSettings
from . import LogbookError
from .lists import LogbookLists

CLIENT_REF_MAX = 40
TEXT_MAX = 500
PASSES_MAX = 20
EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# A run of digits with the spaces, dots, dashes, brackets and "+" of phone numbers.
DIGIT_RUN = re.compile(r"\+?\(?\d[\d\s().-]*\d")
NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\b")
REF_CHARS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _./-]*$")
PSEUDONYM_HINT = "use the clinic's pseudonymous code for the client (for example C-0142)"


@dataclass
class EntryInput:
    """What the form submits; areas map a region id to the needle depth used there (mm)."""

    treated_on: date
    client_ref: str
    fitzpatrick: int
    scar_types: list[str] = field(default_factory=list)
    grade: str = ""
    screening_outcome: str = ""
    consent: bool = False
    consent_form_version: str = ""
    device: str = ""
    cartridge_lot: str = ""
    cartridge_expiry: date | None = None
    areas: dict[str, float] = field(default_factory=dict)
    passes: int = 0
    endpoint_seen: str = ""
    products: list[str] = field(default_factory=list)
    other_products: str = ""
    immediate_reaction: str = ""
    aftercare_given: str = ""
    follow_up_48h: str = ""
    follow_up_next_visit: str = ""
    adverse_events: list[str] = field(default_factory=list)
    adverse_event_note: str = ""


# Codes a supplier prints (lots, versions) may be long digit runs; only prose is screened
# for phone numbers.
CODE_FIELDS = {"consent_form_version", "device", "cartridge_lot"}
TEXT_FIELDS = {
    "consent_form_version": "Consent form version",
    "device": "Device",
    "cartridge_lot": "Cartridge lot",
    "endpoint_seen": "Endpoint seen",
    "other_products": "Other products",
    "immediate_reaction": "Immediate reaction",
    "aftercare_given": "Aftercare given",
    "follow_up_48h": "Follow-up at 48 h",
    "follow_up_next_visit": "Follow-up at the next visit",
    "adverse_event_note": "Adverse event note",
}


def client_ref_problem(value: str) -> str | None:
    """Why ``value`` cannot be a client reference, or None when it is a pseudonym."""
    text = (value or "").strip()
    if not text:
        return f"Client reference: give one; {PSEUDONYM_HINT}."
    if EMAIL.search(text):
        return (
            "Client reference: this looks like an e-mail address. The logbook never stores "
            f"contact details; {PSEUDONYM_HINT}."
        )
    if not re.search(r"[A-Za-z]", text) and _looks_like_phone(text, 7):
        return (
            "Client reference: this looks like a phone number. The logbook never stores "
            f"contact details; {PSEUDONYM_HINT}."
        )
    if NAME.search(text):
        return (
            "Client reference: this looks like a person's name ('Firstname Lastname'). The "
            f"logbook never stores client names; {PSEUDONYM_HINT}."
        )
    if len(text) > CLIENT_REF_MAX:
        return f"Client reference: {len(text)} characters is too long; at most {CLIENT_REF_MAX}."
    if not REF_CHARS.match(text):
        return f"Client reference: use letters, digits, spaces and - _ . / only; {PSEUDONYM_HINT}."
    return None


def identifying_text_problem(label: str, value: str, prose: bool = True) -> str | None:
    """Why a free-text field cannot be kept: too long, or it identifies someone."""
    if len(value) > TEXT_MAX:
        return f"{label}: {len(value):,} characters is too long; at most {TEXT_MAX}."
    if EMAIL.search(value):
        return f"{label}: remove the e-mail address; the logbook never stores contact details."
    if prose and _looks_like_phone(value, 9):
        return f"{label}: remove the phone number; the logbook never stores contact details."
    return None


def _looks_like_phone(text: str, digits: int) -> bool:
    """A run of at least ``digits`` digits; prose allows shorter runs such as dates."""
    return any(sum(c.isdigit() for c in run.group()) >= digits for run in DIGIT_RUN.finditer(text))


def depth_problem(area_name: str, depth_mm: float, settings: ClinicSettings) -> str | None:
    """Why a depth cannot be saved: the limit, and where the limit comes from."""
    if depth_mm <= 0:
        return f"{area_name}: give the needle depth used, more than 0 mm."
    if depth_mm > settings.depth_limit_mm + 1e-9:
        return (
            f"{area_name}: {depth_mm:g} mm is deeper than the clinic's depth limit of "
            f"{settings.depth_limit_mm:g} mm (source: the clinic's Settings, "
            f"{settings.where}). An entry above the limit cannot be saved."
        )
    return None


def check(
    entry: EntryInput,
    lists: LogbookLists,
    regions: dict[str, str],
    settings: ClinicSettings,
    today: date,
) -> tuple[dict, list[str]]:
    """The details to store and the flags for the supervisor, or LogbookError with every
    problem. ``regions`` maps region ids to their names."""
    problems: list[str] = []
    ref_problem = client_ref_problem(entry.client_ref)
    if ref_problem:
        problems.append(ref_problem)
    if entry.treated_on > today:
        problems.append("Date: the treatment date cannot be in the future.")
    if entry.fitzpatrick not in range(1, 7):
        problems.append("Fitzpatrick type: choose I to VI.")
    known_scars = {s.id for s in lists.scar_types}
    problems += [
        f"Scar types: unknown type '{s}'." for s in entry.scar_types if s not in known_scars
    ]
    if not entry.scar_types:
        problems.append("Scar types: choose at least one.")
    if entry.grade not in {g.id for g in lists.grades}:
        problems.append("Goodman and Baron grade: choose a grade.")
    outcomes = {o.id: o for o in lists.screening_outcomes}
    outcome = outcomes.get(entry.screening_outcome)
    if outcome is None:
        problems.append("Screening: record the decision from the screening table.")
    elif not outcome.treated:
        problems.append(
            f"Screening: the decision was '{outcome.name}', so no treatment may follow; the "
            "logbook records treatments only (lesson: Medical screening as a decision table)."
        )
    if entry.consent and not entry.consent_form_version.strip():
        problems.append("Consent: give the version of the consent form the client signed.")
    if not entry.areas:
        problems.append("Areas: give at least one area treated, with its depth.")
    for region_id, depth_mm in entry.areas.items():
        if region_id not in regions:
            problems.append(f"Areas: unknown area '{region_id}'.")
            continue
        found = depth_problem(regions[region_id], float(depth_mm), settings)
        if found:
            problems.append(found)
    if not 1 <= entry.passes <= PASSES_MAX:
        problems.append(f"Passes: give the number of passes, 1 to {PASSES_MAX}.")
    allowed = {p.id for p in lists.products_allowed}
    problems += [f"Products: unknown product '{p}'." for p in entry.products if p not in allowed]
    events = {e.id for e in lists.adverse_events}
    problems += [
        f"Adverse events: unknown event '{e}'." for e in entry.adverse_events if e not in events
    ]
    for key, label in TEXT_FIELDS.items():
        found = identifying_text_problem(
            label, getattr(entry, key).strip(), prose=key not in CODE_FIELDS
        )
        if found:
            problems.append(found)
    if problems:
        raise LogbookError(problems)
    return _details(entry), _flags(entry, lists)


def _details(entry: EntryInput) -> dict:
    details = {key: getattr(entry, key).strip() for key in TEXT_FIELDS}
    details.update(
        scar_types=list(entry.scar_types),
        grade=entry.grade,
        screening_outcome=entry.screening_outcome,
        consent=bool(entry.consent),
        cartridge_expiry=entry.cartridge_expiry.isoformat() if entry.cartridge_expiry else None,
        areas={k: round(float(v), 2) for k, v in entry.areas.items()},
        passes=int(entry.passes),
        products=list(entry.products),
        adverse_events=list(entry.adverse_events),
    )
    return details


def _flags(entry: EntryInput, lists: LogbookLists) -> list[str]:
    """What the supervisor should look at: nothing here stops an honest record being kept."""
    flags = []
    if not entry.consent:
        flags.append("Consent not recorded.")
    if entry.cartridge_expiry is not None and entry.cartridge_expiry < entry.treated_on:
        flags.append("Cartridge used after its expiry date.")
    other = entry.other_products.strip()
    if other:
        forbidden = lists.forbidden_in(other)
        if forbidden:
            names = ", ".join(f.name for f in forbidden)
            flags.append(f"Product the course forbids on open channels: {other} ({names}).")
        else:
            flags.append(f"Product not on the course's list, to review: {other}.")
    event_names = {e.id: e.name for e in lists.adverse_events}
    flags += [f"Adverse event: {event_names[e]}." for e in entry.adverse_events]
    return flags


def follow_up_recorded(details: dict) -> bool:
    return bool(details.get("follow_up_48h") or details.get("follow_up_next_visit"))

"""Checking a logbook entry before it is stored: every problem at once, each saying where.

The client reference is screened for what would identify a client (an e-mail address, a
phone number, a person's name, even with digits beside it, a name of any length or in a
site's capitals beside a year of birth, a date), every free-text field for an e-mail
address, and the notes for a phone number and a date of birth marked as one ("DOB",
"born"), because the logbook must never hold such data, not even in a note. The date and
time of a treatment or a review in a note are not identifying: they are taken out before
the phone check, so their digits never add up to a phone number.

An area the course marks as never needled (``not_treated`` in content/regions.yaml, the
eyelids inside the orbital rim) is refused at any depth, and an entry stored before that
rule is flagged for the supervisor and cannot be countersigned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from ..display import local
from ..settings import ClinicSettings
from . import LogbookError
from .lists import LogbookLists

CLIENT_REF_MAX = 40
TEXT_MAX = 500
PASSES_MAX = 20
EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# A run of digits with the spaces, dots, dashes, brackets and "+" of phone numbers.
DIGIT_RUN = re.compile(r"\+?\(?\d[\d\s().-]*\d")
REF_CHARS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _./-]*$")
# The parts of a reference: runs of letters (split where "SMITHJane" or "JaneSmith" change
# case) and runs of digits.
REF_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
# Words a clinic's codes use that are not a person's name ("Client A", "client 7",
# "C-0142 visit 2").
CODE_WORDS = {"client", "patient", "case", "file", "clinic", "visit", "ref", "id", "no", "code"}
# A site's prefix: three or four capitals at the start, joined to the digits that follow
# ("GLA-0042", "LDN2024-017").
SITE_PREFIX = re.compile(r"^[A-Z]{3,4}(?=[-_./]?\d)")
# "DOB 12/03/1990", "d.o.b.: 1990", "born 12 March 1990", "date of birth 1.3.90".
BIRTH_DATE = re.compile(
    r"(?<![a-z])(?:d\.?\s*o\.?\s*b\b\.?|date\s+of\s+birth|birth\s*date|birthday|born)"
    r"[^\d\n]{0,15}\d",
    re.IGNORECASE,
)
# A day, month and year written together (12/03/1990, 1.3.90): in a reference, a birth date.
FULL_DATE = re.compile(r"\b\d{1,2}([./ -])\d{1,2}\1\d{2,4}\b")
# A year a client could have been born in, as a whole run of digits in a reference.
BIRTH_YEAR = re.compile(r"(?:19\d\d|20[0-2]\d)")
# A site's capitals joined to a year, as in a dated code ("LDN2024-017", "AC2024-017").
DATED_CODE_PREFIX = re.compile(r"[A-Z]{2,4}")
CODE_SEPARATORS = {"-", "_", ".", "/"}
# A date or time in a note is a whole group: not one piece of a longer run of digit groups
# joined by dots, dashes or slashes, as a phone written "01.02.03.04.05" is.
_WHOLE_GROUP_START = r"(?<![\d:])(?<!\d[./-])"
_WHOLE_GROUP_END = r"(?![./-]?\d)(?!:\d)"
# 2026-12-02 (also with / or .): a year first, so a dash is safe here.
ISO_DATE = re.compile(
    _WHOLE_GROUP_START
    + r"(?P<y>(?:19|20)\d\d)([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})"
    + _WHOLE_GROUP_END
)
# 02/12/2026, 2.12.26: day and month in either order, slashes or dots only, since dashed
# digit groups ("020-7946-0958") are how phone numbers are written.
DAY_MONTH_YEAR = re.compile(
    _WHOLE_GROUP_START
    + r"(?P<d>\d{1,2})([/.])(?P<m>\d{1,2})\2(?P<y>\d{4}|\d{2})"
    + _WHOLE_GROUP_END
)
# 10:30, 9:05:30: phone numbers have no colons.
TIME_OF_DAY = re.compile(
    _WHOLE_GROUP_START + r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?" + _WHOLE_GROUP_END
)
# 0.5, 1.25: a depth or another small measure, one digit before the point.
MEASURE = re.compile(_WHOLE_GROUP_START + r"\d\.\d{1,2}" + _WHOLE_GROUP_END)
PSEUDONYM_HINT = "use the clinic's pseudonymous code for the client (for example C-0142)"


@dataclass
class EntryInput:
    """What the form submits; areas map a region id to the needle depth used there (mm)."""

    treated_on: date
    client_ref: str
    fitzpatrick: int | None
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
    if BIRTH_DATE.search(text) or FULL_DATE.search(text):
        return (
            "Client reference: this holds a date, which may be a date of birth. The logbook "
            f"never stores what identifies a client; {PSEUDONYM_HINT}."
        )
    if not re.search(r"[A-Za-z]", text) and _looks_like_phone(text, 7):
        return (
            "Client reference: this looks like a phone number. The logbook never stores "
            f"contact details; {PSEUDONYM_HINT}."
        )
    if len(text) > CLIENT_REF_MAX:
        return f"Client reference: {len(text)} characters is too long; at most {CLIENT_REF_MAX}."
    if not REF_CHARS.match(text):
        return f"Client reference: use letters, digits, spaces and - _ . / only; {PSEUDONYM_HINT}."
    name = _name_with_digits(text)
    if name:
        return (
            f"Client reference: a word beside digits ('{name}') could be a name with a year "
            "of birth, such as 'Smith 1990', so it is not accepted. The logbook never stores "
            f"client names; {PSEUDONYM_HINT}, with no words or notes beside it."
        )
    dated = _word_beside_year(text)
    if dated:
        word, year = dated
        return (
            f"Client reference: '{word}' beside {year} could be a name with a year of birth, "
            "such as 'Khan 1990', 'KHAN1990' or 'Jo 1990', so it is not accepted. The logbook "
            f"never stores client names or years of birth; {PSEUDONYM_HINT}. A site's "
            "capitals may stand before a year only with the client's number after it (for "
            "example LDN2024-017)."
        )
    if _looks_like_name(text):
        return (
            "Client reference: this looks like a person's name (for example 'Jane Smith', "
            "'SMITH Jane', 'Jane.Smith' or 'Grace'). The logbook never stores client names; "
            f"{PSEUDONYM_HINT}."
        )
    return None


def _name_with_digits(text: str) -> str | None:
    """The first word of three letters or more (other than a code's words and a site's
    prefix) in a reference that has digits: a clinic's code pairs digits with initials or a
    site's capitals ("C-0042", "AC2024-017", "K7Q2", "GLA-0042"), never with a word, and any
    digits, 07 as much as 1990, can be part of a date of birth, so "Smith 1990",
    "J Smith 07" and "SmithJ1990" are a name, not a code. A name written as a site's
    prefix ("KHAN1990") or of two letters ("Jo 1990") passes here and is caught by
    ``_word_beside_year``."""
    prefix = SITE_PREFIX.match(text)
    parts = REF_PARTS.findall(text[prefix.end() :] if prefix else text)
    if not any(p.isdigit() for p in parts):
        return None
    return next(
        (p for p in parts if p.isalpha() and len(p) >= 3 and p.lower() not in CODE_WORDS),
        None,
    )


def _word_beside_year(text: str) -> tuple[str, str] | None:
    """The first word of two letters or more (other than a code's words) beside a year
    from 1900 to 2029, before or after it, joined or not, with that year: a surname or a
    first name with a year of birth ("KHAN1990", "Jo 1990", "1990-li"). The one shape
    kept is a dated code: a site's two to four capitals opening the reference, joined to
    the year, with the client's number after it ("LDN2024-017", "AC2024-017"). Single
    letters beside a year ("2026/A/14") stay initials of a code."""
    parts = list(REF_PARTS.finditer(text))
    for i, part in enumerate(parts):
        if not (part.group().isdigit() and BIRTH_YEAR.fullmatch(part.group())):
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(parts):
                continue
            word = parts[j].group()
            if not word.isalpha() or len(word) < 2 or word.lower() in CODE_WORDS:
                continue
            if j == 0 and _dated_code(text, parts):
                continue
            return word, part.group()
    return None


def _dated_code(text: str, parts: list[re.Match[str]]) -> bool:
    """Whether the reference opens as a site's dated code: capitals, the year joined to
    them (or after one of - _ . /), then one of those and the client's number."""
    if len(parts) < 3 or not DATED_CODE_PREFIX.fullmatch(parts[0].group()):
        return False
    year, number = parts[1], parts[2]
    return (
        text[parts[0].end() : year.start()] in {"", *CODE_SEPARATORS}
        and text[year.end() : number.start()] in CODE_SEPARATORS
        and number.group().isdigit()
    )


def _looks_like_name(text: str) -> bool:
    """Two words of two letters or more (other than a code's words such as "client"), or
    one such word with no digit: a clinic's code has digits, a person's name has none.
    Initials and single letters ("C-0142", "Client A", "2026/A/14") stay codes."""
    parts = REF_PARTS.findall(text)
    words = [p for p in parts if p.isalpha() and len(p) > 1 and p.lower() not in CODE_WORDS]
    has_digit = any(p.isdigit() for p in parts)
    return len(words) >= 2 or (bool(words) and not has_digit)


def identifying_text_problem(
    label: str,
    value: str,
    prose: bool = True,
    *,
    maximum: int = TEXT_MAX,
    kept_in: str = "the logbook",
) -> str | None:
    """Why a free-text field cannot be kept: longer than ``maximum``, or it identifies
    someone. ``kept_in`` names where the text would be stored (a sign-off note too)."""
    if len(value) > maximum:
        return f"{label}: {len(value):,} characters is too long; at most {maximum:,}."
    if EMAIL.search(value):
        return f"{label}: remove the e-mail address; {kept_in} never stores contact details."
    if prose and _looks_like_phone(_without_dates_times_and_measures(value), 9):
        return f"{label}: remove the phone number; {kept_in} never stores contact details."
    if prose and BIRTH_DATE.search(value):
        return (
            f"{label}: remove the date of birth; {kept_in} never stores what identifies a "
            "client. Write the age in years if it matters (for example 'aged 34')."
        )
    return None


def _looks_like_phone(text: str, digits: int) -> bool:
    """A run of at least ``digits`` digits; prose allows shorter runs such as dates."""
    return any(sum(c.isdigit() for c in run.group()) >= digits for run in DIGIT_RUN.finditer(text))


def _without_dates_times_and_measures(text: str) -> str:
    """``text`` with each date, time of day and small measure replaced by a break in any
    run of digits, so "Reviewed 2026-12-02 10:30" or the depths "0.5 0.5 1.0 1.0 1.5" are
    not read as a ten-digit phone number. Only a real calendar date is taken out
    ("31.02.2026" is not one), day and month in either order."""

    def as_break(found: re.Match[str]) -> str:
        return ";" if _is_date(found) else found.group()

    text = TIME_OF_DAY.sub(";", text)
    text = ISO_DATE.sub(as_break, text)
    text = DAY_MONTH_YEAR.sub(as_break, text)
    return MEASURE.sub(";", text)


def _is_date(found: re.Match[str]) -> bool:
    year, first, second = int(found["y"]), int(found["d"]), int(found["m"])
    if len(found["y"]) == 2:
        year += 2000
    for day, month in ((first, second), (second, first)):
        try:
            date(year, month, day)
        except ValueError:
            continue
        return True
    return False


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


def not_treated_problem(area_name: str, reason: str) -> str:
    """Why an area the course never needles cannot be recorded, at any depth."""
    return (
        f"{area_name}: the course does not treat this area, {reason}. The logbook cannot "
        "record it; if it was needled, tell your supervisor now."
    )


def clinic_today(now: datetime, zone_name: str | None) -> date:
    """Today's date where the clinic is (``now`` in naive UTC), not in UTC."""
    return local(now, zone_name).date()


def review_flags(
    areas: Mapping[str, float],
    regions: Mapping[str, str],
    not_treated: Mapping[str, str],
    settings: ClinicSettings,
) -> list[str]:
    """Flags worked out when an entry is read, so an entry stored before a rule (an area
    never needled, a lower depth limit) still shows the supervisor what it breaks."""
    flags = [
        f"Area the course does not treat, {not_treated[a]}: {regions.get(a, a)}. Return this "
        "entry; it cannot be countersigned."
        for a in areas
        if a in not_treated
    ]
    flags += [
        f"Depth above the clinic's current limit of {settings.depth_limit_mm:g} mm: "
        f"{regions.get(a, a)} {depth:g} mm."
        for a, depth in areas.items()
        if a not in not_treated and depth > settings.depth_limit_mm + 1e-9
    ]
    return flags


def never_needled(areas: Iterable[str], not_treated: Mapping[str, str]) -> list[str]:
    """The areas of an entry that the course never needles."""
    return [a for a in areas if a in not_treated]


def check(
    entry: EntryInput,
    lists: LogbookLists,
    regions: dict[str, str],
    settings: ClinicSettings,
    today: date,
    not_treated: Mapping[str, str],
) -> tuple[dict, list[str]]:
    """The details to store and the flags for the supervisor, or LogbookError with every
    problem. ``regions`` maps region ids to their names; ``not_treated`` maps the ids of
    regions the course never needles to the reason (content/regions.yaml); ``today`` is
    the clinic's date."""
    problems: list[str] = []
    ref_problem = client_ref_problem(entry.client_ref)
    if ref_problem:
        problems.append(ref_problem)
    if entry.treated_on > today:
        problems.append(
            f"Date of treatment: {entry.treated_on:%d %b %Y} is in the future; the clinic's "
            f"date today is {today:%d %b %Y}."
        )
    if entry.fitzpatrick not in range(1, 7):
        problems.append(
            "Fitzpatrick skin type: choose the client's type, I to VI. Types IV to VI, and dark "
            "marks after past injuries at any type, put the client on the PIH protocol; your "
            "clinic may also require a countersigned treatment on type IV to VI skin."
        )
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
        if region_id in not_treated:
            problems.append(not_treated_problem(regions[region_id], not_treated[region_id]))
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

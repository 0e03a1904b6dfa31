"""Clinic settings kept in the database, so they survive redeploys.

``ClinicSettings`` is the one description of every setting: its default, its bounds, its
label and unit. Validation, the defaults and the Settings form all read it, and no other
module touches the settings table.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from . import audit
from .acting import ADMINISTERING, Actor, require
from .errors import UserError
from .store.engine import reading, transaction
from .store.schema import settings as settings_table
from .store.upsert import upsert

# Older versions stored this hint as the jurisdiction itself; it means "not set".
OLD_JURISDICTION_HINT = "Not set: check the rules of your licensing board"
JURISDICTION_NOT_SET = "jurisdiction not set: check the rules of your licensing board"
# Rows of the settings table that are not clinic settings.
_COOKIE_KEY = "cookie_key"
_FIRST_ADMIN = "first_admin_created"
# The depth limit is kept in hundredths of a millimetre, up to this ceiling.
DEPTH_STEP_MM = 0.01
DEPTH_CEILING_MM = 3
# Files in the server's time zone folder that name no place: "localtime" is whatever the
# server is set to, "Factory" a placeholder for "not set". The zone list includes them.
SERVER_ZONE_FILES = frozenset({"localtime", "Factory", "posixrules"})
# Walking the zone folder takes a while; the list cannot change while the process runs.
_zone_names = cache(available_timezones)


def _setting(
    default: Any,
    label: str,
    unit: str = "",
    why: str = "",
    zero_means: str = "",
    **bounds: Any,
) -> Any:
    """A field with its label; ``unit`` names a number's unit (days, mm), ``why`` follows a
    refusal, ``zero_means`` says what 0 stands for in an optional number."""
    extra: dict[str, Any] = {"unit": unit, "why": why, "zero_means": zero_means}
    return Field(default, title=label, json_schema_extra=extra, **bounds)


class ClinicSettings(BaseModel):
    """Every clinic setting, with its default and the values NeedleWise accepts."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    clinic_name: str = _setting(
        "NeedleWise training",
        "Clinic name",
        why="certificates print it",
        min_length=1,
        max_length=200,
    )
    jurisdiction: str = _setting("", "Jurisdiction", max_length=200)
    depth_limit_mm: float = _setting(
        0.5,
        "Practice needle-depth limit",
        unit="mm",
        why="no licensing rule or study in the course goes deeper than 3 mm",
        gt=0,
        le=DEPTH_CEILING_MM,
    )
    certificate_validity_months: int | None = _setting(
        None,
        "Certificate validity",
        unit="months",
        zero_means="uses the course default",
        ge=1,
        le=120,
    )
    self_registration: bool = _setting(True, "Self-registration")
    inactive_days: int = _setting(14, "Inactive after", unit="days", ge=1, le=365)
    mastery_threshold: float = _setting(70, "Mastery threshold", unit="%", ge=1, le=100)
    logo_png: str | None = _setting(None, "Clinic logo")
    review_all_questions: bool = _setting(False, "Daily review of every question")
    time_zone: str = _setting("UTC", "Time zone")
    logbook_for_certificate: bool = _setting(False, "Certificate requires countersigned treatments")
    logbook_required_treatments: int = _setting(
        5, "Countersigned treatments required", unit="treatments", ge=1, le=200
    )
    logbook_require_dark_skin: bool = _setting(False, "At least one treatment on Fitzpatrick IV-VI")
    logbook_require_follow_up: bool = _setting(False, "At least one treatment with a follow-up")
    logbook_retention_months: int | None = _setting(
        None, "Logbook retention", unit="months", zero_means="keeps entries", ge=1, le=600
    )
    logbook_retention_action: Literal["anonymise", "delete"] = _setting(
        "anonymise", "After the retention period"
    )
    instructors_publish: bool = _setting(
        False, "Instructors may publish quizzes written in the app"
    )

    @field_validator("certificate_validity_months", "logbook_retention_months", mode="before")
    @classmethod
    def _zero_is_unset(cls, value: Any) -> Any:
        return None if value in (None, "", 0) else value

    @field_validator("depth_limit_mm")
    @classmethod
    def _to_hundredths(cls, value: float) -> float:
        """The limit is kept in hundredths of a millimetre, so its floor is checked on the
        value as stored: 0.004 passes "above 0" but would be saved as 0. (Rounding cannot
        take a value at most the ceiling above it.)"""
        stored = round(value, 2)
        if stored < DEPTH_STEP_MM:
            raise ValueError(
                f"{value:g} mm is below {DEPTH_STEP_MM:g} mm, the smallest step the limit is "
                f"kept in (it would be saved as {stored:g} mm); give {DEPTH_STEP_MM:g} mm or more"
            )
        return stored

    @field_validator("logo_png")
    @classmethod
    def _png(cls, value: Any) -> str | None:
        """A PNG image of at most MAX_LOGO_MB, as base64 text (the certificate prints it)."""
        if not value:
            return None
        try:
            data = base64.b64decode(str(value), validate=True)
        except binascii.Error:
            data = b""
        if len(data) > MAX_LOGO_MB * 1_000_000 or not data.startswith(b"\x89PNG"):
            raise ValueError(
                f"the file is not a PNG image of at most {MAX_LOGO_MB} MB "
                f"({len(data) / 1_000_000:.1f} MB)"
            )
        return str(value)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        if not name:
            return ""  # each visitor's browser time zone
        if name in SERVER_ZONE_FILES:
            raise ValueError(
                f"'{name}' is a file of the server's time zone folder, not the name of a "
                "place's time zone; use one like Europe/London or America/Denver (the IANA "
                "names)"
            )
        if name not in _zone_names():
            raise ValueError(
                f"'{name}' is not a time zone name; use one like Europe/London or "
                "America/Denver (the IANA names)"
            )
        return name

    @property
    def where(self) -> str:
        """The jurisdiction as lessons name it, or a reminder that it is not set."""
        return self.jurisdiction or JURISDICTION_NOT_SET


DEFAULTS: dict[str, Any] = {
    key: field.default for key, field in ClinicSettings.model_fields.items()
}
LABELS: dict[str, str] = {
    key: field.title or key for key, field in ClinicSettings.model_fields.items()
}


@dataclass(frozen=True)
class Limits:
    """What a number setting accepts, as the form and the messages state it."""

    unit: str
    low: float | None
    high: float | None
    above_low: bool  # more than ``low`` rather than at least
    zero_means: str
    why: str

    @property
    def range(self) -> str:
        if self.above_low:
            return f"above {self.low:g} and at most {self.high:g}"
        return f"{self.low:g} to {self.high:g}"


def limits(key: str) -> Limits:
    """The bounds, unit and notes of a setting, read from ``ClinicSettings``."""
    field = ClinicSettings.model_fields[key]
    extra = field.json_schema_extra
    assert isinstance(extra, dict)
    low = high = None
    above_low = False
    # Pydantic keeps each bound as a small object named for it (gt, ge, le, max_length).
    for bound in field.metadata:
        if getattr(bound, "gt", None) is not None:
            low, above_low = bound.gt, True
        for name in ("ge", "min_length"):
            low = getattr(bound, name, low)
        for name in ("le", "max_length"):
            high = getattr(bound, name, high)
    return Limits(
        str(extra["unit"]), low, high, above_low, str(extra["zero_means"]), str(extra["why"])
    )


def form_label(key: str) -> str:
    """A number field's label with its unit and range: 'Inactive after (days, 1 to 365)'."""
    found = limits(key)
    accepted = found.range + (f"; 0 {found.zero_means}" if found.zero_means else "")
    unit = "" if found.unit in LABELS[key].lower() else found.unit
    return f"{LABELS[key]} ({', '.join(filter(None, [unit, accepted]))})"


MAX_LOGO_MB = 1


class SettingsError(UserError):
    """Some settings were refused; ``problems`` maps each setting to what is wrong."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__(
            "; ".join(f"{LABELS.get(k, k)}: {message}" for k, message in problems.items())
        )


def read_all(source: Engine | Connection) -> ClinicSettings:
    with reading(source) as connection:
        rows = dict(
            connection.execute(
                select(settings_table.c.key, settings_table.c.value).where(
                    settings_table.c.key.in_(DEFAULTS)
                )
            ).all()
        )
    if rows.get("jurisdiction") == OLD_JURISDICTION_HINT:
        rows["jurisdiction"] = ""
    # Stored values were checked when saved; a rule tightened since must not lock anyone out.
    return ClinicSettings.model_construct(**{**DEFAULTS, **rows})


def _shown_number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else repr(value)


def _problem(key: str, value: Any, error: Any) -> str:
    """What is wrong with one refused value, in the words of its field."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown setting {key!r}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"'{value}' is not one of {expected}"
    found = limits(key)
    if kind.startswith("string_"):
        if found.low is not None:
            text = f"give {found.low:g} to {found.high:g} characters"
        else:
            text = f"{len(str(value))} characters is too long; at most {found.high:g}"
        return f"{text}; {found.why}" if found.why else text
    if kind in ("greater_than", "greater_than_equal", "less_than_equal"):
        space = "" if found.unit == "%" else " "
        outside = "is outside the range" if found.above_low else "is outside"
        text = f"{_shown_number(value)}{space}{found.unit} {outside} {found.range}"
        if found.zero_means:
            text += f" (0 {found.zero_means})"
        return f"{text}; {found.why}" if found.why else text
    if kind == "string_type":
        return f"{value!r} is not text"
    if kind.startswith("bool"):
        return f"{value!r} is neither on nor off"
    whole = "a whole number" if kind.startswith("int") else "a number"
    return f"{value!r} is not {whole}"


def check(changes: dict[str, Any]) -> dict[str, Any]:
    """The cleaned values, or SettingsError naming every refused setting at once."""
    try:
        valid = ClinicSettings.model_validate({**DEFAULTS, **changes})
    except ValidationError as exc:
        problems: dict[str, str] = {}
        for error in exc.errors():
            key = str(error["loc"][0])
            problems.setdefault(key, _problem(key, changes.get(key), error))
        raise SettingsError(problems) from None
    return {key: getattr(valid, key) for key in changes}


def changed(before: ClinicSettings, after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """(old, new) of each setting whose value differs."""
    return {
        key: (getattr(before, key), value)
        for key, value in after.items()
        if getattr(before, key) != value
    }


def save(engine: Engine, changes: dict[str, Any], actor: Actor) -> dict[str, tuple[Any, Any]]:
    """Store the settings given, all or none; returns (old, new) of each that changed.

    Raises SettingsError, saving nothing, when any value is refused. A value confirmed
    unchanged is stored too (the administrator chose it, as the set-up checklist needs to
    know); the audit log records only what changed, as old and new values (an image as
    "(image)").
    """
    require(actor, ADMINISTERING, "change the clinic's settings")
    cleaned = check(changes)
    before = read_all(engine)
    differences = changed(before, cleaned)
    with transaction(engine) as connection:
        for key, value in cleaned.items():
            upsert(connection, settings_table, {"key": key, "value": value}, ["key"], ["value"])
        if differences:
            shown = {
                key: [_shown(key, old), _shown(key, new)] for key, (old, new) in differences.items()
            }
            audit.record(
                connection, "settings_changed", actor=actor.username, detail=json.dumps(shown)
            )
    return differences


def _shown(key: str, value: Any) -> Any:
    return "(image)" if key == "logo_png" and value else value


def rotate_cookie_key(engine: Engine, actor: Actor) -> None:
    """Replace the stored cookie-signing key and end every session: everyone signs in again.

    Anyone who has read the database (a backup, say) could mint sign-in cookies with the
    old key; after this they cannot.
    """
    from .sign_ins import end_all_sessions

    require(actor, ADMINISTERING, "replace the cookie key")
    with transaction(engine) as connection:
        upsert(
            connection,
            settings_table,
            {"key": _COOKIE_KEY, "value": secrets.token_urlsafe(48)},
            ["key"],
            ["value"],
        )
        end_all_sessions(connection)
        audit.record(connection, "cookie_key_rotated", actor=actor.username)


def cookie_key(engine: Engine) -> str:
    """The cookie-signing key: generated once and kept, so restarts keep people signed in."""
    with engine.connect() as connection:
        found = connection.execute(
            select(settings_table.c.value).where(settings_table.c.key == _COOKIE_KEY)
        ).scalar()
    if found:
        return str(found)
    try:
        with transaction(engine) as connection:
            connection.execute(
                settings_table.insert().values(key=_COOKIE_KEY, value=secrets.token_urlsafe(48))
            )
    except IntegrityError:
        pass  # another process created it first; use theirs
    with engine.connect() as connection:
        return str(
            connection.execute(
                select(settings_table.c.value).where(settings_table.c.key == _COOKIE_KEY)
            ).scalar_one()
        )


def saved_keys(engine: Engine) -> set[str]:
    """The clinic settings an administrator has saved at least once."""
    with engine.connect() as connection:
        return set(
            connection.execute(
                select(settings_table.c.key).where(settings_table.c.key.in_(DEFAULTS))
            ).scalars()
        )


# Submit reads the daily-review setting in the statement that locks the attempt.
REVIEW_ALL = (
    select(settings_table.c.value)
    .where(settings_table.c.key == "review_all_questions")
    .scalar_subquery()
)


def review_all(stored: Any) -> bool:
    """The daily-review setting, from the value ``REVIEW_ALL`` read (None when unsaved)."""
    return bool(DEFAULTS["review_all_questions"] if stored is None else stored)


def claim_first_admin(connection: Connection) -> None:
    """Mark, inside the caller's transaction, that the first administrator is being made.

    The row's primary key makes a second, simultaneous set-up fail with IntegrityError.
    """
    connection.execute(settings_table.insert().values(key=_FIRST_ADMIN, value=True))

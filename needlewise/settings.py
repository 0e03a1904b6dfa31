"""Clinic settings kept in the database, so they survive redeploys."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from . import audit
from .acting import ADMINISTERING, Actor, require
from .errors import UserError
from .store.engine import transaction
from .store.schema import settings as settings_table
from .store.upsert import upsert

DEFAULTS: dict[str, Any] = {
    "clinic_name": "NeedleWise training",
    "jurisdiction": "",
    "depth_limit_mm": 0.5,
    "certificate_validity_months": None,
    "self_registration": True,
    "inactive_days": 14,
    "mastery_threshold": 70,
    "logo_png": None,
    "review_all_questions": False,
    "time_zone": "UTC",
    "logbook_for_certificate": False,
    "logbook_required_treatments": 5,
    "logbook_require_dark_skin": False,
    "logbook_require_follow_up": False,
    "logbook_retention_months": None,
    "logbook_retention_action": "anonymise",
    "instructors_publish": False,
}
# Older versions stored this hint as the jurisdiction itself; it means "not set".
OLD_JURISDICTION_HINT = "Not set: check the rules of your licensing board"
JURISDICTION_NOT_SET = "jurisdiction not set: check the rules of your licensing board"
LABELS = {
    "clinic_name": "Clinic name",
    "jurisdiction": "Jurisdiction",
    "depth_limit_mm": "Practice needle-depth limit",
    "certificate_validity_months": "Certificate validity",
    "self_registration": "Self-registration",
    "inactive_days": "Inactive after",
    "mastery_threshold": "Mastery threshold",
    "logo_png": "Clinic logo",
    "review_all_questions": "Daily review of every question",
    "time_zone": "Time zone",
    "logbook_for_certificate": "Certificate requires countersigned treatments",
    "logbook_required_treatments": "Countersigned treatments required",
    "logbook_require_dark_skin": "At least one treatment on Fitzpatrick IV-VI",
    "logbook_require_follow_up": "At least one treatment with a follow-up",
    "logbook_retention_months": "Logbook retention",
    "logbook_retention_action": "After the retention period",
    "instructors_publish": "Instructors may publish quizzes written in the app",
}


MAX_LOGO_MB = 1


class SettingsError(UserError):
    """Some settings were refused; ``problems`` maps each setting to what is wrong."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__(
            "; ".join(f"{LABELS.get(k, k)}: {message}" for k, message in problems.items())
        )


@dataclass(frozen=True)
class ClinicSettings:
    clinic_name: str
    jurisdiction: str
    depth_limit_mm: float
    certificate_validity_months: int | None
    self_registration: bool
    inactive_days: int
    mastery_threshold: float
    logo_png: str | None
    review_all_questions: bool
    time_zone: str
    logbook_for_certificate: bool
    logbook_required_treatments: int
    logbook_require_dark_skin: bool
    logbook_require_follow_up: bool
    logbook_retention_months: int | None
    logbook_retention_action: str
    instructors_publish: bool

    @property
    def where(self) -> str:
        """The jurisdiction as lessons name it, or a reminder that it is not set."""
        return self.jurisdiction or JURISDICTION_NOT_SET


def read_all(engine: Engine) -> ClinicSettings:
    with engine.connect() as connection:
        rows = dict(
            connection.execute(
                select(settings_table.c.key, settings_table.c.value).where(
                    settings_table.c.key.in_(DEFAULTS)
                )
            ).all()
        )
    if rows.get("jurisdiction") == OLD_JURISDICTION_HINT:
        rows["jurisdiction"] = ""
    return ClinicSettings(**{key: rows.get(key, default) for key, default in DEFAULTS.items()})


def _number(value: Any, kind: type) -> Any:
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None


def validate(key: str, value: Any) -> Any:
    """The value to store, or ValueError saying what is wrong with it and why."""
    if key not in DEFAULTS:
        raise ValueError(f"unknown setting {key!r}")
    if key == "depth_limit_mm":
        number = _number(value, float)
        if not 0 < number <= 3:
            raise ValueError(
                f"{number:g} mm is outside the range NeedleWise accepts (more than 0 and at "
                "most 3 mm); no licensing rule or study in the course goes deeper than 3 mm"
            )
        return round(number, 2)
    if key == "clinic_name":
        text = str(value).strip()
        if not 1 <= len(text) <= 200:
            raise ValueError("give a name of 1 to 200 characters; certificates print it")
        return text
    if key == "jurisdiction":
        text = str(value).strip()
        if len(text) > 200:
            raise ValueError(f"{len(text)} characters is too long; at most 200")
        return text
    if key == "certificate_validity_months":
        if value in (None, "", 0):
            return None
        months = _number(value, int)
        if not 1 <= months <= 120:
            raise ValueError(f"{months} months is outside 1 to 120 (0 uses the course default)")
        return months
    if key == "inactive_days":
        days = _number(value, int)
        if not 1 <= days <= 365:
            raise ValueError(f"{days} days is outside 1 to 365")
        return days
    if key == "mastery_threshold":
        number = _number(value, float)
        if not 0 < number <= 100:
            raise ValueError(f"{number:g}% is not a percentage from 1 to 100")
        return number
    if key == "time_zone":
        name = str(value).strip()
        if not name:
            return ""  # each visitor's browser time zone
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"'{name}' is not a time zone name; use one like Europe/London or "
                "America/Denver (the IANA names)"
            ) from None
        return name
    if key == "logbook_required_treatments":
        count = _number(value, int)
        if not 1 <= count <= 200:
            raise ValueError(f"{count} treatments is outside 1 to 200")
        return count
    if key == "logbook_retention_months":
        if value in (None, "", 0):
            return None  # kept until an admin sets a period
        months = _number(value, int)
        if not 1 <= months <= 600:
            raise ValueError(f"{months} months is outside 1 to 600 (0 keeps entries)")
        return months
    if key == "logbook_retention_action":
        if value not in ("anonymise", "delete"):
            raise ValueError(f"'{value}' is neither 'anonymise' nor 'delete'")
        return value
    if key == "logo_png":
        return _logo(value)
    if key in {
        "self_registration",
        "review_all_questions",
        "logbook_for_certificate",
        "logbook_require_dark_skin",
        "logbook_require_follow_up",
        "instructors_publish",
    }:
        return bool(value)
    return value


def _logo(value: Any) -> str | None:
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


def check(changes: dict[str, Any]) -> dict[str, Any]:
    """The cleaned values, or SettingsError naming every refused setting at once."""
    cleaned: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for key, value in changes.items():
        try:
            cleaned[key] = validate(key, value)
        except ValueError as exc:
            problems[key] = str(exc)
    if problems:
        raise SettingsError(problems)
    return cleaned


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
    from .accounts import end_all_sessions

    require(actor, ADMINISTERING, "replace the cookie key")
    with transaction(engine) as connection:
        upsert(
            connection,
            settings_table,
            {"key": "cookie_key", "value": secrets.token_urlsafe(48)},
            ["key"],
            ["value"],
        )
        end_all_sessions(connection)
        audit.record(connection, "cookie_key_rotated", actor=actor.username)


def cookie_key(engine: Engine) -> str:
    """The cookie-signing key: generated once and kept, so restarts keep people signed in."""
    with engine.connect() as connection:
        found = connection.execute(
            select(settings_table.c.value).where(settings_table.c.key == "cookie_key")
        ).scalar()
    if found:
        return str(found)
    try:
        with transaction(engine) as connection:
            connection.execute(
                settings_table.insert().values(key="cookie_key", value=secrets.token_urlsafe(48))
            )
    except IntegrityError:
        pass  # another process created it first; use theirs
    with engine.connect() as connection:
        return str(
            connection.execute(
                select(settings_table.c.value).where(settings_table.c.key == "cookie_key")
            ).scalar_one()
        )

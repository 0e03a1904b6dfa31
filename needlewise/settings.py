"""Clinic settings kept in the database, so they survive redeploys."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from . import audit
from .store.engine import transaction
from .store.schema import settings as settings_table
from .store.upsert import upsert

DEFAULTS: dict[str, Any] = {
    "clinic_name": "NeedleWise training",
    "jurisdiction": "Not set: check the rules of your licensing board",
    "depth_limit_mm": 0.5,
    "certificate_validity_months": None,
    "self_registration": True,
    "inactive_days": 14,
    "mastery_threshold": 70,
    "logo_png": None,
    "review_all_questions": False,
}


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


def read_all(engine: Engine) -> ClinicSettings:
    with engine.connect() as connection:
        rows = dict(
            connection.execute(
                select(settings_table.c.key, settings_table.c.value).where(
                    settings_table.c.key.in_(DEFAULTS)
                )
            ).all()
        )
    return ClinicSettings(**{key: rows.get(key, default) for key, default in DEFAULTS.items()})


def validate(key: str, value: Any) -> Any:
    """The value to store, or ValueError saying what is wrong with it."""
    if key not in DEFAULTS:
        raise ValueError(f"unknown setting {key!r}")
    if key == "depth_limit_mm":
        number = float(value)
        if not 0 < number <= 3:
            raise ValueError("the depth limit must be more than 0 and at most 3 mm")
        return round(number, 2)
    if key in {"clinic_name", "jurisdiction"}:
        text = str(value).strip()
        if not 1 <= len(text) <= 200:
            raise ValueError(f"{key.replace('_', ' ')} must be 1 to 200 characters")
        return text
    if key == "certificate_validity_months":
        if value in (None, ""):
            return None
        months = int(value)
        if not 1 <= months <= 120:
            raise ValueError("certificate validity must be 1 to 120 months")
        return months
    if key == "inactive_days":
        days = int(value)
        if not 1 <= days <= 365:
            raise ValueError("inactive days must be 1 to 365")
        return days
    if key == "mastery_threshold":
        number = float(value)
        if not 0 < number <= 100:
            raise ValueError("the mastery threshold is a percentage from 1 to 100")
        return number
    if key in {"self_registration", "review_all_questions"}:
        return bool(value)
    return value


def save(engine: Engine, changes: dict[str, Any], actor: str) -> None:
    cleaned = {key: validate(key, value) for key, value in changes.items()}
    with transaction(engine) as connection:
        for key, value in cleaned.items():
            upsert(connection, settings_table, {"key": key, "value": value}, ["key"], ["value"])
        shown = {k: ("(image)" if k == "logo_png" and v else v) for k, v in cleaned.items()}
        audit.record(connection, "settings_changed", actor=actor, detail=json.dumps(shown))


def rotate_cookie_key(engine: Engine, actor: str) -> None:
    """Replace the stored cookie-signing key and end every session: everyone signs in again.

    Anyone who has read the database (a backup, say) could mint sign-in cookies with the
    old key; after this they cannot.
    """
    from .accounts import end_all_sessions

    with transaction(engine) as connection:
        upsert(
            connection,
            settings_table,
            {"key": "cookie_key", "value": secrets.token_urlsafe(48)},
            ["key"],
            ["value"],
        )
        end_all_sessions(connection)
        audit.record(connection, "cookie_key_rotated", actor=actor)


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

"""What a new clinic's administrator does after set-up, and which of it is done."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from . import settings
from .store.schema import invitations, users


@dataclass(frozen=True)
class SetupStep:
    label: str
    page: str  # a page key (needlewise.access)
    done: bool


def setup_steps(engine: Engine) -> list[SetupStep]:
    """The steps, in order, each done once its value is really set.

    Saving the Settings form stores every field on it, so "saved" alone would tick a step
    whose field was left as it was: the clinic name counts once it is not the default, the
    jurisdiction once it is not empty, and the depth limit (where the default is a real,
    common limit) once an administrator has saved it.
    """
    stored = settings.saved_keys(engine)
    current = settings.read_all(engine)
    with engine.connect() as connection:
        people = connection.execute(select(func.count()).select_from(users)).scalar_one()
        invited = connection.execute(select(func.count()).select_from(invitations)).scalar_one()
    settings_page = "settings"
    return [
        SetupStep(
            "Set your clinic name, shown on every page and on certificates",
            settings_page,
            current.clinic_name != settings.DEFAULTS["clinic_name"],
        ),
        SetupStep(
            "Set your jurisdiction: where your practitioners work and under which licence",
            settings_page,
            bool(current.jurisdiction.strip()),
        ),
        SetupStep(
            "Set the needle-depth limit your licensing board allows; lessons warn above it",
            settings_page,
            "depth_limit_mm" in stored,
        ),
        SetupStep(
            "Add the people who will use NeedleWise (instructors and trainees), or invite "
            "them to register",
            "people",
            people > 1 or invited > 0,
        ),
    ]

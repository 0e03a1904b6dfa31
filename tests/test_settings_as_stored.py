"""A clinic setting is checked as it will be stored: the depth limit kept in hundredths of
a millimetre cannot round to 0, the time zone is a place's IANA name rather than a file of
the server's zone folder, and the set-up checklist ticks a step only when its value is set."""

from __future__ import annotations

import pytest

from needlewise import settings
from needlewise.acting import Operator
from needlewise.getting_started import setup_steps
from needlewise.settings import SettingsError

from .builders import add_user


def refusal(key, value) -> str:
    with pytest.raises(SettingsError) as refused:
        settings.check({key: value})
    return refused.value.problems[key]


@pytest.mark.parametrize("depth", [0.004, 0.0049, "0.001"])
def test_a_depth_limit_that_would_be_stored_as_zero_is_refused(depth):
    message = refusal("depth_limit_mm", depth)
    assert "below 0.01 mm, the smallest step the limit is kept in" in message
    assert "saved as 0 mm" in message


def test_the_smallest_step_and_values_rounding_up_to_it_are_kept():
    assert settings.check({"depth_limit_mm": 0.01}) == {"depth_limit_mm": 0.01}
    assert settings.check({"depth_limit_mm": 0.005}) == {"depth_limit_mm": 0.01}
    assert settings.check({"depth_limit_mm": 2.999}) == {"depth_limit_mm": 3.0}


def test_a_refused_depth_limit_saves_nothing(engine):
    add_user(engine, "ada", roles=("admin",))
    with pytest.raises(SettingsError):
        settings.save(
            engine, {"depth_limit_mm": 0.004, "clinic_name": "Clear Skin"}, actor=Operator("ada")
        )
    assert settings.saved_keys(engine) == set()
    assert settings.read_all(engine).depth_limit_mm == 0.5


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "posix/Europe/London"])
def test_names_tied_to_the_server_are_not_time_zones(name):
    assert "IANA" in refusal("time_zone", name)


def test_localtime_is_refused_as_the_servers_own_setting():
    assert "a file of the server's time zone folder" in refusal("time_zone", "localtime")


@pytest.mark.parametrize("name", ["Europe/London", "Pacific/Auckland", "UTC", ""])
def test_iana_names_and_the_browsers_zone_are_kept(name):
    assert settings.check({"time_zone": name}) == {"time_zone": name}


def test_saving_the_form_unchanged_ticks_no_clinic_name_or_jurisdiction(engine):
    add_user(engine, "ada", roles=("admin",))
    # What the Settings form sends when only the depth limit was changed.
    settings.save(
        engine,
        {"clinic_name": "NeedleWise training", "jurisdiction": "", "depth_limit_mm": 1.0},
        actor=Operator("ada"),
    )
    name, jurisdiction, depth, people = (step.done for step in setup_steps(engine))
    assert (name, jurisdiction, depth, people) == (False, False, True, False)
    settings.save(
        engine, {"clinic_name": "Clear Skin", "jurisdiction": "Utah, USA"}, actor=Operator("ada")
    )
    assert [step.done for step in setup_steps(engine)][:2] == [True, True]

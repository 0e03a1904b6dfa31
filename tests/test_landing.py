"""Fast checks of the pieces behind deep links and the first run (the browser journeys in
test_journeys_admin.py check them end to end): which page an address names, the
stand-in pages a signed-out visitor gets, the set-up checklist and form validation."""

from __future__ import annotations

import pytest

from needlewise import accounts, settings
from needlewise.access import ALL_PAGES, SIGNED_IN, pages_for
from needlewise.acting import Operator
from needlewise.getting_started import setup_steps
from needlewise.ui.landing import page_in_address

from .builders import PASSWORD, add_user

KNOWN = [spec.address for spec in ALL_PAGES]


def test_an_address_names_its_page_whatever_comes_before_it():
    assert page_in_address("http://localhost:8501/settings", KNOWN) == "settings"
    assert page_in_address("https://clinic.example/training/lesson/", KNOWN) == "lesson"
    assert page_in_address("http://localhost:8501", KNOWN) is None
    assert page_in_address("http://localhost:8501/", KNOWN) is None
    assert page_in_address("http://localhost:8501/nothing-here", KNOWN) is None
    assert page_in_address(None, KNOWN) is None


def test_a_signed_out_visitor_gets_the_sign_in_form_at_every_other_address():
    found = pages_for("signed_out")
    addresses = [spec.address for spec in found]
    assert len(addresses) == len(set(addresses))
    assert {spec.address for spec in SIGNED_IN} <= set(addresses)
    stand_ins = [spec for spec in found if spec.url_path]
    assert stand_ins and all(s.path == "views/sign_in.py" and s.hidden for s in stand_ins)
    assert found[0].address == "sign_in" and not found[0].url_path


def test_a_forced_password_change_stands_in_everywhere_and_signed_in_pages_are_real():
    changing = pages_for("must_change_password")
    assert {s.path for s in changing if s.stand_in} == {"views/change_password.py"}
    assert "settings" in {s.address for s in changing}
    assert not [s for s in pages_for("signed_in", ("admin",)) if s.stand_in]
    assert "getting_started" in {s.address for s in pages_for("signed_in", ("admin",))}
    assert "getting_started" not in {s.address for s in pages_for("signed_in", ("instructor",))}


def test_the_set_up_checklist_follows_what_the_admin_did(sqlite_engine):
    add_user(sqlite_engine, "ada", roles=("admin",))
    assert [step.done for step in setup_steps(sqlite_engine)] == [False] * 4
    settings.save(
        sqlite_engine,
        {"clinic_name": "Clear Skin", "jurisdiction": "Utah, USA", "depth_limit_mm": 0.5},
        actor=Operator("ada"),
    )
    assert [step.done for step in setup_steps(sqlite_engine)] == [True, True, True, False]
    add_user(sqlite_engine, "tess")
    assert all(step.done for step in setup_steps(sqlite_engine))


def test_a_new_account_form_reports_every_problem_by_field():
    found = accounts.new_account_problems("A B", "", "not an address", "short", "other")
    assert set(found) == {"username", "name", "email", "password", "repeat"}
    assert "use at least 10 characters" in found["password"][0]
    assert accounts.new_account_problems("ada", "Ada", "ada@example.com", PASSWORD, PASSWORD) == {}


def test_choosing_a_password_replaces_the_temporary_one_once(sqlite_engine):
    add_user(sqlite_engine, "ada", roles=("admin",))
    add_user(sqlite_engine, "tess")
    temporary = accounts.reset_password(sqlite_engine, "tess", actor=Operator("ada"))
    with pytest.raises(accounts.AccountError, match="different from the temporary one"):
        accounts.choose_password(sqlite_engine, "tess", temporary)
    accounts.choose_password(sqlite_engine, "tess", "my own words 42")
    assert not accounts.get(sqlite_engine, "tess").must_change_password

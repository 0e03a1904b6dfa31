"""One model describes every clinic setting: its default, its bounds, its label and unit.
The defaults, the refusals and the Settings form all come from it, and the settings table
is read and written only by needlewise/settings.py."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from needlewise import settings
from needlewise.acting import Operator
from needlewise.settings import ClinicSettings, SettingsError
from needlewise.store import open_store
from needlewise.store.engine import transaction

from .builders import ROOT, add_user, make_app, sign_in_as, texts


def refusal(key, value) -> str:
    with pytest.raises(SettingsError) as refused:
        settings.check({key: value})
    assert set(refused.value.problems) == {key}
    return refused.value.problems[key]


def test_an_empty_database_reads_as_the_models_defaults(engine):
    assert settings.read_all(engine) == ClinicSettings()
    assert settings.DEFAULTS["inactive_days"] == ClinicSettings().inactive_days == 14
    assert settings.saved_keys(engine) == set()


@pytest.mark.parametrize(
    ("key", "lowest", "highest", "below", "above", "message"),
    [
        ("inactive_days", 1, 365, 0, 366, "366 days is outside 1 to 365"),
        ("logbook_required_treatments", 1, 200, 0, 201, "201 treatments is outside 1 to 200"),
        ("mastery_threshold", 1, 100, 0.5, 100.5, "100.5% is outside 1 to 100"),
        ("certificate_validity_months", 1, 120, -1, 121, "121 months is outside 1 to 120"),
        ("logbook_retention_months", 1, 600, -3, 601, "601 months is outside 1 to 600"),
    ],
)
def test_each_bound_of_the_model_is_where_it_refuses(key, lowest, highest, below, above, message):
    assert settings.check({key: lowest}) == {key: lowest}
    assert settings.check({key: highest}) == {key: highest}
    assert "is outside" in refusal(key, below)
    assert message in refusal(key, above)


def test_the_depth_limit_excludes_zero_and_says_why_three_mm_is_the_ceiling():
    assert settings.check({"depth_limit_mm": 3}) == {"depth_limit_mm": 3.0}
    assert settings.check({"depth_limit_mm": "1.234"}) == {"depth_limit_mm": 1.23}
    assert "0 mm is outside the range above 0 and at most 3" in refusal("depth_limit_mm", 0)
    assert "goes deeper than 3 mm" in refusal("depth_limit_mm", 3.01)


def test_zero_means_unset_for_the_optional_periods_and_the_message_says_so():
    assert settings.check({"certificate_validity_months": 0}) == {
        "certificate_validity_months": None
    }
    assert "(0 uses the course default)" in refusal("certificate_validity_months", 500)


def test_text_choice_and_type_refusals_name_the_value():
    assert "give 1 to 200 characters" in refusal("clinic_name", "   ")
    assert "201 characters is too long; at most 200" in refusal("jurisdiction", "x" * 201)
    assert "'shred'" in refusal("logbook_retention_action", "shred")
    assert "'many' is not a whole number" in refusal("inactive_days", "many")
    assert "IANA" in refusal("time_zone", "Mars/Olympus")
    assert "unknown setting 'colour'" in refusal("colour", "red")
    assert settings.check({"clinic_name": "  Bright Skin  "}) == {"clinic_name": "Bright Skin"}


def test_form_labels_state_the_models_unit_and_range():
    assert settings.form_label("inactive_days") == "Inactive after (days, 1 to 365)"
    assert settings.form_label("logbook_required_treatments") == (
        "Countersigned treatments required (1 to 200)"
    )
    assert settings.form_label("logbook_retention_months") == (
        "Logbook retention (months, 1 to 600; 0 keeps entries)"
    )
    assert settings.form_label("depth_limit_mm") == (
        "Practice needle-depth limit (mm, above 0 and at most 3)"
    )


def test_the_settings_page_labels_its_fields_from_the_model(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    admin = add_user(engine, "ada", roles=("admin",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), admin)
    at.switch_page("views/settings.py").run()
    assert not at.exception
    assert at.number_input(key="set_inactive").label == settings.form_label("inactive_days")
    assert at.number_input(key="set_lb_required").label == settings.form_label(
        "logbook_required_treatments"
    )
    at.number_input(key="set_inactive").set_value(400)
    at.button[0].click().run()
    assert not at.exception
    assert "Inactive after**: 400 days is outside 1 to 365" in texts(at)
    assert settings.read_all(engine).inactive_days == 14
    engine.dispose()


def test_review_all_and_the_first_admin_marker_go_through_the_settings_module(engine):
    def review_all() -> bool:
        with engine.connect() as connection:
            return settings.review_all(connection.execute(select(settings.REVIEW_ALL)).scalar())

    assert review_all() is False
    settings.save(engine, {"review_all_questions": True}, actor=Operator("ada"))
    assert review_all() is True
    with transaction(engine) as connection:
        settings.claim_first_admin(connection)
    with pytest.raises(IntegrityError), transaction(engine) as connection:
        settings.claim_first_admin(connection)
    assert settings.saved_keys(engine) == {"review_all_questions"}


def test_no_other_module_touches_the_settings_table():
    table_import = re.compile(r"from [.\w]*schema import[^\n]*\bsettings\b")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("needlewise", "views")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and path != ROOT / "needlewise" / "settings.py"
        and table_import.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

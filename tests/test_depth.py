"""The depth explorer: warnings above the clinic limit, near the dermis, and by indication."""

from __future__ import annotations

import pytest

from needlewise import depth, settings
from needlewise.store import open_store

from .builders import add_user, make_app, shipped_content, sign_in_as, texts

CONTENT = shipped_content()

REGIONS = CONTENT.regions


def levels(found: list[depth.DepthWarning]) -> list[str]:
    return [w.level for w in found]


def messages(found: list[depth.DepthWarning]) -> str:
    return " ".join(w.text for w in found)


@pytest.fixture
def cheeks():
    return REGIONS.region("cheeks")


@pytest.fixture
def atrophic():
    return REGIONS.indication("atrophic")


def test_within_the_limit_and_the_chart_there_is_no_stop(cheeks, atrophic):
    found = depth.assess(cheeks, atrophic, 0.5, 0.5, "Utah")
    assert "stop" not in levels(found)
    assert "pressed" in messages(found)


def test_above_the_clinic_limit_is_a_stop(cheeks, atrophic):
    found = depth.assess(cheeks, atrophic, 1.0, 0.5, "Arizona")
    assert found[0] == depth.DepthWarning(
        "stop", "1 mm is deeper than your clinic's limit of 0.5 mm (Arizona). Do not use it."
    )


def test_reaching_the_dermis_thickness_is_flagged(cheeks, atrophic):
    near = depth.assess(cheeks, atrophic, 0.8, 1.5, "Utah")
    assert "close to the measured dermis thickness" in messages(near)
    through = depth.assess(cheeks, atrophic, 0.9, 1.5, "Utah")
    assert "could pass right through the dermis into the tissue beneath" in messages(through)
    beyond = depth.assess(cheeks, atrophic, 1.5, 1.5, "Utah")
    assert "would pass right through the dermis into the tissue beneath" in messages(beyond)


def test_beyond_1_5_mm_and_2_mm(cheeks, atrophic):
    assert "not been evaluated" in messages(depth.assess(cheeks, atrophic, 1.75, 3, "x"))
    deep = depth.assess(cheeks, atrophic, 2.0, 3, "x")
    assert "beyond every non-medical scope of practice on record" in messages(deep)


def test_raised_scars_are_never_treated_and_icepick_is_referred(cheeks):
    raised = depth.assess(cheeks, REGIONS.indication("raised"), 0.25, 0.5, "x")
    assert raised[0].level == "stop" and "Refer" in raised[0].text
    icepick = depth.assess(cheeks, REGIONS.indication("icepick"), 0.25, 0.5, "x")
    assert icepick[0].level == "caution" and "refer" in icepick[0].text


def test_the_eyelid_warns_about_the_orbital_rim_and_its_thin_dermis():
    found = depth.assess(
        REGIONS.region("periorbital"), REGIONS.indication("atrophic"), 0.6, 1.5, "x"
    )
    assert "orbital rim" in messages(found)
    assert "could pass right through the dermis" in messages(found)
    assert "manufacturer charts" in messages(found)


def test_an_unmeasured_region_says_so():
    found = depth.assess(REGIONS.region("chin"), REGIONS.indication("atrophic"), 0.5, 1, "x")
    assert "Neither measurement study" in messages(found)


def test_every_region_with_a_thickness_names_its_source():
    for region in REGIONS.regions:
        assert region.dermis_mm is None or region.dermis_source in CONTENT.references


def test_the_cross_section_is_drawn_to_scale(cheeks):
    svg = depth.cross_section_svg(cheeks, 1.0, 0.5)
    assert svg.startswith("<svg") and "Your limit 0.5 mm" in svg
    # 160 px per mm from a 40 px top margin: the needle ends at 200 px for 1 mm.
    assert 'y2="200.0"' in svg


def test_the_explorer_page_warns_above_the_configured_limit(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    admin = add_user(engine, "ada", roles=("admin",))
    settings.save(engine, {"depth_limit_mm": 1.0, "jurisdiction": "Utah (master)"}, actor=admin)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.switch_page("views/depth_explorer.py").run()
    assert "Your clinic's practice limit: 1 mm" in texts(at)
    at.slider(key="depth_mm").set_value(0.75).run()
    assert "deeper than your clinic's limit" not in texts(at)
    at.slider(key="depth_mm").set_value(1.25).run()
    # The jurisdiction is typed by an administrator, so it is shown as typed (escaped).
    assert "1.25 mm is deeper than your clinic's limit of 1 mm (Utah \\(master\\))" in texts(at)

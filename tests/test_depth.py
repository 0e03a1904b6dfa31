"""The depth explorer: warnings above the clinic limit, near the dermis, and by indication."""

from __future__ import annotations

import re

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
    assert "close to the average female dermis" in messages(near)
    through = depth.assess(cheeks, atrophic, 0.9, 1.5, "Utah")
    assert "could pass right through the dermis into the subcutis beneath" in messages(through)
    beyond = depth.assess(cheeks, atrophic, 1.5, 1.5, "Utah")
    assert (
        "in an average client a needle that reached this depth would pass right through the "
        "dermis into the subcutis beneath"
    ) in messages(beyond)


def test_between_the_womens_and_the_mens_average_the_cheek_is_not_a_certainty(cheeks, atrophic):
    text = messages(depth.assess(cheeks, atrophic, 1.1, 1.5, "Utah"))
    assert "deeper than the average female skin here (dermis 0.87 mm, about 0.93 mm" in text
    assert "close to the male average (dermis 1.14 mm)" in text
    assert "In many clients a needle that reached this depth would pass through the dermis" in text
    assert "pass right through" not in text
    # Past the men's average skin as well, the explorer says what happens in an average client.
    assert "in an average client" in messages(depth.assess(cheeks, atrophic, 1.25, 1.5, "Utah"))


def test_the_regions_say_how_their_dermis_figures_were_given():
    # The fact sheet gives Meng 2022's means for women and for men at the eyelid, the
    # forehead and the cheek, not ranges, and no ultrasound figure for the nasal dorsum.
    by_sex = [r.id for r in REGIONS.regions if r.dermis_figures == "averages-by-sex"]
    assert by_sex == ["periorbital", "forehead", "cheeks"]
    assert by_sex == [r.id for r in REGIONS.regions if r.dermis_mm is not None]
    assert REGIONS.region("nose").dermis_mm is None
    assert "different site" in REGIONS.region("nose").dermis_note


def test_short_of_the_female_average_the_cheek_says_averages_bound_no_client(cheeks, atrophic):
    for mm in (0.5, 0.8):
        found = depth.assess(cheeks, atrophic, mm, 1.5, "Utah")
        assert depth.DepthWarning("info", depth.AVERAGES_NOTE) in found
    assert depth.AVERAGES_NOTE not in messages(depth.assess(cheeks, atrophic, 0.9, 1.5, "Utah"))
    # The forehead's figures are averages by sex too (0.86 mm in women).
    forehead = depth.assess(REGIONS.region("forehead"), atrophic, 0.5, 1.5, "Utah")
    assert depth.AVERAGES_NOTE in messages(forehead)


def test_a_measured_range_keeps_the_range_wording(atrophic):
    measured = depth.Region(
        id="test-site",
        name="Test site",
        dermis_mm={"low": 1.0, "high": 1.2},
        dermis_source="src",
        chart_mm={"low": 0.5, "high": 2.0},
    )
    assert measured.dermis_figures == "range"
    assert "reaches the measured dermis thickness here (1-1.2 mm)" in messages(
        depth.assess(measured, atrophic, 1.1, 1.5, "x")
    )
    past = messages(depth.assess(measured, atrophic, 1.3, 1.5, "x"))
    assert "average female" not in past
    assert "in an average client a needle that reached this depth would pass right" in past


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


def test_the_eyelid_cites_its_ultrasound_and_histology_figures():
    eyelid = REGIONS.region("periorbital")
    assert eyelid.dermis_histology_mm == 0.76
    assert eyelid.dermis_histology_source in CONTENT.references
    # 0.75 and 0.8 mm are past both ultrasound averages and close to the histology figure
    # for the upper inner eyelid (0.76 mm dermis, about 0.82 mm with the epidermis): in many
    # clients, not in every one, the needle passes through.
    histology = (
        "histology measured the dermis of the upper inner eyelid at about 0.76 mm (about "
        "0.82 mm with the epidermis)"
    )
    for mm in (0.75, 0.8):
        text = messages(depth.assess(eyelid, REGIONS.indication("atrophic"), mm, 1.5, "x"))
        assert "deeper than the male average too (dermis 0.67 mm" in text
        assert histology in text
        assert "In many clients a needle that reached this depth would pass through" in text
    at_085 = messages(depth.assess(eyelid, REGIONS.indication("atrophic"), 0.85, 1.5, "x"))
    assert (
        "on average 0.58 mm in women and 0.67 mm in men by ultrasound, about 0.76 mm by "
        "histology at the upper inner eyelid"
    ) in at_085
    assert "0.58-0.67" not in at_085
    assert "about 0.82 mm with the epidermis" in at_085
    assert "would pass right through the dermis" in at_085


def test_no_message_about_the_eyelid_lets_a_chart_depth_stand_inside_the_orbital_rim():
    eyelid = REGIONS.region("periorbital")
    at_chart = depth.assess(eyelid, REGIONS.indication("atrophic"), 0.5, 1.5, "x")
    stops = [w.text for w in at_chart if w.level == "stop"]
    assert any("at any depth" in t and "never applies inside the rim" in t for t in stops)
    past_chart = messages(depth.assess(eyelid, REGIONS.indication("atrophic"), 0.6, 1.5, "x"))
    assert "Deeper than the manufacturer charts" not in past_chart
    assert "outside the orbital rim only, never inside it" in depth.chart_text(eyelid)
    svg = depth.cross_section_svg(eyelid, 0.5, 1.5)
    assert "(for around the eyes outside the" in svg and "rim only, never inside it)" in svg
    drawn = " ".join(re.findall(r">([^<]*)</text>", svg))
    assert (
        "Not treated: at any depth, because SkinPen labelling says not to use the device "
        "inside the orbital rim"
    ) in drawn


def test_both_eyelids_are_named_as_inside_the_orbital_rim_and_only_they_are_marked_not_treated():
    assert REGIONS.region("periorbital").name == "Eyelids, upper and lower (inside the orbital rim)"
    for region in REGIONS.regions:
        marked = "Not treated" in depth.cross_section_svg(region, 0.5, 1.5)
        assert marked == (region.id == "periorbital"), region.id


@pytest.mark.parametrize("region_id", ["periorbital", "cheeks", "forehead", "chin"])
@pytest.mark.parametrize("mm", [0.25, 0.6, 1.0, 1.5, 1.75, 2.0, 2.5])
@pytest.mark.parametrize("indication", ["atrophic", "icepick", "raised"])
def test_warnings_come_most_serious_first(region_id, mm, indication):
    found = depth.assess(REGIONS.region(region_id), REGIONS.indication(indication), mm, 1.0, "x")
    order = [depth.SERIOUSNESS[w.level] for w in found]
    assert order == sorted(order)


def test_at_1_5_mm_the_eyelid_stop_comes_before_the_caution_zone():
    found = depth.assess(
        REGIONS.region("periorbital"), REGIONS.indication("atrophic"), 1.5, 1.5, "x"
    )
    rim = next(i for i, w in enumerate(found) if "orbital rim" in w.text)
    zone = next(i for i, w in enumerate(found) if "caution zone" in w.text)
    assert found[rim].level == "stop" and rim < zone


def test_an_unmeasured_region_says_so():
    found = depth.assess(REGIONS.region("chin"), REGIONS.indication("atrophic"), 0.5, 1, "x")
    assert "This course gives no dermis figure for the chin" in messages(found)


def test_every_region_with_a_thickness_names_its_source():
    for region in REGIONS.regions:
        assert region.dermis_mm is None or region.dermis_source in CONTENT.references
        assert (
            region.dermis_histology_mm is None
            or region.dermis_histology_source in CONTENT.references
        )


def test_a_histology_figure_without_its_source_is_rejected():
    with pytest.raises(ValueError, match="histology figure without its source"):
        depth.Region(
            id="test-site",
            name="Test site",
            dermis_note="Unknown.",
            dermis_histology_mm=0.7,
            chart_mm={"low": 0.5, "high": 2.0},
        )


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


def test_the_explorer_page_gives_the_eyelid_chart_its_scope(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.switch_page("views/depth_explorer.py").run()
    at.selectbox(key="depth_region").set_value(REGIONS.region("periorbital")).run()
    assert not at.exception
    page = texts(at)
    assert "**Chart range** 0.25-0.5 mm (for around the eyes outside the orbital rim only" in page
    assert (
        "**Dermis thickness** on average 0.58 mm in women and 0.67 mm in men by ultrasound, "
        "about 0.76 mm by histology at the upper inner eyelid"
    ) in page
    assert "averages for women and men" not in page


def test_a_site_without_a_dermis_figure_is_not_checked_against_another_site_s():
    nose = next(r for r in REGIONS.regions if r.dermis_mm is None)
    chart_top = nose.chart_mm.up_to or nose.chart_mm.high
    deep = depth.assess(nose, REGIONS.indication("atrophic"), chart_top + 0.25, 1.5, "x")
    cautions = [w.text for w in deep if w.level == "caution"]
    assert any("gives no dermis figure for this site" in t for t in cautions)
    within = depth.assess(nose, REGIONS.indication("atrophic"), chart_top, 1.5, "x")
    assert not any("gives no dermis figure" in w.text for w in within)


def test_the_drawing_labels_averages_by_sex_as_two_figures_not_a_range():
    for region in REGIONS.regions:
        if region.dermis_mm is None:
            continue
        low, high = region.dermis_mm.low, region.dermis_mm.high
        drawn = depth.cross_section_svg(region, 1.0, 1.5)
        assert f">Dermis: women {low:g} mm,</text>" in drawn, region.id
        assert f">men {high:g} mm</text>" in drawn, region.id
        assert f"Dermis {low:g}-{high:g} mm" not in drawn, region.id
    eyelid = depth.cross_section_svg(REGIONS.region("periorbital"), 1.0, 1.5)
    assert ">Dermis: women 0.58 mm,</text>" in eyelid and ">men 0.67 mm</text>" in eyelid

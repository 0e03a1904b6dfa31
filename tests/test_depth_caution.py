"""The depth explorer cautions from 1.5 mm, with the reasons, and knows the cheek."""

from __future__ import annotations

import pytest

from needlewise import depth, settings
from needlewise.store import open_store

from .builders import add_user, make_app, shipped_content, sign_in_as, texts

CONTENT = shipped_content()

REGIONS = CONTENT.regions


def messages(found: list[depth.DepthWarning]) -> str:
    return " ".join(w.text for w in found)


@pytest.fixture
def forehead():
    return REGIONS.region("forehead")


@pytest.fixture
def atrophic():
    return REGIONS.indication("atrophic")


def test_just_under_1_5_mm_has_no_beyond_the_evidence_caution(forehead, atrophic):
    assert "1.5 mm-and-deeper caution zone" not in messages(
        depth.assess(forehead, atrophic, 1.45, 3, "x")
    )


def test_1_5_mm_itself_is_cautioned_because_scotland_will_restrict_it(forehead, atrophic):
    found = depth.assess(forehead, atrophic, 1.5, 3, "x")
    caution = [w for w in found if "1.5 mm-and-deeper caution zone" in w.text]
    assert len(caution) == 1 and caution[0].level == "caution"
    assert "will restrict needling of 1.5 mm or more" in caution[0].text
    # At exactly 1.5 mm the labelling and Utah's limit are not yet exceeded.
    assert "not been evaluated" not in caution[0].text
    assert "Utah" not in caution[0].text


@pytest.mark.parametrize("mm", [1.55, 1.75, 1.95])
def test_between_1_5_and_2_mm_every_reason_is_given(forehead, atrophic, mm):
    text = messages(depth.assess(forehead, atrophic, mm, 3, "x"))
    assert "SkinPen labelling" in text and "not been evaluated" in text
    assert "Utah" in text and "supervision" in text
    assert "Scotland" in text and "once its provisions are in force" in text


def test_2_mm_is_a_stop_and_scotland_is_written_in_the_future(forehead, atrophic):
    found = depth.assess(forehead, atrophic, 2.0, 3, "x")
    stop = [w for w in found if "beyond every non-medical scope" in w.text]
    assert stop and stop[0].level == "stop"
    assert "will restrict" in stop[0].text and "Scotland restricts" not in stop[0].text


def test_no_depth_warning_writes_the_scottish_act_as_already_in_force(forehead, atrophic):
    for mm in (0.5, 1.0, 1.5, 1.75, 2.0, 2.5):
        assert "Scotland restricts" not in messages(depth.assess(forehead, atrophic, mm, 3, "x"))


def test_the_cheek_over_the_zygoma_carries_meng_2022_thicknesses():
    cheek = REGIONS.region("cheeks")
    assert "zygoma" in cheek.name
    assert (cheek.dermis_mm.low, cheek.dermis_mm.high) == (0.87, 1.14)
    assert cheek.dermis_source == "meng2022"
    assert "0.87 mm in women" in cheek.dermis_note and "1.14 mm in men" in cheek.dermis_note


def test_the_cross_section_marks_1_5_mm(forehead):
    svg = depth.cross_section_svg(forehead, 0.5, 0.5)
    # 160 px per mm from a 40 px top margin: 1.5 mm is at 280 px.
    assert 'y1="280.0"' in svg and "1.5 mm and deeper: caution" in svg


def test_the_explorer_page_cautions_at_1_5_mm(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    admin = add_user(engine, "ada", roles=("admin",))
    settings.save(engine, {"depth_limit_mm": 2.0, "jurisdiction": "Test"}, actor=admin)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.switch_page("views/depth_explorer.py").run()
    at.slider(key="depth_mm").set_value(1.45).run()
    assert "1.5 mm-and-deeper caution zone" not in texts(at)
    at.slider(key="depth_mm").set_value(1.5).run()
    assert not at.exception
    cautions = " ".join(w.value for w in at.warning)
    assert "1.5 mm is in the 1.5 mm-and-deeper caution zone" in cautions
    assert "will restrict needling of 1.5 mm or more" in cautions

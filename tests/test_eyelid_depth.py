"""The eyelid is taught the same way everywhere: a thin dermis, a no-treat zone inside the
orbital rim, and nothing claimed about the tissue beneath it.

The fact sheet gives the eyelid's dermis thickness and the SkinPen labelling, but says
nothing about fat or muscle under the eyelid, so no lesson, figure or depth explorer text
may name one there.
"""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree

from needlewise import depth

from .builders import ROOT, sentences, shipped_content

CONTENT = shipped_content()
REGIONS = CONTENT.regions
SVG = "{http://www.w3.org/2000/svg}"

EYELID = re.compile(r"eyelid|orbital|periorbital|around the eyes", re.I)
TISSUE = re.compile(r"\bfat\b|fatty|subcut|muscle|orbicularis", re.I)
# The skin-layers figure draws the eyelid in its left column, left of x = 320.
EYELID_COLUMN_RIGHT = 320


def claims_tissue_under_the_eyelid(sentence: str) -> bool:
    return bool(EYELID.search(sentence) and TISSUE.search(sentence))


def test_the_rule_catches_the_old_eyelid_sentences():
    old = (
        "Add those figures together and a needle that really reached 1.0 mm at the upper "
        "inner eyelid would pass right through the dermis into the fat beneath [@chopra2015]."
    )
    assert claims_tissue_under_the_eyelid(old)
    assert claims_tissue_under_the_eyelid("the upper inner eyelid (little or no fat beneath)")
    assert not claims_tissue_under_the_eyelid("Below the dermis is the subcutis.")


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "lessons").glob("*.md")), ids=str)
def test_no_lesson_sentence_or_alt_text_claims_fat_or_muscle_under_the_eyelid(path):
    found = [s for s in sentences(path.read_text()) if claims_tissue_under_the_eyelid(s)]
    assert not found, found


def test_the_skin_layers_figure_names_no_tissue_under_the_eyelid():
    root = ElementTree.fromstring(CONTENT.figures["skin-layers"].read_bytes())
    desc = root.find(f"{SVG}desc").text
    assert not [s for s in sentences(desc) if claims_tissue_under_the_eyelid(s)]
    assert "orbital rim" in desc
    left = [
        "".join(t.itertext())
        for t in root.iter(f"{SVG}text")
        if float(t.get("x", 0)) < EYELID_COLUMN_RIGHT
    ]
    assert not [line for line in left if TISSUE.search(line)], left
    assert "Below the dermis" in left


@pytest.mark.parametrize("mm", [0.25, 0.5, 0.6, 0.75, 1.0, 1.1, 1.5, 2.0])
def test_the_explorer_names_no_tissue_under_the_eyelid(mm):
    eyelid = REGIONS.region("periorbital")
    found = depth.assess(eyelid, REGIONS.indication("atrophic"), mm, 1.5, "x")
    texts = [w.text for w in found] + [depth.cross_section_svg(eyelid, mm, 1.5)]
    assert not [t for t in texts if TISSUE.search(t)], texts


def test_the_explorer_draws_the_layer_below_the_dermis_neutrally():
    for region in REGIONS.regions:
        svg = depth.cross_section_svg(region, 1.0, 1.5)
        assert "Subcutis" not in svg and "fat" not in svg, region.id
        if region.dermis_mm is not None:
            assert "Below the dermis" in svg, region.id


def test_past_the_eyelid_dermis_the_explorer_says_the_needle_passes_through_it():
    found = depth.assess(
        REGIONS.region("periorbital"), REGIONS.indication("atrophic"), 1.1, 1.5, "x"
    )
    passing = [w for w in found if "pass right through the dermis" in w.text]
    assert passing and "would pass right through the dermis" in passing[0].text
    assert passing[0].level in ("caution", "stop")
    # The labelling's no-treat zone is a stop, ahead of the thickness caution.
    stop = [w for w in found if w.level == "stop" and "orbital rim" in w.text]
    assert stop and found.index(stop[0]) < found.index(passing[0])

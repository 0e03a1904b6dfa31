"""The eyelid is taught the same way everywhere: a thin dermis, a no-treat zone inside the
orbital rim, and nothing claimed about the tissue beneath it.

The fact sheet gives the eyelid's dermis thickness and the SkinPen labelling, but says
nothing about fat or muscle under the eyelid, so no lesson, quiz, figure or depth explorer
text may name one there, nor set a sentence about the subcutis next to one about the eyelid.
Elsewhere the subcutis is named, as the fact sheet names it under the dermis.
"""

from __future__ import annotations

import re

import pytest
import yaml
from defusedxml import ElementTree

from needlewise import depth

from .builders import ROOT, sentences, shipped_content

CONTENT = shipped_content()
REGIONS = CONTENT.regions
SVG = "{http://www.w3.org/2000/svg}"

EYELID = re.compile(r"eyelid|orbital|periorbital|around the eyes", re.I)
TISSUE = re.compile(r"\bfat\b|fatty|subcut|muscle|orbicularis", re.I)
# The skin-layers figure draws the eyelid in its left column, left of x = 320, between
# y = 150 (the skin surface) and y = 566; its heading lies above.
EYELID_COLUMN_RIGHT = 320
COLUMN_TOP, COLUMN_BOTTOM = 150, 566


def claims_tissue_under_the_eyelid(sentence: str) -> bool:
    return bool(EYELID.search(sentence) and TISSUE.search(sentence))


def eyelid_next_to_tissue(text: str) -> list[str]:
    """Sentences, each read with the one after it, that name the eyelid and fat or muscle."""
    found = sentences(text)
    pairs = [" ".join(found[i : i + 2]) for i in range(len(found))]
    return [pair for pair in pairs if claims_tissue_under_the_eyelid(pair)]


def taught_texts(node) -> list[str]:
    """Every quiz string taught as true: wrong options, distractors, rejected answers and
    false true-or-false statements are left out, since they are wrong by design."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for value in node for t in taught_texts(value)]
    if not isinstance(node, dict):
        return []
    options = node.get("options")
    options = options if isinstance(options, list) else []
    skip = {"distractors", "reject"} | ({"options"} if options else set())
    if node.get("type") == "true_false" and node.get("answer") is False:
        skip.add("prompt")
    found = [t for key, value in node.items() if key not in skip for t in taught_texts(value)]
    for option in options:
        keep = {k: v for k, v in option.items() if option.get("correct") or k != "text"}
        found += taught_texts(keep)
    return found


def test_the_rule_catches_the_old_eyelid_sentences():
    old = (
        "Add those figures together and a needle that really reached 1.0 mm at the upper "
        "inner eyelid would pass right through the dermis into the fat beneath [@chopra2015]."
    )
    assert claims_tissue_under_the_eyelid(old)
    assert claims_tissue_under_the_eyelid("the upper inner eyelid (little or no fat beneath)")
    assert not claims_tissue_under_the_eyelid("Below the dermis is the subcutis.")


def test_the_rule_catches_the_subcutis_set_right_before_the_eyelid():
    old = (
        "The thin epidermis lies over the dermis; below the dermis is the subcutis. At the "
        "upper inner eyelid the dermis is only about 0.76 mm thick."
    )
    assert eyelid_next_to_tissue(old)
    assert not eyelid_next_to_tissue(
        "At the upper inner eyelid the dermis is only about 0.76 mm thick. The papillary "
        "dermis bleeds first. Last comes the subcutis."
    )


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "lessons").glob("*.md")), ids=str)
def test_no_lesson_sentence_or_alt_text_claims_fat_or_muscle_under_the_eyelid(path):
    found = [s for s in sentences(path.read_text()) if claims_tissue_under_the_eyelid(s)]
    assert not found, found


@pytest.mark.parametrize("path", sorted((ROOT / "quizzes").glob("*.yaml")), ids=str)
def test_no_quiz_text_sets_fat_or_muscle_under_the_eyelid(path):
    texts = taught_texts(yaml.safe_load(path.read_text()))
    found = [pair for text in texts for pair in eyelid_next_to_tissue(text)]
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
    # The no-treat note belongs to the whole eyelid, under its heading, not to one layer.
    in_column = [
        "".join(t.itertext())
        for t in root.iter(f"{SVG}text")
        if float(t.get("x", 0)) < EYELID_COLUMN_RIGHT
        and COLUMN_TOP <= float(t.get("y", 0)) <= COLUMN_BOTTOM
    ]
    assert not [line for line in in_column if re.search(r"orbital|treat", line, re.I)], in_column
    heading = [line for line in left if line not in in_column]
    assert "Inside the orbital rim: not treated" in heading


@pytest.mark.parametrize("mm", [0.25, 0.5, 0.6, 0.75, 1.0, 1.1, 1.5, 2.0])
def test_the_explorer_names_no_tissue_under_the_eyelid(mm):
    eyelid = REGIONS.region("periorbital")
    found = depth.assess(eyelid, REGIONS.indication("atrophic"), mm, 1.5, "x")
    texts = [w.text for w in found] + [depth.cross_section_svg(eyelid, mm, 1.5)]
    assert not [t for t in texts if TISSUE.search(t)], texts


def test_only_the_eyelid_leaves_the_layer_below_the_dermis_unnamed():
    for region in REGIONS.regions:
        if region.dermis_mm is None:
            continue
        svg = depth.cross_section_svg(region, 1.5, 1.5)
        text = " ".join(
            w.text for w in depth.assess(region, REGIONS.indication("atrophic"), 1.5, 1.5, "x")
        )
        if region.id == "periorbital":
            assert "Below the dermis" in svg and "Subcutis" not in svg
            assert "into the tissue beneath it" in text
        else:
            assert "Subcutis (fat)" in svg, region.id
            assert "into the subcutis beneath it" in text, region.id


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

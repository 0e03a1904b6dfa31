"""Every course figure is readable without sight of colour: an accessible name and
description, text no smaller than 11px, dark enough text, and patterns in the new figures."""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree

from .builders import shipped_content

CONTENT = shipped_content()


SVG = "{http://www.w3.org/2000/svg}"
NEW = ["face-treatment-zones", "atrophic-scar-types", "fitzpatrick-pih-risk", "aseptic-setup"]


def root(name: str):
    return ElementTree.fromstring(CONTENT.figures[name].read_bytes())


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def test_the_contrast_check_tells_dark_from_light_text():
    assert contrast_on_white("#1A1A1A") > 15
    assert contrast_on_white("#999999") < 4.5


def test_the_four_new_figures_exist_and_are_shown_or_registered():
    assert set(NEW) <= set(CONTENT.figures)
    shown = {b.figure for lesson in CONTENT.lessons.values() for b in lesson.figures}
    assert {"face-treatment-zones", "atrophic-scar-types", "fitzpatrick-pih-risk"} <= shown
    placed = {
        "m4-depth-selection": "face-treatment-zones",
        "m2-atrophic-scars": "atrophic-scar-types",
        "m3-skin-of-colour-and-anaesthetic": "fitzpatrick-pih-risk",
    }
    for lesson_id, figure in placed.items():
        assert figure in {b.figure for b in CONTENT.lessons[lesson_id].figures}, lesson_id


@pytest.mark.parametrize("name", sorted(CONTENT.figures))
def test_a_figure_has_a_role_a_name_a_description_and_readable_text(name):
    svg = root(name)
    assert svg.get("role") == "img", name
    assert svg.find(f"{SVG}title").text.strip()
    assert len(svg.find(f"{SVG}desc").text.strip()) > 80
    for node in svg.iter():
        size = node.get("font-size")
        if size is not None:
            assert float(size.removesuffix("px")) >= 11, (name, node.tag, size)
    for text in svg.iter(f"{SVG}text"):
        fill = (text.get("fill") or "").upper()
        if re.fullmatch(r"#[0-9A-F]{6}", fill) and fill != "#FFFFFF":
            assert contrast_on_white(fill) >= 4.5, (name, fill, "".join(text.itertext()))


@pytest.mark.parametrize("name", NEW)
def test_a_new_figure_uses_patterns_not_colour_alone(name):
    assert list(root(name).iter(f"{SVG}pattern")), name

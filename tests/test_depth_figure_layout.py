"""The Depth explorer's cross-section keeps every label readable: at every region, needle
length and clinic limit no two labels overlap, no line runs through a label, and nothing
is drawn outside the drawing (where a phone would cut it off).

Labels are measured with DejaVu Sans, the font Chromium draws sans-serif with on Debian
and the widest of the common ones, so a layout clear here is clear on other screens too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from defusedxml import ElementTree
from PIL import ImageFont

from needlewise import depth

from .builders import shipped_content
from .figure_boxes import Box, crosses

REGIONS = shipped_content().regions
SVG = "{http://www.w3.org/2000/svg}"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
LIMITS = [0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5]
NEEDLES = [0.25, 0.5, 0.75, 1.0, 1.45, 1.5, 2.0, 2.5]


def font(size: float, bold: bool):
    """The font Chromium draws the labels in here; without it the layout tests skip, or
    fail where browser tests are required (CI installs fonts-dejavu-core)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    if not (FONTS / name).exists():
        reason = f"the layout is measured with {FONTS / name} (apt-get install fonts-dejavu-core)"
        if os.environ.get("NEEDLEWISE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the layout tests are required here but {reason} is missing")
        pytest.skip(f"{reason}: missing")
    return ImageFont.truetype(str(FONTS / name), size)


def label_boxes(svg: str) -> list[Box]:
    """Each text's box as the browser draws it: its advance width and the font's ascent
    and descent around the baseline."""
    root = ElementTree.fromstring(svg)
    size = float(re.search(r"font-size:(\d+(?:\.\d+)?)px", svg).group(1))
    boxes = []
    for node in root.iter(f"{SVG}text"):
        text = "".join(node.itertext())
        measure = font(size, "font-weight:bold" in (node.get("style") or ""))
        width = measure.getlength(text)
        ascent, descent = measure.getmetrics()
        x, y = float(node.get("x")), float(node.get("y"))
        left = x - width if node.get("text-anchor") == "end" else x
        boxes.append(Box(text, left, y - ascent, left + width, y + descent))
    return boxes


def lines(svg: str) -> list[tuple[float, float, float, float, float]]:
    """Each line as (x1, y1, x2, y2, half its stroke width)."""
    root = ElementTree.fromstring(svg)
    return [
        (
            *(float(node.get(k)) for k in ("x1", "y1", "x2", "y2")),
            float(node.get("stroke-width", 1)) / 2,
        )
        for node in root.iter(f"{SVG}line")
    ]


def view_box(svg: str) -> tuple[float, float]:
    _, _, width, height = map(float, ElementTree.fromstring(svg).get("viewBox").split())
    return width, height


def problems(svg: str) -> list[str]:
    boxes = label_boxes(svg)
    width, height = view_box(svg)
    found = [
        f"{a.text!r} overlaps {b.text!r}"
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a.meets(b)
    ]
    found += [
        f"a line {line[:4]} runs through {box.text!r}"
        for line in lines(svg)
        for box in boxes
        if crosses(line, box)
    ]
    found += [
        f"{box.text!r} is cut off"
        for box in boxes
        if box.left < 0 or box.top < 0 or box.right > width or box.bottom > height
    ]
    return found


def layer(svg: str, fill: str) -> tuple[float, float]:
    """The top and bottom of the first rectangle drawn in ``fill``."""
    node = next(n for n in ElementTree.fromstring(svg).iter(f"{SVG}rect") if n.get("fill") == fill)
    top = float(node.get("y"))
    return top, top + float(node.get("height"))


@pytest.mark.parametrize("region", REGIONS.regions, ids=lambda r: r.id)
@pytest.mark.parametrize("limit", LIMITS)
def test_each_layer_is_named_where_it_is_drawn(region, limit):
    """The epidermis is named just above the skin and the dermis inside its layer, never
    pushed below the drawing where no room was left for it."""
    for needle in sorted({*NEEDLES, limit}):
        svg = depth.cross_section_svg(region, needle, limit)
        boxes = {box.text: box for box in label_boxes(svg)}
        skin, _ = layer(svg, "#c98a5e")
        assert boxes["Epidermis ≈ 30-63 µm"].bottom <= skin, (needle, limit)
        if region.dermis_mm is not None:
            top, bottom = layer(svg, "#f2b8b5")
            name = next(box for text, box in boxes.items() if text.startswith("Dermis"))
            assert top <= name.top and name.bottom <= bottom + 20, (needle, limit)


@pytest.mark.parametrize("region", REGIONS.regions, ids=lambda r: r.id)
@pytest.mark.parametrize("limit", LIMITS)
def test_no_label_meets_another_label_or_a_line(region, limit):
    for needle in sorted({*NEEDLES, limit}):
        svg = depth.cross_section_svg(region, needle, limit)
        assert not problems(svg), (region.id, needle, limit, problems(svg))


def test_the_check_finds_an_overlap_and_a_line_through_a_label():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100">'
        "<style>text{font-size:13px}</style>"
        '<text x="10" y="30">Your limit 0.5 mm</text>'
        '<text x="60" y="34">Chart 0.25-0.5 mm</text>'
        '<line x1="0" x2="300" y1="70" y2="70" stroke-width="2"/>'
        '<text x="10" y="74">Dermis</text>'
        '<text x="250" y="90">Cut off at the right</text>'
        "</svg>"
    )
    found = problems(svg)
    assert "'Your limit 0.5 mm' overlaps 'Chart 0.25-0.5 mm'" in found
    assert any("runs through 'Dermis'" in problem for problem in found)
    assert "'Cut off at the right' is cut off" in found
    assert len(found) == 3


def test_the_drawing_estimates_no_label_shorter_than_it_is_drawn():
    measure = font(13, bold=False)
    bold = font(13, bold=True)
    for svg in (depth.cross_section_svg(r, 0.5, 0.5) for r in REGIONS.regions):
        for text in ("".join(n.itertext()) for n in ElementTree.fromstring(svg).iter(f"{SVG}text")):
            assert depth.text_width(text) >= measure.getlength(text), text
            assert depth.text_width(text, bold=True) >= bold.getlength(text), text


def test_the_drawing_fits_a_phone_with_readable_text():
    """Shown 358 px wide (a 390 px phone less the page's margins), text stays 11 px or more."""
    for region in REGIONS.regions:
        svg = depth.cross_section_svg(region, 2.5, 2.5)
        width, _ = view_box(svg)
        size = float(re.search(r"font-size:(\d+(?:\.\d+)?)px", svg).group(1))
        assert size * 358 / width >= 11, (region.id, width, size)

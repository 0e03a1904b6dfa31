"""A figure's text alternative: the title and description its SVG carries, and the
narrowest width its labels stay readable at.

Shown through ``st.image`` the SVG becomes an ``<img>``, whose own ``<title>`` and
``<desc>`` no screen reader reaches; the page passes the title as ``alt`` and shows the
description as text (WCAG 1.1.1). Shown as an image it also scales as a whole, its text
with it: ``readable_width`` is the width below which its smallest label would fall under
``READABLE_LABEL_PX``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

_SVG = "{http://www.w3.org/2000/svg}"
# The smallest label, in CSS pixels, a figure may be shown with: the size the course's
# figures are drawn with at their smallest, and the floor the phone layout keeps.
READABLE_LABEL_PX = 11.0
# SVG's initial font size, for text that sets none anywhere above it.
_DEFAULT_FONT_PX = 16.0
_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|em|%)?\s*$")
_STYLE_SIZE = re.compile(r"font-size\s*:\s*([^;]+)")


@dataclass(frozen=True)
class FigureText:
    title: str
    description: str


def figure_text(svg: str | bytes | Path, fallback: str = "") -> FigureText:
    """The ``<title>`` and ``<desc>`` of an SVG (a path or its markup); ``fallback`` names
    a figure without a title or label, so none is left without a name."""
    data = Path(svg).read_bytes() if isinstance(svg, Path) else svg
    root = ElementTree.fromstring(data)
    title = _text(root.find(f"{_SVG}title")) or root.get("aria-label", "") or fallback
    return FigureText(title, _text(root.find(f"{_SVG}desc")))


def _text(node) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def figure_label(svg: str) -> str:
    """The accessible name an SVG gives itself: its ``aria-label``, else its title."""
    root = ElementTree.fromstring(svg.encode())
    return root.get("aria-label", "") or figure_text(svg.encode()).title


def drawn_width(svg: Path) -> float:
    """The width an SVG is drawn at, in pixels: its ``width``, else its viewBox's."""
    root = ElementTree.fromstring(svg.read_bytes())
    width = root.get("width", "").removesuffix("px")
    if width.replace(".", "", 1).isdigit():
        return float(width)
    box = root.get("viewBox", "").replace(",", " ").split()
    return float(box[2]) if len(box) == 4 else 0.0


def smallest_label(svg: Path) -> float:
    """The smallest font size, in the SVG's own units, of any text it draws (``font-size``
    as an attribute or in ``style``, inherited, in px, em or %); 0 if it draws no text."""
    root = ElementTree.fromstring(svg.read_bytes())
    sizes = list(_text_sizes(root, _DEFAULT_FONT_PX))
    return min(sizes, default=0.0)


def _text_sizes(node, inherited: float) -> Iterator[float]:
    size = _font_size(node, inherited)
    if node.tag in (f"{_SVG}text", f"{_SVG}tspan") and (node.text or "").strip():
        yield size
    for child in node:
        yield from _text_sizes(child, size)
        if node.tag in (f"{_SVG}text", f"{_SVG}tspan") and (child.tail or "").strip():
            yield size


def _font_size(node, inherited: float) -> float:
    styled = _STYLE_SIZE.search(node.get("style", ""))
    value = styled.group(1) if styled else node.get("font-size")
    match = _SIZE.match(value or "")
    if match is None:
        return inherited
    number, unit = float(match.group(1)), match.group(2)
    if unit == "em":
        return number * inherited
    if unit == "%":
        return number * inherited / 100
    return number


def readable_width(svg: Path, label_px: float = READABLE_LABEL_PX) -> float:
    """The narrowest width, in CSS pixels, the SVG can be shown at with its smallest label
    ``label_px`` or more: wider than it is drawn if it draws a label smaller than that.
    0 if it draws no text or has no width."""
    smallest = smallest_label(svg)
    if not smallest:
        return 0.0
    root = ElementTree.fromstring(svg.read_bytes())
    box = root.get("viewBox", "").replace(",", " ").split()
    units = float(box[2]) if len(box) == 4 else drawn_width(svg)
    return units * label_px / smallest

"""A figure's text alternative: the title and description its SVG carries.

Shown through ``st.image`` the SVG becomes an ``<img>``, whose own ``<title>`` and
``<desc>`` no screen reader reaches; the page passes the title as ``alt`` and shows the
description as text (WCAG 1.1.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

_SVG = "{http://www.w3.org/2000/svg}"


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

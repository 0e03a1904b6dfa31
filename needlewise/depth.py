"""The depth explorer: facial regions, what is known about them, and plain warnings.

Every number shown has its source and its evidence level. The clinic's legal limit comes
first; manufacturer charts are guidance, not evidence.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape
from typing import Literal

from pydantic import Field, model_validator

from .quiz.schema import Id, Strict, Text

EPIDERMIS_MM = (0.030, 0.063)  # Chopra 2015, histology, across the face
SKINPEN_EVALUATED_MM = 1.5
OUTSIDE_SCOPE_MM = 2.0
NEAR_DERMIS_MM = 0.1
# Meng 2022: men's dermis is thicker than women's, and women's thins with age.
AVERAGES_NOTE = (
    "These are averages; many clients' dermis is thinner. Men's skin is thicker than women's "
    "on average, and women's skin thins with age (Meng 2022)."
)


class Range(Strict):
    low: float = Field(gt=0, le=5)
    high: float = Field(gt=0, le=5)
    up_to: float | None = Field(None, gt=0, le=5, description="An upper figure some charts give.")

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low > self.high or (self.up_to is not None and self.up_to < self.high):
            raise ValueError("a range must go from low to high")
        return self


class Region(Strict):
    id: Id
    name: Text
    dermis_mm: Range | None = None
    dermis_figures: Literal["range", "averages-by-sex"] = Field(
        "range",
        description="'averages-by-sex': dermis_mm.low is the average for women and "
        "dermis_mm.high the average for men, so neither bounds any one client.",
    )
    dermis_source: Id | None = None
    dermis_histology_mm: float | None = Field(
        None,
        gt=0,
        le=5,
        description="A histology figure for the region, or for the site within it named by "
        "dermis_histology_site, if one exists.",
    )
    dermis_histology_source: Id | None = None
    dermis_histology_site: Text | None = Field(
        None,
        description="Where the histology figure was measured, without 'the' (e.g. 'upper "
        "inner eyelid'), when the region is wider than that site.",
    )
    below_dermis: Literal["subcutis", "unnamed"] = Field(
        "subcutis",
        description="'unnamed' where the sources name no layer under the dermis (the eyelid).",
    )
    dermis_note: Text | None = None
    chart_mm: Range
    chart_scope: Text | None = Field(
        None, description="Where the chart depths apply, if not the whole region."
    )
    not_treated: Text | None = Field(
        None,
        description="Why the whole region is never needled, labelled on its cross-section "
        "(the eyelids inside the orbital rim).",
    )
    warnings: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sourced(self) -> Region:
        if self.dermis_mm is not None and self.dermis_source is None:
            raise ValueError(f"region '{self.id}' gives a dermis thickness without its source")
        if self.dermis_histology_mm is not None and self.dermis_histology_source is None:
            raise ValueError(f"region '{self.id}' gives a histology figure without its source")
        if self.dermis_histology_site is not None and self.dermis_histology_mm is None:
            raise ValueError(f"region '{self.id}' names a histology site without its figure")
        if self.dermis_mm is None and self.dermis_note is None:
            raise ValueError(f"region '{self.id}' needs a note saying the thickness is unknown")
        return self


class Indication(Strict):
    id: Id
    name: Text
    advice: Text
    refer: bool = False
    do_not_treat: bool = False
    references: list[Id] = Field(min_length=1)


class Regions(Strict):
    regions: list[Region] = Field(min_length=1)
    indications: list[Indication] = Field(min_length=1)

    def region(self, region_id: str) -> Region:
        return next(r for r in self.regions if r.id == region_id)

    def indication(self, indication_id: str) -> Indication:
        return next(i for i in self.indications if i.id == indication_id)


Level = Literal["stop", "caution", "info"]
SERIOUSNESS: dict[Level, int] = {"stop": 0, "caution": 1, "info": 2}


@dataclass(frozen=True)
class DepthWarning:
    """One thing to heed about a chosen depth, from 'stop' down to 'info'."""

    level: Level
    text: str


def assess(
    region: Region, indication: Indication, depth_mm: float, limit_mm: float, jurisdiction: str
) -> list[DepthWarning]:
    """Everything a practitioner should hear about this depth here, most serious first."""
    found: list[DepthWarning] = []
    if indication.do_not_treat:
        found.append(DepthWarning("stop", indication.advice))
    elif indication.refer:
        found.append(DepthWarning("caution", indication.advice))
    if depth_mm > limit_mm + 1e-9:
        found.append(
            DepthWarning(
                "stop",
                f"{depth_mm:g} mm is deeper than your clinic's limit of {limit_mm:g} mm "
                f"({jurisdiction}). Do not use it.",
            )
        )
    if depth_mm >= OUTSIDE_SCOPE_MM - 1e-9:
        found.append(
            DepthWarning(
                "stop",
                "2 mm and deeper is beyond every non-medical scope of practice on record "
                "(Utah allows master estheticians 1.5 mm without supervision; Scotland's 2026 "
                "Act, once in force, will restrict 1.5 mm and deeper to permitted premises): "
                "it is not routine for aestheticians.",
            )
        )
    elif depth_mm >= SKINPEN_EVALUATED_MM - 1e-9:
        found.append(DepthWarning("caution", beyond_evidence_text(depth_mm)))
    found += [DepthWarning("stop", text) for text in region.warnings]
    if region.dermis_mm is not None:
        found += _dermis_warnings(region, region.dermis_mm, depth_mm)
    else:
        found.append(
            DepthWarning("info", region.dermis_note or "The dermis thickness is not known.")
        )
        if depth_mm > (region.chart_mm.up_to or region.chart_mm.high) + 1e-9:
            found.append(
                DepthWarning(
                    "caution",
                    f"This course gives no dermis figure for this site, so {depth_mm:g} mm "
                    "cannot be checked against the dermis here; a figure for another site "
                    "does not apply.",
                )
            )
    chart_top = region.chart_mm.up_to or region.chart_mm.high
    # A region the course never treats has no depth to exceed: its stop warning says so.
    if depth_mm > chart_top + 1e-9 and not region.not_treated:
        scope = f"; {region.chart_scope}" if region.chart_scope else ""
        found.append(
            DepthWarning(
                "caution",
                f"Deeper than the manufacturer charts for this region "
                f"({_range(region.chart_mm)}{scope}).",
            )
        )
    found.append(
        DepthWarning(
            "info",
            "Needle length is not the depth reached: a roller's depth depends on how hard it "
            "is pressed, and skin varies between people.",
        )
    )
    # Sorting is stable, so warnings of one level keep the order they were found in.
    return sorted(found, key=lambda warning: SERIOUSNESS[warning.level])


def _dermis_warnings(region: Region, dermis: Range, depth_mm: float) -> list[DepthWarning]:
    """How the depth compares with the dermis figures: certainty only past every figure.

    Averages by sex bound no single client, so between the women's and the men's average
    skin the text says what happens in many clients, not in all.
    """
    epidermis = EPIDERMIS_MM[1]
    # The sources name no layer under the eyelid's dermis, so there it is left unnamed.
    beneath = {"subcutis": "the subcutis beneath it", "unnamed": "the tissue beneath it"}[
        region.below_dermis
    ]
    figures = dermis_figures_text(region, dermis)
    thickest = max(dermis.high, region.dermis_histology_mm or 0)
    by_sex = region.dermis_figures == "averages-by-sex"
    thinnest = "the average female dermis" if by_sex else "the measured dermis thickness"
    site = histology_site(region)
    histology = (
        f"histology measured the dermis of {site} at about {region.dermis_histology_mm:g} mm "
        f"(about {region.dermis_histology_mm + epidermis:.2f} mm with the epidermis)"
        if region.dermis_histology_mm
        else ""
    )
    if depth_mm > thickest + epidermis + 1e-9:
        text = (
            f"{depth_mm:g} mm is deeper than the epidermis and dermis together by every "
            f"dermis figure given for this site (dermis {figures}; at most about "
            f"{thickest + epidermis:.2f} mm with the epidermis): in an average client a needle "
            f"that reached this depth would pass right through the dermis into {beneath}."
        )
    elif by_sex and depth_mm > dermis.low + epidermis + 1e-9:
        if depth_mm > dermis.high + epidermis + 1e-9:
            men = (
                f"deeper than the male average too (dermis {dermis.high:g} mm, about "
                f"{dermis.high + epidermis:.2f} mm with the epidermis)"
            )
        elif depth_mm >= dermis.high - NEAR_DERMIS_MM - 1e-9:
            men = f"close to the male average (dermis {dermis.high:g} mm)"
        else:
            men = f"short of the male average (dermis {dermis.high:g} mm)"
        also = f"; those are ultrasound figures, and {histology}" if histology else ""
        text = (
            f"{depth_mm:g} mm is deeper than the average female skin here (dermis "
            f"{dermis.low:g} mm, about {dermis.low + epidermis:.2f} mm with the epidermis) and "
            f"{men}{also}. In many clients a needle that reached this depth would pass "
            "through the dermis; skin varies between people."
        )
    elif region.dermis_histology_mm and depth_mm > dermis.high + epidermis + 1e-9:
        # Past the ultrasound range, and near the thicker histology figure (past it, the
        # first branch speaks).
        histology_skin = region.dermis_histology_mm + epidermis
        text = (
            f"{depth_mm:g} mm is deeper than the epidermis and dermis together by the "
            f"ultrasound figures (dermis {dermis.low:g}-{dermis.high:g} mm, at most about "
            f"{dermis.high + epidermis:.2f} mm with the epidermis) and close to the histology "
            f"figure for {site} (dermis about {region.dermis_histology_mm:g} mm, about "
            f"{histology_skin:.2f} mm with the epidermis). In many clients a needle that "
            f"reached this depth would pass right through the dermis into {beneath}; skin "
            "varies between people."
        )
    elif depth_mm >= dermis.low - 1e-9:
        text = (
            f"{depth_mm:g} mm reaches {thinnest} here ({figures}): a needle this long could "
            f"pass right through the dermis into {beneath}."
        )
    elif depth_mm >= dermis.low - NEAR_DERMIS_MM - 1e-9:
        text = f"{depth_mm:g} mm is close to {thinnest} here ({figures})."
    else:
        text = ""
    found = [DepthWarning("caution", text)] if text else []
    if by_sex and depth_mm < dermis.low - 1e-9:
        found.append(DepthWarning("info", AVERAGES_NOTE))
    return found


def dermis_figures_text(region: Region, dermis: Range) -> str:
    """The dermis figures in words, saying what each one is."""
    if region.dermis_figures == "averages-by-sex":
        text = f"on average {dermis.low:g} mm in women and {dermis.high:g} mm in men"
    else:
        text = f"{dermis.low:g}-{dermis.high:g} mm"
    if region.dermis_histology_mm is None:
        return text
    text = f"{text} by ultrasound, about {region.dermis_histology_mm:g} mm by histology"
    if region.dermis_histology_site:
        text += f" at the {region.dermis_histology_site}"
    return text


def histology_site(region: Region) -> str:
    """The site of the region's histology figure, for a sentence: a region can be wider
    than the one site that was measured (the eyelids, and the upper inner eyelid)."""
    if region.dermis_histology_site:
        return f"the {region.dermis_histology_site}"
    return "this site"


def beyond_evidence_text(depth_mm: float) -> str:
    """Why 1.5 mm and deeper needs caution: the law (in Scotland, once in force) from
    1.5 mm itself, and the device labelling and Utah's unsupervised limit beyond it."""
    reasons = [
        "Scotland's 2026 Act, once its provisions are in force, will restrict needling of "
        "1.5 mm or more to permitted premises such as registered clinics."
    ]
    if depth_mm > SKINPEN_EVALUATED_MM + 1e-9:
        reasons += [
            "SkinPen labelling says safety and effectiveness deeper than 1.5 mm have not been "
            "evaluated.",
            "Utah lets master estheticians go deeper than 1.5 mm only under a health-care "
            "practitioner's supervision.",
        ]
    return f"{depth_mm:g} mm is in the 1.5 mm-and-deeper caution zone. " + " ".join(reasons)


def _range(value: Range) -> str:
    text = f"{value.low:g}-{value.high:g} mm"
    return text + (f", up to {value.up_to:g} mm" if value.up_to else "")


def chart_text(region: Region) -> str:
    """The chart range, with where it applies when that is not the whole region."""
    scope = f" ({region.chart_scope})" if region.chart_scope else ""
    return _range(region.chart_mm) + scope


# The cross-section's layout, in the drawing's own units. It is 420 wide so that on a
# 390 px phone (358 px for the drawing) its 13 px text is still 11 px. Every label lies
# inside the drawing, and none meets another label or has a line run through it: each is
# placed at the first of its preferred places that is clear (``_place``).
_WIDTH = 420
_SCALE = 160  # pixels per millimetre
_FONT = 13
_LINE = 17
_AXIS_RIGHT = 52  # the depth marks' right edge
_COLUMN = (62, 392)  # the skin, drawn to scale in depth only
_NEEDLE_X = 84
_TEXT_LEFT = 96  # labels inside the skin start right of the needle...
_TEXT_RIGHT = 386  # ...or end short of the chart bar
_CHART_X = 398
_LINE_LEFT, _LINE_RIGHT = 56, 412  # the limit and 1.5 mm lines
# Glyph widths in em, at or above DejaVu Sans's (the widest common sans-serif, the one
# Chromium draws on Debian): a label measured with them is never shorter than drawn.
_NARROW, _MIDDLE, _WIDE = set("ijl.,:;'|!"), set("ftr()- "), set("mwMW")


def text_width(text: str, size: float = _FONT, bold: bool = False) -> float:
    """An upper bound on the drawn width of ``text``."""
    return sum(_em(glyph) for glyph in text) * size * (1.12 if bold else 1.0)


def fit(text: str, width: float, size: float = _FONT, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width``, broken between words."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(joined, size, bold) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def _em(glyph: str) -> float:
    if glyph in _NARROW:
        return 0.3
    if glyph in _MIDDLE:
        return 0.42
    if glyph in _WIDE:
        return 1.0
    return 0.8 if glyph.isupper() else 0.65


@dataclass(frozen=True)
class _Box:
    left: float
    top: float
    right: float
    bottom: float

    def meets(self, other: _Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


@dataclass(frozen=True)
class _Label:
    """A label of one or more lines, and the first baselines it may take, best first."""

    lines: list[str]
    x: float
    anchor: Literal["start", "end"]
    baselines: list[float]
    style: str = ""
    size: float = _FONT
    bold: bool = False

    def box(self, baseline: float, margin: float = 2) -> _Box:
        width = max(text_width(line, self.size, self.bold) for line in self.lines)
        left = self.x if self.anchor == "start" else self.x - width
        # DejaVu Sans rises 0.93 em above the baseline and falls 0.24 em below it.
        return _Box(
            left - margin,
            baseline - 0.95 * self.size - margin,
            left + width + margin,
            baseline + (len(self.lines) - 1) * _LINE + 0.25 * self.size + margin,
        )

    def svg(self, baseline: float) -> str:
        anchor = ' text-anchor="end"' if self.anchor == "end" else ""
        style = f' style="{self.style}"' if self.style else ""
        return "".join(
            f'<text x="{self.x}" y="{round(baseline + i * _LINE, 1)}"{anchor}{style}>'
            f"{escape(line)}</text>"
            for i, line in enumerate(self.lines)
        )


def _place(labels: list[_Label], lines: list[_Box], floor: float) -> tuple[list[str], float]:
    """Each label at its first clear baseline (else below everything), and how far down
    the labels reach. ``lines`` are the drawing's lines as thin boxes."""
    taken: list[_Box] = []
    drawn = []
    for label in labels:
        clear = [
            baseline
            for baseline in label.baselines
            if (box := label.box(baseline)).top >= 0
            and box.left >= 0
            and box.right <= _WIDTH
            and not any(box.meets(other) for other in taken + lines)
        ]
        baseline = clear[0] if clear else max([floor, *(b.bottom for b in taken)]) + _LINE
        taken.append(label.box(baseline))
        drawn.append(label.svg(baseline))
    return drawn, max([floor, *(b.bottom for b in taken)])


def _near(preferred: float, low: float, high: float, step: float = 2) -> list[float]:
    """Baselines from ``low`` to ``high``, nearest to ``preferred`` first."""
    count = int((high - low) // step) + 1
    return sorted((low + i * step for i in range(max(count, 0))), key=lambda b: abs(b - preferred))


def cross_section_svg(region: Region, depth_mm: float, limit_mm: float) -> str:
    """A cross-section of the region drawn to scale in depth, with the needle and limits."""
    header = (
        _Label(
            fit(f"Not treated: {region.not_treated}", _WIDTH - 16, bold=True),
            8,
            "start",
            [16],
            style="fill:#b42318;font-weight:bold",
            bold=True,
        )
        if region.not_treated
        else None
    )
    # A no-treat label takes lines of its own above the needle.
    top = 60 + (len(header.lines) - 1) * _LINE if header else 40
    deepest = max(2.5, depth_mm + 0.2, limit_mm + 0.2)

    def y(mm: float) -> float:
        return round(top + mm * _SCALE, 1)

    left, right = _COLUMN
    width = right - left
    epidermis = EPIDERMIS_MM[1]
    # Fat is drawn in its usual yellow; the eyelid's unnamed layer in a neutral grey.
    beneath = "#fdf3d7" if region.below_dermis == "subcutis" else "#ececec"
    parts = [
        f'<rect x="{left}" y="{y(0)}" width="{width}" height="{deepest * _SCALE}" '
        f'fill="{beneath}"/>',
    ]
    # In the order they are placed: the lines' labels first, as they must sit by their line.
    labels = [
        _Label(
            [f"Your limit {limit_mm:g} mm"],
            _TEXT_RIGHT,
            "end",
            [y(limit_mm) + 16 + i * _LINE for i in range(4)]
            + [y(limit_mm) - 9 - i * _LINE for i in range(4)],
            style="fill:#b42318",
        ),
    ]
    caution = textwrap.wrap(
        "1.5 mm and deeper: caution (evidence and law)", width=26, break_long_words=False
    )
    caution_y = y(SKINPEN_EVALUATED_MM)
    above = caution_y - 9 - (len(caution) - 1) * _LINE
    labels.append(
        _Label(
            caution,
            _TEXT_RIGHT,
            "end",
            [above - i * _LINE for i in range(4)] + [caution_y + 16 + i * _LINE for i in range(4)],
            style="fill:#92400e",
        )
    )
    if region.dermis_mm is not None:
        low, high = region.dermis_mm.low, region.dermis_mm.high
        below = "Subcutis (fat)" if region.below_dermis == "subcutis" else "Below the dermis"
        # Averages by sex are two figures, not the ends of a measured range; on two lines,
        # so that the label fits inside the eyelid's thin dermis.
        dermis_label = (
            [f"Dermis: women {low:g} mm,", f"men {high:g} mm"]
            if region.dermis_figures == "averages-by-sex"
            else [f"Dermis {low:g}-{high:g} mm"]
        )
        parts += [
            f'<rect x="{left}" y="{y(epidermis)}" width="{width}" height="{low * _SCALE}" '
            'fill="#f2b8b5"/>',
            f'<rect x="{left}" y="{y(epidermis + low)}" width="{width}" '
            f'height="{(high - low) * _SCALE}" fill="#f2b8b5" fill-opacity="0.45"/>',
        ]
        # A layer's name stays inside its layer: placed before the chart's label, which can
        # move along its bar.
        labels += [
            _Label(
                dermis_label,
                _TEXT_LEFT,
                "start",
                _near(y(epidermis + low / 2) + 5, y(epidermis) + 16, y(epidermis + low) - 5),
            ),
            _Label(
                [below],
                _TEXT_LEFT,
                "start",
                _near(y(epidermis + high) + 18, y(epidermis + high) + 16, y(deepest) - 5),
            ),
        ]
    else:
        labels.append(
            _Label(
                ["No dermis figure for this site in this course"],
                _TEXT_LEFT,
                "start",
                _near(y(0.6), y(epidermis) + 16, y(deepest) - 5),
            )
        )
    chart = region.chart_mm
    parts.append(
        f'<rect x="{_CHART_X}" y="{y(chart.low)}" width="12" '
        f'height="{(chart.high - chart.low) * _SCALE}" fill="#9aa5b1"/>'
    )
    # The chart's label stays beside its bar where it can; its scope is wrapped to stay
    # inside the drawing.
    chart_lines = [f"Chart {_range(chart)}"] + (
        textwrap.wrap(f"({region.chart_scope})", 36) if region.chart_scope else []
    )
    block = (len(chart_lines) - 1) * _LINE
    middle = (y(chart.low) + y(chart.high) - block) / 2 + 5
    beside = _near(middle, y(chart.low) - block - 6, y(chart.high) + 12)
    labels.append(
        _Label(
            chart_lines,
            _TEXT_RIGHT,
            "end",
            beside + _near(middle, y(0) + 16, y(deepest) - 5),
        )
    )
    parts.append(
        f'<rect x="{left}" y="{y(0)}" width="{width}" height="{epidermis * _SCALE}" '
        'fill="#c98a5e"/>'
    )
    over = depth_mm > limit_mm + 1e-9
    lines = [
        (
            f'<line x1="{_LINE_LEFT}" x2="{_LINE_RIGHT}" y1="{caution_y}" y2="{caution_y}" '
            'stroke="#92400e" stroke-width="2" stroke-dasharray="2 4"/>'
        ),
        (
            f'<line x1="{_LINE_LEFT}" x2="{_LINE_RIGHT}" y1="{y(limit_mm)}" y2="{y(limit_mm)}" '
            'stroke="#b42318" stroke-width="2" stroke-dasharray="8 4"/>'
        ),
        (
            f'<line x1="{_NEEDLE_X}" x2="{_NEEDLE_X}" y1="{y(0) - 24}" y2="{y(depth_mm)}" '
            f'stroke="{"#b42318" if over else "#1f2937"}" stroke-width="5"/>'
        ),
    ]
    obstacles = [
        _Box(_LINE_LEFT, caution_y - 1, _LINE_RIGHT, caution_y + 1),
        _Box(_LINE_LEFT, y(limit_mm) - 1, _LINE_RIGHT, y(limit_mm) + 1),
        _Box(_NEEDLE_X - 3, y(0) - 24, _NEEDLE_X + 3, y(depth_mm)),
    ]
    # Above the skin: the needle's label right of the needle, the epidermis's at the right.
    fixed = [
        _Label([f"Needle {depth_mm:g} mm"], _NEEDLE_X + 10, "start", [y(0) - 8]),
        _Label(["Epidermis ≈ 30-63 µm"], right, "end", [y(0) - 8]),
    ]
    marks = []
    for mm in (0.5, 1.0, 1.5, 2.0, 2.5):
        if mm <= deepest:
            marks.append(
                f'<text x="{_AXIS_RIGHT}" y="{y(mm) + 4}" text-anchor="end">{mm:g} mm</text>'
                f'<line x1="{_AXIS_RIGHT + 2}" x2="{left}" y1="{y(mm)}" y2="{y(mm)}" '
                'stroke="#555"/>'
            )
    placed, reach = _place(([header] if header else []) + fixed + labels, obstacles, y(deepest))
    height = int(max(y(deepest), reach) + 30)
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
            f'role="img" aria-label="{escape(_aria(region, depth_mm, limit_mm))}">',
            f"<title>{escape(region.name)}: cross-section to scale</title>",
            f"<style>text{{font-family:sans-serif;font-size:{_FONT}px;fill:#222}}</style>",
            *parts,
            *lines,
            *marks,
            *placed,
            "</svg>",
        ]
    )


def _aria(region: Region, depth_mm: float, limit_mm: float) -> str:
    thickness = (
        f"dermis {dermis_figures_text(region, region.dermis_mm)}"
        if region.dermis_mm
        else "no dermis figure for this site in this course"
    )
    treated = f"not treated: {region.not_treated}; " if region.not_treated else ""
    return (
        f"{region.name}: {treated}{thickness}; needle {depth_mm:g} mm; clinic limit "
        f"{limit_mm:g} mm; manufacturer chart {chart_text(region)}"
    )

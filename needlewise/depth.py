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
        None, gt=0, le=5, description="A histology figure for the same site, if one exists."
    )
    dermis_histology_source: Id | None = None
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
    if depth_mm > chart_top + 1e-9:
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
    histology = (
        f"histology puts this dermis at about {region.dermis_histology_mm:g} mm"
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
            f"figure for this site (dermis about {region.dermis_histology_mm:g} mm, about "
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
    return f"{text} by ultrasound, about {region.dermis_histology_mm:g} mm by histology"


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


def cross_section_svg(region: Region, depth_mm: float, limit_mm: float) -> str:
    """A cross-section of the region drawn to scale in depth, with the needle and limits."""
    scale = 160  # pixels per millimetre
    # A no-treat label takes a line of its own above the needle.
    top = 60 if region.not_treated else 40
    deepest = max(2.5, depth_mm + 0.2)
    height = int(top + deepest * scale + 30)

    def y(mm: float) -> float:
        return round(top + mm * scale, 1)

    epidermis = EPIDERMIS_MM[1]
    # Fat is drawn in its usual yellow; the eyelid's unnamed layer in a neutral grey.
    beneath = "#fdf3d7" if region.below_dermis == "subcutis" else "#ececec"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 560 {height}" '
        f'role="img" aria-label="{escape(_aria(region, depth_mm, limit_mm))}">',
        f"<title>{escape(region.name)}: cross-section to scale</title>",
        "<style>text{font-family:sans-serif;font-size:13px;fill:#222}</style>",
        f'<rect x="60" y="{y(0)}" width="260" height="{deepest * scale}" fill="{beneath}"/>',
    ]
    if region.dermis_mm is not None:
        low, high = region.dermis_mm.low, region.dermis_mm.high
        below = "Subcutis (fat)" if region.below_dermis == "subcutis" else "Below the dermis"
        # Averages by sex are two figures, not the ends of a measured range.
        dermis_label = (
            f"Dermis: women {low:g} mm, men {high:g} mm"
            if region.dermis_figures == "averages-by-sex"
            else f"Dermis {low:g}-{high:g} mm"
        )
        parts += [
            f'<rect x="60" y="{y(epidermis)}" width="260" height="{(low) * scale}" '
            'fill="#f2b8b5"/>',
            f'<rect x="60" y="{y(epidermis + low)}" width="260" height="{(high - low) * scale}" '
            'fill="#f2b8b5" fill-opacity="0.45"/>',
            f'<text x="70" y="{y(epidermis + low / 2)}">{escape(dermis_label)}</text>',
            f'<text x="70" y="{y(epidermis + high) + 18}">{below}</text>',
        ]
    else:
        parts.append(
            f'<text x="70" y="{y(0.6)}">No dermis figure for this site in this course</text>'
        )
    parts += [
        f'<rect x="60" y="{y(0)}" width="260" height="{epidermis * scale}" fill="#c98a5e"/>',
        f'<text x="330" y="{y(0) + 6}">Epidermis about 30-63 µm</text>',
    ]
    chart = region.chart_mm
    parts.append(
        f'<rect x="330" y="{y(chart.low)}" width="14" height="{(chart.high - chart.low) * scale}" '
        'fill="#9aa5b1"/>'
    )
    parts.append(
        f'<text x="350" y="{y((chart.low + chart.high) / 2)}">Chart {_range(chart)}</text>'
    )
    if region.chart_scope:
        # The scope is wrapped to stay inside the drawing's right-hand column.
        for line, words in enumerate(textwrap.wrap(f"({region.chart_scope})", 28), start=1):
            parts.append(
                f'<text x="350" y="{y((chart.low + chart.high) / 2) + 16 * line}">'
                f"{escape(words)}</text>"
            )
    if region.not_treated:
        parts.append(
            f'<text x="8" y="16" style="fill:#b42318;font-weight:bold">'
            f"Not treated: {escape(region.not_treated)}</text>"
        )
    parts.append(
        f'<line x1="60" x2="540" y1="{y(SKINPEN_EVALUATED_MM)}" y2="{y(SKINPEN_EVALUATED_MM)}" '
        'stroke="#92400e" stroke-width="2" stroke-dasharray="2 4"/>'
    )
    parts.append(
        f'<text x="540" y="{y(SKINPEN_EVALUATED_MM) - 6}" text-anchor="end" '
        'style="fill:#92400e">1.5 mm and deeper: caution (evidence and law)</text>'
    )
    parts.append(
        f'<line x1="40" x2="540" y1="{y(limit_mm)}" y2="{y(limit_mm)}" stroke="#b42318" '
        'stroke-width="2" stroke-dasharray="8 4"/>'
    )
    parts.append(
        f'<text x="540" y="{y(limit_mm) + 16}" text-anchor="end" style="fill:#b42318">'
        f"Your limit {limit_mm:g} mm</text>"
    )
    over = depth_mm > limit_mm + 1e-9
    parts.append(
        f'<line x1="200" x2="200" y1="{y(0) - 24}" y2="{y(depth_mm)}" '
        f'stroke="{"#b42318" if over else "#1f2937"}" stroke-width="5"/>'
    )
    parts.append(f'<text x="208" y="{y(0) - 10}">Needle {depth_mm:g} mm</text>')
    for mm in (0.5, 1.0, 1.5, 2.0, 2.5):
        if mm <= deepest:
            parts.append(f'<text x="8" y="{y(mm) + 4}">{mm:g} mm</text>')
            parts.append(f'<line x1="48" x2="60" y1="{y(mm)}" y2="{y(mm)}" stroke="#555"/>')
    parts.append("</svg>")
    return "".join(parts)


def _aria(region: Region, depth_mm: float, limit_mm: float) -> str:
    thickness = (
        f"dermis {region.dermis_mm.low:g} to {region.dermis_mm.high:g} mm"
        if region.dermis_mm
        else "no dermis figure for this site in this course"
    )
    treated = f"not treated: {region.not_treated}; " if region.not_treated else ""
    return (
        f"{region.name}: {treated}{thickness}; needle {depth_mm:g} mm; clinic limit "
        f"{limit_mm:g} mm; manufacturer chart {chart_text(region)}"
    )

"""Corrections from the independent content review: Meng 2022's eyelid and forehead figures
are women's and men's averages, not ranges; the 0.76 mm histology figure is for the upper
inner eyelid only; the eyelid's messages say what SkinPen labelling says and what the course
adds; and no citation puts brackets inside its own brackets."""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree

from needlewise import depth
from needlewise.logbook.validation import not_treated_problem, review_flags
from needlewise.settings import ClinicSettings
from needlewise.ui.lesson_view import cite, source_label

from .builders import ROOT, shipped_content

CONTENT = shipped_content()
REGIONS = CONTENT.regions
ATROPHIC = REGIONS.indication("atrophic")
# Meng 2022, Table 2: the women's and the men's average, read as if they were a range.
AS_A_RANGE = re.compile(r"0\.58\s*(?:to|-|–)\s*0\.67|0\.86\s*(?:to|-|–)\s*1\.17")
SVG = "{http://www.w3.org/2000/svg}"


def messages(region: depth.Region, mm: float) -> str:
    return " ".join(w.text for w in depth.assess(region, ATROPHIC, mm, 2.5, "x"))


def svg_text(svg: str) -> str:
    return " ".join("".join(node.itertext()) for node in ElementTree.fromstring(svg).iter())


@pytest.mark.parametrize(
    ("region_id", "women", "men"), [("periorbital", 0.58, 0.67), ("forehead", 0.86, 1.17)]
)
def test_the_eyelid_and_forehead_figures_are_the_averages_for_women_and_for_men(
    region_id, women, men
):
    region = REGIONS.region(region_id)
    assert region.dermis_figures == "averages-by-sex"
    assert (region.dermis_mm.low, region.dermis_mm.high) == (women, men)
    said = f"on average {women:g} mm in women and {men:g} mm in men"
    assert depth.dermis_figures_text(region, region.dermis_mm).startswith(said)
    assert "the average female dermis here" in messages(region, women)
    for mm in (0.25, 0.5, women, (women + men) / 2, men, 1.0, 1.5):
        assert not AS_A_RANGE.search(messages(region, mm)), (region_id, mm)
        drawn = depth.cross_section_svg(region, mm, 1.5)
        assert f">Dermis: women {women:g} mm,</text>" in drawn
        assert f">men {men:g} mm</text>" in drawn
        assert not AS_A_RANGE.search(drawn), (region_id, mm)


def test_between_the_two_eyelid_averages_the_explorer_says_many_clients_not_all():
    text = messages(REGIONS.region("periorbital"), 0.7)
    assert "deeper than the average female skin here (dermis 0.58 mm" in text
    assert "close to the male average (dermis 0.67 mm)" in text
    assert "In many clients a needle that reached this depth would pass through" in text


@pytest.mark.parametrize(
    "path",
    sorted(
        [
            *(ROOT / "content" / "lessons").glob("*.md"),
            *(ROOT / "content" / "figures").glob("*.svg"),
            *(ROOT / "quizzes").glob("*.yaml"),
            ROOT / "content" / "regions.yaml",
        ]
    ),
    ids=lambda path: path.name,
)
def test_no_course_text_gives_the_averages_as_a_range(path):
    text = path.read_text(encoding="utf-8")
    assert not AS_A_RANGE.search(text)
    if path.name == "regions.yaml":
        return  # data, not prose: `dermis_figures` says what the two figures are
    # Each average is said to be the women's or the men's, within a few words.
    for match in re.finditer(r"0\.58|0\.86", text):
        assert "women" in text[match.start() : match.start() + 60], text[match.start() - 80 :][:200]


def test_the_histology_figure_names_the_upper_inner_eyelid():
    eyelid = REGIONS.region("periorbital")
    assert eyelid.dermis_histology_site == "upper inner eyelid"
    figures = depth.dermis_figures_text(eyelid, eyelid.dermis_mm)
    assert figures.endswith("about 0.76 mm by histology at the upper inner eyelid")
    between = messages(eyelid, 0.7)
    assert "histology measured the dermis of the upper inner eyelid at about 0.76 mm" in between
    assert "this dermis" not in between
    drawn = ElementTree.fromstring(depth.cross_section_svg(eyelid, 0.5, 1.5))
    assert "by histology at the upper inner eyelid" in drawn.get("aria-label")
    # The fact sheet's "thinnest dermis" is of the sites Chopra 2015 measured; Meng 2022's
    # eyelid averages are thinner still.
    assert "thinnest dermis of the face" not in eyelid.dermis_note
    assert "sites measured in that study (Chopra 2015)" in eyelid.dermis_note


def region_with_histology(site: str | None) -> depth.Region:
    return depth.Region(
        id="test-site",
        name="Test site",
        dermis_mm={"low": 0.6, "high": 0.7},
        dermis_source="src",
        dermis_histology_mm=0.9,
        dermis_histology_source="src",
        dermis_histology_site=site,
        chart_mm={"low": 0.25, "high": 0.5},
    )


def test_a_measured_range_with_histology_names_the_histology_site_when_given():
    # 0.8 mm: past the measured range with the epidermis, short of the histology figure.
    named = messages(region_with_histology("upper inner eyelid"), 0.8)
    assert "close to the histology figure for the upper inner eyelid (dermis about 0.9 mm" in named
    unnamed = messages(region_with_histology(None), 0.8)
    assert "close to the histology figure for this site (dermis about 0.9 mm" in unnamed


def test_a_histology_site_without_its_figure_is_rejected():
    with pytest.raises(ValueError, match="names a histology site without its figure"):
        depth.Region(
            id="test-site",
            name="Test site",
            dermis_note="Unknown.",
            dermis_histology_site="upper inner eyelid",
            chart_mm={"low": 0.5, "high": 2.0},
        )


def test_the_face_map_gives_the_eyelid_histology_site_and_the_averages_by_sex():
    svg = ElementTree.fromstring(CONTENT.figures["face-treatment-zones"].read_bytes())
    desc = svg.find(f"{SVG}desc").text
    assert "about 0.76 millimetres at the upper inner eyelid" in desc
    assert "averaging about 0.58 millimetres in women and 0.67 millimetres in men" in desc
    assert "averaging about 0.86 millimetres in women and 1.17 millimetres in men" in desc
    labels = [" ".join("".join(t.itertext()).split()) for t in svg.iter(f"{SVG}text")]
    key = " ".join(labels)
    assert "1 Forehead: 0.86 mm women, 1.17 mm men" in labels
    assert "≈ 0.58 mm women, 0.67 mm men by ultrasound; upper inner eyelid ≈ 0.76 mm by" in key


@pytest.mark.parametrize("mm", [0.55, 0.75, 1.0, 1.5, 2.5])
def test_no_chart_depth_is_offered_for_a_region_the_course_never_treats(mm):
    eyelid = REGIONS.region("periorbital")
    assert not any(
        "manufacturer charts" in w.text for w in depth.assess(eyelid, ATROPHIC, mm, 2.5, "x")
    )
    # A region that is treated still hears that it is past its chart.
    assert "Deeper than the manufacturer charts" in messages(REGIONS.region("forehead"), 1.0)


def test_the_eyelid_warning_says_what_the_labelling_says_and_what_the_course_adds():
    [warning] = REGIONS.region("periorbital").warnings
    assert warning.startswith(
        "SkinPen labelling says not to use the device inside the orbital rim (the eyelids); "
        "this course never treats there, at any depth."
    )
    assert "never applies inside the rim" in warning


def test_every_sentence_that_gives_why_the_eyelid_is_not_treated_reads_as_one():
    eyelid = REGIONS.region("periorbital")
    reason = eyelid.not_treated
    assert reason == (
        "at any depth, because SkinPen labelling says not to use the device inside the orbital rim"
    )
    said = [
        not_treated_problem(eyelid.name, reason),
        *review_flags(
            {"periorbital": 0.25},
            {"periorbital": eyelid.name},
            {"periorbital": reason},
            ClinicSettings(),
        ),
        f"The course does not treat this area, {reason}.",  # the logbook form's caption
        svg_text(depth.cross_section_svg(eyelid, 0.5, 1.5)),
    ]
    for sentence in said:
        assert "(SkinPen labelling)" not in sentence
        assert "labelling says not to use the device inside the orbital rim" in " ".join(
            sentence.split()
        )
        assert "::" not in sentence and ": at any depth:" not in sentence


def rendered_lessons() -> list[tuple[str, str]]:
    return [
        (lesson_id, cite(block.text, CONTENT.references))
        for lesson_id, lesson in CONTENT.lessons.items()
        for block in lesson.blocks
        if block.kind in ("markdown", "callout")
    ]


def test_no_short_name_has_brackets_of_its_own():
    bracketed = {
        k: r.short for k, r in CONTENT.references.items() if re.search(r"[()\[\]]", r.short)
    }
    assert bracketed == {}
    for key in CONTENT.references:
        label = source_label(key, CONTENT.references)
        assert "((" not in label and "))" not in label and label.count("(") == 1, label


def test_no_citation_in_any_lesson_renders_with_nested_brackets():
    cited = 0
    for lesson_id, text in rendered_lessons():
        assert "((" not in text and "))" not in text, lesson_id
        lesson = CONTENT.lessons[lesson_id]
        for block in lesson.blocks:
            for match in re.finditer(r"\[(@[^\]]+)\]", block.text):
                shown = cite(match.group(0), CONTENT.references)
                cited += 1
                assert shown.startswith("(") and shown.endswith(")"), shown
                assert not re.search(r"[()]", shown[1:-1]), (lesson_id, shown)
    assert cited > 50, "the lessons' citations were not found"

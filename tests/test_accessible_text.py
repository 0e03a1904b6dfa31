"""The words behind figures and answer controls: an SVG's title and description, and a
question's prompt as plain words for a control's accessible name."""

from __future__ import annotations

from needlewise import charts, depth
from needlewise.figure_text import figure_label, figure_text
from needlewise.label_text import label_text

from .builders import shipped_content

CONTENT = shipped_content()


def test_every_course_figure_gives_a_title_and_a_description():
    for name, path in CONTENT.figures.items():
        text = figure_text(path)
        assert text.title and len(text.description) > 80, name


def test_an_svg_without_title_falls_back_to_its_label_then_the_caption():
    labelled = b'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="A cut"></svg>'
    assert figure_text(labelled).title == "A cut"
    bare = b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    assert figure_text(bare, fallback="Skin layers").title == "Skin layers"
    assert figure_text(bare).description == ""


def test_the_depth_cross_section_keeps_its_name():
    svg = depth.cross_section_svg(CONTENT.regions.regions[0], 0.5, 1.0)
    assert figure_text(svg.encode()).title
    # The image's alt is the drawing's own aria-label: region, dermis, needle and limit.
    label = figure_label(svg)
    assert "dermis" in label and "needle 0.5 mm" in label and "limit 1 mm" in label


def test_a_prompt_loses_its_markup_but_keeps_its_words():
    prompt = "Which **layer** holds [collagen](https://example.org)? See `dermis` [@smith2020]."
    assert label_text(prompt) == "Which layer holds collagen? See dermis."
    assert label_text("word " * 200).endswith("…")
    assert len(label_text("word " * 200)) == 300


def test_every_chart_has_a_description_and_dark_axis_text():
    import pandas as pd

    built = [
        charts.funnel(pd.DataFrame({"step": ["Started"], "trainees": [1]})),
        charts.distribution(pd.DataFrame({"grade": [55.0]})),
        charts.mastery(pd.DataFrame({"Objective": ["One"], "Mastery": [40.0]}), 70),
    ]
    for chart in built:
        spec = chart.to_dict()
        assert spec["description"]
        assert spec["config"]["axis"]["labelColor"] == charts.TEXT
    mastery = built[2].to_dict()
    marks = [layer["mark"]["type"] for layer in mastery["layer"]]
    assert marks == ["bar", "text", "rule"]
    assert next(iter(mastery["datasets"].values()))[0]["status"] == "40% · revise"

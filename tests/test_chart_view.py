"""Charts drawn from a kept Vega-Lite spec (needlewise.ui.chart_view) are the elements
``st.altair_chart`` would send, byte for byte, for every chart of the app; a chart is
converted once per distinct builder, data and arguments, never shown for other data."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from needlewise import charts
from needlewise.ui import chart_view

CASES = {
    "funnel": (
        charts.funnel,
        pd.DataFrame(
            {"step": ["Started", "1. Skin and scars", "Final assessment"], "trainees": [40, 31, 12]}
        ),
        (),
    ),
    "distribution": (charts.distribution, pd.DataFrame({"grade": [12.5, 55.0, 80.0, 100.0]}), ()),
    "grades": (
        charts.grades_against_pass_marks,
        pd.DataFrame(
            {"Quiz": ["Module 1 quiz"], "Grade": [72.0], "Pass mark": [80.0], "Passed": ["not yet"]}
        ),
        (),
    ),
    "mastery": (
        charts.mastery,
        pd.DataFrame({"Objective": ["Choose a needle depth for the area"], "Mastery": [64.0]}),
        (70.0,),
    ),
    "history": (
        charts.history,
        pd.DataFrame(
            {"When": [datetime(2026, 11, 2, 9, 30)], "Score": [64.0], "Quiz": ["Module 1 quiz"]}
        ),
        (),
    ),
}


def _both(build, data, arguments) -> None:
    import streamlit as st

    from needlewise.ui import chart_view

    st.altair_chart(build(data, *arguments), width="stretch")
    chart_view.draw(build, data, *arguments)
    chart_view.draw(build, data, *arguments)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_kept_chart_is_the_element_altair_chart_sends(name):
    at = AppTest.from_function(_both, args=CASES[name], default_timeout=30).run()
    drawn = [node.proto for node in at._tree.children[0].children.values()]
    assert len(drawn) == 3
    assert drawn[0] == drawn[1] == drawn[2]
    assert drawn[0].spec  # a real chart, not two empty elements


def test_a_chart_is_converted_once_per_builder_data_and_arguments(monkeypatch):
    converted, drawn = [], []
    real = chart_view._convert_altair_to_vega_lite_spec
    monkeypatch.setattr(
        chart_view,
        "_convert_altair_to_vega_lite_spec",
        lambda chart: converted.append(chart) or real(chart),
    )
    monkeypatch.setattr(chart_view, "_specs", OrderedDict())
    monkeypatch.setattr(chart_view.st, "vega_lite_chart", lambda spec, **_: drawn.append(spec))
    build, data, _ = CASES["funnel"]
    chart_view.draw(build, data)
    chart_view.draw(build, data)
    chart_view.draw(build, data.assign(trainees=[40, 31, 13]))
    _, levels, _ = CASES["mastery"]
    chart_view.draw(charts.mastery, levels, 70.0)
    chart_view.draw(charts.mastery, levels, 80.0)
    assert len(converted) == 4
    assert drawn[0] == drawn[1] != drawn[2]
    assert drawn[3] != drawn[4]
    # Streamlit moves the datasets out of what it is given: each draw has its own copy.
    assert drawn[0] is not drawn[1]
    assert drawn[0]["datasets"] is not drawn[1]["datasets"]

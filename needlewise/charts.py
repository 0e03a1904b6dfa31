"""The app's charts as Altair specifications, built without Streamlit so they can be tested.

Counts of people are whole numbers: their axes have integer ticks only (``COUNT_AXIS``).
Long labels (objectives, quiz titles) are wrapped onto several lines rather than cut off,
and every bar has a tooltip with the full text. Dates read as dates ("30 Nov").
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)
# Vega draws a label given as a list of strings on several lines.
WRAPPED_AXIS = alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=0, labelOverlap=False)
# Room for a label of three lines beside each bar, so no label is dropped for lack of space.
ROW = alt.Step(48)
WRAP = 38
PASSED, NOT_YET = "#0f766e", "#b45309"


def wrapped(text: str, width: int = WRAP) -> str:
    """``text`` on lines of at most ``width`` characters, joined by newlines."""
    return "\n".join(textwrap.wrap(text, width)) or text


def funnel(steps: pd.DataFrame) -> alt.Chart:
    """How many trainees reached each step (columns ``step``, ``trainees``)."""
    data = steps.assign(label=steps["step"].map(wrapped))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("trainees:Q", title="Trainees", axis=COUNT_AXIS),
            y=alt.Y("label:N", sort=None, title=None, axis=WRAPPED_AXIS),
            tooltip=[
                alt.Tooltip("step:N", title="Step"),
                alt.Tooltip("trainees:Q", title="Trainees"),
            ],
        )
        .properties(height=ROW)
    )


def distribution(grades: pd.DataFrame) -> alt.Chart:
    """How many trainees have a grade in each band of 10% (column ``grade``)."""
    return (
        alt.Chart(grades)
        .mark_bar()
        .encode(
            x=alt.X("grade:Q", bin=alt.Bin(step=10, extent=[0, 100]), title="Grade (%)"),
            y=alt.Y("count():Q", title="Trainees", axis=COUNT_AXIS),
            tooltip=[alt.Tooltip("count():Q", title="Trainees")],
        )
    )


def grades_against_pass_marks(scores: pd.DataFrame) -> alt.LayerChart:
    """Each quiz's grade as a bar and its pass mark as a tick (columns ``Quiz``, ``Grade``,
    ``Pass mark``, ``Passed``)."""
    data = scores.assign(label=scores["Quiz"].map(wrapped))
    y = alt.Y("label:N", sort=None, title=None, axis=WRAPPED_AXIS)
    tooltip = [
        alt.Tooltip("Quiz:N"),
        alt.Tooltip("Grade:Q", format=".1f", title="Grade (%)"),
        alt.Tooltip("Pass mark:Q", title="Pass mark (%)"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("Grade:Q", scale=alt.Scale(domain=[0, 100]), title="Grade (%)"),
            y=y,
            color=alt.Color(
                "Passed:N",
                scale=alt.Scale(domain=["passed", "not yet"], range=[PASSED, NOT_YET]),
                title=None,
            ),
            tooltip=tooltip,
        )
    )
    marks = (
        alt.Chart(data)
        .mark_tick(color="black", thickness=2, size=22)
        .encode(x="Pass mark:Q", y=y, tooltip=tooltip)
    )
    return (bars + marks).properties(height=ROW)


def mastery(levels: pd.DataFrame, threshold: float) -> alt.Chart:
    """Mastery per objective (columns ``Objective``, ``Mastery``), below the threshold in
    amber."""
    data = levels.assign(label=levels["Objective"].map(wrapped))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("Mastery:Q", scale=alt.Scale(domain=[0, 100]), title="Mastery (%)"),
            y=alt.Y("label:N", sort="x", title=None, axis=WRAPPED_AXIS),
            color=alt.condition(
                alt.datum.Mastery < threshold, alt.value(NOT_YET), alt.value(PASSED)
            ),
            tooltip=[
                alt.Tooltip("Objective:N"),
                alt.Tooltip("Mastery:Q", format=".1f", title="Mastery (%)"),
            ],
        )
        .properties(height=ROW)
    )


def history(attempts: pd.DataFrame) -> alt.Chart:
    """Each submitted attempt's score over time (columns ``When`` in local time, ``Score``,
    ``Quiz``); the legend wraps long quiz titles."""
    return (
        alt.Chart(attempts)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "When:T",
                title=None,
                axis=alt.Axis(format="%d %b", labelAngle=0, tickCount="day"),
            ),
            y=alt.Y("Score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (%)"),
            color=alt.Color("Quiz:N", legend=alt.Legend(orient="bottom", columns=1, labelLimit=0)),
            tooltip=[
                alt.Tooltip("Quiz:N"),
                alt.Tooltip("When:T", format="%d %b %Y, %H:%M"),
                alt.Tooltip("Score:Q", format=".1f", title="Score (%)"),
            ],
        )
    )

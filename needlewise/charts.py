"""The app's charts as Altair specifications, built without Streamlit so they can be tested.

Counts of people are whole numbers: their axes have integer ticks only (``COUNT_AXIS``).
Long labels (objectives, quiz titles) are wrapped onto several lines rather than cut off,
and every bar has a tooltip with the full text. Dates read as dates ("30 Nov").

No chart carries meaning by colour alone (WCAG 1.4.1): a passed or not-yet grade and a
mastery below the threshold are written beside the bar, the threshold is a line, and each
quiz in the history has its own point shape and dash. Every colour is at least 3:1 on
white (1.4.11), text is near-black, and each chart has a ``description`` that the browser
reads out as the chart's name.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from . import display

COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)
WRAP = 38
# Each bar's row has room for its longest wrapped label (lines 14 px apart) and at least
# three lines, so no label runs into the next.
LINE, MIN_LINES, ROW_PADDING = 14, 3, 6
# Vega draws a label given as a list of strings on several lines.
WRAPPED_AXIS = alt.Axis(
    labelExpr="split(datum.label, '\\n')",
    labelLimit=0,
    labelOverlap=False,
    labelLineHeight=LINE,
)
PASSED, NOT_YET = "#0f766e", "#b45309"
TEXT = "#1a1a1a"
# Distinct hues, each at least 3:1 on white.
SERIES = ["#0f766e", "#b45309", "#1d4ed8", "#9d174d", "#4d7c0f", "#6d28d9", "#374151", "#0e7490"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge", "stroke"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [4, 4], [1, 3], [10, 4], [3, 1]]


def readable(chart, description: str):
    """``chart`` with dark axis and legend text and a name for assistive technology."""
    return (
        chart.properties(description=description)
        .configure_axis(labelColor=TEXT, titleColor=TEXT)
        .configure_legend(labelColor=TEXT, titleColor=TEXT)
    )


def wrapped(text: str, width: int = WRAP) -> str:
    """``text`` on lines of at most ``width`` characters, joined by newlines."""
    return "\n".join(textwrap.wrap(text, width)) or text


def rows_for(labels: pd.Series) -> alt.Step:
    """The height of one bar's row for these wrapped labels."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return alt.Step(LINE * max(lines, MIN_LINES) + ROW_PADDING)


def funnel(steps: pd.DataFrame) -> alt.Chart:
    """How many trainees reached each step (columns ``step``, ``trainees``)."""
    data = steps.assign(label=steps["step"].map(wrapped))
    chart = (
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
        .properties(height=rows_for(data["label"]))
    )
    return readable(chart, "Bar chart: how many trainees reached each step of the course.")


def distribution(grades: pd.DataFrame) -> alt.Chart:
    """How many trainees have a grade in each band of 10% (column ``grade``)."""
    chart = (
        alt.Chart(grades)
        .mark_bar()
        .encode(
            x=alt.X("grade:Q", bin=alt.Bin(step=10, extent=[0, 100]), title="Grade (%)"),
            y=alt.Y("count():Q", title="Trainees", axis=COUNT_AXIS),
            tooltip=[alt.Tooltip("count():Q", title="Trainees")],
        )
    )
    return readable(chart, "Histogram: how many trainees have a grade in each band of 10%.")


def grades_against_pass_marks(scores: pd.DataFrame) -> alt.LayerChart:
    """Each quiz's grade as a bar and its pass mark as a tick (columns ``Quiz``, ``Grade``,
    ``Pass mark``, ``Passed``)."""
    # Grades are written as everywhere else: one decimal, rounded down (display.percent).
    data = scores.assign(
        label=scores["Quiz"].map(wrapped), shown=scores["Grade"].map(display.percent)
    )
    y = alt.Y("label:N", sort=None, title=None, axis=WRAPPED_AXIS)
    tooltip = [
        alt.Tooltip("Quiz:N"),
        alt.Tooltip("shown:N", title="Grade"),
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
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=tooltip,
        )
    )
    marks = (
        alt.Chart(data)
        .mark_tick(color="black", thickness=2, size=22)
        .encode(x="Pass mark:Q", y=y, tooltip=tooltip)
    )
    # The verdict in words, right of the plot where it never sits on a coloured bar.
    words = (
        alt.Chart(data)
        .transform_calculate(said="datum.shown + ' · ' + datum.Passed")
        .mark_text(align="left", dx=8, color=TEXT)
        .encode(x=alt.datum(100), y=y, text="said:N")
    )
    return readable(
        (bars + marks + words).properties(height=rows_for(data["label"])),
        "Bar chart: your best grade in each quiz, with its pass mark as a black tick; "
        "each bar is labelled with the grade and passed or not yet.",
    )


def mastery(levels: pd.DataFrame, threshold: float) -> alt.LayerChart:
    """Mastery per objective (columns ``Objective``, ``Mastery``): below the threshold in
    amber and marked "revise" in words, the threshold as a dashed line."""
    data = levels.assign(
        label=levels["Objective"].map(wrapped),
        shown=levels["Mastery"].map(display.percent),
    )
    data["status"] = data["shown"].where(data["Mastery"] >= threshold, data["shown"] + " · revise")
    x = alt.X("Mastery:Q", scale=alt.Scale(domain=[0, 100]), title="Mastery (%)")
    # Sorted by the value itself: "x" would mean the words' fixed position in their layer.
    by_mastery = alt.EncodingSortField(field="Mastery", op="sum", order="ascending")
    y = alt.Y("label:N", sort=by_mastery, title=None, axis=WRAPPED_AXIS)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            y=y,
            color=alt.condition(
                alt.datum.Mastery < threshold, alt.value(NOT_YET), alt.value(PASSED)
            ),
            tooltip=[
                alt.Tooltip("Objective:N"),
                alt.Tooltip("shown:N", title="Mastery"),
            ],
        )
    )
    words = (
        alt.Chart(data)
        .mark_text(align="left", dx=8, color=TEXT)
        .encode(x=alt.datum(100), y=y, text="status:N")
    )
    line = (
        alt.Chart(pd.DataFrame({"threshold": [threshold]}))
        .mark_rule(color=TEXT, strokeDash=[6, 3], strokeWidth=2)
        .encode(x="threshold:Q")
    )
    return readable(
        (bars + words + line).properties(height=rows_for(data["label"])),
        f"Bar chart: your mastery of each learning objective; the dashed line is the "
        f"{threshold:g}% threshold, and objectives below it are labelled revise.",
    )


def history(attempts: pd.DataFrame) -> alt.Chart:
    """Each submitted attempt's score over time (columns ``When`` in local time, ``Score``,
    ``Quiz``); each quiz has its own colour, point shape and dash, and the legend below the
    plot wraps long quiz titles, so it never squeezes the plot on a narrow screen."""
    quizzes = list(dict.fromkeys(attempts["Quiz"].map(lambda q: wrapped(q, 30))))
    data = attempts.assign(
        Legend=attempts["Quiz"].map(lambda q: wrapped(q, 30)),
        shown=attempts["Score"].map(display.percent),
    )
    legend = alt.Legend(
        orient="bottom",
        columns=1,
        labelLimit=0,
        labelExpr="split(datum.label, '\\n')",
        symbolStrokeWidth=2,
    )

    def series(values: list) -> alt.Scale:
        return alt.Scale(
            domain=quizzes, range=[values[i % len(values)] for i in range(len(quizzes))]
        )

    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80, filled=True), strokeWidth=2)
        .encode(
            x=alt.X(
                "When:T",
                title=None,
                axis=alt.Axis(format="%d %b", labelAngle=0, tickCount="day"),
            ),
            y=alt.Y("Score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (%)"),
            color=alt.Color("Legend:N", title="Quiz", scale=series(SERIES), legend=legend),
            shape=alt.Shape("Legend:N", title="Quiz", scale=series(SHAPES), legend=legend),
            strokeDash=alt.StrokeDash(
                "Legend:N", title="Quiz", scale=series(DASHES), legend=legend
            ),
            tooltip=[
                alt.Tooltip("Quiz:N"),
                alt.Tooltip("When:T", format="%d %b %Y, %H:%M"),
                alt.Tooltip("shown:N", title="Score"),
            ],
        )
    )
    return readable(
        chart,
        "Line chart: the score of each submitted attempt over time, one line per quiz, "
        "each with its own point shape and dash.",
    )

import functools

import pandas as pd
import streamlit as st

from needlewise import charts, clock, cohorts, gradebook
from needlewise.content import Content
from needlewise.ui import (
    attempts_drill,
    chart_view,
    context,
    exports,
    extra_time,
    no_trainees,
    time_zone,
)


def first_rows() -> None:
    """A new search, filter or group starts at its first rows."""
    st.session_state.pop("cohort_page", None)


def group_charts(content: Content, table: pd.DataFrame, funnel: pd.DataFrame, scope: str) -> None:
    """The group's completion funnel and one quiz's score distribution."""
    st.caption(f"Every trainee of {scope}, whatever the search.")
    st.header("Completion funnel")
    chart_view.draw(charts.funnel, funnel)
    st.header("Score distribution")
    quiz_ids = [q for q in content.quiz_order() if q in table]
    quiz_id = st.selectbox(
        "Quiz",
        quiz_ids,
        key="distribution_quiz",
        format_func=lambda q: content.quizzes[q].quiz.title,
    )
    scores = table[[quiz_id]].dropna().rename(columns={quiz_id: "grade"})
    if scores.empty:
        st.caption("No one in this group has a grade for this quiz yet.")
    else:
        chart_view.draw(charts.distribution, scores)


ctx = context.current()
user = context.user()
content = ctx.content
zone = time_zone.name()
st.title("Gradebook")
groups = cohorts.all_cohorts(ctx.engine)
mine = set(cohorts.cohorts_taught_by(ctx.engine, user))
groups.sort(key=lambda c: (c.id not in mine, c.name))
choice = st.selectbox(
    "Group",
    [None, *groups],
    key="cohort_filter",
    bind="query-params",
    format_func=lambda c: "All trainees" if c is None else c.name,
    on_change=first_rows,
)
ids = None if choice is None else cohorts.trainee_ids(ctx.engine, choice.id)
scope = "the whole cohort" if choice is None else choice.name
found = gradebook.overview(
    ctx.engine,
    content,
    ids,
    clock.now(),
    ctx.settings.inactive_days,
    ctx.settings.mastery_threshold,
)
table, funnel = found.table, found.funnel
if table.empty:
    no_trainees.stop(choice, user)

flagged = int((table["flags"] != "").sum())
columns = st.columns(3)
columns[0].metric("Trainees", len(table))
columns[1].metric("Need attention", flagged)
columns[2].metric("Passed the final assessment", int(funnel.iloc[-1]["trainees"]))
search = st.text_input(
    "Find a trainee",
    key="cohort_search",
    bind="query-params",
    placeholder="Part of a name or username",
    on_change=first_rows,
)
only_flagged = st.toggle(
    "Show only trainees who need attention",
    key="cohort_flagged",
    bind="query-params",
    on_change=first_rows,
)
matched = gradebook.matching(table, search, only_flagged)
# Only the open tab runs and is drawn: a page switch sends one tab's elements, not the
# charts, forms and pickers of all four (bench/README.md). The tab, like the group, the
# search and the filter above, is in the address, so a reload or a shared link opens it
# again.
table_tab, charts_tab, extra_tab, attempts_tab = st.tabs(
    list(gradebook.TABS), key="gradebook_tab", bind="query-params"
)
if table_tab.open:
    with table_tab:
        pages = gradebook.page_count(len(matched))
        number = (
            st.selectbox(
                "Rows",
                range(1, pages + 1),
                key="cohort_page",
                format_func=lambda n: gradebook.rows_label(n, len(matched)),
            )
            if pages > 1
            else 1
        )
        rows = gradebook.page(matched, number)
        st.caption(gradebook.showing(len(matched), len(table), number, scope))
        st.dataframe(
            gradebook.shown_rows(ctx.engine, rows, content, zone, ctx.settings),
            hide_index=True,
            width="stretch",
            placeholder="",
        )
        everyone = functools.cache(lambda: gradebook.export_columns(table, content, zone))
        exports.offer(
            "gradebook",
            "Prepare gradebook export",
            [
                exports.ExportFile(
                    "Gradebook (CSV)",
                    "gradebook.csv",
                    "text/csv",
                    lambda: gradebook.to_csv(everyone()),
                ),
                exports.ExportFile(
                    "Gradebook (Excel)",
                    "gradebook.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    lambda: gradebook.to_xlsx(everyone()),
                ),
            ],
            # Files of another group or time zone are dropped, not offered under this one.
            scope=(None if choice is None else choice.id, zone),
        )
if charts_tab.open:
    with charts_tab:
        group_charts(content, table, funnel, scope)
if extra_tab.open:
    with extra_tab:
        extra_time.render(ctx.engine, table, gradebook.page(matched, 1), len(matched), user)
if attempts_tab.open:
    with attempts_tab:
        attempts_drill.render(ctx.engine, content, zone, gradebook.page(matched, 1), len(matched))

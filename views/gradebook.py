import functools

import pandas as pd
import streamlit as st

from needlewise import (
    attempts,
    charts,
    clock,
    cohorts,
    display,
    gradebook,
    item_review,
    quiz_versions,
)
from needlewise.quiz.schema import CaseQuestion
from needlewise.ui import chart_view, context, exports, extra_time, no_trainees, time_zone
from needlewise.ui.question_view import render_review_item, render_vignette


def first_rows() -> None:
    """A new search, filter or group starts at its first rows."""
    st.session_state.pop("cohort_page", None)


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
    placeholder="Part of a name or username",
    on_change=first_rows,
)
only_flagged = st.toggle(
    "Show only trainees who need attention", key="cohort_flagged", on_change=first_rows
)
matched = gradebook.matching(table, search, only_flagged)
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
            "Gradebook (CSV)", "gradebook.csv", "text/csv", lambda: gradebook.to_csv(everyone())
        ),
        exports.ExportFile(
            "Gradebook (Excel)",
            "gradebook.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda: gradebook.to_xlsx(everyone()),
        ),
    ],
)

st.header("Completion funnel")
chart_view.draw(charts.funnel, funnel)

st.header("Score distribution")
quiz_ids = [q for q in content.quiz_order() if q in table]
quiz_id = st.selectbox(
    "Quiz", quiz_ids, key="distribution_quiz", format_func=lambda q: content.quizzes[q].quiz.title
)
scores = table[[quiz_id]].dropna().rename(columns={quiz_id: "grade"})
if scores.empty:
    st.caption("No one in this group has a grade for this quiz yet.")
else:
    chart_view.draw(charts.distribution, scores)

extra_time.render(ctx.engine, table, rows, user)

st.header("One trainee's attempts")
st.caption("Pick from the trainees shown in the table above; find others with its search.")
names = dict(zip(rows["user_id"].tolist(), rows["name"].tolist(), strict=True))
if not names:
    st.caption("No trainee matches the search.")
    st.stop()
# Nobody is picked until the instructor picks: reading someone's attempts on every run of
# the page, for whoever happened to be first, would cost every instructor each click.
person = st.selectbox(
    "Attempts of",
    list(names),
    index=None,
    placeholder="Choose a trainee",
    key="drill_user",
    format_func=names.__getitem__,
)
if person is None:
    st.stop()
theirs = [a for a in attempts.for_user(ctx.engine, int(person)) if a.state == "submitted"]
if not theirs:
    st.caption("No submitted attempts yet.")
    st.stop()
picked = st.selectbox(
    "Attempt",
    theirs,
    key="drill_attempt",
    format_func=lambda a: (
        f"{content.quizzes[a.quiz_id].quiz.title if a.quiz_id in content.quizzes else a.quiz_id}"
        f" · attempt {a.number} · {display.percent(a.percent)}"
        f" · {display.day(a.submitted_at, zone)}"
    ),
)
quiz = quiz_versions.quiz_of(ctx.engine, picked)
saved = attempts.saved_responses(ctx.engine, picked.id)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Question": item_review.question_text(quiz, q),
                "Id": q,
                "Points": display.rounded(r.points),
                "Out of": display.rounded(r.max_points),
            }
            for q, r in saved.items()
        ],
        columns=["Question", "Id", "Points", "Out of"],
    ),
    hide_index=True,
)
# Drawn only when asked for: every question of an attempt with its answer is hundreds of
# elements, which would be sent again on every run of the page.
if st.toggle("Show the answers in full", key="drill_answers"):
    for slot in picked.layout:
        top = quiz.top(slot["id"])
        if isinstance(top, CaseQuestion):
            render_vignette(top, content.figures)
        for leaf_slot in slot.get("parts", [slot]):
            question = quiz.leaf(leaf_slot["id"])
            stored = saved.get(question.id)
            st.markdown(question.prompt)
            render_review_item(
                question,
                stored.response if stored else None,
                stored.points if stored else None,
                show_marks=True,
                show_correct=True,
                show_explanation=False,
                references=content.references,
            )

import altair as alt
import pandas as pd
import streamlit as st

from needlewise import attempts, mastery, review_cards
from needlewise.next_steps import next_steps
from needlewise.progress import course_status
from needlewise.ui import context

ctx = context.current()
user = context.user()
content = ctx.content
course = content.course
st.title("My progress")
mine = attempts.for_user(ctx.engine, user.id)
status = course_status(ctx.engine, content, user.id, mine)
levels = mastery.for_user(ctx.engine, user.id)

st.subheader("What to do next")
hidden = review_cards.hidden_quizzes(ctx.engine, user.id, content.quizzes)
due = review_cards.due_count(ctx.engine, user.id, hidden=hidden)
for step in next_steps(content, status, mastery.weakest(levels), due):
    st.page_link(step.page, label=step.label, icon=step.icon, query_params=step.query)

st.subheader("Modules")
rows = []
for module_status in status.modules:
    quiz = module_status.quiz
    rows.append(
        {
            "Module": module_status.module.title,
            "Lessons read": (
                f"{len(module_status.lessons_read)} of {len(module_status.module.lessons)}"
            ),
            "Quiz": "—" if quiz is None or quiz.grade is None else f"{quiz.grade:.0f}%",
            "Pass mark": "—" if quiz is None else f"{quiz.pass_mark:g}%",
            "Status": "complete"
            if module_status.complete
            else ("in progress" if module_status.unlocked else "locked"),
        }
    )
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

graded = [q for q in [*(m.quiz for m in status.modules), status.final] if q and q.grade is not None]
if graded:
    st.subheader("Best result per quiz against its pass mark")
    scores = pd.DataFrame(
        [
            {
                "Quiz": q.title,
                "Grade": q.grade,
                "Pass mark": q.pass_mark,
                "Passed": "passed" if q.passed else "not yet",
            }
            for q in graded
        ]
    )
    bars = (
        alt.Chart(scores)
        .mark_bar()
        .encode(
            x=alt.X("Grade:Q", scale=alt.Scale(domain=[0, 100]), title="Grade (%)"),
            y=alt.Y("Quiz:N", sort=None, title=None),
            color=alt.Color(
                "Passed:N",
                scale=alt.Scale(domain=["passed", "not yet"], range=["#0f766e", "#b45309"]),
            ),
        )
    )
    marks = (
        alt.Chart(scores)
        .mark_tick(color="black", thickness=2, size=22)
        .encode(x="Pass mark:Q", y=alt.Y("Quiz:N", sort=None))
    )
    st.altair_chart(bars + marks, width="stretch")

st.subheader("Mastery by learning objective")
st.caption(mastery.DEFINITION + f" Below {ctx.settings.mastery_threshold:g}% is worth revising.")
if levels:
    objectives = course.objectives
    table = pd.DataFrame(
        [
            {"Objective": objectives[o].text if o in objectives else o, "Mastery": value}
            for o, value in levels.items()
        ]
    )
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("Mastery:Q", scale=alt.Scale(domain=[0, 100]), title="Mastery (%)"),
            y=alt.Y("Objective:N", sort="x", title=None),
            color=alt.condition(
                alt.datum.Mastery < ctx.settings.mastery_threshold,
                alt.value("#b45309"),
                alt.value("#0f766e"),
            ),
        )
    )
    st.altair_chart(chart, width="stretch")
else:
    st.info("Take a quiz to see your mastery of each objective.")

done = [a for a in mine if a.state == "submitted"]
if done:
    st.subheader("Attempts over time")
    titles = {q: loaded.quiz.title for q, loaded in content.quizzes.items()}
    history = pd.DataFrame(
        [
            {"When": a.submitted_at, "Score": a.percent, "Quiz": titles.get(a.quiz_id, a.quiz_id)}
            for a in done
        ]
    )
    st.altair_chart(
        alt.Chart(history)
        .mark_line(point=True)
        .encode(
            x=alt.X("When:T", title=None),
            y=alt.Y("Score:Q", scale=alt.Scale(domain=[0, 100])),
            color="Quiz:N",
            tooltip=["Quiz", "When", alt.Tooltip("Score:Q", format=".0f")],
        ),
        width="stretch",
    )

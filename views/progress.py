import pandas as pd
import streamlit as st

from needlewise import access, attempts, charts, display, mastery, review_cards
from needlewise.next_steps import next_steps
from needlewise.progress import course_status
from needlewise.ui import chart_view, context, stacked_table, time_zone

ctx = context.current()
user = context.user()
content = ctx.content
course = content.course
st.title("My progress")
mine = attempts.for_user(ctx.engine, user.id)
status = course_status(ctx.engine, content, user.id, mine)
levels = mastery.for_user(ctx.engine, user.id)

st.header("What to do next")
hidden = review_cards.hidden_quizzes(ctx.engine, user.id, content.quizzes)
due = review_cards.due_count(ctx.engine, user.id, hidden=hidden)
for step in next_steps(content, status, levels, due, mastered_at=ctx.settings.mastery_threshold):
    st.page_link(
        access.page_path(step.page), label=step.label, icon=step.icon, query_params=step.query
    )

st.header("Modules")
rows = []
for module_status in status.modules:
    quiz = module_status.quiz
    rows.append(
        {
            "Module": module_status.module.title,
            "Lessons read": (
                f"{len(module_status.lessons_read)} of {len(module_status.module.lessons)}"
            ),
            "Quiz": "—" if quiz is None else display.percent(quiz.grade),
            "Pass mark": "—" if quiz is None else f"{quiz.pass_mark:g}%",
            "Status": "complete"
            if module_status.complete
            else ("in progress" if module_status.unlocked else "locked"),
        }
    )
# A list of modules where the box is too narrow for the grid's columns (a phone).
stacked_table.table(rows, key="progress_modules")

graded = [q for q in [*(m.quiz for m in status.modules), status.final] if q and q.grade is not None]
if graded:
    st.header("Best result per quiz against its pass mark")
    scores = pd.DataFrame(
        [
            {
                "Quiz": q.title,
                "Grade": display.rounded(q.grade),
                "Pass mark": q.pass_mark,
                "Passed": "passed" if q.passed else "not yet",
            }
            for q in graded
        ]
    )
    chart_view.draw(charts.grades_against_pass_marks, scores)

st.header("Mastery by learning objective")
st.caption(mastery.DEFINITION + f" Below {ctx.settings.mastery_threshold:g}% is worth revising.")
if levels:
    objectives = course.objectives
    table = pd.DataFrame(
        [
            {
                "Objective": objectives[o].text if o in objectives else o,
                "Mastery": display.rounded(value),
            }
            for o, value in levels.items()
        ]
    )
    chart_view.draw(charts.mastery, table, ctx.settings.mastery_threshold)
else:
    st.info("Take a quiz to see your mastery of each objective; quizzes are on the Course page.")
    st.page_link("views/course.py", label="Course", icon=":material/menu_book:")

done = [a for a in mine if a.state == "submitted"]
if done:
    st.header("Attempts over time")
    titles = {q: loaded.quiz.title for q, loaded in content.quizzes.items()}
    zone = time_zone.name()
    history = pd.DataFrame(
        [
            {
                "When": display.local(a.submitted_at, zone).replace(tzinfo=None),
                "Score": display.rounded(a.percent),
                "Quiz": titles.get(a.quiz_id, a.quiz_id),
            }
            for a in done
            if a.submitted_at is not None
        ]
    )
    chart_view.draw(charts.history, history)

import streamlit as st

from needlewise import access, mastery, review_cards
from needlewise.logbook.certification import progress
from needlewise.next_steps import next_steps
from needlewise.progress import course_status
from needlewise.ui import context
from needlewise.ui.plain import plain

ctx = context.current()
user = context.user()
st.title(f"Welcome, {plain(user.name)}")
status = course_status(ctx.engine, ctx.content, user.id)
done = sum(1 for m in status.modules if m.complete)
columns = st.columns(3)
columns[0].metric("Modules complete", f"{done} of {len(status.modules)}")
columns[1].metric("Lessons read", f"{len(status.read)} of {len(ctx.content.course.lesson_order)}")
final = status.final
columns[2].metric("Final assessment", "passed" if final and final.passed else "not yet")

logbook = progress(ctx.engine, user.id, ctx.settings)
if logbook.in_certificate or logbook.accepted:
    st.page_link(
        "views/logbook.py",
        label=f"Logbook: {logbook.summary} treatments"
        + (
            f" · {len(logbook.missing)} requirement(s) to go"
            if logbook.in_certificate and not logbook.met
            else ""
        ),
        icon=":material/clinical_notes:",
    )
hidden = review_cards.hidden_quizzes(ctx.engine, user.id, ctx.content.quizzes)
due = review_cards.due_count(ctx.engine, user.id, hidden=hidden)
if due:
    st.info(
        f"{due} question{'s' if due != 1 else ''} due for review today.",
        icon=":material/event_repeat:",
    )
st.header("What to do next")
levels = mastery.for_user(ctx.engine, user.id)
for step in next_steps(
    ctx.content, status, levels, due, mastered_at=ctx.settings.mastery_threshold
):
    st.page_link(
        access.page_path(step.page), label=step.label, icon=step.icon, query_params=step.query
    )

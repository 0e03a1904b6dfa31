from functools import partial

import streamlit as st

from needlewise import attempts, regrade
from needlewise.next_steps import unlock_step
from needlewise.progress import course_status
from needlewise.sitting import StoredSitting
from needlewise.ui import context, quiz_view, time_zone

ctx = context.current()
user = context.user()
quiz_id = st.query_params.get("id", "")
loaded = ctx.content.quizzes.get(quiz_id)
if loaded is None:
    st.error(f"There is no quiz '{quiz_id}'." if quiz_id else "No quiz was chosen.")
    st.page_link("views/course.py", label="Back to the course", icon=":material/menu_book:")
    st.stop()

st.title(loaded.quiz.title)
quiz_view.show_message()
closed = quiz_view.catch_up(ctx.engine, user.id, quiz_id)
course = course_status(ctx.engine, ctx.content, user.id)
status = course.quiz(quiz_id)
if status is None:
    st.error("This quiz is not part of the course.")
    st.stop()
open_attempt = status.in_progress
reviewed = st.session_state.get(quiz_view.REVIEWING)
in_address = st.query_params.get(quiz_view.REVIEW, "")
if reviewed is None and in_address.isdigit():
    # A result or review reloaded, or opened from a bookmark: this tab's session is new.
    reviewed = int(in_address)
reviewing = attempts.get(ctx.engine, reviewed) if reviewed is not None else None
if reviewing is not None and (reviewing.user_id != user.id or reviewing.quiz_id != quiz_id):
    reviewing = None

if open_attempt is not None and closed is None:
    st.query_params.pop(quiz_view.REVIEW, None)
    quiz_view.render_attempt(
        StoredSitting(ctx.engine, user.id, open_attempt), ctx.content, in_address=True
    )
elif reviewing is not None and not reviewing.is_open:
    if in_address != str(reviewing.id):
        st.query_params[quiz_view.REVIEW] = str(reviewing.id)
    if st.button("Back to the quiz", icon=":material/arrow_back:", key="back_to_quiz"):
        st.session_state.pop(quiz_view.REVIEWING, None)
        st.query_params.pop(quiz_view.REVIEW, None)
        st.rerun()
    regraded = regrade.note(ctx.engine, reviewing, time_zone.name())
    if regraded:
        st.info(regraded, icon=":material/update:")
    quiz_view.render_result(StoredSitting(ctx.engine, user.id, reviewing), status, ctx.content)
else:
    st.query_params.pop(quiz_view.REVIEW, None)
    quiz_view.render_intro(
        ctx.engine,
        user,
        loaded,
        status,
        ctx.content.course.default_pass_mark,
        partial(attempts.start_or_resume, ctx.engine, user.id, loaded),
        None if status.open else unlock_step(ctx.content, course, quiz_id),
    )

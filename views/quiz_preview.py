import streamlit as st

from needlewise import pass_marks
from needlewise.preview import preview_source
from needlewise.ui import actions, context, preview_view, quiz_view

ctx = context.current()
user = context.user()
heading = st.empty()
loaded = actions.look_up(
    preview_source, ctx, st.query_params.get("quiz", ""), st.query_params.get("version") or None
)
if loaded is None:
    heading.title("Preview as a trainee")
    st.page_link("views/studio.py", label="Back to the Quiz studio", icon=":material/edit_note:")
    st.stop()

heading.title(f"Preview: {loaded.quiz.title}")
preview_view.banner()
preview_view.saved_version(ctx.engine, loaded)
preview = preview_view.current(loaded, user)
links = st.columns(2)
links[0].page_link("views/studio.py", label="Back to the Quiz studio", icon=":material/edit_note:")
if links[1].button("Restart preview", key="preview_restart", icon=":material/restart_alt:"):
    preview_view.restart(loaded, user)
    st.query_params.pop(quiz_view.PAGE, None)
    st.rerun()
quiz_view.show_message()
finished = preview.finalise_overdue()
if finished is not None:
    st.warning("Time ran out on this attempt; it was submitted with the answers saved in time.")
    st.session_state[quiz_view.REVIEWING] = finished.id
default_pass = ctx.content.course.default_pass_mark
status = preview.status(pass_marks.pass_mark_for(ctx.engine, loaded.quiz, default_pass))
open_attempt = preview.open_attempt()
reviewing = preview.get(st.session_state.get(quiz_view.REVIEWING, 0))

if open_attempt is not None:
    quiz_view.render_attempt(preview.sitting(open_attempt.id), ctx.content)
elif reviewing is not None and not reviewing.is_open:
    if st.button("Back to the quiz", icon=":material/arrow_back:", key="preview_back_to_quiz"):
        st.session_state.pop(quiz_view.REVIEWING, None)
        st.rerun()
    quiz_view.render_result(preview.sitting(reviewing.id), status, ctx.content)
else:
    quiz_view.render_intro(
        ctx.engine,
        user,
        loaded,
        status,
        default_pass,
        preview_view.starter(ctx.engine, preview, user),
    )

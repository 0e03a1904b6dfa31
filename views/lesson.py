import streamlit as st

from needlewise import display, progress
from needlewise.ui import accessible, context, time_zone
from needlewise.ui.lesson_view import render_lesson
from needlewise.ui.page_moves import move_button, scroll_to_top_after_move

ctx = context.current()
user = context.user()
lesson_id = st.query_params.get("id", "")
lesson = ctx.content.lessons.get(lesson_id)
course = ctx.content.course
if lesson is None or not ctx.content.course_available:
    st.error(f"There is no lesson '{lesson_id}'." if lesson_id else "No lesson was chosen.")
    st.page_link("views/course.py", label="Back to the course", icon=":material/menu_book:")
    st.stop()

learner = user.has("trainee")
if learner:
    status = progress.course_status(ctx.engine, ctx.content, user.id)
    module_status = status.module(lesson.meta.module)
    if not module_status.unlocked:
        accessible.page_title(lesson.meta.title)
        st.title(lesson.meta.title)
        accessible.note(
            f"This lesson is locked. {module_status.locked_reason}", icon=":material/lock:"
        )
        st.page_link("views/course.py", label="Back to the course", icon=":material/menu_book:")
        st.stop()

scroll_to_top_after_move()
render_lesson(lesson, ctx.content.references, ctx.content.figures, ctx.settings, course.objectives)
st.divider()
if learner:
    read_at = status.read.get(lesson.id)
    if read_at is not None:
        st.success(f"You marked this lesson as read on {display.day(read_at, time_zone.name())}.")
    else:
        # The lesson id travels with the click, so the lesson marked is the one shown.
        st.button(
            "Mark as read",
            type="primary",
            key="mark_read",
            icon=":material/done:",
            on_click=progress.mark_read,
            args=(ctx.engine, user.id, lesson.id),
        )

order = course.lesson_order
position = order.index(lesson.id)
module = course.module(lesson.meta.module)


def neighbour(step: int):
    at = position + step
    if 0 <= at < len(order) and course.module_of_lesson(order[at]) is module:
        return ctx.content.lessons.get(order[at])
    return None


previous, upcoming = neighbour(-1), neighbour(1)
if previous is not None:
    move_button(
        f"Previous: {previous.meta.title}", previous.id, "lesson_previous", ":material/arrow_back:"
    )
if upcoming is not None:
    move_button(
        f"Next: {upcoming.meta.title}", upcoming.id, "lesson_next", ":material/arrow_forward:"
    )
elif module.quiz and learner:
    quiz_status = module_status.quiz
    if quiz_status is not None and quiz_status.open:
        st.page_link(
            "views/quiz.py",
            label="Take the module quiz",
            icon=":material/quiz:",
            query_params={"id": module.quiz},
        )
    else:
        # Not a link to a page that would only say it is locked.
        accessible.locked(
            "Take the module quiz", quiz_status.locked_reason if quiz_status else None
        )
st.page_link("views/course.py", label="Back to the course", icon=":material/menu_book:")

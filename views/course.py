import streamlit as st

from needlewise import display, must_pass
from needlewise.progress import QuizStatus, course_status
from needlewise.ui import accessible, context


def _quiz_link(quiz: QuizStatus, label: str, icon: str) -> None:
    """A link to the quiz when it is open, else its name and why it is locked."""
    if quiz.open:
        st.page_link("views/quiz.py", label=label, icon=icon, query_params={"id": quiz.quiz_id})
    else:
        accessible.locked(label, quiz.locked_reason)


ctx = context.current()
user = context.user()
course = ctx.content.course
if not ctx.content.course_available:
    st.error("The course file has a problem; an instructor can see it in the Quiz studio.")
    st.stop()

st.title(course.title)
st.markdown(course.description)
learner = user.has("trainee")
status = course_status(ctx.engine, ctx.content, user.id) if learner else None
# A trainee finds their own module open; anyone else, the first.
current = status.current_module if status is not None else None

for index, module in enumerate(course.modules, start=1):
    module_status = status.module(module.id) if status else None
    badge = ""
    if module_status is not None:
        badge = " ✅" if module_status.complete else ("" if module_status.unlocked else " 🔒")
    opened = module.id == current if current is not None else index == 1
    with st.expander(f"Module {index}: {module.title}{badge}", expanded=opened):
        st.markdown(module.summary)
        locked = module_status is not None and not module_status.unlocked
        if locked and module_status is not None and module_status.locked_reason:
            accessible.note(module_status.locked_reason, icon=":material/lock:")
        closed = []
        for lesson_id in module.lessons:
            lesson = ctx.content.lessons.get(lesson_id)
            if lesson is None:
                st.warning(f"Lesson '{lesson_id}' is being fixed by your instructor.")
                continue
            read = status is not None and lesson_id in status.read
            label = f"{lesson.meta.title} · {lesson.meta.minutes} min" + (" · read" if read else "")
            if locked:
                closed.append(label)
                continue
            st.page_link(
                "views/lesson.py",
                label=label,
                icon=":material/check_circle:" if read else ":material/article:",
                query_params={"id": lesson_id},
            )
        accessible.locked_list(closed)
        quiz_status = module_status.quiz if module_status else None
        if quiz_status is not None:
            label = display.quiz_name(quiz_status.title)
            if quiz_status.grade is not None:
                label += f" · {display.percent(quiz_status.grade)}" + (
                    " · passed" if quiz_status.passed else ""
                )
            if quiz_status.in_progress is not None:
                label += " · attempt in progress"
            _quiz_link(quiz_status, label, ":material/quiz:")
        for extra in module_status.practice if module_status else ():
            label = f"Practice: {extra.title}" + (
                f" · {display.percent(extra.grade)}" if extra.grade is not None else ""
            )
            _quiz_link(extra, label, ":material/fitness_center:")
        if module_status is None:
            for quiz_id in ctx.content.practice.get(module.id, []):
                st.markdown(f"Practice quiz: {ctx.content.quizzes[quiz_id].quiz.title}")
        st.caption("You will be able to:\n" + "\n".join(f"- {o.text}" for o in module.objectives))

if status is not None and status.final is not None:
    st.header("Final assessment")
    final = status.final
    label = final.title
    if final.grade is not None:
        # A grade at the pass mark may not have passed (a must-pass section): the verdict's
        # first words say whether; why not is on the quiz page, too long a line for a phone.
        verdict = must_pass.quiz_verdict(final).partition(":")[0]
        label += f" · {display.percent(final.grade)} · {verdict}"
    if final.open:
        st.page_link(
            "views/quiz.py",
            label=label,
            icon=":material/assignment:",
            query_params={"id": final.quiz_id},
        )
    else:
        accessible.locked(label, final.locked_reason)

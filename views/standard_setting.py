import pandas as pd
import streamlit as st

from needlewise import grading, pass_marks
from needlewise import standard_setting as angoff
from needlewise.ui import actions, angoff_ratings, context
from needlewise.ui.confirm import Confirmation
from needlewise.ui.plain import plain

# Every result message is for this page only, shown once: the next action's result (or
# refusal) replaces it, and it never turns up on another page.
FLASH = "standard_setting"
# Adopting changes the pass mark of every attempt started from then on: the click only
# asks, about this quiz version, this cut score and this many raters.
adopting = Confirmation[tuple[str, str, float, int]]("angoff_adopt")

ctx = context.current()
person = context.user()
content = ctx.content
course = content.course
st.title("Standard setting")
st.caption(
    "Modified Angoff method. For every item of the final, each instructor estimates the "
    "percent chance that a borderline trainee (one who is only just competent to treat "
    "clients safely) answers it correctly. A rater's cut score is the mean of their "
    "ratings weighted by points; the panel's cut score is the mean of the raters who "
    "rated every item. Module quizzes keep their flat pass mark."
)
angoff_ratings.page_drawn()

candidates = [
    q
    for q in content.quiz_order()
    if (course and q == course.final_assessment)
    or ((blueprint := content.quizzes[q].quiz.blueprint) is not None and blueprint.secure)
]
if not candidates:
    st.info("There is no final assessment to set a pass mark for.")
    st.stop()
quiz_id = st.selectbox(
    "Quiz",
    candidates,
    key="angoff_quiz",
    format_func=lambda q: content.quizzes[q].quiz.title,
)
loaded = content.quizzes[quiz_id]
quiz = loaded.quiz
default_pass = course.default_pass_mark if course else 50.0


if "instructor" in person.roles:
    st.header("Your ratings")
    to_rate = pass_marks.items_to_rate(quiz)
    if to_rate:
        angoff_ratings.ratings(ctx.engine, person, loaded, to_rate)
    else:
        st.info(f"{quiz.title} has no items to rate.")

st.header("The panel's result")
panel = pass_marks.result(ctx.engine, quiz)
cohort = pass_marks.cohort_attempts(ctx.engine, quiz)
current = pass_marks.adopted(ctx.engine, quiz_id)
flat = grading.pass_mark(quiz, default_pass)
now_mark = current.pass_mark if current else flat
if current:
    st.markdown(
        f"Current pass mark: **{current.pass_mark:g}%**, adopted by {current.adopted_by} on "
        f"{current.adopted_at:%d %b %Y} for quiz version `{current.quiz_version[:12]}`"
        + (" (the quiz has changed since)" if current.quiz_version != loaded.version else "")
        + "."
    )
else:
    st.markdown(f"Current pass mark: **{flat:g}%** (flat; none adopted yet).")
if panel.cut is None:
    st.info("No rater has rated every item yet, so there is no cut score.")
else:
    metrics = st.columns(4)
    metrics[0].metric("Cut score", f"{panel.cut:.1f}%")
    metrics[1].metric("Raters counted", len(panel.counted))
    metrics[2].metric(
        "Spread between raters",
        "—" if panel.sd is None else f"SD {panel.sd:.1f}",
        f"{panel.low:.1f}% to {panel.high:.1f}%",
        delta_color="off",
    )
    at_cut = pass_marks.pass_rate(cohort, quiz, panel.cut)
    at_now = pass_marks.pass_rate(cohort, quiz, now_mark)
    metrics[3].metric(
        "Cohort pass rate at the cut",
        "—" if at_cut is None else f"{at_cut:.0f}%",
        None if at_now is None else f"{at_now:.0f}% at the current {now_mark:g}%",
        delta_color="off",
    )
    section = (
        f", with the {quiz.must_pass.title.lower()} passed in the same attempt (an attempt "
        "started before the quiz had that section counts on its overall mark alone). The "
        f"section's {quiz.must_pass.pass_mark:g}% is course policy and is not changed here"
        if quiz.must_pass
        else ""
    )
    st.caption(
        f"Pass rates are over the {len(cohort)} trainee(s) with a grade on this quiz{section}."
    )
    small = angoff.panel_warning(len(panel.counted))
    if small:
        st.warning(small, icon=":material/group:")
st.dataframe(
    pd.DataFrame(
        [
            {
                "rater": r.rater,
                "cut score %": None if r.cut is None else round(r.cut, 1),
                "items rated": f"{r.rated} of {r.items}",
            }
            for r in panel.raters
        ],
        columns=["rater", "cut score %", "items rated"],
    ),
    hide_index=True,
    key="angoff_raters",
)
if panel.disagreements:
    st.markdown("**Where raters disagree most** (SD of the ratings per item)")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "item": s.question_id,
                    "mean %": round(s.mean, 1),
                    "SD": None if s.sd is None else round(s.sd, 1),
                }
                for s in panel.disagreements
            ]
        ),
        hide_index=True,
        key="angoff_disagreements",
    )

# What an adoption would rest on now; a question about anything else no longer holds.
subject = (
    None
    if panel.cut is None
    else (quiz_id, loaded.version, round(panel.cut, 1), len(panel.counted))
)


def on_screen(asked: tuple[str, str, float, int]) -> bool:
    return asked == subject


if "admin" in person.roles and subject is not None:
    st.header("Adopt")
    if adopting.confirmed(on_screen) is not None:
        actions.act(
            pass_marks.adopt,
            ctx.engine,
            loaded,
            person,
            page=FLASH,
            success=lambda done: f"{done.pass_mark:g}% is now the pass mark of {quiz.title}.",
        )
    # Where the admin clicked.
    actions.show_flash(page=FLASH)
    if adopting.asked(on_screen) is not None:
        adopting.show(
            subject,
            *angoff.adopt_question(
                plain(quiz.title),
                now_mark,
                current is not None,
                panel,
                len(pass_marks.item_points(quiz)),
            ),
        )
    else:
        st.write(
            f"Adopting makes **{subject[2]:g}%** the pass mark of {quiz.title} for "
            "attempts started from now on; attempts already started keep theirs."
        )
        adopting.ask_button(
            "Adopt this cut score as the pass mark", subject, key="angoff_adopt", type="primary"
        )
else:
    # Nothing to adopt any more (a rating taken back since): the message still shows once.
    actions.show_flash(page=FLASH)

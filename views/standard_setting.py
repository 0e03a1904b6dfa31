import pandas as pd
import streamlit as st

from needlewise import display, grading, pass_marks
from needlewise.standard_setting import pass_rate
from needlewise.ui import actions, context

# Every result message is for this page only, shown once: the next action's result (or
# refusal) replaces it, and it never turns up on another page.
FLASH = "standard_setting"

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
# The message has a place of its own, there with or without a message, so what follows
# keeps its place.
with st.container():
    actions.show_flash(page=FLASH)

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
    mine = pass_marks.ratings(ctx.engine, quiz_id).get(person.username, {})
    items = pass_marks.items_to_rate(quiz)
    st.caption(f"You have rated {len(mine)} of {len(items)} items.")
    with st.form("angoff_form"):
        given = {}
        for number, item in enumerate(items, start=1):
            case = f" (case: {item.case_title})" if item.case_title else ""
            st.markdown(f"**{number}. `{item.question_id}`**{case}\n\n{item.prompt}")
            st.caption(f"Key: {item.key} · {display.plural_number(item.points, 'point')}")
            given[item.question_id] = st.number_input(
                "Borderline trainee answers correctly (%)",
                min_value=0.0,
                max_value=100.0,
                step=5.0,
                value=mine.get(item.question_id),
                key=f"angoff_rating:{item.question_id}",
            )
        if st.form_submit_button("Save my ratings", type="primary"):
            chosen = {q: v for q, v in given.items() if v is not None}
            actions.act(
                pass_marks.save_ratings,
                ctx.engine,
                loaded,
                person,
                chosen,
                page=FLASH,
                success=f"Saved {len(chosen)} rating(s) for {quiz.title}.",
            )

st.header("The panel's result")
panel = pass_marks.result(ctx.engine, quiz)
grades = pass_marks.cohort_grades(ctx.engine, quiz)
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
    at_cut, at_now = pass_rate(grades, panel.cut), pass_rate(grades, now_mark)
    metrics[3].metric(
        "Cohort pass rate at the cut",
        "—" if at_cut is None else f"{at_cut:.0f}%",
        None if at_now is None else f"{at_now:.0f}% at the current {now_mark:g}%",
        delta_color="off",
    )
    st.caption(f"Pass rates are over the {len(grades)} trainee(s) with a grade on this quiz.")
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

if "admin" in person.roles and panel.cut is not None:
    st.header("Adopt")
    st.write(
        f"Adopting makes **{round(panel.cut, 1):g}%** the pass mark of {quiz.title} for "
        "attempts started from now on; attempts already started keep theirs."
    )
    if st.button("Adopt this cut score as the pass mark", type="primary", key="angoff_adopt"):
        actions.act(
            pass_marks.adopt,
            ctx.engine,
            loaded,
            person,
            page=FLASH,
            success=lambda done: f"{done.pass_mark:g}% is now the pass mark of {quiz.title}.",
        )

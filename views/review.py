import random

import streamlit as st

from needlewise import display, review_cards
from needlewise.quiz.answered import NOT_ANSWERED, NOT_VALID, answer_state, refusal
from needlewise.quiz.layout import question_slot
from needlewise.quiz.scoring import score
from needlewise.ui import actions, context, time_zone
from needlewise.ui.plain import plain
from needlewise.ui.question_view import answer_widget, render_review_item, render_vignette

RESULT = "_nw_review_result"
ANSWERS = "_nw_review_answers"

ctx = context.current()
user = context.user()
content = ctx.content
st.title("Daily review")
st.caption(
    "Questions you missed come back, spaced out over days and weeks, until you know "
    "them. One at a time; each answer schedules the next review."
)

hidden = review_cards.hidden_quizzes(ctx.engine, user.id, content.quizzes)
result = st.session_state.get(RESULT)
if result and result["quiz_id"] in content.quizzes and result["quiz_id"] not in hidden:
    reviewed = content.quizzes[result["quiz_id"]].quiz
    question = reviewed.leaf(result["question_id"])
    st.markdown(question.prompt)
    # Cards exist only while the quiz's review policy shows the right answers.
    render_review_item(
        question,
        result["response"],
        None,
        show_marks=True,
        show_correct=True,
        show_explanation=reviewed.review.explanations,
        references=content.references,
    )
    coming = review_cards.describe_next(result["next"], time_zone.name())
    st.caption(f"Next review of this question: {coming}.")
    if st.button("Next question", type="primary", key="review_next"):
        st.session_state.pop(RESULT, None)
        st.rerun()
    st.stop()

st.session_state.pop(RESULT, None)
cards = review_cards.due(ctx.engine, user.id, hidden=hidden)
if not cards:
    waiting, first = review_cards.coming(ctx.engine, user.id, hidden=hidden)
    if first is None:
        st.info("No questions to review. Questions you miss in a quiz come back here.")
    else:
        st.success(
            f"Nothing is due for review now. {display.plural(waiting, 'question')} will come "
            f"back, the first {review_cards.describe_next(first, time_zone.name())}."
        )
    st.stop()
card = cards[0]
loaded = content.quizzes.get(card.quiz_id)
found = None
if loaded is not None:
    for case, leaf in loaded.quiz.leaves():
        if leaf.id == card.question_id:
            found = (case, leaf)
if loaded is None or found is None:
    review_cards.retire(ctx.engine, user.id, card.question_id)
    st.rerun()
case, question = found
st.caption(f"{len(cards)} due now · from {loaded.quiz.title}")
with st.container(border=True):
    if case is not None:
        render_vignette(case, content.figures)
    st.markdown(question.prompt)
    # This card's answer: a review of the same question on another day starts empty.
    asked = f"review-{card.question_id}-{card.due:%Y%m%d%H%M%S}"
    answers = st.session_state.setdefault(ANSWERS, {})

    def keep(_question_id, response):
        answers[asked] = response

    # Options in a fresh order for each review, as an attempt draws them, never the file's
    # (where the key is often first); the same order on every run of this card.
    slot = question_slot(loaded.quiz, question, random.Random(asked))
    answer_widget(question, slot, None, asked, keep)
if st.button("Check my answer", type="primary", key="review_check"):
    response = answers.get(asked)
    state = answer_state(response, question)
    if state == NOT_ANSWERED:
        st.warning("Answer the question first, then check it.")
        st.stop()
    if state == NOT_VALID:
        st.warning(f"{plain(refusal(question, response) or '')} Fix it, then check it.")
        st.stop()
    outcome = score(question, response)

    def show_result(next_time: object) -> None:
        st.session_state[RESULT] = {
            "quiz_id": card.quiz_id,
            "question_id": question.id,
            "response": response,
            "next": next_time,
        }

    actions.act(
        review_cards.answer,
        ctx.engine,
        user.id,
        question.id,
        outcome.fraction,
        then=show_result,
    )

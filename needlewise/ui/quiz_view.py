"""The quiz page's three views: the introduction, an open attempt, and a result."""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from sqlalchemy import Engine

from .. import attempts, clock, pass_marks
from ..accounts import User
from ..attempts import Attempt, AttemptError
from ..content import Content
from ..progress import QuizStatus
from ..quiz.layout import leaf_ids
from ..quiz.loading import LoadedQuiz
from ..quiz.schema import CaseQuestion, Quiz
from ..quiz.scoring import describe
from . import outage
from .lesson_view import cite
from .question_view import (
    answer_widget,
    render_outcome,
    render_review_item,
    render_vignette,
    widget_key,
)

MESSAGE = "_nw_quiz_message"
REVIEWING = "_nw_quiz_reviewing"


def say(message: str) -> None:
    st.session_state[MESSAGE] = message


def show_message() -> None:
    message = st.session_state.pop(MESSAGE, None)
    if message:
        st.warning(message, icon=":material/info:")


def when(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%d %b %Y, %H:%M} UTC"


def render_intro(
    engine: Engine, user: User, loaded: LoadedQuiz, status: QuizStatus, default_pass: float
) -> None:
    quiz = loaded.quiz
    if quiz.description:
        st.markdown(quiz.description)
    facts = [
        f"Pass mark: **{status.pass_mark:g}%**",
        f"Attempts: **{status.submitted}** used of "
        + ("**unlimited**" if status.limit is None else f"**{status.limit}**"),
        f"Grade kept: **{quiz.grading}** attempt",
    ]
    if quiz.time_limit_minutes:
        facts.append(f"Time limit: **{quiz.time_limit_minutes:g} minutes**")
    if status.grade is not None:
        verdict = "passed" if status.passed else "not yet passed"
        facts.append(f"Your grade: **{status.grade:.0f}%** ({verdict})")
    st.markdown(" · ".join(facts))
    if not status.open:
        st.info(status.locked_reason or "This quiz is not open yet.", icon=":material/lock:")
    elif status.attempts_left == 0:
        st.info("You have used every attempt at this quiz.", icon=":material/block:")
    elif st.button("Start an attempt", type="primary", key=f"start:{quiz.id}"):
        try:
            attempts.start_or_resume(
                engine, user.id, loaded, pass_marks.pass_mark_for(engine, quiz, default_pass)
            )
        except AttemptError as exc:
            say(str(exc))
        st.rerun()
    done = [a for a in status.attempts if a.state == "submitted"]
    if done:
        st.subheader("Your attempts")
        for attempt in reversed(done):
            columns = st.columns([3, 2, 2])
            columns[0].write(f"Attempt {attempt.number} · {when(attempt.submitted_at)}")
            outcome = "passed" if attempt.passed else "not passed"
            columns[1].write(f"{attempt.percent:.0f}% ({outcome})")
            if columns[2].button("Review", key=f"review:{attempt.id}"):
                st.session_state[REVIEWING] = attempt.id
                st.rerun()


def render_attempt(
    engine: Engine, user: User, attempt: Attempt, quiz: Quiz, content: Content
) -> None:
    now = clock.now()
    saved = attempts.saved_responses(engine, attempt.id)
    prefix = f"a{attempt.id}"
    left = attempt.seconds_left(now)
    header = f"Attempt {attempt.number}"
    if left is not None:
        minutes, seconds = divmod(int(left), 60)
        header += f" · {minutes} min {seconds} s left (deadline {when(attempt.deadline_at)})"
    st.caption(header + " · answers are saved as you go")

    def on_answer(question_id: str, response) -> None:
        def save() -> None:
            try:
                attempts.save(engine, attempt.id, user.id, question_id, response)
            except AttemptError as exc:
                say(str(exc))

        answer = describe(quiz.leaf(question_id), response) or "no answer"
        shown = f"{quiz.leaf(question_id).prompt} — your answer: {answer}"
        outage.save_answer(f"{attempt.id}:{question_id}", user.id, shown, save)

    number = 0
    for slot in attempt.layout:
        question = quiz.top(slot["id"])
        if isinstance(question, CaseQuestion):
            with st.container(border=True):
                render_vignette(question, content.figures)
                for part_slot in slot["parts"]:
                    number += 1
                    _question(
                        engine,
                        user,
                        attempt,
                        quiz.leaf(part_slot["id"]),
                        part_slot,
                        saved,
                        prefix,
                        number,
                        on_answer,
                        quiz.feedback,
                        content,
                    )
        else:
            number += 1
            with st.container(border=True):
                _question(
                    engine,
                    user,
                    attempt,
                    question,
                    slot,
                    saved,
                    prefix,
                    number,
                    on_answer,
                    quiz.feedback,
                    content,
                )
    answered = sum(1 for r in saved.values() if r.response is not None)
    total = len(leaf_ids(attempt.layout))
    st.caption(f"{answered} of {total} questions answered.")
    if st.button("Submit and see my result", type="primary", key=f"submit:{attempt.id}"):
        result = attempts.submit(engine, attempt.id, user.id)
        st.session_state[REVIEWING] = result.id
        st.rerun()


def _question(
    engine, user, attempt, question, slot, saved, prefix, number, on_answer, feedback_mode, content
) -> None:
    st.markdown(f"**Question {number}.** {question.prompt}")
    stored = saved.get(question.id)
    checked = bool(stored and stored.checked)
    answer_widget(
        question, slot, stored.response if stored else None, prefix, on_answer, disabled=checked
    )
    if feedback_mode != "after_each":
        return
    if checked:
        render_outcome(question, stored.response)
    elif st.button("Check", key=widget_key(prefix, question.id, "check")):
        try:
            attempts.check(engine, attempt.id, user.id, question.id)
        except AttemptError as exc:
            say(str(exc))
        st.rerun()


def render_result(
    engine: Engine, attempt: Attempt, status: QuizStatus | None, content: Content
) -> None:
    quiz = attempts.quiz_of(engine, attempt)
    outcome = "Passed" if attempt.passed else "Not passed"
    message = (
        f"**{outcome}**: {attempt.percent:.0f}% ({attempt.points:g} of {attempt.max_points:g} "
        f"points; pass mark {attempt.pass_mark:g}%)."
    )
    (st.success if attempt.passed else st.error)(message)
    if attempt.timed_out:
        st.warning("Time ran out on this attempt: only answers saved before the deadline counted.")
    review = quiz.review
    passed_ever = bool(status and status.passed) or bool(attempt.passed)
    if review.when == "never" or (review.when == "after_passing" and not passed_ever):
        st.info(
            "The answers to this quiz are not shown"
            + (" until you pass it." if review.when == "after_passing" else ".")
        )
        return
    saved = attempts.saved_responses(engine, attempt.id)
    number = 0
    for slot in attempt.layout:
        question = quiz.top(slot["id"])
        parts = [quiz.leaf(p["id"]) for p in slot["parts"]] if "parts" in slot else [question]
        with st.container(border=True):
            if isinstance(question, CaseQuestion):
                render_vignette(question, content.figures)
            for part in parts:
                number += 1
                st.markdown(f"**Question {number}.** {cite(part.prompt, content.references)}")
                stored = saved.get(part.id)
                render_review_item(
                    part,
                    stored.response if stored else None,
                    stored.points if stored else None,
                    show_marks=review.marks,
                    show_correct=review.correct_answers,
                    show_explanation=review.explanations,
                    references=content.references,
                )

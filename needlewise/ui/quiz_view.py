"""The quiz page's three views: the introduction, an open attempt, and a result.

A trainee's open attempt keeps its id in the page's address. A tab left open (or reloaded)
after the attempt was handed in elsewhere learns it from there on its next run, whatever
was clicked, and shows the attempt's result saying why (``catch_up``): nothing is started,
saved or submitted from a view of an attempt that is no longer open.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import streamlit as st
from sqlalchemy import Engine

from .. import access, attempts, clock, display, must_pass, pass_marks, time_extensions
from ..accounts import User
from ..attempts import Attempt, AttemptClosed, AttemptError, TimeUp
from ..content import Content
from ..next_steps import Step
from ..progress import QuizStatus
from ..quiz import paging
from ..quiz.answered import ANSWERED, NOT_VALID, answer_state, refusal
from ..quiz.layout import leaf_ids, questions_per_attempt
from ..quiz.loading import LoadedQuiz
from ..quiz.schema import CaseQuestion, LeafQuestion
from ..quiz.scoring import describe
from ..sitting import Sitting
from . import accessible, auth, context, countdown, outage, page_moves, time_zone
from .lesson_view import cite
from .plain import plain
from .question_view import (
    answer_widget,
    instruction,
    question_heading,
    render_outcome,
    render_review_item,
    render_vignette,
    widget_key,
)

MESSAGE = "_nw_quiz_message"
REVIEWING = "_nw_quiz_reviewing"
CONFIRMING = "_nw_quiz_confirming"
FOCUS = "_nw_quiz_focus"  # what to scroll to after this run, as a CSS selector
# Set by a click that changes the whole page (a page turn, the summary, the way back):
# see ``_answer``.
MOVED = "_nw_quiz_moved"
# The top of the page, title included (the header bar never covers it).
TOP = "[data-testid='stMainBlockContainer']"
NEW_PAGE = "new page"  # FOCUS after a page turn: the new page's heading line
DRAWN = "_nw_quiz_drawn"  # the attempt this tab last drew open
PAGE = "page"
ATTEMPT = "attempt"  # the open attempt the quiz page shows, in its address
REVIEW = "review"  # the handed-in attempt whose result it shows, so a reload keeps it
HANDED_IN = (
    "This attempt has already been submitted, perhaps in another tab: nothing done here "
    "since then was saved. Its result is shown below."
)
TIME_RAN_OUT = "Time ran out on your attempt; it was submitted with the answers saved in time."


def say(message: str) -> None:
    st.session_state[MESSAGE] = message


def show_message() -> None:
    message = st.session_state.pop(MESSAGE, None)
    if message:
        st.warning(message, icon=":material/info:")


def when(moment: datetime | None) -> str:
    return display.moment(moment, time_zone.name())


def catch_up(engine: Engine, user_id: int, quiz_id: str) -> Attempt | None:
    """The attempt this tab shows open that is open no longer, to be shown as a result:
    handed in now because its time ran out, or since the tab drew it (from another tab, or
    at its deadline). Says which, and drops what the click that found it asked for (a page,
    the summary), so it neither saves nor submits anything. An address naming a handed-in
    attempt while another is open shows the open one, saying so."""
    current = attempts.open_attempt(engine, user_id, quiz_id)
    shown = st.query_params.get(ATTEMPT, "")
    closed = attempts.hand_in_if_overdue(engine, current)
    if closed is None and shown.isdigit() and (current is None or current.id != int(shown)):
        # Read only when the address names another attempt than the open one.
        closed = _handed_in(engine, user_id, quiz_id, int(shown))
    if closed is None:
        return None
    for name in (PAGE, ATTEMPT):
        st.query_params.pop(name, None)
    for key in (CONFIRMING, FOCUS, MOVED):
        st.session_state.pop(key, None)
    if current is not None and closed.id != current.id and st.session_state.get(DRAWN) != closed.id:
        # An old address (a bookmark, the browser's history) named an attempt handed in
        # while another is open, and this tab never drew it open: nothing was done here, so
        # the open attempt is what the trainee is working on. A tab that drew it open (a
        # stale tab) shows its result, saying nothing done here since was saved.
        st.info(
            f"That address was for attempt {closed.number}, handed in "
            f"{when(closed.submitted_at)}. Your attempt {current.number} is open: here it is.",
            icon=":material/info:",
        )
        return None
    st.session_state[REVIEWING] = closed.id
    st.warning(TIME_RAN_OUT if closed.timed_out else HANDED_IN, icon=":material/info:")
    # A click low on the page must not leave the message above the screen.
    _scroll_to(TOP)
    return closed


def _handed_in(engine: Engine, user_id: int, quiz_id: str, attempt_id: int) -> Attempt | None:
    attempt = attempts.get(engine, attempt_id)
    if attempt is None or attempt.is_open:
        return None
    # An address may name anyone's attempt: only the trainee's own at this quiz counts.
    return attempt if (attempt.user_id, attempt.quiz_id) == (user_id, quiz_id) else None


def render_intro(
    engine: Engine,
    user: User,
    loaded: LoadedQuiz,
    status: QuizStatus,
    default_pass: float,
    start: Callable[[float], Attempt],
    unlock: Step | None = None,
) -> None:
    """The quiz before an attempt; ``start`` opens one with the pass mark it will keep.
    A locked quiz says why and links to ``unlock``, where the trainee can open it."""
    quiz = loaded.quiz
    if quiz.description:
        st.markdown(quiz.description)
    count = questions_per_attempt(quiz)
    facts = [
        *([] if count is None else [f"Questions: **{count}**"]),
        f"Pass mark: **{status.pass_mark:g}%**",
        *([must_pass.rule(quiz.must_pass)] if quiz.must_pass else []),
        f"Attempts: **{status.submitted}** used of "
        + ("**unlimited**" if status.limit is None else f"**{status.limit}**"),
        f"Grade kept: **{quiz.grading}** attempt",
    ]
    if quiz.time_limit_minutes:
        with engine.connect() as connection:
            extra = time_extensions.extra_percent(connection, user.id)
        limit = f"Time limit: **{quiz.time_limit_minutes:g} minutes**"
        allowed = time_extensions.time_limit(quiz.time_limit_minutes, extra)
        if extra and allowed is not None:
            limit += f" (**{allowed.total_seconds() / 60:g} minutes** with your extra time)"
        facts.append(limit)
    if status.grade is not None:
        verdict = must_pass.quiz_verdict(status)
        facts.append(f"Your grade: **{display.percent(status.grade)}** ({verdict})")
    st.markdown(" · ".join(facts))
    if not status.open:
        st.info(status.locked_reason or "This quiz is not open yet.", icon=":material/lock:")
        if unlock is not None:
            _unlock_link(unlock)
    elif status.attempts_left == 0:
        st.info("You have used every attempt at this quiz.", icon=":material/block:")
    elif st.button("Start an attempt", type="primary", key=f"start:{quiz.id}"):
        try:
            start(pass_marks.pass_mark_for(engine, quiz, default_pass))
        except AttemptError as exc:
            say(str(exc))
        st.query_params.pop(PAGE, None)
        st.rerun()
    done = [a for a in status.attempts if a.state == "submitted"]
    if done:
        st.header("Your attempts")
        for attempt in reversed(done):
            columns = st.columns([3, 2, 2])
            columns[0].write(f"Attempt {attempt.number} · {when(attempt.submitted_at)}")
            outcome = must_pass.attempt_outcome(attempt, quiz.must_pass)
            columns[1].write(f"{display.percent(attempt.percent)} ({outcome})")
            if columns[2].button("Review", key=f"review:{attempt.id}"):
                st.session_state[REVIEWING] = attempt.id
                st.rerun()


def _unlock_link(step: Step) -> None:
    if step.page == "quiz":
        # Another quiz opens on this same page: a move keeps the address in step.
        page_moves.move_button(step.label, step.query["id"], key="quiz_unlock", icon=step.icon)
    else:
        st.page_link(
            access.page_path(step.page), label=step.label, icon=step.icon, query_params=step.query
        )


def render_attempt(sitting: Sitting, content: Content, in_address: bool = False) -> None:
    """An open attempt: its questions, or the summary that comes before the final submit.
    ``in_address`` keeps its id in the address, for ``catch_up``."""
    attempt, quiz = sitting.attempt, sitting.quiz
    if in_address and st.query_params.get(ATTEMPT) != str(attempt.id):
        st.query_params[ATTEMPT] = str(attempt.id)
    now = clock.now()
    left = attempt.seconds_left(now)
    if left is not None and attempt.deadline_at is not None:
        countdown.show(attempt.deadline_at, left, quiz.time_limit_minutes or 0)
    st.session_state.pop(MOVED, None)
    st.session_state[DRAWN] = attempt.id
    shown = paging.page(attempt.layout, quiz.questions_per_page, _wanted_page())
    where = f" · page {shown.number} of {shown.count}" if shown.count > 1 else ""
    with st.container(key=_page_head(attempt.id)):
        st.caption(f"Attempt {attempt.number}{where} · answers are saved as you go")
    if st.session_state.get(CONFIRMING) == attempt.id:
        _render_summary(sitting)
        return
    saved = sitting.saved()
    number = shown.first_question - 1

    def draw(question: LeafQuestion, slot: dict, level: int, boxed: bool) -> None:
        nonlocal number
        number += 1
        where = _Place(attempt.id, number, level, boxed)
        _answer(sitting, where, question, slot, saved.get(question.id), quiz.feedback)

    for slot in shown.slots:
        question = quiz.top(slot["id"])
        if isinstance(question, CaseQuestion):
            with st.container(border=True):
                render_vignette(question, content.figures)
                for part_slot in slot["parts"]:
                    draw(quiz.leaf(part_slot["id"]), part_slot, 3, False)
        else:
            draw(question, slot, 2, True)
    if shown.count > 1:
        _page_buttons(attempt, shown)
    st.button(
        "Finish attempt…",
        type="primary",
        key=f"submit:{attempt.id}",
        on_click=_confirm,
        args=(attempt.id,),
    )
    focus = st.session_state.pop(FOCUS, None)
    if focus == NEW_PAGE:
        # Keyboard and screen-reader users start the new page at its top, told which page
        # it is, not on the page button they pressed at the foot of the last one.
        _focus_on(f".st-key-{_page_head(attempt.id)} [data-testid='stCaptionContainer']")
    elif focus:
        _scroll_to(focus)


def _page_head(attempt_id: int) -> str:
    return f"nwq-head-{attempt_id}"


def _wanted_page() -> int:
    """The page named in the address, so a reload or a bookmark keeps it."""
    text = st.query_params.get(PAGE, "1")
    return int(text) if text.isdigit() else 1


def _page_buttons(attempt: Attempt, shown: paging.Page) -> None:
    """Previous on the left, Next on the right, as on every paged form."""
    earlier, later = shown.number > 1, shown.number < shown.count
    with st.container(
        horizontal=True,
        horizontal_alignment="distribute" if earlier and later else "right" if later else "left",
    ):
        if earlier:
            st.button(
                "Previous page",
                key=f"page:{attempt.id}:-1",
                on_click=_turn_to,
                args=(shown.number - 1,),
                icon=":material/arrow_back:",
            )
        if later:
            st.button(
                "Next page",
                key=f"page:{attempt.id}:1",
                on_click=_turn_to,
                args=(shown.number + 1,),
                icon=":material/arrow_forward:",
                icon_position="right",
            )


def _turn_to(target: int) -> None:
    st.query_params[PAGE] = str(target)
    st.session_state[FOCUS] = NEW_PAGE
    st.session_state[MOVED] = True


def _confirm(attempt_id: int) -> None:
    st.session_state[CONFIRMING] = attempt_id
    st.session_state[MOVED] = True


def _back_to(attempt_id: int, question_id: str | None, page: int | None = None) -> None:
    st.session_state.pop(CONFIRMING, None)
    if question_id:
        st.session_state[FOCUS] = ".st-key-" + accessible.css_safe(
            _anchor_of(attempt_id, question_id)
        )
    if page is not None:
        st.query_params[PAGE] = str(page)


def _anchor_of(attempt_id: int, question_id: str) -> str:
    return f"nwq-{attempt_id}-{question_id}"


def _focus_on(selector: str) -> None:
    """Scroll to the element and give it the keyboard focus (it becomes focusable by
    script, not a Tab stop)."""
    accessible.invisible_script(
        f"const found = window.parent.document.querySelector({json.dumps(selector)});"
        "if (found) { found.setAttribute('tabindex', '-1');"
        " found.scrollIntoView({block: 'start'}); found.focus({preventScroll: true}); }"
    )


def _scroll_to(selector: str) -> None:
    accessible.invisible_script(
        "window.parent.document.querySelector("
        f"{json.dumps(selector)})?.scrollIntoView({{block: 'start'}});"
    )


def _render_summary(sitting: Sitting) -> None:
    """Moodle's summary of attempt: what is answered, a way back to each question, and
    only then the submit that cannot be undone."""
    attempt, quiz = sitting.attempt, sitting.quiz
    st.header("Summary of your attempt")
    saved = sitting.saved()
    missing = invalid = 0
    for number, question_id in enumerate(leaf_ids(attempt.layout), start=1):
        stored = saved.get(question_id)
        question = quiz.leaf(question_id)
        response = stored.response if stored else None
        state = answer_state(response, question)
        missing += state not in (ANSWERED, NOT_VALID)
        invalid += state == NOT_VALID
        columns = st.columns([1, 5, 2, 2], vertical_alignment="center")
        columns[0].markdown(f"**{number}**")
        columns[1].markdown(_shorten(question.prompt))
        columns[2].markdown(_state_shown(state, question, response))
        columns[3].button(
            f"Go to question {number}",
            key=f"goto:{attempt.id}:{question_id}",
            on_click=_back_to,
            args=(
                attempt.id,
                question_id,
                paging.page_of(attempt.layout, quiz.questions_per_page, question_id),
            ),
        )
    if missing or invalid:
        st.warning(_left_to_do(missing, invalid), icon=":material/warning:")
    else:
        st.success("Every question has an answer.", icon=":material/check_circle:")
    st.markdown("Once you submit, you can no longer change your answers.")
    back, confirm = st.columns(2)
    back.button(
        "Return to the attempt",
        key=f"back:{attempt.id}",
        on_click=_back_to,
        args=(attempt.id, None),
        icon=":material/arrow_back:",
    )
    if confirm.button("Submit all and finish", type="primary", key=f"confirm:{attempt.id}"):
        result = sitting.submit()
        st.session_state.pop(CONFIRMING, None)
        for name in (PAGE, ATTEMPT):
            st.query_params.pop(name, None)
        st.session_state[REVIEWING] = result.id
        st.rerun()


def _state_shown(state: str, question: LeafQuestion, response: dict | None) -> str:
    """A question's state in the summary; for an answer that is not valid, why, in the
    words its input shows (the typed text in them shown as typed)."""
    if state == ANSWERED:
        return state
    if state == NOT_VALID:
        return f":orange[**{state}:**] {plain(refusal(question, response))}"
    return f":orange[**{state}**]"


def _left_to_do(missing: int, invalid: int) -> str:
    """What the summary warns of before the final submit: questions not fully answered,
    and answers that are not valid (either scores nothing)."""
    told = []
    if missing:
        told.append(
            f"{display.plural(missing, 'question')} {'is' if missing == 1 else 'are'} not "
            "fully answered; unanswered parts score nothing"
        )
    if invalid:
        told.append(
            f"{display.plural(invalid, 'answer')} "
            f"{'is' if invalid == 1 else 'are'} not valid as typed and "
            f"{'scores' if invalid == 1 else 'score'} nothing"
        )
    return ". ".join(told) + ". You can go back and answer them."


def _shorten(prompt: str, limit: int = 90) -> str:
    text = " ".join(prompt.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Place:
    """Where a question sits: its attempt, its number, its heading level, and whether it
    has a box of its own (a case's parts share the case's box)."""

    attempt_id: int
    number: int
    level: int
    boxed: bool


# Each question is its own fragment, called from the page's top level (or its case's box)
# with its box drawn inside: Streamlit copies the containers around a fragment call on
# every run, so the fewer there are, the cheaper fifty questions are. In Streamlit 1.67 a
# call costs about 0.1 ms at the top level whatever its arguments (half of it those copies,
# the rest the fragment's own container and its registration), and about 0.05 ms more for
# each container around it; fifty calls cost a third of a bare script with the same
# widgets, so no quiz page that reruns only the answered question is within 1.3x of one.
@st.fragment
def _answer(sitting, where, question, slot, stored, feedback_mode) -> None:
    """One question: an answer reruns only this, and is saved at once."""
    # An answer typed and a page button clicked at once reach the server as one batch,
    # and Streamlit reruns only the typed answer's question: the click's callback ran,
    # but the page it changed must be drawn again.
    if st.session_state.pop(MOVED, False):
        st.rerun(scope="app")
    # A fragment's rerun does not pass through app.py's guard: it needs its own.
    with (
        outage.guard(),
        st.container(border=where.boxed, key=_anchor_of(where.attempt_id, question.id)),
    ):
        question_heading(where.number, question.prompt, where.level, instruction(question))
        _answer_body(sitting, question, slot, stored, feedback_mode, where.number)


def _answer_body(sitting: Sitting, question, slot, stored, feedback_mode, number) -> None:
    attempt = sitting.attempt
    attempt_id, user_id = attempt.id, attempt.user_id
    prefix = f"a{attempt_id}"
    problem_key = widget_key(prefix, question.id, "problem")

    def on_answer(question_id: str, response) -> None:
        def save() -> None:
            if not _still_signed_in():
                # The whole page is drawn again, where app.py's guard signs the tab out
                # and says why; the answer is not saved.
                st.session_state[MOVED] = True
                return
            try:
                sitting.save(question_id, response)
                st.session_state.pop(problem_key, None)
            except (AttemptClosed, TimeUp):
                _to_the_result(attempt_id)
            except AttemptError as exc:
                st.session_state[problem_key] = str(exc)

        answer = describe(question, response) or "no answer"
        shown = f"{question.prompt} — your answer: {answer}"
        outage.save_answer(f"{attempt_id}:{question_id}", user_id, shown, save)

    checked = bool(stored and stored.checked)
    answer_widget(
        question,
        slot,
        stored.response if stored else None,
        prefix,
        on_answer,
        disabled=checked,
        number=number,
        with_instruction=False,
    )
    problem = st.session_state.get(problem_key)
    if problem:
        st.warning(problem, icon=":material/info:")
    outage.show_if_kept(f"{attempt_id}:{question.id}")
    if feedback_mode != "after_each":
        return
    if checked:
        render_outcome(question, stored.response)
    elif st.button("Check", key=widget_key(prefix, question.id, "check")):
        if _still_signed_in():
            try:
                sitting.check(question.id)
            except (AttemptClosed, TimeUp):
                _to_the_result(attempt_id)
            except AttemptError as exc:
                say(str(exc))
        # Checking locks the answer: the whole page reads it again (or, for a session that
        # ended, app.py's guard signs the tab out and says why).
        st.rerun(scope="app")


def _still_signed_in() -> bool:
    """Whether this tab's session still holds, as app.py checks it on a full run: an
    answer's callback runs before that check, and a question's fragment reruns without it,
    so neither may save or check an answer for a session ended elsewhere (a sign-out, a
    password change or reset, the account disabled)."""
    return auth.still_signed_in(context.current())


def _to_the_result(attempt_id: int) -> None:
    """An answer or a check refused because the attempt is handed in or out of time: the
    whole page is drawn again and shows the result, saying why (``catch_up``), not the
    questions as if the attempt were open."""
    st.session_state[REVIEWING] = attempt_id
    st.session_state[MOVED] = True


def render_result(sitting: Sitting, status: QuizStatus | None, content: Content) -> None:
    attempt, quiz = sitting.attempt, sitting.quiz
    outcome = "Passed" if attempt.passed else "Not passed"
    message = (
        f"**{outcome}**: {display.percent(attempt.percent)} "
        f"({display.points(attempt.points, attempt.max_points)}; "
        f"pass mark {display.percent(attempt.pass_mark)})."
    )
    left = status.attempts_left if status else None
    section = must_pass.section_line(attempt, quiz.must_pass, left)
    if section:
        message += "\n\n" + section
    (st.success if attempt.passed else st.error)(message)
    if quiz.must_pass and must_pass.section_failed(attempt, quiz.must_pass):
        course = content.course
        objectives = {o: found.text for o, found in course.objectives.items()} if course else {}
        with st.expander(f"Topics of the {quiz.must_pass.title.lower()}"):
            st.markdown(
                "\n".join(f"- {topic}" for topic in must_pass.topics(quiz.must_pass, objectives))
            )
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
    saved = sitting.saved()
    number = 0
    for slot in attempt.layout:
        question = quiz.top(slot["id"])
        parts = [quiz.leaf(p["id"]) for p in slot.get("parts", [slot])]
        with st.container(border=True):
            if isinstance(question, CaseQuestion):
                render_vignette(question, content.figures)
            for part in parts:
                number += 1
                question_heading(
                    number,
                    cite(part.prompt, content.references),
                    3 if isinstance(question, CaseQuestion) else 2,
                )
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

"""Question widgets and the review of answered questions.

Widgets are keyed by attempt and question, their starting value comes from the answer
saved in the database (so a reload or a second tab shows it), and every change is handed
to ``on_answer`` at once, so nothing waits for a submit button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from .. import display
from ..course import Reference
from ..grading import full_marks
from ..label_text import label_text
from ..quiz.schema import (
    CaseQuestion,
    LeafQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortTextQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from ..quiz.scoring import correct_response, describe, parse_number, random_guess_score, score
from . import accessible
from .lesson_view import cite
from .plain import plain

OnAnswer = Callable[[str, dict[str, Any] | None], None]


def widget_key(prefix: str, question_id: str, part: str = "") -> str:
    return f"{prefix}:{question_id}{':' + part if part else ''}"


def render_vignette(case: CaseQuestion, figures: dict) -> None:
    if case.title:
        st.header(case.title)
    st.markdown(case.vignette.text)
    if case.vignette.details:
        st.markdown("\n".join(f"- **{k}:** {v}" for k, v in case.vignette.details.items()))
    for figure in case.vignette.figures:
        if figure in figures:
            accessible.figure(figures[figure])


def question_heading(
    number: int, prompt: str, level: int = 2, instruction: str | None = None
) -> None:
    """The question as a heading a screen reader can jump to, then its prompt, and how to
    answer it in small type (one element, not two: a quiz page draws fifty)."""
    how = f"\n\n:small[{instruction}]" if instruction else ""
    st.markdown(f"{'#' * level} Question {number}\n\n{prompt}{how}")


def instruction(question: LeafQuestion) -> str | None:
    """How to answer the question, shown just above its input."""
    if isinstance(question, SingleQuestion):
        return "Choose one answer."
    if isinstance(question, MultipleQuestion):
        return "Tick every answer that applies."
    if isinstance(question, TrueFalseQuestion):
        return "True or false?"
    if isinstance(question, NumericQuestion | ShortTextQuestion):
        unit = getattr(question, "unit", None)
        return "Your answer" + (f" (in {unit})" if unit else "") + ":"
    if isinstance(question, OrderingQuestion):
        return "Pick the items in the right order, first to last."
    return None


def answer_widget(
    question: LeafQuestion,
    slot: dict[str, Any],
    saved: dict[str, Any] | None,
    prefix: str,
    on_answer: OnAnswer,
    disabled: bool = False,
    number: int | None = None,
    with_instruction: bool = True,
) -> None:
    """The input for one question, showing ``saved`` and reporting every change; with
    ``with_instruction`` False the caller has already shown ``instruction(question)``.

    Every control is named by the question itself in plain words ("Question 3: ..."), so a
    screen reader says what is being answered, not only "Choose one answer"; the options of
    a multiple-answer or matching question form one group named by the question.

    Each control's default is the saved answer, not a value put in the session state
    before it: a browser that draws a control again from its default (when the next run
    cuts the first one short) would otherwise show the first option, send it back with the
    next click and overwrite the saved answer.
    """
    key = widget_key(prefix, question.id)
    saved = saved if isinstance(saved, dict) else {}
    name = label_text(question.prompt)
    if number is not None:
        name = f"Question {number}: {name}"

    def changed(read: Callable[[], dict[str, Any] | None]) -> Callable[[], None]:
        return lambda: on_answer(question.id, read())

    told = instruction(question)
    if with_instruction and told:
        st.caption(told)

    if isinstance(question, SingleQuestion):
        order = slot.get("options") or list(range(len(question.options)))
        st.radio(
            f"{name} (choose one answer)",
            order,
            index=order.index(saved["choice"]) if saved.get("choice") in order else None,
            label_visibility="collapsed",
            format_func=lambda i: question.options[i].text,
            key=key,
            on_change=changed(lambda: _none_or(st.session_state[key], "choice")),
            disabled=disabled,
        )
    elif isinstance(question, MultipleQuestion):
        order = slot.get("options") or list(range(len(question.options)))
        chosen = set(saved.get("choices") or [])

        def read_choices() -> dict[str, Any]:
            return {"choices": [i for i in order if st.session_state.get(f"{key}:{i}")]}

        with accessible.group(key, f"{name} (tick every answer that applies)"):
            for i in order:
                st.checkbox(
                    question.options[i].text,
                    value=i in chosen,
                    key=f"{key}:{i}",
                    on_change=changed(read_choices),
                    disabled=disabled,
                )
    elif isinstance(question, TrueFalseQuestion):
        value = saved.get("value")
        st.radio(
            f"{name} (true or false)",
            [True, False],
            index=[True, False].index(value) if isinstance(value, bool) else None,
            label_visibility="collapsed",
            format_func=lambda v: "True" if v else "False",
            key=key,
            horizontal=True,
            on_change=changed(lambda: _none_or(st.session_state[key], "value")),
            disabled=disabled,
        )
    elif isinstance(question, NumericQuestion | ShortTextQuestion):
        unit = getattr(question, "unit", None)
        asked = "Your answer" + (f" (in {unit})" if unit else "")
        st.text_input(
            f"{name} ({asked.lower()})",
            value=saved.get("text") or "",
            key=key,
            label_visibility="collapsed",
            on_change=changed(
                lambda: {"text": st.session_state[key]} if st.session_state[key] else None
            ),
            disabled=disabled,
            max_chars=200,
        )
        if isinstance(question, NumericQuestion) and st.session_state.get(key):
            _, message = parse_number(st.session_state[key], question)
            if message:
                st.warning(plain(message), icon=":material/warning:")
    elif isinstance(question, MatchingQuestion):
        order = slot.get("choices") or list(range(len(question.choices)))
        matches = saved.get("matches") or []

        def read_matches() -> dict[str, Any]:
            return {
                "matches": [st.session_state.get(f"{key}:{i}") for i in range(len(question.pairs))]
            }

        with accessible.group(key, f"{name} (choose a match for each item)"):
            for i, pair in enumerate(question.pairs):
                current = matches[i] if i < len(matches) and matches[i] in order else None
                st.selectbox(
                    pair.left,
                    order,
                    index=None if current is None else order.index(current),
                    format_func=lambda c: question.choices[c],
                    key=f"{key}:{i}",
                    placeholder="Choose a match",
                    on_change=changed(read_matches),
                    disabled=disabled,
                )
    elif isinstance(question, OrderingQuestion):
        order = slot.get("items") or list(range(len(question.items)))
        st.multiselect(
            f"{name} (pick the items in the right order, first to last)",
            order,
            default=[i for i in (saved.get("order") or []) if i in order],
            label_visibility="collapsed",
            format_func=lambda i: question.items[i],
            key=key,
            # "Select all" would put every item in the order listed: no answer at all.
            select_all=False,
            on_change=changed(
                lambda: {"order": list(st.session_state[key])} if st.session_state[key] else None
            ),
            disabled=disabled,
        )


def _none_or(value: Any, field: str) -> dict[str, Any] | None:
    return None if value is None else {field: value}


def render_outcome(question: LeafQuestion, response: dict[str, Any] | None) -> None:
    """Immediate feedback for a checked answer."""
    outcome = score(question, response)
    if full_marks(outcome.fraction):
        st.success("Correct.", icon=":material/check_circle:")
    elif outcome.fraction > 0:
        st.warning(
            f"Partly correct ({display.percent(100 * outcome.fraction)}).", icon=":material/adjust:"
        )
    else:
        st.error("Not correct.", icon=":material/cancel:")
    for text in outcome.feedback:
        st.markdown(text)


def render_review_item(
    question: LeafQuestion,
    response: dict[str, Any] | None,
    points: float | None,
    *,
    show_marks: bool,
    show_correct: bool,
    show_explanation: bool,
    references: dict[str, Reference],
    whose: str = "Your answer",
) -> None:
    """One answered question at review: the answer (labelled ``whose``: an instructor reads
    "Trainee's answer"), the right one, feedback, explanation."""
    outcome = score(question, response)
    answer = describe(question, response)
    # What a trainee typed is shown as typed; option texts are the author's Markdown.
    if isinstance(question, NumericQuestion | ShortTextQuestion):
        answer = plain(answer)
    answer = answer or "*No answer*"
    if show_marks:
        earned = points if points is not None else outcome.points(question)
        mark = display.points(earned, question.points)
        # Static results: set apart, but not announced as alerts when the page loads.
        if full_marks(outcome.fraction):
            verdict, icon = "correct", ":material/check_circle:"
        elif outcome.fraction > 0:
            verdict, icon = "partly correct", ":material/adjust:"
        else:
            verdict, icon = "not correct", ":material/cancel:"
        accessible.note(f"**{whose}:** {answer} · {mark} ({verdict})", icon=icon)
    else:
        st.markdown(f"**{whose}:** {answer}")
    if outcome.message:
        st.caption(outcome.message)
    for text in outcome.feedback:
        st.markdown(f"> {text}")
    if show_correct and not full_marks(outcome.fraction):
        st.markdown(f"**Correct answer:** {describe(question, correct_response(question))}")
    if show_explanation and question.explanation:
        st.markdown(f"**Why:** {cite(question.explanation, references)}")
        keys = [k for k in question.references if k in references]
        if keys:
            st.caption("Sources: " + display.join_sentences(references[k].citation for k in keys))


def render_preview(question: LeafQuestion, references: dict[str, Reference]) -> None:
    """A question as an instructor previews it: the key, feedback and guess score."""
    guess = random_guess_score(question)
    st.markdown(
        f"`{question.id}` · {question.type.replace('_', ' ')} · "
        f"{display.plural_number(question.points, 'point')} · "
        f"objectives: {', '.join(question.objectives) or '—'} · random-guess score: "
        + ("not defined for this type" if guess is None else display.percent(guess * 100))
    )
    st.markdown(question.prompt)
    st.markdown(f"**Answer:** {describe(question, correct_response(question))}")
    if isinstance(question, SingleQuestion | MultipleQuestion):
        for option in question.options:
            mark = f"{option.fraction:+.0%}" if option.fraction else "0%"
            line = f"- {option.text} ({mark})"
            if option.feedback:
                line += f": *{option.feedback}*"
            st.markdown(line)
    if question.explanation:
        st.markdown(f"**Explanation:** {cite(question.explanation, references)}")
    missing = [k for k in question.references if k not in references]
    if missing:
        st.error(f"Unknown references: {', '.join(missing)}")

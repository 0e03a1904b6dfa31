"""The Gradebook's tab for one trainee's attempts: pick a trainee, then an attempt."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from .. import attempt_notes, attempts, display, gradebook, item_review, must_pass, regrade
from ..attempts import Attempt
from ..content import Content
from ..quiz.schema import CaseQuestion
from .choice import pick
from .plain import plain
from .question_view import render_review_item, render_vignette


def render(
    engine: Engine, content: Content, zone: str | None, choices: pd.DataFrame, matched: int
) -> None:
    """One trainee's submitted attempts, picked from ``choices`` (the first rows of the
    ``matched`` trainees the Gradebook's search finds), and one attempt's marks; an attempt
    still open is said to be, with how far it has got."""
    st.header("One trainee's attempts")
    names = dict(zip(choices["user_id"].tolist(), choices["name"].tolist(), strict=True))
    if not names:
        st.caption("No trainee matches the search above.")
        return
    st.caption(gradebook.choosing(len(names), matched))
    # Nobody is picked until the instructor picks: reading someone's attempts on every run
    # of the tab, for whoever happened to be first, would cost every instructor each click.
    person = st.selectbox(
        "Attempts of",
        list(names),
        index=None,
        placeholder="Choose a trainee",
        key="drill_user",
        format_func=names.__getitem__,
    )
    if person is None:
        return
    everything = attempts.for_user(engine, int(person))
    for attempt in everything:
        if attempt.is_open:
            saved = attempts.saved_responses(engine, attempt.id)
            title = _quiz_title(content, attempt.quiz_id)
            st.info(
                attempt_notes.in_progress(attempt, saved, title, zone),
                icon=":material/pending:",
            )
    theirs = [a for a in everything if a.state == "submitted"]
    if not theirs:
        st.caption("No submitted attempts yet.")
        return
    # Two trainees' attempts can read alike (same quiz, number, mark and day).
    picked = pick(
        "Attempt",
        {a.id: a for a in theirs},
        lambda a: _label(content, a, zone),
        key="drill_attempt",
    )
    saved = attempts.saved_responses(engine, picked.id)
    # The key that scores the attempt now: a regrade's, where one re-scored it.
    quiz = regrade.scoring_quiz(engine, picked, saved)
    regraded = regrade.note(engine, picked, zone)
    if regraded:
        st.info(regraded, icon=":material/update:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Question": item_review.question_text(quiz, q),
                    "Id": q,
                    "Points": display.rounded(r.points),
                    "Out of": display.rounded(r.max_points),
                }
                for q, r in saved.items()
            ],
            columns=["Question", "Id", "Points", "Out of"],
        ),
        hide_index=True,
    )
    # Drawn only when asked for: every question of an attempt with its answer is hundreds of
    # elements, which would be sent again on every run of the tab.
    if st.toggle("Show the answers in full", key="drill_answers"):
        for slot in picked.layout:
            top = quiz.top(slot["id"])
            if isinstance(top, CaseQuestion):
                render_vignette(top, content.figures)
            for leaf_slot in slot.get("parts", [slot]):
                question = quiz.leaf(leaf_slot["id"])
                stored = saved.get(question.id)
                st.markdown(question.prompt)
                render_review_item(
                    question,
                    stored.response if stored else None,
                    stored.points if stored else None,
                    show_marks=True,
                    show_correct=True,
                    show_explanation=False,
                    references=content.references,
                    whose=f"{plain(names[person])}'s answer",
                )


def _quiz_title(content: Content, quiz_id: str) -> str:
    """The quiz's title, or its id if the course no longer has it."""
    return content.quizzes[quiz_id].quiz.title if quiz_id in content.quizzes else quiz_id


def _label(content: Content, attempt: Attempt, zone: str | None) -> str:
    loaded = content.quizzes.get(attempt.quiz_id)
    outcome = must_pass.attempt_outcome(attempt, loaded.quiz.must_pass if loaded else None)
    return (
        f"{_quiz_title(content, attempt.quiz_id)} · attempt {attempt.number}"
        f" · {display.percent(attempt.percent)} ({outcome})"
        f" · {display.day(attempt.submitted_at, zone)}"
    )

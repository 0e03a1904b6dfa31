"""The Gradebook's form for a trainee's extra time on timed quizzes."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from .. import gradebook, time_extensions
from ..accounts import User
from . import actions
from .plain import plain

# The form's own message slot: shown above it after a save, never on another page.
FLASH = "extra_time"


def render(
    engine: Engine,
    trainees: pd.DataFrame,
    choices: pd.DataFrame,
    matched: int,
    instructor: User,
) -> None:
    """Extra time granted to any of ``trainees``; the form offers the ``choices`` (the
    first rows of the ``matched`` trainees the Gradebook's search finds, so a search there
    finds a trainee here too)."""
    st.header("Extra time on timed quizzes")
    actions.show_flash(page=FLASH)
    granted = time_extensions.all_extensions(engine)
    everyone = dict(zip(trainees["user_id"].tolist(), trainees["name"].tolist(), strict=True))
    listed = [
        f"- {plain(everyone[i])}: {p}% more time" for i, p in granted.items() if i in everyone
    ]
    st.markdown(
        "An accommodation for one trainee: each timed quiz they start from now on runs this "
        "much longer (the countdown and its warnings follow). An attempt already running "
        "keeps its deadline. Every change is recorded in the audit log."
    )
    if listed:
        st.markdown("\n".join(listed))
    names = dict(zip(choices["user_id"].tolist(), choices["name"].tolist(), strict=True))
    if not names:
        st.caption("No trainee matches the search above.")
        return
    st.caption(gradebook.choosing(len(names), matched))
    with st.form("extra_time_form"):
        trainee = st.selectbox(
            "Trainee", list(names), format_func=lambda i: names[i], key="extra_time_trainee"
        )
        percent = st.selectbox(
            "Extra time",
            time_extensions.CHOICES,
            format_func=lambda p: "None" if p == 0 else f"{p}% more",
            key="extra_time_percent",
        )
        if st.form_submit_button("Save extra time"):
            actions.act(
                time_extensions.grant,
                engine,
                int(trainee),
                int(percent),
                actor=instructor,
                success=f"Saved: {plain(names[trainee])} now has {percent}% extra time.",
                page=FLASH,
            )

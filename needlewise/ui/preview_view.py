"""The preview page's session: one in-memory preview per quiz version for the signed-in
person, kept across reruns and thrown away on restart (see ``preview``)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy import Engine

from .. import display, quiz_bank, time_extensions
from ..accounts import User
from ..attempt_rules import Attempt
from ..preview import Preview
from ..quiz.loading import LoadedQuiz
from . import time_zone
from .quiz_view import CONFIRMING, REVIEWING

_PREVIEWS = "_nw_previews"


def _key(loaded: LoadedQuiz, user: User) -> tuple[int, str, str]:
    return (user.id, loaded.id, loaded.version)


def current(loaded: LoadedQuiz, user: User) -> Preview:
    """This person's preview of this quiz version, begun now if there is none."""
    kept: dict = st.session_state.setdefault(_PREVIEWS, {})
    found = kept.get(_key(loaded, user))
    return found if found is not None else restart(loaded, user)


def restart(loaded: LoadedQuiz, user: User) -> Preview:
    """Forget every preview attempt at this quiz version and begin again."""
    st.session_state.pop(REVIEWING, None)
    st.session_state.pop(CONFIRMING, None)
    fresh = Preview(loaded, user.id)
    st.session_state.setdefault(_PREVIEWS, {})[_key(loaded, user)] = fresh
    return fresh


def starter(engine: Engine, preview: Preview, user: User) -> Callable[[float], Attempt]:
    """The quiz introduction's start button for a preview: the time a trainee would get,
    with the previewer's extra time if they have some (as the introduction says)."""

    def start(pass_mark: float) -> Attempt:
        with engine.connect() as connection:
            extra = time_extensions.extra_percent(connection, user.id)
        return preview.start(pass_mark, extra)

    return start


def banner() -> None:
    st.info(
        "**Preview: nothing is recorded.** You take this quiz exactly as a trainee would "
        "(same draw, shuffles, scoring, feedback and review), but no attempt, grade, item "
        "statistic, mastery, review card or certificate is written; restarting or leaving "
        "the preview forgets it.",
        icon=":material/visibility:",
    )


def saved_version(engine: Engine, loaded: LoadedQuiz) -> None:
    """For a quiz written in the Quiz studio: which saved version the preview shows, and that
    text not yet saved in the studio's editor is not in it."""
    number = quiz_bank.number_of(loaded)
    if number is None:
        return
    shown = quiz_bank.get_version(engine, loaded.id, number)
    newest = quiz_bank.get_version(engine, loaded.id)
    when = display.moment(shown.created_at, time_zone.name())
    which = "the newest version" if newest.number == number else f"v{newest.number} is newer"
    st.caption(
        f"You preview **v{number}** ({shown.state}, saved by {shown.author} on {when}; "
        f"{which}). Changes not yet saved in the Quiz studio's editor are not in it: save a "
        "draft there, then open the preview again."
    )

"""When the database stops answering mid-session: NeedleWise's own message, and no lost answer.

``guard`` wraps a whole script run (app.py) and turns a lost connection into one page that
says what happened, instead of Streamlit's generic error. ``save_answer`` wraps the quiz
page's save: an answer that cannot be written is kept in this session, shown to the
trainee as not saved, and written by ``retry_unsaved`` at the next run that reaches the
database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from .plain import plain

_LOG = logging.getLogger("needlewise")
UNSAVED = "_nw_unsaved_answers"
SAVED_LATE = "_nw_saved_late"


@dataclass(frozen=True)
class Unsaved:
    """An answer the database did not take: who gave it, where, and how to write it again."""

    user_id: int
    shown: str
    save: Callable[[], None]


def is_outage(exc: BaseException) -> bool:
    """A lost or refused connection, or no free one in the pool, rather than a bug."""
    if isinstance(exc, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def _unsaved() -> dict[str, Unsaved]:
    return st.session_state.setdefault(UNSAVED, {})


def save_answer(key: str, user_id: int, shown: str, save: Callable[[], None]) -> bool:
    """Run ``save``; if the database cannot be reached, keep the answer to write later.

    ``key`` names the attempt and question (a newer answer replaces a kept one), ``shown``
    is the answer in words for the trainee. Returns whether it was saved now.
    """
    try:
        save()
    except SQLAlchemyError as exc:
        if not is_outage(exc):
            raise
        _LOG.error("An answer could not be saved (%s): %s", key, exc)
        _unsaved()[key] = Unsaved(user_id, shown, save)
        return False
    _unsaved().pop(key, None)
    return True


def retry_unsaved(user_id: int | None) -> None:
    """Write the answers kept for ``user_id``; answers kept for anyone else are dropped."""
    kept = _unsaved()
    for key, item in list(kept.items()):
        del kept[key]
        # On another outage save_answer keeps it again, and the guard's page shows it.
        if item.user_id == user_id and save_answer(key, user_id, item.shown, item.save):
            st.session_state.setdefault(SAVED_LATE, []).append((time.monotonic(), item.shown))


def show_saved_late() -> None:
    """Tell the trainee which kept answers reached the database at last.

    The notice stays for a while rather than one run: the run that saves them also brings
    back the sign-in cookie's component, whose first value reruns the page at once."""
    now = time.monotonic()
    recent = [(at, shown) for at, shown in st.session_state.get(SAVED_LATE, []) if now - at < 60]
    st.session_state[SAVED_LATE] = recent
    for _, shown in recent:
        st.success(f"Saved now (the database was unreachable a moment ago): {plain(shown)}")


def show_if_kept(key: str) -> None:
    """Say, where the answer was given, that it could not be saved.

    A question's fragment reruns on its own, past app.py's guard, and its save fails
    without raising (the answer is kept instead), so the fragment says so itself; trying
    again reruns the whole page, which saves what was kept.
    """
    item = _unsaved().get(key)
    if item is None:
        return
    st.error(
        "The database cannot be reached right now, so this answer was not saved. Please try "
        "again in a minute.",
        icon=":material/cloud_off:",
    )
    st.warning(
        "Your last answer may not have been saved. It is kept in this window and will be "
        f"saved when you try again once the database is back: {plain(item.shown)}",
        icon=":material/save:",
    )
    if st.button("Try again", key=f"outage_retry:{key}", type="primary"):
        st.rerun(scope="app")


@contextmanager
def guard() -> Iterator[None]:
    """Show NeedleWise's own page when the database is lost during this run."""
    try:
        yield
    except SQLAlchemyError as exc:
        if not is_outage(exc):
            raise
        _LOG.error("The database cannot be reached: %s", exc)
        st.error(
            "The database cannot be reached right now, so this page cannot be shown and "
            "nothing you do can be saved. Please try again in a minute.",
            icon=":material/cloud_off:",
        )
        kept = st.session_state.get(UNSAVED, {})
        if kept:
            st.warning(
                "Your last answer may not have been saved. It is kept in this window and will "
                "be saved when you try again once the database is back; here it is, in case:",
                icon=":material/save:",
            )
            for item in kept.values():
                st.markdown(f"- {plain(item.shown)}")
        st.button("Try again", key="nw_outage_try_again", type="primary")

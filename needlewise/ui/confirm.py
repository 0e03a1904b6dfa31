"""Asking before doing what cannot be undone: the one confirmation step every page uses.

The first click only asks. The page keeps what the question is about (its subject: which
account and what to do to it, which group, how many entries), then shows a plain statement
of what will happen, a confirm button named for the action, and Cancel. What this module
protects:

- The action runs only after the confirm click, and once: the click answers the question
  (a second click finds nothing to answer) and is taken out of the session at the very
  start of the next run, before anything on the page can stop it, so no later run sees it
  again; a reload starts a new session, with nothing waiting.
- A question is answered only about what it said: the page says whether its subject is
  still on screen and unchanged (``still``), both when it is shown and when its confirmation
  is carried out, and a question that no longer holds is dropped.
- Cancel drops the question, and so does leaving the page: it is never found waiting on a
  later visit.
- The button clicked is gone each time, so the keyboard focus moves to Cancel when the
  question appears, and back to the button that asked when it is cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st

from .accessible import css_safe, invisible_script

S = TypeVar("S", bound=Hashable)


@dataclass(frozen=True)
class _Asked(Generic[S]):
    subject: S
    # The key of the button that asked, which takes the focus back on Cancel.
    back: str | None
    # Drawn in a run already: from then on its confirm button is on screen until it is
    # answered, and a run without that button was a visit to another page.
    shown: bool = False


class Confirmation(Generic[S]):
    """One page's confirmation step. ``key`` names it on the page: its widget keys are
    ``{key}_confirm`` and ``{key}_cancel``, its box ``{key}_asked``.

    Make it at the top of the page script, before anything that could stop the run.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        self.confirm_key = f"{key}_confirm"
        self.cancel_key = f"{key}_cancel"
        self._asked_key = f"_nw_confirm_{key}"
        self._confirmed_key = f"_nw_confirm_{key}_confirmed"
        self._focus_key = f"_nw_confirm_{key}_focus"
        self._confirmed: S | None = st.session_state.pop(self._confirmed_key, None)
        self._focus: str | None = st.session_state.pop(self._focus_key, None)

    def ask_button(self, label: str, subject: S, *, key: str, **button: Any) -> None:
        """A button whose click asks about ``subject``, drawn where the page is drawing."""
        st.button(label, key=key, on_click=self._ask, args=(subject, key), **button)
        self._take_focus(key)

    def confirmed(self, still: Callable[[S], bool]) -> S | None:
        """The subject whose confirm button started this run, if ``still`` holds for it;
        otherwise None. Only the first call in the run can return it."""
        subject, self._confirmed = self._confirmed, None
        return subject if subject is not None and still(subject) else None

    def asked(self, still: Callable[[S], bool]) -> S | None:
        """The subject of the question waiting to be answered, or None; a question whose
        subject ``still`` rejects, or that was left on another page, is dropped."""
        asked: _Asked[S] | None = st.session_state.get(self._asked_key)
        if asked is None:
            return None
        if (asked.shown and self.confirm_key not in st.session_state) or not still(asked.subject):
            del st.session_state[self._asked_key]
            return None
        return asked.subject

    def show(self, subject: S, statement: str, action: str) -> None:
        """The question about ``subject`` (from ``asked``): ``statement`` says what will
        happen, ``action`` names the confirm button."""
        asked: _Asked[S] | None = st.session_state.get(self._asked_key)
        back = asked.back if asked is not None else None
        st.session_state[self._asked_key] = _Asked(subject, back, shown=True)
        with st.container(border=True, key=f"{self.key}_asked"):
            st.warning(statement, icon=":material/warning:")
            with st.container(horizontal=True):
                st.button(
                    action,
                    type="primary",
                    key=self.confirm_key,
                    on_click=self._answer,
                    args=(subject, True),
                )
                st.button(
                    "Cancel", key=self.cancel_key, on_click=self._answer, args=(subject, False)
                )
        self._take_focus(self.cancel_key)

    def ask(self, subject: S, back: str | None = None) -> None:
        """Ask about ``subject`` now, from the page's own code (once it has checked what
        the action needs), and start the run that shows the question."""
        self._ask(subject, back)
        st.rerun()

    def _ask(self, subject: S, back: str | None) -> None:
        st.session_state[self._asked_key] = _Asked(subject, back)
        st.session_state[self._focus_key] = self.cancel_key

    def _answer(self, subject: S, confirmed: bool) -> None:
        asked: _Asked[S] | None = st.session_state.pop(self._asked_key, None)
        # A second click on a confirm button still drawn (a double click, a slow rerun)
        # finds the question answered already, or dropped, and does nothing.
        if asked is None or asked.subject != subject:
            return
        if confirmed:
            st.session_state[self._confirmed_key] = subject
        elif asked.back is not None:
            st.session_state[self._focus_key] = asked.back

    def _take_focus(self, key: str) -> None:
        if self._focus == key:
            self._focus = None
            invisible_script(
                f"window.parent.document.querySelector('.st-key-{css_safe(key)} button')?.focus();"
            )

"""A form that starts empty after a success and keeps everything typed after a refusal.

``st.form(clear_on_submit=True)`` empties a form on every submit, so a refused one lost
what was typed. A form's widgets here (the admin forms, the logbook's new entry) take a
suffix in their keys that changes after each success, so the next widgets start empty; after a
refusal the keys stay and so does everything typed. Emptying the widgets' state would not
do: the browser keeps showing, and sends back, what it last had.
"""

from __future__ import annotations

import streamlit as st


class FreshForm:
    """One form's key suffix; ``name`` keeps it apart from the page's other forms."""

    def __init__(self, name: str) -> None:
        self._saved = f"_nw_fresh_{name}"

    @property
    def suffix(self) -> str:
        """Added to each of the form's widget keys: empty until the first success."""
        saved = st.session_state.get(self._saved, 0)
        return str(saved) if saved else ""

    def emptied(self, _: object = None) -> None:
        """After a success (an ``actions.act`` ``then``): the next run's widgets are new."""
        st.session_state[self._saved] = st.session_state.get(self._saved, 0) + 1

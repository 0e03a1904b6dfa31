"""A form that starts empty after a success and keeps everything typed after a refusal.

``st.form(clear_on_submit=True)`` empties a form on every submit, so a refused one lost
what was typed. A form's widgets here (the admin forms, the logbook's new entry) take a
suffix in their keys that changes after each success, so the next widgets start empty; after a
refusal the keys stay and so does everything typed. Emptying the widgets' state would not
do: the browser keeps showing, and sends back, what it last had.

Streamlit drops a widget's state in a run that does not draw it, so leaving the page (a
link, Back, the sidebar) empties a form as well. A form that must survive that (the
logbook's new entry) keeps each value typed in its draft, under a key no widget owns, and
draws its widgets from it; a success empties the draft with the widgets.

A form that corrects a stored record (a logbook entry) keeps a draft per record, and notes
which version of the record its draft and widgets were typed over: if the record changed
since (returned again, countersigned, saved from another tab), the draft would save an
older version's values over the newer one unseen, so it is dropped and the form starts
again from the record as stored.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

import streamlit as st

T = TypeVar("T")


class FreshForm:
    """One form's key suffix; ``name`` keeps it apart from the page's other forms."""

    def __init__(self, name: str) -> None:
        self._saved = f"_nw_fresh_{name}"
        self._draft = f"_nw_fresh_{name}_draft"
        self._over = f"_nw_fresh_{name}_over"

    @property
    def suffix(self) -> str:
        """Added to each of the form's widget keys: empty until the first success."""
        saved = st.session_state.get(self._saved, 0)
        return str(saved) if saved else ""

    def kept(self, key: str, default: T) -> T:
        """The value last typed into the widget ``key`` (see ``keep``), else ``default``."""
        return cast(T, st.session_state.get(self._draft, {}).get(key, default))

    def keep(self, key: str) -> None:
        """The ``on_change`` of the widget ``key``: its value goes into the draft. A callback
        runs before the next run's script, whichever page that run draws, so a value typed
        just before leaving the page is kept too."""
        draft: dict[str, Any] = st.session_state.get(self._draft, {})
        st.session_state[self._draft] = {**draft, key: st.session_state[key]}

    @property
    def typed(self) -> bool:
        """Whether the draft holds anything typed since the form last started empty."""
        return bool(st.session_state.get(self._draft))

    def outdated(self, version: str) -> bool:
        """For a form correcting a stored record, called before its widgets in each run
        that draws them, with the record's ``version`` as stored now. True when the form's
        draft and widgets were typed over another version: they are then emptied (as after a
        success, so the widgets are new and a Save pressed in this run is not taken), and
        the form starts again from the record as stored. A success forgets the version:
        the next widgets start from the record as saved."""
        seen = st.session_state.get(self._over)
        outdated = seen is not None and seen[0] == self.suffix and seen[1] != version
        if outdated:
            self.emptied()
        st.session_state[self._over] = (self.suffix, version)
        return outdated

    def emptied(self, _: object = None) -> None:
        """After a success (an ``actions.act`` ``then``): the next run's widgets are new."""
        st.session_state[self._saved] = st.session_state.get(self._saved, 0) + 1
        st.session_state.pop(self._draft, None)

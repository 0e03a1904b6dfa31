"""Files with people's data (gradebooks, logbooks), made only when asked for and kept briefly.

Streamlit serves a download button's file at /media/<id> to anyone holding the address,
without checking who is signed in, for as long as the session shows the button. So the
file is not made on every run: the person clicks "Prepare", the files are made then for
this session alone and offered for ``KEEP_MINUTES``, or until the person discards them or
chooses other data (``scope``), whichever comes first. Streamlit then deletes them from
memory.

A download does not end the offer: one preparation often makes two files (CSV and Excel),
and a person who saves one must still be able to save the other, or save one again when the
browser lost it. A download therefore does not rerun the page either (``on_click="ignore"``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta

import streamlit as st

from .. import clock, display
from . import time_zone

KEEP_MINUTES = 5


@dataclass(frozen=True)
class ExportFile:
    label: str
    file_name: str
    mime: str
    make: Callable[[], bytes]


@dataclass(frozen=True)
class _Prepared:
    scope: Hashable
    made: datetime
    contents: list[bytes]


def _state_key(key: str) -> str:
    return f"_nw_export_{key}"


def _drop(key: str) -> None:
    st.session_state.pop(_state_key(key), None)


def offered_note(made: datetime, files: int, zone_name: str | None) -> str:
    """What the page says about prepared files: when, and for how long they stay."""
    them = "it" if files == 1 else "them"
    return (
        f"Prepared for you at {display.moment(made, zone_name)}. "
        f"{'It stays' if files == 1 else 'Both stay' if files == 2 else 'They stay'} offered "
        f"for {KEEP_MINUTES} minutes, however often you download {them}, or until you "
        f"discard {them}; then prepare {them} again."
    )


def offer(key: str, prepare_label: str, files: list[ExportFile], scope: Hashable = None) -> None:
    """A "prepare" button; once clicked, a download button for each file, for a while.

    ``scope`` names what the files hold (a group, a time zone): files prepared for another
    scope are dropped, never offered under a heading they do not match."""
    if st.session_state.pop(f"{_state_key(key)}_expired", False):
        st.caption(f"The prepared files were dropped after {KEEP_MINUTES} minutes.")
    prepared: _Prepared | None = st.session_state.get(_state_key(key))
    if prepared is not None and prepared.scope != scope:
        _drop(key)
        prepared = None
    if prepared is None:
        if st.button(prepare_label, key=f"{key}_prepare", icon=":material/file_export:"):
            st.session_state[_state_key(key)] = _Prepared(
                scope, clock.now(), [f.make() for f in files]
            )
            st.rerun()
        return
    _prepared(key, files)


# Checked every few seconds even when nobody clicks, so that an export left on screen is
# dropped when its time is up rather than kept for as long as the tab stays open.
@st.fragment(run_every=timedelta(seconds=20))
def _prepared(key: str, files: list[ExportFile]) -> None:
    prepared: _Prepared | None = st.session_state.get(_state_key(key))
    if prepared is None or clock.now() - prepared.made > timedelta(minutes=KEEP_MINUTES):
        st.session_state[f"{_state_key(key)}_expired"] = prepared is not None
        _drop(key)
        st.rerun()
    st.caption(offered_note(prepared.made, len(files), time_zone.name()))
    columns = st.columns(len(files) + 1)
    for index, (spec, data) in enumerate(zip(files, prepared.contents, strict=True)):
        columns[index].download_button(
            spec.label,
            data,
            spec.file_name,
            spec.mime,
            key=f"{key}_download_{index}",
            icon=":material/download:",
            on_click="ignore",
        )
    if columns[-1].button("Discard", key=f"{key}_discard"):
        _drop(key)
        st.rerun()

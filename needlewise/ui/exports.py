"""Files with people's data (gradebooks), made only when asked for and kept briefly.

Streamlit serves a download button's file at /media/<id> to anyone holding the address,
without checking who is signed in, for as long as the session shows the button. So the
file is not made on every run: the person clicks "Prepare", the file is made then for
this session alone, offered once, and dropped after the download or after
``KEEP_MINUTES``, whichever comes first. Streamlit then deletes it from memory.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _state_key(key: str) -> str:
    return f"_nw_export_{key}"


def _drop(key: str) -> None:
    st.session_state.pop(_state_key(key), None)


def offer(key: str, prepare_label: str, files: list[ExportFile]) -> None:
    """A "prepare" button; once clicked, a download button for each file, for a while."""
    if st.session_state.pop(f"{_state_key(key)}_expired", False):
        st.caption(f"The prepared files were dropped after {KEEP_MINUTES} minutes.")
    if st.session_state.get(_state_key(key)) is None:
        if st.button(prepare_label, key=f"{key}_prepare", icon=":material/file_export:"):
            st.session_state[_state_key(key)] = (clock.now(), [f.make() for f in files])
            st.rerun()
        return
    _prepared(key, files)


# Checked every few seconds even when nobody clicks, so that an export left on screen is
# dropped when its time is up rather than kept for as long as the tab stays open.
@st.fragment(run_every=timedelta(seconds=20))
def _prepared(key: str, files: list[ExportFile]) -> None:
    prepared: tuple[datetime, list[bytes]] | None = st.session_state.get(_state_key(key))
    if prepared is None or clock.now() - prepared[0] > timedelta(minutes=KEEP_MINUTES):
        st.session_state[f"{_state_key(key)}_expired"] = prepared is not None
        _drop(key)
        st.rerun()
    made, contents = prepared
    st.caption(
        f"Prepared for you at {display.moment(made, time_zone.name())}. It is offered for "
        f"{KEEP_MINUTES} minutes or until you download it; then prepare it again."
    )
    columns = st.columns(len(files) + 1)
    for index, (spec, data) in enumerate(zip(files, contents, strict=True)):
        columns[index].download_button(
            spec.label,
            data,
            spec.file_name,
            spec.mime,
            key=f"{key}_download_{index}",
            icon=":material/download:",
            on_click=_drop,
            args=(key,),
        )
    if columns[-1].button("Discard", key=f"{key}_discard"):
        _drop(key)
        st.rerun()

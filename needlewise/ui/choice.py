"""Choosing one record from a list, in a selectbox that returns this run's record.

Streamlit keeps a chosen value from the run before while its label is listed again: with
records as the options, the choice would be the record read before the last change (after
switching trainee, the last trainee's attempt or sign-off when the two read alike). So the
options are the records' ids, looked up in this run's records; an id no longer listed is
named by itself, so Streamlit resets the choice instead of keeping it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

import streamlit as st

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def pick(
    label: str, records: Mapping[K, V], describe: Callable[[V], str], *, key: str, **options: Any
) -> V:
    """The record of ``records`` (id to record, not empty) chosen in a selectbox whose
    options read ``describe(record)``; ``options`` go to ``st.selectbox``."""
    chosen = st.selectbox(
        label,
        list(records),
        key=key,
        format_func=lambda i: describe(records[i]) if i in records else str(i),
        **options,
    )
    return records[chosen if chosen is not None else next(iter(records))]

"""How every page carries out what a person asks: one call, one way to fail.

``act`` calls the domain function; a ``UserError`` is shown where the person is looking
and nothing else happens; on success the message is kept for the next run (``flash``) and
the page reruns, so it shows the new state with the message above it. Any other exception
is a bug or an outage and is left to Streamlit's error page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ..errors import UserError
from . import auth

T = TypeVar("T")


def act(
    action: Callable[..., T],
    *args: Any,
    success: str | Callable[[T], str] | None = None,
    page: str | None = None,
    then: Callable[[T], None] | None = None,
    slot: DeltaGenerator | None = None,
    explain: Callable[[Any], str] = str,
    **kwargs: Any,
) -> None:
    """Run ``action(*args, **kwargs)`` for the person on this page.

    On a ``UserError``: show ``explain(error)`` (its message unless a page lists the
    problems itself) in ``slot`` or in place, and return. On success: flash ``success``
    (a message, or a function of the result) for ``page`` (see ``auth.flash``), call
    ``then`` with the result (it may switch page), then rerun.
    """
    try:
        result = action(*args, **kwargs)
    except UserError as error:
        (slot or st).error(explain(error))
        return
    if success is not None:
        auth.flash(success(result) if callable(success) else success, page=page)
    if then is not None:
        then(result)
    st.rerun()


def look_up(finding: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """What a page opens with (a quiz, a record), or None after showing why it cannot be
    found: the same one way to fail as ``act``, for reading instead of changing."""
    try:
        return finding(*args, **kwargs)
    except UserError as error:
        st.error(str(error))
        return None


def show_flash(page: str | None = None, *, info: bool = False) -> None:
    """Show the message an action left for this page, if there is one."""
    message = auth.take_flash(page=page)
    if message:
        (st.info if info else st.success)(message)

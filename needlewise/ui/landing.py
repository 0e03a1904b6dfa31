"""The page a visitor asked for in the address, kept until they may be shown it.

A reload, a bookmark or a pasted link names a page and its query (`/lesson?id=...`). Two
things used to lose it: the sign-in library's cookie component answered the first run
of a session with a rerun before ``st.navigation`` had run, and that rerun landed on the
start page; and a signed-out visitor has to sign in first. So the first run
of a session notes the page and its query, and the first run that may show it to the
now-known visitor switches there.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from urllib.parse import urlsplit

import streamlit as st

from ..access import SIGNED_IN, PageSpec
from . import auth

_REQUESTED = "_nw_requested_page"
_FIRST_RUN_DONE = "_nw_requested_page_noted"
_NOTE = "_nw_landing_note"
# Switches to the noted page before giving up on it (a page that always sends its visitor
# elsewhere must not bounce them back and forth).
MAX_TRIES = 3


def page_in_address(url: str | None, known: Iterable[str]) -> str | None:
    """The page named by the last part of an address path, if it is one of ``known``.

    Taking the last part keeps a prefix such as ``server.baseUrlPath`` out of the way.
    """
    if not url:
        return None
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return last if last in set(known) else None


def remember(known: Iterable[str]) -> None:
    """On a session's first run, note the page and query the address asks for.

    Before ``st.navigation`` has run in a session, ``st.context.url`` is the address the
    browser opened, page included.
    """
    if st.session_state.get(_FIRST_RUN_DONE):
        return
    st.session_state[_FIRST_RUN_DONE] = True
    path = page_in_address(st.context.url, known)
    if path is not None:
        st.session_state[_REQUESTED] = (path, st.query_params.to_dict(), 0, False)


def request(path: str, query: dict[str, str] | None = None) -> None:
    """Send the visitor to a page on the first run that may show it (after set-up)."""
    st.session_state[_REQUESTED] = (path, query or {}, 0, False)


def follow(state: str, current: st.Page, pages: dict[str, st.Page], specs: list[PageSpec]) -> None:
    """Go to the noted page once this visitor may see it; forget it when they never may.

    ``pages`` maps each address to this visitor's page there. At a stand-in (the sign-in
    form at ``/settings``) the visitor waits for the page itself, which comes after
    sign-in; meanwhile they may go elsewhere (Register) without being pulled back. The
    note is dropped on arrival rather than on leaving, because a rerun the cookie
    component asks for at the same moment can win over the switch; a few tries are
    allowed.
    """
    requested = st.session_state.get(_REQUESTED)
    if requested is None:
        return
    path, query, tries, waiting = requested
    stand_in = path in {spec.address for spec in specs if spec.stand_in}
    if state == "setup" or tries >= MAX_TRIES:
        del st.session_state[_REQUESTED]
    elif path in pages and (pages[path] is current or (stand_in and waiting)):
        if stand_in:
            st.session_state[_REQUESTED] = (path, query, tries, True)
        else:
            del st.session_state[_REQUESTED]
    elif path in pages:
        st.session_state[_REQUESTED] = (path, query, tries + 1, waiting)
        auth.carry_cookie_action()
        st.switch_page(pages[path], query_params=query)
    elif state == "signed_in":
        del st.session_state[_REQUESTED]
        if path not in {spec.address for spec in SIGNED_IN}:
            return  # a page for signed-out visitors (sign in, register): nothing to say
        # Signed in and still not allowed: the role does not include this page.
        st.session_state[_NOTE] = (
            f"The page you opened (/{path}) is not open to your account, so you are on "
            "your start page.",
            current.url_path,
            time.monotonic(),
        )


def show_note(current: st.Page) -> None:
    """The note about a page that could not be opened, on the start page it led to.

    It lasts a few seconds rather than one run, for the same reason as ``auth.flash``.
    """
    found = st.session_state.get(_NOTE)
    if found is None:
        return
    message, shown_on, created = found
    if time.monotonic() - created > auth.FLASH_SECONDS or current.url_path != shown_on:
        del st.session_state[_NOTE]
        return
    st.info(message, icon=":material/block:")

"""Turning the page list of a visitor into ``st.navigation``, plus the sidebar."""

from __future__ import annotations

import streamlit as st

from ..access import PageSpec
from ..accounts import User
from . import auth
from .context import Context
from .plain import plain

# This session's pages, built once per page list (that is, per role and sign-in state)
# rather than on every run.
_PAGES = "_nw_pages"


def build(specs: list[PageSpec]) -> tuple[st.Page, dict[str, st.Page]]:
    """The page this run shows, and every page of the visitor by its address."""
    key = tuple(specs)
    built = st.session_state.get(_PAGES)
    if built is None or built[0] != key:
        built = (key, *_pages(specs))
        st.session_state[_PAGES] = built
    _, sections, by_address = built
    if list(sections) == [""]:
        return st.navigation(sections[""]), by_address
    # Show every page: folded behind "View N more", an admin's Administer pages go unseen.
    return st.navigation(sections, expanded=True), by_address


def _pages(specs: list[PageSpec]) -> tuple[dict[str, list[st.Page]], dict[str, st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    by_address: dict[str, st.Page] = {}
    for index, spec in enumerate(specs):
        page = st.Page(
            spec.path,
            title=spec.title,
            icon=spec.icon,
            # The URL is the file's name, which is also how AppTest finds a page.
            url_path=spec.address,
            default=index == 0,
            visibility="hidden" if spec.hidden else "visible",
        )
        sections.setdefault(spec.section, []).append(page)
        by_address[spec.address] = page
    return sections, by_address


def sidebar(context: Context, user: User | None) -> None:
    with st.sidebar:
        st.markdown(f"**{plain(context.settings.clinic_name)}**")
        if user is None:
            return
        st.caption(f"Signed in as {plain(user.name)} ({', '.join(user.roles)})")
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            auth.sign_out()
            st.rerun()

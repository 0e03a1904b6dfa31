"""Moving within a page that shows one item chosen by ``?id=``.

``st.page_link`` to the page already open draws the new item but leaves the old ``id`` in
the address, so the next button click acts on the old item. These moves change
``st.query_params`` in a button callback instead: the address, the content shown and every
later action then agree.
"""

from __future__ import annotations

import streamlit as st

from .accessible import invisible_script

_SCROLL_TOP = "_nw_scroll_top"


def _go(item_id: str) -> None:
    st.query_params["id"] = item_id
    st.session_state[_SCROLL_TOP] = True


def move_button(label: str, item_id: str, key: str, icon: str | None = None) -> None:
    """A button that opens ``item_id`` on this page, with the address to match."""
    st.button(label, key=key, icon=icon, on_click=_go, args=(item_id,))


def scroll_to_top_after_move() -> None:
    """After a move, start the new item at its top, as following a link would."""
    if st.session_state.pop(_SCROLL_TOP, False):
        invisible_script(
            "window.parent.document.querySelector('[data-testid=\"stMain\"]')?.scrollTo(0, 0);"
        )

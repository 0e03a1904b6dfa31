"""A table that turns into a stacked list where its box is too narrow for its columns.

Streamlit's data grid keeps every column at the width its text needs and scrolls sideways
in a narrower box: on a phone most of a row is out of sight. Below ``NARROW_BELOW`` px the
same rows are shown as a list instead, one entry per row headed by its first column, the
other columns as labelled lines that wrap (WCAG 1.4.10). Both are drawn and a style shows
the one that fits the box's width, so turning a tablet or resizing the window needs no
rerun. Text in the list is HTML-escaped: cells hold what people typed.
"""

from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

# The box's width, in CSS pixels, below which the list is shown: a phone, or a tablet with
# the sidebar open. Streamlit's grid needs about 520 px for the sign-off table's columns.
NARROW_BELOW = 640


def table(rows: list[dict[str, str]], key: str) -> None:
    """``rows`` (all with the same columns, the first naming the row) as a data grid, or as
    a stacked list where the box is narrower than ``NARROW_BELOW``. ``key`` names the box."""
    with st.container(key=key):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        # The style after the list: a sanitised fragment that starts with <style> loses it.
        st.html(stacked(rows) + _style(key))


def stacked(rows: list[dict[str, str]]) -> str:
    """The rows as an HTML list: each row's first value as its heading, then each other
    column that has a value as 'column: value'."""
    entries = []
    for row in rows:
        heading, *rest = row.items()
        fields = "".join(
            f"<div><dt>{escape(name)}:</dt> <dd>{escape(value)}</dd></div>"
            for name, value in rest
            if value
        )
        entries.append(f"<li><strong>{escape(heading[1])}</strong><dl>{fields}</dl></li>")
    return f'<ul class="nw-stacked">{"".join(entries)}</ul>'


def _style(key: str) -> str:
    box = f".st-key-{key}"
    grid = f'{box} [data-testid="stElementContainer"]:has([data-testid="stDataFrame"])'
    listed = f'{box} [data-testid="stElementContainer"]:has(.nw-stacked)'
    return f"""<style>
{box} {{ container: nw-table / inline-size; }}
@container nw-table (width < {NARROW_BELOW}px) {{ {grid} {{ display: none; }} }}
@container nw-table (width >= {NARROW_BELOW}px) {{ {listed} {{ display: none; }} }}
{listed} ul {{ list-style: none; padding: 0; margin: 0; }}
{listed} li {{ padding: 0.5rem 0; border-bottom: 1px solid rgba(49, 51, 63, 0.2); }}
{listed} dl {{ padding: 0; margin: 0.25rem 0 0; }}
{listed} dt, {listed} dd {{ display: inline; margin: 0; }}
{listed} dd {{ white-space: pre-line; overflow-wrap: anywhere; }}
</style>"""

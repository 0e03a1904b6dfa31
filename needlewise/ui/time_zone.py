"""Which time zone this visitor's times are shown in."""

from __future__ import annotations

import streamlit as st

from .context import current


def name() -> str:
    """The clinic's zone from Settings; when that is left empty, the browser's; else UTC."""
    configured = current().settings.time_zone
    if configured:
        return configured
    return st.context.timezone or "UTC"

"""Writing and deleting the sign-in cookie in the browser, without a rerun.

A script on the app's page sets the cookie (``st.html``, as ``accessible`` runs its
script). The sign-in library's own cookie component answered the server after writing,
which reran the page once just after every sign-in, and a click made before that rerun
arrived was lost. This script answers nothing, so signing in runs the page once. The
cookie is read from the request (``st.context.cookies``), never from the browser.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime

import streamlit as st

_SCRIPT = """<script>(() => {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = __NAME__ + "=" + encodeURIComponent(__VALUE__)
    + "; expires=" + __EXPIRES__ + "; path=/; SameSite=Strict" + secure;
})();</script>"""
_LONG_AGO = datetime(1970, 1, 1)


def write(name: str, value: str, expires: datetime) -> None:
    """Set ``name`` to ``value`` until ``expires``, a UTC time as ``clock.now()`` gives."""
    _draw(name, value, expires)


def delete(name: str) -> None:
    _draw(name, "", _LONG_AGO)


def _draw(name: str, value: str, expires: datetime) -> None:
    stamp = format_datetime(expires.replace(tzinfo=UTC), usegmt=True)
    script = (
        _SCRIPT.replace("__NAME__", _js(name))
        .replace("__VALUE__", _js(value))
        .replace("__EXPIRES__", _js(stamp))
    )
    st.html(script, unsafe_allow_javascript=True)


def _js(text: str) -> str:
    """A JavaScript string literal that cannot end the script it sits in."""
    return json.dumps(text).replace("<", "\\u003c")

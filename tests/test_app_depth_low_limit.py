"""The Depth explorer opens whatever depth limit the clinic set, even one below the
slider's lowest mark (a limit of 0.1 mm crashed the page)."""

from __future__ import annotations

import pytest

from needlewise import settings
from needlewise.acting import Operator
from needlewise.store import open_store

from .builders import add_user, make_app, sign_in_as, texts


@pytest.mark.parametrize("limit", [0.1, 0.25, 1.5])
def test_the_depth_explorer_opens_at_any_allowed_limit(monkeypatch, sqlite_url, limit):
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    add_user(engine, "ada", roles=("admin",))
    settings.save(engine, {"depth_limit_mm": limit}, actor=Operator("ada"))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.switch_page("views/depth_explorer.py").run()
    assert not at.exception, at.exception
    assert at.slider(key="depth_mm").value == max(0.25, min(0.5, limit))
    assert f"{limit:g} mm" in texts(at)

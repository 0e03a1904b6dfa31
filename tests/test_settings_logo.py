"""The clinic logo is checked with the other settings, so the Settings page reports every
refused field at once and saves nothing."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from needlewise import settings
from needlewise.acting import Operator


def png(size: int = 4) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), "teal").save(out, format="PNG")
    return out.getvalue()


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_a_png_logo_is_kept():
    assert settings.check({"logo_png": encoded(png())}) == {"logo_png": encoded(png())}


@pytest.mark.parametrize(
    "data",
    [b"GIF89a not a png", b"\x89PNG" + b"\0" * (settings.MAX_LOGO_MB * 1_000_000)],
    ids=["not a PNG", "too large"],
)
def test_a_logo_that_is_not_a_small_png_is_refused_with_the_other_problems(data):
    with pytest.raises(settings.SettingsError) as refused:
        settings.check({"logo_png": encoded(data), "inactive_days": 999})
    assert set(refused.value.problems) == {"logo_png", "inactive_days"}
    assert "not a PNG image of at most 1 MB" in refused.value.problems["logo_png"]
    assert "Clinic logo: the file is not a PNG image" in str(refused.value)


def test_a_refused_logo_saves_nothing(sqlite_engine):
    before = settings.read_all(sqlite_engine)
    with pytest.raises(settings.SettingsError):
        settings.save(
            sqlite_engine,
            {"clinic_name": "Changed", "logo_png": encoded(b"not an image")},
            actor=Operator("admin"),
        )
    assert settings.read_all(sqlite_engine) == before

"""The long-lived objects are frozen out of collections, and nothing stays pinned for good."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest

from needlewise.ui import long_lived


class Cycle:
    """Garbage only the cyclic collector can free."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _thawed():
    long_lived.forget()
    yield
    long_lived.forget()


def test_the_first_run_freezes_what_is_alive_and_the_next_runs_leave_it():
    content = object()
    assert long_lived.freeze_when_grown(content)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert not long_lived.freeze_when_grown(content)
    assert not long_lived.freeze_when_grown(content)
    assert gc.get_freeze_count() == frozen


def test_new_content_new_modules_or_time_refresh_the_frozen_generation(monkeypatch):
    long_lived.freeze_when_grown(object())
    content = object()
    assert long_lived.freeze_when_grown(content)
    monkeypatch.setitem(sys.modules, "needlewise_imported_later", type(sys)("later"))
    assert long_lived.freeze_when_grown(content)
    assert not long_lived.freeze_when_grown(content)
    later = long_lived.time.monotonic() + long_lived.REFRESH_SECONDS + 1
    monkeypatch.setattr(long_lived.time, "monotonic", lambda: later)
    assert long_lived.freeze_when_grown(content)


def test_garbage_pinned_by_a_freeze_is_released_at_the_next_refresh():
    cycle = Cycle()
    alive = weakref.ref(cycle)
    long_lived.freeze_when_grown(object())
    del cycle
    gc.collect()
    # Frozen objects are skipped by every collection: that is the point, and the risk.
    assert alive() is not None
    long_lived.freeze_when_grown(object())
    assert alive() is None


def test_a_collection_after_a_run_still_frees_what_the_run_made():
    long_lived.freeze_when_grown(object())
    cycle = Cycle()
    alive = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert alive() is None

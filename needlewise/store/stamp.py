"""Reusing what was read from the database until the database changes.

Migration 0011 keeps one row per stamp, each holding a random value that triggers replace
with every change to the tables it watches (``STAMPS`` there): ``cohort`` for the
Gradebook's cohort table and its drawn rows, ``responses`` for item analysis. ``reuse``
reads the stamp first on every call and keys what it keeps by it: a change committed by
any copy of the app, a command or a hand-typed statement gives a value never seen before
(also after a restore from a backup), so the next call reads the database again. Nothing
kept can be stale; at worst a change that lands between reading the stamp and reading the
data is read twice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Literal, TypeVar

from sqlalchemy import Engine, select

from .schema import change_stamps

T = TypeVar("T")
Name = Literal["cohort", "responses"]

# Enough for a few groups, pages of rows, quizzes and content versions at once; the
# largest entry is a cohort's table, a few megabytes at 20,000 trainees. Only each stamp's
# latest entries are kept: a change makes every older one useless.
KEPT = 16

_kept: OrderedDict[tuple, tuple[object, object]] = OrderedDict()
_lock = threading.Lock()


def current(engine: Engine, name: Name) -> str | None:
    """The stamp ``name``, or None where there is none to trust."""
    with engine.connect() as connection:
        rows = (
            connection.execute(select(change_stamps.c.stamp).where(change_stamps.c.name == name))
            .scalars()
            .all()
        )
    return rows[0] if len(rows) == 1 else None


def reuse(engine: Engine, name: Name, key: Hashable, owner: object, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned before for ``key`` and ``owner`` while the stamp
    ``name`` is unchanged. ``owner`` is compared by identity (the loaded course content, a
    quiz): a reloaded one never receives what was computed for the last."""
    stamp = current(engine, name)
    if stamp is None:
        return compute()
    full = (name, stamp, id(owner), key)
    with _lock:
        found = _kept.get(full)
        if found is not None and found[0] is owner:
            _kept.move_to_end(full)
            return found[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        for older in [k for k in _kept if k[0] == name and k[1] != stamp]:
            del _kept[older]
        _kept[full] = (owner, value)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value

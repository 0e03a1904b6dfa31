"""Reusing what was read from the database until the database changes.

Migration 0011 keeps one row holding a random value that triggers replace with every
change to the tables the Gradebook's cohort table and its drawn rows read (``WATCHED``
there). ``reuse`` reads that value first on every call and keys what it keeps by it: a
change committed by any copy of the app, a command or a hand-typed statement gives a
value never seen before (also after a restore from a backup), so the next call reads the
database again. Nothing kept can be stale; at worst a change that lands between reading
the stamp and reading the data is read twice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import Engine, select

from .schema import cohort_stamp

T = TypeVar("T")

# Enough for a few groups, pages of rows and content versions at once; the largest entry
# is a cohort's table, a few megabytes at 20,000 trainees. Only the latest stamp's entries
# are kept: a change makes every older one useless.
KEPT = 16

_kept: OrderedDict[tuple, tuple[object, object]] = OrderedDict()
_lock = threading.Lock()


def current(engine: Engine) -> str | None:
    """The stamp, or None where there is none to trust."""
    with engine.connect() as connection:
        rows = connection.execute(select(cohort_stamp.c.stamp)).scalars().all()
    return rows[0] if len(rows) == 1 else None


def reuse(engine: Engine, key: Hashable, owner: object, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned before for ``key`` and ``owner`` at the current
    stamp. ``owner`` is compared by identity (the loaded course content, say): a reloaded
    one never receives what was computed for the last."""
    stamp = current(engine)
    if stamp is None:
        return compute()
    full = (stamp, id(owner), key)
    with _lock:
        found = _kept.get(full)
        if found is not None and found[0] is owner:
            _kept.move_to_end(full)
            return found[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        for older in [k for k in _kept if k[0] != stamp]:
            del _kept[older]
        _kept[full] = (owner, value)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value

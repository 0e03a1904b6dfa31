"""Keeping the process's long-lived objects out of the garbage collection after every run.

Streamlit runs a full ``gc.collect()`` after every script run (``runner.postScriptGC``),
on the script thread, after the run's last message is queued and before the server can
send it. Its cost grows with every object the process tracks, and most of them live as
long as the process: the imported libraries (Streamlit, pandas, SQLAlchemy, Altair,
pydantic) and the parsed course. Measured on a page switch, that collection was most of
the time a person waited (bench/README.md, "Clicks in the browser").

``freeze_when_grown`` moves everything alive into the interpreter's permanent generation
(``gc.freeze``), which collections skip, whenever that set has changed: new modules
imported (a page opened for the first time loads its libraries), another parsed content,
or a while gone by. Each such refresh first unfreezes and collects everything, so garbage
that happened to be alive at the last freeze is released then, not kept for the life of
the process. Objects made by a run are still collected after it as before; only the
traversal of what was alive at the refresh is saved. Nothing here changes what any page
reads or shows.
"""

from __future__ import annotations

import gc
import sys
import threading
import time

# Long enough that a refresh (one full collection) is rare, short enough that garbage
# pinned by the last refresh (a session that ended since) does not pile up.
REFRESH_SECONDS = 600.0

_lock = threading.Lock()
_last: tuple[int, object, float] | None = None


def freeze_when_grown(content: object) -> bool:
    """Refresh the frozen generation if modules were imported, ``content`` is another
    object than at the last refresh, or ``REFRESH_SECONDS`` have passed; say whether it
    did."""
    global _last
    now = time.monotonic()
    with _lock:
        if _last is not None:
            modules, frozen_content, at = _last
            if (
                modules == len(sys.modules)
                and frozen_content is content
                and now - at < REFRESH_SECONDS
            ):
                return False
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _last = (len(sys.modules), content, now)
        return True


def forget() -> None:
    """Unfreeze everything and forget the last refresh (for tests)."""
    global _last
    with _lock:
        gc.unfreeze()
        _last = None

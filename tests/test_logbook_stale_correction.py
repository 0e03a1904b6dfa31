"""A correction started from an entry that changed since (returned again, corrected in
another tab) is refused, saying why, and nothing is saved over the change; on SQLite and
PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from needlewise.logbook import LogbookError, entries
from needlewise.settings import read_all

from .builders import add_user, correct_treatment, log_treatment, never_needled, shipped_content


def test_a_correction_of_an_entry_changed_since_it_was_read_saves_nothing(engine):
    rita = add_user(engine, "rita")
    entry_id = log_treatment(engine, rita)
    read = entries.get(engine, entry_id)
    correct_treatment(engine, rita, entry_id, passes=3)  # another tab, in between
    shipped = shipped_content()

    def save(read_at):
        entries.edit(
            engine,
            rita,
            entry_id,
            replace(read.as_input(), device="Pen A"),
            shipped.logbook,
            {region.id: region.name for region in shipped.regions.regions},
            read_all(engine),
            not_treated=never_needled(),
            read_at=read_at,
        )

    with pytest.raises(LogbookError, match=f"entry {entry_id} changed after this page read it"):
        save(read.updated_at)

    stored = entries.get(engine, entry_id)
    assert (stored.details["passes"], stored.details.get("device")) == (
        3,
        read.details.get("device"),
    )
    save(stored.updated_at)
    assert entries.get(engine, entry_id).details["device"] == "Pen A"

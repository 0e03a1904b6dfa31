"""The audit log's date filter takes the days of the zone its rows are shown in: an entry
that reads "02 Dec 2026, 07:58 NZDT" is on 2 December, not on the UTC date 1 December."""

from __future__ import annotations

from datetime import date, datetime

from needlewise import audit, clock, display
from needlewise.store.engine import transaction

ZONE = "Pacific/Auckland"


def test_an_entry_is_found_on_its_clinic_date(engine):
    at = datetime(2026, 12, 1, 18, 58)  # naive UTC, as stored
    with transaction(engine) as connection:
        audit.record(connection, "cohort_created", actor="ian", target="March", now=at)
    assert display.moment(at, ZONE) == "02 Dec 2026, 07:58 NZDT"
    since, until = audit.day_bounds(date(2026, 12, 2), date(2026, 12, 2), ZONE)
    assert (since, until) == (datetime(2026, 12, 1, 11, 0), datetime(2026, 12, 2, 11, 0))
    assert [e.target for e in audit.entries(engine, since=since, until=until)] == ["March"]
    since, until = audit.day_bounds(date(2026, 11, 2), date(2026, 12, 1), ZONE)
    assert audit.entries(engine, since=since, until=until) == []


def test_today_is_the_clinic_date():
    now = clock.now()
    assert audit.today(ZONE) == display.local(now, ZONE).date()
    assert audit.today(None) == now.date()

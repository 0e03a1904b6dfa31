"""The People page shows its times in the clinic's time zone, named, as every page does
(the invitations' expiry and the last sign-in were raw UTC times)."""

from __future__ import annotations

from datetime import datetime

from needlewise import accounts, display, invitations, settings, sign_ins
from needlewise.acting import Operator
from needlewise.store import open_store

from .builders import add_user, make_app, sign_in_as

ZONE = "Pacific/Auckland"


def test_invitation_expiry_and_last_sign_in_are_in_the_clinic_zone(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    admin = add_user(engine, "ada", roles=("admin",))
    settings.save(engine, {"time_zone": ZONE}, actor=Operator("ada"))
    invitations.create_invitation(engine, role="trainee", days=14, actor=admin)
    # 23:30 UTC on 30 Nov is already 1 Dec in Auckland.
    sign_ins.record_sign_in(engine, "ada", now=datetime(2026, 11, 30, 23, 30))
    [invitation] = invitations.list_invitations(engine)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), admin)
    at.switch_page("views/people.py").run()
    assert not at.exception, at.exception
    accounts_table, invitations_table = (frame.value for frame in at.dataframe[:2])
    expiry = invitations_table["expires"].iloc[0]
    assert expiry == display.moment(invitation.expires_at, ZONE)
    assert expiry.endswith(("NZDT", "NZST"))
    person = next(u for u in accounts.all_users(engine) if u.username == "ada")
    shown = accounts_table.set_index("username").loc["ada", "last sign-in"]
    assert shown == display.moment(person.last_sign_in_at, ZONE) == "01 Dec 2026, 12:30 NZDT"

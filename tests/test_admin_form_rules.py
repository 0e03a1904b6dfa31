"""The rules behind People's forms, without Streamlit: what an invitation's validity may
be, what its creator is told while self-registration is off, when Disable is not offered,
and that the password rules people read say what the check refuses."""

from __future__ import annotations

import pytest

from needlewise import invitations, passwords
from needlewise.account_changes import cannot_disable
from needlewise.errors import AccountError

from .builders import add_user


@pytest.mark.parametrize("days", [0, -3, 0.5, 366])
def test_an_invitation_out_of_range_names_the_field_and_the_value(sqlite_engine, days):
    ada = add_user(sqlite_engine, "ada", roles=("admin",))
    with pytest.raises(AccountError) as refused:
        invitations.create_invitation(sqlite_engine, days=days, actor=ada)
    assert str(refused.value).startswith("Valid for (days): an invitation lasts 1 to 365 days")
    assert f"not {days:g}." in str(refused.value)
    assert invitations.list_invitations(sqlite_engine) == []


@pytest.mark.parametrize("days", [1, 365])
def test_an_invitation_may_last_from_one_to_365_days(sqlite_engine, days):
    ada = add_user(sqlite_engine, "ada", roles=("admin",))
    made, _ = invitations.create_invitation(sqlite_engine, days=days, actor=ada)
    assert (made.expires_at - made.created_at).days == days


def test_a_code_made_while_registration_is_off_says_what_must_happen_first():
    open_message = invitations.created_message("trainee", "ABCD-EFGH", True)
    closed_message = invitations.created_message("trainee", "ABCD-EFGH", False)
    assert open_message == "Invitation code (trainee), shown only now: `ABCD-EFGH`"
    assert closed_message.startswith(open_message)
    assert "cannot use it yet" in closed_message and "Switch it on" in closed_message
    assert "Add an account" in closed_message


def test_disable_is_not_offered_on_your_own_account(sqlite_engine):
    ada = add_user(sqlite_engine, "ada", roles=("admin",))
    ivy = add_user(sqlite_engine, "ivy")
    assert "cannot disable your own account" in (cannot_disable(ada, ada) or "")
    assert cannot_disable(ivy, ada) is None


def test_the_password_rules_say_what_the_username_check_refuses():
    refused = passwords.problems("Tina-rocks-2026", "tina", "tina@example.com")
    assert refused == ["do not include your username"]
    assert "must not include your username" in passwords.RULES
    assert "not your username" not in passwords.RULES

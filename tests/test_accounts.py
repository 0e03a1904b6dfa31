"""Accounts, roles, lock-outs and invitations, against the database."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from needlewise import accounts, audit, clock, invitations, passwords, sign_ins
from needlewise.accounts import AccountError
from needlewise.acting import Operator
from needlewise.store.schema import users

from .builders import PASSWORD, add_user


def test_passwords_are_stored_only_as_bcrypt_hashes(engine):
    add_user(engine, "tess")
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.username == "tess")).one()
    stored = [str(v) for v in row._mapping.values()]
    assert PASSWORD not in " ".join(stored)
    assert row.password_hash.startswith("$2b$") and len(row.password_hash) == 60
    assert passwords.verify(PASSWORD, row.password_hash)


def test_the_first_administrator_is_created_exactly_once(engine):
    accounts.create_first_admin(engine, "ada", "Ada", "ada@example.com", PASSWORD)
    with pytest.raises(AccountError, match="already has an administrator"):
        accounts.create_first_admin(engine, "eve", "Eve", "eve@example.com", PASSWORD)
    assert [u.username for u in accounts.all_users(engine)] == ["ada"]
    assert accounts.get(engine, "ada").roles == ("admin",)


def test_two_simultaneous_set_ups_make_one_administrator(engine):
    results: list[str] = []

    def attempt(name: str) -> None:
        try:
            accounts.create_first_admin(engine, name, name, f"{name}@example.com", PASSWORD)
            results.append("created")
        except AccountError:
            results.append("refused")

    threads = [threading.Thread(target=attempt, args=(f"admin{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["created", "refused", "refused", "refused"]
    assert len(accounts.with_role(engine, "admin")) == 1


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short1!", "at least 10 characters"),
        ("onlyletterswithoutdigits", "one digit or symbol"),
        ("1234567890123", "at least one letter"),
        ("tess-is-my-name-1", "do not include your username"),
        (" padded password 1", "do not start or end with a space"),
        ("x" * 70 + "é1", "at most 72 bytes"),
    ],
)
def test_weak_passwords_are_refused_with_the_rule_they_break(engine, password, problem):
    with pytest.raises(AccountError, match=problem):
        accounts.create_user(
            engine, "tess", "Tess", "t@example.com", password, ["trainee"], actor=Operator("admin")
        )
    assert accounts.get(engine, "tess") is None


@pytest.mark.parametrize(
    ("password", "username", "email", "broken"),
    [
        ("Ivy teaches 2026!", "ivy", "ivy@clinic.test", ["username"]),
        ("Smith teaches 2026!", "ivy", "smith@clinic.test", ["email address"]),
        ("ivy.smith 2026!", "ivy", "ivy.smith@clinic.test", ["username", "email address"]),
        ("mail ivy@clinic.test", "ivy", "ivy@clinic.test", ["username", "email address"]),
        ("Ivy and Smith 2026!", "ivy", "smith@clinic.test", ["username", "email address"]),
        ("a long good 2026 one", "ivy", "ivy@clinic.test", []),
    ],
)
def test_a_password_is_refused_only_for_the_rules_it_breaks(password, username, email, broken):
    assert passwords.problems(password, username, email) == [
        f"do not include your {what}" for what in broken
    ]


def test_duplicate_usernames_and_emails_are_refused(engine):
    add_user(engine, "tess")
    with pytest.raises(AccountError, match="username is already in use"):
        add_user(engine, "TESS")
    with pytest.raises(AccountError, match="email address is already in use"):
        accounts.create_user(
            engine,
            "other",
            "Other",
            "TESS@example.com",
            PASSWORD,
            ["trainee"],
            actor=Operator("admin"),
        )


def test_bad_usernames_emails_and_roles(engine):
    for username, email, roles, message in [
        ("a b", "a@example.com", ["trainee"], "A username is"),
        ("ab", "not-an-email", ["trainee"], "not a valid email"),
        ("ab", "a@example.com", ["wizard"], "Unknown role"),
        ("ab", "a@example.com", [], "at least one role"),
    ]:
        with pytest.raises(AccountError, match=message):
            accounts.create_user(
                engine, username, "Name", email, PASSWORD, roles, actor=Operator("x")
            )


def test_a_successful_sign_in_is_recorded(engine):
    add_user(engine, "tess")
    sign_ins.record_sign_in(engine, "tess")
    assert accounts.get(engine, "tess").last_sign_in_at is not None


def test_an_invitation_code_registers_with_its_role_once(engine):
    admin = add_user(engine, "ada", roles=("admin",))
    invitation, code = invitations.create_invitation(engine, role="instructor", days=7, actor=admin)
    assert code and invitation.has_code and invitation.status(clock.now()) == "open"
    user = invitations.register(
        engine,
        code=code.lower(),
        username="ian",
        name="Ian",
        email="ian@example.com",
        password=PASSWORD,
    )
    assert user.roles == ("instructor",)
    with pytest.raises(AccountError, match="already been used"):
        invitations.register(
            engine,
            code=code,
            username="ivy",
            name="Ivy",
            email="ivy@example.com",
            password=PASSWORD,
        )
    assert accounts.get(engine, "ivy") is None


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.replace("-", "").lower(),
        lambda code: code.replace("-", " "),
        lambda code: f"  {code.replace('-', '').lower()}\t",
        lambda code: code.replace("-", "\u2013", 1).replace("-", " - "),
    ],
    ids=["no dashes", "spaces", "padded", "other dashes"],
)
def test_an_invitation_code_is_read_without_its_dashes_spaces_or_case(engine, typed):
    admin = add_user(engine, "ada", roles=("admin",))
    _, code = invitations.create_invitation(engine, role="instructor", actor=admin)
    user = invitations.register(
        engine,
        code=typed(code),
        username="ian",
        name="Ian",
        email="ian@example.com",
        password=PASSWORD,
    )
    assert user.roles == ("instructor",)


def test_a_code_with_a_character_more_or_less_is_still_not_valid(engine):
    admin = add_user(engine, "ada", roles=("admin",))
    _, code = invitations.create_invitation(engine, actor=admin)
    for guess in (code + "A", code[:-1], code.replace("-", "")[1:] + code[0]):
        with pytest.raises(AccountError, match="not valid"):
            invitations.register(
                engine,
                code=guess,
                username="tess",
                name="Tess",
                email="tess@example.com",
                password=PASSWORD,
            )
    assert accounts.get(engine, "tess") is None


def test_an_expired_or_withdrawn_invitation_is_refused(engine):
    admin = add_user(engine, "ada", roles=("admin",))
    _, old = invitations.create_invitation(engine, days=1, actor=admin)
    withdrawn, code = invitations.create_invitation(engine, days=1, actor=admin)
    invitations.revoke_invitation(engine, withdrawn.id, actor=admin)
    clock.advance(timedelta(days=2))
    with pytest.raises(AccountError, match="expired on"):
        invitations.register(
            engine,
            code=old,
            username="tess",
            name="Tess",
            email="tess@example.com",
            password=PASSWORD,
        )
    with pytest.raises(AccountError, match="withdrawn"):
        invitations.register(
            engine,
            code=code,
            username="tess",
            name="Tess",
            email="tess@example.com",
            password=PASSWORD,
        )
    with pytest.raises(AccountError, match="not valid"):
        invitations.register(
            engine,
            code="NOPE-NOPE-NOPE-NOPE",
            username="tess",
            name="Tess",
            email="tess@example.com",
            password=PASSWORD,
        )
    assert accounts.get(engine, "tess") is None


def test_an_invitation_for_an_address_needs_its_code_and_that_address(engine):
    admin = add_user(engine, "ada", roles=("admin",))
    _, code = invitations.create_invitation(engine, email="New@Example.com", actor=admin)
    assert code
    with pytest.raises(AccountError, match="Enter the invitation code"):
        invitations.register(
            engine,
            code="",
            username="nina",
            name="Nina",
            email="new@example.com",
            password=PASSWORD,
        )
    with pytest.raises(AccountError, match="different email address"):
        invitations.register(
            engine,
            code=code,
            username="tess",
            name="Tess",
            email="other@example.com",
            password=PASSWORD,
        )
    user = invitations.register(
        engine, code=code, username="nina", name="Nina", email="new@example.com", password=PASSWORD
    )
    assert user.roles == ("trainee",)


def test_the_last_active_administrator_cannot_be_demoted_or_disabled(engine):
    add_user(engine, "ada", roles=("admin",))
    with pytest.raises(AccountError, match="only active administrator"):
        accounts.set_roles(engine, "ada", ["trainee"], actor=Operator("shell"))
    with pytest.raises(AccountError, match="only active administrator"):
        accounts.set_disabled(engine, "ada", True, actor=Operator("shell"))
    add_user(engine, "bea", roles=("admin", "instructor"))
    accounts.set_roles(engine, "ada", ["instructor"], actor=Operator("bea"))
    assert accounts.get(engine, "ada").roles == ("instructor",)


def test_disabling_keeps_the_history_and_is_audited(engine):
    add_user(engine, "ada", roles=("admin",))
    add_user(engine, "tess")
    accounts.set_disabled(engine, "tess", True, actor=Operator("ada"))
    user = accounts.get(engine, "tess")
    assert user.disabled and user.roles == ("trainee",)
    entry = audit.entries(engine, actions=["account_disabled"])[0]
    assert (entry.actor, entry.target) == ("ada", "tess")


def test_a_password_reset_gives_a_temporary_password_that_must_be_changed(engine):
    add_user(engine, "tess")
    temporary = accounts.reset_password(engine, "tess", actor=Operator("ada"))
    user = accounts.get(engine, "tess")
    assert user.must_change_password
    assert passwords.verify(temporary, accounts.password_hash(engine, "tess"))
    assert not passwords.verify(PASSWORD, accounts.password_hash(engine, "tess"))
    accounts.store_password_hash(engine, "tess", passwords.hash_password("a brand new one 2"))
    assert not accounts.get(engine, "tess").must_change_password
    with pytest.raises(AccountError, match="Only bcrypt hashes"):
        accounts.store_password_hash(engine, "tess", "a brand new one 2")


def test_profile_updates_refuse_an_email_in_use(engine):
    add_user(engine, "tess")
    add_user(engine, "omar")
    with pytest.raises(AccountError, match="already in use"):
        accounts.update_profile(engine, "tess", "Tess", "omar@example.com", actor=Operator("tess"))
    updated = accounts.update_profile(
        engine, "tess", "  Tess   Smith ", "TS@Example.com", actor=Operator("tess")
    )
    assert (updated.name, updated.email) == ("Tess Smith", "ts@example.com")

"""The page that makes someone replace a temporary password says what it is, whichever way
it was given: an account made on the People page or with ``python -m needlewise users
add``, or a password reset on the People page or with ``users reset-password``. It named
an administrator, who gives none of those made at the command line.
"""

from __future__ import annotations

import io

import pytest

from needlewise import accounts, cli, passwords
from needlewise.acting import Operator

from .builders import PASSWORD, add_user, make_app, registered_pages, texts

SAID = (
    "You signed in with a temporary password, set for you when your account was made or "
    "its password was reset. Choose your own before you continue."
)


def made_on_the_people_page(engine, monkeypatch, capsys) -> str:
    ada = add_user(engine, "ada", roles=("admin",))
    temporary = passwords.temporary_password()
    tess = ("tess", "Tess", "tess@example.com")
    accounts.create_user(engine, *tess, temporary, ["trainee"], actor=ada)
    return temporary


def reset_on_the_people_page(engine, monkeypatch, capsys) -> str:
    add_user(engine, "tess")
    return accounts.reset_password(engine, "tess", actor=Operator("ada"))


def made_with_users_add(engine, monkeypatch, capsys) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    made = ["--username", "tess", "--name", "Tess", "--email", "tess@example.com"]
    assert cli.main(["users", "add", *made, "--role", "trainee"]) == 0
    return PASSWORD


def reset_with_users_reset_password(engine, monkeypatch, capsys) -> str:
    add_user(engine, "tess")
    capsys.readouterr()
    assert cli.main(["users", "reset-password", "tess"]) == 0
    return capsys.readouterr().out.strip()


@pytest.mark.parametrize(
    "given",
    [
        made_on_the_people_page,
        reset_on_the_people_page,
        made_with_users_add,
        reset_with_users_reset_password,
    ],
)
def test_the_change_password_page_is_true_for_every_temporary_password(
    given, monkeypatch, capsys, sqlite_url, sqlite_engine
):
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", sqlite_url)
    temporary = given(sqlite_engine, monkeypatch, capsys)
    assert accounts.get(sqlite_engine, "tess").must_change_password
    at = make_app(monkeypatch, sqlite_url).run()
    fields = {t.label: t for t in at.text_input}
    fields["Username"].input("tess")
    fields["Password"].input(temporary)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert registered_pages(at) == {"change_password.py", "verify.py"}
    assert SAID in texts(at)
    assert "administrator" not in texts(at)

"""Sign-in, roles and account pages in AppTest, with streamlit-authenticator itself."""

from __future__ import annotations

from datetime import timedelta

import pytest

from needlewise import accounts, clock, invitations, sign_in_guard
from needlewise.acting import Operator
from needlewise.store import open_store

from .builders import (
    PASSWORD,
    add_user,
    cannot_open,
    make_app,
    registered_pages,
    sign_in_as,
    texts,
)

TRAINEE_PAGES = {
    "home.py",
    "course.py",
    "lesson.py",
    "quiz.py",
    "review.py",
    "progress.py",
    "depth_explorer.py",
    "account.py",
}
TEACHER_PAGES = {
    "course.py",
    "lesson.py",
    "depth_explorer.py",
    "studio.py",
    "gradebook.py",
    "item_analysis.py",
    "import_quiz.py",
    "groups.py",
    "account.py",
}
ADMIN_ONLY = {"people.py", "audit.py", "settings.py"}


@pytest.fixture
def engine(sqlite_url):
    engine = open_store(sqlite_url)
    yield engine
    engine.dispose()


def sign_in_form(at, username: str, password: str):
    fields = {t.label: t for t in at.text_input}
    fields["Username"].input(username)
    fields["Password"].input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def test_each_role_gets_its_own_pages(monkeypatch, sqlite_url, engine):
    expected = {
        "trainee": TRAINEE_PAGES,
        "instructor": TEACHER_PAGES,
        "admin": TEACHER_PAGES | ADMIN_ONLY,
    }
    for role, pages in expected.items():
        user = add_user(engine, f"{role}1", roles=(role,))
        at = sign_in_as(make_app(monkeypatch, sqlite_url), user).run()
        assert not at.exception
        assert registered_pages(at) - {"verify.py"} >= pages, role
        assert not registered_pages(at) & {"setup.py", "sign_in.py"}, role
    both = add_user(engine, "both", roles=("admin", "trainee"))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), both).run()
    assert registered_pages(at) >= TRAINEE_PAGES | ADMIN_ONLY


def test_a_trainee_cannot_open_instructor_or_admin_pages(monkeypatch, sqlite_url, engine):
    trainee = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee).run()
    for page in (
        "studio.py",
        "gradebook.py",
        "item_analysis.py",
        "groups.py",
        "people.py",
        "audit.py",
        "settings.py",
    ):
        assert cannot_open(at, f"views/{page}"), page
    instructor = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), instructor).run()
    for page in ("people.py", "audit.py", "settings.py", "quiz.py", "home.py"):
        assert cannot_open(at, f"views/{page}"), page


def test_a_role_removed_by_an_admin_takes_effect_on_the_next_click(monkeypatch, sqlite_url, engine):
    add_user(engine, "ada", roles=("admin",))
    ian = add_user(engine, "ian", roles=("instructor", "admin"))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian).run()
    assert "people.py" in registered_pages(at)
    accounts.set_roles(engine, "ian", ["instructor"], actor=Operator("ada"))
    at.run()
    assert "people.py" not in registered_pages(at)


def test_first_run_set_up_signs_the_admin_in_then_the_real_form_works(
    monkeypatch, sqlite_url, engine
):
    at = make_app(monkeypatch, sqlite_url).run()
    at.text_input(key="setup_username").input("Ada")
    at.text_input(key="setup_name").input("Ada Admin")
    at.text_input(key="setup_email").input("ada@example.com")
    at.text_input(key="setup_password").input(PASSWORD)
    at.text_input(key="setup_repeat").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["authentication_status"] is True
    assert "people.py" in registered_pages(at)
    assert "Next steps" in texts(at)
    assert [u.username for u in accounts.all_users(engine)] == ["ada"]
    assert accounts.get(engine, "ada").last_sign_in_at is not None

    second = make_app(monkeypatch, sqlite_url).run()
    assert cannot_open(second, "views/setup.py")
    sign_in_form(second, "ada", "not the password 1")
    assert "That username or password is not right." in texts(second)
    sign_in_form(second, "ada", PASSWORD)
    assert second.session_state["authentication_status"] is True
    assert "people.py" in registered_pages(second)


def test_set_up_refuses_a_weak_password_and_mismatched_repeat(monkeypatch, sqlite_url, engine):
    at = make_app(monkeypatch, sqlite_url).run()
    for key, value in {
        "setup_username": "ada",
        "setup_name": "Ada",
        "setup_email": "ada@example.com",
        "setup_password": "short",
        "setup_repeat": "short",
    }.items():
        at.text_input(key=key).input(value)
    at.button[0].click().run()
    assert "use at least 10 characters" in texts(at)
    at.text_input(key="setup_password").input(PASSWORD)
    at.text_input(key="setup_repeat").input(PASSWORD + "x")
    at.button[0].click().run()
    assert "The two passwords are not the same." in texts(at)
    assert accounts.count_users(engine) == 0


def test_failed_sign_ins_delay_the_next_attempt_across_sessions(monkeypatch, sqlite_url, engine):
    moment = clock.now()
    # Stopped, so the one-second wait cannot pass while a slow run goes on.
    monkeypatch.setattr(clock, "now", lambda: moment)
    add_user(engine, "tess")
    at = make_app(monkeypatch, sqlite_url).run()
    for _ in range(5):
        sign_in_form(at, "tess", "wrong password 123")
        assert "That username or password is not right." in texts(at)
    # The right password in a brand-new session must wait too: the count is in the database.
    fresh = make_app(monkeypatch, sqlite_url).run()
    sign_in_form(fresh, "tess", PASSWORD)
    assert "Too many failed sign-ins" in texts(fresh)
    assert fresh.session_state["authentication_status"] is not True
    moment += timedelta(seconds=2)
    later = make_app(monkeypatch, sqlite_url).run()
    sign_in_form(later, "tess", PASSWORD)
    assert later.session_state["authentication_status"] is True
    assert "home.py" in registered_pages(later)


def test_the_number_of_free_attempts_is_configurable(monkeypatch, sqlite_url, engine):
    moment = clock.now()
    monkeypatch.setattr(clock, "now", lambda: moment)
    monkeypatch.setenv("NEEDLEWISE_MAX_FAILED_SIGN_INS", "2")
    add_user(engine, "tess")
    at = make_app(monkeypatch, sqlite_url).run()
    for _ in range(2):
        sign_in_form(at, "tess", "wrong password 123")
        assert "Too many failed sign-ins" not in texts(at)
    sign_in_form(at, "tess", "wrong password 123")
    assert "Too many failed sign-ins" in texts(at)


def test_a_disabled_account_cannot_sign_in(monkeypatch, sqlite_url, engine):
    add_user(engine, "ada", roles=("admin",))
    add_user(engine, "tess")
    accounts.set_disabled(engine, "tess", True, actor=Operator("ada"))
    at = make_app(monkeypatch, sqlite_url).run()
    sign_in_form(at, "tess", PASSWORD)
    assert "This account has been disabled" in texts(at)
    assert at.session_state["authentication_status"] is not True


def test_a_signed_in_account_that_is_disabled_is_signed_out(monkeypatch, sqlite_url, engine):
    add_user(engine, "ada", roles=("admin",))
    tess = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), tess).run()
    accounts.set_disabled(engine, "tess", True, actor=Operator("ada"))
    at.run()
    assert registered_pages(at) == {"sign_in.py", "register.py", "verify.py"}
    assert "This account has been disabled" in texts(at)


def test_a_temporary_password_must_be_changed_before_anything_else(monkeypatch, sqlite_url, engine):
    add_user(engine, "ada", roles=("admin",))
    add_user(engine, "tess")
    temporary = accounts.reset_password(engine, "tess", actor=Operator("ada"))
    at = make_app(monkeypatch, sqlite_url).run()
    sign_in_form(at, "tess", temporary)
    assert registered_pages(at) == {"change_password.py", "verify.py"}
    assert cannot_open(at, "views/course.py")
    fields = {t.label: t for t in at.text_input}
    assert "Current password" not in fields
    fields["New password"].input(temporary)
    fields["Repeat new password"].input(temporary)
    next(b for b in at.button if b.label == "Change password").click().run()
    assert "different from the temporary one" in texts(at)
    fields = {t.label: t for t in at.text_input}
    fields["New password"].input("my own password 7")
    fields["Repeat new password"].input("my own password 7")
    next(b for b in at.button if b.label == "Change password").click().run()
    assert "home.py" in registered_pages(at)
    user = accounts.get(engine, "tess")
    assert not user.must_change_password
    assert accounts.password_hash(engine, "tess").startswith("$2b$")


def test_an_admin_adds_a_trainee_on_the_people_page(monkeypatch, sqlite_url, engine):
    admin = add_user(engine, "ada", roles=("admin",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), admin)
    at.switch_page("views/people.py").run()
    at.text_input(key="add_username").input("Tess")
    at.text_input(key="add_name").input("Tess Trainee")
    at.text_input(key="add_email").input("tess@example.com")
    next(b for b in at.button if b.label == "Create account").click().run()
    shown = texts(at)
    assert "Account 'tess' created." in shown
    temporary = shown.split("shown only now: `")[1].split("`")[0]
    user = accounts.get(engine, "tess")
    assert user.roles == ("trainee",) and user.must_change_password
    from needlewise import passwords

    assert passwords.verify(temporary, accounts.password_hash(engine, "tess"))


def test_registration_with_an_invitation_code(monkeypatch, sqlite_url, engine):
    admin = add_user(engine, "ada", roles=("admin",))
    _, code = invitations.create_invitation(engine, role="trainee", actor=admin)
    at = make_app(monkeypatch, sqlite_url).run()
    at.switch_page("views/register.py").run()
    for key, value in {
        "register_code": code,
        "register_email": "new@example.com",
        "register_username": "newbie",
        "register_name": "New Bie",
        "register_password": PASSWORD,
        "register_repeat": PASSWORD,
    }.items():
        at.text_input(key=key).input(value)
    next(b for b in at.button if b.label == "Create account").click().run()
    assert accounts.get(engine, "newbie").roles == ("trainee",)
    again = make_app(monkeypatch, sqlite_url).run()
    again.switch_page("views/register.py").run()
    for key, value in {
        "register_code": code,
        "register_email": "two@example.com",
        "register_username": "two",
        "register_name": "Two",
        "register_password": PASSWORD,
        "register_repeat": PASSWORD,
    }.items():
        again.text_input(key=key).input(value)
    next(b for b in again.button if b.label == "Create account").click().run()
    assert "This invitation has already been used" in texts(again)
    assert accounts.get(engine, "two") is None


def test_registration_switched_off_says_so_and_offers_no_form(monkeypatch, sqlite_url, engine):
    from needlewise import invitations, settings

    add_user(engine, "ada", roles=("admin",))
    settings.save(engine, {"self_registration": False}, actor=Operator("ada"))
    at = make_app(monkeypatch, sqlite_url).run()
    # Register keeps its address, out of the menu, to say registration is closed.
    assert registered_pages(at) == {"sign_in.py", "register.py", "verify.py"}
    at.switch_page("views/register.py").run()
    assert not at.exception
    assert invitations.CLOSED_FOR_VISITOR in texts(at)
    assert not [b for b in at.button if b.label == "Create account"]
    assert not at.text_input


def test_the_audit_page_filters_by_action(monkeypatch, sqlite_url, engine):
    admin = add_user(engine, "ada", roles=("admin",))
    add_user(engine, "tess")
    sign_in_guard.failed(engine, "tess", None, "wrong password")
    accounts.set_disabled(engine, "tess", True, actor=Operator("ada"))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), admin)
    at.switch_page("views/audit.py").run()
    at.multiselect(key="audit_actions").set_value(["account_disabled"]).run()
    table = at.dataframe[0].value
    assert list(table["Action"]) == ["Account disabled"]
    assert list(table["Whom"]) == ["tess"]


def test_cohorts_are_created_and_filled(monkeypatch, sqlite_url, engine):
    from needlewise import cohorts

    ian = add_user(engine, "ian", roles=("instructor",))
    add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian).run()
    at.switch_page("views/groups.py").run()
    at.text_input(key="cohort_name").input("March 2027 intake")
    next(b for b in at.button if b.label == "Create group").click().run()
    cohort = cohorts.all_cohorts(engine)[0]
    at.multiselect(key=f"add_trainee_{cohort.id}").set_value(["tess"]).run()
    at.button(key="add_trainee_button").click().run()
    assert cohorts.members(engine, cohort.id, "trainee") == [accounts.get(engine, "tess").id]

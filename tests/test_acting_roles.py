"""The domain functions that change data check the acting account's role themselves: a
trainee's account cannot do an instructor's work, nor an instructor's an administrator's,
whatever calls the function, and a refusal writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from needlewise import (
    accounts,
    clock,
    cohorts,
    invitations,
    pass_marks,
    settings,
    sign_ins,
    time_extensions,
)
from needlewise.acting import Operator
from needlewise.certification import records, signoffs
from needlewise.errors import NotAllowed, UserError
from needlewise.logbook import retention
from needlewise.store.schema import metadata

from .builders import add_user, load_test_course


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
        }


@pytest.fixture
def people(engine):
    return {
        "tess": add_user(engine, "tess"),
        "tom": add_user(engine, "tom"),
        "ian": add_user(engine, "ian", roles=("instructor",)),
        "ada": add_user(engine, "ada", roles=("admin",)),
    }


def teaching_actions(engine, course, people, acting):
    """What an instructor (or an administrator) may do, done by ``acting``."""
    tess = people["tess"]
    return {
        "create a group": lambda: cohorts.create(engine, "Intake", actor=acting),
        "sign off": lambda: signoffs.sign_off(
            engine, course.course, tess, "hygiene", date.today(), "Seen washing.", acting
        ),
        "grant extra time": lambda: time_extensions.grant(engine, tess.id, 50, actor=acting),
        "rate for standard setting": lambda: pass_marks.save_ratings(
            engine, course.quizzes["final"], acting, {"f-single": 50}
        ),
    }


def admin_actions(engine, course, people, acting, certificate_code):
    tom = people["tom"]
    return {
        "change settings": lambda: settings.save(engine, {"clinic_name": "X"}, actor=acting),
        "replace the cookie key": lambda: settings.rotate_cookie_key(engine, actor=acting),
        "give roles": lambda: accounts.set_roles(engine, acting.username, ["admin"], actor=acting),
        "add an account": lambda: accounts.create_user(
            engine,
            "newbie",
            "New",
            "new@example.com",
            "a long pass phrase 9",
            ["admin"],
            actor=acting,
        ),
        "disable": lambda: accounts.set_disabled(engine, tom.username, True, actor=acting),
        "reset a password": lambda: accounts.reset_password(engine, tom.username, actor=acting),
        "unlock": lambda: sign_ins.unlock(engine, tom.username, actor=acting),
        "invite": lambda: invitations.create_invitation(engine, role="admin", actor=acting),
        "withdraw an invitation": lambda: invitations.revoke_invitation(engine, 1, actor=acting),
        "change someone's details": lambda: accounts.update_profile(
            engine, tom.username, "Tom", "tom2@example.com", actor=acting
        ),
        "revoke a certificate": lambda: records.revoke(
            engine, certificate_code, "Issued in error", acting
        ),
        "adopt a pass mark": lambda: pass_marks.adopt(engine, course.quizzes["final"], acting),
        "apply retention": lambda: retention.apply(engine, settings.read_all(engine), acting),
    }


# What the command line does, or could do, as the operator (the rest records an account's id).
FROM_THE_SHELL = {
    "change settings",
    "replace the cookie key",
    "give roles",
    "add an account",
    "disable",
    "reset a password",
    "unlock",
    "withdraw an invitation",
    "change someone's details",
    "apply retention",
}


def issued_certificate(engine, people) -> str:
    snapshot = {"trainee": "Tom", "course": "C", "clinic": "K", "competencies": []}
    return records.issue(engine, people["tom"], snapshot, clock.now(), 12).code


def test_a_trainee_calling_an_instructor_mutation_is_refused_and_nothing_is_written(
    engine, tmp_path, people
):
    course = load_test_course(tmp_path)
    before = row_counts(engine)
    for doing, action in teaching_actions(engine, course, people, people["tom"]).items():
        with pytest.raises(NotAllowed, match="Only an instructor") as refused:
            action()
        assert "'tom' does not have that role" in str(refused.value), doing
    assert row_counts(engine) == before


def test_an_instructor_calling_an_administrator_mutation_is_refused(engine, tmp_path, people):
    course = load_test_course(tmp_path)
    code = issued_certificate(engine, people)
    before = row_counts(engine)
    for doing, action in admin_actions(engine, course, people, people["ian"], code).items():
        with pytest.raises(NotAllowed, match="Only an administrator"):
            action()
        assert row_counts(engine) == before, doing
    assert accounts.get(engine, "ian").roles == ("instructor",)


def test_the_right_roles_and_the_command_line_operator_are_let_through(engine, tmp_path, people):
    course = load_test_course(tmp_path)
    for action in teaching_actions(engine, course, people, people["ian"]).values():
        action()
    code = issued_certificate(engine, people)
    for acting, allowed in ((people["ada"], None), (Operator("shell:root"), FROM_THE_SHELL)):
        for doing, action in admin_actions(engine, course, people, acting, code).items():
            if allowed is not None and doing not in allowed:
                continue
            try:
                action()
            except NotAllowed:
                pytest.fail(f"{acting.username} was refused: {doing}")
            except UserError:
                pass  # refused on its merits (already revoked, no cut score), not its role


def test_a_person_changes_their_own_details_but_not_someone_elses(engine, people):
    tess, tom = people["tess"], people["tom"]
    changed = accounts.update_profile(engine, "tess", "Tess T", "tess@example.com", actor=tess)
    assert changed.name == "Tess T"
    with pytest.raises(NotAllowed, match="change another person's details"):
        accounts.update_profile(engine, "tom", "Not Tom", "tom@example.com", actor=tess)
    assert accounts.get(engine, "tom").name == tom.name

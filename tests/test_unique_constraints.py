"""Two rules the code checks are held by the database too, so two requests at the same moment
cannot both pass the check: one certificate issued at a time per trainee, and group names
unique ignoring case. The loser of each race is answered as the check would answer it, and
nothing it did not do is logged. Migration 0013 brings an existing database there, rows
that break the rules included, losing nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from needlewise import accounts, audit, clock, cohorts
from needlewise.acting import Operator
from needlewise.certification import issuing, records, signoffs
from needlewise.errors import CertificateError, CohortError
from needlewise.settings import read_all
from needlewise.store import open_store
from needlewise.store.engine import create, transaction
from needlewise.store.migrate import upgrade
from needlewise.store.schema import certificates, cohort_members

from .builders import add_user, load_test_course, pass_quiz, row_counts, sign_all

IAN = Operator("ian")


@pytest.fixture
def course(tmp_path):
    return load_test_course(tmp_path)


def ready_trainee(engine, course):
    """Tess, who meets the completion rule and has no certificate yet; and Ian, who signed."""
    trainee = add_user(engine, "tess", name="Tess Trainee")
    instructor = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    for quiz_id in ("a-quiz", "b-quiz", "final"):
        pass_quiz(engine, trainee, course.quizzes[quiz_id])
    sign_all(engine, course, trainee, instructor)
    return trainee, instructor


@pytest.fixture
def both_may_issue(engine, course):
    """Tess's certificate was revoked and a competency signed off again since, so her page
    issues a new one, and Ada may issue one too: (trainee, admin)."""
    trainee, instructor = ready_trainee(engine, course)
    admin = add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    first = issuing.certificate_for(engine, course, trainee, read_all(engine))
    hygiene = signoffs.active(engine, trainee.id)["hygiene"]
    issuing.revoke_signoff(engine, hygiene, "Observed the wrong trainee", instructor)
    clock.advance(timedelta(hours=1))
    records.revoke(engine, first.code, "Rests on a withdrawn sign-off", admin)
    clock.advance(timedelta(days=2))
    signoffs.sign_off(
        engine, course.course, trainee, "hygiene", clock.now(), "Seen again, properly.", instructor
    )
    return trainee, admin


def page(engine, course, trainee):
    """What the trainee's Certificate page asks for."""
    return issuing.certificate_for(engine, course, trainee, read_all(engine))


def reissue(engine, course, trainee, admin):
    return issuing.reissue(engine, course, trainee, read_all(engine), "Appeal upheld", admin)


def issued(engine, action: str) -> int:
    return len(audit.entries(engine, actions=[action]))


def before_the_first_write(monkeypatch, first: Callable[[], object]) -> None:
    """Run ``first`` (the request that wins) just before the next certificate is written:
    after the other request read the trainee's certificates and decided to issue one."""
    real = records.transaction
    pending = [first]

    @contextmanager
    def winner_first(engine) -> Iterator:
        if pending:
            pending.pop()()
        with real(engine) as connection:
            yield connection

    monkeypatch.setattr(records, "transaction", winner_first)


def together(*requests: Callable[[], object]) -> list[object]:
    """Run the requests in threads, each on its own connection, letting them write only
    once all have read and decided: a real race. Each one's result or UserError."""
    gate = threading.Barrier(len(requests), timeout=60)
    local = threading.local()
    real = records.transaction

    @contextmanager
    def after_everyone_decided(engine) -> Iterator:
        if not getattr(local, "waited", False):
            local.waited = True
            gate.wait()
        with real(engine) as connection:
            yield connection

    results: list[object] = [None] * len(requests)

    def run(index: int) -> None:
        try:
            results[index] = requests[index]()
        except (CertificateError, CohortError) as refused:
            results[index] = refused

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "transaction", after_everyone_decided)
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return results


# --- certificates ---------------------------------------------------------------------


def test_two_tabs_issuing_at_once_store_one_certificate_and_both_show_it(engine, course):
    trainee, _ = ready_trainee(engine, course)
    first, second = together(
        lambda: page(engine, course, trainee), lambda: page(engine, course, trainee)
    )
    [stored] = records.for_user(engine, trainee.id)
    assert isinstance(first, records.Certificate) and isinstance(second, records.Certificate)
    assert first.code == second.code == stored.code
    assert issued(engine, "certificate_issued") == 1


def test_a_page_that_loses_the_race_shows_the_certificate_that_was_issued(
    engine, course, monkeypatch
):
    trainee, _ = ready_trainee(engine, course)
    winner: list[records.Certificate | None] = []
    before_the_first_write(monkeypatch, lambda: winner.append(page(engine, course, trainee)))
    shown = page(engine, course, trainee)
    [stored] = records.for_user(engine, trainee.id)
    assert shown is not None and winner == [shown] and shown.code == stored.code
    assert shown.number == 1 and shown.status(clock.now()) == "valid"
    assert issued(engine, "certificate_issued") == 1


def test_a_reissue_that_loses_to_the_trainees_page_issues_nothing_and_says_so(
    engine, course, both_may_issue, monkeypatch
):
    trainee, admin = both_may_issue
    before_the_first_write(monkeypatch, lambda: page(engine, course, trainee))
    with pytest.raises(CertificateError, match="issued to Tess Trainee at the same moment"):
        reissue(engine, course, trainee, admin)
    newest, revoked = records.for_user(engine, trainee.id)
    assert newest.status(clock.now()) == "valid" and revoked.status(clock.now()) == "revoked"
    assert (newest.number, revoked.number) == (2, 1)
    assert issued(engine, "certificate_reissued") == 0
    assert issued(engine, "certificate_issued") == 2


def test_a_page_that_loses_to_a_reissue_shows_the_reissued_certificate(
    engine, course, both_may_issue, monkeypatch
):
    trainee, admin = both_may_issue
    decided: list[records.Certificate] = []
    before_the_first_write(
        monkeypatch, lambda: decided.append(reissue(engine, course, trainee, admin))
    )
    shown = page(engine, course, trainee)
    newest, _ = records.for_user(engine, trainee.id)
    assert shown is not None and decided == [shown] and shown.code == newest.code
    assert issued(engine, "certificate_reissued") == 1
    # Only the first certificate's issue: the page's did not happen.
    assert issued(engine, "certificate_issued") == 1


def test_a_reissue_and_the_trainees_page_at_once_issue_one_certificate(
    engine, course, both_may_issue
):
    trainee, admin = both_may_issue
    shown, decided = together(
        lambda: page(engine, course, trainee), lambda: reissue(engine, course, trainee, admin)
    )
    newest, revoked = records.for_user(engine, trainee.id)
    assert revoked.status(clock.now()) == "revoked"
    assert isinstance(shown, records.Certificate) and shown.code == newest.code
    if isinstance(decided, records.Certificate):
        assert decided.code == newest.code
        assert (issued(engine, "certificate_reissued"), issued(engine, "certificate_issued")) == (
            1,
            1,
        )
    else:
        assert isinstance(decided, CertificateError)
        assert "nothing more was issued" in str(decided)
        assert (issued(engine, "certificate_reissued"), issued(engine, "certificate_issued")) == (
            0,
            2,
        )


def test_a_certificate_is_renewed_after_it_expires_with_the_next_number(engine, course):
    trainee, _ = ready_trainee(engine, course)
    first = page(engine, course, trainee)
    clock.advance(timedelta(days=24 * 31 + 2))
    renewed = page(engine, course, trainee)
    assert first is not None and renewed is not None
    assert (first.number, renewed.number) == (1, 2)
    assert records.latest(engine, trainee.id) == renewed


def test_the_database_refuses_a_second_certificate_with_the_same_number(engine, course):
    trainee, _ = ready_trainee(engine, course)
    first = page(engine, course, trainee)
    assert first is not None
    with pytest.raises(records.IssuedMeanwhile):
        records.issue(engine, trainee, first.snapshot, clock.now(), 12, after=None)
    assert len(records.for_user(engine, trainee.id)) == 1
    assert issued(engine, "certificate_issued") == 1


# --- group names ----------------------------------------------------------------------


@pytest.fixture
def groups(engine):
    add_user(engine, "ian", roles=("instructor",))
    return cohorts.create(engine, "Intake A", actor=IAN), cohorts.create(engine, "Other", actor=IAN)


def check_missed_once(monkeypatch) -> None:
    """The next name check passes, as it does when the other group is written after it."""
    real = cohorts._refuse_taken
    missed = [True]

    def check(connection, name, cohort_id=None):
        if missed:
            missed.pop()
            return
        real(connection, name, cohort_id)

    monkeypatch.setattr(cohorts, "_refuse_taken", check)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "intake a",
            "There is already a group called 'Intake A'; choose a name that differs in more "
            "than capital letters.",
        ),
        ("Intake A", "There is already a group called 'Intake A'."),
    ],
)
def test_a_group_created_at_the_same_moment_gets_the_checks_message(
    engine, groups, monkeypatch, name, message
):
    check_missed_once(monkeypatch)
    with pytest.raises(CohortError) as refused:
        cohorts.create(engine, name, actor=IAN)
    assert str(refused.value) == message
    assert sorted(c.name for c in cohorts.all_cohorts(engine)) == ["Intake A", "Other"]
    assert issued(engine, "cohort_created") == 2


def test_a_group_renamed_at_the_same_moment_gets_the_checks_message(engine, groups, monkeypatch):
    _, other = groups
    check_missed_once(monkeypatch)
    with pytest.raises(CohortError, match="'Intake A'; choose a name that differs in more"):
        cohorts.rename(engine, other.id, "INTAKE A", actor=IAN)
    assert sorted(c.name for c in cohorts.all_cohorts(engine)) == ["Intake A", "Other"]
    assert issued(engine, "cohort_renamed") == 0


def test_two_groups_named_alike_at_once_on_postgresql_make_one(pg_url, monkeypatch):
    """SQLite lets one writer in at a time, and the name is checked inside the write: only
    PostgreSQL lets two checks pass together."""
    engine = open_store(pg_url)
    try:
        add_user(engine, "ian", roles=("instructor",))
        other = cohorts.create(engine, "Other", actor=IAN)
        real = cohorts._refuse_taken
        gate = threading.Barrier(2, timeout=60)

        def check_then_wait(connection, name, cohort_id=None):
            real(connection, name, cohort_id)
            if threading.current_thread() is not threading.main_thread():
                gate.wait()

        monkeypatch.setattr(cohorts, "_refuse_taken", check_then_wait)
        results: dict[str, object] = {}

        def run(key: str, action: Callable[[], object]) -> None:
            try:
                results[key] = action()
            except CohortError as refused:
                results[key] = refused

        threads = [
            threading.Thread(
                target=run, args=("create", lambda: cohorts.create(engine, "Intake A", actor=IAN))
            ),
            threading.Thread(
                target=run,
                args=("rename", lambda: cohorts.rename(engine, other.id, "intake a", actor=IAN)),
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        names = sorted(c.name for c in cohorts.all_cohorts(engine))
        refused = [r for r in results.values() if isinstance(r, CohortError)]
        assert len(refused) == 1 and "choose a name that differs in more" in str(refused[0])
        assert names in (["Intake A", "Other"], ["intake a"])
        assert issued(engine, "cohort_created") + issued(engine, "cohort_renamed") == 2
    finally:
        engine.dispose()


# --- migration 0013 on a database that already breaks the rules ----------------------

T0 = datetime(2026, 3, 1, 9, 0)


def _user(connection, user_id: int, username: str) -> None:
    connection.execute(
        text(
            "INSERT INTO users (id, username, name, email, password_hash, created_at)"
            " VALUES (:id, :u, :u, :e, 'x', :at)"
        ),
        {"id": user_id, "u": username, "e": f"{username}@example.com", "at": T0},
    )


def _certificate(connection, cid: int, user_id: int, issued_at, revoked_at=None) -> None:
    connection.execute(
        text(
            "INSERT INTO certificates (id, code, user_id, issued_at, expires_at, snapshot,"
            " revoked_at, revoke_reason) VALUES (:id, :code, :user_id, :issued_at, :expires_at,"
            " :snapshot, :revoked_at, :reason)"
        ),
        {
            "id": cid,
            "code": f"{cid:032d}",
            "user_id": user_id,
            "issued_at": issued_at,
            "expires_at": issued_at + timedelta(days=730),
            "snapshot": '{"trainee": "T", "course": "C", "clinic": "K", "competencies": []}',
            "revoked_at": revoked_at,
            "reason": None if revoked_at is None else "Falsified",
        },
    )


def _group(connection, gid: int, name: str, minutes: int, members: list[int]) -> None:
    connection.execute(
        text("INSERT INTO cohorts (id, name, created_at) VALUES (:id, :name, :at)"),
        {"id": gid, "name": name, "at": T0 + timedelta(minutes=minutes)},
    )
    for user_id in members:
        connection.execute(
            text(
                "INSERT INTO cohort_members (cohort_id, user_id, role) VALUES (:c, :u, 'trainee')"
            ),
            {"c": gid, "u": user_id},
        )


@pytest.fixture
def upgraded(store_url):
    """A database at 0012 holding two unrevoked certificates of one trainee (one issued at
    the same instant as another) and groups named alike ignoring case, upgraded to head:
    (engine, row counts before the upgrade)."""
    engine = create(store_url)
    upgrade(engine, "0012")
    with transaction(engine) as connection:
        for user_id, username in ((1, "tess"), (2, "tom"), (3, "tina")):
            _user(connection, user_id, username)
        _certificate(connection, 10, 1, T0, revoked_at=T0 + timedelta(days=1))
        _certificate(connection, 12, 1, T0 + timedelta(days=5))
        _certificate(connection, 11, 1, T0 + timedelta(days=5))
        _certificate(connection, 13, 2, T0 + timedelta(days=2))
        _group(connection, 1, "Intake A", 0, [1])
        _group(connection, 2, "intake a", 1, [2])
        _group(connection, 3, "INTAKE A", 2, [1, 3])
        _group(connection, 4, "Intake A (2)", 3, [])
        _group(connection, 5, "x" * 200, 4, [])
        _group(connection, 6, "X" * 200, 5, [3])
        _group(connection, 7, "Other", 6, [2])
    before = row_counts(engine)
    upgrade(engine)
    yield engine, before
    engine.dispose()


def test_the_upgrade_numbers_certificates_in_issue_order_and_revokes_none(upgraded):
    engine, _ = upgraded
    with engine.connect() as connection:
        found = connection.execute(
            select(certificates.c.id, certificates.c.number, certificates.c.revoked_at).order_by(
                certificates.c.id
            )
        ).all()
    # Two issued at the same instant are numbered by id; both stay valid, as handed out.
    assert [(r.id, r.number, r.revoked_at is None) for r in found] == [
        (10, 1, False),
        (11, 2, True),
        (12, 3, True),
        (13, 1, True),
    ]
    assert records.latest(engine, 1).id == 12


def test_after_the_upgrade_the_next_certificate_follows_the_latest(upgraded):
    engine, _ = upgraded
    tess = accounts.get(engine, "tess")
    assert tess is not None
    latest, older, _ = records.for_user(engine, tess.id)
    snapshot = {"trainee": "T", "course": "C", "clinic": "K", "competencies": []}
    with pytest.raises(records.IssuedMeanwhile):
        records.issue(engine, tess, snapshot, clock.now(), 12, after=older)
    renewed = records.issue(engine, tess, snapshot, clock.now(), 12, after=latest)
    assert renewed.number == 4 and records.latest(engine, tess.id) == renewed
    same_number = r"uq_certificates_user_number|certificates\.user_id, certificates\.number"
    with pytest.raises(IntegrityError, match=same_number), transaction(engine) as connection:
        connection.execute(
            certificates.insert().values(
                id=100,
                code="y" * 32,
                user_id=tess.id,
                number=4,
                issued_at=clock.now(),
                expires_at=clock.now(),
                snapshot={},
            )
        )


def test_the_upgrade_renames_later_groups_named_alike_and_keeps_their_members(upgraded):
    engine, before = upgraded
    names = {c.id: c.name for c in cohorts.all_cohorts(engine)}
    assert names == {
        1: "Intake A",
        2: "intake a (3)",
        3: "INTAKE A (4)",
        4: "Intake A (2)",
        5: "x" * 200,
        6: "X" * 196 + " (2)",
        7: "Other",
    }
    with engine.connect() as connection:
        members = connection.execute(
            select(cohort_members.c.cohort_id, cohort_members.c.user_id).order_by(
                cohort_members.c.cohort_id, cohort_members.c.user_id
            )
        ).all()
    assert [tuple(m) for m in members] == [(1, 1), (2, 2), (3, 1), (3, 3), (6, 3), (7, 2)]
    after = row_counts(engine)
    assert after.pop("audit_log") == before.pop("audit_log") + 3
    assert after == before
    logged = {e.target: e for e in audit.entries(engine, actions=["cohort_renamed"])}
    assert set(logged) == {"intake a (3)", "INTAKE A (4)", "X" * 196 + " (2)"}
    assert logged["intake a (3)"].actor is None
    assert logged["intake a (3)"].detail.startswith(
        "was 'intake a'; renamed when the database was upgraded, because the older group "
        "'Intake A' has the same name apart from capital letters"
    )


def test_after_the_upgrade_the_database_refuses_a_group_named_alike(upgraded):
    engine, _ = upgraded
    alike = "uq_cohorts_lower_name"
    with pytest.raises(IntegrityError, match=alike), transaction(engine) as connection:
        connection.execute(
            text("INSERT INTO cohorts (id, name, created_at) VALUES (100, 'oTHER', :at)"),
            {"at": T0},
        )
    with pytest.raises(IntegrityError, match=alike), transaction(engine) as connection:
        connection.execute(text("UPDATE cohorts SET name = 'INTAKE a' WHERE id = 7"))
    assert [c.name for c in cohorts.all_cohorts(engine) if c.id == 7] == ["Other"]

"""Certificate pages agree: after a sign-off is revoked, after the certificate is revoked,
and on their dates; the sign-off form keeps what was typed when it is refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from needlewise import accounts, display, settings
from needlewise.acting import Operator
from needlewise.certification import issuing, records, signoffs
from needlewise.content import load_content
from needlewise.settings import read_all
from needlewise.store import open_store

from .builders import add_user, make_app, pass_quiz, sign_all, sign_in_as, texts, write_course


@pytest.fixture
def site(tmp_path, sqlite_url, monkeypatch):
    """A certified trainee (Tess), the instructor who signed her off, an administrator,
    and a trainee with nothing signed off (Una)."""
    content_dir, quizzes_dir = write_course(tmp_path / "course")
    content = load_content(content_dir, quizzes_dir)
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess", name="Tess Trainee")
    instructor = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    admin = add_user(engine, "ada", roles=("admin",))
    add_user(engine, "una", name="Una Untested")
    for quiz_id in ("a-quiz", "b-quiz", "final"):
        pass_quiz(engine, trainee, content.quizzes[quiz_id])
    sign_all(engine, content, trainee, instructor)

    def app():
        return make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir)

    yield engine, content, app, trainee, instructor, admin
    engine.dispose()


def trainee_named(engine, username):
    return next(u for u in accounts.with_role(engine, "trainee") if u.username == username)


def certify(engine, content, trainee, now=None):
    return issuing.certificate_for(engine, content, trainee, read_all(engine), now=now)


def test_after_a_sign_off_is_revoked_every_page_shows_the_certificate_under_review(site):
    engine, content, app, trainee, instructor, admin = site
    certificate = certify(engine, content, trainee)

    at = sign_in_as(app(), instructor)
    at.switch_page("views/signoff.py").run()
    at.selectbox(key="signoff_trainee").select(trainee.id).run()
    at.selectbox(key="revoke_signoff").select_index(0).run()
    assert "lists this competency" in texts(at)
    at.text_input(key="revoke_reason").input("Observed the wrong trainee")
    at.button(key="revoke_button").click().run()
    shown = texts(at)
    assert "Sign-off revoked" in shown and "revokes it, with a reason, on the Certificates" in shown
    assert "rests on a sign-off revoked since it was issued" in shown

    visitor = app()
    visitor.query_params["verify"] = certificate.code
    visitor.run()
    public = texts(visitor)
    assert "This certificate is valid but under review" in public
    assert "Hygiene: signed off by Ian Instructor" in public and "sign-off withdrawn on" in public
    assert visitor.warning and not visitor.success

    own = sign_in_as(app(), trainee)
    own.switch_page("views/certificate.py").run()
    mine = texts(own)
    assert "becomes available" not in mine
    assert "status: valid, under review" in mine and "under review" in own.warning[0].value
    assert [b.label for b in own.get("download_button")] == ["Download my certificate (PDF)"]

    board = sign_in_as(app(), admin)
    board.switch_page("views/certificates_admin.py").run()
    assert board.dataframe[-1].value["status"].tolist() == ["valid, under review"]
    assert "rest on a sign-off revoked, or a pass re-marked as a fail" in texts(board)
    assert "Hygiene (withdrawn on" in texts(board)


def test_a_revoked_certificate_says_when_and_that_it_was_valid_until(site):
    engine, content, app, trainee, _, admin = site
    certificate = certify(engine, content, trainee)
    records.revoke(engine, certificate.code, "Issued in error", admin)
    at = app()
    at.query_params["verify"] = certificate.code
    at.run()
    shown = texts(at)
    revoked = records.long_day(certificate.revoked_on or certificate.issued_on)
    assert "This certificate has been revoked by the clinic." in shown
    assert f"Revoked on {revoked}; it was valid until" in shown
    assert shown.count("valid until") == 1


def test_a_certificates_dates_are_the_same_clinic_days_on_every_page(site):
    engine, content, app, trainee, _, admin = site
    settings.save(engine, {"time_zone": "Pacific/Auckland"}, actor=Operator("ada"))
    # 13:00 UTC on 1 December is 02:00 on 2 December in Auckland.
    certificate = certify(engine, content, trainee, now=datetime(2026, 12, 1, 13, 0))
    done = issuing.trainee_completion(engine, content, trainee)
    completed = display.local(done.completed_on, "Pacific/Auckland").date()
    assert records.long_day(certificate.issued_on) == "02 December 2026"
    assert records.long_day(certificate.expires_on) == "02 December 2028"

    visitor = app()
    visitor.query_params["verify"] = certificate.code
    visitor.run()
    public = texts(visitor)
    assert f"on {records.long_day(completed)}." in public
    assert "Valid until 02 December 2028." in public
    assert "issued on 02 December 2026" in public

    board = sign_in_as(app(), admin)
    board.switch_page("views/certificates_admin.py").run()
    row = board.dataframe[-1].value.iloc[0]
    assert (row["issued"], row["expires"]) == ("02 December 2026", "02 December 2028")

    own = sign_in_as(app(), trainee)
    own.switch_page("views/certificate.py").run()
    assert (
        f"You completed Test course on {records.long_day(completed)}. "
        "Your certificate is valid until 02 December 2028." in texts(own)
    )


def test_a_refused_sign_off_keeps_the_date_and_note_and_a_recorded_one_clears_them(site):
    engine, _, app, _, instructor, _ = site
    at = sign_in_as(app(), instructor)
    at.switch_page("views/signoff.py").run()
    una = trainee_named(engine, "una")
    at.selectbox(key="signoff_trainee").select(una.id).run()
    today = at.date_input(key="signoff_date").value
    yesterday = today - timedelta(days=1)
    at.date_input(key="signoff_date").set_value(yesterday)
    at.text_area(key="signoff_note").input("ok")
    next(b for b in at.button if b.label == "Sign off").click().run()
    assert at.error and "note on what you observed" in at.error[0].value
    assert at.date_input(key="signoff_date").value == yesterday
    assert at.text_area(key="signoff_note").value == "ok"
    assert signoffs.history(engine, una.id) == []


def test_a_sign_off_dated_before_the_trainee_joined_is_refused_on_the_page(site):
    engine, _, app, _, instructor, _ = site
    at = sign_in_as(app(), instructor)
    at.switch_page("views/signoff.py").run()
    una = trainee_named(engine, "una")
    at.selectbox(key="signoff_trainee").select(una.id).run()
    before = una.created_at.date() - timedelta(days=30)
    at.date_input(key="signoff_date").set_value(before)
    at.text_area(key="signoff_note").input("Washed hands before and after.")
    next(b for b in at.button if b.label == "Sign off").click().run()
    assert "before Una Untested's account was created" in at.error[0].value
    assert at.text_area(key="signoff_note").value == "Washed hands before and after."
    at.date_input(key="signoff_date").set_value(una.created_at.date())
    next(b for b in at.button if b.label == "Sign off").click().run()
    assert "'Hygiene' signed off for Una Untested." in texts(at)
    assert at.text_area(key="signoff_note").value == ""
    assert signoffs.active(engine, una.id)["hygiene"].observed_on.date() == una.created_at.date()


def test_after_a_revocation_the_trainee_is_told_and_only_an_admins_decision_reissues(site):
    engine, content, app, trainee, _, admin = site
    certificate = certify(engine, content, trainee)
    board = sign_in_as(app(), admin)
    board.switch_page("views/certificates_admin.py").run()
    board.text_input(key="revoke_certificate_reason").input("Logbook entries found falsified")
    board.button(key="revoke_certificate_button").click().run()
    assert "no new certificate is issued to the trainee" in board.success[0].value
    revoked = records.for_user(engine, trainee.id)[0]
    day = records.long_day(revoked.revoked_on)

    own = sign_in_as(app(), trainee)
    own.switch_page("views/certificate.py").run()
    mine = texts(own)
    assert f"was revoked by the clinic on {day}" in own.error[0].value
    assert "administrator's decision" in mine and "completed again" in mine
    assert "becomes available" not in mine and "falsified" not in mine
    assert not own.get("download_button")
    assert len(records.for_user(engine, trainee.id)) == 1

    # The first click asks; a missing reason is said before the question, keeping the page.
    board.run()
    assert "Issue a new certificate after a revocation" in texts(board)
    board.button(key="certificates_reissue_button").click().run()
    assert "reason for issuing a new certificate" in board.error[0].value
    assert "certificates_reissue_confirm" not in [b.key for b in board.button]
    board.text_input(key="certificates_reissue_reason").input("Appeal upheld by the board")
    board.button(key="certificates_reissue_button").click().run()
    question = board.warning[-1].value
    assert "Issue a new certificate to Tess Trainee (tess)?" in question
    assert f"was revoked on {day} for: Logbook entries found falsified" in question
    board.button(key="certificates_reissue_cancel").click().run()
    assert "certificates_reissue_confirm" not in [b.key for b in board.button]
    # A question left on screen when the admin went to another page is not found waiting.
    board.button(key="certificates_reissue_button").click().run()
    board.switch_page("views/audit.py").run()
    board.switch_page("views/certificates_admin.py").run()
    assert "certificates_reissue_confirm" not in [b.key for b in board.button]
    assert len(records.for_user(engine, trainee.id)) == 1
    board.text_input(key="certificates_reissue_reason").input("Appeal upheld by the board")
    board.button(key="certificates_reissue_button").click().run()
    board.button(key="certificates_reissue_confirm").click().run()
    assert "New certificate issued to Tess Trainee, valid until" in board.success[0].value
    assert "Issue a new certificate after a revocation" not in texts(board)
    assert sorted(board.dataframe[-1].value["status"].tolist()) == ["revoked", "valid"]

    own.run()
    assert "Your certificate is valid until" in texts(own)
    assert [b.label for b in own.get("download_button")] == ["Download my certificate (PDF)"]
    renewed = records.held(engine, trainee.id)
    assert renewed is not None and renewed.code != certificate.code
    assert records.verify(engine, certificate.code).status == "revoked"


def test_the_sign_off_to_revoke_is_the_trainee_on_screen_after_switching_trainee(site):
    """Una and Tess both have every competency signed off, only Tess a certificate. With Una
    chosen first and then Tess, the revoke section speaks of Tess's sign-off (Streamlit
    would keep Una's, chosen in the run before, as its label is listed again)."""
    engine, content, app, trainee, instructor, _ = site
    certify(engine, content, trainee)
    una = trainee_named(engine, "una")
    sign_all(engine, content, una, instructor)

    at = sign_in_as(app(), instructor)
    at.switch_page("views/signoff.py").run()
    at.selectbox(key="signoff_trainee").select(una.id).run()
    assert "lists this competency" not in texts(at)
    at.selectbox(key="signoff_trainee").select(trainee.id).run()
    assert "Tess Trainee's certificate (issued" in texts(at)
    at.text_input(key="revoke_reason").input("Observed the wrong trainee")
    at.button(key="revoke_button").click().run()
    assert [s.user_id for s in signoffs.history(engine, trainee.id) if s.revoked_at] == [trainee.id]
    assert not [s for s in signoffs.history(engine, una.id) if s.revoked_at]

"""Certification pages in AppTest: sign-off, the trainee's certificate, public verification."""

from __future__ import annotations

import pytest

from needlewise.certification import records, signoffs
from needlewise.store import open_store

from .builders import (
    add_user,
    make_app,
    pass_quiz,
    registered_pages,
    sign_all,
    sign_in_as,
    texts,
    write_course,
)


@pytest.fixture
def setup(tmp_path, sqlite_url):
    from needlewise.content import load_content

    content_dir, quizzes_dir = write_course(tmp_path / "course")
    content = load_content(content_dir, quizzes_dir)
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess", name="Tess Trainee")
    instructor = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    admin = add_user(engine, "ada", roles=("admin",))
    yield engine, content, content_dir, quizzes_dir, trainee, instructor, admin
    engine.dispose()


def app(monkeypatch, sqlite_url, setup):
    _, _, content_dir, quizzes_dir, *_ = setup
    return make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir)


def test_the_trainee_sees_what_is_missing_then_downloads_the_certificate(
    monkeypatch, sqlite_url, setup
):
    engine, content, _, _, trainee, instructor, _ = setup
    at = sign_in_as(app(monkeypatch, sqlite_url, setup), trainee)
    at.switch_page("views/certificate.py").run()
    shown = texts(at)
    assert "Pass the final assessment" in shown and "Have 'Hygiene' signed off" in shown
    assert not at.get("download_button")
    for quiz_id in ("a-quiz", "b-quiz", "final"):
        pass_quiz(engine, trainee, content.quizzes[quiz_id])
    sign_all(engine, content, trainee, instructor)
    at.run()
    assert "Your certificate is valid until" in texts(at)
    assert [b.label for b in at.get("download_button")] == ["Download my certificate (PDF)"]
    assert len(records.for_user(engine, trainee.id)) == 1


def test_an_instructor_signs_off_a_competency(monkeypatch, sqlite_url, setup):
    engine, _, _, _, trainee, instructor, _ = setup
    at = sign_in_as(app(monkeypatch, sqlite_url, setup), instructor)
    at.switch_page("views/signoff.py").run()
    assert "Washes hands." in texts(at)
    at.text_area(key="signoff_note").input("Hand hygiene before and after, observed.")
    next(b for b in at.button if b.label == "Sign off").click().run()
    assert "'Hygiene' signed off for Tess Trainee." in texts(at)
    signed = signoffs.active(engine, trainee.id)
    assert signed["hygiene"].signer_name == "Ian Instructor"


def test_anyone_can_verify_a_certificate_from_its_link(monkeypatch, sqlite_url, setup):
    engine, content, _, _, trainee, instructor, admin = setup
    for quiz_id in ("a-quiz", "b-quiz", "final"):
        pass_quiz(engine, trainee, content.quizzes[quiz_id])
    sign_all(engine, content, trainee, instructor)
    from needlewise.certification import issuing
    from needlewise.settings import read_all

    certificate = issuing.certificate_for(engine, content, trainee, read_all(engine))
    at = app(monkeypatch, sqlite_url, setup)
    at.query_params["verify"] = certificate.code
    at.run()
    assert "verify.py" in registered_pages(at)
    shown = texts(at)
    assert "This certificate is valid." in shown
    assert "**Tess Trainee** completed **Test course**" in shown
    assert "tess@example.com" not in shown
    records.revoke(engine, certificate.code, "Issued in error", admin)
    at.run()
    assert "This certificate has been revoked by the clinic." in texts(at)
    at.text_input(key="verify_code").input("nonsense").run()
    assert "That is not a certificate code" in texts(at)


def test_an_admin_sees_certificates_and_revokes_one(monkeypatch, sqlite_url, setup):
    engine, content, _, _, trainee, instructor, admin = setup
    for quiz_id in ("a-quiz", "b-quiz", "final"):
        pass_quiz(engine, trainee, content.quizzes[quiz_id])
    sign_all(engine, content, trainee, instructor)
    from needlewise.certification import issuing
    from needlewise.settings import read_all

    certificate = issuing.certificate_for(engine, content, trainee, read_all(engine))
    at = sign_in_as(app(monkeypatch, sqlite_url, setup), admin)
    at.switch_page("views/certificates_admin.py").run()
    assert at.dataframe[-1].value["status"].tolist() == ["valid"]
    at.text_input(key="revoke_certificate_reason").input("Competency re-assessed")
    at.button(key="revoke_certificate_button").click().run()
    assert records.verify(engine, certificate.code).status == "revoked"

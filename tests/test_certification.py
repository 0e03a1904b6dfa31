"""Competency sign-off, the completion rule, certificates and their verification."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from needlewise import audit, clock
from needlewise.certification import issuing, pdf, records, signoffs
from needlewise.errors import CertificateError, NotAllowed, SignOffError
from needlewise.settings import read_all

from .builders import add_user, certify_trainee, load_test_course, pass_quiz, sign_all


@pytest.fixture
def course(tmp_path):
    return load_test_course(tmp_path)


@pytest.mark.parametrize(
    ("modules", "final", "signed"), list(itertools.product([False, True], repeat=3))
)
def test_the_completion_rule_in_every_combination(engine, course, modules, final, signed):
    trainee = add_user(engine, "tess")
    instructor = add_user(engine, "ian", roles=("instructor",))
    if modules:
        for quiz_id in ("a-quiz", "b-quiz"):
            pass_quiz(engine, trainee, course.quizzes[quiz_id])
    if final:
        pass_quiz(engine, trainee, course.quizzes["final"])
    if signed:
        sign_all(engine, course, trainee, instructor)
    done = issuing.trainee_completion(engine, course, trainee)
    assert done.complete == (modules and final and signed)
    missing = " ".join(done.missing)
    assert ("Pass the module quiz for Module A" in missing) != modules
    assert ("Pass the final assessment" in missing) != final
    assert ("signed off by an instructor" in missing) != signed
    assert (done.completed_on is not None) == done.complete


def test_one_missing_competency_is_named(engine, course):
    trainee = add_user(engine, "tess")
    instructor = add_user(engine, "ian", roles=("instructor",))
    for quiz_id in ("a-quiz", "b-quiz", "final"):
        pass_quiz(engine, trainee, course.quizzes[quiz_id])
    sign_all(engine, course, trainee, instructor, skip=("depth",))
    done = issuing.trainee_completion(engine, course, trainee)
    assert done.missing == ("Have 'Depth' signed off by an instructor",)


def test_the_rule_in_course_yaml_can_leave_out_competencies(engine, course):
    trainee = add_user(engine, "tess")
    for quiz_id in ("a-quiz", "b-quiz", "final"):
        pass_quiz(engine, trainee, course.quizzes[quiz_id])
    course.course.completion.competencies = False
    assert issuing.trainee_completion(engine, course, trainee).complete


def test_sign_off_rules_and_audit(engine, course):
    trainee = add_user(engine, "tess")
    instructor = add_user(engine, "ian", roles=("instructor",))
    other = add_user(engine, "tom")
    with pytest.raises(NotAllowed, match="Only an instructor"):
        signoffs.sign_off(engine, course.course, trainee, "hygiene", date.today(), "Seen.", other)
    with pytest.raises(SignOffError, match="note on what you observed"):
        signoffs.sign_off(engine, course.course, trainee, "hygiene", date.today(), "", instructor)
    with pytest.raises(SignOffError, match="future"):
        signoffs.sign_off(
            engine,
            course.course,
            trainee,
            "hygiene",
            date.today() + timedelta(days=3),
            "Seen.",
            instructor,
        )
    signoffs.sign_off(
        engine,
        course.course,
        trainee,
        "hygiene",
        date.today(),
        "Washed hands properly.",
        instructor,
    )
    with pytest.raises(SignOffError, match="already signed off"):
        signoffs.sign_off(
            engine, course.course, trainee, "hygiene", date.today(), "Again.", instructor
        )
    signoff = signoffs.active(engine, trainee.id)["hygiene"]
    assert signoff.signer_name == "Ian"
    with pytest.raises(SignOffError, match="reason"):
        signoffs.revoke(engine, signoff.id, "", instructor)
    signoffs.revoke(engine, signoff.id, "Observed the wrong trainee", instructor)
    assert "hygiene" not in signoffs.active(engine, trainee.id)
    assert len(signoffs.history(engine, trainee.id)) == 1
    actions = [e.action for e in audit.entries(engine, person="tess")]
    assert {"competency_signed_off", "competency_revoked"} <= set(actions)
    signoffs.sign_off(
        engine,
        course.course,
        trainee,
        "hygiene",
        date.today(),
        "Seen properly this time.",
        instructor,
    )


@pytest.fixture
def certified(engine, course):
    return certify_trainee(engine, course)


def test_a_certificate_is_issued_once_and_frozen(engine, course, certified):
    trainee, _, certificate = certified
    assert records.CODE.match(certificate.code)
    assert certificate.snapshot["trainee"] == "Zoë O'Brien"
    assert certificate.snapshot["course"] == "Test course"
    assert {c["signed_by"] for c in certificate.snapshot["competencies"]} == {"Ian Instructor"}
    again = issuing.certificate_for(engine, course, trainee, read_all(engine))
    assert again.code == certificate.code
    assert certificate.expires_at == records.add_months(certificate.issued_at, 24)


def test_the_pdf_opens_and_shows_the_name_the_code_and_the_address(certified):
    _, _, certificate = certified
    address = records.verify_url("https://clinic.example", certificate.code)
    document = pdf.render(certificate, address)
    text = PdfReader(io.BytesIO(document)).pages[0].extract_text()
    assert "Zoë O'Brien" in text
    assert certificate.code in text
    assert "https://clinic.example/verify?code=" in text
    assert "Certificate of completion" in text


def test_verification_answers_valid_expired_revoked_unknown_and_malformed(engine, certified):
    _, instructor, certificate = certified
    assert records.verify(engine, certificate.code).status == "valid"
    assert records.verify(engine, f"  {certificate.code} ").status == "valid"
    assert records.verify(engine, "A" * 32).status == "unknown"
    for bad in ("", "short", "x" * 33, "A" * 31 + "!", "' OR 1=1 --" + "A" * 21, "A" * 100_000):
        assert records.verify(engine, bad).status == "malformed"
    clock.advance(timedelta(days=24 * 31 + 2))
    assert records.verify(engine, certificate.code).status == "expired"
    clock.reset()
    admin = add_user(engine, "ada", roles=("admin",))
    assert [c.code for c, _ in records.expiring(engine, 60)] == []
    clock.advance(timedelta(days=24 * 30 - 10))
    assert [c.code for c, _ in records.expiring(engine, 60)] == [certificate.code]
    clock.reset()
    records.revoke(engine, certificate.code, "Issued in error", admin)
    result = records.verify(engine, certificate.code)
    assert result.status == "revoked" and "revoked" in result.message
    with pytest.raises(CertificateError, match="already revoked"):
        records.revoke(engine, certificate.code, "Again", admin)
    assert instructor.username != admin.username


def test_months_are_added_to_the_calendar():
    from datetime import datetime

    assert records.add_months(datetime(2026, 1, 31), 1) == datetime(2026, 2, 28)
    assert records.add_months(datetime(2027, 11, 30), 3) == datetime(2028, 2, 29)
    assert records.add_months(datetime(2026, 5, 2), 24) == datetime(2028, 5, 2)

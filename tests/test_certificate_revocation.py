"""A certificate an administrator revoked is not issued again on the record it rested on:
only something the rule asks for, completed after the revocation, or an administrator's
explicit decision brings a new one. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from needlewise import audit, clock, settings
from needlewise.acting import Operator
from needlewise.certification import issuing, records, signoffs
from needlewise.errors import CertificateError, NotAllowed
from needlewise.logbook import entries
from needlewise.settings import read_all

from .builders import add_user, certify_trainee, load_test_course, log_treatment, pass_quiz


@pytest.fixture
def course(tmp_path):
    return load_test_course(tmp_path)


@pytest.fixture
def revoked(engine, course):
    """Tess, certified and then revoked by Ada an hour later; (trainee, instructor, admin,
    the revoked certificate). The clock stands an hour after the revocation."""
    trainee, instructor, certificate = certify_trainee(engine, course)
    admin = add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    clock.advance(timedelta(hours=1))
    records.revoke(engine, certificate.code, "Logbook entries found falsified", admin)
    clock.advance(timedelta(hours=1))
    [certificate] = records.for_user(engine, trainee.id)
    return trainee, instructor, admin, certificate


def certificate_for(engine, course, trainee):
    return issuing.certificate_for(engine, course, trainee, read_all(engine))


def test_a_revoked_certificate_is_not_issued_again_on_the_same_record(engine, course, revoked):
    trainee, _, _, certificate = revoked
    assert issuing.trainee_completion(engine, course, trainee).complete
    assert certificate_for(engine, course, trainee) is None
    assert [c.code for c in records.for_user(engine, trainee.id)] == [certificate.code]
    assert records.verify(engine, certificate.code).status == "revoked"


def test_a_competency_signed_off_again_after_the_revocation_brings_a_new_certificate(
    engine, course
):
    trainee, instructor, certificate = certify_trainee(engine, course)
    admin = add_user(engine, "ada", roles=("admin",))
    hygiene = signoffs.active(engine, trainee.id)["hygiene"]
    issuing.revoke_signoff(engine, hygiene, "Observed the wrong trainee", instructor)
    clock.advance(timedelta(hours=1))
    records.revoke(engine, certificate.code, "Rests on a withdrawn sign-off", admin)
    assert certificate_for(engine, course, trainee) is None
    clock.advance(timedelta(days=2))
    signoffs.sign_off(
        engine, course.course, trainee, "hygiene", clock.now(), "Seen again, properly.", instructor
    )
    renewed = certificate_for(engine, course, trainee)
    assert renewed is not None and renewed.code != certificate.code
    assert renewed.status(clock.now()) == "valid"
    assert renewed.completed_on == renewed.day(clock.now())
    assert records.verify(engine, certificate.code).status == "revoked"
    [issued, *_] = audit.entries(engine, actions=["certificate_issued"])
    assert issued.actor == "tess" and "completed again after the revocation" in issued.detail


def test_a_sign_off_recorded_again_before_the_revocation_does_not_lift_it(engine, course):
    """The administrator revoked the certificate knowing the competency was signed again."""
    trainee, instructor, certificate = certify_trainee(engine, course)
    admin = add_user(engine, "ada", roles=("admin",))
    hygiene = signoffs.active(engine, trainee.id)["hygiene"]
    issuing.revoke_signoff(engine, hygiene, "Observed the wrong trainee", instructor)
    signoffs.sign_off(
        engine, course.course, trainee, "hygiene", clock.now(), "Seen again, properly.", instructor
    )
    clock.advance(timedelta(hours=1))
    records.revoke(engine, certificate.code, "Misconduct in clinic", admin)
    clock.advance(timedelta(days=1))
    assert certificate_for(engine, course, trainee) is None


def test_passing_a_passed_quiz_again_does_not_lift_a_revocation(engine, course, revoked):
    """A quiz counts from its first pass, so the trainee alone cannot undo the decision."""
    trainee, _, _, certificate = revoked
    pass_quiz(engine, trainee, course.quizzes["final"])
    done = issuing.trainee_completion(engine, course, trainee)
    assert done.completed_on is not None and done.completed_on < certificate.revoked_at
    assert certificate_for(engine, course, trainee) is None


def countersign(engine, trainee, supervisor) -> None:
    entries.review(engine, log_treatment(engine, trainee), supervisor, accept=True, not_treated={})


def test_practice_countersigned_after_the_logbook_rule_was_met_does_not_lift_a_revocation(
    engine, course
):
    trainee, instructor, certificate = certify_trainee(engine, course)
    admin = add_user(engine, "ada", roles=("admin",))
    settings.save(
        engine,
        {"logbook_for_certificate": True, "logbook_required_treatments": 1},
        Operator("ada"),
    )
    countersign(engine, trainee, instructor)
    met = issuing.trainee_completion(engine, course, trainee).completed_on
    clock.advance(timedelta(hours=1))
    records.revoke(engine, certificate.code, "Logbook entries found falsified", admin)
    clock.advance(timedelta(days=1))
    countersign(engine, trainee, instructor)
    # The rule was met by the first countersignature; the second completes nothing new.
    assert issuing.trainee_completion(engine, course, trainee).completed_on == met
    assert certificate_for(engine, course, trainee) is None


def test_the_logbook_rule_met_after_the_revocation_brings_a_new_certificate(
    engine, course, revoked
):
    trainee, instructor, _, _ = revoked
    settings.save(
        engine,
        {"logbook_for_certificate": True, "logbook_required_treatments": 2},
        Operator("ada"),
    )
    countersign(engine, trainee, instructor)
    assert certificate_for(engine, course, trainee) is None
    clock.advance(timedelta(hours=1))
    countersign(engine, trainee, instructor)
    renewed = certificate_for(engine, course, trainee)
    assert renewed is not None and renewed.status(clock.now()) == "valid"


def test_a_rule_that_asks_for_nothing_dated_has_nothing_to_complete_again(engine, course):
    rule = course.course.completion
    rule.module_quizzes = rule.final_assessment = rule.competencies = False
    trainee = add_user(engine, "tess")
    admin = add_user(engine, "ada", roles=("admin",))
    certificate = certificate_for(engine, course, trainee)
    assert certificate is not None
    records.revoke(engine, certificate.code, "Enrolled by mistake", admin)
    clock.advance(timedelta(days=1))
    assert certificate_for(engine, course, trainee) is None


def test_an_expired_certificate_is_still_renewed_on_the_same_record(engine, course):
    trainee, _, certificate = certify_trainee(engine, course)
    clock.advance(timedelta(days=24 * 31 + 2))
    assert records.verify(engine, certificate.code).status == "expired"
    renewed = certificate_for(engine, course, trainee)
    assert renewed is not None and renewed.code != certificate.code
    assert renewed.status(clock.now()) == "valid"
    assert renewed.completed_on == certificate.completed_on


def test_an_administrator_issues_a_new_certificate_after_a_revocation(engine, course, revoked):
    trainee, _, admin, certificate = revoked
    [waiting] = issuing.awaiting_decision(engine, course)
    assert waiting.trainee.username == "tess" and waiting.can_reissue
    assert waiting.revoked.code == certificate.code

    renewed = issuing.reissue(
        engine, course, trainee, read_all(engine), "Appeal upheld by the board", admin
    )
    assert renewed.code != certificate.code and renewed.status(clock.now()) == "valid"
    assert renewed.issued_on == renewed.day(clock.now())
    # The certificate the trainee's page now finds, and the old one stays revoked.
    assert certificate_for(engine, course, trainee) == renewed
    assert records.verify(engine, certificate.code).status == "revoked"
    assert records.verify(engine, renewed.code).status == "valid"
    [issued] = audit.entries(engine, actions=["certificate_reissued"])
    assert (issued.actor, issued.target) == ("ada", "tess")
    assert "was revoked: Appeal upheld by the board" in issued.detail
    assert issuing.awaiting_decision(engine, course) == []
    with pytest.raises(CertificateError, match="already holds a valid certificate"):
        issuing.reissue(engine, course, trainee, read_all(engine), "Once more", admin)


def test_only_an_administrator_with_a_reason_issues_a_new_certificate(engine, course, revoked):
    trainee, instructor, admin, _ = revoked
    with pytest.raises(NotAllowed, match="Only an administrator"):
        issuing.reissue(engine, course, trainee, read_all(engine), "Looks fine", instructor)
    with pytest.raises(CertificateError, match="reason for issuing a new certificate"):
        issuing.reissue(engine, course, trainee, read_all(engine), "  ", admin)
    assert len(records.for_user(engine, trainee.id)) == 1


def test_no_new_certificate_is_issued_to_a_trainee_who_does_not_meet_the_rule(
    engine, course, revoked
):
    trainee, instructor, admin, _ = revoked
    hygiene = signoffs.active(engine, trainee.id)["hygiene"]
    signoffs.revoke(engine, hygiene.id, "Observed the wrong trainee", instructor)
    [waiting] = issuing.awaiting_decision(engine, course)
    assert not waiting.can_reissue
    with pytest.raises(CertificateError, match="Still missing: Have 'Hygiene' signed off"):
        issuing.reissue(engine, course, trainee, read_all(engine), "Appeal upheld", admin)
    assert len(records.for_user(engine, trainee.id)) == 1


def test_a_certificate_that_was_not_revoked_is_not_the_administrators_to_reissue(engine, course):
    trainee, _, certificate = certify_trainee(engine, course)
    admin = add_user(engine, "ada", roles=("admin",))
    clock.advance(timedelta(days=24 * 31 + 2))
    with pytest.raises(CertificateError, match="was not revoked"):
        issuing.reissue(engine, course, trainee, read_all(engine), "Renewal", admin)
    assert [c.code for c in records.for_user(engine, trainee.id)] == [certificate.code]


def test_the_trainee_is_told_when_it_was_revoked_and_what_brings_a_new_one(revoked):
    _, _, _, certificate = revoked
    notice = issuing.revoked_notice(certificate)
    assert f"revoked by the clinic on {records.long_day(certificate.revoked_on)}" in notice
    assert "administrator's decision" in notice and "completed again" in notice
    assert "falsified" not in notice

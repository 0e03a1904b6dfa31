"""A regrade that turns a pass into a fail never revokes a certificate, but the certificate
resting on that pass (issued after it was handed in) is under review on every page, the
public verification included, until an administrator revokes it or decides it stands; on
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from needlewise import audit, regrade
from needlewise.attempts import save_many, start_or_resume, submit
from needlewise.certification import records
from needlewise.certification.records import CertificateError
from needlewise.store.schema import certificates

from .builders import Person, add_user, parsed, rekeyed_quiz

FIRST, CORRECTED = rekeyed_quiz("cq", "Certificate quiz")
ADMIN = Person("ada", ("admin",))


def passed(engine, trainee):
    attempt = start_or_resume(engine, trainee.id, parsed(FIRST), 60)
    save_many(engine, attempt.id, trainee.id, {"cq-single": {"choice": 0}})
    handed_in = submit(engine, attempt.id, trainee.id)
    assert handed_in.passed
    return handed_in


def certify(engine, trainee, code: str, issued_at) -> None:
    with engine.begin() as connection:
        connection.execute(
            certificates.insert().values(
                code=code,
                user_id=trainee.id,
                number=1,
                issued_at=issued_at,
                expires_at=issued_at + timedelta(days=700),
                snapshot={"trainee": trainee.name},
            )
        )


def standing(engine, code: str) -> records.Verification:
    return records.verify(engine, code)


def test_the_certificate_resting_on_a_regraded_pass_is_under_review_until_decided(engine):
    ann, bob = add_user(engine, "ann"), add_user(engine, "bob")
    ann_attempt = passed(engine, ann)
    ann_code = "A" * 32
    certify(engine, ann, ann_code, ann_attempt.submitted_at + timedelta(minutes=1))
    # Bob's certificate was issued before his pass: it does not rest on it.
    bob_code = "B" * 32
    certify(engine, bob, bob_code, ann_attempt.submitted_at - timedelta(days=1))
    passed(engine, bob)
    assert not standing(engine, ann_code).under_review

    regrade.apply(engine, parsed(CORRECTED), actor=ADMIN, instructors_publish=False)

    shown = standing(engine, ann_code)
    assert (shown.status, shown.under_review, shown.label) == (
        "valid",
        True,
        "valid, under review",
    )
    assert "a result it rests on was re-marked as not passed" in shown.message
    assert "Certificate quiz, attempt 1" in (shown.certificate.review_reason or "")
    assert "from a pass (100%) to a fail (0%)" in (shown.certificate.review_reason or "")
    assert not standing(engine, bob_code).under_review
    [entry] = audit.entries(engine, actions=["certificate_under_review"])
    assert entry.detail.startswith(ann_code[:8])

    with pytest.raises(CertificateError, match="reason for keeping"):
        records.keep(engine, ann_code, "", ADMIN)
    assert standing(engine, ann_code).under_review
    with pytest.raises(CertificateError, match="not under review after a regrade"):
        records.keep(engine, bob_code, "another attempt passed", ADMIN)

    records.keep(engine, ann_code, "reassessed in person and passed", ADMIN)

    assert not standing(engine, ann_code).under_review
    [kept] = audit.entries(engine, actions=["certificate_review_closed"])
    assert (kept.actor, kept.detail) == ("ada", f"{ann_code[:8]}…: reassessed in person and passed")


def test_a_revoked_certificate_is_not_put_under_review(engine):
    ann = add_user(engine, "ann")
    attempt = passed(engine, ann)
    code = "C" * 32
    certify(engine, ann, code, attempt.submitted_at + timedelta(minutes=1))
    records.revoke(engine, code, "issued in error", add_user(engine, "ada", roles=("admin",)))

    regrade.apply(engine, parsed(CORRECTED), actor=ADMIN, instructors_publish=False)

    shown = standing(engine, code)
    assert (shown.status, shown.under_review) == ("revoked", False)
    assert audit.entries(engine, actions=["certificate_under_review"]) == []

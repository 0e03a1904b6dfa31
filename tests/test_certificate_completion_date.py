"""A certificate's completion date when the course's rule asks for nothing with a date."""

from __future__ import annotations

from needlewise import clock
from needlewise.certification import issuing
from needlewise.settings import read_all

from .builders import add_user, load_test_course


def test_a_rule_that_asks_for_nothing_dated_issues_a_certificate_dated_today(engine, tmp_path):
    course = load_test_course(tmp_path)
    rule = course.course.completion
    rule.module_quizzes = rule.final_assessment = rule.competencies = False
    trainee = add_user(engine, "tess")
    now = clock.now()
    assert issuing.trainee_completion(engine, course, trainee).complete
    certificate = issuing.certificate_for(engine, course, trainee, read_all(engine), now=now)
    assert certificate is not None
    assert certificate.snapshot["completed_on"] == now.date().isoformat()

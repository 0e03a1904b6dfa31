"""A quiz with a must-pass section, taken in Chromium: the quiz says the rule before the
start; an attempt with a good overall mark and a failed section says "Not passed" and why,
Module B stays closed; the next attempt that passes both completes Module A and opens B."""

from __future__ import annotations

import re

import pytest

from needlewise import attempts, progress
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, write_course

pytestmark = pytest.mark.browser

# One safety question (objective a.one) and four others; 70% overall to pass, and 80% on
# the safety question in the same attempt.
QUIZ = """\
id: a-quiz
title: Safety quiz
module: a
pass_mark: 70
shuffle: false
must_pass: {title: Safety questions, pass_mark: 80, objectives: [a.one]}
questions:
"""


def question(number: int, objective: str) -> str:
    return f"""\
  - id: a-q{number}
    type: single
    prompt: Question text {number}.
    objectives: [{objective}]
    options:
      - {{text: Right {number}, correct: true}}
      - {{text: Wrong {number}}}
    explanation: Reason {number} [@src].
    references: [src]
"""


def take(page, wrong: int) -> None:
    """Start an attempt, answer question ``wrong`` wrongly and the others rightly, submit."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Start an attempt").click()
    settle(page)
    for number in range(1, 6):
        answer = f"Wrong {number}" if number == wrong else f"Right {number}"
        page.get_by_text(answer, exact=True).click()
        expect(page.get_by_role("radio", name=answer)).to_be_checked()
        settle(page)
    page.get_by_role("button", name="Finish attempt…").click()
    settle(page)
    page.get_by_role("button", name="Submit all and finish").click()
    settle(page)


def test_a_trainee_fails_on_the_safety_section_then_passes(page, tmp_path):
    from playwright.sync_api import expect

    content, quizzes = write_course(tmp_path)
    body = question(1, "a.one") + "".join(question(n, "a.two") for n in range(2, 6))
    (quizzes / "a-quiz.yaml").write_text(QUIZ + body)
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    tess = add_user(engine, "tess", name="Tess Trainee")
    progress.mark_read(engine, tess.id, "a-one")
    folders = {"NEEDLEWISE_CONTENT_DIR": str(content), "NEEDLEWISE_QUIZZES_DIR": str(quizzes)}
    with running_app(url, folders, log_path=tmp_path / "server.log") as address:
        sign_in(page, address, "tess")
        visit(page, f"{address}/quiz?id=a-quiz")
        expect(
            page.get_by_text(
                "Safety questions: at least 80% of their points too, in the same attempt"
            )
        ).to_be_visible()

        # The safety question wrong, every other right: 80% overall, 0% on the section.
        take(page, wrong=1)
        expect(page.get_by_text(re.compile(r"^Not passed: 80%"))).to_be_visible()
        expect(
            page.get_by_text(
                "Safety questions: 0%, below the 80% every attempt needs on them whatever its "
                "overall mark, so this attempt does not pass. Revise their topics, listed "
                "below, before your next attempt. My progress shows your mastery of each "
                "objective from your latest attempt at each quiz; it is not a breakdown of this "
                "attempt."
            )
        ).to_be_visible()
        page.get_by_text("Topics of the safety questions").click()
        expect(page.get_by_role("listitem").filter(has_text="Know one thing.")).to_be_visible()
        [first] = attempts.for_user(engine, tess.id)
        assert (first.percent, first.section_percent, first.passed) == (80.0, 0.0, False)
        page.get_by_role("button", name="Back to the quiz").click()
        settle(page)
        expect(
            page.get_by_text("80% (not passed: safety questions 0%, 80% needed)")
        ).to_be_visible()
        expect(
            page.get_by_text(
                "not yet passed: no single attempt reached both the 70% pass mark and at least "
                "80% on safety questions"
            )
        ).to_be_visible()
        visit(page, f"{address}/course")
        expect(page.get_by_role("link", name="Safety quiz · 80%", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Lesson b-one · 5 min")).to_have_count(0)

        # Another question wrong instead: 80% overall and 100% on the section.
        visit(page, f"{address}/quiz?id=a-quiz")
        take(page, wrong=2)
        expect(page.get_by_text(re.compile(r"^Passed: 80%"))).to_be_visible()
        expect(page.get_by_text("Safety questions: 100% (at least 80% needed).")).to_be_visible()
        visit(page, f"{address}/course")
        expect(page.get_by_text("Module 1: Module A ✅")).to_be_visible()
        expect(page.get_by_role("link", name="Lesson b-one · 5 min")).to_be_visible()
    engine.dispose()

"""Daily review in Chromium, signed in through the real form: a number the question cannot
read ("0.2 cm") is refused with why when checked, and the card stays due; the number
typed right is then checked and marked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from needlewise import clock, review_cards
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, write_course

pytestmark = pytest.mark.browser

WIDTH = """  - id: a-width
    type: numeric
    prompt: How wide, in millimetres?
    objectives: [a.two]
    answer: 2
    tolerance: 0
    unit: mm
    explanation: Because [@src].
    references: [src]
"""


def test_a_number_with_a_refused_unit_is_not_checked(page, tmp_path):
    from playwright.sync_api import expect

    content, quizzes = write_course(tmp_path, review="{when: always}")
    quiz = quizzes / "a-quiz.yaml"
    quiz.write_text(quiz.read_text() + WIDTH)
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    tess = add_user(engine, "tess", name="Tess Trainee")
    with engine.begin() as connection:
        review_cards.add_cards(
            connection, tess.id, "a-quiz", ["a-width"], clock.now() - timedelta(minutes=1)
        )
    folders = {"NEEDLEWISE_CONTENT_DIR": str(content), "NEEDLEWISE_QUIZZES_DIR": str(quizzes)}
    with running_app(url, folders) as address:
        sign_in(page, address, "tess")
        visit(page, f"{address}/review")
        field = page.get_by_role("textbox")
        field.fill("0.2 cm")
        field.press("Enter")
        settle(page)
        page.get_by_role("button", name="Check my answer").click()
        expect(page.get_by_text("Fix it, then check it.")).to_be_visible()
        expect(page.get_by_text("(not correct)")).to_have_count(0)
        assert [c.question_id for c in review_cards.due(engine, tess.id)] == ["a-width"]

        field.fill("2")
        field.press("Enter")
        settle(page)
        page.get_by_role("button", name="Check my answer").click()
        expect(page.get_by_text("(correct)").first).to_be_visible()
        assert review_cards.due(engine, tess.id) == []
    engine.dispose()

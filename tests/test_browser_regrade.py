"""Regrading in Chromium: an instructor publishes a corrected key in the Quiz studio, is told
which attempts keep the old key's marks, follows the link to Item analysis, looks at what a
regrade would change, confirms it; the trainee's review then shows the new mark, and the
Gradebook's view of the attempt says it was regraded and shows the key that scores it."""

from __future__ import annotations

import re

import pytest

from needlewise import attempts, quiz_bank, quiz_placement, settings
from needlewise.store import open_store

from .browser_harness import choose, leave, running_app, settle, sign_in, visit
from .builders import Person, add_user, shipped_content
from .studio_browser import TEXT, click_in_editor, editor

pytestmark = pytest.mark.browser

QUIZ, TITLE = "rg-quiz", "Regrade practice"
RIGHT = quiz_bank.template(QUIZ, TITLE, "m1", "m1.skin-structure")
# The wrong key: the plausible wrong answer marked correct instead of the correct one.
WRONG = RIGHT.replace(
    "- text: The correct answer\n        correct: true\n      - text: A plausible wrong answer\n",
    "- text: The correct answer\n      - text: A plausible wrong answer\n        correct: true\n",
)
ADMIN = {"actor": Person("ada", ("admin",)), "instructors_publish": False}


def test_an_instructor_regrades_after_publishing_a_corrected_key(browser, page, tmp_path):
    from playwright.sync_api import expect

    assert WRONG != RIGHT
    content = shipped_content()
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    ada = add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    tess = add_user(engine, "tess", name="Tess Trainee")
    settings.save(engine, {"instructors_publish": True}, actor=ada)
    saved = quiz_bank.save_draft(engine, QUIZ, WRONG, author=ian, file_ids=set())
    quiz_bank.publish(engine, content, QUIZ, saved.number, **ADMIN)
    quiz_placement.place(engine, content, QUIZ, "m1", "practice", **ADMIN)
    first = quiz_bank.load_version(engine, QUIZ, 1)
    # Tess chose the correct answer, which the wrong key marks wrong.
    attempt = attempts.start_or_resume(engine, tess.id, first, 80)
    attempts.save(engine, attempt.id, tess.id, "rg-quiz-q1", {"choice": 0})
    assert attempts.submit(engine, attempt.id, tess.id).percent == 0.0

    with running_app(url, log_path=tmp_path / "server.log") as address:
        sign_in(page, address, "ian")
        visit(page, f"{address}/studio?studio_bank_quiz={QUIZ}%20(database)")
        expect(editor(page).locator(TEXT)).to_contain_text("A plausible wrong answer")
        for _ in range(3):
            editor(page).locator(TEXT).click()
            page.keyboard.press("Control+A")
            page.keyboard.insert_text(RIGHT)
            if (
                editor(page).locator(".ace_editor").first.evaluate("e => e.env.editor.getValue()")
                == RIGHT
            ):
                break
        click_in_editor(page, "Save and publish")
        expect(page.get_by_text(f"Published db/{QUIZ}@v2")).to_be_visible()
        expect(
            page.get_by_text(
                f"The key of rg-quiz-q1 in '{TITLE}' changed since 1 submitted attempt was "
                "made on an earlier version"
            )
        ).to_be_visible()

        page.get_by_role("link", name=f"Regrade '{TITLE}' on Item analysis").click()
        settle(page)
        expect(page).to_have_url(
            re.compile(r"/item_analysis\?items_quiz=Regrade(\+|%20)practice\b")
        )
        quiz_box = page.get_by_test_id("stSelectbox").filter(has_text="Quiz").locator("input")
        expect(quiz_box).to_have_value(TITLE)
        expect(
            page.get_by_text("1 submitted attempt is scored with the key of another version")
        ).to_be_visible()
        expect(
            page.get_by_text("Questions whose key differs from the current one: rg-quiz-q1.")
        ).to_be_visible()
        page.get_by_text("Show what a regrade would change").click()
        settle(page)
        table = page.get_by_test_id("stDataFrame").filter(has_text="Tess Trainee")
        expect(table).to_be_visible()
        assert attempts.get(engine, attempt.id).percent == 0.0  # a dry run writes nothing

        page.get_by_role("button", name="Regrade 1 attempt").click()
        settle(page)
        asked = page.locator(".st-key-regrade_asked")
        expect(asked).to_contain_text("with the current answer key")
        asked.get_by_role("button", name="Regrade 1 attempt").click()
        settle(page)
        expect(
            page.get_by_text(re.compile(r"^Regraded 1 attempt with the current"))
        ).to_be_visible()
        expect(
            page.get_by_text(
                "Nothing to regrade: every submitted attempt is scored with the current"
            )
        ).to_be_visible()
        regraded = attempts.get(engine, attempt.id)
        assert (regraded.percent, regraded.passed) == (100.0, True)

        # The Gradebook's view of the attempt says so, and shows the key that scores it.
        visit(page, f"{address}/cohort?gradebook_tab=Attempts")
        choose(page, "stSelectbox", "Attempts of", "Tess Trainee")
        expect(
            page.get_by_text(
                re.compile(
                    r"Regraded on \d\d \w{3} \d{4} with the corrected answer key \(version v2\)"
                )
            )
        ).to_be_visible()
        page.get_by_text("Show the answers in full").click()
        settle(page)
        expect(
            page.get_by_text(
                re.compile(r"Tess Trainee's answer: The correct answer · .*\(correct\)")
            )
        ).to_be_visible()
        expect(page.get_by_text("Correct answer:")).to_have_count(0)
        leave(page)

        trainee = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(trainee, address, "tess")
        visit(trainee, f"{address}/quiz?id={QUIZ}")
        expect(trainee.get_by_text("100% (passed)", exact=True)).to_be_visible()
        trainee.get_by_role("button", name="Review").click()
        settle(trainee)
        expect(trainee.get_by_text(re.compile(r"^Passed: 100%"))).to_be_visible()
        expect(
            trainee.get_by_text(
                re.compile(
                    r"Regraded on \d\d \w{3} \d{4} with the corrected answer key \(version v2\)"
                )
            )
        ).to_be_visible()
        # The key that scores it now: the correct answer, chosen, is shown as right.
        expect(
            trainee.get_by_text(re.compile(r"Your answer: The correct answer · .*\(correct\)"))
        ).to_be_visible()
        expect(trainee.get_by_text("Correct answer:")).to_have_count(0)
        leave(trainee)
        trainee.context.close()
    engine.dispose()

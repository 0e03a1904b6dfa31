"""After "Save into the quiz bank as a draft" on the Import questions page, its link opens
the Quiz studio on the quiz just saved, not on the quiz the studio had open before; and the
page says which question imported as written needs a fix before the quiz checks clean."""

from __future__ import annotations

import re

import pytest

from needlewise import quiz_bank
from needlewise.store import open_store

from .browser_harness import open_from_menu, running_app, settle, sign_in, visit
from .builders import add_user, shipped_content

pytestmark = pytest.mark.browser

# The exploratory tester's wrongkey.xml, in part: a single-answer question with two fully
# right answers, which Moodle allows and check does not.
TWO_RIGHT = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Twokeys</text></name>
    <questiontext format="html"><text>Two fully right?</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>A</text></answer>
    <answer fraction="100"><text>B</text></answer>
  </question>
</quiz>
"""
# A bank quiz listed before it, so that the quiz just saved is not the studio's first choice.
FIRST = """\
id: aa-first
title: First
questions:
  - id: aa-first-tf
    type: true_false
    prompt: Is the epidermis the outer layer?
    objectives: [m1.skin-structure]
    answer: true
"""


def test_the_studio_link_opens_the_quiz_just_saved(page, tmp_path):
    from playwright.sync_api import expect

    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    quiz_bank.save_draft(engine, "aa-first", FIRST, author=ian, file_ids=set())
    source = tmp_path / "wrongkey.xml"
    source.write_text(TWO_RIGHT, encoding="utf-8")
    before = sorted(shipped_content().quizzes)[-1]
    with running_app(url) as address:
        sign_in(page, address, "ian")
        visit(page, f"{address}/studio")
        opened = page.get_by_test_id("stSelectbox").filter(has_text="Quiz to open")
        field = opened.locator("input")
        field.click()
        field.press_sequentially(before)
        page.get_by_role("option", name=re.compile(rf"^{re.escape(before)} \(file ")).click()
        settle(page)
        expect(field).to_have_value(re.compile(rf"^{re.escape(before)} \(file "))

        open_from_menu(page, "Import questions")
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(source))
        settle(page)
        page.get_by_text("Converted 1 question into the quiz").wait_for()
        expect(
            page.get_by_text("1 question imported as written needs a fix before the quiz checks")
        ).to_be_visible()
        expect(page.locator("[data-testid='stCode']").first).to_contain_text(
            "line 3: question 'wrongkey-twokeys': imported as written, but check reports it "
            "until it is fixed: 2 options are fully right in a single-answer question"
        )
        page.get_by_role("button", name="Save into the quiz bank as a draft").click()
        expect(page.get_by_text("Saved as the draft db/wrongkey@v1.")).to_be_visible()
        page.get_by_role("link", name="Open wrongkey in the Quiz studio").click()
        settle(page)

        expect(page).to_have_url(re.compile(r"/studio\?studio_bank_quiz=wrongkey"))
        opened = page.get_by_test_id("stSelectbox").filter(has_text="Quiz to open")
        expect(opened.locator("input")).to_have_value("wrongkey (database)")
        expect(page.get_by_text("Newest version: v1 (draft, by ian).")).to_be_visible()
    engine.dispose()

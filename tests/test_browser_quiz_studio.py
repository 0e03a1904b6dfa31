"""Issue 16's "done means", in Chromium on SQLite and PostgreSQL: an instructor writes a
quiz in the Quiz studio, sees a line-pinned error, fixes it, publishes it and places it in
a module; a trainee takes it; it is in the gradebook and item analysis; after a server
restart all of it is still there."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from needlewise import quiz_bank, settings
from needlewise.store import open_store
from needlewise.store.schema import attempts

from .browser_harness import choose, running_app, settle, sign_in, visit
from .builders import PICTURE_PNG, add_user, moodle_with_a_picture, shipped_content
from .studio_browser import editor

pytestmark = pytest.mark.browser

BROKEN = """\
id: m1-extra
title: Extra practice on skin
module: m1
pass_mark: 50
questions:
  - id: m1-extra-layers
    type: single
    prompt: Which layer of the skin is the outermost?
    objectives: [m1.nope]
    options:
      - text: The epidermis
        correct: true
      - text: The dermis
        feedback: The dermis lies under the epidermis.
    explanation: The epidermis is the outer layer.
"""
FIXED = BROKEN.replace("m1.nope", "m1.skin-structure")
BAD_LINE = next(n for n, row in enumerate(BROKEN.splitlines(), 1) if "m1.nope" in row)


def type_into_editor(page, text: str) -> None:
    """Replace everything in the editor, as a person selects all and pastes, and see the
    pasted objectives line in it (a paste before the editor has the focus goes nowhere,
    and a person would paste again)."""
    from playwright.sync_api import expect

    marker = next(line.strip() for line in text.splitlines() if "objectives:" in line)
    for _ in range(3):
        frame = editor(page)
        frame.locator(".ace_content").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(text)
        try:
            expect(frame.locator(".ace_content")).to_contain_text(marker, timeout=5_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"the editor never showed {marker!r} after pasting")


def gradebook_rows(page, address: str) -> list[dict[str, str]]:
    visit(page, f"{address}/cohort")
    page.get_by_role("button", name="Prepare gradebook export").click()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Gradebook (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    settle(page)
    return list(csv.DictReader(io.StringIO(text)))


def test_an_instructor_writes_publishes_and_places_a_quiz_a_trainee_then_takes(
    browser, page, store_url, tmp_path
):
    from playwright.sync_api import expect

    engine = open_store(store_url)
    ada = add_user(engine, "ada", roles=("admin",))
    add_user(engine, "ian", roles=("instructor",))
    add_user(engine, "tess")
    # The clinic's admin lets instructors publish (Settings); here the setting is the start.
    settings.save(engine, {"instructors_publish": True}, actor=ada)
    log = tmp_path / "server.log"
    with running_app(store_url, log_path=log) as address:
        sign_in(page, address, "ian")
        visit(page, f"{address}/studio")
        page.get_by_label("Quiz id (letters, digits, -, _ and .)").fill("m1-extra")
        page.get_by_label("Title").fill("Extra practice on skin")
        page.get_by_role("button", name="Create the draft").click()
        expect(page.get_by_text("Draft db/m1-extra@v1 created.")).to_be_visible()

        type_into_editor(page, BROKEN)
        message = rf"line {BAD_LINE}, column \d+: unknown objective 'm1.nope'"
        expect(page.get_by_text(re.compile(message))).to_be_visible()
        # Publishing is the editor's own button, so it sends the text the editor shows; the
        # bank refuses a version with problems (tests/test_app_quiz_studio.py).
        expect(editor(page).get_by_role("button", name="Save and publish")).to_be_visible()
        pinned = editor(page).locator(".ace_gutter-cell.ace_error")
        expect(pinned).to_have_count(1)
        expect(pinned).to_have_text(str(BAD_LINE))
        expect(editor(page).locator(".nw-problem-line")).to_have_count(1)
        editor(page).get_by_text(f"Go to line {BAD_LINE}").click()
        expect(editor(page).locator(".ace_gutter-active-line")).to_have_text(str(BAD_LINE))
        page.keyboard.press("Escape")  # Ace's own go-to-line box opens with the cursor there

        type_into_editor(page, FIXED)
        expect(page.get_by_text("Check: no problems.")).to_be_visible()
        expect(editor(page).locator(".ace_gutter-cell.ace_error")).to_have_count(0)
        settle(page)
        preview = page.get_by_role("link", name="Preview as a trainee", exact=True)
        expect(preview).to_have_count(1)
        href = preview.get_attribute("href")
        assert re.search(r"quiz_preview\?quiz=m1-extra(&|$)", href)
        # The draft taken as a trainee takes it, in another tab: nothing is recorded.
        sandbox = page.context.new_page()
        visit(sandbox, f"{address}/{href}")
        expect(sandbox.get_by_text("Preview: nothing is recorded.")).to_be_visible()
        # The fix typed in the editor is not saved yet: the preview says which version it is.
        expect(sandbox.get_by_text(re.compile(r"You preview v1 \(draft, saved by"))).to_be_visible()
        expect(
            sandbox.get_by_text("Changes not yet saved in the Quiz studio's editor are not in it")
        ).to_be_visible()
        sandbox.get_by_role("button", name="Start an attempt").click()
        sandbox.get_by_role("button", name="Finish attempt…").click()
        sandbox.get_by_role("button", name="Submit all and finish").click()
        expect(sandbox.get_by_text(re.compile(r"Not passed: 0(\.0)?%"))).to_be_visible()
        sandbox.close()
        with engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(attempts)).scalar() == 0

        editor(page).get_by_role("button", name="Save and publish").click()
        expect(page.get_by_text("Published db/m1-extra@v2")).to_be_visible()
        # Publishing reruns the whole page (the bank report and preview after the editor);
        # a person reads the message and the page finishes. A click on the editor's part of
        # the page while that run still went on was sometimes dropped by Streamlit on a
        # loaded machine (twice in about thirty runs here; no fix found in the page).
        settle(page)
        page.get_by_role("button", name="Place in the course").click()
        expect(
            page.get_by_text("'m1-extra' is now in module m1 as an extra practice quiz.")
        ).to_be_visible()
        assert [v.state for v in quiz_bank.versions(engine, "m1-extra")] == [
            "published",
            "draft",
        ]

        learner = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(learner, address, "tess")
        visit(learner, f"{address}/course")
        learner.get_by_role("link", name="Practice: Extra practice on skin").click()
        settle(learner)
        learner.get_by_role("button", name="Start an attempt").click()
        learner.locator("[data-testid='stRadio'] label").filter(has_text="The epidermis").click()
        settle(learner)
        learner.get_by_role("button", name="Finish attempt…").click()
        learner.get_by_role("button", name="Submit all and finish").click()
        expect(learner.get_by_text(re.compile(r"Passed: 100(\.0)?%"))).to_be_visible()
        learner.context.close()

        (row,) = [r for r in gradebook_rows(page, address) if r["Username"] == "tess"]
        assert float(row["Extra practice on skin (%)"]) == 100
        visit(page, f"{address}/item_analysis")
        choose(page, "stSelectbox", "Quiz", "Extra practice on skin")
        expect(page.get_by_role("heading", name="The test (1 attempt)")).to_be_visible()

    with running_app(store_url, log_path=log) as address:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(page, address, "ian")
        visit(page, f"{address}/studio")
        opened = page.get_by_test_id("stSelectbox").filter(has_text="Quiz to open")
        expect(opened.locator("input")).to_have_value("m1-extra (database)")
        expect(page.get_by_text("Newest version: v2 (published, by ian).")).to_be_visible()
        expect(page.get_by_text("Placed in module m1 as an extra practice quiz.")).to_be_visible()
        (row,) = [r for r in gradebook_rows(page, address) if r["Username"] == "tess"]
        assert float(row["Extra practice on skin (%)"]) == 100
        page.context.close()
    engine.dispose()


ESSAY = """
  <question type="essay">
    <name><text>Essay</text></name>
    <questiontext format="html"><text>Describe healing.</text></questiontext>
  </question>"""


def test_the_import_page_saves_a_moodle_file_into_the_bank_with_its_image(page, tmp_path):
    from playwright.sync_api import expect

    store_url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(store_url)
    add_user(engine, "ian", roles=("instructor",))
    source = tmp_path / "pictures.xml"
    source.write_text(moodle_with_a_picture(ESSAY), encoding="utf-8")
    with running_app(store_url, log_path=tmp_path / "server.log") as address:
        sign_in(page, address, "ian")
        visit(page, f"{address}/import_quiz")
        page.get_by_label("Quiz id (optional)").fill("pictures")
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(source))
        settle(page)
        page.get_by_text("Converted 1 question into the quiz").wait_for()
        expect(page.locator("[data-testid='stCode']").first).to_contain_text(
            "'Essay' questions need a person to mark them"
        )
        page.get_by_role("button", name="Save into the quiz bank as a draft").click()
        expect(page.get_by_text("Saved as the draft db/pictures@v1.")).to_be_visible()
    (draft,) = quiz_bank.versions(engine, "pictures")
    assert draft.state == "draft" and draft.author == "ian"
    assert quiz_bank.files(engine, "pictures") == {"skin.png": PICTURE_PNG}
    engine.dispose()


def test_the_quiz_open_in_the_studio_stays_open_on_reload(page, tmp_path):
    from playwright.sync_api import expect

    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    with running_app(url) as address:
        sign_in(page, address, "ian")
        visit(page, f"{address}/studio")
        opened = page.get_by_test_id("stSelectbox").filter(has_text="Quiz to open")
        first = opened.locator("input").input_value()
        wanted = sorted(q for q in shipped_content().quizzes if not first.startswith(f"{q} "))[-1]
        field = opened.locator("input")
        field.click()
        field.press_sequentially(wanted)
        page.get_by_role("option", name=re.compile(rf"^{re.escape(wanted)} \(file ")).click()
        settle(page)
        expect(page).to_have_url(re.compile(r"studio_bank_quiz="))
        page.reload()
        settle(page)
        expect(page.get_by_text("Signed in as").first).to_be_visible()
        expect(opened.locator("input")).to_have_value(re.compile(rf"^{re.escape(wanted)} \(file "))
    engine.dispose()

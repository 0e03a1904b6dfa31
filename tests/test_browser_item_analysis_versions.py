"""Item analysis in a real browser: versions are named as the Quiz studio names them, and
switching quiz drops the version chosen for the quiz before, on the screen and in the
address, before and after a reload."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from needlewise import attempts, quiz_bank, quiz_placement
from needlewise.quiz.layout import leaf_ids
from needlewise.quiz.scoring import correct_response
from needlewise.store import open_store

from .browser_harness import choose, leave, running_app, settle, sign_in, visit
from .builders import Person, add_user, shipped_content

pytestmark = pytest.mark.browser
CONTENT = shipped_content()
FILE_QUIZ = CONTENT.quizzes[CONTENT.quiz_order()[0]]
BANK_ID, BANK_TITLE = "extra-versions", "Extra practice on versions"
ADMIN = {"actor": Person("ada", ("admin",)), "instructors_publish": False}


def submit(engine, user, loaded) -> None:
    """One submitted attempt at ``loaded``, every question answered correctly."""
    attempt = attempts.start_or_resume(engine, user.id, loaded, 80)
    answers = {q: correct_response(loaded.quiz.leaf(q)) for q in leaf_ids(attempt.layout)}
    attempts.save_many(engine, attempt.id, user.id, answers)
    attempts.submit(engine, attempt.id, user.id)


def publish(engine, text: str) -> None:
    saved = quiz_bank.save_draft(
        engine, BANK_ID, text, author=Person("ian", ("instructor",)), file_ids=set()
    )
    quiz_bank.publish(engine, CONTENT, BANK_ID, saved.number, **ADMIN)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('versions') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    module = CONTENT.course.modules[0]
    template = quiz_bank.template(BANK_ID, BANK_TITLE, module.id, module.objectives[0].id)
    publish(engine, template)
    quiz_placement.place(engine, CONTENT, BANK_ID, module.id, "practice", **ADMIN)
    submit(engine, add_user(engine, "t1"), quiz_bank.load_version(engine, BANK_ID, 1))
    # v2 is a draft nobody took; v3, published, is v2 with a new title.
    quiz_bank.save_draft(
        engine,
        BANK_ID,
        template.replace("pass_mark: 80", "pass_mark: 70"),
        author=Person("ian", ("instructor",)),
        file_ids=set(),
    )
    publish(engine, template.replace(BANK_TITLE, BANK_TITLE + " (revised)"))
    submit(engine, add_user(engine, "t2"), quiz_bank.load_version(engine, BANK_ID, 3))
    submit(engine, add_user(engine, "t3"), FILE_QUIZ)
    with running_app(url) as address:
        yield address
    engine.dispose()


def version_box(page):
    return page.get_by_test_id("stSelectbox").filter(has_text="Version").locator("input")


def address_params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_versions_are_named_as_the_studio_names_them_and_a_new_quiz_starts_at_all(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "ian")
    visit(page, f"{app}/item_analysis")
    choose(page, "stSelectbox", "Quiz", BANK_TITLE + " (revised)")
    # Numbered as in the Quiz studio, newest used last; the draft nobody took is not listed.
    version_box(page).click()
    options = page.get_by_role("option")
    expect(options).to_have_count(3)
    names = options.all_inner_texts()
    assert names[0] == "All versions"
    assert re.fullmatch(r"v1 \(saved \d\d \w{3} \d{4}\)", names[1]), names
    assert re.fullmatch(r"v3 \(saved \d\d \w{3} \d{4}\)", names[2]), names
    page.keyboard.press("Escape")
    choose(page, "stSelectbox", "Version", names[2])
    expect(page.get_by_role("heading", name="The test (1 attempt)")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]items_version=v3\b"))
    assert address_params(page)["items_version"] == [names[2]]

    # A quiz file has no numbers: its versions keep their hash.
    choose(page, "stSelectbox", "Quiz", FILE_QUIZ.quiz.title)
    expect(version_box(page)).to_have_value("All versions")
    expect(page.get_by_role("heading", name="The test (1 attempt)")).to_be_visible()
    expect(page).not_to_have_url(re.compile("items_version"))
    version_box(page).click()
    expect(page.get_by_role("option")).to_have_count(2)
    file_version = page.get_by_role("option").nth(1).inner_text()
    assert re.fullmatch(
        rf"{FILE_QUIZ.version[:12]} \(first attempt \d\d \w{{3}} \d{{4}}\)", file_version
    )
    page.keyboard.press("Escape")

    page.reload()
    settle(page)
    expect(version_box(page)).to_have_value("All versions")
    expect(
        page.get_by_test_id("stSelectbox").filter(has_text="Quiz").locator("input")
    ).to_have_value(FILE_QUIZ.quiz.title)
    expect(page).not_to_have_url(re.compile("items_version"))
    leave(page)

"""The Import questions page in Chromium: a bank with one broken question is converted,
and the page says what was left out and where."""

from __future__ import annotations

import pytest

from .browser_harness import open_from_menu, running_app, settle, sign_in
from .builders import add_user

pytestmark = pytest.mark.browser

BANK = """\
::one::Skin is an organ.{T}

::two::Which layer is outermost?{=epidermis ~dermis

::three::The dermis lies under the \\{epidermis\\}.{T}
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("import-fidelity")
    url = f"sqlite:///{folder / 'nw.db'}"
    from needlewise.store import open_store

    engine = open_store(url)
    add_user(engine, "ada", roles=("instructor",), name="Ada Instructor")
    with running_app(url) as address:
        yield address, folder
    engine.dispose()


def test_an_instructor_imports_a_bank_with_one_broken_question(page, app):
    from playwright.sync_api import expect

    address, folder = app
    bank = folder / "bank.gift"
    bank.write_text(BANK, encoding="utf-8")
    sign_in(page, address, "ada")
    open_from_menu(page, "Import questions")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(bank))
    settle(page)
    page.get_by_text("Converted 2 questions into the quiz").wait_for()
    expect(page.locator("[data-testid='stMain']")).to_contain_text(
        "1 question of the file could not be imported"
    )
    expect(page.locator("[data-testid='stCode']").first).to_contain_text(
        "line 3: unbalanced braces: this '{' is not closed by a '}'"
    )
    expect(page.get_by_role("button", name="Download the quiz file (YAML)")).to_be_visible()

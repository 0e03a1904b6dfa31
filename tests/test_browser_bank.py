"""The bank report on the Quiz studio page, in a real browser."""

from __future__ import annotations

import pytest

from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in
from .builders import add_user, write_course

pytestmark = pytest.mark.browser


def test_an_instructor_reads_the_bank_report_in_the_studio(page, tmp_path):
    from playwright.sync_api import expect

    content_dir, quizzes_dir = write_course(tmp_path)
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    add_user(open_store(url), "ian", roles=("instructor",), name="Ian Instructor")
    env = {"NEEDLEWISE_CONTENT_DIR": str(content_dir), "NEEDLEWISE_QUIZZES_DIR": str(quizzes_dir)}
    with running_app(url, env) as address:
        sign_in(page, address, "ian")
        page.get_by_role("link", name="Quiz studio").click()
        settle(page)
        expect(page.get_by_role("heading", name="Bank report")).to_be_visible()
        metric = page.get_by_test_id("stMetric").filter(has_text="Key is the longest option")
        expect(metric).to_contain_text("0%")
        report = page.locator("code").filter(has_text="Bank report: 6 items in 3 quizzes")
        expect(report).to_be_hidden()
        page.get_by_text("The whole bank report").click()
        expect(report).to_be_visible()
        expect(report).to_contain_text("True/false: 3 items (50% of the bank)")
        expect(page.get_by_text("Items are judged once they have 30 attempts")).to_be_visible()

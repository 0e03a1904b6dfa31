"""Standard setting in a real browser: an instructor rates the final's items (each saved as
it is given), an administrator adopts the cut score after saying yes to what it changes,
and the next attempt uses it."""

from __future__ import annotations

import pytest

from needlewise import attempts, audit, pass_marks
from needlewise.content import load_content
from needlewise.store import open_store

from .browser_harness import leave, running_app, settle, sign_in
from .builders import add_user, write_course

pytestmark = pytest.mark.browser


def test_an_instructor_rates_and_an_admin_adopts_the_pass_mark(page, tmp_path):
    from playwright.sync_api import expect

    content_dir, quizzes_dir = write_course(tmp_path)
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    tess = add_user(engine, "tess", name="Tess Trainee")
    env = {"NEEDLEWISE_CONTENT_DIR": str(content_dir), "NEEDLEWISE_QUIZZES_DIR": str(quizzes_dir)}
    with running_app(url, env) as address:
        sign_in(page, address, "ian")
        page.get_by_role("link", name="Standard setting").click()
        settle(page)
        expect(page.get_by_role("heading", name="Standard setting")).to_be_visible()
        expect(page.get_by_text("No rater has rated every item yet")).to_be_visible()
        boxes = page.get_by_label("Borderline trainee answers correctly (%)")
        expect(boxes).to_have_count(2)
        boxes.nth(0).fill("60")
        boxes.nth(0).press("Tab")
        expect(page.get_by_text("Saved: 60%.")).to_be_visible()
        boxes.nth(1).fill("80")
        boxes.nth(1).press("Tab")
        expect(page.get_by_text("Saved: 80%.")).to_be_visible()
        # Rating the last item makes a cut score: the panel's result below shows it.
        expect(page.get_by_text("70.0%").first).to_be_visible()
        settle(page)
        assert pass_marks.ratings(engine, "final") == {"ian": {"f-single": 60.0, "f-tf": 80.0}}
        # An instructor cannot adopt.
        expect(page.get_by_role("button", name="Adopt this cut score")).to_have_count(0)
        leave(page)
        page.context.clear_cookies()

        sign_in(page, address, "ada")
        page.get_by_role("link", name="Standard setting").click()
        settle(page)
        expect(page.get_by_text("Current pass mark: 50% (flat; none adopted yet).")).to_be_visible()
        # One click only asks, saying what changes and what it rests on.
        page.get_by_role("button", name="Adopt this cut score as the pass mark").click()
        settle(page)
        expect(
            page.get_by_text(
                "Make 70% the pass mark of Quiz final, in place of 50% (the flat pass mark)? "
                "It rests on 1 rater's ratings of all 2 items."
            )
        ).to_be_visible()
        expect(page.get_by_text("Only 1 rater has rated every item.").last).to_be_visible()
        assert pass_marks.adopted(engine, "final") is None
        page.get_by_role("button", name="Adopt 70% as the pass mark").click()
        settle(page)
        done = page.get_by_text("70% is now the pass mark of Quiz final.")
        expect(done).to_be_visible()
        # The message is where the admin clicked, by the Adopt button, not at the top.
        at, button = done.bounding_box(), page.get_by_role("button", name="Adopt this cut score")
        where = button.bounding_box()
        assert at and where and 0 < where["y"] - at["y"] < 250
        expect(page.get_by_text("Current pass mark: 70%, adopted by ada")).to_be_visible()

    final = load_content(content_dir, quizzes_dir, base=tmp_path).quizzes["final"]
    assert pass_marks.adopted(engine, "final").quiz_version == final.version
    [entry] = audit.entries(engine, actions=["pass_mark_adopted"])
    assert entry.actor == "ada" and entry.target == "final"
    next_attempt = attempts.start_or_resume(
        engine, tess.id, final, pass_marks.pass_mark_for(engine, final.quiz, 50)
    )
    assert next_attempt.pass_mark == 70

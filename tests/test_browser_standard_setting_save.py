"""Standard setting in a real browser, as a rater of a long final works: each rating is
saved as it is given, a refused one says which item and why beside its box and loses
nothing else, and leaving the page or its page of items loses nothing typed."""

from __future__ import annotations

import pytest

from needlewise import pass_marks
from needlewise.store import open_store

from .browser_harness import open_from_menu, running_app, settle, sign_in
from .builders import add_user, write_course

pytestmark = pytest.mark.browser

ITEMS = 45


def long_final(count: int) -> str:
    questions = "".join(
        f"""\
  - id: q{n:02d}
    type: true_false
    prompt: Statement {n} is true.
    objectives: [a.one]
    answer: true
    explanation: It is.
    references: [src]
"""
        for n in range(1, count + 1)
    )
    return f"id: final\ntitle: Long final\nquestions:\n{questions}"


def give(page, position: int, value: str) -> None:
    """Type a rating into the box at ``position`` (from 0) among the items shown and leave
    it, as a rater tabs on. The caller waits for what the page says back."""
    field = page.get_by_label("Borderline trainee answers correctly (%)").nth(position)
    field.fill(value)
    field.press("Tab")


def test_each_rating_is_saved_as_given_and_a_refused_one_says_why_beside_it(page, tmp_path):
    from playwright.sync_api import expect

    content_dir, quizzes_dir = write_course(tmp_path)
    (quizzes_dir / "final.yaml").write_text(long_final(ITEMS))
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    env = {"NEEDLEWISE_CONTENT_DIR": str(content_dir), "NEEDLEWISE_QUIZZES_DIR": str(quizzes_dir)}
    boxes = page.get_by_label("Borderline trainee answers correctly (%)")

    def mine() -> dict[str, float]:
        return pass_marks.ratings(engine, "final").get("ian", {})

    def rated(count: int) -> None:
        expect(page.get_by_text(f"You have rated {count} of {ITEMS} items.")).to_be_visible()
        settle(page)

    with running_app(url, env) as address:
        sign_in(page, address, "ian")
        open_from_menu(page, "Standard setting")
        rated(0)
        expect(boxes).to_have_count(20)

        # Two refused, one valid: the valid one is saved all the same.
        refusal = page.get_by_text(
            "Item 1 not saved: 150 is not a percent from 0 to 100. It has no saved rating yet."
        )
        give(page, 0, "150")
        expect(refusal).to_be_visible()
        give(page, 1, "-5")
        expect(
            page.get_by_text("Item 2 not saved: -5 is not a percent from 0 to 100")
        ).to_be_visible()
        give(page, 2, "72.5")
        expect(page.get_by_text("Saved: 72.5%.")).to_be_visible()
        rated(1)
        assert mine() == {"q03": 72.5}
        # The refusal sits right under the box it is about, above the next item.
        first_box = boxes.nth(0).bounding_box()
        said = refusal.bounding_box()
        second_box = boxes.nth(1).bounding_box()
        assert first_box and said and second_box
        assert first_box["y"] < said["y"] < second_box["y"]
        # And a summary of what is not saved where the rater ends, by the way on.
        summary = page.get_by_text("2 ratings are not saved: item 1 (150) and item 2 (-5).")
        expect(summary).to_be_visible()
        next_button = page.get_by_role("button", name="Next: items 21–40")
        summary_at, next_at = summary.bounding_box(), next_button.bounding_box()
        assert summary_at and next_at and 0 < next_at["y"] - summary_at["y"] < 200

        # Away to another page and back: what was saved and what was typed are both there.
        open_from_menu(page, "Item analysis")
        open_from_menu(page, "Standard setting")
        expect(boxes.nth(0)).to_have_value("150.00")
        expect(boxes.nth(2)).to_have_value("72.50")
        expect(refusal).to_be_visible()

        # The next page of items from its foot, and a rating there.
        next_button.click()
        expect(page.get_by_text("Statement 21 is true.")).to_be_visible()
        settle(page)
        # It starts at its top, the first box ready for typing, as a new page would.
        expect(boxes.nth(0)).to_be_focused()
        expect(page.get_by_text("Statement 21 is true.")).to_be_in_viewport()
        expect(page.get_by_text("Statement 1 is true.", exact=True)).to_have_count(0)
        give(page, 0, "50")
        expect(page.get_by_text("Saved: 50%.")).to_be_visible()
        rated(2)
        assert mine() == {"q03": 72.5, "q21": 50.0}
        expect(summary).to_be_visible()
        page.get_by_role("button", name="Previous: items 1–20").click()
        expect(refusal).to_be_visible()
        settle(page)

        # Corrected, the refused rating is saved and its message goes.
        give(page, 0, "60")
        expect(page.get_by_text("Saved: 60%.")).to_be_visible()
        expect(refusal).to_have_count(0)
        rated(3)
        assert mine() == {"q01": 60.0, "q03": 72.5, "q21": 50.0}
        expect(page.get_by_text("1 rating is not saved: item 2 (-5).")).to_be_visible()

        # A changed rating replaces the saved one; an emptied box takes it back.
        give(page, 2, "65")
        expect(page.get_by_text("Saved: 65%.")).to_be_visible()
        settle(page)
        assert mine()["q03"] == 65.0
        give(page, 2, "")
        expect(page.get_by_text("Item 3: your rating of 65% is taken back")).to_be_visible()
        expect(boxes.nth(2)).to_have_value("")
        rated(2)
        assert mine() == {"q01": 60.0, "q21": 50.0}

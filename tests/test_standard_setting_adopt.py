"""Adopting the panel's cut score as the final's pass mark is deliberate: the first click
asks, saying the old and the new pass mark and what the cut rests on, and warns when the
panel is too small to support a standard."""

from __future__ import annotations

import pytest

from needlewise import pass_marks
from needlewise.standard_setting import RECOMMENDED_PANEL, adopt_question, angoff, panel_warning

from .builders import add_user, make_app, sign_in_as, texts, write_course

POINTS = {"q1": 1.0, "q2": 1.0}


def panel_of(size: int):
    return angoff({f"r{n}": {"q1": 50 + n, "q2": 60 + n} for n in range(size)}, POINTS)


def test_the_question_says_the_old_and_new_pass_mark_and_what_the_cut_rests_on():
    statement, action = adopt_question("Final", 80.0, True, panel_of(5), 2)
    cut = round(panel_of(5).cut, 1)
    assert f"Make **{cut:g}%** the pass mark of Final, in place of **80%**" in statement
    assert "(the pass mark adopted before)" in statement
    assert "It rests on 5 raters' ratings of all 2 items." in statement
    assert "Attempts started from now on use it; attempts already started keep theirs." in (
        statement
    )
    assert "Too small a panel" not in statement
    assert action == f"Adopt {cut:g}% as the pass mark"


def test_a_panel_under_five_complete_raters_is_warned_about_in_the_question():
    statement, _ = adopt_question("Final", 50.0, False, panel_of(1), 2)
    assert "in place of **50%** (the flat pass mark)" in statement
    assert "It rests on 1 rater's ratings of all 2 items." in statement
    assert "**Too small a panel.** Only 1 rater has rated every item." in statement
    assert "Angoff panels usually have at least 5 judges" in statement


@pytest.mark.parametrize(("counted", "warned"), [(1, True), (4, True), (5, False), (9, False)])
def test_the_panel_warning_starts_below_five_raters(counted, warned):
    assert RECOMMENDED_PANEL == 5
    assert (panel_warning(counted) is not None) == warned


def test_the_warning_counts_the_raters_in_words():
    assert panel_warning(0).startswith("Only 0 raters have rated every item.")
    assert panel_warning(3).startswith("Only 3 raters have rated every item.")
    assert "with fewer than 5, one rater more or less can move the cut score" in panel_warning(3)


def test_no_question_without_a_cut_score():
    with pytest.raises(ValueError, match="no cut score"):
        adopt_question("Final", 50.0, False, angoff({}, POINTS), 2)


# --- the page (AppTest) ------------------------------------------------------------------


@pytest.fixture
def page(monkeypatch, sqlite_url, tmp_path):
    """The Standard setting page for an admin, on a final one instructor has rated."""
    from needlewise.content import load_content
    from needlewise.store import open_store

    content_dir, quizzes_dir = write_course(tmp_path)
    engine = open_store(sqlite_url)
    final = load_content(content_dir, quizzes_dir, base=tmp_path).quizzes["final"]
    ian = add_user(engine, "ian", roles=("instructor",))
    ada = add_user(engine, "ada", roles=("admin",))
    pass_marks.save_ratings(engine, final, ian, {"f-single": 60.0, "f-tf": 80.0})
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), ada)
    at.switch_page("views/standard_setting.py").run()
    yield at, engine, final, ian
    engine.dispose()


def test_the_first_click_only_asks_and_cancel_adopts_nothing(page):
    at, engine, _, _ = page
    assert "Only 1 rater has rated every item." in "\n".join(w.value for w in at.warning)
    at.button(key="angoff_adopt").click().run()
    assert pass_marks.adopted(engine, "final") is None
    asked = texts(at)
    assert "Make **70%** the pass mark of Quiz final, in place of **50%**" in asked
    assert "It rests on 1 rater's ratings of all 2 items." in asked
    assert "**Too small a panel.**" in asked
    assert [b.label for b in at.button if b.key == "angoff_adopt_confirm"] == [
        "Adopt 70% as the pass mark"
    ]
    at.button(key="angoff_adopt_cancel").click().run()
    assert pass_marks.adopted(engine, "final") is None
    assert not [b for b in at.button if b.key == "angoff_adopt_confirm"]
    assert [b for b in at.button if b.key == "angoff_adopt"], "asking again is possible"


def test_confirming_adopts_and_says_so_beside_the_button(page):
    at, engine, _, _ = page
    at.button(key="angoff_adopt").click().run()
    at.button(key="angoff_adopt_confirm").click().run()
    assert pass_marks.adopted(engine, "final").pass_mark == 70.0
    assert [s.value for s in at.success] == ["70% is now the pass mark of Quiz final."]
    assert "Current pass mark: **70%**, adopted by ada" in texts(at)


def test_a_question_about_a_cut_that_has_since_moved_is_dropped(page):
    at, engine, final, ian = page
    at.button(key="angoff_adopt").click().run()
    # A rater changes a rating while the question is on screen: the cut is now 75%.
    pass_marks.save_ratings(engine, final, ian, {"f-single": 70.0})
    at.run()
    assert not [b for b in at.button if b.key == "angoff_adopt_confirm"]
    assert pass_marks.adopted(engine, "final") is None
    assert "Adopting makes **75%** the pass mark" in texts(at)


def test_a_panel_of_five_is_not_warned_about(page):
    at, engine, final, _ = page
    for n in range(4):
        rater = add_user(engine, f"rater{n}", roles=("instructor",))
        pass_marks.save_ratings(engine, final, rater, {"f-single": 60.0, "f-tf": 80.0})
    at.run()
    assert not [w for w in at.warning if "rated every item" in w.value]
    at.button(key="angoff_adopt").click().run()
    asked = texts(at)
    assert "It rests on 5 raters' ratings of all 2 items." in asked
    assert "Too small a panel" not in asked

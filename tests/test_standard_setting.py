"""Modified Angoff: the arithmetic against a hand-worked example, storage, adoption, page."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from sqlalchemy import select

from needlewise import attempts, audit, clock, pass_marks, progress
from needlewise.standard_setting import angoff, pass_rate, rater_cut
from needlewise.store.schema import adopted_pass_marks

from .builders import add_user, load_test_course, make_app, sign_in_as, texts

# The hand-worked example. Four items; item q3 is worth 2 points, so the weights are
# 1, 1, 2, 1 (total 5).
POINTS = {"q1": 1.0, "q2": 1.0, "q3": 2.0, "q4": 1.0}
RATINGS = {
    "ann": {"q1": 60, "q2": 70, "q3": 50, "q4": 80},
    "bob": {"q1": 50, "q2": 60, "q3": 40, "q4": 70},
    "cat": {"q1": 70, "q2": 80, "q3": 90, "q4": 90},
}
# ann: (60 + 70 + 2*50 + 80) / 5 = 310 / 5 = 62
# bob: (50 + 60 + 2*40 + 70) / 5 = 260 / 5 = 52
# cat: (70 + 80 + 2*90 + 90) / 5 = 420 / 5 = 84
# cut: (62 + 52 + 84) / 3 = 198 / 3 = 66
# spread: deviations -4, -14, 18; squares 16 + 196 + 324 = 536; / (3 - 1) = 268;
#         SD = sqrt(268) = 16.37; range 52 to 84
# items: q1 60/50/70 mean 60 SD 10; q2 70/60/80 mean 70 SD 10;
#        q3 50/40/90 mean 60, deviations -10, -20, 30, squares 1400 / 2 = 700, SD 26.46;
#        q4 80/70/90 mean 80 SD 10.  q3 is where the raters disagree most.
# cohort grades 50, 65, 66, 80, 90: at a cut of 66, three of five pass (60%).


def test_each_rater_cut_is_the_points_weighted_mean():
    assert rater_cut(RATINGS["ann"], POINTS) == pytest.approx(62)
    assert rater_cut(RATINGS["bob"], POINTS) == pytest.approx(52)
    assert rater_cut(RATINGS["cat"], POINTS) == pytest.approx(84)


def test_the_panel_result_matches_the_hand_worked_example():
    result = angoff(RATINGS, POINTS)
    assert result.cut == pytest.approx(66)
    assert result.sd == pytest.approx(math.sqrt(268))
    assert (result.low, result.high) == (pytest.approx(52), pytest.approx(84))
    first = result.disagreements[0]
    assert first.question_id == "q3"
    assert first.mean == pytest.approx(60) and first.sd == pytest.approx(math.sqrt(700))
    assert [s.sd for s in result.disagreements[1:]] == [pytest.approx(10)] * 3


def test_the_cohort_pass_rate_at_the_cut():
    assert pass_rate([50, 65, 66, 80, 90], 66) == pytest.approx(60)
    assert pass_rate([], 66) is None


def test_a_rater_who_skipped_items_is_listed_but_not_counted():
    partial = {**RATINGS, "dan": {"q1": 100, "q2": 100}}
    result = angoff(partial, POINTS)
    assert result.cut == pytest.approx(66)
    dan = next(r for r in result.raters if r.rater == "dan")
    assert dan.cut is None and (dan.rated, dan.items) == (2, 4) and not dan.complete
    assert [r.rater for r in result.counted] == ["ann", "bob", "cat"]


def test_a_rating_outside_0_to_100_is_refused():
    with pytest.raises(ValueError, match="ratings are 0-100"):
        angoff({"ann": {"q1": 120}}, POINTS)


def test_no_complete_rater_means_no_cut():
    result = angoff({"ann": {"q1": 50}}, POINTS)
    assert result.cut is None and result.sd is None and result.disagreements == ()


# --- storage and adoption -------------------------------------------------------------


@pytest.fixture
def course(tmp_path):
    return load_test_course(tmp_path)


def rate_all(engine, loaded, user, value):
    items = pass_marks.item_points(loaded.quiz)
    pass_marks.save_ratings(engine, loaded, user, {q: value for q in items})


def test_ratings_are_stored_replaced_and_checked(engine, course):
    final = course.quizzes["final"]
    ian = add_user(engine, "ian", roles=("instructor",))
    pass_marks.save_ratings(engine, final, ian, {"f-single": 40})
    pass_marks.save_ratings(engine, final, ian, {"f-single": 55, "f-tf": 70})
    assert pass_marks.ratings(engine, "final") == {"ian": {"f-single": 55, "f-tf": 70}}
    with pytest.raises(pass_marks.StandardSettingError, match="give a percent from 0 to 100"):
        pass_marks.save_ratings(engine, final, ian, {"f-single": 101})
    with pytest.raises(pass_marks.StandardSettingError, match="'nope' is not an item of final"):
        pass_marks.save_ratings(engine, final, ian, {"nope": 50})
    assert pass_marks.ratings(engine, "final")["ian"]["f-single"] == 55


def test_adoption_is_audited_versioned_and_applies_to_attempts_started_after_it(engine, course):
    final = course.quizzes["final"]
    ian = add_user(engine, "ian", roles=("instructor",))
    una = add_user(engine, "una", roles=("instructor",))
    ada = add_user(engine, "ada", roles=("admin",))
    tess = add_user(engine, "tess")
    rate_all(engine, final, ian, 60)
    rate_all(engine, final, una, 70)
    assert pass_marks.pass_mark_for(engine, final.quiz, 50) == 50
    before = attempts.start_or_resume(
        engine, tess.id, final, pass_marks.pass_mark_for(engine, final.quiz, 50)
    )
    clock.advance(timedelta(minutes=1))
    adopted = pass_marks.adopt(engine, final, ada)
    assert adopted.pass_mark == 65.0 and adopted.quiz_version == final.version
    with engine.connect() as connection:
        [row] = connection.execute(select(adopted_pass_marks)).all()
    assert row.quiz_version == final.version and row.detail["cut"] == pytest.approx(65)
    [entry] = audit.entries(engine, actions=["pass_mark_adopted"])
    assert entry.actor == "ada" and entry.target == "final"
    assert "pass mark 65% by Angoff (2 raters)" in entry.detail
    # The attempt started before adoption keeps its pass mark; new ones get the adopted one.
    assert attempts.get(engine, before.id).pass_mark == 50
    assert pass_marks.pass_mark_for(engine, final.quiz, 50) == 65
    status = progress.course_status(engine, course, tess.id)
    assert status.final.pass_mark == 65
    assert status.modules[0].quiz.pass_mark == 50, "module quizzes keep the flat pass mark"


def test_adoption_needs_a_complete_rater(engine, course):
    ada = add_user(engine, "ada", roles=("admin",))
    with pytest.raises(pass_marks.StandardSettingError, match="no rater has rated every item"):
        pass_marks.adopt(engine, course.quizzes["final"], ada)


def test_cohort_grades_follow_the_grading_method(engine, course):
    final = course.quizzes["final"]
    tess = add_user(engine, "tess")
    attempt = attempts.start_or_resume(engine, tess.id, final, 50)
    attempts.save(engine, attempt.id, tess.id, "f-tf", {"value": True})
    attempts.submit(engine, attempt.id, tess.id)
    assert pass_marks.cohort_grades(engine, final.quiz) == [50.0]


# --- the page (AppTest: fast logic checks) -----------------------------------------------


def test_an_instructor_rates_and_an_admin_adopts_on_the_page(monkeypatch, sqlite_url, tmp_path):
    from needlewise.store import open_store

    from .builders import write_course

    content_dir, quizzes_dir = write_course(tmp_path)
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    ada = add_user(engine, "ada", roles=("admin",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), ian)
    at.switch_page("views/standard_setting.py").run()
    assert not at.exception
    assert "No rater has rated every item yet" in texts(at)
    assert not [b for b in at.button if b.key == "angoff_adopt"]
    at.number_input(key="angoff_rating:final:f-single").set_value(60.0).run()
    assert pass_marks.ratings(engine, "final") == {"ian": {"f-single": 60.0}}
    at.number_input(key="angoff_rating:final:f-tf").set_value(80.0).run()
    assert not at.exception
    assert pass_marks.ratings(engine, "final") == {"ian": {"f-single": 60.0, "f-tf": 80.0}}
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cut score"] == "70.0%"

    admin = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), ada)
    admin.switch_page("views/standard_setting.py").run()
    assert not admin.exception
    assert not [n for n in admin.number_input], "an admin who is not an instructor does not rate"
    admin.button(key="angoff_adopt").click().run()
    assert not admin.exception
    assert pass_marks.adopted(engine, "final") is None, "the first click only asks"
    admin.button(key="angoff_adopt_confirm").click().run()
    assert not admin.exception
    assert pass_marks.adopted(engine, "final").pass_mark == 70.0
    assert "Current pass mark: **70%**, adopted by ada" in texts(admin)


def test_the_cohort_view_counts_passes_of_the_final_at_the_adopted_mark(engine, course):
    from needlewise import gradebook

    final = course.quizzes["final"]
    tess = add_user(engine, "tess")
    ian = add_user(engine, "ian", roles=("instructor",))
    ada = add_user(engine, "ada", roles=("admin",))
    attempt = attempts.start_or_resume(engine, tess.id, final, 50)
    attempts.save(engine, attempt.id, tess.id, "f-tf", {"value": True})
    attempts.submit(engine, attempt.id, tess.id)  # 50%: a pass at the flat 50

    def final_passes() -> int:
        funnel = gradebook.overview(engine, course, None, clock.now(), 14, 70).funnel
        return int(funnel["trainees"].iloc[-1])

    assert final_passes() == 1
    rate_all(engine, final, ian, 60)
    pass_marks.adopt(engine, final, ada)
    assert final_passes() == 0


# --- a rater's page of items -------------------------------------------------------------


def test_items_are_shown_a_page_of_twenty_at_a_time():
    from needlewise.standard_setting import sections

    assert sections(45) == [range(1, 21), range(21, 41), range(41, 46)]
    assert sections(20) == [range(1, 21)]
    assert sections(0) == []


def test_a_page_of_items_is_labelled_with_what_is_rated_and_what_is_not_saved():
    from needlewise.standard_setting import section_label

    assert section_label(range(1, 21), 20, 0) == "Items 1–20 (all rated)"
    assert section_label(range(41, 46), 2, 1) == "Items 41–45 (2 of 5 rated, 1 not saved)"


def test_refusals_say_which_item_why_and_what_stays_saved():
    from needlewise.standard_setting import cleared, not_saved_summary, refused

    assert refused(3, "too high", 60.0) == (
        "Item 3 not saved: too high. Its saved rating is still 60%."
    )
    assert refused(3, "too high", None) == "Item 3 not saved: too high. It has no saved rating yet."
    assert cleared(4, 72.5).startswith("Item 4: your rating of 72.5% is taken back")
    assert not_saved_summary({}) is None
    assert not_saved_summary({47: -5.0, 3: 150.0}) == (
        "2 ratings are not saved: item 3 (150) and item 47 (-5). Each says why beside its "
        "box; every other rating you gave is saved."
    )
    assert not_saved_summary({2: 101.0}).startswith("1 rating is not saved: item 2 (101).")


def test_a_refused_rating_on_the_page_blocks_no_other(monkeypatch, sqlite_url, tmp_path):
    from needlewise.store import open_store

    from .builders import write_course

    content_dir, quizzes_dir = write_course(tmp_path)
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), ian)
    at.switch_page("views/standard_setting.py").run()
    at.number_input(key="angoff_rating:final:f-single").set_value(150.0).run()
    at.number_input(key="angoff_rating:final:f-tf").set_value(80.0).run()
    assert pass_marks.ratings(engine, "final") == {"ian": {"f-tf": 80.0}}
    errors = [e.value for e in at.error]
    assert (
        "Item 1 not saved: 150 is not a percent from 0 to 100. It has no saved rating yet."
    ) in errors
    assert "1 rating is not saved: item 1 (150)." in "\n".join(errors)
    assert "You have rated **1 of 2** items." in texts(at)
    # Kept as typed, with its message, across another run of the page.
    at.run()
    assert at.number_input(key="angoff_rating:final:f-single").value == 150.0
    assert any(e.startswith("Item 1 not saved") for e in (e.value for e in at.error))
    at.number_input(key="angoff_rating:final:f-single").set_value(55.0).run()
    assert pass_marks.ratings(engine, "final") == {"ian": {"f-single": 55.0, "f-tf": 80.0}}
    assert not at.error
    # Emptying a box takes the rating back, and says so.
    at.number_input(key="angoff_rating:final:f-tf").set_value(None).run()
    assert pass_marks.ratings(engine, "final") == {"ian": {"f-single": 55.0}}
    assert at.number_input(key="angoff_rating:final:f-tf").value is None
    assert any("Item 2: your rating of 80% is taken back" in i.value for i in at.info)
    assert "You have rated **1 of 2** items." in texts(at)


def test_the_count_leaves_out_ratings_of_items_the_final_no_longer_has(
    monkeypatch, sqlite_url, tmp_path
):
    from needlewise import clock
    from needlewise.store import open_store
    from needlewise.store.schema import angoff_ratings

    from .builders import write_course

    content_dir, quizzes_dir = write_course(tmp_path)
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    with engine.begin() as connection:
        connection.execute(
            angoff_ratings.insert(),
            [
                {
                    "quiz_id": "final",
                    "rater_id": ian.id,
                    "question_id": q,
                    "rating": 50.0,
                    "quiz_version": "old",
                    "rated_at": clock.now(),
                }
                for q in ("f-single", "f-gone")
            ],
        )
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), ian)
    at.switch_page("views/standard_setting.py").run()
    assert "You have rated **1 of 2** items." in texts(at)
    # Ian no longer rated every item: the panel's result no longer counts him.
    assert any("No rater has rated every item yet" in i.value for i in at.info)
    at.number_input(key="angoff_rating:final:f-tf").set_value(70.0).run()
    assert "You have rated **2 of 2** items." in texts(at)
    assert {m.label: m.value for m in at.metric}["Cut score"] == "60.0%"

"""The Gradebook (Cohort) page at scale (issue 17): it draws one page of rows with a search
and a "needs attention" filter, while its counts, its funnel and its exports cover every
trainee; a submission shows on the next run; an untaken quiz is a blank cell."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from needlewise import accounts, attempts, clock, gradebook, grading, mastery
from needlewise.acting import Operator
from needlewise.content import Content
from needlewise.store import open_store

from .builders import (
    add_user,
    make_app,
    open_tab,
    reload_course,
    sign_in_as,
    take,
    texts,
    write_course,
)

QUIZZES = ("a-quiz", "b-quiz", "final")


@pytest.fixture
def cohort(tmp_path, monkeypatch, store_url):
    """A small course, an instructor, and a page size of 5 rows so that a cohort of a few
    dozen trainees spans several pages."""
    content_dir, quizzes_dir = write_course(tmp_path)
    content = reload_course(tmp_path)
    engine = open_store(store_url)
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    monkeypatch.setattr(gradebook, "PAGE_ROWS", 5)

    def app():
        at = sign_in_as(make_app(monkeypatch, store_url, content_dir, quizzes_dir), ian).run()
        return at.switch_page("views/gradebook.py").run()

    yield engine, content, app
    engine.dispose()


def random_cohort(engine, content: Content, count: int, seed: int) -> list:
    """``count`` trainees: some never start, some are disabled, the rest take random
    attempts (sometimes two at a quiz)."""
    rng = random.Random(seed)
    trainees = []
    for index in range(count):
        trainee = add_user(engine, f"t{index:02d}", name=f"Trainee {rng.choice('ABCDE')}{index}")
        trainees.append(trainee)
        if rng.random() < 0.15:
            continue
        for quiz_id in QUIZZES:
            for _ in range(rng.choice((0, 1, 1, 2))):
                take(engine, content, trainee, quiz_id, rng.choice((1.0, rng.random())), rng)
        if rng.random() < 0.1:
            accounts.set_disabled(engine, trainee.username, True, actor=Operator("setup"))
    return trainees


def kept_grades(engine, content: Content, trainee) -> dict[str, float | None]:
    """Each quiz's kept grade for one trainee, the long way: their own attempts."""
    mine = attempts.for_user(engine, trainee.id)
    return {
        quiz_id: grading.grade_attempts(
            [a for a in mine if a.quiz_id == quiz_id], content.quizzes[quiz_id].quiz.grading
        )
        for quiz_id in QUIZZES
    }


def passed(content: Content, quiz_id: str, grade: float | None) -> bool:
    mark = grading.pass_mark(content.quizzes[quiz_id].quiz, content.course.default_pass_mark)
    return grade is not None and grading.passed(grade, mark)


def needs_attention(engine, content: Content, trainee) -> bool:
    """Disabled, never started, failed a quiz twice or below mastery somewhere, checked one
    trainee at a time (every attempt here is from today, so nobody is merely inactive)."""
    mine = [a for a in attempts.for_user(engine, trainee.id) if a.state == "submitted"]
    failures = [a.quiz_id for a in mine if not a.passed]
    return (
        accounts.reread(engine, trainee.username).disabled
        or not mine
        or any(failures.count(q) >= 2 for q in QUIZZES)
        or any(value < 70 for value in mastery.for_user(engine, trainee.id).values())
    )


def metric(at, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label).replace(",", ""))


def test_counts_and_funnel_cover_every_trainee_whatever_the_table_shows(cohort):
    engine, content, app = cohort
    trainees = random_cohort(engine, content, 23, seed=17)
    at = app()
    at.text_input(key="cohort_search").input("Trainee A").run()
    at.toggle(key="cohort_flagged").set_value(True).run()
    assert len(at.dataframe[0].value) <= 5  # one page of the matching rows

    grades = {t.id: kept_grades(engine, content, t) for t in trainees}
    assert metric(at, "Trainees") == 23
    attention = sum(needs_attention(engine, content, t) for t in trainees)
    assert metric(at, "Need attention") == attention
    assert metric(at, "Passed the final assessment") == sum(
        passed(content, "final", g["final"]) for g in grades.values()
    )
    # The funnel the page draws, step by step, against the same long way round.
    funnel = gradebook.overview(engine, content, None, clock.now(), 14, 70).funnel
    started = sum(any(a for a in attempts.for_user(engine, t.id)) for t in trainees)
    expected = [started] + [sum(passed(content, q, g[q]) for g in grades.values()) for q in QUIZZES]
    assert funnel["trainees"].tolist() == expected


def test_the_count_of_one_trainee_reads_as_one(cohort):
    engine, _, app = cohort
    add_user(engine, "tess", name="Tess Trainee")
    assert "1 trainee. The exports hold every trainee of the whole cohort" in texts(app())


def test_search_and_pages_find_trainees_beyond_the_first_page(cohort):
    engine, _, app = cohort
    for index in range(12):
        add_user(engine, f"t{index:02d}", name=f"Trainee {index:02d}")
    add_user(engine, "zoe", name="Zoë Last")
    at = app()
    shown = at.dataframe[0].value
    assert shown["Username"].tolist() == ["t00", "t01", "t02", "t03", "t04"]
    assert "13 trainees; rows 1-5 shown" in texts(at)
    assert "The exports hold every trainee of the whole cohort" in texts(at)
    assert at.selectbox(key="cohort_page").options == ["1-5", "6-10", "11-13"]
    at.selectbox(key="cohort_page").select_index(2).run()
    assert at.dataframe[0].value["Username"].tolist() == ["t10", "t11", "zoe"]

    # Fewer pages after a search: the last page picked no longer exists, the first is shown.
    at.text_input(key="cohort_search").input("t0").run()
    assert at.selectbox(key="cohort_page").options == ["1-5", "6-10"]
    assert at.dataframe[0].value["Username"].tolist() == ["t00", "t01", "t02", "t03", "t04"]
    at.selectbox(key="cohort_page").select_index(1).run()
    # A new search starts at its first rows, even when it has as many pages.
    at.text_input(key="cohort_search").input("trainee").run()
    assert at.selectbox(key="cohort_page").options == ["1-5", "6-10", "11-12"]
    assert at.dataframe[0].value["Username"].tolist() == ["t00", "t01", "t02", "t03", "t04"]
    at.text_input(key="cohort_search").input("ZOË").run()  # any case, name or username
    assert at.dataframe[0].value["Username"].tolist() == ["zoe"]
    assert "1 of 13 trainees match" in texts(at)
    assert not at.get("selectbox") or "cohort_page" not in [s.key for s in at.selectbox]
    at.text_input(key="cohort_search").input("t1").run()
    assert at.dataframe[0].value["Username"].tolist() == ["t10", "t11"]
    at.text_input(key="cohort_search").input("nobody-by-this-name").run()
    assert at.dataframe[0].value.empty
    assert "0 of 13 trainees match" in texts(at)

    # The trainee pickers of the other tabs offer the first rows the search finds, so a
    # search reaches anyone.
    open_tab(at, "gradebook_tab", "Attempts")
    assert "No trainee matches the search above" in texts(at)
    at.text_input(key="cohort_search").input("").run()
    assert at.selectbox(key="drill_user").options == [f"Trainee {n:02d}" for n in range(5)]
    assert "The first 5 of the 13 trainees the search above finds" in texts(at)
    at.text_input(key="cohort_search").input("zo").run()
    assert at.selectbox(key="drill_user").options == ["Zoë Last"]
    assert "The trainees the search above finds." in texts(at)
    open_tab(at, "gradebook_tab", "Extra time")
    assert at.selectbox(key="extra_time_trainee").options == ["Zoë Last"]


def test_only_those_needing_attention_and_the_matching_rules():
    table = pd.DataFrame(
        {
            "user_id": [1, 2, 3],
            "username": ["amy", "bo-ANN", "cy"],
            "name": ["Amy Ng", "Bo Ek", "Cy Ann"],
            "flags": ["", "not started", "inactive 20 days"],
        }
    )
    assert gradebook.matching(table, " ann ")["user_id"].tolist() == [2, 3]
    assert gradebook.matching(table, "", only_flagged=True)["user_id"].tolist() == [2, 3]
    assert gradebook.matching(table, "amy", only_flagged=True).empty
    assert gradebook.matching(table)["user_id"].tolist() == [1, 2, 3]
    assert [gradebook.page_count(n) for n in (0, 1, 200, 201)] == [1, 1, 1, 2]


def test_the_export_holds_every_trainee_while_the_table_shows_a_search(cohort, monkeypatch):
    engine, _, app = cohort
    usernames = {add_user(engine, f"t{index:02d}").username for index in range(8)}
    exported = []
    real = gradebook.to_csv
    monkeypatch.setattr(gradebook, "to_csv", lambda frame: exported.append(frame) or real(frame))
    at = app()
    at.text_input(key="cohort_search").input("t07").run()
    assert len(at.dataframe[0].value) == 1
    at.button(key="gradebook_prepare").click().run()
    [frame] = exported
    assert set(frame["Username"]) == usernames


def test_a_submission_shows_on_the_next_run_and_an_untaken_quiz_is_blank(cohort):
    engine, content, app = cohort
    tess = add_user(engine, "tess", name="Tess Trainee")
    at = app()
    row = at.dataframe[0].value.set_index("Username").loc["tess"]
    assert pd.isna(row["Quiz a-quiz (%)"])
    # Drawn as an empty cell, not "None"; the column stays numeric, so it sorts by grade.
    assert at.dataframe[0].proto.placeholder == ""
    assert pd.api.types.is_float_dtype(at.dataframe[0].value["Quiz a-quiz (%)"])
    take(engine, content, tess, "a-quiz", 1.0, random.Random(1))
    at.run()
    row = at.dataframe[0].value.set_index("Username").loc["tess"]
    assert row["Quiz a-quiz (%)"] == 100
    assert pd.isna(row["Quiz b-quiz (%)"])
    take(engine, content, tess, "b-quiz", 0.0, random.Random(2))  # 0 is a grade, not blank
    at.run()
    assert at.dataframe[0].value.set_index("Username").loc["tess", "Quiz b-quiz (%)"] == 0

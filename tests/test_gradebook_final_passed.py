"""Whether a trainee passed the final is more than its kept grade: an attempt passes only
when it reaches the pass mark and, in the same attempt, 80% on the safety questions. The
Gradebook's grid and its CSV and Excel files say it in a column beside the grade (yes, no,
or blank before a graded attempt), from the verdict the database computes, and the Course
page says it beside the trainee's grade; the kept table and rows equal a fresh read. On
the shipped course, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import random

import pandas as pd
import pytest
from openpyxl import load_workbook

from needlewise import attempts, clock, display, gradebook, progress, settings
from needlewise.quiz.layout import leaf_ids
from needlewise.quiz.scoring import correct_response

from .builders import (
    ROOT,
    add_user,
    make_app,
    pass_module_quiz,
    shipped_content,
    shipped_final,
    sign_in_as,
)

CONTENT = shipped_content()
FINAL = shipped_final()
GRADE = f"{FINAL.quiz.title} (%)"
PASSED = f"{FINAL.quiz.title} passed"


def sit_final(engine, trainee, section_wrong: int = 0, others_wrong: int = 0, seed: int = 0):
    """A submitted attempt at the shipped final with every question it shows answered
    right, except the first ``section_wrong`` of its safety questions and the first
    ``others_wrong`` of the rest, left unanswered."""
    attempt = attempts.start_or_resume(engine, trainee.id, FINAL, 80, rng=random.Random(seed))
    shown = set(leaf_ids(attempt.layout))
    leaves = [q for _, q in FINAL.quiz.leaves() if q.id in shown]
    section = [q for q in leaves if FINAL.quiz.must_pass.covers(q)]
    others = [q for q in leaves if not FINAL.quiz.must_pass.covers(q)]
    wrong = {q.id for q in section[:section_wrong] + others[:others_wrong]}
    attempts.save_many(
        engine,
        attempt.id,
        trainee.id,
        {q.id: correct_response(q) for q in leaves if q.id not in wrong},
    )
    return attempts.submit(engine, attempt.id, trainee.id)


def pass_the_modules(engine, trainee) -> None:
    for module in CONTENT.course.modules:
        pass_module_quiz(engine, trainee, module.quiz)


@pytest.fixture
def cohort(engine):
    """Five trainees: Sam passed the final; Una's grade reaches the pass mark but her
    safety questions did not; Lou's safety questions did but not her grade; Mo took only
    a module quiz; Ida has done nothing."""
    people = {
        name: add_user(engine, name.lower(), name=f"{name} Trainee")
        for name in ("Ida", "Lou", "Mo", "Sam", "Una")
    }
    for name in ("Lou", "Sam", "Una"):
        pass_the_modules(engine, people[name])
    pass_module_quiz(engine, people["Mo"], CONTENT.course.modules[0].quiz)
    sit_final(engine, people["Sam"])
    unsafe = sit_final(engine, people["Una"], section_wrong=10)
    # The point of it all: a kept grade at the pass mark, and the final not passed.
    assert unsafe.percent >= 80 and unsafe.section_percent < 80 and not unsafe.passed
    low = sit_final(engine, people["Lou"], others_wrong=25)
    assert low.percent < 80 and low.section_percent == 100 and not low.passed
    return people


EXPECTED = {"ida": None, "lou": "no", "mo": None, "sam": "yes", "una": "no"}


def _table(engine) -> pd.DataFrame:
    return gradebook.overview(engine, CONTENT, None, clock.now(), 14, 70.0).table


def _said(frame: pd.DataFrame, column: str = PASSED) -> dict[str, str | None]:
    return {
        username: None if pd.isna(value) else value
        for username, value in zip(frame["Username"], frame[column], strict=True)
    }


def test_the_exports_say_who_passed_the_final_beside_its_grade(engine, cohort):
    table = _table(engine)
    out = gradebook.export_columns(table, CONTENT, "UTC")
    headings = list(out.columns)
    assert headings[headings.index(GRADE) + 1] == PASSED
    # Only a quiz with a must-pass section needs the column: the others' grades say it.
    assert [h for h in headings if h.endswith(" passed")] == ["Modules passed", PASSED]
    assert _said(out) == EXPECTED
    una = out.set_index("Username").loc["una"]
    assert una[GRADE] >= 80 and una[PASSED] == "no"

    # The verdict of each trainee's own attempts, the long way, agrees with the column.
    for person in cohort.values():
        final = progress.course_status(engine, CONTENT, person.id).final
        if final.grade is not None:
            assert EXPECTED[person.username] == ("yes" if final.passed else "no")

    rows = list(csv.DictReader(io.StringIO(gradebook.to_csv(out).decode("utf-8-sig"))))
    assert {row["Username"]: row[PASSED] for row in rows} == {
        username: said or "" for username, said in EXPECTED.items()
    }
    assert float(next(row for row in rows if row["Username"] == "una")[GRADE]) >= 80
    sheet = load_workbook(io.BytesIO(gradebook.to_xlsx(out))).active
    [headings, *values] = sheet.iter_rows(values_only=True)
    cells = [dict(zip(headings, row, strict=True)) for row in values]
    assert {row["Username"]: row[PASSED] for row in cells} == EXPECTED


def test_the_rows_drawn_say_it_page_by_page_with_the_search_and_the_filter(
    engine, cohort, monkeypatch
):
    monkeypatch.setattr(gradebook, "PAGE_ROWS", 2)
    table = _table(engine)
    rules = settings.read_all(engine)
    drawn = {}
    for number in range(1, gradebook.page_count(len(table)) + 1):
        rows = gradebook.page(gradebook.matching(table), number)
        drawn.update(_said(gradebook.shown_rows(engine, rows, CONTENT, "UTC", rules)))
    assert drawn == EXPECTED
    found = gradebook.matching(table, "una")
    assert _said(gradebook.shown_rows(engine, found, CONTENT, "UTC", rules)) == {"una": "no"}
    flagged = gradebook.matching(table, only_flagged=True)
    assert "ida" in flagged["username"].tolist()  # not started
    shown = _said(gradebook.shown_rows(engine, flagged, CONTENT, "UTC", rules))
    assert shown == {u: EXPECTED[u] for u in flagged["username"]}


def test_a_passing_attempt_shows_on_the_next_read_and_what_is_kept_equals_a_fresh_read(
    engine, cohort, monkeypatch
):
    rules = settings.read_all(engine)
    real = gradebook._with_logbook
    made = []
    monkeypatch.setattr(gradebook, "_with_logbook", lambda *args: made.append(args) or real(*args))

    def drawn() -> pd.DataFrame:
        return gradebook.shown_rows(
            engine, gradebook.page(_table(engine), 1), CONTENT, "UTC", rules
        )

    def fresh() -> pd.DataFrame:
        facts = gradebook.cohort_facts(engine, CONTENT, None, 70.0)
        table = gradebook._flagged(facts.table, *facts.flags, clock.now(), 14)
        return real(engine, table, CONTENT, "UTC", rules)

    assert _said(drawn())["una"] == "no"
    assert _said(drawn())["una"] == "no"
    assert len(made) == 1  # kept: the database has not changed
    pd.testing.assert_frame_equal(drawn(), fresh())
    sit_final(engine, cohort["Una"], seed=1)
    assert _said(drawn())["una"] == "yes"
    assert len(made) == 2
    pd.testing.assert_frame_equal(drawn(), fresh())
    table = _table(engine)
    facts = gradebook.cohort_facts(engine, CONTENT, None, 70.0)
    pd.testing.assert_frame_equal(
        table, gradebook._flagged(facts.table, *facts.flags, clock.now(), 14)
    )


def test_the_gradebook_page_shows_the_column(engine, store_url, cohort, monkeypatch):
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    at = sign_in_as(make_app(monkeypatch, store_url), ian).run()
    at.switch_page("views/gradebook.py").run()
    grid = at.dataframe[0].value
    headings = list(grid.columns)
    assert headings[headings.index(GRADE) + 1] == PASSED
    assert _said(grid) == EXPECTED
    at.text_input(key="cohort_search").input("Una").run()
    [una] = at.dataframe[0].value.to_dict("records")
    assert (una[GRADE] >= 80, una[PASSED]) == (True, "no")


def final_label(at) -> str:
    return next(
        link.proto.label
        for link in at.get("page_link")
        if link.proto.label.startswith(FINAL.quiz.title)
    )


def test_the_course_page_says_whether_the_final_was_passed(engine, store_url, cohort, monkeypatch):
    una = cohort["Una"]
    grade = display.percent(progress.course_status(engine, CONTENT, una.id).final.grade)
    at = sign_in_as(make_app(monkeypatch, store_url), una).run()
    at.switch_page("views/course.py").run()
    assert final_label(at) == f"{FINAL.quiz.title} · {grade} · not yet passed"

    at = sign_in_as(make_app(monkeypatch, store_url), cohort["Sam"]).run()
    at.switch_page("views/course.py").run()
    assert final_label(at) == f"{FINAL.quiz.title} · 100% · passed"


def test_the_column_keeps_its_documented_name():
    guide = (ROOT / "docs" / "authoring.md").read_text()
    assert gradebook.passed_heading(FINAL.quiz.title) == PASSED
    assert f"`{PASSED}`" in guide and "`<quiz title> passed`" in guide

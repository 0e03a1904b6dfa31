"""Questions per page: how an attempt's slots are split, numbered and found again."""

from __future__ import annotations

import pytest

from needlewise.quiz.loading import read_quiz
from needlewise.quiz.paging import page, page_of, pages

from .builders import ROOT

CASE = {"id": "case", "parts": [{"id": "case-a"}, {"id": "case-b"}, {"id": "case-c"}]}
LAYOUT = [{"id": "q1"}, CASE, {"id": "q2"}, {"id": "q3"}, {"id": "q4"}]


def ids(slots) -> list[str]:
    return [slot["id"] for slot in slots]


def test_without_a_page_size_every_question_is_on_one_page():
    assert pages(LAYOUT, None) == [LAYOUT]
    assert page(LAYOUT, None, 3) == page(LAYOUT, None, 1)
    assert page(LAYOUT, None, 1).count == 1


def test_a_case_and_its_parts_stay_on_one_page():
    assert [ids(p) for p in pages(LAYOUT, 2)] == [["q1", "case"], ["q2", "q3"], ["q4"]]
    assert [ids(p) for p in pages(LAYOUT, 1)] == [[s] for s in ids(LAYOUT)]


def test_questions_are_numbered_across_pages_counting_a_cases_parts():
    assert [page(LAYOUT, 2, n).first_question for n in (1, 2, 3)] == [1, 5, 7]
    assert [page(LAYOUT, 1, n).first_question for n in (1, 2, 3, 4, 5)] == [1, 2, 5, 6, 7]


def test_a_page_outside_the_attempt_is_its_nearest_page():
    assert page(LAYOUT, 2, 0).number == 1
    assert page(LAYOUT, 2, -4).number == 1
    last = page(LAYOUT, 2, 99)
    assert (last.number, last.count, ids(last.slots)) == (3, 3, ["q4"])


def test_every_question_is_found_on_its_page():
    assert page_of(LAYOUT, 2, "q1") == 1
    assert page_of(LAYOUT, 2, "case-c") == 1
    assert page_of(LAYOUT, 2, "q3") == 2
    assert page_of(LAYOUT, 2, "q4") == 3
    assert page_of(LAYOUT, None, "q4") == 1
    for per_page in (1, 2, 3, 4, 5, 6):
        for number, slots in enumerate(pages(LAYOUT, per_page), start=1):
            for slot in slots:
                for leaf in slot.get("parts", [slot]):
                    assert page_of(LAYOUT, per_page, leaf["id"]) == number


@pytest.mark.parametrize("given", ["0", "-1", "2.5", "'5'", "true"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_refused_where_it_is(tmp_path, given):
    quiz = (ROOT / "quizzes" / "m1-quiz.yaml").read_text()
    assert "\nquestions_per_page: 5\n" in quiz
    path = tmp_path / "m1-quiz.yaml"
    path.write_text(quiz.replace("\nquestions_per_page: 5\n", f"\nquestions_per_page: {given}\n"))
    line = quiz.split("\n").index("questions_per_page: 5") + 1
    live, problems = read_quiz(path, "quizzes/m1-quiz.yaml")
    assert live is None
    assert [str(p).split(": Input should be")[0] for p in problems] == [
        f"quizzes/m1-quiz.yaml:{line}:21: questions_per_page"
    ], problems

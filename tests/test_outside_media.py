"""Outside images and data: links in lessons and quizzes are refused where they are
written (path:line:col), and the file is left out like any invalid one."""

from __future__ import annotations

import pytest

from needlewise.content import load_content
from needlewise.media import forbidden_media
from needlewise.quiz.loading import parse_quiz

from .builders import write_course
from .hostile_corpus import small_quiz


@pytest.mark.parametrize(
    "text",
    [
        "![pixel](https://tracker.example/p.png)",
        "![pixel](//tracker.example/p.png)",
        "![local](scar.png)",
        "![ref][pixel]",
        "A [link](data:text/html;base64,PGgxPmhp)",
        "<data:text/html,hi>",
        "[pixel]: DATA:image/png;base64,AAAA",
    ],
)
def test_outside_images_and_data_links_are_refused(text):
    assert forbidden_media(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "![Skin layers, labelled](figure:skin-layers)",
        "See [the study](https://pubmed.ncbi.nlm.nih.gov/24919799/).",
        "Plain text with an exclamation! And [brackets].",
    ],
)
def test_figures_and_ordinary_links_are_allowed(text):
    assert forbidden_media(text) is None


def test_a_quiz_with_an_outside_image_is_not_loaded_and_the_problem_is_positioned():
    quiz = small_quiz("outside", prompt="True? ![pixel](https://tracker.example/p.png)")
    loaded, problems = parse_quiz(quiz.encode(), "quizzes/outside.yaml")
    assert loaded is None
    assert [(p.line, p.col) for p in problems] == [(7, 13)]
    assert "images must be figures" in problems[0].message


def test_a_quiz_may_show_an_image_saved_in_its_own_folder_but_not_above_it():
    inside = small_quiz("inside", prompt="True? ![layers](layers.png)")
    assert parse_quiz(inside.encode(), "quizzes/inside.yaml")[0] is not None
    above = small_quiz("above", prompt="True? ![layers](../secret/layers.png)")
    loaded, problems = parse_quiz(above.encode(), "quizzes/above.yaml")
    assert loaded is None and "images must be figures" in problems[0].message


def test_a_quiz_with_a_data_link_in_an_option_feedback_is_not_loaded():
    quiz = small_quiz("data", explanation="See [this](data:text/html,hi).")
    loaded, problems = parse_quiz(quiz.encode(), "quizzes/data.yaml")
    assert loaded is None and "'data:' link" in problems[0].message


def test_a_lesson_with_an_outside_image_is_left_out_and_the_line_is_named(tmp_path):
    write_course(tmp_path)
    lesson = tmp_path / "content" / "lessons" / "a-one.md"
    text = lesson.read_text()
    lesson.write_text(text + "Look: ![scar](https://images.example/scar.jpg)\n")
    content = load_content(tmp_path / "content", tmp_path / "quizzes", base=tmp_path)
    assert "a-one" not in content.lessons
    [problem] = [p for p in content.problems if p.path == "content/lessons/a-one.md"]
    assert (problem.line, problem.col) == (text.count("\n") + 1, 7)

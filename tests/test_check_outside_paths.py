"""`python -m needlewise check PATH` with a lesson or figure outside the course's content
folder, or a folder with no course file, reports it as not part of the course and fails,
as it does a file that is no course file at all; what is inside the course is checked as
before."""

from __future__ import annotations

from pathlib import Path

import pytest

from needlewise import config
from needlewise.check import run_check

from .builders import run_cli, write_course

OUTSIDE = "is not part of the course: lessons and figures are read only from content/"
NO_COURSE_FILE = "holds no course, lesson, figure or quiz file"


@pytest.mark.parametrize("path", ["README.md", "docs/deploy.md"])
def test_a_markdown_file_outside_the_course_fails_the_check(path):
    result = run_cli("check", path)
    assert result.returncode == 1
    assert result.stdout == f"{path}:1:1: {OUTSIDE}\n"


def test_a_folder_with_no_course_file_fails_the_check():
    result = run_cli("check", "docs")
    assert result.returncode == 1
    assert result.stdout.startswith(f"docs:1:1: {NO_COURSE_FILE}: ")


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A small course with a broken lesson and figure, and a broken lesson outside it."""
    content_dir, quizzes_dir = write_course(tmp_path)
    (content_dir / "lessons" / "c-broken.md").write_text("no front matter\n")
    (content_dir / "figures" / "bad.svg").write_text("<svg><g></svg>\n")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "lesson.md").write_text("no front matter\n")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    env = {"NEEDLEWISE_CONTENT_DIR": str(content_dir), "NEEDLEWISE_QUIZZES_DIR": str(quizzes_dir)}
    return config.load({}, env=env), tmp_path


def said(course, *paths: str) -> list[str]:
    settings, root = course
    return [str(p) for p in run_check(list(paths), settings, base=root)]


def test_a_broken_lesson_outside_the_content_folder_is_not_part_of_the_course(course):
    assert said(course, "x/lesson.md") == [f"x/lesson.md:1:1: {OUTSIDE}"]
    [absolute] = said(course, str(course[1] / "x" / "lesson.md"))
    assert absolute.endswith(f"x/lesson.md:1:1: {OUTSIDE}")


def test_a_folder_outside_the_course_with_no_course_file_is_reported(course):
    for folder in ("x", "empty"):
        [problem] = said(course, folder)
        assert problem.startswith(f"{folder}:1:1: {NO_COURSE_FILE}: ")


def test_lessons_and_figures_in_the_content_folder_are_still_checked(course):
    lesson = "content/lessons/c-broken.md:1:1: a lesson must start with '---' front matter"
    figure = "content/figures/bad.svg:1:1: figure is not valid SVG"
    assert said(course, "content/lessons/c-broken.md") == [lesson]
    [shown] = said(course, "content/figures/bad.svg")
    assert shown.startswith(figure)
    found = said(course, "content")
    assert len(found) == 2 and found[1] == lesson and found[0].startswith(figure)


def test_a_quiz_file_and_the_course_folders_are_still_checked(course):
    quiz = Path("quizzes") / "a-quiz.yaml"
    quiz.write_text(quiz.read_text().replace("type: single", "type: singel"))
    [problem] = said(course, str(quiz))
    assert problem.startswith("quizzes/a-quiz.yaml:")
    assert said(course, "quizzes") == [problem]
    (Path("content") / "figures" / "bad.svg").unlink()
    assert said(course, "content/figures") == []

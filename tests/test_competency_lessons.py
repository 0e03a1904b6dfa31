"""Each competency names the lessons that teach it, and `check` refuses a lesson that is missing."""

from __future__ import annotations

from needlewise.content import load_content

from .builders import ROOT, write_course


def test_a_competency_may_name_the_lessons_that_teach_it(tmp_path):
    content_dir, quizzes_dir = write_course(tmp_path)
    course = content_dir / "course.yaml"
    course.write_text(
        course.read_text().replace(
            "observe: [Washes hands.]", "observe: [Washes hands.]\n    lessons: [a-one]"
        )
    )
    content = load_content(content_dir, quizzes_dir, base=tmp_path)
    assert content.problems == []
    assert content.course.competencies[0].lessons == ["a-one"]


def test_check_names_the_position_of_a_competency_lesson_that_has_no_file(tmp_path):
    content_dir, quizzes_dir = write_course(tmp_path)
    course = content_dir / "course.yaml"
    text = course.read_text().replace(
        "observe: [Washes hands.]", "observe: [Washes hands.]\n    lessons: [a-one, a-nope]"
    )
    course.write_text(text)
    line = text.splitlines().index("    lessons: [a-one, a-nope]") + 1
    problems = load_content(content_dir, quizzes_dir, base=tmp_path).problems
    assert [(p.line, p.message) for p in problems] == [
        (line, "competency 'hygiene' names lesson 'a-nope', which has no file")
    ]
    assert problems[0].path.endswith("course.yaml")


def test_every_shipped_competency_is_taught_by_a_lesson():
    content = load_content(ROOT / "content", ROOT / "quizzes", base=ROOT)
    for competency in content.course.competencies:
        assert competency.lessons, f"competency '{competency.id}' names no lesson"
        assert set(competency.lessons) <= set(content.lessons), competency.id


def test_the_safe_practice_competencies_exist():
    content = load_content(ROOT / "content", ROOT / "quizzes", base=ROOT)
    ids = {c.id for c in content.course.competencies}
    assert {"asepsis", "consultation", "sharps-and-exposure", "responding-to-the-unexpected"} <= ids

"""Hostile YAML (control characters, deep nesting, merge-key and alias bombs) becomes a
positioned problem for its own file; every other file keeps loading."""

from __future__ import annotations

import inspect
import sys

import pytest

from needlewise import yamlpos
from needlewise.content import load_content

from .builders import write_course
from .hostile_corpus import DEEP, alias_bomb, merge_bomb

CONTROL = [
    *range(0x00, 0x09),
    0x0B,
    0x0C,
    *range(0x0E, 0x20),
    0x7F,
    0xFFFE,
]


@pytest.mark.parametrize("code", CONTROL, ids=lambda c: f"U+{c:04X}")
def test_a_control_character_is_named_with_its_line_and_column(code):
    text = f"id: x\ntitle: Pasted{chr(code)}text\n"
    with pytest.raises(yamlpos.YamlError) as caught:
        yamlpos.load(text, "quiz.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.col) == ("quiz.yaml", 2, 14)
    assert f"control character U+{code:04X} is not allowed" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        f"questions: {DEEP}\n",
        "questions: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n",
        "- " * 1000 + "x\n",
        "a: &a [*a]\n",
    ],
    ids=["brackets", "braces", "block", "self-alias"],
)
def test_deep_nesting_is_refused_with_a_position_not_a_recursion_error(text):
    with pytest.raises(yamlpos.YamlError) as caught:
        yamlpos.load(text, "deep.yaml")
    [problem] = caught.value.problems
    assert "nested more than 50 levels deep" in problem.message
    assert problem.line == 1 and problem.col > 1


def test_a_merge_key_bomb_is_refused_naming_the_line_that_explodes():
    bomb = merge_bomb(19)
    assert len(bomb.encode()) < 800
    with pytest.raises(yamlpos.YamlError) as caught:
        yamlpos.load(bomb, "bomb.yaml")
    [problem] = caught.value.problems
    assert "expands to more than 200000 nodes" in problem.message
    assert problem.line > 1


def test_a_merge_key_into_itself_is_refused():
    with pytest.raises(yamlpos.YamlError, match="merge keys nest more than"):
        yamlpos.load("a: &a {<<: *a}\n", "loop.yaml")


def test_an_alias_bomb_is_blamed_on_the_entry_that_explodes():
    with pytest.raises(yamlpos.YamlError) as caught:
        yamlpos.load(alias_bomb(), "laughs.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (6, 1)


def test_ordinary_merge_keys_keep_their_meaning():
    text = "base: &b {x: 1, y: 2}\nother: &o {x: 5, z: 6}\nthing:\n  <<: [*b, *o]\n  y: 3\n"
    assert yamlpos.load(text, "m.yaml").data["thing"] == {"x": 1, "z": 6, "y": 3}


def test_an_explicit_duplicate_key_is_still_a_problem_but_a_merged_one_is_not():
    with pytest.raises(yamlpos.YamlError, match="duplicate key 'y'"):
        yamlpos.load("b: &b {y: 1}\nt: {<<: *b, y: 2, y: 3}\n", "d.yaml")
    assert yamlpos.load("b: &b {y: 1}\nt: {<<: *b, y: 2}\n", "d.yaml").data["t"] == {"y": 2}


@pytest.mark.parametrize(
    "relative",
    [
        "content/course.yaml",
        "content/references.yaml",
        "content/regions.yaml",
        "content/lessons/a-one.md",
        "quizzes/a-quiz.yaml",
    ],
)
@pytest.mark.parametrize("poison", ["\x0b", DEEP], ids=["vertical-tab", "deep"])
def test_one_poisoned_file_is_reported_and_everything_else_loads(tmp_path, relative, poison):
    write_course(tmp_path)
    target = tmp_path / relative
    lines = target.read_text().splitlines(keepends=True)
    at = 2  # line 3 of a YAML file, or line 3 of a lesson (inside its front matter)
    lines.insert(at, f"extra: {poison}\n" if poison == DEEP else f"extra: a{poison}b\n")
    target.write_text("".join(lines))
    content = load_content(tmp_path / "content", tmp_path / "quizzes", base=tmp_path)
    mine = [p for p in content.problems if p.path == relative]
    assert mine and all(p.line == 3 for p in mine), content.problems
    if relative == "quizzes/a-quiz.yaml":
        assert set(content.quizzes) == {"b-quiz", "final"}
    else:
        assert set(content.quizzes) == {"a-quiz", "b-quiz", "final"}
    if relative == "content/lessons/a-one.md":
        assert set(content.lessons) == {"b-one"}
    assert content.course_available == (relative != "content/course.yaml")


def test_a_recursion_error_still_becomes_a_problem_for_the_file():
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 80)
    try:
        with pytest.raises(yamlpos.YamlError, match="nested too deeply"):
            yamlpos.load("a: " + "[" * 45 + "]" * 45, "tight.yaml")
    finally:
        sys.setrecursionlimit(limit)

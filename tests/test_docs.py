"""The README and the authoring guide are the front door: keep them true."""

from __future__ import annotations

import argparse
import re

from needlewise.cli import build_parser
from needlewise.course import Course
from needlewise.quiz import schema

from .builders import ROOT

README = (ROOT / "README.md").read_text()
AUTHORING = (ROOT / "docs" / "authoring.md").read_text()


def commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix}{name}")
                found += commands(sub, f"{prefix}{name} ")
    return found


def test_every_cli_command_is_in_the_readme():
    listed = commands(build_parser())
    assert "users add" in listed
    for command in listed:
        assert re.search(rf"needlewise {re.escape(command)}\b|`{re.escape(command)}\b", README) or (
            command.startswith("users ") and f"users {command.split()[1]}" in README
        ), command


def test_every_quiz_and_question_field_is_in_the_authoring_guide():
    models = [
        schema.Quiz,
        schema.Review,
        schema.Shuffle,
        schema.Draw,
        schema.Blueprint,
        schema.BlueprintDraw,
        schema.Option,
        schema.SingleQuestion,
        schema.MultipleQuestion,
        schema.TrueFalseQuestion,
        schema.NumericQuestion,
        schema.NumericAnswer,
        schema.UnitOption,
        schema.MatchingQuestion,
        schema.Pair,
        schema.OrderingQuestion,
        schema.ShortTextQuestion,
        schema.ShortAnswer,
        schema.CaseQuestion,
        schema.Vignette,
    ]
    for model in models:
        for field in model.model_fields:
            assert f"`{field}`" in AUTHORING or f"{field}:" in AUTHORING, (model.__name__, field)


def test_every_course_field_is_in_the_authoring_guide():
    for field in Course.model_fields:
        assert f"`{field}`" in AUTHORING, field


def test_every_question_type_has_an_example():
    for kind in (
        "single",
        "multiple",
        "true_false",
        "numeric",
        "matching",
        "ordering",
        "short_text",
        "case",
    ):
        assert f"type: {kind}" in AUTHORING, kind


def test_ci_runs_exactly_the_readme_test_command():
    match = re.search(r"Run the whole test suite:\n\n    (.+)\n", README)
    assert match, "the README must show the test command"
    command = match.group(1).strip()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci[-1] == command


def test_every_environment_variable_the_code_reads_is_documented():
    source = "\n".join(p.read_text() for p in (ROOT / "needlewise").rglob("*.py"))
    for name in set(re.findall(r"NEEDLEWISE_[A-Z_]+", source)):
        assert name in README, name

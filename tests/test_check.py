"""`python -m needlewise check` and `schema`: every problem at once, with its position."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from needlewise import config
from needlewise.check import run_check

from .builders import ROOT, run_cli

BROKEN = Path(__file__).parent / "broken"


def expectations(path: Path) -> list[tuple[int, int, str]]:
    found = []
    for line in path.read_bytes().decode("utf-8", errors="replace").splitlines():
        match = re.match(r"# expect: (\d+):(\d+): (.*)$", line)
        if match:
            found.append((int(match.group(1)), int(match.group(2)), match.group(3)))
    return found


def shipped_config():
    return config.load({}, env={})


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_broken_file_reports_its_problem_at_its_line(path):
    problems = run_check([str(path)], shipped_config(), base=ROOT)
    assert problems, f"{path.name} should have problems"
    for line, col, message in expectations(path):
        matching = [p for p in problems if p.line == line and p.col == col and message in p.message]
        assert matching, f"expected {line}:{col}: {message}; got {[str(p) for p in problems]}"
    assert all(p.path.endswith(path.name) for p in problems)


def test_check_is_clean_on_the_shipped_content():
    result = run_cli("check")
    assert result.stdout == ""
    assert result.returncode == 0


def test_check_prints_path_line_column_and_exits_1_for_a_broken_file(tmp_path):
    broken = tmp_path / "quiz.yaml"
    shutil.copy(BROKEN / "unknown-field.yaml", broken)
    result = run_cli("check", str(broken))
    assert result.returncode == 1
    assert re.search(r"quiz\.yaml:5:1: unknown field 'atempts'", result.stdout), result.stdout


def test_check_reports_problems_in_several_files_at_once():
    result = run_cli("check", str(BROKEN))
    reported = {Path(line.split(":")[0]).name for line in result.stdout.splitlines()}
    assert reported == {p.name for p in BROKEN.glob("*.yaml")}
    assert result.returncode == 1


def test_check_names_a_path_that_does_not_exist():
    result = run_cli("check", "quizzes/nope.yaml")
    assert result.returncode == 1
    assert "quizzes/nope.yaml:1:1: no such file or folder" in result.stdout


def test_cross_file_problems_in_the_course(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    (tmp_path / "content" / "lessons" / "m1-history.md").unlink()
    quiz = tmp_path / "quizzes" / "copy.yaml"
    quiz.write_text((ROOT / "quizzes" / "m1-quiz.yaml").read_text())
    settings = config.load(
        {},
        env={
            "NEEDLEWISE_CONTENT_DIR": str(tmp_path / "content"),
            "NEEDLEWISE_QUIZZES_DIR": str(tmp_path / "quizzes"),
        },
    )
    messages = [p.message for p in run_check([], settings, base=tmp_path)]
    assert "lesson 'm1-history' has no file" in messages
    assert any(m.startswith("quiz id 'm1-quiz' is also used by") for m in messages)


def test_schema_prints_a_json_schema_the_shipped_quizzes_satisfy():
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in sorted((ROOT / "quizzes").glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)


def test_the_schema_rejects_what_check_rejects():
    schema = json.loads(run_cli("schema").stdout)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load((BROKEN / "unknown-field.yaml").read_text()), schema)

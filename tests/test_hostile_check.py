"""`python -m needlewise check` against the hostile-file corpus: every file is named with
its line and column, the exit status is 1, and nothing crashes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from .builders import ROOT
from .hostile_corpus import add_hostile_files, copy_course

PROBLEM_LINE = re.compile(r"^[^:\s][^:]*:\d+:\d+: .+$")


def check(root: Path, *paths: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "needlewise", "check", *paths],
        cwd=root,
        capture_output=True,
        text=True,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(ROOT),
            "HOME": str(root),
            "NEEDLEWISE_CONTENT_DIR": str(root / "content"),
            "NEEDLEWISE_QUIZZES_DIR": str(root / "quizzes"),
        },
        timeout=300,
    )


def test_check_names_every_hostile_file_with_its_line_and_column(tmp_path):
    copy_course(tmp_path)
    expected = add_hostile_files(tmp_path, broken_course=True)
    result = check(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    lines = result.stdout.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    for wanted in expected:
        assert any(wanted.matches(line) for line in lines), (wanted, lines)


def test_check_of_the_hostile_files_by_name_reports_each_of_them(tmp_path):
    copy_course(tmp_path)
    expected = add_hostile_files(tmp_path)
    result = check(tmp_path, *(wanted.path for wanted in expected))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    lines = result.stdout.splitlines()
    for wanted in expected:
        if wanted.path == "quizzes/linked-notes.yaml":
            # Named directly, the link is refused before it is read.
            wanted = replace(wanted, message="is a link to")
        assert any(wanted.matches(line) for line in lines), (wanted, lines)


def test_check_of_a_link_to_a_file_that_is_not_content_fails_and_says_so(tmp_path):
    copy_course(tmp_path)
    (tmp_path / "notes.txt").write_text("Remember to water the plants.\n")
    (tmp_path / "quizzes" / "notes").symlink_to(tmp_path / "notes.txt")
    result = check(tmp_path, "quizzes/notes")
    assert result.returncode == 1
    assert result.stdout.startswith("quizzes/notes:1:1: is a link to ")
    assert "notes.txt, which is not a course, lesson, figure or quiz file" in result.stdout


def test_check_of_the_clean_copy_passes(tmp_path):
    copy_course(tmp_path)
    result = check(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")

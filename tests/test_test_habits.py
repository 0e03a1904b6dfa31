"""Habits of the test suite itself: helpers are shared through builders (never by importing
another test module), fixtures dispose the engines they open, and every AppTest run is
checked for an exception."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from . import builders

TESTS = Path(__file__).resolve().parent
MODULES = sorted(TESTS.glob("*.py"))


def imported_test_modules(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if name.split(".")[-1].startswith("test_"):
                found.append(f"{path.name}:{node.lineno}: from {'.' * node.level}{name}")
    return found


def test_no_test_module_imports_another():
    assert [line for path in MODULES for line in imported_test_modules(path)] == []


def undisposed_fixtures(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.FunctionDef):
            continue
        if not any("fixture" in ast.unparse(d) for d in node.decorator_list):
            continue
        source = ast.unparse(node)
        opens = "open_store(" in source or "create_engine(" in source
        if opens and ".dispose()" not in source:
            found.append(f"{path.name}:{node.lineno}: {node.name}")
    return found


def test_fixtures_dispose_the_engines_they_open():
    assert [line for path in MODULES for line in undisposed_fixtures(path)] == []


def test_the_habit_checks_see_what_they_forbid(tmp_path):
    bad = tmp_path / "test_bad.py"
    bad.write_text(
        "import pytest\n"
        "from .test_other import helper\n"
        "@pytest.fixture\n"
        "def engine(url):\n"
        "    return open_store(url)\n"
    )
    assert imported_test_modules(bad) == ["test_bad.py:2: from .test_other"]
    assert undisposed_fixtures(bad) == ["test_bad.py:4: engine"]


def test_every_apptest_run_fails_the_test_when_the_page_raises(tmp_path):
    assert AppTest._run is builders.run_without_exception
    script = tmp_path / "page.py"
    script.write_text("import streamlit as st\nst.write('before')\nraise RuntimeError('boom')\n")
    with pytest.raises(AssertionError, match="the page raised: "):
        AppTest.from_file(str(script)).run()

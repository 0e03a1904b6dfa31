"""CI stops on a lint, format or type error before the tests run, and the type checker
configured in pyproject.toml has teeth."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from .builders import ROOT

CI = (ROOT / ".ci" / "run").read_text()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _commands() -> list[str]:
    lines = [line.strip() for line in CI.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_ci_checks_lint_format_and_types_before_the_tests():
    commands = _commands()
    assert "set -euo pipefail" in commands
    tests = commands.index("python -m pip install -r requirements-dev.txt && python -m pytest")
    for check in ("ruff check .", "ruff format --check .", "mypy"):
        assert check in commands, check
        assert commands.index(check) < tests, check


def test_the_type_checker_is_pinned_with_the_stubs_it_needs():
    pinned = {
        line.split("==")[0].lower()
        for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
        if "==" in line
    }
    assert {"mypy", "types-pyyaml", "types-defusedxml"} <= pinned


def test_mypy_covers_the_package_the_pages_and_the_router():
    config = PYPROJECT["tool"]["mypy"]
    assert set(config["files"]) == {"needlewise", "views", "app.py"}
    assert not config.get("ignore_errors", False)
    for override in config.get("overrides", []):
        assert not override.get("ignore_errors", False), override["module"]


def test_mypy_with_the_project_settings_fails_on_a_type_error(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def half(value: int) -> int:\n    return value // 2\n\n\nhalf("ten")\n')
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            str(bad),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert 'bad.py:5: error: Argument 1 to "half" has incompatible type "str"' in run.stdout

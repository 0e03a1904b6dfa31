"""`pip install .` gives a `needlewise` command that works from any folder: the package
carries its migrations and fonts, and finds content, quizzes and data where it is run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .builders import ROOT


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with NeedleWise installed from a copy of the source (dependencies come
    from the system site-packages: nothing is downloaded)."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    shutil.copytree(
        ROOT / "needlewise", source / "needlewise", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "requirements.txt", "README.md"):
        shutil.copy(ROOT / name, source / name)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("NEEDLEWISE_") and key not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env["HOME"] = str(base / "home")  # no ~/.streamlit/secrets.toml from this machine
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    pip = run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-index",
            "--no-deps",
            "--no-build-isolation",
            str(source),
        ],
        base,
        env,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return venv / "bin" / "needlewise", env


@pytest.fixture
def project(tmp_path) -> Path:
    """A folder with the course and quizzes, and nothing else of the checkout."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    return tmp_path


def test_the_console_script_shows_its_commands_from_any_folder(installed, tmp_path):
    needlewise, env = installed
    result = run([str(needlewise), "--help"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: needlewise ")
    for command in ("check", "migrate", "ready", "users"):
        assert f"    {command} " in result.stdout, command


def test_the_installed_package_is_the_one_that_runs(installed, tmp_path):
    needlewise, env = installed
    python = needlewise.parent / "python"
    result = run(
        [str(python), "-c", "import needlewise; print(needlewise.__file__)"], tmp_path, env
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(needlewise.parent.parent / "lib")


def test_check_validates_the_content_of_the_folder_it_runs_in(installed, project):
    needlewise, env = installed
    result = run([str(needlewise), "check"], project, env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_in_a_folder_without_content_says_what_is_missing(installed, tmp_path):
    needlewise, env = installed
    result = run([str(needlewise), "check"], tmp_path, env)
    assert result.returncode == 1
    assert "content/course.yaml:1:1: file is missing" in result.stdout + result.stderr


def test_migrate_then_ready_uses_the_packaged_migrations(installed, project):
    needlewise, env = installed
    migrated = run([str(needlewise), "migrate"], project, env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert (project / "data" / "needlewise.db").is_file()
    ready = run([str(needlewise), "ready"], project, env)
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert ready.stdout.startswith("ready (schema ")


def test_the_certificate_fonts_are_installed(installed, tmp_path):
    needlewise, env = installed
    python = needlewise.parent / "python"
    result = run(
        [
            str(python),
            "-c",
            "from needlewise.certification.pdf import FONTS; "
            "print(sorted(p.name for p in FONTS.glob('*.ttf')))",
        ],
        tmp_path,
        env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['DejaVuSans-Bold.ttf', 'DejaVuSans.ttf']"


def test_the_installed_package_holds_every_file_of_the_source(installed):
    needlewise, _ = installed
    site = next((needlewise.parent.parent / "lib").glob("python3*/site-packages"))

    def files(package: Path) -> set[str]:
        return {
            p.relative_to(package).as_posix()
            for p in package.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }

    assert files(ROOT / "needlewise") - files(site / "needlewise") == set()

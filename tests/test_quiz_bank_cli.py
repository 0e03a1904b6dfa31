"""`import ... --to-db` and `export --from-db ID`: the command line on database quizzes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from needlewise import quiz_bank
from needlewise.store import open_store

from .builders import ROOT

INTEROP = Path(__file__).parent / "interop"


@pytest.fixture(autouse=True)
def _migrated(store_url):
    """Commands other than `migrate` (and `demo`) refuse a database without the schema."""
    open_store(store_url).dispose()


def run(url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "needlewise", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "HOME": str(cwd),
            "NEEDLEWISE_DATABASE_URL": url,
            "NEEDLEWISE_CONTENT_DIR": str(ROOT / "content"),
            "NEEDLEWISE_QUIZZES_DIR": str(ROOT / "quizzes"),
        },
    )


def test_import_to_db_stores_a_draft_that_export_from_db_writes_out(store_url, tmp_path):
    stored = run(
        store_url,
        "import",
        str(INTEROP / "constructs.gift"),
        "--to-db",
        "--id",
        "skin-bank",
        cwd=tmp_path,
    )
    assert stored.returncode == 0, stored.stderr
    assert "stored db/skin-bank@v1 as a draft: 16 questions" in stored.stdout
    assert "'Essay' questions need a person to mark them" in stored.stderr
    engine = open_store(store_url)
    (draft,) = quiz_bank.versions(engine, "skin-bank")
    assert (draft.state, draft.author.startswith("shell:")) == ("draft", True)
    engine.dispose()

    as_yaml = run(
        store_url,
        "export",
        "--from-db",
        "skin-bank",
        "--format",
        "yaml",
        "-o",
        "s.yaml",
        cwd=tmp_path,
    )
    assert as_yaml.returncode == 0, as_yaml.stderr
    assert (tmp_path / "s.yaml").read_text() == draft.yaml
    as_gift = run(
        store_url,
        "export",
        "--from-db",
        "skin-bank",
        "--format",
        "gift",
        "-o",
        "s.gift",
        cwd=tmp_path,
    )
    assert as_gift.returncode == 0, as_gift.stderr
    assert "::" in (tmp_path / "s.gift").read_text()


def test_the_command_line_refuses_a_file_quiz_id_and_an_unknown_database_quiz(store_url, tmp_path):
    taken = run(
        store_url,
        "import",
        str(INTEROP / "constructs.gift"),
        "--to-db",
        "--id",
        "m1-quiz",
        cwd=tmp_path,
    )
    assert taken.returncode == 1
    assert "the quiz id 'm1-quiz' is used by a file under quizzes/" in taken.stderr
    missing = run(
        store_url, "export", "--from-db", "nope", "--format", "gift", "-o", "x.gift", cwd=tmp_path
    )
    assert (missing.returncode, missing.stderr) == (
        1,
        "error: there is no quiz 'nope' in the database\n",
    )
    both = run(
        store_url,
        "import",
        str(INTEROP / "constructs.gift"),
        "--to-db",
        "-o",
        "x.yaml",
        cwd=tmp_path,
    )
    assert both.returncode == 2 and "either -o QUIZ.yaml or --to-db" in both.stderr

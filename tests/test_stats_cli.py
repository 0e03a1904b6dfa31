"""`python -m needlewise stats` and `demo` from a shell."""

from __future__ import annotations

import json

from .builders import run_cli


def write(path, text):
    path.write_text(text)
    return str(path)


CSV = """attempt_id,question_id,score,max_score,user_id,response
1,m1-epidermis-thickness,1,1,u1,A
1,m1-tgf-beta3,0,1,u1,
2,m1-epidermis-thickness,1,1,u2,A
2,m1-tgf-beta3,1,1,u2,
3,m1-epidermis-thickness,0,1,u3,B
3,m1-tgf-beta3,0,1,u3,
4,m1-epidermis-thickness,1,1,u4,A
4,m1-tgf-beta3,1,1,u4,
"""


def test_stats_prints_the_documented_json(tmp_path):
    result = run_cli(
        "stats", "--responses", write(tmp_path / "r.csv", CSV), "--quiz", "quizzes/m1-quiz.yaml"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"attempts", "test", "questions"}
    assert report["attempts"] == 4
    assert set(report["test"]) == {
        "mean",
        "median",
        "sd",
        "skewness",
        "kurtosis",
        "cic",
        "error_ratio",
        "standard_error",
    }
    assert report["test"]["mean"] == 62.5
    first = report["questions"][0]
    assert set(first) == {
        "question_id",
        "n",
        "facility",
        "sd",
        "random_guess_score",
        "intended_weight",
        "effective_weight",
        "discrimination_index",
        "discriminative_efficiency",
    }
    assert first["question_id"] == "m1-epidermis-thickness" and first["facility"] == 75.0
    assert first["random_guess_score"] == 25.0
    assert report["questions"][1]["random_guess_score"] == 0.0


def test_stats_as_csv(tmp_path):
    result = run_cli("stats", "--responses", write(tmp_path / "r.csv", CSV), "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("question_id,n,facility")
    assert len(lines) == 3


def test_stats_refuses_a_malformed_table_with_the_row(tmp_path):
    bad = write(tmp_path / "bad.csv", "attempt_id,question_id,score,max_score\n1,q,x,1\n")
    result = run_cli("stats", "--responses", bad)
    assert result.returncode == 1
    assert "row 2: score 'x' is not a number" in result.stderr
    missing = write(tmp_path / "missing.csv", "attempt_id,score\n1,1\n")
    assert (
        "missing 2 columns (question_id, max_score)"
        in run_cli("stats", "--responses", missing).stderr
    )
    empty = write(tmp_path / "empty.csv", "")
    assert "not a readable CSV table" in run_cli("stats", "--responses", empty).stderr
    assert "no such file" in run_cli("stats", "--responses", str(tmp_path / "nope.csv")).stderr


def test_demo_fills_a_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    import os
    import subprocess
    import sys

    from .builders import ROOT

    result = subprocess.run(
        [sys.executable, "-m", "needlewise", "demo", "--learners", "5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NEEDLEWISE_DATABASE_URL": url, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "Added 5 demo learners" in result.stdout
    assert "demo-instructor" in result.stdout

"""The benchmarks still run: bench/run.py at its smallest sizes, on SQLite and PostgreSQL.
Nothing here looks at how long anything took."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(?P<name>.+?)\s+(?P<measured>[\d.]+)(s|MiB)\s+(?P<floor>[\d.]+)(s|MiB)\s+")


def test_the_benchmarks_run_and_report_a_floor_for_each_figure(pg_admin):
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--smoke", "--only", "submit,items,cohort_page,quiz_page"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = {}
    for line in done.stdout.splitlines():
        found = LINE.match(line)
        if found:
            figures[found["name"].strip()] = (float(found["measured"]), float(found["floor"]))
    names = "\n".join(figures)
    for store in ("SQLite", "PostgreSQL"):
        assert re.search(rf"submit an attempt of \d+ answers, {store}", names), done.stdout
        assert f"x 20 questions, {store}: load" in names, done.stdout
        for trainees in ("20", "200"):
            assert f"cohort page rerun, {trainees} trainees, {store}" in names, done.stdout
            assert f"rerun after a change, {trainees} trainees, {store}" in names, done.stdout
        for floor in ("bare script, same widgets", "same, one fragment each"):
            pattern = rf"quiz page rerun, \d+ questions, {store} \(floor: {floor}\)"
            assert re.search(pattern, names), names
    assert all(measured > 0 and floor > 0 for measured, floor in figures.values()), figures


def test_the_check_and_browser_benchmarks_run_and_report_a_floor_for_each_figure(browser, pg_admin):
    """The benchmarks that start servers and Chromium: cold start, memory and clicks (the
    click benchmark once broke unseen when sign-in cookies changed), the last two on
    SQLite and PostgreSQL."""
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--smoke", "--only", "check,cold_start,memory,clicks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = {
        found["name"].strip(): (float(found["measured"]), float(found["floor"]))
        for found in map(LINE.match, done.stdout.splitlines())
        if found
    }
    names = "\n".join(figures)
    assert re.search(r"check: \d+ files x 50 questions", names), done.stdout
    assert "cold start to the first page" in names, done.stdout
    for store in ("SQLite", "PostgreSQL"):
        assert re.search(rf"server memory with \d+ signed-in sessions, {store}", names), names
        for click in (
            "Course",
            "a lesson",
            "the quiz page (an open attempt)",
            "the quiz's next page",
            "Gradebook (instructor)",
            "Item analysis (instructor)",
        ):
            assert f"click to settled: {click}, {store}" in names, done.stdout
        assert f"an answer click to settled, {store}" in names, done.stdout
    assert all(measured > 0 and floor > 0 for measured, floor in figures.values()), figures

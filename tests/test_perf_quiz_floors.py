"""The quiz page benchmark times the page and its three floors in turn, round after round,
and reports where the gap to the bare floor lies. Nothing here looks at how long
anything took."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scenarios  # noqa: E402

LINE = re.compile(r"^(?P<name>.+?)\s+(?P<measured>[\d.]+)s\s+(?P<floor>[\d.]+)s\s+")


def test_interleaved_timing_runs_each_action_in_turn_and_keeps_their_order():
    calls: list[str] = []
    actions = [lambda name=name: calls.append(name) for name in ("page", "bare", "fragments")]
    medians = scenarios.medians_interleaved(actions, 4)
    assert calls == ["page", "bare", "fragments"] * 4
    assert len(medians) == 3 and all(m >= 0 for m in medians)


def test_the_boxed_floor_draws_each_question_in_a_box_inside_its_fragment(tmp_path):
    from streamlit.testing.v1 import AppTest

    boxed = AppTest.from_file(str(scenarios._bare_script(tmp_path, 10, True, True))).run()
    bare = AppTest.from_file(str(scenarios._bare_script(tmp_path, 10))).run()
    assert not boxed.exception and not bare.exception
    assert len(boxed.radio) == len(bare.radio) == 8 and len(boxed.text_input) == 2
    assert boxed.radio[0].key == bare.radio[0].key == "q0"
    # Between the title and the button: per question, the fragment's own container holding
    # one bordered, keyed box (the page's boxes carry its scroll anchor) with the question.
    questions = list(boxed.main.children.values())[1:-1]
    assert len(questions) == 10
    for number, fragment in enumerate(questions):
        [box] = fragment.children.values()
        assert box.key == f"box{number}" and box.proto.flex_container.border
        kinds = [child.type for child in box.children.values()]
        assert kinds[0] == "markdown" and kinds[1] in ("radio", "text_input"), kinds


def test_the_quiz_page_benchmark_reports_the_page_against_every_floor(pg_admin):
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--smoke", "--only", "quiz_page"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = {
        found["name"].strip(): (float(found["measured"]), float(found["floor"]))
        for found in map(LINE.match, done.stdout.splitlines())
        if found
    }
    expected = []
    for store in ("SQLite", "PostgreSQL"):
        page = f"quiz page rerun, 50 questions, {store}"
        lines = [
            f"{page} (floor: bare script, same widgets)",
            f"{page} (floor: same, one fragment each)",
            f"bare script, 50 questions, one fragment each, timed beside {store}"
            " (floor: bare script)",
            f"{page} (floor: same, one fragment and box each)",
        ]
        expected += lines
        # One measurement of each script serves every line of its round it appears in.
        assert figures[lines[2]] == (figures[lines[1]][1], figures[lines[0]][1]), figures
        assert len({figures[name][0] for name in (lines[0], lines[1], lines[3])}) == 1
    assert list(figures) == expected, done.stdout
    assert all(measured > 0 and floor > 0 for measured, floor in figures.values()), figures

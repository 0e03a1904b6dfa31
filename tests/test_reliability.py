"""Under load, after a crash, and against hostile input, nothing is lost or let through."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import tomllib

import pytest
import yaml
from sqlalchemy import func, select, text

from needlewise import attempts, yamlpos
from needlewise.quiz.loading import parse_quiz
from needlewise.quiz.scoring import correct_response
from needlewise.store import open_store
from needlewise.store.schema import attempts as attempts_table
from needlewise.store.schema import responses

from .builders import ROOT, add_user, make_app, shipped_content, sign_in_as

CONTENT = shipped_content()

TRAINEES = 50


def test_fifty_trainees_submitting_at_once_lose_and_duplicate_nothing(engine):
    loaded = CONTENT.quizzes["m1-quiz"]
    answers = {q.id: correct_response(q) for _, q in loaded.quiz.leaves()}
    people = [add_user(engine, f"t{i:02d}") for i in range(TRAINEES)]
    gate = threading.Barrier(TRAINEES)
    errors: list[BaseException] = []
    results = {}

    def trainee(user) -> None:
        try:
            gate.wait()
            attempt = attempts.start_or_resume(engine, user.id, loaded, 80)
            attempts.save_many(engine, attempt.id, user.id, answers)
            first = attempts.submit(engine, attempt.id, user.id)
            again = attempts.submit(engine, attempt.id, user.id)  # an impatient double click
            results[user.id] = (first, again)
        except BaseException as exc:  # every failure is reported below
            errors.append(exc)

    threads = [threading.Thread(target=trainee, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], [repr(e) for e in errors]
    assert len(results) == TRAINEES
    assert all(first == again and first.percent == 100 for first, again in results.values())
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(attempts_table)).scalar()
        rows = connection.execute(select(func.count()).select_from(responses)).scalar()
    assert count == TRAINEES
    assert rows == TRAINEES * len(answers)


def test_two_tabs_submitting_the_same_attempt_at_once_record_one_result(engine):
    loaded = CONTENT.quizzes["m1-quiz"]
    user = add_user(engine, "tess")
    attempt = attempts.start_or_resume(engine, user.id, loaded, 80)
    attempts.save_many(
        engine, attempt.id, user.id, {q.id: correct_response(q) for _, q in loaded.quiz.leaves()}
    )
    gate = threading.Barrier(8)
    seen = []

    def submit() -> None:
        gate.wait()
        seen.append(attempts.submit(engine, attempt.id, user.id))

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({(a.submitted_at, a.points) for a in seen}) == 1


def test_a_killed_process_leaves_a_sound_database_without_partial_attempts(tmp_path):
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    open_store(url).dispose()
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_worker", url, str(ROOT)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "NEEDLEWISE_BCRYPT_ROUNDS": "4"},
    )
    done = 0
    while done < 25:
        line = worker.stdout.readline()
        assert line, "the worker stopped on its own"
        done = int(line)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    engine = open_store(url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        submitted = connection.execute(
            select(attempts_table.c.id, attempts_table.c.layout).where(
                attempts_table.c.state == "submitted"
            )
        ).all()
        assert len(submitted) >= 25
        for attempt_id, layout in submitted:
            scored = connection.execute(
                select(func.count())
                .select_from(responses)
                .where(responses.c.attempt_id == attempt_id, responses.c.fraction.is_not(None))
            ).scalar()
            assert scored == sum(len(slot.get("parts", [slot])) for slot in layout)
    engine.dispose()


def test_yaml_never_constructs_python_objects():
    hostile = "id: x\ntitle: !!python/object/apply:os.system ['echo pwned']\nquestions: []\n"
    with pytest.raises(yamlpos.YamlError, match="YAML"):
        yamlpos.load(hostile, "hostile.yaml")
    loaded, problems = parse_quiz(hostile.encode(), "hostile.yaml")
    assert loaded is None and problems


def test_a_billion_laughs_document_is_refused():
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for level in range(1, 9):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    with pytest.raises(yamlpos.YamlError, match="too many aliases"):
        yamlpos.load("\n".join(lines), "laughs.yaml")


def test_names_with_markup_render_as_text(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    hostile = add_user(engine, "mallory", name='<script>alert("x")</script> Mallory')
    at = sign_in_as(make_app(monkeypatch, sqlite_url), hostile)
    at.switch_page("views/home.py").run()
    assert not at.exception
    shown = [m for m in at.markdown] + [c for c in at.caption] + [t for t in at.title]
    assert any("\\<script\\>" in element.value for element in shown)
    assert all(not getattr(element.proto, "allow_html", False) for element in at.markdown)


def test_the_server_shows_no_stack_traces_and_limits_uploads():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] <= 10
    assert config["browser"]["gatherUsageStats"] is False


def test_a_running_server_never_loads_changed_code_beside_the_old():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"


def test_quiz_and_lesson_html_is_refused_by_check():
    quiz = yaml.safe_dump(
        {
            "id": "h",
            "title": "H",
            "questions": [
                {
                    "id": "h1",
                    "type": "true_false",
                    "prompt": "<img src=x onerror=alert(1)> True?",
                    "objectives": ["m1.history"],
                    "answer": True,
                }
            ],
        }
    ).encode()
    loaded, problems = parse_quiz(quiz, "h.yaml")
    assert loaded is None
    assert "raw HTML" in problems[0].message

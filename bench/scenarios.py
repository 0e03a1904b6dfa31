"""The benchmark scenarios run by bench/run.py. Each returns results with their floor."""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


# Set by ``run.py --smoke``: the smallest sizes, to prove every scenario still runs.
SMOKE = False


def pick(quick: bool, full, small, smoke):
    """The size for this run: full, --quick or --smoke."""
    if SMOKE:
        return smoke
    return small if quick else full


@dataclass
class Result:
    name: str
    measured: float
    floor: float
    unit: str = "s"

    def line(self) -> str:
        ratio = self.measured / self.floor if self.floor else float("nan")
        return (
            f"{self.name:<58} {self.measured:>10.4f}{self.unit:<2} "
            f"{self.floor:>10.4f}{self.unit:<2} {ratio:>7.2f}x"
        )


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_of(action, repeats: int) -> float:
    return statistics.median(timed(action) for _ in range(repeats))


def medians_interleaved(actions: list, repeats: int) -> list[float]:
    """The median time of each action, timed in turn round after round: a machine whose
    load changes over seconds slows them alike, where timing one after the other can
    put the page in a busy moment and its floor in a quiet one."""
    samples: list[list[float]] = [[] for _ in actions]
    for _ in range(repeats):
        for action, times in zip(actions, samples, strict=True):
            times.append(timed(action))
    return [statistics.median(times) for times in samples]


# --- the two databases -------------------------------------------------------------------

POSTGRES_ADMIN = os.environ.get(
    "NEEDLEWISE_BENCH_POSTGRES_URL",
    os.environ.get(
        "NEEDLEWISE_TEST_POSTGRES_URL",
        "postgresql+psycopg://needlewise:needlewise@localhost:5432/postgres",
    ),
)


@contextmanager
def _postgres(name: str):
    """A fresh PostgreSQL database for one scenario, dropped afterwards; None without a
    server."""
    from sqlalchemy import create_engine, text

    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    database = f"nw_bench_{name}_{os.getpid()}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    except Exception as exc:  # any failure means no usable server here
        print(f"  no PostgreSQL at {POSTGRES_ADMIN.split('@')[-1]} ({type(exc).__name__}); skipped")
        admin.dispose()
        yield None
        return
    try:
        yield f"{POSTGRES_ADMIN.rsplit('/', 1)[0]}/{database}"
    finally:
        _drop(admin, database)
        admin.dispose()


def _drop(admin, database: str) -> None:
    """Drop a bench database; autovacuum, started by the bulk load, may hold it a while
    (and a role without pg_signal_backend cannot end it), so wait for it."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for _ in range(60):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            return
        except DBAPIError:
            time.sleep(1)
    print(f"  could not drop the PostgreSQL database {database}; drop it by hand")


@contextmanager
def stores(folder: Path, name: str):
    """(label, URL) of a SQLite file and, when a server answers, a PostgreSQL database."""
    with _postgres(name) as postgres:
        found = [("SQLite", f"sqlite:///{folder / f'{name}.db'}")]
        if postgres is not None:
            found.append(("PostgreSQL", postgres))
        yield found


def driver_rows(engine, sql: str, parameters: dict | None = None) -> pd.DataFrame:
    """A plain SELECT through the database driver into pandas: the floor for reading."""
    with engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute(sql.replace("%(", ":").replace(")s", ""), parameters or {})
        else:
            cursor.execute(sql, parameters or {})
        rows = cursor.fetchall()
        columns = [d[0] for d in cursor.description]
        cursor.close()
    return pd.DataFrame.from_records(rows, columns=columns)


# --- generated content ---------------------------------------------------------------------


def generated_quiz(quiz_id: str, module: str | None, objective: str, questions: int) -> dict:
    kinds = []
    for i in range(questions):
        base = {
            "id": f"{quiz_id}-q{i:03d}",
            "prompt": f"Question {i}: which option is right?",
            "objectives": [objective],
            "explanation": "Because it is.",
            "references": ["alam2014"],
        }
        if i % 5 == 3:
            kinds.append({**base, "type": "true_false", "answer": i % 2 == 0})
        elif i % 5 == 4:
            kinds.append({**base, "type": "numeric", "answer": 1.5, "tolerance": 0.1, "unit": "mm"})
        else:
            kinds.append(
                {
                    **base,
                    "type": "single",
                    "options": [{"text": f"Option {j}", "correct": j == i % 4} for j in range(4)],
                }
            )
    quiz = {"id": quiz_id, "title": f"Quiz {quiz_id}", "questions": kinds}
    if module:
        quiz["module"] = module
    return quiz


def bench_course(folder: Path, questions: int) -> tuple[Path, Path]:
    """The shipped course with its first module's quiz replaced by a generated one."""
    content, quizzes = folder / "content", folder / "quizzes"
    shutil.copytree(ROOT / "content", content, dirs_exist_ok=True)
    shutil.copytree(ROOT / "quizzes", quizzes, dirs_exist_ok=True)
    quiz = generated_quiz("m1-quiz", "m1", "m1.history", questions)
    (quizzes / "m1-quiz.yaml").write_text(yaml.safe_dump(quiz, sort_keys=False))
    return content, quizzes


# --- check ----------------------------------------------------------------------------------


def check_many_files(quick: bool, folder: Path) -> list[Result]:
    from needlewise import config
    from needlewise.check import run_check

    count = pick(quick, 200, 20, 3)
    target = folder / "check"
    target.mkdir()
    for n in range(count):
        quiz = generated_quiz(f"bench{n:03d}", "m1", "m1.history", 50)
        (target / f"bench{n:03d}.yaml").write_text(yaml.safe_dump(quiz, sort_keys=False))
    settings = config.load({}, env={})
    files = sorted(target.glob("*.yaml"))

    def parse_only() -> None:
        for path in files:
            yaml.load(path.read_text(), Loader=yaml.SafeLoader)

    def check() -> None:
        problems = run_check([str(target)], settings, base=folder)
        assert problems == [], problems[:3]

    return [
        Result(
            f"check: {count} files x 50 questions (floor: YAML parse)",
            median_of(check, 3),
            median_of(parse_only, 3),
        )
    ]


# --- submitting an attempt --------------------------------------------------------------------


def submission(quick: bool, folder: Path) -> list[Result]:
    results = []
    with stores(folder, "submit") as found:
        for label, url in found:
            results += _submission(quick, url, label)
    return results


def _submission(quick: bool, url: str, label: str) -> list[Result]:
    from sqlalchemy import text

    from needlewise import accounts, attempts
    from needlewise.acting import Operator
    from needlewise.content import load_content
    from needlewise.quiz.scoring import correct_response
    from needlewise.store import open_store

    engine = open_store(url)
    content = load_content(ROOT / "content", ROOT / "quizzes")
    loaded = content.quizzes["m1-quiz"]
    answers = {q.id: correct_response(q) for _, q in loaded.quiz.leaves()}
    repeats = pick(quick, 60, 10, 3)
    people = [
        accounts.create_user(
            engine,
            f"s{i:04d}",
            "S",
            f"s{i:04d}@example.com",
            "bench password 1",
            ["trainee"],
            actor=Operator("bench"),
            must_change_password=False,
        )
        for i in range(2 * repeats)
    ]
    lifecycle, submits = [], []
    for user in people[:repeats]:

        def whole(user=user) -> None:
            attempt = attempts.start_or_resume(engine, user.id, loaded, 80)
            attempts.save_many(engine, attempt.id, user.id, answers)
            attempts.submit(engine, attempt.id, user.id)

        lifecycle.append(timed(whole))
    for user in people[repeats:]:
        attempt = attempts.start_or_resume(engine, user.id, loaded, 80)
        attempts.save_many(engine, attempt.id, user.id, answers)
        submits.append(timed(lambda a=attempt, u=user: attempts.submit(engine, a.id, u.id)))
    with engine.begin() as connection:
        connection.execute(
            text(
                "create table bench_a (id integer primary key, user_id integer, quiz_id text, "
                "layout text, state text)"
            )
        )
        connection.execute(
            text(
                "create table bench_r (attempt_id integer, question_id text, response text, "
                "fraction float, points float)"
            )
        )
        connection.execute(
            text(
                "create table bench_o (owner_id integer, objective text, earned float, "
                "possible float)"
            )
        )
    # Submit also writes the attempt's marks per objective and the trainee's: the floor
    # inserts as many rows, in bench_o.
    objectives = sorted({o for _, q in loaded.quiz.leaves() for o in q.objectives})
    floor = []
    for n in range(repeats):

        def insert(n=n) -> None:
            with engine.begin() as connection:
                connection.exec_driver_sql(
                    "insert into bench_a values (%(i)s, %(i)s, 'm1-quiz', '[]', 'submitted')"
                    if engine.dialect.name == "postgresql"
                    else "insert into bench_a values (:i, :i, 'm1-quiz', '[]', 'submitted')",
                    {"i": n},
                )
                marker = "%s" if engine.dialect.name == "postgresql" else "?"
                connection.exec_driver_sql(
                    f"insert into bench_r values ({', '.join([marker] * 5)})",
                    [(n, q, json.dumps(r), 1.0, 1.0) for q, r in answers.items()],
                )
                connection.exec_driver_sql(
                    f"insert into bench_o values ({', '.join([marker] * 4)})",
                    [(n, o, 1.0, 1.0) for o in objectives for _owner in ("attempt", "trainee")],
                )

        floor.append(timed(insert))
    engine.dispose()
    raw = statistics.median(floor)
    size = f"{len(answers)} answers, {label}"
    return [
        Result(
            f"submit an attempt of {size} (floor: raw INSERTs)", statistics.median(submits), raw
        ),
        Result(
            f"start, save and submit, {size} (floor: raw INSERTs)",
            statistics.median(lifecycle),
            raw,
        ),
    ]


# --- item analysis ----------------------------------------------------------------------------


def item_analysis(quick: bool, folder: Path) -> list[Result]:
    from needlewise.quiz.schema import Quiz
    from needlewise.stats import analyse

    attempts_count = pick(quick, 50_000, 5_000, 300)
    questions = 20
    rng = random.Random(1)
    ability = [rng.gauss(0, 1) for _ in range(attempts_count)]
    difficulty = [rng.gauss(0, 1) for _ in range(questions)]
    rows = []
    for a in range(attempts_count):
        for q in range(questions):
            right = rng.random() < 1 / (1 + 2.718 ** (difficulty[q] - ability[a]))
            choice = (q % 4) if right else rng.choice([c for c in range(4) if c != q % 4])
            rows.append((a + 1, f"bench-q{q:03d}", 1.0 if right else 0.0, 1.0, choice))
    frame = pd.DataFrame(
        rows, columns=["attempt_id", "question_id", "score", "max_score", "choice"]
    )
    csv = folder / "responses.csv"
    frame.assign(response=frame["choice"].map("ABCD".__getitem__)).drop(columns="choice").to_csv(
        csv, index=False
    )
    results = []
    loaded_frame = {}

    def load_csv() -> None:
        loaded_frame["frame"] = pd.read_csv(
            csv, dtype={"attempt_id": str, "question_id": str, "response": str}
        )

    load_time = median_of(load_csv, 3)
    compute = median_of(lambda: analyse(loaded_frame["frame"]), 3)
    label = f"{attempts_count:,} attempts x {questions} questions"
    results.append(Result(f"item analysis compute, {label} (floor: read CSV)", compute, load_time))

    quiz = Quiz.model_validate(
        {
            **generated_quiz("bench", None, "m1.history", questions),
            "questions": [
                {
                    "id": f"bench-q{q:03d}",
                    "type": "single",
                    "prompt": "Q?",
                    "objectives": ["o"],
                    "options": [{"text": f"O{j}", "correct": j == q % 4} for j in range(4)],
                }
                for q in range(questions)
            ],
        }
    )
    with stores(folder, "items") as found:
        for store, url in found:
            results += _items_from_database(url, f"{label}, {store}", quiz, rows, attempts_count)
    return results


def bulk(engine, table: str, columns: list[str], rows: list[tuple]) -> None:
    """Rows straight into a table: COPY on PostgreSQL, executemany on SQLite."""
    with engine.begin() as connection:
        driver = connection.connection.driver_connection
        if engine.dialect.name == "postgresql":
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with driver.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            driver.executemany(f"insert into {table} ({', '.join(columns)}) values ({marks})", rows)


def _items_from_database(url: str, label: str, quiz, rows, attempts_count: int) -> list[Result]:
    from needlewise.item_analysis import load_responses
    from needlewise.stats import analyse
    from needlewise.store import open_store

    engine = open_store(url)
    now = datetime(2026, 1, 1)
    bulk(
        engine,
        "users",
        ["id", "username", "name", "email", "password_hash", "created_at"],
        [(1, "u", "U", "u@example.com", "x", now)],
    )
    bulk(
        engine,
        "quiz_versions",
        ["quiz_id", "version", "definition", "first_seen_at"],
        [("bench", "v1", json.dumps(quiz.model_dump(mode="json")), now)],
    )
    bulk(
        engine,
        "attempts",
        [
            "id",
            "user_id",
            "quiz_id",
            "quiz_version",
            "number",
            "layout",
            "state",
            "started_at",
            "submitted_at",
            "max_points",
            "pass_mark",
            "points",
            "percent",
            "passed",
            "timed_out",
        ],
        [
            (
                a,
                1,
                "bench",
                "v1",
                a,
                "[]",
                "submitted",
                now,
                now + timedelta(seconds=a),
                20,
                80,
                0,
                0,
                False,
                False,
            )
            for a in range(1, attempts_count + 1)
        ],
    )
    bulk(
        engine,
        "responses",
        [
            "attempt_id",
            "question_id",
            "response",
            "saved_at",
            "checked",
            "fraction",
            "points",
            "max_points",
        ],
        [(a, q, json.dumps({"choice": c}), now, False, s, s, 1) for a, q, s, _, c in rows],
    )
    with engine.begin() as connection:
        connection.exec_driver_sql("analyze")

    plain = (
        "select r.attempt_id, a.user_id, a.submitted_at, r.question_id, r.points, "
        "r.max_points, cast(r.response as text) from responses r join attempts a on a.id = "
        "r.attempt_id where a.quiz_id = 'bench' and a.state = 'submitted'"
    )
    floor = median_of(lambda: driver_rows(engine, plain), 3)
    holder = {}

    def load_ours() -> None:
        holder["frame"] = load_responses(engine, "bench")

    ours_load = median_of(load_ours, 3)
    compute = median_of(lambda: analyse(holder["frame"], keys={}), 3)
    engine.dispose()
    return [
        Result(f"item analysis from the database, {label}: load (floor: SELECT)", ours_load, floor),
        Result(
            f"item analysis from the database, {label}: load + compute (floor: SELECT)",
            ours_load + compute,
            floor,
        ),
    ]


# --- pages in AppTest -------------------------------------------------------------------------


@contextmanager
def compiled_once():
    """AppTest compiles every script again on each run (a new script cache per run); a
    server compiles each script once and keeps its bytecode until the file changes. Pages
    and their floors are timed with one cache kept across runs, as on a server, so
    neither is timed compiling."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    kept = ScriptCache()
    made = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: kept
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = made


def _apptest(database_url: str, content: Path | None = None, quizzes: Path | None = None):
    from streamlit.testing.v1 import AppTest

    os.environ["NEEDLEWISE_DATABASE_URL"] = database_url
    if content is not None:
        os.environ["NEEDLEWISE_CONTENT_DIR"] = str(content)
        os.environ["NEEDLEWISE_QUIZZES_DIR"] = str(quizzes)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def _sign_in(at, user) -> None:
    at.session_state["authentication_status"] = True
    at.session_state["username"] = user.username
    at.session_state["name"] = user.name
    at.session_state["roles"] = list(user.roles)


def _bare_script(
    folder: Path, questions: int, fragments: bool = False, boxed: bool = False
) -> Path:
    """The same widgets as the quiz page, with nothing behind them; with ``fragments``,
    each question in its own fragment, as the quiz page draws them; with ``boxed`` too,
    in a bordered box of its own inside that fragment, as the quiz page draws them."""
    lines = ["import streamlit as st", "st.title('Quiz')"]
    if boxed:
        lines += [
            "",
            "@st.fragment",
            "def ask(key, draw):",
            "    with st.container(border=True, key=key):",
            "        draw()",
            "",
        ]
    elif fragments:
        lines += ["", "@st.fragment", "def ask(draw):", "    draw()", ""]
    for i in range(questions):
        body = [f"st.markdown('**Question {i + 1}.** Question {i}: which option is right?')"]
        if i % 5 == 3:
            body.append(f"st.radio('True or false?', [True, False], index=None, key='q{i}')")
        elif i % 5 == 4:
            body.append(f"st.text_input('Your answer (in mm)', key='q{i}')")
        else:
            body.append(
                f"st.radio('Choose one answer', [0, 1, 2, 3], index=None, key='q{i}',"
                f" format_func=lambda j: f'Option {{j}}')"
            )
        if boxed:
            lines.append(f"ask('box{i}', lambda: ({', '.join(body)}))")
        elif fragments:
            lines.append(f"ask(lambda: ({', '.join(body)}))")
        else:
            lines += body
    lines.append("st.button('Submit and see my result')")
    name = "boxed_quiz.py" if boxed else "fragment_quiz.py" if fragments else "bare_quiz.py"
    path = folder / name
    path.write_text("\n".join(lines))
    return path


def quiz_page(quick: bool, folder: Path) -> list[Result]:
    with compiled_once():
        return _quiz_page(quick, folder)


def _quiz_page(quick: bool, folder: Path) -> list[Result]:
    from streamlit.testing.v1 import AppTest

    questions = 50
    repeats = pick(quick, 30, 10, 2)
    content_dir, quizzes_dir = bench_course(folder / "quizpage", questions)
    floors = [
        AppTest.from_file(str(_bare_script(folder, questions, *kind)), default_timeout=60).run()
        for kind in ((False, False), (True, False), (True, True))
    ]
    results = []
    with stores(folder, "quizpage") as found:
        for label, url in found:
            at = _quiz_in_progress(url, content_dir, quizzes_dir, questions)
            page, floor, fragment_floor, boxed_floor = medians_interleaved(
                [at.run] + [script.run for script in floors], repeats
            )
            size = f"{questions} questions, {label}"
            results += [
                Result(f"quiz page rerun, {size} (floor: bare script, same widgets)", page, floor),
                Result(
                    f"quiz page rerun, {size} (floor: same, one fragment each)",
                    page,
                    fragment_floor,
                ),
                # The two parts of the gap, so a run shows where it is: what one fragment
                # per question costs before the page does anything else (the least a page
                # that reruns only the answered question can cost), and what the app adds
                # around questions drawn as the page draws them (sign-in, navigation,
                # settings, the attempt).
                Result(
                    f"bare script, {questions} questions, one fragment each, timed beside"
                    f" {label} (floor: bare script)",
                    fragment_floor,
                    floor,
                ),
                Result(
                    f"quiz page rerun, {size} (floor: same, one fragment and box each)",
                    page,
                    boxed_floor,
                ),
            ]
    return results


def _quiz_in_progress(url: str, content_dir: Path, quizzes_dir: Path, questions: int):
    """The quiz page in AppTest, signed in as a trainee with an open attempt of
    ``questions`` on one page."""
    from needlewise import accounts, attempts, progress
    from needlewise.acting import Operator
    from needlewise.content import load_content
    from needlewise.store import open_store

    engine = open_store(url)
    content = load_content(content_dir, quizzes_dir)
    user = accounts.create_user(
        engine,
        "quiz",
        "Quiz Taker",
        "quiz@example.com",
        "bench password 1",
        ["trainee"],
        actor=Operator("bench"),
        must_change_password=False,
    )
    for lesson in content.course.modules[0].lessons:
        progress.mark_read(engine, user.id, lesson)
    attempts.start_or_resume(engine, user.id, content.quizzes["m1-quiz"], 80)
    engine.dispose()
    at = _apptest(url, content_dir, quizzes_dir)
    _sign_in(at, user)
    at.query_params["id"] = "m1-quiz"
    at.switch_page("views/quiz.py").run()
    assert not at.exception and len(at.radio) >= questions // 2, "the quiz page did not render"
    return at


def cohort_page(quick: bool, folder: Path) -> list[Result]:
    """The Gradebook at two sizes ten times apart, on each database: the curve."""
    with compiled_once():
        return _cohort_page(quick, folder)


def _cohort_page(quick: bool, folder: Path) -> list[Result]:
    from streamlit.testing.v1 import AppTest

    sizes = pick(quick, (2_000, 20_000), (200, 2_000), (20, 200))
    repeats = pick(quick, 9, 3, 2)
    hello = folder / "hello.py"
    hello.write_text("import streamlit as st\nst.title('Hello')\n")
    bare = AppTest.from_file(str(hello), default_timeout=60).run()
    results = []
    for trainees in sizes:
        with stores(folder, f"cohort{trainees}") as found:
            for store, url in found:
                page, changed = _cohort_rerun(url, trainees, repeats)
                floor = median_of(bare.run, repeats)
                results.append(
                    Result(
                        f"cohort page rerun, {trainees:,} trainees, {store} (floor: hello page)",
                        page,
                        floor,
                    )
                )
                results.append(
                    Result(
                        f"cohort page rerun after a change, {trainees:,} trainees, {store}"
                        " (floor: hello page)",
                        changed,
                        floor,
                    )
                )
    return results


def _cohort_rerun(url: str, trainees: int, repeats: int) -> tuple[float, float]:
    """The Gradebook's rerun when nothing changed, and right after a change to a trainee
    (what follows a submission: everything is read from the database again)."""
    from sqlalchemy import text

    from needlewise import accounts, gradebook
    from needlewise.acting import Operator
    from needlewise.content import load_content
    from needlewise.store import open_store

    engine = open_store(url)
    content = load_content(ROOT / "content", ROOT / "quizzes")
    instructor = accounts.create_user(
        engine,
        "teach",
        "Teacher",
        "teach@example.com",
        "bench password 1",
        ["instructor"],
        actor=Operator("bench"),
        must_change_password=False,
    )
    fill_cohort(engine, content, trainees)
    engine.dispose()
    at = _apptest(url, ROOT / "content", ROOT / "quizzes")
    _sign_in(at, instructor)
    at.run()  # the Gradebook's address (/cohort) is known once navigation has run
    at.switch_page("views/gradebook.py").run()
    # The table draws one page of rows; the exports hold every trainee.
    shown = min(trainees, gradebook.PAGE_ROWS)
    assert not at.exception and len(at.dataframe[0].value) == shown, at.exception
    unchanged = median_of(at.run, repeats)
    engine = open_store(url)
    touch = text("UPDATE users SET name = name WHERE username = 't00000'")

    def change() -> None:
        with engine.begin() as connection:
            connection.execute(touch)

    after_change = []
    for _ in range(repeats):
        change()
        after_change.append(timed(at.run))
    engine.dispose()
    return unchanged, statistics.median(after_change)


def fill_cohort(engine, content, trainees: int) -> None:
    """Trainees, lessons read and submitted quiz attempts (with the per-objective totals
    submit writes), loaded in bulk."""
    from needlewise import mastery
    from needlewise.attempts import objective_totals
    from needlewise.quiz.scoring import correct_response

    rng = random.Random(5)
    now = datetime(2026, 6, 1)
    course = content.course
    quiz_ids = [m.quiz for m in course.modules]
    bulk(
        engine,
        "quiz_versions",
        ["quiz_id", "version", "definition", "first_seen_at"],
        [
            (
                q,
                content.quizzes[q].version,
                json.dumps(content.quizzes[q].quiz.model_dump(mode="json")),
                now,
            )
            for q in quiz_ids
        ],
    )
    people, roles, reads, tries, answers, totals = [], [], [], [], [], []
    attempt_id = 0
    for n in range(trainees):
        user_id = n + 10
        people.append((user_id, f"t{n:05d}", f"Trainee {n}", f"t{n:05d}@example.com", "x", now))
        roles.append((user_id, "trainee"))
        reach = rng.randint(0, len(quiz_ids))
        for module in course.modules[:reach]:
            reads += [(user_id, lesson, now) for lesson in module.lessons]
        for quiz_id in quiz_ids[:reach]:
            loaded = content.quizzes[quiz_id]
            attempt_id += 1
            leaves = {q.id: q for _, q in loaded.quiz.leaves()}
            marks = [1.0 if rng.random() < 0.75 else 0.0 for _ in leaves]
            percent = 100 * sum(marks) / len(marks)
            tries.append(
                (
                    attempt_id,
                    user_id,
                    quiz_id,
                    loaded.version,
                    1,
                    "[]",
                    "submitted",
                    now,
                    now,
                    len(leaves),
                    80,
                    sum(marks),
                    percent,
                    percent >= 80,
                    False,
                )
            )
            scored = [
                {"question_id": q.id, "points": m, "max_points": 1.0}
                for q, m in zip(leaves.values(), marks, strict=True)
            ]
            answers += [
                (attempt_id, q.id, json.dumps(correct_response(q)), now, False, m, m, 1.0)
                for q, m in zip(leaves.values(), marks, strict=True)
            ]
            totals += [
                (attempt_id, objective, earned, possible)
                for objective, (earned, possible) in objective_totals(leaves, scored).items()
            ]
    bulk(
        engine, "users", ["id", "username", "name", "email", "password_hash", "created_at"], people
    )
    bulk(engine, "user_roles", ["user_id", "role"], roles)
    bulk(engine, "lesson_progress", ["user_id", "lesson_id", "completed_at"], reads)
    bulk(
        engine,
        "attempts",
        [
            "id",
            "user_id",
            "quiz_id",
            "quiz_version",
            "number",
            "layout",
            "state",
            "started_at",
            "submitted_at",
            "max_points",
            "pass_mark",
            "points",
            "percent",
            "passed",
            "timed_out",
        ],
        tries,
    )
    bulk(
        engine,
        "responses",
        [
            "attempt_id",
            "question_id",
            "response",
            "saved_at",
            "checked",
            "fraction",
            "points",
            "max_points",
        ],
        answers,
    )
    bulk(engine, "attempt_objectives", ["attempt_id", "objective", "earned", "possible"], totals)
    with engine.begin() as connection:
        mastery.refresh_everyone(connection)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            # Bulk-loaded ids: move the sequences past them, as the application would have.
            for table in ("users", "attempts"):
                connection.exec_driver_sql(
                    f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(select max(id) from {table}))"
                )
    with engine.begin() as connection:
        connection.exec_driver_sql("analyze")


# --- a real server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _server(script: Path, env: dict[str, str]):
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    address = f"http://localhost:{port}"
    while True:
        try:
            with urllib.request.urlopen(f"{address}/_stcore/health", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.perf_counter() - started > 120:
                raise RuntimeError(f"{script.name} did not start") from None
            time.sleep(0.05)
    try:
        yield address, process, started
    finally:
        process.terminate()
        process.wait(timeout=30)


def _chromium():
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    return sync_playwright()


def _first_render(script: Path, env: dict[str, str], text: str) -> float:
    manager = _chromium()
    with manager as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        with _server(script, env) as (address, _, started):
            page = browser.new_page()
            page.goto(address)
            page.wait_for_selector(READY, timeout=120_000)
            page.get_by_text(text).first.wait_for(timeout=120_000)
            elapsed = time.perf_counter() - started
        browser.close()
    return elapsed


def cold_start(quick: bool, folder: Path) -> list[Result]:
    if _chromium() is None:
        print("  cold start needs Chromium at /usr/bin/chromium; skipped")
        return []
    hello = folder / "hello_start.py"
    hello.write_text("import streamlit as st\nst.title('Hello')\n")
    repeats = pick(quick, 3, 1, 1)
    app = statistics.median(
        _first_render(
            ROOT / "app.py",
            {"NEEDLEWISE_DATABASE_URL": f"sqlite:///{folder / f'cold{n}.db'}"},
            "Set up NeedleWise",
        )
        for n in range(repeats)
    )
    floor = statistics.median(_first_render(hello, {}, "Hello") for _ in range(repeats))
    return [Result("cold start to the first page (floor: streamlit run hello.py)", app, floor)]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _sessions_memory(
    script: Path, env: dict[str, str], sessions: int, text: str, cookie: dict | None
) -> float:
    with _chromium() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        with _server(script, env) as (address, process, _):
            pages = []
            for n in range(sessions):
                context = browser.new_context()
                if cookie is not None:
                    context.add_cookies([{**cookie(n), "url": address}])
                page = context.new_page()
                page.goto(address)
                page.wait_for_selector(READY, timeout=120_000)
                page.get_by_text(text).first.wait_for(timeout=120_000)
                pages.append(page)
            time.sleep(2)
            memory = _rss_mib(process.pid)
        browser.close()
    return memory


def server_memory(quick: bool, folder: Path) -> list[Result]:
    """Resident memory of a server with signed-in sessions open, with the app on a SQLite
    file and on PostgreSQL, against the same sessions on a hello-world script."""
    if _chromium() is None:
        print("  server memory needs Chromium at /usr/bin/chromium; skipped")
        return []
    sessions = pick(quick, 20, 5, 2)
    hello = folder / "hello_memory.py"
    hello.write_text("import streamlit as st\nst.title('Hello')\n")
    floor = _sessions_memory(hello, {}, sessions, "Hello", None)
    results = []
    with stores(folder, "memory") as found:
        for label, url in found:
            results.append(
                Result(
                    f"server memory with {sessions} signed-in sessions, {label} (floor: hello.py)",
                    _app_memory(url, sessions),
                    floor,
                    "MiB",
                )
            )
    return results


def _app_memory(url: str, sessions: int) -> float:
    from needlewise import accounts, clock, session_token, settings
    from needlewise.acting import Operator
    from needlewise.content import load_content
    from needlewise.store import open_store

    engine = open_store(url)
    content = load_content(ROOT / "content", ROOT / "quizzes")
    fill_cohort(engine, content, 50)
    for n in range(sessions):
        accounts.create_user(
            engine,
            f"m{n:03d}",
            f"Memory {n}",
            f"m{n:03d}@example.com",
            "bench password 1",
            ["trainee"],
            actor=Operator("bench"),
            must_change_password=False,
        )
    key = settings.cookie_key(engine)
    engine.dispose()

    def cookie(n: int) -> dict:
        # The sign-in cookie carries the account's session version (0 for a new account).
        token = session_token.encode(f"m{n:03d}", 0, key, 1, clock.now())
        return {"name": "needlewise_auth", "value": token}

    return _sessions_memory(
        ROOT / "app.py", {"NEEDLEWISE_DATABASE_URL": url}, sessions, "What to do next", cookie
    )

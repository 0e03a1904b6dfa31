"""Item analysis of a quiz from the database, feeding the same code the CLI uses."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from sqlalchemy import Engine, Text, cast, select

from .display import day
from .quiz.loading import version_of
from .quiz.schema import ChoiceQuestion, Quiz, TrueFalseQuestion
from .quiz.scoring import LETTERS, option_key, random_guess_score
from .quiz_versions import definition
from .stats import Report, analyse
from .store import stamp
from .store.frames import driver_rows
from .store.schema import attempts, bank_versions, quiz_versions, responses

GRADING_TO_ATTEMPTS = {"highest": "highest", "latest": "latest", "first": "first", "average": "all"}
# The Version box's choice for every version at once (a version is a hash, never this).
ALL_VERSIONS = "all"
COLUMNS = ["attempt_id", "question_id", "score", "max_score", "user_id", "submitted_at", "response"]


def load_responses(engine: Engine, quiz_id: str, version: str | None = None) -> pd.DataFrame:
    """One row per submitted attempt and question, with the response as an option code.

    Attempt details are read once per attempt and the stored responses once per distinct
    value, so a million rows load at close to the speed of a plain SELECT. The columns are
    built as arrays straight from the driver's rows: pandas' inference of each row's
    types cost more than the query for a quiz's few thousand responses.
    """
    chosen = select(attempts.c.id).where(
        attempts.c.quiz_id == quiz_id, attempts.c.state == "submitted"
    )
    if version is not None:
        chosen = chosen.where(attempts.c.quiz_version == version)
    with engine.connect() as connection:
        people = connection.execute(
            select(
                attempts.c.id,
                attempts.c.user_id,
                attempts.c.submitted_at,
                attempts.c.quiz_version,
            )
            .where(attempts.c.id.in_(chosen))
            .order_by(attempts.c.id)
        ).all()
        rows = driver_rows(
            connection,
            select(
                responses.c.attempt_id,
                responses.c.question_id,
                responses.c.points,
                responses.c.max_points,
                cast(responses.c.response, Text),
            ).where(responses.c.attempt_id.in_(chosen)),
        )
        person_ids, user_ids, submitted_at, version_names = (
            zip(*people, strict=True) if people else ((), (), (), ())
        )
        versions = sorted(set(version_names))
        definitions = [definition(connection, quiz_id, v) for v in versions]
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    # One two-dimensional array, then a column at a time: transposing the rows in Python
    # makes an object per row, which the garbage collector then walks again and again.
    table = np.array(rows, dtype=object)
    attempt_id, score, max_score = (
        table[:, i].astype(t) for i, t in ((0, np.int64), (2, float), (3, float))
    )
    question_id, raw = table[:, 1], table[:, 4]
    # Each row finds its attempt by position rather than through a merge of a million rows;
    # an attempt submitted between the two reads is left out.
    ids = np.array(person_ids, dtype=np.int64)
    position = np.minimum(np.searchsorted(ids, attempt_id), max(len(ids) - 1, 0))
    kept = ids[position] == attempt_id if len(ids) else np.zeros(len(rows), dtype=bool)
    if not kept.all():
        attempt_id, question_id, score, max_score, raw = (
            c[kept] for c in (attempt_id, question_id, score, max_score, raw)
        )
        position = position[kept]
    number = {name: n for n, name in enumerate(versions)}
    version_code = np.array([number[name] for name in version_names], dtype=np.int64)
    return pd.DataFrame(
        {
            "attempt_id": attempt_id,
            "question_id": question_id,
            "score": score,
            "max_score": max_score,
            "user_id": np.array(user_ids, dtype=np.int64)[position],
            "submitted_at": pd.Series(submitted_at).to_numpy()[position],
            "response": _codes(version_code[position], question_id, raw, definitions),
        }
    )


def _codes(
    version: np.ndarray, question_ids: np.ndarray, raw: np.ndarray, definitions: list[Quiz]
) -> np.ndarray:
    """Decode each distinct (version, question, stored response) once, not once per row:
    the three columns are numbered separately, and the numbers combined into one key."""
    question_codes, question_values = pd.factorize(question_ids)
    raw_codes, raw_values = pd.factorize(raw, use_na_sentinel=False)
    key = (version * len(question_values) + question_codes) * len(raw_values) + raw_codes
    key_codes, distinct = pd.factorize(key)
    questions = [{q.id: q for _, q in quiz.leaves()} for quiz in definitions]
    decoded = []
    for combined in distinct:
        combined, r = divmod(int(combined), len(raw_values))
        v, q = divmod(combined, len(question_values))
        question = questions[v].get(question_values[q])
        if question is None:
            decoded.append("")
            continue
        value = raw_values[r]
        value = json.loads(value) if isinstance(value, str) and value != "null" else None
        decoded.append(option_key(question, value))
    return np.asarray(decoded, dtype=object)[key_codes]


def question_facts(quiz: Quiz) -> tuple[dict[str, float | None], dict[str, list[str]]]:
    """Random-guess scores, and the option codes of choice questions (for distractors)."""
    guess = {q.id: random_guess_score(q) for _, q in quiz.leaves()}
    keys: dict[str, list[str]] = {}
    for _, question in quiz.leaves():
        if isinstance(question, ChoiceQuestion) and question.type == "single":
            keys[question.id] = [LETTERS[i] for i in range(len(question.options))]
        elif isinstance(question, TrueFalseQuestion):
            keys[question.id] = ["true", "false"]
    return guess, keys


def report_for(
    engine: Engine, quiz: Quiz, version: str | None = None, which: str | None = None
) -> tuple[Report | None, pd.DataFrame]:
    """The item analysis of ``quiz``'s submitted attempts (of one version, or all), and the
    responses it was made from. Kept until any attempt, response or quiz version changes
    (``store.stamp``): an instructor changing what the page shows, or coming back to it,
    does not wait for every response to be read again, and never sees a stale figure."""
    chosen = which or GRADING_TO_ATTEMPTS[quiz.grading]
    return stamp.reuse(
        engine, "responses", (version, chosen), quiz, lambda: _report(engine, quiz, version, chosen)
    )


def _report(
    engine: Engine, quiz: Quiz, version: str | None, which: str
) -> tuple[Report | None, pd.DataFrame]:
    frame = load_responses(engine, quiz.id, version)
    if frame.empty:
        return None, frame
    guess, keys = question_facts(quiz)
    return analyse(frame, which=which, guess=guess, keys=keys), frame


def version_names(engine: Engine, quiz_id: str, zone_name: str | None) -> dict[str, str]:
    """Each version of the quiz that attempts were made on (the hash an attempt records), in
    the order they were first used, and how the page names it. A quiz written in the app is
    named as the Quiz studio names its versions, "v5 (saved 02 Dec 2026)", found by the
    hash of each saved version's text; a quiz file has only its hash, "2f61ee8f7d91 (first
    attempt 23 Nov 2026)"."""
    with engine.connect() as connection:
        used = connection.execute(
            select(quiz_versions.c.version, quiz_versions.c.first_seen_at)
            .where(quiz_versions.c.quiz_id == quiz_id)
            .order_by(quiz_versions.c.first_seen_at)
        ).all()
        saved = connection.execute(
            select(
                bank_versions.c.number,
                bank_versions.c.state,
                bank_versions.c.created_at,
                bank_versions.c.yaml,
            )
            .where(bank_versions.c.quiz_id == quiz_id)
            .order_by(bank_versions.c.number)
        ).all()
    # The same text saved under two numbers is one version to an attempt: it is named by
    # the newest number that was published (trainees take only published versions).
    numbered = {}
    for row in sorted(saved, key=lambda r: (r.state != "draft", r.number)):
        numbered[version_of(row.yaml.encode("utf-8"))] = row
    names = {}
    for version, first_seen_at in used:
        found = numbered.get(version)
        names[version] = (
            f"v{found.number} (saved {day(found.created_at, zone_name)})"
            if found is not None
            else f"{version[:12]} (first attempt {day(first_seen_at, zone_name)})"
        )
    return names

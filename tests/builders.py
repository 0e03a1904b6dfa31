"""Small content, users and apps built in code for tests."""

from __future__ import annotations

import functools
import random
import re
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import func, inspect, select, table
from streamlit.testing.v1 import AppTest

from needlewise import accounts, attempts, clock, progress
from needlewise.acting import Operator
from needlewise.attempts import save_many, start_or_resume, submit
from needlewise.certification import issuing, signoffs
from needlewise.content import Content, load_content
from needlewise.logbook import entries
from needlewise.logbook.validation import EntryInput
from needlewise.quiz import blueprint
from needlewise.quiz.layout import leaf_ids
from needlewise.quiz.loading import LoadedQuiz, parse_quiz
from needlewise.quiz.scoring import correct_response
from needlewise.settings import read_all
from needlewise.store import open_store

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse 1"

COURSE = """\
id: test-course
title: Test course
description: A two-module course for tests.
default_pass_mark: 50
final_assessment: final
modules:
  - id: a
    title: Module A
    summary: The first module.
    lessons: [a-one]
    quiz: a-quiz
    objectives:
      - {id: a.one, text: Know one thing.}
      - {id: a.two, text: Know another thing.}
  - id: b
    title: Module B
    summary: The second module.
    lessons: [b-one]
    quiz: b-quiz
    prerequisites: [a]
    objectives:
      - {id: b.one, text: Know a third thing.}
competencies:
  - id: hygiene
    title: Hygiene
    observe: [Washes hands.]
  - id: depth
    title: Depth
    observe: [Stays within the limit.]
"""

REFERENCES = """\
src:
  short: Source 2020
  citation: "Source et al. (2020). A study. J Test 1:1."
  tier: PR
"""


REGIONS = """\
regions:
  - id: cheeks
    name: Cheeks
    dermis_mm: {low: 0.87, high: 1.14}
    dermis_source: src
    chart_mm: {low: 0.5, high: 2.0}
indications:
  - id: atrophic
    name: Atrophic scars
    advice: They respond.
    references: [src]
"""


def lesson(lesson_id: str, module: str, objective: str) -> str:
    return textwrap.dedent(
        f"""\
        ---
        id: {lesson_id}
        title: Lesson {lesson_id}
        module: {module}
        objectives: [{objective}]
        minutes: 5
        summary: A short lesson.
        ---

        ## Heading

        A fact [@src].

        > [!SAFETY]
        > Be careful.
        """
    )


def quiz(quiz_id: str, module: str | None, objective: str, prefix: str, **settings) -> str:
    header = [f"id: {quiz_id}", f"title: Quiz {quiz_id}"]
    if module:
        header.append(f"module: {module}")
    header += [f"{key}: {value}" for key, value in settings.items()]
    body = f"""\
questions:
  - id: {prefix}-single
    type: single
    prompt: Pick the right one.
    objectives: [{objective}]
    options:
      - {{text: Right, correct: true}}
      - {{text: Wrong, feedback: Not this one.}}
    explanation: Because [@src].
    references: [src]
  - id: {prefix}-tf
    type: true_false
    prompt: This is true.
    objectives: [{objective}]
    answer: true
    explanation: It is.
    references: [src]
"""
    return "\n".join(header) + "\n" + body


def write_course(root: Path, **quiz_settings) -> tuple[Path, Path]:
    """A complete small course under ``root``; returns (content_dir, quizzes_dir)."""
    content_dir, quizzes_dir = root / "content", root / "quizzes"
    (content_dir / "lessons").mkdir(parents=True)
    (content_dir / "figures").mkdir()
    quizzes_dir.mkdir()
    (content_dir / "course.yaml").write_text(COURSE)
    (content_dir / "references.yaml").write_text(REFERENCES)
    (content_dir / "regions.yaml").write_text(REGIONS)
    (content_dir / "lessons" / "a-one.md").write_text(lesson("a-one", "a", "a.one"))
    (content_dir / "lessons" / "b-one.md").write_text(lesson("b-one", "b", "b.one"))
    (quizzes_dir / "a-quiz.yaml").write_text(quiz("a-quiz", "a", "a.two", "a", **quiz_settings))
    (quizzes_dir / "b-quiz.yaml").write_text(quiz("b-quiz", "b", "b.one", "b"))
    (quizzes_dir / "final.yaml").write_text(quiz("final", None, "a.one", "f"))
    return content_dir, quizzes_dir


def load_test_course(root: Path, **quiz_settings) -> Content:
    write_course(root, **quiz_settings)
    return reload_course(root)


def reload_course(root: Path) -> Content:
    """The course under ``root`` as it is on disk now (after a test edited its files)."""
    content = load_content(root / "content", root / "quizzes", base=root)
    assert content.problems == [], content.problems
    return content


@dataclass(frozen=True)
class Person:
    """Someone acting with these roles, for domain tests that need no account row."""

    username: str
    roles: tuple[str, ...] = ("trainee",)

    def has(self, role: str) -> bool:
        return role in self.roles


def add_user(engine, username: str, roles=("trainee",), name: str | None = None):
    return accounts.create_user(
        engine,
        username,
        name or username.title(),
        f"{username}@example.com",
        PASSWORD,
        list(roles),
        actor=Operator("setup"),
        must_change_password=False,
    )


def make_app(
    monkeypatch, database_url: str, content_dir: Path | None = None, quizzes_dir: Path | None = None
) -> AppTest:
    """An AppTest of app.py on the given database (and content, if not the shipped one)."""
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", database_url)
    if content_dir is not None:
        monkeypatch.setenv("NEEDLEWISE_CONTENT_DIR", str(content_dir))
    if quizzes_dir is not None:
        monkeypatch.setenv("NEEDLEWISE_QUIZZES_DIR", str(quizzes_dir))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


_RUN = AppTest._run


def run_without_exception(at: AppTest, *args, **kwargs) -> AppTest:
    """One AppTest run, failing the test if the page raised: every way a page test runs
    the script (``at.run()``, a widget's ``.run()``, a click) goes through here, as
    conftest installs it for every test."""
    ran = _RUN(at, *args, **kwargs)
    # The message may be redacted (showErrorDetails); the captured log has the traceback.
    assert not ran.exception, "the page raised: " + "; ".join(
        " ".join([error.message, *error.stack_trace[-1:]]) for error in ran.exception
    )
    return ran


def sign_in_as(at: AppTest, user) -> AppTest:
    """Simulate streamlit-authenticator's signed-in session state."""
    at.session_state["authentication_status"] = True
    at.session_state["username"] = user.username
    at.session_state["name"] = user.name
    at.session_state["roles"] = list(user.roles)
    return at


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Open the tab ``label`` of the tabs keyed ``key`` (the tab AppTest cannot click) and
    run the page: only the open tab's content runs."""
    at.session_state[key] = label
    return at.run()


def texts(at: AppTest) -> str:
    """All visible text of the last run, for asserting on what a person would read."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "success",
        "info",
        "warning",
        "error",
        "metric",
    ):
        for element in getattr(at, kind):
            parts.append(str(getattr(element, "value", "")))
            if kind == "metric":
                parts.append(str(element.label))
    return "\n".join(parts)


def answer_through_widgets(at: AppTest, attempt, quiz, wrong: set[str] = frozenset()) -> None:
    """Answer every question of an open attempt through its widgets, as a trainee would,
    page by page: correctly, except for the question ids in ``wrong`` (left unanswered)."""
    from needlewise.quiz.layout import leaf_ids
    from needlewise.quiz.paging import pages

    for number, page in enumerate(pages(attempt.layout, quiz.questions_per_page)):
        if number:
            at.button(key=f"page:{attempt.id}:1").click().run()
        for question_id in leaf_ids(page):
            if question_id not in wrong:
                _answer_correctly(at, f"a{attempt.id}:{question_id}", quiz.leaf(question_id))
        at.run()


def _answer_correctly(at: AppTest, key: str, question) -> None:
    from needlewise.quiz.schema import (
        MatchingQuestion,
        MultipleQuestion,
        NumericQuestion,
        OrderingQuestion,
        ShortTextQuestion,
        SingleQuestion,
        TrueFalseQuestion,
    )
    from needlewise.quiz.scoring import correct_response

    response = correct_response(question)
    if isinstance(question, SingleQuestion):
        at.radio(key=key).set_value(response["choice"])
    elif isinstance(question, TrueFalseQuestion):
        at.radio(key=key).set_value(response["value"])
    elif isinstance(question, MultipleQuestion):
        for index in response["choices"]:
            at.checkbox(key=f"{key}:{index}").check()
    elif isinstance(question, NumericQuestion | ShortTextQuestion):
        at.text_input(key=key).input(response["text"])
    elif isinstance(question, MatchingQuestion):
        for index, choice in enumerate(response["matches"]):
            at.selectbox(key=f"{key}:{index}").set_value(choice)
    elif isinstance(question, OrderingQuestion):
        at.multiselect(key=key).set_value(response["order"])


def registered_pages(at: AppTest) -> set[str]:
    """File names of the pages st.navigation offered in the last run (its access list)."""
    return {
        Path(info["script_path"]).name
        for info in at._registered_pages.values()
        if info.get("script_path")
    }


def cannot_open(at: AppTest, page: str) -> bool:
    """True when AppTest refuses to switch to ``page`` because navigation does not list it."""
    try:
        at.switch_page(page)
    except ValueError as exc:
        return "Could not find a navigation page" in str(exc)
    return False


@functools.cache
def shipped_content() -> Content:
    """The course and quizzes this repository ships, loaded once per test run."""
    return load_content(ROOT / "content", ROOT / "quizzes", base=ROOT)


def never_needled() -> dict[str, str]:
    """The shipped course's regions it never needles, each with why."""
    return {r.id: r.not_treated for r in shipped_content().regions.regions if r.not_treated}


def log_treatment(
    engine, trainee, areas: dict[str, float] | None = None, consent: bool = True
) -> int:
    """A supervised treatment in ``trainee``'s logbook, against the shipped course's lists,
    waiting for a countersignature; returns its id. Stored without the never-needled rule,
    so ``areas`` can hold an entry as the logbook stored it before that rule; ``consent``
    False stores one without the client's consent recorded."""
    shipped = shipped_content()
    return entries.record(
        engine,
        trainee,
        EntryInput(
            treated_on=clock.now().date(),
            client_ref="C-1",
            fitzpatrick=3,
            scar_types=["boxcar"],
            grade="2",
            screening_outcome="treat",
            consent=consent,
            consent_form_version="v1" if consent else "",
            areas=areas or {"cheeks": 0.5},
            passes=2,
        ),
        shipped.logbook,
        {region.id: region.name for region in shipped.regions.regions},
        read_all(engine),
        not_treated={},
    )


def correct_treatment(engine, trainee, entry_id: int, **changes) -> None:
    """``trainee``'s entry ``entry_id`` saved again with ``changes`` (EntryInput fields) over
    its stored values, as a correction saved from another tab would be."""
    shipped = shipped_content()
    entries.edit(
        engine,
        trainee,
        entry_id,
        replace(entries.get(engine, entry_id).as_input(), **changes),
        shipped.logbook,
        {region.id: region.name for region in shipped.regions.regions},
        read_all(engine),
        not_treated=never_needled(),
    )


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "needlewise", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd)},
    )


# A small quiz in the quiz file's shape (as a dict), for the import and export formats.
SMALL = {
    "id": "small",
    "title": "Small / quiz",
    "pass_mark": 70,
    "questions": [
        {
            "id": "s-single",
            "type": "single",
            "prompt": "Pick: A {or} B?",
            "objectives": ["a.one"],
            "points": 2,
            "shuffle": False,
            "options": [
                {"text": "A", "correct": True, "feedback": "Yes = right"},
                {"text": "B", "fraction": 0.35},
                {"text": "C"},
            ],
            "explanation": "Line one.\n\nLine two.",
            "references": ["src"],
        },
        {
            "id": "s-order",
            "type": "ordering",
            "prompt": "Order them.",
            "objectives": ["a.one"],
            "items": ["First", "Second"],
            "scoring": "partial",
            "explanation": "Because.",
        },
        {
            "id": "s-case",
            "type": "case",
            "title": "A client",
            "vignette": {"text": "She is 30.", "details": {"Age": "30"}, "figures": ["f1"]},
            "objectives": ["a.one"],
            "questions": [
                {
                    "id": "s-case-tf",
                    "type": "true_false",
                    "prompt": "She is 30.",
                    "answer": True,
                    "feedback_false": "Read again.",
                },
                {
                    "id": "s-case-num",
                    "type": "numeric",
                    "prompt": "Her age?",
                    "answer": 30,
                    "unit": "years",
                },
                {
                    "id": "s-case-short",
                    "type": "short_text",
                    "prompt": "Her name?",
                    "answers": ["Ann"],
                    "case_sensitive": True,
                },
            ],
        },
    ],
}


def pass_quiz(engine, user, loaded):
    attempt = start_or_resume(engine, user.id, loaded, 50)
    save_many(
        engine, attempt.id, user.id, {q.id: correct_response(q) for _, q in loaded.quiz.leaves()}
    )
    return submit(engine, attempt.id, user.id)


def take(engine, content: Content, trainee, quiz_id: str, right: float, rng: random.Random):
    """A submitted attempt with about ``right`` of its questions answered correctly."""
    loaded = content.quizzes[quiz_id]
    attempt = start_or_resume(engine, trainee.id, loaded, 80, rng=rng)
    answers = {q.id: correct_response(q) for _, q in loaded.quiz.leaves() if rng.random() < right}
    save_many(engine, attempt.id, trainee.id, answers)
    return submit(engine, attempt.id, trainee.id)


def sign_all(engine, course, trainee, instructor, skip=()):
    for competency in course.course.competencies:
        if competency.id not in skip:
            signoffs.sign_off(
                engine,
                course.course,
                trainee,
                competency.id,
                clock.now().date(),
                "Observed in clinic.",
                instructor,
            )


def certify_trainee(engine, course: Content):
    """A trainee who passed every quiz and had every competency signed off, with the
    instructor who signed and the certificate issued: (trainee, instructor, certificate)."""
    trainee = add_user(engine, "tess", name="Zoë O'Brien")
    instructor = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    for quiz_id in ("a-quiz", "b-quiz", "final"):
        pass_quiz(engine, trainee, course.quizzes[quiz_id])
    sign_all(engine, course, trainee, instructor)
    certificate = issuing.certificate_for(engine, course, trainee, read_all(engine))
    return trainee, instructor, certificate


def complete_the_course(engine, trainee, instructor) -> None:
    content = shipped_content()
    course = content.course
    for lesson_id in course.lesson_order:
        progress.mark_read(engine, trainee.id, lesson_id)
    for quiz_id in [m.quiz for m in course.modules] + [course.final_assessment]:
        loaded = content.quizzes[quiz_id]
        attempt = attempts.start_or_resume(engine, trainee.id, loaded, 80)
        attempts.save_many(
            engine,
            attempt.id,
            trainee.id,
            # A blueprint draws a form per attempt: answer the questions this one shows.
            {
                q.id: correct_response(q)
                for _, q in loaded.quiz.leaves()
                if q.id in leaf_ids(attempt.layout)
            },
        )
        attempts.submit(engine, attempt.id, trainee.id)
    for competency in course.competencies:
        signoffs.sign_off(
            engine,
            course,
            trainee,
            competency.id,
            date.today(),
            "Observed during a supervised session.",
            instructor,
        )


# The first module's quiz, given the second module's questions: one quiz a new trainee
# can open that holds all eight question types (single, multiple, true/false, numeric,
# matching, ordering, short text and a case).
QUIZ = "m1-quiz"
EIGHT_TYPES = {
    "single",
    "multiple",
    "true_false",
    "numeric",
    "matching",
    "ordering",
    "short_text",
    "case",
}


def quizzes_with_all_types(root: Path) -> Path:
    """The shipped quizzes under ``root``, with QUIZ holding all eight question types."""
    quizzes = root / "quizzes"
    shutil.copytree(ROOT / "quizzes", quizzes)
    first, second = (quizzes / "m1-quiz.yaml").read_text(), (quizzes / "m2-quiz.yaml").read_text()
    (quizzes / "m1-quiz.yaml").write_text(
        second.replace("id: m2-quiz", "id: m1-quiz", 1).replace("module: m2", "module: m1", 1)
    )
    (quizzes / "m2-quiz.yaml").write_text(
        first.replace("id: m1-quiz", "id: m2-quiz", 1).replace("module: m1", "module: m2", 1)
    )
    return quizzes


def shipped_final() -> LoadedQuiz:
    """The final assessment of the shipped course."""
    content = shipped_content()
    return content.quizzes[content.course.final_assessment]


def lesson_texts() -> dict[str, str]:
    """The text of every shipped lesson, by lesson id."""
    return {
        lesson.id: "\n".join(b.text for b in lesson.blocks)
        for lesson in shipped_content().lessons.values()
    }


def sentences(text: str) -> list[str]:
    """Sentences, with headings, list items and table rows kept apart."""
    found = []
    for part in re.split(r"\n(?=\s*(?:#|- |\d+\. |\|))|\n\s*\n", text.replace("\n>", "\n")):
        flat = re.sub(r"\s+", " ", part).strip()
        found += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*\[])", flat) if s.strip()]
    return found


def row_counts(engine) -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    names = inspect(engine).get_table_names()
    with engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in names
        }


def broken_course(root: Path) -> Content:
    """The small course under ``root`` with a course.yaml that does not parse, as loaded."""
    write_course(root)
    course = root / "content" / "course.yaml"
    course.write_text(course.read_text().replace("modules:", "modules: [", 1))
    return load_content(root / "content", root / "quizzes", base=root)


def app_on_broken_course(monkeypatch, tmp_path: Path, roles) -> AppTest:
    """An AppTest on the broken course of ``broken_course``, signed in with ``roles``."""
    broken_course(tmp_path)
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    user = add_user(engine, "someone", roles=roles)
    engine.dispose()
    at = make_app(monkeypatch, url, tmp_path / "content", tmp_path / "quizzes")
    return sign_in_as(at, user)


# A blueprinted final as a dict, and how to load it and count a form, for the blueprint and
# `apart` group tests.
def single(question_id: str, objectives: list[str]) -> dict:
    return {
        "id": question_id,
        "type": "single",
        "prompt": f"Question {question_id}?",
        "objectives": objectives,
        "options": [{"text": "Yes", "correct": True}, {"text": "No"}],
    }


def bank(blueprint_draw: list[dict], **extra) -> dict:
    """Pools: a.one 6 questions; a.two 3 questions and one case part; b.one 2 questions
    and one case part (the case has one part in each of a.two and b.one)."""
    questions = [single(f"one-{i}", ["a.one"]) for i in range(6)]
    questions += [single(f"two-{i}", ["a.two", "a.one"]) for i in range(3)]
    questions += [single(f"three-{i}", ["b.one"]) for i in range(2)]
    questions.append(
        {
            "id": "case",
            "type": "case",
            "vignette": {"text": "A client with rolling scars."},
            "questions": [single("case-two", ["a.two"]), single("case-three", ["b.one"])],
        }
    )
    questions.append(single("elsewhere", ["b.two"]))
    return {"id": "final", "title": "Final", "blueprint": {"draw": blueprint_draw}, **extra,
            "questions": questions}  # fmt: skip


DRAW = [
    {"objective": "a.one", "count": 2},
    {"objective": "a.two", "count": 2},
    {"objective": "b.one", "count": 1},
]


def parsed(text: str, name: str = "quizzes/quiz.yaml") -> LoadedQuiz:
    """A quiz file's text, parsed; a problem in it fails the test."""
    found, problems = parse_quiz(text.encode("utf-8"), name)
    assert found is not None, problems
    return found


def rekeyed_quiz(quiz_id: str, title: str) -> tuple[str, str]:
    """A one-question quiz whose key is its first option, and the same quiz with the key
    corrected to its second: what a regrade re-scores."""
    first = f"""\
id: {quiz_id}
title: {title}
shuffle: false
questions:
  - id: {quiz_id}-single
    type: single
    prompt: Which one?
    objectives: [o.one]
    options:
      - {{text: A, correct: true}}
      - {{text: B}}
"""
    corrected = first.replace("{text: A, correct: true}", "{text: A}").replace(
        "{text: B}", "{text: B, correct: true}"
    )
    return first, corrected


def load(data: dict):
    loaded, problems = parse_quiz(yaml.safe_dump(data, sort_keys=False).encode(), "final.yaml")
    return loaded, problems


def form_counts(quiz, layout) -> Counter:
    return blueprint.form_counts(quiz, [slot["id"] for slot in layout])


PICTURE_PNG = b"\x89PNG\r\n\x1a\n not really an image"


def moodle_with_a_picture(more: str = "") -> str:
    """A Moodle XML quiz whose true/false question embeds ``PICTURE_PNG`` as skin.png,
    followed by the ``more`` questions given as XML."""
    import base64

    png = base64.b64encode(PICTURE_PNG).decode()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>Pic</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Is this skin? <img src="@@PLUGINFILE@@/skin.png" alt="skin"></p>]]></text>
      <file name="skin.png" path="/" encoding="base64">{png}</file>
    </questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>{more}
</quiz>
"""


def pass_module_quiz(engine, trainee, quiz_id: str) -> None:
    """A submitted attempt at ``quiz_id`` with every question it shows answered right."""
    loaded = shipped_content().quizzes[quiz_id]
    attempt = attempts.start_or_resume(engine, trainee.id, loaded, 80)
    layout = leaf_ids(attempt.layout)
    attempts.save_many(
        engine,
        attempt.id,
        trainee.id,
        {q.id: correct_response(q) for _, q in loaded.quiz.leaves() if q.id in layout},
    )
    attempts.submit(engine, attempt.id, trainee.id)


def paged_quiz(questions: int = 3, feedback: str = "after_submit") -> str:
    """Module a's quiz as ``questions`` single-answer questions ("Question text N.", options
    Right and Wrong, explanation "Reason N"), one a page, not shuffled."""
    body = "".join(
        f"""
  - id: a-q{n}
    type: single
    prompt: Question text {n}.
    objectives: [a.two]
    options:
      - {{text: Right, correct: true}}
      - {{text: Wrong}}
    explanation: Reason {n} [@src].
    references: [src]
"""
        for n in range(1, questions + 1)
    )
    return (
        "id: a-quiz\ntitle: A paged quiz\nmodule: a\nshuffle: false\n"
        f"questions_per_page: 1\nfeedback: {feedback}\nquestions:{body}"
    )

"""A quiz's must-pass section: an attempt passes only when it reaches the pass mark overall
and the section's pass mark in the same attempt, and every place that says "passed" (the
attempt, progress, the Gradebook and its funnel, the course's completion) agrees."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from needlewise import attempts, gradebook, grading, must_pass, pass_marks, progress, regrade
from needlewise.attempt_rules import Attempt
from needlewise.certification.rules import completion
from needlewise.content import load_content
from needlewise.quiz.layout import build_layout, leaf_ids
from needlewise.quiz.schema import MustPass, Quiz
from needlewise.quiz.scoring import correct_response

from .builders import Person, add_user, shipped_final, write_course

SECTION_QUIZ = """\
id: a-quiz
title: Safety quiz
module: a
pass_mark: 70
grading: {grading}
shuffle: false
must_pass: {{title: Safety, pass_mark: 80, objectives: [a.one]}}
questions:
{questions}
"""


def question(question_id: str, objective: str) -> str:
    return f"""\
  - id: {question_id}
    type: single
    prompt: Question {question_id}.
    objectives: [{objective}]
    options:
      - {{text: Right, correct: true}}
      - {{text: Wrong}}
    explanation: Because [@src].
    references: [src]
"""


# One section question (a.one) and four others: the section question wrong and the others
# right is 80% overall, above the pass mark of 70, and 0% on the section.
QUESTIONS = ["s1", "o1", "o2", "o3", "o4"]


def course(root: Path, grading_method: str = "highest"):
    content_dir, quizzes = write_course(root)
    body = question("s1", "a.one") + "".join(question(q, "a.two") for q in QUESTIONS[1:])
    (quizzes / "a-quiz.yaml").write_text(
        SECTION_QUIZ.format(grading=grading_method, questions=body)
    )
    content = load_content(content_dir, quizzes, base=root)
    assert content.problems == [], content.problems
    return content


def sit(engine, content, trainee, wrong: set[str]) -> Attempt:
    loaded = content.quizzes["a-quiz"]
    attempt = attempts.start_or_resume(engine, trainee.id, loaded, 70)
    answers = {
        q.id: (correct_response(q) if q.id not in wrong else {"choice": 1})
        for _, q in loaded.quiz.leaves()
    }
    attempts.save_many(engine, attempt.id, trainee.id, answers)
    return attempts.submit(engine, attempt.id, trainee.id)


def test_a_strong_overall_mark_does_not_make_up_for_the_section(engine, tmp_path):
    content = course(tmp_path)
    tess = add_user(engine, "tess")
    progress.mark_read(engine, tess.id, "a-one")

    unsafe = sit(engine, content, tess, wrong={"s1"})
    assert unsafe.percent == pytest.approx(80.0)
    assert unsafe.section_percent == 0.0
    assert unsafe.passed is False
    assert attempts.get(engine, unsafe.id).section_percent == 0.0
    status = progress.course_status(engine, content, tess.id)
    quiz = status.module("a").quiz
    assert quiz.grade == pytest.approx(80.0)
    assert not quiz.passed
    assert not status.module("b").unlocked
    assert must_pass.quiz_verdict(quiz) == (
        "not yet passed: no single attempt reached both the 70% pass mark and at least 80% "
        "on safety"
    )
    # With no attempt left the verdict is final: not "not yet".
    assert must_pass.quiz_verdict(replace(quiz, limit=1)) == (
        "not passed: no single attempt reached both the 70% pass mark and at least 80% on safety"
    )
    assert must_pass.attempt_outcome(unsafe, quiz.must_pass) == "not passed: safety 0%, 80% needed"
    line = must_pass.section_line(unsafe, quiz.must_pass)
    assert "below the 80% every attempt needs" in line
    assert "before your next attempt" in line
    last = must_pass.section_line(unsafe, quiz.must_pass, attempts_left=0)
    assert "below the 80% every attempt needs" in last
    assert "next attempt" not in last
    assert must_pass.topics(quiz.must_pass, {"a.one": "Know one thing."}) == ["Know one thing."]
    both = sit(engine, content, tess, wrong={"s1", "o1", "o2"})
    assert must_pass.attempt_outcome(both, quiz.must_pass) == (
        "not passed: below the pass mark, and safety 0%, 80% needed"
    )
    facts = gradebook.cohort_facts(engine, content, None, 80)
    assert facts.table.loc[0, "modules_passed"] == 0
    steps = dict(zip(facts.funnel["step"], facts.funnel["trainees"], strict=True))
    assert steps["1. Module A"] == 0
    missing = completion(content.course, status, {}).missing
    assert "Pass the module quiz for Module A" in missing

    # The next attempt gets the safety question right and one other wrong: 80%, passed.
    safe = sit(engine, content, tess, wrong={"o1"})
    assert (safe.percent, safe.section_percent, safe.passed) == (pytest.approx(80.0), 100.0, True)
    status = progress.course_status(engine, content, tess.id)
    assert status.module("a").quiz.passed
    assert status.module("b").unlocked
    facts = gradebook.cohort_facts(engine, content, None, 80)
    assert facts.table.loc[0, "modules_passed"] == 1
    assert must_pass.section_line(safe, quiz.must_pass) == "Safety: 100% (at least 80% needed)."


@pytest.mark.parametrize("method", ["latest", "first"])
def test_only_the_attempt_the_method_counts_can_pass(sqlite_engine, tmp_path, method):
    content = course(tmp_path, method)
    tess = add_user(sqlite_engine, "tess")
    progress.mark_read(sqlite_engine, tess.id, "a-one")
    sit(sqlite_engine, content, tess, wrong={"s1"})
    sit(sqlite_engine, content, tess, wrong=set())
    quiz = progress.course_status(sqlite_engine, content, tess.id).module("a").quiz
    assert quiz.passed is (method == "latest")
    table = gradebook.cohort_facts(sqlite_engine, content, None, 80).table
    assert table.loc[0, "modules_passed"] == int(method == "latest")
    if method == "first":
        # The later attempt reached both marks; the one that counts did not.
        assert must_pass.quiz_verdict(quiz) == (
            "not passed: your first attempt, the one that counts, did not reach both the 70% "
            "pass mark and at least 80% on safety"
        )


def test_the_database_and_python_agree_on_who_passed(engine, tmp_path):
    """Random attempts by many trainees, for each grading method a section allows: the
    Gradebook's verdict from SQL equals progress's from each trainee's attempts."""
    rng = random.Random(7)
    for method in ("highest", "latest", "first"):
        root = tmp_path / method
        root.mkdir()
        content = course(root, method)
        people = [add_user(engine, f"{method}-{n}") for n in range(12)]
        for person in people:
            progress.mark_read(engine, person.id, "a-one")
            for _ in range(rng.randint(0, 3)):
                sit(engine, content, person, {q for q in QUESTIONS if rng.random() < 0.25})
        table = gradebook.cohort_facts(engine, content, None, 80).table.set_index("user_id")
        verdicts = {
            p.id: progress.course_status(engine, content, p.id).module("a").quiz.passed
            for p in people
        }
        assert any(verdicts.values()) and not all(verdicts.values())
        for person in people:
            assert bool(table.loc[person.id, "modules_passed"]) == verdicts[person.id]


def test_a_regrade_judges_the_section_again(engine, tmp_path):
    """A wrong key on the section's question (its second option is the right one): the
    trainee who chose that option failed the section; after the corrected key's regrade
    the attempt passes."""
    wrong_key = course(tmp_path)
    tess = add_user(engine, "tess")
    progress.mark_read(engine, tess.id, "a-one")
    loaded = wrong_key.quizzes["a-quiz"]
    attempt = attempts.start_or_resume(engine, tess.id, loaded, 70)
    choices = {q.id: {"choice": 0} for _, q in loaded.quiz.leaves()}
    choices["s1"] = {"choice": 1}
    attempts.save_many(engine, attempt.id, tess.id, choices)
    failed = attempts.submit(engine, attempt.id, tess.id)
    assert (failed.section_percent, failed.passed) == (0.0, False)

    # The key of s1 is corrected: its second option is the right one.
    quizzes = tmp_path / "quizzes"
    text = (quizzes / "a-quiz.yaml").read_text()
    fixed = text.replace(
        "Question s1.\n    objectives: [a.one]\n    options:\n"
        "      - {text: Right, correct: true}\n      - {text: Wrong}",
        "Question s1.\n    objectives: [a.one]\n    options:\n"
        "      - {text: Right}\n      - {text: Wrong, correct: true}",
    )
    assert fixed != text
    (quizzes / "a-quiz.yaml").write_text(fixed)
    corrected = load_content(tmp_path / "content", quizzes, base=tmp_path)
    plan = regrade.apply(
        engine,
        corrected.quizzes["a-quiz"],
        actor=Person("ada", ("admin",)),
        instructors_publish=False,
    )
    assert [c.passed_after for c in plan.changes] == [True]
    again = attempts.get(engine, attempt.id)
    assert (again.percent, again.section_percent, again.passed) == (100.0, 100.0, True)
    assert progress.course_status(engine, corrected, tess.id).module("a").quiz.passed


def test_attempts_before_the_section_are_judged_on_their_percent():
    old = Attempt(
        id=1,
        user_id=1,
        quiz_id="q",
        quiz_version="v",
        number=1,
        layout=[],
        state="submitted",
        started_at=None,  # type: ignore[arg-type]
        deadline_at=None,
        submitted_at=None,
        max_points=5,
        pass_mark=70,
        points=4,
        percent=80.0,
        passed=True,
        timed_out=False,
    )
    assert grading.quiz_passed([old], "highest", 70, 80)
    assert not grading.quiz_passed([old], "highest", 85, 80)
    assert grading.attempt_passed(80.0, 70, 79.99999999999, 80)
    assert not grading.attempt_passed(80.0, 70, 79.9, 80)


def test_a_section_needs_an_attempt_to_judge():
    data = {
        "id": "q",
        "title": "Q",
        "grading": "average",
        "must_pass": {"title": "Safety", "pass_mark": 80, "objectives": ["a.one"]},
        "questions": [
            {
                "id": "q1",
                "type": "true_false",
                "prompt": "True?",
                "objectives": ["a.one"],
                "answer": True,
            }
        ],
    }
    with pytest.raises(ValidationError, match="must_pass needs grading highest, latest or first"):
        Quiz.model_validate(data)
    Quiz.model_validate({**data, "grading": "highest"})


def test_check_names_a_section_objective_the_course_lacks_and_an_empty_section(tmp_path):
    content_dir, quizzes = write_course(tmp_path)
    body = question("s1", "a.two")
    (quizzes / "a-quiz.yaml").write_text(
        SECTION_QUIZ.format(grading="highest", questions=body).replace(
            "objectives: [a.one]}", "objectives: [a.one, a.nine]}"
        )
    )
    content = load_content(content_dir, quizzes, base=tmp_path)
    messages = [p.message for p in content.problems]
    assert "unknown objective 'a.nine'" in messages
    assert any(
        m.startswith("must_pass: no question of this quiz has one of these as its first")
        for m in messages
    )
    lines = {p.message: p.line for p in content.problems}
    assert lines["unknown objective 'a.nine'"] == 7


def test_standard_setting_counts_a_pass_only_with_the_section(sqlite_engine, tmp_path):
    content = course(tmp_path)
    quiz = content.quizzes["a-quiz"].quiz
    for name, wrong in (("tess", {"s1"}), ("tom", {"o1"})):
        person = add_user(sqlite_engine, name)
        progress.mark_read(sqlite_engine, person.id, "a-one")
        sit(sqlite_engine, content, person, wrong)
    cohort = pass_marks.cohort_attempts(sqlite_engine, quiz)
    assert sorted(pass_marks.cohort_grades(sqlite_engine, quiz)) == [80.0, 80.0]
    # Both reach a cut of 75 overall; only tom passed the section as well.
    assert pass_marks.pass_rate(cohort, quiz, 75) == 50.0
    assert pass_marks.pass_rate(cohort, quiz, 85) == 0.0
    assert pass_marks.pass_rate([], quiz, 75) is None


def test_a_question_is_in_the_section_by_its_first_objective_only():
    section = MustPass(title="Safety", pass_mark=80, objectives=["a.one"])
    first = Quiz.model_validate(
        {
            "id": "q",
            "title": "Q",
            "questions": [
                {"id": q, "type": "true_false", "prompt": "?", "objectives": tags, "answer": True}
                for q, tags in (("in", ["a.one", "a.two"]), ("out", ["a.two", "a.one"]))
            ],
        }
    )
    assert [section.covers(q) for _, q in first.leaves()] == [True, False]


def test_every_form_of_the_final_holds_the_safety_questions_it_promises():
    final = shipped_final().quiz
    assert final.must_pass is not None and final.blueprint is not None
    promised = sum(
        d.count for d in final.blueprint.draw if d.objective in final.must_pass.objectives
    )
    leaves = {q.id: q for _, q in final.leaves()}
    for seed in range(40):
        shown = leaf_ids(build_layout(final, random.Random(seed)))
        assert sum(final.must_pass.covers(leaves[q]) for q in shown) == promised
    assert f"80% on its {promised} safety questions" in " ".join(final.description.split())

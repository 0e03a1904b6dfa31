"""Import says so when a question is one check refuses though its format allows it (Moodle's
single-answer question with two fully right answers): the question is kept as written, and
the report names it, in check's words, with what to do. A question left out gets no line
asking for its objectives."""

from __future__ import annotations

from pathlib import Path

from needlewise import config
from needlewise.check import run_check
from needlewise.quiz.formats import import_bytes

# The exploratory tester's wrongkey.xml.
WRONGKEY = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Nokey</text></name>
    <questiontext format="html"><text>No option is right?</text></questiontext>
    <single>true</single>
    <answer fraction="0"><text>A</text></answer>
    <answer fraction="0"><text>B</text></answer>
  </question>
  <question type="multichoice">
    <name><text>Twokeys</text></name>
    <questiontext format="html"><text>Two fully right?</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>A</text></answer>
    <answer fraction="100"><text>B</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>Short</text></name>
    <questiontext format="html"><text>Name TGF-b3</text></questiontext>
    <answer fraction="100"><text>TGF-β3</text></answer>
  </question>
  <question type="cloze">
    <name><text>Cloze</text></name>
    <questiontext format="html"><text>{1:SHORTANSWER:=x}</text></questiontext>
  </question>
</quiz>
"""
# GIFT says the same with two '=' answers: one answer to choose, either of them right.
TWO_EQUALS = "::Twokeys::Two fully right?{=A =B ~C}\n"

CHECKS_WORDS = (
    "2 options are fully right in a single-answer question, which needs one best answer: "
    "keep one right answer (make the others wrong, or partly right with a fraction below 1), "
    "or make it a multiple-answer question ('type: multiple')"
)
TO_FIX = f"imported as written, but check reports it until it is fixed: {CHECKS_WORDS}"


def test_moodle_two_fully_right_answers_are_kept_and_named_in_checks_words():
    result = import_bytes(WRONGKEY.encode(), None, filename="wrongkey.xml")
    kept = next(q for q in result.data["questions"] if q["id"] == "wrongkey-twokeys")
    assert kept["type"] == "single"
    assert [o.get("correct") for o in kept["options"]] == [True, True]
    assert [str(n) for n in result.to_fix] == [f"line 10: question 'wrongkey-twokeys': {TO_FIX}"]


def test_gift_two_equals_answers_are_reported_the_same_way():
    result = import_bytes(TWO_EQUALS.encode(), None, filename="two.gift")
    [question] = result.data["questions"]
    assert [o.get("correct") for o in question["options"]] == [True, True, None]
    assert [str(n) for n in result.to_fix] == [f"line 1: question 'two-twokeys': {TO_FIX}"]


def test_the_report_says_what_check_then_says(tmp_path: Path):
    result = import_bytes(WRONGKEY.encode(), None, filename="wrongkey.xml")
    quiz = tmp_path / "wrongkey.yaml"
    quiz.write_text(result.yaml(), encoding="utf-8")
    problems = run_check([str(quiz)], config.load({}, env={}), base=tmp_path)
    [error] = [p for p in problems if not p.warning]
    assert error.message == CHECKS_WORDS


def test_a_question_left_out_gets_no_line_about_its_objectives():
    result = import_bytes(WRONGKEY.encode(), None, filename="wrongkey.xml")
    about_nokey = [n.message for n in result.notes if n.question == "wrongkey-nokey"]
    assert about_nokey == [
        "left out, because NeedleWise cannot take it as it is: no correct option: mark one "
        "option 'correct: true'"
    ]
    asked = {n.question for n in result.notes if n.message.startswith("set its learning")}
    assert asked == {"wrongkey-twokeys", "wrongkey-short"}


def test_a_clean_file_has_nothing_to_fix():
    result = import_bytes(b"::One::Which?{=A ~B}\n", None, filename="one.gift")
    assert result.to_fix == []

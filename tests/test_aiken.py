"""Aiken: single-answer multiple choice, and malformed blocks named by their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from needlewise.quiz.formats import FormatError, import_bytes

INTEROP = Path(__file__).parent / "interop"


def aiken(text: str):
    return import_bytes(text.encode(), "aiken", filename="test.txt")


def test_the_fixture_imports_as_single_choice_questions():
    result = import_bytes((INTEROP / "constructs.aiken").read_bytes(), None, filename="a.aiken")
    first, second, third = result.data["questions"]
    assert first == {
        "id": "a-which-layer-of-the-skin-is-the-outermost",
        "type": "single",
        "prompt": "Which layer of the skin is the outermost?",
        "objectives": ["unassigned"],
        "options": [
            {"text": "The epidermis", "correct": True},
            {"text": "The dermis"},
            {"text": "The hypodermis"},
        ],
    }
    assert [o["text"] for o in second["options"]] == [
        "Wound healing, which releases growth factors",
        "A thermal injury",
    ]
    assert third["prompt"] == "Which of these is written as 2\\*3\\\nin a plain-text Aiken file?"
    assert [o.get("correct", False) for o in third["options"]] == [True, False, False]
    assert str(result.notes[0]) == (
        "line 1: question 'a-which-layer-of-the-skin-is-the-outermost': set its learning "
        "objectives (now 'unassigned')"
    )


def test_the_answer_letter_may_be_any_option():
    [question] = aiken("Pick C.\nA. one\nB. two\nC. three\nANSWER: C\n").data["questions"]
    assert [o.get("correct", False) for o in question["options"]] == [False, False, True]


def test_an_answer_naming_no_option_is_refused_with_its_line():
    with pytest.raises(FormatError) as caught:
        import_bytes((INTEROP / "bad-answer.aiken").read_bytes(), None, filename="b.aiken")
    assert str(caught.value) == (
        "the file holds no question NeedleWise can import: line 4: 'ANSWER: C' names no "
        "option; the options are A, B; this question was left out"
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Q?\nA. a\nB. b\n", 1, "this question has no 'ANSWER: X' line"),
        ("Q?\nA. a\nB. b\nnot an option\nANSWER: A\n", 4, "expected another option"),
        ("Q?\nA. a\nA. b\nANSWER: A\n", 3, "option A is given twice"),
        ("Q?\nA. only one\nANSWER: A\n", 3, "a question needs at least two options"),
        ("ANSWER: A\n", 1, "'ANSWER:' comes before any question text"),
    ],
)
def test_malformed_blocks_name_their_line(text, line, message):
    with pytest.raises(FormatError) as caught:
        aiken(text)
    assert f"line {line}: {message}" in caught.value.message


def test_a_question_without_answer_line_after_good_ones_is_reported():
    result = aiken("Q1?\nA. a\nB. b\nANSWER: A\n\nQ2?\nA. a\nB. b\n")
    assert len(result.data["questions"]) == 1
    assert "line 6: this question has no 'ANSWER: X' line; it was left out" in [
        str(n) for n in result.notes
    ]

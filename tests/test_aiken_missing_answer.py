"""An Aiken question that lost its `ANSWER:` line does not take the next question with it:
the next one is kept and the incomplete one is named by its line, as Moodle reads it. Text
that does not begin a whole question is still one stray line in one left-out question."""

from __future__ import annotations

from needlewise.quiz.formats import import_bytes


def read(text: str):
    result = import_bytes(text.encode(), "aiken", filename="bank.txt")
    left_out = [str(note) for note in result.notes if "left out" in str(note)]
    return [q["prompt"] for q in result.data["questions"]], left_out, result.left_out


def test_the_question_after_one_without_its_answer_line_is_kept():
    prompts, notes, count = read(
        "Which layer is outermost?\nA. Epidermis\nB. Dermis\n\n"
        "Which layer holds collagen?\nA. Epidermis\nB. Dermis\nANSWER: B\n"
    )
    assert prompts == ["Which layer holds collagen?"]
    assert notes == ["line 1: this question has no 'ANSWER: X' line; it was left out"]
    assert count == 1


def test_two_questions_in_a_row_without_answer_lines_are_each_named():
    prompts, notes, count = read(
        "Q1?\nA. a\nB. b\nQ2?\nA. c\nB. d\nQ3?\nA. e\nB. f\nANSWER: A\n\n"
        "Q4?\nA. g\nB. h\nANSWER: B\n"
    )
    assert prompts == ["Q3?", "Q4?"]
    assert notes == [
        "line 1: this question has no 'ANSWER: X' line; it was left out",
        "line 4: this question has no 'ANSWER: X' line; it was left out",
    ]
    assert count == 2


def test_a_question_with_a_repeated_option_and_no_answer_line_keeps_the_next():
    prompts, notes, _ = read("Q1?\nA. a\nA. b\nQ2?\nA. c\nB. d\nANSWER: B\n")
    assert prompts == ["Q2?"]
    assert notes == ["line 3: option A is given twice; this question was left out"]


def test_a_stray_line_inside_a_question_is_one_left_out_question():
    prompts, notes, count = read(
        "Q1?\nA. a\nB. b\nnot an option\nANSWER: A\n\nQ2?\nA. c\nB. d\nANSWER: A\n"
    )
    assert prompts == ["Q2?"]
    assert notes == [
        "line 4: expected another option (like 'C. text') or the 'ANSWER: X' line; this "
        "question was left out"
    ]
    assert count == 1


def test_a_last_question_without_its_answer_line_after_an_incomplete_one():
    prompts, notes, count = read("Q0?\nA. x\nB. y\nANSWER: A\nQ1?\nA. a\nB. b\nQ2?\nA. c\nB. d\n")
    assert prompts == ["Q0?"]
    assert notes == [
        "line 5: this question has no 'ANSWER: X' line; it was left out",
        "line 8: this question has no 'ANSWER: X' line; it was left out",
    ]
    assert count == 2

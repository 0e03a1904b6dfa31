"""The state the summary before submit gives a question: typed text its numeric input
refuses (a unit it does not take, words instead of a number) is "Not a valid answer",
with the words that input shows, since scoring reads it the same way and gives it
nothing; only spaces is no answer at all. The page itself is
test_browser_summary_invalid_answers.py."""

from __future__ import annotations

import pytest

from needlewise.quiz.answered import (
    ANSWERED,
    NOT_ANSWERED,
    NOT_VALID,
    answer_state,
    as_kept,
    refusal,
)
from needlewise.quiz.schema import NumericQuestion, ShortTextQuestion
from needlewise.quiz.scoring import parse_number, score

from .builders import shipped_content

BARE = NumericQuestion.model_validate(
    {"id": "count", "type": "numeric", "prompt": "How many passes?", "answer": 3}
)
WORDS = ShortTextQuestion.model_validate(
    {"id": "name", "type": "short_text", "prompt": "Name the scar.", "answers": ["icepick"]}
)


@pytest.fixture(scope="module")
def icepick() -> NumericQuestion:
    """Module 2's question from the report: a width in mm, 2 exactly."""
    question = shipped_content().quizzes["m2-quiz"].quiz.leaf("m2-icepick-width")
    assert isinstance(question, NumericQuestion) and question.unit == "mm"
    return question


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("0.2 cm", "'cm' is not accepted here; give the answer in mm."),
        ("two", "'two' is not a number."),
        ("2mm wide", "'mm wide' is not accepted here; give the answer in mm."),
    ],
)
def test_text_the_numeric_input_refuses_is_not_a_valid_answer(icepick, typed, why):
    response = {"text": typed}
    assert answer_state(response, icepick) == NOT_VALID
    assert refusal(icepick, response) == why
    # The same words the question's input shows under it, and scoring gives it nothing.
    assert parse_number(typed, icepick) == (None, why)
    assert score(icepick, response).fraction == 0 and score(icepick, response).message == why


def test_a_unit_on_a_number_only_question_is_not_a_valid_answer():
    assert answer_state({"text": "3 mm"}, BARE) == NOT_VALID
    assert refusal(BARE, {"text": "3 mm"}) == "This answer takes a number only, without a unit."
    assert answer_state({"text": "3"}, BARE) == ANSWERED


@pytest.mark.parametrize("typed", ["2", "2 mm", "2,0 MM", "1.5", "4 mm"])
def test_a_number_it_reads_is_answered_right_or_wrong(icepick, typed):
    assert answer_state({"text": typed}, icepick) == ANSWERED
    assert refusal(icepick, {"text": typed}) is None


@pytest.mark.parametrize("typed", ["", "   ", "\t"])
def test_only_spaces_is_no_answer_and_kept_as_none(icepick, typed):
    assert answer_state({"text": typed}, icepick) == NOT_ANSWERED
    assert answer_state({"text": typed}, WORDS) == NOT_ANSWERED
    assert refusal(icepick, {"text": typed}) is None
    assert as_kept({"text": typed}) is None


def test_a_short_text_answer_refuses_no_words():
    """Any words answer a short-text question (wrong ones score nothing, as they should)."""
    assert answer_state({"text": "two"}, WORDS) == ANSWERED
    assert refusal(WORDS, {"text": "0.2 cm"}) is None


def test_text_that_is_not_valid_is_still_kept_as_typed(icepick):
    """Kept, so the question shows it again with its message for the trainee to fix."""
    assert as_kept({"text": "0.2 cm"}) == {"text": "0.2 cm"}
    assert answer_state({"text": "0.2 cm"}) == ANSWERED  # without the question: given


def test_no_response_is_not_answered_whatever_the_question(icepick):
    assert answer_state(None, icepick) == NOT_ANSWERED
    assert refusal(icepick, None) is None

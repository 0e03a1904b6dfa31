"""Scoring per question type, following Moodle's rules, with edge cases and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from needlewise.quiz.schema import Leaf
from needlewise.quiz.scoring import (
    correct_response,
    describe,
    fold,
    matches,
    parse_number,
    random_guess_score,
    score,
)

LEAF = TypeAdapter(Leaf)
BASE = {"id": "q", "prompt": "Q?", "objectives": ["o"]}


def question(**fields):
    return LEAF.validate_python({**BASE, **fields})


SINGLE = question(
    type="single",
    options=[
        {"text": "right", "correct": True},
        {"text": "half", "fraction": 0.5, "feedback": "Nearly."},
        {"text": "wrong", "feedback": "No."},
        {"text": "penalised", "fraction": -0.5},
    ],
)
MULTIPLE = question(
    type="multiple",
    options=[{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}],
)
NUMERIC = question(
    type="numeric",
    answer=1.5,
    tolerance=0.1,
    unit="mm",
    units=[{"unit": "cm", "multiplier": 0.1}],
    answers=[{"value": 2.0, "tolerance": 0.2, "fraction": 0.5, "feedback": "Close."}],
)
MATCHING = question(
    type="matching",
    pairs=[
        {"left": "Icepick", "right": "V"},
        {"left": "Boxcar", "right": "U"},
        {"left": "Rolling", "right": "M"},
    ],
    distractors=["W"],
)
ORDER_PARTIAL = question(type="ordering", items=["a", "b", "c", "d"], scoring="partial")
ORDER_ALL = question(type="ordering", items=["a", "b", "c", "d"])
SHORT = question(
    type="short_text",
    answers=["Fernandes", {"text": "Fern*", "fraction": 0.5, "feedback": "Spelling."}],
)


class TestSingle:
    def test_right_half_wrong_and_negative_are_clamped_at_zero(self):
        assert score(SINGLE, {"choice": 0}).fraction == 1
        half = score(SINGLE, {"choice": 1})
        assert half.fraction == 0.5 and half.feedback == ("Nearly.",)
        assert score(SINGLE, {"choice": 2}).fraction == 0
        assert score(SINGLE, {"choice": 3}).fraction == 0

    @pytest.mark.parametrize(
        "response",
        [None, {}, {"choice": 9}, {"choice": "0"}, {"choice": True}, {"choice": -1}, "0", []],
    )
    def test_malformed_responses_score_zero(self, response):
        assert score(SINGLE, response).fraction == 0

    def test_random_guess_is_the_mean_of_the_options(self):
        assert random_guess_score(SINGLE) == pytest.approx((1 + 0.5 + 0 + 0) / 4)

    def test_an_option_marked_correct_with_a_partial_fraction_is_refused(self):
        with pytest.raises(ValidationError, match="marked correct but has fraction"):
            question(
                type="single",
                options=[{"text": "a", "correct": True, "fraction": 0.5}, {"text": "b"}],
            )


class TestMultiple:
    def test_default_fractions_share_one_and_wrong_ticks_cancel_right_ones(self):
        assert [o.fraction for o in MULTIPLE.options] == [0.5, 0.5, -0.5]
        assert score(MULTIPLE, {"choices": [0, 1]}).fraction == 1
        assert score(MULTIPLE, {"choices": [0]}).fraction == 0.5
        assert score(MULTIPLE, {"choices": [0, 2]}).fraction == 0
        assert score(MULTIPLE, {"choices": [0, 1, 2]}).fraction == 0.5

    def test_the_sum_is_clamped_to_zero_and_repeats_count_once(self):
        assert score(MULTIPLE, {"choices": [2]}).fraction == 0
        assert score(MULTIPLE, {"choices": [0, 0, 0]}).fraction == 0.5

    def test_explicit_fractions_must_add_up_to_one(self):
        with pytest.raises(ValidationError, match=r"add up to 0\.8"):
            question(
                type="multiple",
                options=[{"text": "a", "fraction": 0.5}, {"text": "b", "fraction": 0.3}],
            )

    def test_explicit_negative_fractions_are_used(self):
        q = question(
            type="multiple",
            options=[{"text": "a", "fraction": 1}, {"text": "b", "fraction": -0.25}],
        )
        assert score(q, {"choices": [0, 1]}).fraction == 0.75

    def test_random_guess_is_undefined(self):
        assert random_guess_score(MULTIPLE) is None


class TestNumeric:
    @pytest.mark.parametrize(
        "text", ["1.5", "1,5", "1.5 mm", "1.5mm", " 1.55 MM ", "0.15 cm", "1.4", "15e-1"]
    )
    def test_accepted_forms(self, text):
        assert score(NUMERIC, {"text": text}).fraction == 1

    def test_outside_the_tolerance_falls_to_the_partial_answer_or_zero(self):
        partial = score(NUMERIC, {"text": "2.1"})
        assert partial.fraction == 0.5 and partial.feedback == ("Close.",)
        assert score(NUMERIC, {"text": "1.61"}).fraction == 0

    def test_a_wrong_unit_is_refused_with_a_message(self):
        outcome = score(NUMERIC, {"text": "1.5 m"})
        assert outcome.fraction == 0
        assert outcome.message == "'m' is not accepted here; give the answer in mm, cm."

    def test_not_a_number(self):
        value, message = parse_number("about one", NUMERIC)
        assert value is None and message == "'about one' is not a number."

    def test_a_unit_on_a_unitless_question(self):
        plain = question(type="numeric", answer=3)
        assert parse_number("3 sessions", plain)[1] == (
            "This answer takes a number only, without a unit."
        )

    def test_random_guess_is_zero(self):
        assert random_guess_score(NUMERIC) == 0


class TestMatching:
    def test_each_pair_counts_equally(self):
        choices = MATCHING.choices
        assert choices == ["V", "U", "M", "W"]
        assert score(MATCHING, {"matches": [0, 1, 2]}).fraction == 1
        assert score(MATCHING, {"matches": [0, 3, None]}).fraction == pytest.approx(1 / 3)
        assert score(MATCHING, {"matches": [1, 0, 2]}).fraction == pytest.approx(1 / 3)

    def test_random_guess_is_one_over_the_number_of_choices(self):
        assert random_guess_score(MATCHING) == 0.25

    def test_describe_names_both_sides(self):
        assert (
            describe(MATCHING, {"matches": [0, None, 2]}) == "Icepick → V; Boxcar → —; Rolling → M"
        )


class TestOrdering:
    def test_all_or_nothing(self):
        assert score(ORDER_ALL, {"order": [0, 1, 2, 3]}).fraction == 1
        assert score(ORDER_ALL, {"order": [0, 1, 3, 2]}).fraction == 0

    def test_partial_is_the_share_of_pairs_in_the_right_relative_order(self):
        assert score(ORDER_PARTIAL, {"order": [0, 1, 3, 2]}).fraction == pytest.approx(5 / 6)
        assert score(ORDER_PARTIAL, {"order": [1, 2, 3, 0]}).fraction == pytest.approx(1 / 2)
        assert score(ORDER_PARTIAL, {"order": [3, 2, 1, 0]}).fraction == 0

    def test_repeated_items_score_zero(self):
        assert score(ORDER_PARTIAL, {"order": [0, 1, 1, 2]}).fraction == 0

    def test_random_guess(self):
        assert random_guess_score(ORDER_ALL) == pytest.approx(1 / math.factorial(4))
        assert random_guess_score(ORDER_PARTIAL) == pytest.approx(1 / 2)


class TestShortText:
    @pytest.mark.parametrize("text", ["Fernandes", "fernandes", "  FERNANDES. ", "Fernandes!"])
    def test_case_spaces_and_punctuation_are_folded(self, text):
        assert score(SHORT, {"text": text}).fraction == 1

    def test_wildcards_give_their_fraction_and_feedback(self):
        outcome = score(SHORT, {"text": "Fernandez"})
        assert outcome.fraction == 0.5 and outcome.feedback == ("Spelling.",)
        assert score(SHORT, {"text": "Orentreich"}).fraction == 0

    def test_case_sensitive_answers(self):
        q = question(type="short_text", answers=["PRP"], case_sensitive=True)
        assert score(q, {"text": "PRP"}).fraction == 1
        assert score(q, {"text": "prp"}).fraction == 0

    def test_decimal_points_between_digits_are_kept(self):
        assert fold("1.5 mm") == "1.5mm" and fold("1,5") == "1.5"
        assert not matches("15", "1.5")

    def test_an_empty_answer_scores_zero(self):
        assert score(SHORT, {"text": "   "}).fraction == 0


class TestTrueFalse:
    def test_feedback_follows_the_choice(self):
        q = question(type="true_false", answer=False, feedback_true="Myth.", feedback_false="Yes.")
        assert score(q, {"value": False}).fraction == 1
        wrong = score(q, {"value": True})
        assert wrong.fraction == 0 and wrong.feedback == ("Myth.",)
        assert score(q, {"value": "false"}).fraction == 0
        assert random_guess_score(q) == 0.5


# --- properties -------------------------------------------------------------------------

texts = st.text(alphabet="abcdefghij", min_size=1, max_size=6)


@st.composite
def questions(draw):
    kind = draw(
        st.sampled_from(
            ["single", "multiple", "true_false", "numeric", "matching", "ordering", "short_text"]
        )
    )
    points = draw(st.floats(min_value=0.25, max_value=10, allow_nan=False))
    base = {**BASE, "type": kind, "points": points}
    if kind == "single":
        n = draw(st.integers(2, 6))
        right = draw(st.integers(0, n - 1))
        fractions = draw(st.lists(st.floats(-1, 0.9), min_size=n, max_size=n))
        options = [
            {"text": f"o{i}", "fraction": 1.0 if i == right else fractions[i]} for i in range(n)
        ]
        return LEAF.validate_python({**base, "options": options})
    if kind == "multiple":
        flags = draw(st.lists(st.booleans(), min_size=2, max_size=6).filter(any))
        options = [{"text": f"o{i}", "correct": f} for i, f in enumerate(flags)]
        return LEAF.validate_python({**base, "options": options})
    if kind == "true_false":
        return LEAF.validate_python({**base, "answer": draw(st.booleans())})
    if kind == "numeric":
        value = draw(st.floats(-1e6, 1e6, allow_nan=False))
        tolerance = draw(st.floats(0, 10, allow_nan=False))
        return LEAF.validate_python(
            {
                **base,
                "answer": value,
                "tolerance": tolerance,
                "unit": draw(st.sampled_from([None, "mm", "weeks"])),
            }
        )
    if kind == "matching":
        lefts = draw(st.lists(texts, min_size=2, max_size=5, unique=True))
        rights = draw(st.lists(texts, min_size=len(lefts), max_size=len(lefts)))
        pairs = [{"left": a, "right": b} for a, b in zip(lefts, rights, strict=True)]
        return LEAF.validate_python({**base, "pairs": pairs})
    if kind == "ordering":
        items = draw(st.lists(texts, min_size=2, max_size=6, unique=True))
        return LEAF.validate_python(
            {
                **base,
                "items": items,
                "scoring": draw(st.sampled_from(["partial", "all_or_nothing"])),
            }
        )
    answers = draw(st.lists(texts, min_size=1, max_size=3))
    return LEAF.validate_python({**base, "answers": answers})


responses = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["choice", "choices", "value", "text", "matches", "order"]),
        st.one_of(
            st.integers(-3, 8),
            st.booleans(),
            st.text(max_size=8),
            st.none(),
            st.lists(st.one_of(st.integers(-3, 8), st.none(), st.text(max_size=3)), max_size=8),
        ),
        max_size=3,
    ),
)


@settings(max_examples=400, deadline=None)
@given(questions(), responses)
def test_every_score_lies_between_zero_and_the_points(q, response):
    outcome = score(q, response)
    assert 0 <= outcome.fraction <= 1
    assert 0 <= outcome.points(q) <= q.points + 1e-9


@settings(max_examples=300, deadline=None)
@given(questions())
def test_a_perfect_response_scores_full_marks(q):
    assert score(q, correct_response(q)).fraction == pytest.approx(1)


@settings(max_examples=200, deadline=None)
@given(questions())
def test_the_random_guess_score_is_a_fraction_where_defined(q):
    guess = random_guess_score(q)
    assert guess is None or 0 <= guess <= 1

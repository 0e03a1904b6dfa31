"""What to look at first: questions ranked by how much they need a look, the size of the
problem included, with advice that fits the question and a reason for its place.

A negative discrimination on a question almost everyone gets right rests on the few who got
it wrong: it is no sign of a wrong key, and such a question is neither ranked nor advised
as one (the Module 1 quiz once listed first an item 39 of 40 trainees got right)."""

from __future__ import annotations

import pytest

from needlewise import item_review
from needlewise.bank_review import items_to_review
from needlewise.quiz.schema import Quiz
from needlewise.stats import Choice, QuestionStats, Report
from needlewise.stats import TestStats as Totals


def question(question_id, n=40, facility=60.0, discrimination=45.0, guess=None):
    return QuestionStats(question_id, n, facility, 10.0, guess, 50.0, 50.0, discrimination, 40.0)


def report(*questions, choices=()) -> Report:
    return Report(max(q.n for q in questions), Totals(*[None] * 8), list(questions), list(choices))


def order(found: Report) -> list[str]:
    return [c.question_id for c in item_review.ranked(found)]


def by_id(found: Report) -> dict[str, item_review.Concern]:
    return {c.question_id: c for c in item_review.ranked(found)}


def test_the_module_1_case_a_negative_discrimination_on_one_wrong_answer_is_not_a_wrong_key():
    found = report(
        # 39 of 40 right: its discrimination rests on one wrong answer.
        question("early-review-advice", facility=97.5, discrimination=-5.4),
        question("tattoo-claim", facility=85.0, discrimination=-22.9),
        # Partial marks: 93.75% is two and a half wrong answers' worth.
        question("growth-factors", facility=93.75, discrimination=-23.3),
    )
    assert order(found) == ["tattoo-claim", "growth-factors", "early-review-advice"]
    concerns = by_id(found)
    assert concerns["tattoo-claim"].advice.startswith("Stronger trainees do worse")
    assert "check the key" in concerns["tattoo-claim"].advice
    easy = concerns["early-review-advice"]
    assert "check the key" not in easy.advice
    assert easy.advice.startswith("With only 1 wrong answer in 40, its negative discrimination")
    assert "weak evidence of a wrong key" in easy.advice
    assert easy.reasons == (
        "negative discrimination (-5.4) resting on only 1 wrong answer in 40",
        "too easy (97.5% facility)",
    )
    assert "about 3 wrong answers in 40" in concerns["growth-factors"].reasons[0]


def test_a_larger_problem_ranks_first_within_its_group():
    found = report(
        question("a-slightly-negative", discrimination=-6.0),
        question("b-strongly-negative", discrimination=-23.0),
        question("c-hard", facility=25.0),
        question("d-harder", facility=10.0),
        question("e-easy", facility=92.0),
        question("f-easier", facility=99.0),
        question("g-weak", discrimination=15.0),
        question("h-weaker", discrimination=2.0),
    )
    assert order(found) == [
        "b-strongly-negative",
        "a-slightly-negative",
        "d-harder",
        "c-hard",
        "h-weaker",
        "g-weak",
        "f-easier",
        "e-easy",
    ]


def test_groups_go_from_a_possible_wrong_key_to_a_merely_easy_question():
    unused = [Choice("unused", code, 0.0, 0.0, 0.0) for code in "CD"]
    found = report(
        question("easy", facility=97.0),
        question("few-wrong", facility=95.0, discrimination=-30.0),
        question("unused"),
        question("weak", discrimination=10.0),
        question("hard", facility=20.0),
        question("guessing", facility=27.0, guess=25.0),
        question("wrong-key", discrimination=-8.0),
        choices=unused,
    )
    ranked = item_review.ranked(found)
    assert [c.question_id for c in ranked] == [
        "wrong-key",
        "guessing",
        "hard",
        "weak",
        "unused",
        "few-wrong",
        "easy",
    ]
    assert [c.severity for c in ranked] == list(item_review.GROUPS)
    # The Quiz studio lists them in the same order, with the same advice.
    listed = items_to_review("quiz", found)
    assert [(i.question_id, i.advice) for i in listed] == [
        (c.question_id, c.advice) for c in ranked
    ]


@pytest.mark.parametrize(
    ("n", "facility", "rests_on_few"),
    [
        (40, 97.5, True),  # 1 wrong answer
        (30, 90.0, True),  # 3 wrong answers
        (30, 86.7, True),  # 4 wrong answers
        (30, 83.3, False),  # 5 wrong answers
        (200, 92.0, False),  # 92% facility, but 16 wrong answers are evidence
        (300, 91.0, False),  # 27 wrong answers
        (40, 5.0, False),  # 2 right answers: few right is the sign of a wrong key
    ],
)
def test_which_discriminations_rest_on_a_few_wrong_answers(n, facility, rests_on_few):
    item = question("q", n=n, facility=facility, discrimination=-15.0)
    assert item_review.rests_on_few_wrong(item) is rests_on_few
    [concern] = item_review.ranked(report(item))
    assert ("check the key" in concern.advice) is not rests_on_few
    assert concern.severity == (item_review.FEW_WRONG if rests_on_few else item_review.WRONG_KEY)


def test_a_very_hard_question_that_weaker_trainees_get_right_keeps_the_key_advice():
    [concern] = item_review.ranked(report(question("q", facility=8.0, discrimination=-20.0)))
    assert concern.severity == item_review.WRONG_KEY
    assert "check the key" in concern.advice
    assert concern.reasons == ("negative discrimination (-20)", "too hard (8% facility)")


def test_a_weak_discrimination_on_an_easy_question_is_ranked_and_explained_as_easy():
    [concern] = item_review.ranked(report(question("q", facility=95.0, discrimination=10.0)))
    assert concern.severity == item_review.EASY
    assert concern.reasons == (
        "too easy (95% facility)",
        "weak discrimination (10) resting on only 2 wrong answers in 40",
    )
    assert concern.advice.startswith("Nearly everyone gets it right")
    assert concern.advice.endswith(
        "With only 2 wrong answers in 40, its discrimination rests on those few and says "
        "little either way."
    )


def test_the_few_wrong_answers_are_explained_when_something_else_ranks_the_question():
    found = report(
        question("q", facility=97.5, discrimination=-12.0),
        choices=[Choice("q", "D", 0.0, 0.0, 0.0)],
    )
    [concern] = item_review.ranked(found)
    assert concern.severity == item_review.UNUSED
    assert concern.advice.startswith("A distractor nobody picks does no work")
    assert "rests on that one: weak evidence of a wrong key" in concern.advice
    assert "check the key" not in concern.advice


def test_each_concern_says_why_it_is_listed_where_it_is():
    found = report(
        question("wrong-key", discrimination=-23.3),
        question("easy", facility=97.5),
        question("unused"),
        choices=[Choice("unused", code, 0.0, 0.0, 0.0) for code in "BCD"],
    )
    why = {c.question_id: c.why for c in item_review.ranked(found)}
    assert why["wrong-key"] == (
        "In group 1 of 7 (possible wrong key), ordered by discrimination, most negative "
        "first: discrimination -23.3."
    )
    assert why["unused"] == (
        "In group 5 of 7 (options nobody chose), ordered by unused options, most first: "
        "3 unused options."
    )
    assert why["easy"].startswith("In group 7 of 7 (very easy)")
    assert why["easy"].endswith("facility 97.5%.")
    # The page states the order once; it names every group in order.
    names = [name for name, _ in item_review.GROUPS.values()]
    positions = [item_review.ORDER.index(name) for name in names]
    assert positions == sorted(positions)


def test_a_part_of_a_case_is_named_with_its_case():
    quiz = Quiz.model_validate(
        {
            "id": "q",
            "title": "Quiz",
            "module": "m",
            "pass_mark": 80,
            "questions": [
                {
                    "type": "case",
                    "id": "client",
                    "title": "A client who expected faster results",
                    "vignette": {"text": "She is disappointed at six weeks."},
                    "questions": [
                        {
                            "id": "client-advice",
                            "type": "true_false",
                            "prompt": "Should you tell her results take months?",
                            "answer": True,
                            "objectives": ["m.one"],
                        }
                    ],
                },
                {
                    "id": "alone",
                    "type": "true_false",
                    "prompt": "Is the epidermis thin?",
                    "answer": True,
                    "objectives": ["m.one"],
                },
            ],
        }
    )
    assert item_review.case_of(quiz, "client-advice") == "A client who expected faster results"
    assert item_review.case_of(quiz, "alone") == ""
    assert item_review.named_question(quiz, "client-advice", 200) == (
        "Case 'A client who expected faster results': Should you tell her results take months?"
    )
    assert item_review.named_question(quiz, "alone") == "Is the epidermis thin?"
    found = report(question("client-advice", facility=20.0), question("alone", facility=20.0))
    assert {c.question for c in item_review.ranked(found, quiz)} == {
        "Case 'A client who expected faster results': Should you tell her results take months?",
        "Is the epidermis thin?",
    }

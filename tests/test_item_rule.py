"""One rule judges items: the Quiz studio's review list and the Item analysis page's
ranking flag the same questions, for the same reasons, from the same minimum sample."""

from __future__ import annotations

import pytest

from needlewise import item_review
from needlewise.bank_review import items_to_review
from needlewise.stats import QuestionStats, Report
from needlewise.stats import TestStats as Totals


def question(question_id, n=40, facility=60.0, discrimination=45.0, guess=None):
    return QuestionStats(question_id, n, facility, 10.0, guess, 50.0, 50.0, discrimination, 40.0)


def report(*questions) -> Report:
    return Report(max(q.n for q in questions), Totals(*[None] * 8), list(questions))


@pytest.mark.parametrize(
    ("stats", "flagged"),
    [
        (question("q", facility=90.0), False),
        (question("q", facility=90.5), True),
        (question("q", facility=30.0), False),
        (question("q", facility=29.5), True),
        (question("q", discrimination=20.0), False),
        (question("q", discrimination=19.5), True),
        (question("q", facility=55.0, guess=50.0), True),
        (question("q", facility=56.0, guess=50.0), False),
    ],
)
def test_the_rules_boundaries(stats, flagged):
    assert bool(item_review.ranked(report(stats))) is flagged
    assert bool(items_to_review("quiz", report(stats))) is flagged


def test_the_studio_lists_what_item_analysis_ranks_in_the_same_order_and_words():
    found = report(
        question("easy", facility=97.0),
        question("fine"),
        question("miskeyed", discrimination=-20.0),
        question("hard", facility=20.0, discrimination=10.0),
    )
    ranked = item_review.ranked(found)
    listed = items_to_review("quiz", found)
    assert [c.question_id for c in ranked] == ["miskeyed", "hard", "easy"]
    assert [i.question_id for i in listed] == ["miskeyed", "hard", "easy"]
    assert [tuple(i.reasons) for i in listed] == [c.reasons for c in ranked]
    assert listed[0].advice.startswith("Stronger trainees do worse")


def test_a_question_drawn_into_few_attempts_waits_for_its_own_thirty():
    # Forty attempts in all, but a randomly drawn question was seen in only 29 of them.
    found = report(
        question("seen-often", n=40, facility=99.0), question("rare", n=29, facility=5.0)
    )
    assert item_review.meaningful(found)
    assert [c.question_id for c in item_review.ranked(found)] == ["seen-often"]
    assert [i.question_id for i in items_to_review("quiz", found)] == ["seen-often"]


def test_the_rule_as_the_studio_states_it_names_the_thresholds():
    assert item_review.RULE.startswith(
        "facility above 90% or below 30%, discrimination index below 20 (on the -100 to 100"
    )

"""The shipped bank meets the certification targets: a secure final drawn by blueprint with
at least three items per objective in every form, more for the highest-risk objectives, a
pool at least twice one form, few true/false items with balanced keys, and keys that are
not given away by their length."""

from __future__ import annotations

import random

from needlewise.bank import bank_report
from needlewise.quiz.layout import build_layout, leaf_ids

from .builders import shipped_content, shipped_final

CONTENT = shipped_content()
COURSE = CONTENT.course


# Contraindications, depth and the law, asepsis, topicals, anaesthetic, emergencies.
HIGH_RISK = {
    "m3.contraindications",
    "m3.anaesthetic-safety",
    "m3.law-scope",
    "m4.depth-selection",
    "m4.infection-control",
    "m5.topicals",
    "m6.emergencies",
}
FINAL = shipped_final()


def objectives() -> set[str]:
    return {o.id for module in COURSE.modules for o in module.objectives}


def test_the_final_is_a_secure_blueprint_over_every_objective_weighted_to_risk():
    blueprint = FINAL.quiz.blueprint
    assert blueprint is not None and blueprint.secure
    counts = {entry.objective: entry.count for entry in blueprint.draw}
    assert set(counts) == objectives()
    assert all(count >= 3 for count in counts.values())
    assert all(counts[o] > 3 for o in HIGH_RISK), {o: counts[o] for o in HIGH_RISK}


def test_every_final_pool_holds_at_least_two_forms():
    report = bank_report(CONTENT, [FINAL.id])
    assert report.below_blueprint == []
    assert report.thin_pools == []


def test_two_attempts_get_different_forms_that_both_meet_the_blueprint():
    counts = {entry.objective: entry.count for entry in FINAL.quiz.blueprint.draw}
    leaves = {q.id: q for _, q in FINAL.quiz.leaves()}
    forms = []
    for seed in (1, 2):
        shown_ids = leaf_ids(build_layout(FINAL.quiz, random.Random(seed)))
        shown = [leaves[q].objectives[0] for q in shown_ids]
        assert {o: shown.count(o) for o in counts} == counts
        forms.append(set(shown_ids))
    assert forms[0] != forms[1]


def test_true_false_is_rare_and_balanced_and_keys_are_not_the_longest_option():
    report = bank_report(CONTENT)
    tf = report.true_false
    assert tf["share_of_bank"] <= 0.10
    assert abs(tf["keyed_true"] - tf["keyed_false"]) <= max(2, tf["items"] // 5)
    assert report.key_longest["share"] <= 0.34
    assert report.near_duplicates == []

"""No form of the final can hold two items whose keys give each other away.

Any two items of the final can meet in one form (every objective is drawn each time), so a
point that several items key identically is tested by one item only. These are the
clusters an independent review found: four items keyed "icepick scars: refer"; three
naming subcision as a doctor's option; and three keyed "needling caused less PIH than laser
in a trial, but PIH still happens".
"""

from __future__ import annotations

from .builders import shipped_final

FINAL = shipped_final()


def keyed(term: str, objective: str | None = None) -> list[str]:
    """Ids of final items (tagged with the objective, if one is given) with a correct option
    that names the term."""
    found = []
    for _, item in FINAL.quiz.leaves():
        if objective is not None and objective not in item.objectives:
            continue
        keys = [o.text for o in getattr(item, "options", None) or [] if o.correct]
        if any(term in text.lower() for text in keys):
            found.append(item.id)
    return found


def test_only_one_final_item_keys_the_icepick_referral():
    # Items that only identify a scar type (m2.atrophic-types) test a different point.
    assert keyed("icepick", "m2.treatment-match") == ["fx-m4depth-05"]


def test_only_one_final_item_keys_subcision():
    assert len(keyed("subcision")) == 1, keyed("subcision")


def test_the_check_would_catch_a_second_item_keyed_the_same_way():
    item = next(q for _, q in FINAL.quiz.leaves() if q.id == "fx-m2match-11")
    key = next(o for o in item.options if o.correct)
    original = key.text
    key.text = "Explain that icepick scars are referred for medical treatment"
    try:
        assert len(keyed("icepick", "m2.treatment-match")) == 2
    finally:
        key.text = original


def test_the_laser_trial_finding_is_keyed_once():
    assert len(keyed("than the needling")) + len(keyed("less pih than laser")) == 1

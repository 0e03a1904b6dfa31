"""No form of the final can hold two items whose keys give each other away.

Any two items of the final can meet in one form (every objective is drawn each time), so a
point that several items key identically is tested by one item only. These are the
clusters an independent review found: four items keyed "icepick scars: refer", and two
keyed "rolling scars: needle, and subcision is a doctor's option".
"""

from __future__ import annotations

from .test_course_content import CONTENT, COURSE

FINAL = CONTENT.quizzes[COURSE.final_assessment]


def keyed(term: str) -> list[str]:
    """Ids of final treatment-matching items with a correct option that names the term
    (items that only identify a scar type are a different point)."""
    found = []
    for _, item in FINAL.quiz.leaves():
        if "m2.treatment-match" not in item.objectives:
            continue
        keys = [o.text for o in getattr(item, "options", None) or [] if o.correct]
        if any(term in text.lower() for text in keys):
            found.append(item.id)
    return found


def test_only_one_final_item_keys_the_icepick_referral():
    assert keyed("icepick") == ["fx-m4depth-05"]


def test_only_one_final_item_keys_subcision():
    assert len(keyed("subcision")) == 1, keyed("subcision")


def test_the_check_would_catch_a_second_item_keyed_the_same_way():
    item = next(q for _, q in FINAL.quiz.leaves() if q.id == "fx-m2match-02")
    key = next(o for o in item.options if o.correct)
    original = key.text
    key.text = "Explain that icepick scars are referred for medical treatment"
    try:
        assert len(keyed("icepick")) == 2
    finally:
        key.text = original

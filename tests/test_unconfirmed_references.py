"""Sources whose details could not be confirmed are never the only support for anything.

A reference marked UNCONFIRMED in content/references.yaml (its authors, year or journal
could not be checked) may sit beside a confirmed source, but no lesson sentence and no
question may cite it alone.
"""

from __future__ import annotations

import re

from .builders import lesson_texts, sentences, shipped_content

CITED = re.compile(r"@([\w-]+)")


def unconfirmed() -> set[str]:
    return {key for key, r in shipped_content().references.items() if "UNCONFIRMED" in r.citation}


def alone(keys: set[str], weak: set[str]) -> bool:
    """Cited keys that are all unconfirmed (and at least one of them)."""
    return bool(keys) and keys <= weak


def test_the_rule_catches_a_sentence_or_question_resting_on_an_unconfirmed_source():
    weak = {"jdd-scar-review"}
    assert alone(set(CITED.findall("Most scars are atrophic [@jdd-scar-review].")), weak)
    assert not alone({"jdd-scar-review", "connolly2017"}, weak)
    assert not alone(set(), weak)


def test_the_reference_list_still_marks_its_unconfirmed_sources():
    assert {"jdd-scar-review", "history-review", "chakrawarty-jaiswal"} <= unconfirmed()


def test_no_lesson_sentence_rests_on_an_unconfirmed_source_alone():
    weak = unconfirmed()
    found = {
        (lesson_id, s)
        for lesson_id, text in lesson_texts().items()
        for s in sentences(text)
        if alone(set(CITED.findall(s)), weak)
    }
    assert not found


def test_no_question_rests_on_an_unconfirmed_source_alone():
    weak = unconfirmed()
    found = [
        question.id
        for loaded in shipped_content().quizzes.values()
        for _, question in loaded.quiz.leaves()
        if alone(set(question.references), weak)
    ]
    assert not found

"""Sources whose details could not be confirmed are never the only support for anything.

A reference marked UNCONFIRMED in content/references.yaml (its authors, year or journal
could not be checked) may sit beside a confirmed source, but no question may cite it
alone, and a lesson sentence may cite it alone only when the sentence itself tells the
reader that its details could not be confirmed. A figure that names one must say so
beside the name and name a confirmed source too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .builders import ROOT, lesson_texts, sentences, shipped_content

CITED = re.compile(r"@([\w-]+)")


def unconfirmed() -> set[str]:
    return {key for key, r in shipped_content().references.items() if "UNCONFIRMED" in r.citation}


HEDGE = re.compile(r"could not be confirmed|unconfirmed", re.IGNORECASE)


def alone(keys: set[str], weak: set[str]) -> bool:
    """Cited keys that are all unconfirmed (and at least one of them)."""
    return bool(keys) and keys <= weak


def unhedged(sentence: str, weak: set[str]) -> bool:
    """A sentence resting on unconfirmed sources alone without saying so."""
    return alone(set(CITED.findall(sentence)), weak) and not HEDGE.search(sentence)


def names(short: str) -> set[str]:
    """How a figure may name a source: its short name, or the first author's surname."""
    found = {short.lower(), short.lower().replace("&", "and")}
    if "&" in short or " et al" in short:
        found.add(short.split()[0].lower())
    return found


def figure_texts() -> dict[str, list[str]]:
    """Each shipped figure's title, description (by sentence) and text lines."""
    texts = {}
    for path in sorted((ROOT / "content" / "figures").glob("*.svg")):
        parts = []
        for node in ET.parse(path).getroot().iter():
            tag = node.tag.rsplit("}", 1)[-1]
            text = " ".join("".join(node.itertext()).split())
            if tag in {"title", "desc"}:
                parts += sentences(text)
            elif tag == "text" and text:
                parts.append(text)
        texts[path.stem] = parts
    return texts


def figure_problems(parts: list[str], weak: dict[str, str], sound: dict[str, str]) -> list[str]:
    """Lines naming an unconfirmed source without saying so, or with no confirmed source named."""
    whole = " ".join(parts).lower()
    problems = []
    for short in weak.values():
        for part in parts:
            if any(n in part.lower() for n in names(short)) and not HEDGE.search(part):
                problems.append(part)
        if any(n in whole for n in names(short)) and not any(
            n in whole for other in sound.values() for n in names(other)
        ):
            problems.append(f"only unconfirmed sources: {short}")
    return problems


def test_the_rule_catches_a_sentence_or_question_resting_on_an_unconfirmed_source():
    weak = {"jdd-scar-review"}
    assert alone(set(CITED.findall("Most scars are atrophic [@jdd-scar-review].")), weak)
    assert not alone({"jdd-scar-review", "connolly2017"}, weak)
    assert not alone(set(), weak)
    assert unhedged("Most scars are atrophic [@jdd-scar-review].", weak)
    assert not unhedged(
        "One review, whose details could not be confirmed, says most are atrophic "
        "[@jdd-scar-review].",
        weak,
    )


def test_the_reference_list_still_marks_its_unconfirmed_sources():
    assert {"jdd-scar-review", "history-review", "chakrawarty-jaiswal"} <= unconfirmed()


def test_no_lesson_sentence_rests_on_an_unconfirmed_source_alone():
    weak = unconfirmed()
    found = {
        (lesson_id, s)
        for lesson_id, text in lesson_texts().items()
        for s in sentences(text)
        if unhedged(s, weak)
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


def test_the_figure_rule_catches_an_unhedged_or_lonely_unconfirmed_source():
    weak = {"w": "Chakrawarty & Jaiswal"}
    sound = {"s": "Fabbrocini 2009"}
    assert figure_problems(["Sources: Chakrawarty & Jaiswal; Fabbrocini 2009."], weak, sound)
    assert figure_problems(["Boxcar: one study (Chakrawarty & Jaiswal), unconfirmed."], weak, sound)
    assert not figure_problems(
        ["Rolling: Fabbrocini 2009.", "Boxcar: one study (Chakrawarty and Jaiswal), unconfirmed."],
        weak,
        sound,
    )


def test_no_figure_names_an_unconfirmed_source_without_saying_so():
    refs = shipped_content().references
    weak = {k: r.short for k, r in refs.items() if "UNCONFIRMED" in r.citation}
    sound = {k: r.short for k, r in refs.items() if k not in weak}
    found = {
        name: problems
        for name, parts in figure_texts().items()
        if (problems := figure_problems(parts, weak, sound))
    }
    assert not found

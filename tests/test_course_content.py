"""The shipped course meets the course rules: coverage, sources, figures, safety points."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from defusedxml import ElementTree

from .builders import shipped_content

CONTENT = shipped_content()
COURSE = CONTENT.course
SVG = "{http://www.w3.org/2000/svg}"


def leaves():
    for loaded in CONTENT.quizzes.values():
        for case, question in loaded.quiz.leaves():
            yield loaded.quiz, case, question


def test_the_content_loads_without_problems():
    assert CONTENT.problems == []
    assert COURSE is not None and len(COURSE.modules) == 6


def test_each_module_has_one_to_seven_lessons_with_minutes_and_objectives():
    # Safe practice (screening, consent, PIH, devices) made m3 the longest module; past
    # seven lessons a module quiz would come too late to check understanding.
    for module in COURSE.modules:
        assert 1 <= len(module.lessons) <= 7, module.id
        own = {o.id for o in module.objectives}
        covered = set()
        for lesson_id in module.lessons:
            lesson = CONTENT.lessons[lesson_id]
            assert lesson.meta.minutes >= 5
            assert set(lesson.meta.objectives) <= own, lesson_id
            covered |= set(lesson.meta.objectives)
            assert lesson.citations, f"{lesson_id} cites nothing"
        assert covered == own, f"{module.id} lessons leave out {own - covered}"


def test_quiz_sizes():
    for module in COURSE.modules:
        quiz = CONTENT.quizzes[module.quiz].quiz
        assert sum(1 for _ in quiz.leaves()) >= 12, module.quiz
    assert sum(1 for _ in leaves()) >= 90


def test_module_quizzes_mix_the_question_types():
    for module in COURSE.modules:
        quiz = CONTENT.quizzes[module.quiz].quiz
        kinds = {q.type for _, q in quiz.leaves()}
        assert len(kinds) >= 5, (module.quiz, kinds)


def test_every_question_has_an_explanation_and_a_resolvable_reference():
    for quiz, _, question in leaves():
        assert question.explanation, (quiz.id, question.id)
        assert question.references, (quiz.id, question.id)
        assert set(question.references) <= set(CONTENT.references), (quiz.id, question.id)


def test_every_objective_is_assessed_at_least_three_times():
    counts = Counter(o for _, _, q in leaves() for o in q.objectives)
    for module in COURSE.modules:
        for objective in module.objectives:
            assert counts[objective.id] >= 3, objective.id


def test_every_figure_used_exists_has_alt_text_and_an_accessible_name():
    used = {b.figure for lesson in CONTENT.lessons.values() for b in lesson.figures}
    used |= {f for _, case, _ in leaves() if case for f in case.vignette.figures}
    assert {
        "skin-layers",
        "scar-profiles",
        "wound-healing-timeline",
        "treatment-plan-timeline",
    } <= set(CONTENT.figures)
    assert used <= set(CONTENT.figures)
    for lesson in CONTENT.lessons.values():
        for block in lesson.figures:
            assert len(block.text) >= 20, (lesson.id, block.figure)
    for name, path in CONTENT.figures.items():
        root = ElementTree.fromstring(path.read_bytes())
        assert root.find(f"{SVG}title").text.strip(), name
        assert len(root.find(f"{SVG}desc").text.strip()) > 80, name
        assert not list(root.iter(f"{SVG}script")), name


def test_lessons_that_give_needle_depths_show_the_clinic_limit():
    for lesson in CONTENT.lessons.values():
        body = "\n".join(b.text for b in lesson.blocks)
        if re.search(r"\d(\.\d+)? ?mm\b", body):
            assert any(b.callout == "LIMIT" for b in lesson.blocks), lesson.id


NEGATION = re.compile(r"\b(never|not|no|nor|myth|wrong|overstated|avoid|don't|isn't)\b", re.I)


def affirmed(pattern: str, text: str) -> list[str]:
    """Sentences that state ``pattern`` without negating or correcting it."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return [s for s in sentences if re.search(pattern, s, re.I) and not NEGATION.search(s)]


CORRECTED = [
    (
        r"vitamin c (serum )?(on|into|onto) (needled|the needled|open)",
        "Finish by pressing vitamin C serum into open channels.",
    ),
    (r"safe for (all|every) skin types?", "Microneedling is safe for all skin types."),
    (r"fda (limit|cut-off|cap)", "The FDA limit for aestheticians is 0.3 mm."),
    (
        r"routine(ly)?\b[^.]*\b2(\.5)? ?mm|2 ?[-–] ?2\.5 ?mm[^.]*routine",
        "Deep pitted scars are routinely treated at 2.5 mm.",
    ),
    (r"(treat|needle)[^.]*keloid-prone", "You can treat keloid-prone clients gently."),
]


@pytest.mark.parametrize(("pattern", "example"), CORRECTED)
def test_the_corrected_claims_are_never_taught(pattern, example):
    assert affirmed(pattern, example), "the check must catch the claim it looks for"
    texts = [b.text for lesson in CONTENT.lessons.values() for b in lesson.blocks]
    texts += [q.explanation or "" for _, _, q in leaves()]
    for text in texts:
        assert not affirmed(pattern, text), affirmed(pattern, text)


def test_the_corrections_are_taught():
    body = " ".join(b.text for lesson in CONTENT.lessons.values() for b in lesson.blocks).lower()
    for needle in ("granuloma", "keloid", "tram-track", "depth cut-off", "refer"):
        assert needle in body, needle
    myths = [b for lesson in CONTENT.lessons.values() for b in lesson.blocks if b.callout == "MYTH"]
    assert len(myths) >= 3

"""Blueprinted draws: each attempt gets a parallel form with so many items per objective.

An item is a question or one part of a case. Every item belongs to the pool of its FIRST
objective. A case is drawn whole or not at all, and counts toward the objective of each of
its parts (a case whose parts cover m3.contraindications twice and m4.depth-selection once
gives 2 and 1). A form meets the blueprint when each listed objective has at least its
count; the draw aims for exactly the count and goes over only when whole cases make it
unavoidable. Questions none of whose items belong to a listed objective are never drawn.

``apart`` lists groups of "enemy items" (one gives another away): a form holds at most one
question of each group. An id in a group may name a case part; it stands for its case.
"""

from __future__ import annotations

import random
from collections import Counter

from .schema import Blueprint, CaseQuestion, Question, Quiz

# Random orders tried for a form that hits every count exactly, before allowing overshoot.
EXACT_TRIES = 50
# Random orders tried in all; apart groups can make a greedy order miss a count.
TRIES = 200
# Seeded draws ``check`` makes to show a blueprint with apart groups can still be met.
CHECK_SEEDS = 20


def pool_of(question) -> str | None:
    """The objective whose pool an item (a question or a case part) belongs to."""
    return question.objectives[0] if question.objectives else None


def contribution(question: Question) -> Counter[str]:
    """How many items a top-level question adds to each objective's pool."""
    items = question.questions if isinstance(question, CaseQuestion) else [question]
    return Counter(o for o in (pool_of(item) for item in items) if o is not None)


def pool_sizes(quiz: Quiz) -> Counter[str]:
    """Items per objective pool, over the whole quiz."""
    sizes: Counter[str] = Counter()
    for question in quiz.questions:
        sizes.update(contribution(question))
    return sizes


def shortfalls(quiz: Quiz) -> list[tuple[int, str, int, int]]:
    """(index in blueprint.draw, objective, wanted, available) for each pool too small."""
    if quiz.blueprint is None:
        return []
    sizes = pool_sizes(quiz)
    return [
        (i, d.objective, d.count, sizes[d.objective])
        for i, d in enumerate(quiz.blueprint.draw)
        if sizes[d.objective] < d.count
    ]


def outside(quiz: Quiz) -> list[str]:
    """Ids of questions that no blueprint objective draws, so no attempt ever shows them."""
    if quiz.blueprint is None:
        return []
    wanted = {d.objective for d in quiz.blueprint.draw}
    return [q.id for q in quiz.questions if not set(contribution(q)) & wanted]


def form_counts(quiz: Quiz, question_ids: list[str]) -> Counter[str]:
    """Items per objective in a form made of these top-level questions."""
    counts: Counter[str] = Counter()
    for question_id in question_ids:
        counts.update(contribution(quiz.top(question_id)))
    return counts


def meets(blueprint: Blueprint, counts: Counter[str]) -> bool:
    return all(counts[d.objective] >= d.count for d in blueprint.draw)


def top_ids(quiz: Quiz) -> dict[str, str]:
    """Each question and case-part id mapped to the id of its top-level question."""
    tops: dict[str, str] = {}
    for question in quiz.questions:
        tops[question.id] = question.id
        if isinstance(question, CaseQuestion):
            for part in question.questions:
                tops[part.id] = question.id
    return tops


def enemies(quiz: Quiz) -> dict[int, set[int]]:
    """For each top-level question index, the indexes an apart group keeps out of its form."""
    if quiz.blueprint is None:
        return {}
    tops = top_ids(quiz)
    index = {q.id: i for i, q in enumerate(quiz.questions)}
    kept: dict[int, set[int]] = {}
    for group in quiz.blueprint.apart:
        members = {index[tops[m]] for m in group if m in tops}
        for i in members:
            kept.setdefault(i, set()).update(members - {i})
    return kept


def reachable(quiz: Quiz) -> dict[str, int]:
    """Per blueprint objective, the most items a form can hold given the apart groups.

    A question outside every group adds all it has; a group adds at most its richest
    member. A question in several groups is counted in each (an upper bound).
    """
    assert quiz.blueprint is not None
    tops = top_ids(quiz)
    grouped = {tops[m] for group in quiz.blueprint.apart for m in group if m in tops}
    most: Counter[str] = Counter()
    for question in quiz.questions:
        if question.id not in grouped:
            most.update(contribution(question))
    for group in quiz.blueprint.apart:
        members = {tops[m] for m in group if m in tops}
        for d in quiz.blueprint.draw:
            most[d.objective] += max(
                (contribution(quiz.top(m))[d.objective] for m in members), default=0
            )
    return {d.objective: most[d.objective] for d in quiz.blueprint.draw}


def draw(quiz: Quiz, rng: random.Random) -> list[Question]:
    """One random form, in the quiz's own order (the layout shuffles it if asked)."""
    assert quiz.blueprint is not None
    need = {d.objective: d.count for d in quiz.blueprint.draw}
    candidates = [i for i, q in enumerate(quiz.questions) if set(contribution(q)) & set(need)]
    kept = enemies(quiz)
    picked: list[int] = []
    for tries in range(TRIES):
        picked = _greedy(quiz, candidates, need, kept, rng, exact=tries < EXACT_TRIES)
        if meets(quiz.blueprint, _counts(quiz, picked)):
            break
    return [quiz.questions[i] for i in sorted(picked)]


def met_in_seeded_draws(quiz: Quiz, seeds: int = CHECK_SEEDS) -> int:
    """How many of ``seeds`` seeded draws give a form that meets the blueprint."""
    assert quiz.blueprint is not None
    met = 0
    for seed in range(seeds):
        form = [q.id for q in draw(quiz, random.Random(seed))]
        met += meets(quiz.blueprint, form_counts(quiz, form))
    return met


def _counts(quiz: Quiz, picked: list[int]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for i in picked:
        counts.update(contribution(quiz.questions[i]))
    return counts


def _greedy(
    quiz: Quiz,
    candidates: list[int],
    need: dict[str, int],
    kept: dict[int, set[int]],
    rng: random.Random,
    exact: bool,
) -> list[int]:
    order = list(candidates)
    rng.shuffle(order)
    got: Counter[str] = Counter()
    picked: list[int] = []
    barred: set[int] = set()
    for i in order:
        if i in barred:
            continue
        adds = {o: n for o, n in contribution(quiz.questions[i]).items() if o in need}
        helps = any(got[o] < need[o] for o in adds)
        fits = all(got[o] + n <= need[o] for o, n in adds.items())
        if helps and (fits or not exact):
            picked.append(i)
            got.update(adds)
            barred |= kept.get(i, set())
    return picked

"""What one attempt shows: which questions (after any random draw), in what order, and
the order of their options, choices and items. Stored with the attempt as plain JSON."""

from __future__ import annotations

import random
from typing import Any

from . import blueprint
from .loading import objectives_of
from .schema import (
    CaseQuestion,
    ChoiceQuestion,
    LeafQuestion,
    MatchingQuestion,
    OrderingQuestion,
    Question,
    Quiz,
    Shuffle,
)

Slot = dict[str, Any]


def build_layout(quiz: Quiz, rng: random.Random | None = None) -> list[Slot]:
    rng = rng or random.SystemRandom()
    shuffle = quiz.shuffle if isinstance(quiz.shuffle, Shuffle) else Shuffle()
    chosen = _draw(quiz, rng)
    if shuffle.questions:
        rng.shuffle(chosen)
    slots = []
    for question in chosen:
        if isinstance(question, CaseQuestion):
            parts = [_leaf_slot(p, shuffle.options, rng) for p in question.questions]
            slots.append({"id": question.id, "parts": parts})
        else:
            slots.append(_leaf_slot(question, shuffle.options, rng))
    return slots


def questions_per_attempt(quiz: Quiz) -> int | None:
    """How many questions every attempt at ``quiz`` has (a case counts each of its parts),
    or None where the random draw makes it vary from one attempt to the next."""
    if quiz.draw is None and quiz.blueprint is None:
        return sum(1 for _ in quiz.leaves())
    if any(isinstance(q, CaseQuestion) for q in quiz.questions):
        return None
    if quiz.blueprint is not None:
        # Every item adds to one objective's pool, and a form takes exactly each count.
        return sum(d.count for d in quiz.blueprint.draw)
    if quiz.draw is not None and quiz.draw.count is not None:
        return min(quiz.draw.count, len(quiz.questions))
    return None


def _draw(quiz: Quiz, rng: random.Random) -> list[Question]:
    questions = list(quiz.questions)
    if quiz.blueprint is not None:
        return blueprint.draw(quiz, rng)
    if quiz.draw is None:
        return questions
    if quiz.draw.count is not None:
        picked = set(rng.sample(range(len(questions)), min(quiz.draw.count, len(questions))))
    else:
        picked = set()
        for objective, wanted in quiz.draw.per_objective.items():
            pool = [
                i
                for i, q in enumerate(questions)
                if i not in picked and objective in objectives_of(q)
            ]
            picked.update(rng.sample(pool, min(wanted, len(pool))))
    return [q for i, q in enumerate(questions) if i in picked]


def question_slot(quiz: Quiz, question: LeafQuestion, rng: random.Random) -> Slot:
    """One question's order of options, choices or items as an attempt at ``quiz`` would
    draw it, for a question asked outside an attempt (the daily review)."""
    shuffle = quiz.shuffle if isinstance(quiz.shuffle, Shuffle) else Shuffle()
    return _leaf_slot(question, shuffle.options, rng)


def _leaf_slot(question: LeafQuestion, shuffle_options: bool, rng: random.Random) -> Slot:
    slot: Slot = {"id": question.id}
    if isinstance(question, ChoiceQuestion):
        order = list(range(len(question.options)))
        wanted = shuffle_options if question.shuffle is None else question.shuffle
        if wanted:
            rng.shuffle(order)
        slot["options"] = order
    elif isinstance(question, MatchingQuestion):
        order = list(range(len(question.choices)))
        wanted = shuffle_options if question.shuffle is None else question.shuffle
        if wanted:
            rng.shuffle(order)
        slot["choices"] = order
    elif isinstance(question, OrderingQuestion):
        order = list(range(len(question.items)))
        # The items are listed for the trainee to pick in order; never list them solved.
        while order == sorted(order):
            rng.shuffle(order)
        slot["items"] = order
    return slot


def leaf_ids(layout: list[Slot]) -> list[str]:
    """Ids of every answerable question in the layout, in the order shown."""
    ids: list[str] = []
    for slot in layout:
        if "parts" in slot:
            ids.extend(part["id"] for part in slot["parts"])
        else:
            ids.append(slot["id"])
    return ids

"""``python -m needlewise demo``: a realistic cohort to try the instructor pages on.

Learners differ in ability and in how far they got; some stopped weeks ago; many took a
quiz more than once. Everything goes through the same code the app uses.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from sqlalchemy import Engine

from . import accounts, attempts, clock, cohorts, passwords, progress
from .attempts import effective_pass_mark
from .content import Content
from .quiz.layout import leaf_ids
from .quiz.schema import (
    LeafQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from .quiz.scoring import correct_response

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Farah",
    "Gus",
    "Hana",
    "Ines",
    "Jon",
    "Kemi",
    "Liam",
    "Maya",
    "Noor",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Vik",
    "Wen",
    "Xavi",
    "Yara",
    "Zoe",
]
LAST_NAMES = [
    "Adeyemi",
    "Brown",
    "Chen",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Moreau",
    "Nowak",
    "Okafor",
    "Patel",
]


def wrong_response(question: LeafQuestion, rng: random.Random) -> dict | None:
    """A plausible mistake for a question."""
    right = correct_response(question)
    if isinstance(question, SingleQuestion):
        wrong = [i for i in range(len(question.options)) if i != right["choice"]]
        # Some distractors tempt more than others.
        weights = [1 + (i * 7919 % 5) for i in wrong]
        return {"choice": rng.choices(wrong, weights=weights)[0]}
    if isinstance(question, MultipleQuestion):
        options = list(range(len(question.options)))
        return {"choices": sorted(rng.sample(options, rng.randint(1, len(options))))}
    if isinstance(question, TrueFalseQuestion):
        return {"value": not question.answer}
    if isinstance(question, NumericQuestion):
        value = question.answers[0].value
        return {"text": f"{value * rng.choice([0.5, 2, 3]) + rng.choice([1, 2]):g}"}
    if isinstance(question, MatchingQuestion):
        matches = list(right["matches"])
        rng.shuffle(matches)
        return {"matches": matches}
    if isinstance(question, OrderingQuestion):
        return {"order": list(reversed(right["order"]))}
    return {"text": rng.choice(["not sure", "collagen", "laser"])}


def _take(
    engine: Engine,
    user_id: int,
    loaded,
    pass_mark: float,
    ability: float,
    when: datetime,
    rng: random.Random,
    practice: float,
) -> attempts.Attempt:
    attempt = attempts.start_or_resume(engine, user_id, loaded, pass_mark, now=when, rng=rng)
    quiz = loaded.quiz
    answers = {}
    for question_id in leaf_ids(attempt.layout):
        question = quiz.leaf(question_id)
        difficulty = (sum(map(ord, question_id)) % 17) / 8 - 1.2
        chance = 1 / (1 + math.exp(-(ability + practice - difficulty)))
        if rng.random() < 0.03:
            continue  # now and then a question is left unanswered
        answers[question_id] = (
            correct_response(question) if rng.random() < chance else wrong_response(question, rng)
        )
    attempts.save_many(engine, attempt.id, user_id, answers, now=when + timedelta(minutes=5))
    return attempts.submit(engine, attempt.id, user_id, now=when + timedelta(minutes=20))


def fill(
    engine: Engine, content: Content, learners: int = 40, seed: int = 7, now: datetime | None = None
) -> str:
    course = content.course
    if not content.course_available:
        raise ValueError("the course has problems; run python -m needlewise check")
    rng = random.Random(seed)
    now = now or clock.now()
    credentials = []
    instructor = accounts.get(engine, "demo-instructor")
    if instructor is None:
        secret = passwords.temporary_password()
        instructor = accounts.create_user(
            engine,
            "demo-instructor",
            "Dana Demo",
            "demo-instructor@example.com",
            secret,
            ["instructor"],
            actor="demo",
            must_change_password=False,
        )
        credentials.append(f"demo-instructor / {secret}")
    groups = {c.name: c for c in cohorts.all_cohorts(engine)}
    intakes = []
    for name in ("Demo intake: spring", "Demo intake: autumn"):
        cohort = groups.get(name) or cohorts.create(engine, name, actor="demo")
        cohorts.add_member(engine, cohort.id, instructor.username, "instructor", actor="demo")
        intakes.append(cohort)
    made = 0
    for index in range(1, learners + 1):
        username = f"demo-learner-{index:03d}"
        if accounts.get(engine, username) is not None:
            continue
        name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[index % len(LAST_NAMES)]}"
        user = accounts.create_user(
            engine,
            username,
            name,
            f"{username}@example.com",
            passwords.temporary_password(),
            ["trainee"],
            actor="demo",
            must_change_password=False,
        )
        cohorts.add_member(engine, intakes[index % 2].id, username, "trainee", actor="demo")
        made += 1
        ability = rng.gauss(0.3, 1.0)
        inactive = rng.random() < 0.2
        start = now - timedelta(days=rng.randint(45, 90))
        stop = start + timedelta(days=rng.randint(5, 20)) if inactive else now
        when = start
        reach = max(1, min(len(course.modules), round(3 + ability * 2 + rng.gauss(0, 1))))
        passed_all = True
        for module in course.modules[:reach]:
            for lesson_id in module.lessons:
                when += timedelta(hours=rng.randint(6, 48))
                if when > stop:
                    break
                progress.mark_read(engine, user.id, lesson_id, now=when)
            loaded = content.quizzes.get(module.quiz or "")
            if loaded is None or when > stop:
                passed_all = False
                break
            pass_mark = effective_pass_mark(loaded.quiz, course.default_pass_mark)
            result = None
            for practice in (0.0, 0.6, 1.1):
                when += timedelta(hours=rng.randint(2, 72))
                if when > stop:
                    break
                result = _take(engine, user.id, loaded, pass_mark, ability, when, rng, practice)
                if result.passed:
                    break
            if result is None or not result.passed:
                passed_all = False
                break
        final = content.quizzes.get(course.final_assessment or "")
        if passed_all and reach == len(course.modules) and final is not None and when < stop:
            pass_mark = effective_pass_mark(final.quiz, course.default_pass_mark)
            _take(engine, user.id, final, pass_mark, ability, when + timedelta(days=2), rng, 0.8)
    lines = [f"Added {made} demo learners in 2 cohorts (of {learners} asked for)."]
    if credentials:
        lines.append("Sign in to try the instructor pages as: " + "; ".join(credentials))
    return "\n".join(lines)

"""``python -m needlewise demo``: a realistic cohort to try the instructor pages on.

Learners differ in ability and in how far they got; most were active in the last two days,
about one in six stopped more than two weeks ago; many took a quiz more than once. Times
are relative to the clock when it runs, so the cohort looks live whenever it is made.
Everything goes through the same code the app uses, in one transaction.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine

from . import accounts, attempts, clock, cohorts, passwords, progress
from .acting import Operator
from .content import Content
from .errors import UserError
from .grading import pass_mark as pass_mark_of
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
from .store.engine import one_transaction

# The audit log names the demo loader as the one who created its accounts and groups.
DEMO = Operator("demo")
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


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    name: str
    password: str | None  # None: the account already existed and keeps its password
    note: str = ""


@dataclass
class DemoResult:
    learners: int
    asked: int
    accounts: list[DemoAccount] = field(default_factory=list)

    def summary(self, program: str = "python -m needlewise", address: str | None = None) -> str:
        """What was made and how to sign in with each account; ``program`` is how the
        command was run, ``address`` the app's configured public address if any (without
        it, the port is not guessed: Streamlit prints the address it serves)."""
        where = f"open {address}" if address else "open the address it prints"
        lines = [
            f"Added {self.learners} demo learners in 2 groups (of {self.asked} asked for), "
            "active over the last three weeks.",
            f"Start the app with `streamlit run app.py`, {where} "
            "and sign in with one of these accounts:",
        ]
        width = max((len(a.username) for a in self.accounts), default=0)
        for account in self.accounts:
            secret = account.password or "(existed already; password unchanged)"
            note = f"  {account.note}" if account.note else ""
            lines.append(f"  {account.role:<13} {account.username:<{width}}  {secret}{note}")
        lines.append(
            "Each password is shown only here. A forgotten one can be reset with "
            f"`{program} users reset-password USERNAME`."
        )
        return "\n".join(lines)


def _timeline(rng: random.Random, now: datetime) -> tuple[datetime, datetime, bool]:
    """(start, stop, inactive) of one learner's activity, relative to ``now``.

    Most learners started one to three weeks ago and were last active in the past two
    days; about one in six stopped more than two weeks ago, as a real cohort has some.
    """
    if rng.random() < 0.16:
        stop = now - timedelta(days=rng.uniform(15, 24))
        return stop - timedelta(days=rng.uniform(6, 14)), stop, True
    start = now - timedelta(days=rng.uniform(7, 21))
    return start, now - timedelta(hours=rng.uniform(1, 40)), False


def fill(
    engine: Engine,
    content: Content,
    learners: int = 40,
    seed: int = 7,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoResult:
    """Fill the database with a demo cohort, in one transaction: interrupted, it leaves
    nothing behind, and running it again adds only the learners that are missing."""
    if not content.course_available:
        raise UserError("the course has problems; run python -m needlewise check")
    with one_transaction(engine) as joined:
        return _fill(joined, content, learners, seed, now or clock.now(), progress)


def _fill(
    engine: Engine,
    content: Content,
    learners: int,
    seed: int,
    now: datetime,
    progress: Callable[[str], None] | None,
) -> DemoResult:
    rng = random.Random(seed)
    result = DemoResult(learners=0, asked=learners)
    if not accounts.all_users(engine):
        admin_secret = passwords.temporary_password()
        accounts.create_first_admin(
            engine, "demo-admin", "Ada Admin", "demo-admin@example.com", admin_secret, now=now
        )
        result.accounts.append(
            DemoAccount("administrator", "demo-admin", "Ada Admin", admin_secret)
        )
    instructor = accounts.get(engine, "demo-instructor")
    secret = None
    if instructor is None:
        secret = passwords.temporary_password()
        instructor = accounts.create_user(
            engine,
            "demo-instructor",
            "Dana Demo",
            "demo-instructor@example.com",
            secret,
            ["instructor"],
            actor=DEMO,
            must_change_password=False,
            now=now,
        )
    result.accounts.append(DemoAccount("instructor", instructor.username, instructor.name, secret))
    groups = {c.name: c for c in cohorts.all_cohorts(engine)}
    intakes = []
    for name in ("Demo intake: spring", "Demo intake: autumn"):
        cohort = groups.get(name) or cohorts.create(engine, name, actor=DEMO, now=now)
        cohorts.add_member(engine, cohort.id, instructor.username, "instructor", actor=DEMO)
        intakes.append(cohort)
    for index in range(1, learners + 1):
        username = f"demo-learner-{index:03d}"
        if accounts.get(engine, username) is not None:
            continue
        name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[index % len(LAST_NAMES)]}"
        secret = passwords.temporary_password()
        start, stop, inactive = _timeline(rng, now)
        user = accounts.create_user(
            engine,
            username,
            name,
            f"{username}@example.com",
            secret,
            ["trainee"],
            actor=DEMO,
            must_change_password=False,
            now=start,
        )
        cohorts.add_member(engine, intakes[index % 2].id, username, "trainee", actor=DEMO)
        _spread_history(engine, content, user.id, rng, start, stop)
        result.learners += 1
        note = f"{name}, {intakes[index % 2].name}" + (", inactive" if inactive else "")
        result.accounts.append(DemoAccount("trainee", username, name, secret, note))
        if progress is not None:
            progress(f"{username} ({result.learners} of {learners})")
    return result


def _spread_history(
    engine: Engine,
    content: Content,
    user_id: int,
    rng: random.Random,
    start: datetime,
    stop: datetime,
) -> None:
    """A learner's history with its steps spread evenly from ``start`` to ``stop``.

    How many steps a learner takes depends on how their quizzes go, so the history is
    first played in a savepoint that is rolled back, to count them; then it is played
    again with the same random state, and so the same answers, at the right pace.
    """
    state = rng.getstate()
    with engine.connect() as connection:
        trial = connection.begin()
        steps = _history(engine, content, user_id, rng, start, None, timedelta(minutes=1))
        trial.rollback()
    rng.setstate(state)
    _history(engine, content, user_id, rng, start, stop, (stop - start) / (steps + 0.5))


def _history(
    engine: Engine,
    content: Content,
    user_id: int,
    rng: random.Random,
    start: datetime,
    stop: datetime | None,
    gap: timedelta,
) -> int:
    """Lessons read and quizzes taken from ``start``, one every ``gap`` or so, in course
    order, until the learner is stuck, done or past ``stop``; returns the steps taken."""
    course = content.course
    ability = rng.gauss(1.4, 0.9)
    reach = max(1, min(len(course.modules), round(3 + ability * 2 + rng.gauss(0, 1))))
    when = start
    taken = 0

    def later() -> datetime:
        return when + gap * rng.uniform(0.7, 1.3)

    def past(moment: datetime) -> bool:
        return stop is not None and moment > stop

    passed_all = True
    for module in course.modules[:reach]:
        for lesson_id in module.lessons:
            when = later()
            if past(when):
                return taken
            progress.mark_read(engine, user_id, lesson_id, now=when)
            taken += 1
        loaded = content.quizzes.get(module.quiz or "")
        if loaded is None:
            passed_all = False
            break
        pass_mark = pass_mark_of(loaded.quiz, course.default_pass_mark)
        result = None
        for practice in (0.0, 0.6, 1.1):
            when = later()
            if past(when):
                return taken
            result = _take(engine, user_id, loaded, pass_mark, ability, when, rng, practice)
            taken += 1
            if result.passed:
                break
        if result is None or not result.passed:
            passed_all = False
            break
    final = content.quizzes.get(course.final_assessment or "")
    when = later()
    if passed_all and reach == len(course.modules) and final is not None and not past(when):
        pass_mark = pass_mark_of(final.quiz, course.default_pass_mark)
        _take(engine, user_id, final, pass_mark, ability, when, rng, 0.8)
        taken += 1
    return taken

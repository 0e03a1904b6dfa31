"""Regrading a quiz's submitted attempts after its answer key is corrected, as Moodle's
"Regrade attempts" does: a dry run first, then one transaction.

Invariants this module protects:
- An attempt keeps the version it was made on (``quiz_version``), its questions, option
  order and answers as given. A regrade re-scores a saved answer with the quiz's current
  version of a question only when that question has the same id and type, its scoring
  differs (key, fractions or points), and everything the answer names (an option, a
  matching choice, an ordering item) is the same in the current version at the same place;
  otherwise the question is listed as not regradable, with why, and keeps its mark.
- Applying writes each changed attempt's answers, marks and marks per objective, each of
  its trainee's marks per objective (through the code submit uses) and one audit entry, in
  one transaction; the attempts' and trainees' rows are locked as submit locks them, so a
  trainee handing in at the same moment waits for the regrade or the regrade for them,
  and neither is lost.
- Applying twice changes nothing the second time: a regraded attempt records the version
  whose key now scores it (``regraded_with``), and its marks already are that key's.
- Only the people who may publish a quiz may regrade it (``quiz_bank.may_publish``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update

from . import audit, clock, display, mastery, quiz_bank
from .acting import Actor
from .attempt_rules import Attempt, SavedResponse, closing, section_result
from .attempts import record_marks
from .certification import records
from .content import Content
from .errors import NotAllowed
from .quiz.layout import leaf_ids
from .quiz.loading import LoadedQuiz, version_of
from .quiz.schema import (
    CaseQuestion,
    ChoiceQuestion,
    LeafQuestion,
    MatchingQuestion,
    NumericQuestion,
    OrderingQuestion,
    Quiz,
    ShortTextQuestion,
)
from .quiz.scoring import score
from .quiz_versions import definition, remember_version
from .store import stamp
from .store.engine import reading, transaction
from .store.schema import (
    attempt_objectives,
    attempts,
    bank_versions,
    certificates,
    responses,
    users,
)

# Marks are floats: a difference smaller than this is the same mark.
_SAME = 1e-9
# What a question holds that does not score it: its words, feedback and labels.
_NOT_SCORING = {
    "prompt",
    "explanation",
    "references",
    "tags",
    "objectives",
    "feedback",
    "feedback_true",
    "feedback_false",
    "feedback_other",
    "shuffle",
    "reject",
}


# --- comparing two versions of a question -----------------------------------------------


def _scoring(question: LeafQuestion) -> dict[str, Any]:
    """What decides a question's marks: its key, fractions, tolerances and points. An
    option's words are not part of it (a typo fixed changes no mark)."""
    found = question.model_dump(exclude=_NOT_SCORING)
    if isinstance(question, ChoiceQuestion):
        found["options"] = [option.fraction for option in question.options]
    elif isinstance(question, NumericQuestion):
        found["answers"] = [(a.value, a.tolerance, a.fraction) for a in question.answers]
    elif isinstance(question, ShortTextQuestion):
        found["answers"] = [(a.text, a.fraction) for a in question.accepted]
    return found


def scoring_differs(old: LeafQuestion, new: LeafQuestion) -> bool:
    """Whether the two versions of one question can mark one answer differently: their
    fractions differ, or an option kept word for word moved to another fraction (options
    swapped along with their key)."""
    if _scoring(old) != _scoring(new):
        return True
    if isinstance(old, ChoiceQuestion) and isinstance(new, ChoiceQuestion):
        was = {option.text: option.fraction for option in old.options}
        return any(was.get(o.text, o.fraction) != o.fraction for o in new.options)
    return False


def _index(value: Any, size: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size:
        return value
    return None


def unreadable(old: LeafQuestion, new: LeafQuestion, response: Any) -> str | None:
    """Why ``response``, given to ``old``, cannot be scored with ``new`` (None when it can):
    an answer names options, choices and items by their place in the question, so each one
    it names must be the same in both versions."""
    if not isinstance(response, dict):
        return None
    if isinstance(old, ChoiceQuestion) and isinstance(new, ChoiceQuestion):
        raw = response.get("choices", [response.get("choice")])
        named = [i for i in (_index(v, len(old.options)) for v in raw or []) if i is not None]
        if all(i < len(new.options) and new.options[i].text == old.options[i].text for i in named):
            return None
        return "an option chosen in an answer is not in the current version at the same place"
    if isinstance(old, MatchingQuestion) and isinstance(new, MatchingQuestion):
        lefts_same = [p.left for p in old.pairs] == [p.left for p in new.pairs]
        raw = response.get("matches")
        named = [i for i in (_index(v, len(old.choices)) for v in raw or []) if i is not None]
        if lefts_same and all(
            i < len(new.choices) and new.choices[i] == old.choices[i] for i in named
        ):
            return None
        return "its pairs or choices moved or changed, so an answer cannot be read against them"
    if isinstance(old, OrderingQuestion) and isinstance(new, OrderingQuestion):
        if old.items == new.items:
            return None
        return "its items changed, so an order given cannot be read against them"
    # True/false, numeric and short-text answers are a value or a text of their own.
    return None


# --- the plan: what a regrade would change ----------------------------------------------


@dataclass(frozen=True)
class AttemptChange:
    """One submitted attempt a regrade re-scores."""

    attempt_id: int
    user_id: int
    trainee: str
    username: str
    number: int
    # The version the attempt was made on, and the one whose key scores it until now.
    version: str
    scored_with: str
    old_percent: float
    new_percent: float
    passed_before: bool
    passed_after: bool
    # Questions whose mark changes, and those whose key changed but cannot be re-scored.
    questions: tuple[str, ...]
    not_regradable: tuple[str, ...]
    # Internal: what applying writes.
    rows: tuple[dict[str, Any], ...]
    points: float
    max_points: float
    section_percent: float | None = None
    old_section_percent: float | None = None
    handed_in: datetime | None = None

    @property
    def pass_to_fail(self) -> bool:
        return self.passed_before and not self.passed_after


@dataclass(frozen=True)
class Plan:
    """What regrading one quiz would do now (a dry run), or did (once applied)."""

    quiz_id: str
    version: str
    # Submitted attempts scored with another version's key than the current one's.
    earlier: int
    # Questions whose scoring differs between an earlier version attempts were made on and
    # the current one; those of them that cannot be re-scored, with why.
    keys_changed: tuple[str, ...]
    not_regradable: Mapping[str, str]
    changes: tuple[AttemptChange, ...]
    # Trainees with an unrevoked certificate whose attempt goes from a pass to a fail.
    certificate_holders: tuple[str, ...]

    @property
    def versions(self) -> tuple[str, ...]:
        """The versions whose keys score the changed attempts until the regrade."""
        return tuple(sorted({c.scored_with for c in self.changes}))


def _stored_row(row) -> dict[str, Any]:
    return {
        "attempt_id": row.attempt_id,
        "question_id": row.question_id,
        "response": row.response,
        "saved_at": row.saved_at,
        "checked": row.checked,
        "fraction": row.fraction,
        "points": row.points,
        "max_points": row.max_points,
    }


def _leaves(quiz: Quiz) -> dict[str, LeafQuestion]:
    return {q.id: q for _, q in quiz.leaves()}


def _compared(
    old: Quiz, new: Quiz, scored_by: Quiz | None = None
) -> tuple[dict[str, tuple[LeafQuestion, LeafQuestion]], dict[str, str]]:
    """The questions of ``old`` (the version answers were given to) whose scoring in
    ``new`` differs from the key that scores them now (``scored_by``'s, the version an
    earlier regrade used, else ``old``'s), with ``old``'s and ``new``'s versions; and those
    whose type changed, with why they cannot be re-scored."""
    current = _leaves(new)
    keys = _leaves(scored_by) if scored_by is not None else {}
    differing, changed_type = {}, {}
    for question_id, question in _leaves(old).items():
        newer = current.get(question_id)
        if newer is None:
            continue
        if newer.type != question.type:
            changed_type[question_id] = (
                f"its type changed ({question.type} to {newer.type}), so its answers cannot "
                "be re-scored"
            )
        elif scoring_differs(keys.get(question_id, question), newer):
            differing[question_id] = (question, newer)
    return differing, changed_type


def _changed(
    attempt: Attempt,
    made_on: Quiz,
    who: tuple[str, str],
    stored: list[dict[str, Any]],
    differing: Mapping[str, tuple[LeafQuestion, LeafQuestion]],
    now: datetime,
) -> tuple[AttemptChange | None, dict[str, str]]:
    """The attempt (of ``who``: name and username; made on the version ``made_on``)
    re-scored with the current version, or None when it shows no question whose key
    differs (``differing``: made on's question and the current one); and the
    questions of it that cannot be re-scored, with why. A must-pass section is the one of
    the version the attempt was made on, as its marks per objective are."""
    shown = set(leaf_ids(attempt.layout))
    rows, regraded, moved, refused = [], [], [], {}
    added = 0.0
    for row in stored:
        pair = differing.get(row["question_id"])
        if pair is None or row["question_id"] not in shown:
            rows.append(row)
            continue
        old, new = pair
        reason = unreadable(old, new, row["response"])
        if reason is not None:
            refused[row["question_id"]] = reason
            rows.append(row)
            continue
        fraction = score(new, row["response"]).fraction
        marks = {"fraction": fraction, "points": fraction * new.points, "max_points": new.points}
        regraded.append(row["question_id"])
        if any(abs(value - (row[k] or 0.0)) > _SAME for k, value in marks.items()):
            moved.append(row["question_id"])
        added += new.points - row["max_points"]
        rows.append({**row, **marks})
    if not regraded:
        return None, refused
    points = sum(row["points"] or 0.0 for row in rows)
    max_points = attempt.max_points + added
    section = section_result(made_on.must_pass, _leaves(made_on), rows)
    marks = closing(replace(attempt, max_points=max_points, deadline_at=None), points, now, section)
    change = AttemptChange(
        attempt_id=attempt.id,
        user_id=attempt.user_id,
        trainee=who[0],
        username=who[1],
        number=attempt.number,
        version=attempt.quiz_version,
        scored_with=attempt.regraded_with or attempt.quiz_version,
        old_percent=attempt.percent or 0.0,
        new_percent=marks["percent"],
        passed_before=bool(attempt.passed),
        passed_after=bool(marks["passed"]),
        questions=tuple(moved),
        not_regradable=tuple(refused),
        rows=tuple(rows),
        points=points,
        max_points=max_points,
        section_percent=marks["section_percent"],
        old_section_percent=attempt.section_percent,
        handed_in=attempt.submitted_at,
    )
    return change, refused


def _plan(connection: Connection, loaded: LoadedQuiz, now: datetime) -> Plan:
    quiz_id, current = loaded.id, loaded.version
    # Attempts scored with another version's key than the current one: made on an earlier
    # version, or regraded with a key since withdrawn (a corrected key put back as it was).
    found = connection.execute(
        select(attempts, users.c.name.label("trainee"), users.c.username.label("who"))
        .join(users, users.c.id == attempts.c.user_id)
        .where(
            attempts.c.quiz_id == quiz_id,
            attempts.c.state == "submitted",
            func.coalesce(attempts.c.regraded_with, attempts.c.quiz_version) != current,
        )
        .order_by(attempts.c.id)
    ).all()
    pairs = sorted({(r.quiz_version, r.regraded_with or r.quiz_version) for r in found})
    made_on = {
        version: definition(connection, quiz_id, version)
        for version in {v for p in pairs for v in p}
    }
    compared = {
        (version, key): _compared(made_on[version], loaded.quiz, made_on[key])
        for version, key in pairs
    }

    def scoring(row) -> tuple[str, str]:
        return (row.quiz_version, row.regraded_with or row.quiz_version)

    # Only the answers of attempts scored with a key that differs can change.
    rescored = [r.id for r in found if compared[scoring(r)][0]]
    stored: dict[int, list[dict[str, Any]]] = {}
    if rescored:
        for row in connection.execute(
            select(responses)
            .where(responses.c.attempt_id.in_(rescored))
            .order_by(responses.c.attempt_id, responses.c.question_id)
        ):
            stored.setdefault(row.attempt_id, []).append(_stored_row(row))
    keys_changed = sorted({q for differing, _ in compared.values() for q in differing})
    not_regradable: dict[str, str] = {}
    for _, changed_type in compared.values():
        not_regradable.update(changed_type)
    changes = []
    for row in found:
        values = dict(row._mapping)
        who = (values.pop("trainee"), values.pop("who"))
        attempt = Attempt(**values)
        differing = compared[scoring(row)][0]
        change, refused = _changed(
            attempt,
            made_on[attempt.quiz_version],
            who,
            stored.get(attempt.id, []),
            differing,
            now,
        )
        for question_id, reason in refused.items():
            not_regradable.setdefault(question_id, reason)
        if change is not None:
            changes.append(change)
    return Plan(
        quiz_id=quiz_id,
        version=current,
        earlier=len(found),
        keys_changed=tuple(keys_changed),
        not_regradable=dict(sorted(not_regradable.items())),
        changes=tuple(changes),
        certificate_holders=(),
    )


def _with_people(connection: Connection, found: Plan) -> Plan:
    """The plan with its trainees' names as they are now, and the trainees whose attempt
    goes from a pass to a fail while they hold an unrevoked certificate."""
    ids = {c.user_id for c in found.changes}
    if not ids:
        return found
    named = {
        row.id: (row.name, row.username)
        for row in connection.execute(
            select(users.c.id, users.c.name, users.c.username).where(users.c.id.in_(ids))
        )
    }
    changes = tuple(
        replace(c, trainee=named[c.user_id][0], username=named[c.user_id][1])
        for c in found.changes
        if c.user_id in named
    )
    failing = {c.user_id for c in changes if c.pass_to_fail}
    holders = connection.execute(
        select(users.c.name)
        .where(
            users.c.id.in_(failing),
            select(certificates.c.id)
            .where(certificates.c.user_id == users.c.id, certificates.c.revoked_at.is_(None))
            .exists(),
        )
        .order_by(users.c.name)
    ).scalars()
    return replace(found, changes=changes, certificate_holders=tuple(holders))


def plan(engine: Engine, loaded: LoadedQuiz, now: datetime | None = None) -> Plan:
    """What regrading the quiz's submitted attempts with its current version would change:
    the dry run. Nothing is written. What the answers give is kept until an attempt, an
    answer or a quiz version changes (``store.stamp``), as item analysis is; the trainees'
    names and certificates are read each time."""

    def read() -> Plan:
        with engine.connect() as connection:
            return _plan(connection, loaded, now or clock.now())

    found = stamp.reuse(engine, "responses", ("regrade", loaded.version), loaded, read)
    with engine.connect() as connection:
        return _with_people(connection, found)


# --- applying ---------------------------------------------------------------------------


def may_regrade(actor: Actor, instructors_publish: bool) -> bool:
    """The people who may publish a quiz may regrade it."""
    return quiz_bank.may_publish(actor, instructors_publish)


def _lock(connection: Connection, attempt_ids: list[int]) -> None:
    """Lock these attempts and their trainees' rows for the rest of the transaction, as
    submit locks the attempt it hands in and its trainee's row."""
    connection.execute(
        select(attempts.c.id)
        .join(users, users.c.id == attempts.c.user_id)
        .where(attempts.c.id.in_(attempt_ids))
        .order_by(users.c.id, attempts.c.id)
        .with_for_update(of=[attempts, users])
    ).all()


def _detail(plan: Plan, names: Mapping[str, str]) -> str:
    versions = ", ".join(names[v] for v in plan.versions)
    attempts_changed = "; ".join(
        f"{c.username} attempt {c.number}: {display.percent(c.old_percent)} → "
        f"{display.percent(c.new_percent)}"
        for c in plan.changes
    )
    return (
        f"from version {versions} to version {names[plan.version]}; questions "
        f"{', '.join(plan.keys_changed)}; {attempts_changed}"
    )


def apply(
    engine: Engine,
    loaded: LoadedQuiz,
    *,
    actor: Actor,
    instructors_publish: bool,
    now: datetime | None = None,
) -> Plan:
    """Regrade the quiz's submitted attempts with its current version, in one transaction;
    returns what changed (nothing, when run again)."""
    if not may_regrade(actor, instructors_publish):
        raise NotAllowed(
            "Only the people who may publish quizzes can regrade attempts: admins, and "
            "instructors when Settings lets instructors publish. The account "
            f"'{actor.username}' cannot."
        )
    now = now or clock.now()
    with transaction(engine) as connection:
        # Read, lock what would change, read again: a trainee handing in at this moment is
        # either waited for (and read as handed in) or waits for this regrade.
        locked: set[int] = set()
        while True:
            found = _with_people(connection, _plan(connection, loaded, now))
            wanted = [c.attempt_id for c in found.changes if c.attempt_id not in locked]
            if not wanted:
                break
            _lock(connection, wanted)
            locked.update(wanted)
        if not found.changes:
            return found
        remember_version(connection, loaded, now)
        for change in found.changes:
            # Marks per objective follow the version the attempt was made on, as mastery's
            # recomputation from the answers does.
            questions = _leaves(definition(connection, loaded.id, change.version))
            connection.execute(
                delete(attempt_objectives).where(
                    attempt_objectives.c.attempt_id == change.attempt_id
                )
            )
            record_marks(connection, change.attempt_id, questions, list(change.rows))
            connection.execute(
                update(attempts)
                .where(attempts.c.id == change.attempt_id)
                .values(
                    points=change.points,
                    max_points=change.max_points,
                    percent=change.new_percent,
                    passed=change.passed_after,
                    section_percent=change.section_percent,
                    regraded_at=now,
                    regraded_with=loaded.version,
                )
            )
        for user_id in sorted({c.user_id for c in found.changes}):
            mastery.refresh(connection, user_id)
        for change in found.changes:
            if change.pass_to_fail and change.handed_in is not None:
                records.put_under_review(
                    connection,
                    change.user_id,
                    change.handed_in,
                    f"{loaded.quiz.title}, attempt {change.number} (handed in "
                    f"{change.handed_in:%Y-%m-%d}), was regraded on {now:%Y-%m-%d} from a pass "
                    f"({display.percent(change.old_percent)}) to a fail "
                    f"({display.percent(change.new_percent)})",
                    now,
                )
        names = {
            v: version_label(connection, loaded.id, v) for v in (*found.versions, found.version)
        }
        audit.record(
            connection,
            "attempts_regraded",
            actor=actor.username,
            target=loaded.id,
            detail=_detail(found, names),
            now=now,
        )
    return found


# --- what an attempt's review and the studio say ----------------------------------------


def version_label(source: Engine | Connection, quiz_id: str, version: str) -> str:
    """A version as people read it: "v5" for a quiz written in the app (the Quiz studio's
    number, the newest saved with that text), else the start of its hash."""
    with reading(source) as connection:
        saved = connection.execute(
            select(bank_versions.c.number, bank_versions.c.yaml)
            .where(bank_versions.c.quiz_id == quiz_id)
            .order_by(bank_versions.c.number.desc())
        ).all()
    for number, text in saved:
        if version_of(text.encode("utf-8")) == version:
            return f"v{number}"
    return version[:12]


def note(source: Engine | Connection, attempt: Attempt, zone_name: str | None) -> str | None:
    """The sentence an attempt's review shows once a regrade re-scored it."""
    if attempt.regraded_with is None or attempt.regraded_at is None:
        return None
    version = version_label(source, attempt.quiz_id, attempt.regraded_with)
    if attempt.regraded_with == attempt.quiz_version:
        return (
            f"Regraded on {display.day(attempt.regraded_at, zone_name)} with the answer key "
            f"of the version it was made on (version {version}): a key it had been regraded "
            "with was withdrawn."
        )
    return (
        f"Regraded on {display.day(attempt.regraded_at, zone_name)} with the corrected "
        f"answer key (version {version})."
    )


def _substituted(quiz: Quiz, replacements: Mapping[str, LeafQuestion]) -> Quiz:
    questions: list[Any] = []
    for question in quiz.questions:
        if isinstance(question, CaseQuestion):
            parts = [replacements.get(p.id, p) for p in question.questions]
            questions.append(question.model_copy(update={"questions": parts}))
        else:
            questions.append(replacements.get(question.id, question))
    return quiz.model_copy(update={"questions": questions})


def scoring_quiz(
    source: Engine | Connection, attempt: Attempt, saved: Mapping[str, SavedResponse]
) -> Quiz:
    """The quiz as it now scores the attempt, for its review: the version it was made on,
    with each question a regrade re-scored in the version whose key it used."""
    made_on = definition(source, attempt.quiz_id, attempt.quiz_version)
    if attempt.regraded_with is None:
        return made_on
    differing, _ = _compared(made_on, definition(source, attempt.quiz_id, attempt.regraded_with))
    replacements = {
        question_id: new
        for question_id, (old, new) in differing.items()
        if question_id in saved and unreadable(old, new, saved[question_id].response) is None
    }
    return _substituted(made_on, replacements)


@dataclass(frozen=True)
class Outstanding:
    """A quiz with submitted attempts a regrade would re-score with its current key."""

    quiz_id: str
    title: str
    attempts: int
    questions: tuple[str, ...]

    @property
    def message(self) -> str:
        one = self.attempts == 1
        return (
            f"The key of {', '.join(f'`{q}`' for q in self.questions)} in '{self.title}' "
            f"changed since {display.plural(self.attempts, 'submitted attempt')} "
            f"{'was' if one else 'were'} made on an earlier version: "
            f"{'it keeps' if one else 'they keep'} the old key's marks until "
            f"{'it is' if one else 'they are'} regraded."
        )


def outstanding(engine: Engine, content: Content) -> list[Outstanding]:
    """The quizzes with submitted attempts that a regrade would re-score with the current
    key (made on an earlier version whose key differs, showing a question whose key changed,
    with an answer that can be read against the current version): what the Quiz studio
    points out after a corrected key is published."""
    with engine.connect() as connection:
        counted = connection.execute(
            select(attempts.c.quiz_id, attempts.c.quiz_version, attempts.c.regraded_with)
            .where(attempts.c.state == "submitted")
            .distinct()
        ).all()
        candidates = sorted(
            {
                quiz_id
                for quiz_id, version, regraded_with in counted
                if (loaded := content.quizzes.get(quiz_id)) is not None
                and loaded.version != (regraded_with or version)
                and _compared(
                    definition(connection, quiz_id, version),
                    loaded.quiz,
                    definition(connection, quiz_id, regraded_with or version),
                )[0]
            }
        )
    found = []
    for quiz_id in candidates:
        loaded = content.quizzes[quiz_id]
        waiting = plan(engine, loaded)
        if waiting.changes:
            found.append(
                Outstanding(quiz_id, loaded.quiz.title, len(waiting.changes), waiting.keys_changed)
            )
    return found

"""A corrected key withdrawn after a regrade (the quiz put back as it was): the attempts
regraded with it are scored with a key no longer in force, so the dry run, the regrade and
the Quiz studio's notice offer them again, and regrading them back restores their first
marks; on SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

from needlewise import regrade
from needlewise.attempts import get, save_many, start_or_resume, submit

from .builders import Person, add_user, parsed

FIRST = """\
id: wq
title: Withdrawn key quiz
shuffle: false
questions:
  - id: wq-single
    type: single
    prompt: Which one?
    objectives: [o.one]
    options:
      - {text: A, correct: true}
      - {text: B}
  - id: wq-tf
    type: true_false
    prompt: True?
    objectives: [o.one]
    answer: true
"""
# The "correction" marks B right: later found wrong and withdrawn.
WRONG = FIRST.replace("{text: A, correct: true}", "{text: A}").replace(
    "{text: B}", "{text: B, correct: true}"
)
ADMIN = Person("ada", ("admin",))


def test_a_regrade_with_a_withdrawn_key_is_offered_and_undone(engine):
    ann = add_user(engine, "ann")
    first, wrong = parsed(FIRST), parsed(WRONG)
    attempt = start_or_resume(engine, ann.id, first, 60)
    save_many(engine, attempt.id, ann.id, {"wq-single": {"choice": 0}, "wq-tf": {"value": True}})
    handed_in = submit(engine, attempt.id, ann.id)
    assert (handed_in.percent, handed_in.passed) == (100.0, True)

    regrade.apply(engine, wrong, actor=ADMIN, instructors_publish=False)
    assert (get(engine, attempt.id).percent, get(engine, attempt.id).passed) == (50.0, False)

    # The key is put back: the attempt is on the current version but scored with another.
    back = parsed(FIRST)
    found = regrade.plan(engine, back)
    assert found.earlier == 1
    assert found.keys_changed == ("wq-single",)
    [change] = found.changes
    assert (change.old_percent, change.new_percent) == (50.0, 100.0)
    assert (change.version, change.scored_with) == (first.version, wrong.version)
    assert found.versions == (wrong.version,)
    [notice] = regrade.outstanding(engine, SimpleNamespace(quizzes={"wq": back}))  # type: ignore[arg-type]
    assert (notice.attempts, notice.questions) == (1, ("wq-single",))

    regrade.apply(engine, back, actor=ADMIN, instructors_publish=False)

    restored = get(engine, attempt.id)
    assert (restored.percent, restored.passed, restored.regraded_with) == (
        100.0,
        True,
        first.version,
    )
    assert "version it was made on" in (regrade.note(engine, restored, "UTC") or "")
    assert regrade.plan(engine, back).changes == ()
    assert regrade.plan(engine, back).earlier == 0
    assert regrade.outstanding(engine, SimpleNamespace(quizzes={"wq": back})) == []  # type: ignore[arg-type]

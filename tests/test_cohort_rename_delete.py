"""Groups can be renamed and deleted: deleting takes people out of the group and nothing
else, a name equal to another group's ignoring case is refused, and each change is in the
audit log."""

from __future__ import annotations

import pytest

from needlewise import accounts, audit, cohorts
from needlewise.acting import Operator
from needlewise.errors import CohortError

from .builders import add_user

IAN = Operator("ian")


@pytest.fixture
def intake(engine):
    add_user(engine, "ian", roles=("instructor",))
    add_user(engine, "tess")
    group = cohorts.create(engine, "March 2027 intak", actor=IAN)
    cohorts.add_member(engine, group.id, "tess", "trainee", actor=IAN)
    cohorts.add_member(engine, group.id, "ian", "instructor", actor=IAN)
    return group


def test_a_name_equal_to_another_ignoring_case_is_refused(engine, intake):
    cohorts.rename(engine, intake.id, "March 2027 intake", actor=IAN)
    with pytest.raises(CohortError, match="already a group called 'March 2027 intake'"):
        cohorts.create(engine, "  march 2027   INTAKE ", actor=IAN)
    other = cohorts.create(engine, "April 2027 intake", actor=IAN)
    with pytest.raises(CohortError, match="differs in more than capital letters"):
        cohorts.rename(engine, other.id, "MARCH 2027 intake", actor=IAN)
    assert sorted(c.name for c in cohorts.all_cohorts(engine)) == [
        "April 2027 intake",
        "March 2027 intake",
    ]


def test_renaming_keeps_the_members_and_is_audited(engine, intake):
    renamed = cohorts.rename(engine, intake.id, " March 2027  intake ", actor=IAN)
    assert (renamed.id, renamed.name, renamed.trainees, renamed.instructors) == (
        intake.id,
        "March 2027 intake",
        1,
        1,
    )
    # A change of capitals only is a rename of the same group, not a clash with itself.
    assert cohorts.rename(engine, intake.id, "MARCH 2027 intake", actor=IAN).name == (
        "MARCH 2027 intake"
    )
    logged = audit.entries(engine, actions=["cohort_renamed"])
    assert [(e.actor, e.target, e.detail) for e in logged] == [
        ("ian", "MARCH 2027 intake", "was 'March 2027 intake'"),
        ("ian", "March 2027 intake", "was 'March 2027 intak'"),
    ]
    with pytest.raises(CohortError, match="1-200 characters"):
        cohorts.rename(engine, intake.id, "   ", actor=IAN)


def test_deleting_a_group_keeps_its_people_and_is_audited(engine, intake):
    gone = cohorts.delete_cohort(engine, intake.id, actor=IAN)
    assert gone.name == "March 2027 intak"
    assert cohorts.all_cohorts(engine) == []
    assert cohorts.members(engine, intake.id, "trainee") == []
    assert {u.username for u in accounts.all_users(engine)} == {"ian", "tess"}
    [logged] = audit.entries(engine, actions=["cohort_deleted"])
    assert (logged.actor, logged.target) == ("ian", "March 2027 intak")
    assert logged.detail == (
        "1 trainee and 1 instructor taken out of it; their accounts and records are kept"
    )
    assert audit.label("cohort_deleted") == "Group deleted"
    with pytest.raises(CohortError, match="no longer exists"):
        cohorts.delete_cohort(engine, intake.id, actor=IAN)
    with pytest.raises(CohortError, match="no longer exists"):
        cohorts.rename(engine, intake.id, "Anything", actor=IAN)


def test_a_trainee_cannot_rename_or_delete_groups(engine, intake):
    from needlewise.errors import NotAllowed

    trainee = accounts.get(engine, "tess")
    with pytest.raises(NotAllowed):
        cohorts.rename(engine, intake.id, "Mine now", actor=trainee)
    with pytest.raises(NotAllowed):
        cohorts.delete_cohort(engine, intake.id, actor=trainee)

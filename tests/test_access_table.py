"""The role/page table, written out in full: every combination of roles gets exactly these
pages, in this menu order (a starred page is hidden from the menu but can be opened)."""

from __future__ import annotations

import itertools

import pytest

from needlewise.access import pages_for

ROLES = ("trainee", "instructor", "admin")
LEARNING = "home course lesson* quiz* review progress depth certificate logbook"
TEACHING = (
    "course lesson* depth studio quiz_preview* cohort items import signoff standard cohorts "
    "logbook_review"
)
LEARNING_AND_TEACHING = (
    "home course lesson* quiz* review progress depth certificate logbook "
    "studio quiz_preview* cohort items import signoff standard cohorts logbook_review"
)
ADMINISTERING = "people certificates audit settings getting_started*"

WITH_COURSE = {
    (): "verify*",
    ("trainee",): f"{LEARNING} account verify*",
    ("instructor",): f"{TEACHING} account verify*",
    ("admin",): f"{TEACHING} {ADMINISTERING} account verify*",
    ("trainee", "instructor"): f"{LEARNING_AND_TEACHING} account verify*",
    ("trainee", "admin"): f"{LEARNING_AND_TEACHING} {ADMINISTERING} account verify*",
    ("instructor", "admin"): f"{TEACHING} {ADMINISTERING} account verify*",
    ("trainee", "instructor", "admin"): (
        f"{LEARNING_AND_TEACHING} {ADMINISTERING} account verify*"
    ),
}

# Without a readable course a learner gets one page that says so; a teacher starts on the
# Quiz studio, which lists the problems, and keeps the pages that need no course.
TEACHING_WITHOUT_COURSE = "studio depth quiz_preview* items import standard cohorts"
WITHOUT_COURSE = {
    # No account is without a role (accounts.clean_roles); it would be told why it sees nothing.
    (): "course_unavailable verify*",
    ("trainee",): "course_unavailable account verify*",
    ("instructor",): f"{TEACHING_WITHOUT_COURSE} account verify*",
    ("admin",): f"{TEACHING_WITHOUT_COURSE} {ADMINISTERING} account verify*",
    ("trainee", "instructor"): f"{TEACHING_WITHOUT_COURSE} account verify*",
    ("trainee", "admin"): f"{TEACHING_WITHOUT_COURSE} {ADMINISTERING} account verify*",
    ("instructor", "admin"): f"{TEACHING_WITHOUT_COURSE} {ADMINISTERING} account verify*",
    ("trainee", "instructor", "admin"): (
        f"{TEACHING_WITHOUT_COURSE} {ADMINISTERING} account verify*"
    ),
}

COMBINATIONS = [c for n in range(len(ROLES) + 1) for c in itertools.combinations(ROLES, n)]


def table(roles: tuple[str, ...], course_available: bool) -> str:
    return " ".join(
        page.key + ("*" if page.hidden else "")
        for page in pages_for("signed_in", roles, course_available=course_available)
    )


def test_the_table_covers_every_combination_of_roles():
    assert set(WITH_COURSE) == set(WITHOUT_COURSE) == set(COMBINATIONS)
    assert len(COMBINATIONS) == 8


@pytest.mark.parametrize("roles", COMBINATIONS, ids=lambda roles: "+".join(roles) or "none")
def test_each_combination_gets_exactly_its_pages(roles):
    assert table(roles, course_available=True) == WITH_COURSE[roles]


@pytest.mark.parametrize("roles", COMBINATIONS, ids=lambda roles: "+".join(roles) or "none")
def test_each_combination_without_a_course_gets_exactly_its_pages(roles):
    assert table(roles, course_available=False) == WITHOUT_COURSE[roles]


def test_the_order_of_roles_does_not_matter():
    for roles in COMBINATIONS:
        for shuffled in itertools.permutations(roles):
            assert table(shuffled, True) == WITH_COURSE[roles]
            assert table(shuffled, False) == WITHOUT_COURSE[roles]


def test_signed_out_visitors_and_forced_password_changes_get_their_own_pages():
    def visible(state: str, **options) -> str:
        return " ".join(
            page.key + ("*" if page.hidden else "")
            for page in pages_for(state, **options)
            if "@" not in page.key  # the stand-ins at every other page's address
        )

    assert visible("setup") == "setup"
    assert visible("signed_out") == "sign_in register verify"
    assert visible("signed_out", self_registration=False) == "sign_in register* verify"
    assert visible("signed_out", verifying=True) == "verify sign_in register"
    assert visible("must_change_password") == "change_password verify*"

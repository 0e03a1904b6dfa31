"""Which pages each visitor may open. ``app.py`` turns this into ``st.navigation``: a page
that is not in the list for a visitor cannot be reached, by link or by URL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str
    title: str
    icon: str
    section: str
    roles: frozenset[str]
    hidden: bool = False
    # The page's part of the address when it is not its file's name: a page whose address
    # predates its file's name, or a stand-in showing another page at that page's address.
    url_path: str = ""
    stand_in: bool = False

    @property
    def address(self) -> str:
        return self.url_path or Path(self.path).stem


def _page(key, path, title, icon, section, roles, hidden=False, url_path="") -> PageSpec:
    return PageSpec(key, f"views/{path}", title, icon, section, frozenset(roles), hidden, url_path)


LEARNERS = {"trainee"}
TEACHERS = {"instructor", "admin"}
ADMINS = {"admin"}
EVERYONE = {"trainee", "instructor", "admin"}

SIGNED_IN: tuple[PageSpec, ...] = (
    _page("home", "home.py", "Home", ":material/home:", "Learn", LEARNERS),
    _page("course", "course.py", "Course", ":material/menu_book:", "Learn", EVERYONE),
    _page("lesson", "lesson.py", "Lesson", ":material/article:", "Learn", EVERYONE, hidden=True),
    _page("quiz", "quiz.py", "Quiz", ":material/quiz:", "Learn", LEARNERS, hidden=True),
    _page("review", "review.py", "Daily review", ":material/event_repeat:", "Learn", LEARNERS),
    _page("progress", "progress.py", "My progress", ":material/insights:", "Learn", LEARNERS),
    _page(
        "depth", "depth_explorer.py", "Depth explorer", ":material/straighten:", "Learn", EVERYONE
    ),
    _page(
        "certificate",
        "certificate.py",
        "Certificate",
        ":material/workspace_premium:",
        "Learn",
        LEARNERS,
    ),
    _page("logbook", "logbook.py", "My logbook", ":material/clinical_notes:", "Learn", LEARNERS),
    _page("studio", "studio.py", "Quiz studio", ":material/edit_note:", "Teach", TEACHERS),
    _page(
        "quiz_preview",
        "quiz_preview.py",
        "Preview as a trainee",
        ":material/visibility:",
        "Teach",
        TEACHERS,
        hidden=True,
    ),
    # Gradebook and Groups keep the addresses they had as "cohort" pages: bookmarks still work.
    _page(
        "cohort",
        "gradebook.py",
        "Gradebook",
        ":material/groups:",
        "Teach",
        TEACHERS,
        url_path="cohort",
    ),
    _page("items", "item_analysis.py", "Item analysis", ":material/analytics:", "Teach", TEACHERS),
    _page(
        "import", "import_quiz.py", "Import questions", ":material/upload_file:", "Teach", TEACHERS
    ),
    _page("signoff", "signoff.py", "Sign-off", ":material/verified:", "Teach", TEACHERS),
    _page(
        "standard",
        "standard_setting.py",
        "Standard setting",
        ":material/balance:",
        "Teach",
        TEACHERS,
    ),
    _page(
        "cohorts",
        "groups.py",
        "Groups",
        ":material/diversity_3:",
        "Teach",
        TEACHERS,
        url_path="cohorts",
    ),
    _page(
        "logbook_review",
        "logbook_review.py",
        "Logbook review",
        ":material/rate_review:",
        "Teach",
        TEACHERS,
    ),
    _page("people", "people.py", "People", ":material/manage_accounts:", "Administer", ADMINS),
    _page(
        "certificates",
        "certificates_admin.py",
        "Certificates",
        ":material/license:",
        "Administer",
        ADMINS,
    ),
    _page("audit", "audit.py", "Audit log", ":material/policy:", "Administer", ADMINS),
    _page("settings", "settings.py", "Settings", ":material/settings:", "Administer", ADMINS),
    _page(
        "getting_started",
        "getting_started.py",
        "Getting started",
        ":material/checklist:",
        "Administer",
        ADMINS,
        hidden=True,
    ),
    _page("account", "account.py", "My account", ":material/person:", "Account", EVERYONE),
)

SETUP = _page("setup", "setup.py", "Set up NeedleWise", ":material/rocket_launch:", "", ())
SIGN_IN = _page("sign_in", "sign_in.py", "Sign in", ":material/login:", "", ())
REGISTER = _page("register", "register.py", "Register", ":material/person_add:", "", ())
VERIFY = _page("verify", "verify.py", "Verify a certificate", ":material/fact_check:", "", ())
COURSE_UNAVAILABLE = _page(
    "course_unavailable",
    "course_unavailable.py",
    "Course unavailable",
    ":material/build:",
    "",
    LEARNERS,
)
# Pages that show the course itself; without a valid course.yaml they have nothing to show.
NEEDS_COURSE = {
    "home",
    "course",
    "lesson",
    "quiz",
    "review",
    "progress",
    "certificate",
    "cohort",
    "signoff",
    "logbook",
    "logbook_review",
}
CHANGE_PASSWORD = _page(
    "change_password", "change_password.py", "Choose a new password", ":material/password:", "", ()
)

# Every page any visitor can be given, for matching an address to a page.
ALL_PAGES: tuple[PageSpec, ...] = (*SIGNED_IN, SETUP, SIGN_IN, REGISTER, VERIFY, CHANGE_PASSWORD)


def page_path(key: str) -> str:
    """The page script of a page key, for linking to a page the library names by its key."""
    for page in (*ALL_PAGES, COURSE_UNAVAILABLE):
        if page.key == key:
            return page.path
    raise KeyError(f"no page has the key {key!r}")


def stand_ins(found: list[PageSpec], landing: PageSpec) -> list[PageSpec]:
    """Hidden pages at the address of every other page, each showing ``landing``.

    A signed-out visitor who opens a link to a page (``/settings``) gets the sign-in form
    at that address instead of "page not found"; once signed in, the same address runs
    the real page if their role includes it (Streamlit knows a page by its address).
    """
    taken = {page.address for page in found}
    return [
        replace(
            landing,
            key=f"{landing.key}@{page.address}",
            hidden=True,
            url_path=page.address,
            stand_in=True,
        )
        for page in ALL_PAGES
        if page.address not in taken
    ]


def pages_for(
    state: str,
    roles: tuple[str, ...] = (),
    self_registration: bool = True,
    verifying: bool = False,
    course_available: bool = True,
) -> list[PageSpec]:
    """The pages for a visitor, in menu order; the first is the landing page.

    ``state`` is ``setup`` (no accounts yet), ``signed_out``, ``must_change_password``
    or ``signed_in``. ``verifying`` (a link with a certificate code) lands on the
    public verification page, which anyone may open. Without a course (course.yaml is
    broken) a trainee gets one page that says so, and a teacher lands on the Quiz studio,
    which lists the problems.
    """
    if state == "setup":
        return [SETUP]
    if state == "signed_out":
        # Closed, Register keeps its address, out of the menu, to say that it is closed.
        register = REGISTER if self_registration else replace(REGISTER, hidden=True)
        found = [SIGN_IN, register, VERIFY]
        found += stand_ins(found, SIGN_IN)
    elif state == "must_change_password":
        found = [CHANGE_PASSWORD, replace(VERIFY, hidden=True)]
        found += stand_ins(found, CHANGE_PASSWORD)
    elif state == "signed_in":
        found = [page for page in SIGNED_IN if page.roles & set(roles)]
        if not course_available:
            found = _without_course(found, roles)
        found.append(replace(VERIFY, hidden=True))
    else:
        raise ValueError(f"unknown visitor state {state!r}")
    if verifying:
        found = [
            next(p for p in found if p.key == "verify"),
            *(p for p in found if p.key != "verify"),
        ]
    return found


def _without_course(found: list[PageSpec], roles: tuple[str, ...]) -> list[PageSpec]:
    if TEACHERS & set(roles):
        kept = [page for page in found if page.key not in NEEDS_COURSE]
        return sorted(kept, key=lambda page: page.key != "studio")
    return [COURSE_UNAVAILABLE, *(page for page in found if page.key == "account")]

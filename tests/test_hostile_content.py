"""The running app with the hostile-file corpus in its content folders, in Chromium.

A broken file must never take the app down: sign-in, verification, Home, the Course and a
good quiz keep working for a trainee, and the instructor's Quiz studio lists every broken
file with its line and column. With a broken course.yaml, a trainee gets one page that
explains it and an instructor lands on the studio with the problem.
"""

from __future__ import annotations

import re

import pytest
import yaml

from needlewise.quiz.loading import read_quiz
from needlewise.store import open_store

from .browser_harness import leave, running_app, settle, sign_in, visit
from .builders import add_user
from .hostile_corpus import DRAFT_TITLE, add_hostile_files, copy_course

pytestmark = pytest.mark.browser


def serve(root, broken_course: bool):
    """Database with a trainee and an instructor, content with the corpus added."""
    content_dir, quizzes_dir = copy_course(root)
    engine = open_store(f"sqlite:///{root / 'nw.db'}")
    tess = add_user(engine, "tess", name="Tess Trainee")
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    return (
        engine,
        tess,
        add_hostile_files(root, broken_course=broken_course),
        {
            "NEEDLEWISE_CONTENT_DIR": str(content_dir),
            "NEEDLEWISE_QUIZZES_DIR": str(quizzes_dir),
        },
    )


def studio_problems(page) -> str:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Quiz studio")).to_be_visible()
    listing = page.locator("[data-testid='stCode']").first
    expect(listing).not_to_be_empty()  # its text can arrive after its frame
    return listing.inner_text()


def test_hostile_files_leave_every_other_page_working(page, tmp_path):
    from playwright.sync_api import expect

    from needlewise import attempts

    engine, tess, expected, env = serve(tmp_path, broken_course=False)
    # Tess started Module 1's quiz before the draft copy with the same id appeared: the
    # app keeps serving the version her attempt recorded.
    live, problems = read_quiz(tmp_path / "quizzes" / "m1-quiz.yaml", "quizzes/m1-quiz.yaml")
    assert live is not None, problems
    attempts.start_or_resume(engine, tess.id, live, 80)
    with running_app(f"sqlite:///{tmp_path / 'nw.db'}", env) as address:
        visit(page, f"{address}/?verify=NOPE-NOPE")
        expect(page.get_by_role("heading", name="Verify a certificate")).to_be_visible()

        sign_in(page, address, "tess")
        expect(page.get_by_role("heading", name="Welcome, Tess Trainee")).to_be_visible()
        visit(page, f"{address}/course")
        course = yaml.safe_load((tmp_path / "content" / "course.yaml").read_text())
        expect(page.get_by_role("heading", name=course["title"])).to_be_visible()
        expect(page.get_by_text("Lesson 'm1-history' is being fixed")).to_be_visible()
        visit(page, f"{address}/quiz?id=m1-quiz")
        expect(page.get_by_role("heading", name=live.quiz.title)).to_be_visible()
        assert page.get_by_text(DRAFT_TITLE).count() == 0
        expect(page.get_by_text("answers are saved as you go")).to_be_visible()
        page.locator("[data-testid='stRadio'] [role='radiogroup'] label").first.click()
        settle(page)
        page.get_by_role("button", name=re.compile("^Finish attempt")).click()
        page.get_by_role("button", name="Submit all and finish").click()
        expect(page.get_by_text(re.compile(r"(Passed|Not passed): [\d.]+%"))).to_be_visible()
        [attempt] = attempts.for_user(engine, tess.id, "m1-quiz")
        assert attempt.state == "submitted" and attempt.quiz_version == live.version

        leave(page)  # so the cookie script cannot write Tess's cookie back
        page.context.clear_cookies()
        sign_in(page, address, "ian")
        visit(page, f"{address}/studio")
        listed = studio_problems(page)
        for wanted in expected:
            assert f"{wanted.path}:{wanted.line}:{wanted.col}: " in listed, (wanted, listed)
    engine.dispose()


def test_a_broken_course_file_gives_trainees_one_page_and_instructors_the_studio(page, tmp_path):
    from playwright.sync_api import expect

    engine, _, expected, env = serve(tmp_path, broken_course=True)
    course_problem = expected[-1]
    assert course_problem.path == "content/course.yaml"
    with running_app(f"sqlite:///{tmp_path / 'nw.db'}", env) as address:
        sign_in(page, address, "tess")
        expect(page.get_by_role("heading", name="The course is unavailable")).to_be_visible()
        sidebar = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Home" not in sidebar and "Certificate" not in sidebar, sidebar
        visit(page, f"{address}/certificate")
        expect(page.get_by_role("heading", name="The course is unavailable")).to_be_visible()

        leave(page)  # so the cookie script cannot write Tess's cookie back
        page.context.clear_cookies()
        sign_in(page, address, "ian")
        listed = studio_problems(page)
        assert f"{course_problem.path}:{course_problem.line}:{course_problem.col}: " in listed, (
            listed
        )
        sidebar = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Cohort" not in sidebar.replace("Cohorts", "") and "Sign-off" not in sidebar
    engine.dispose()

"""In Chromium, an instructor looks at a trainee's attempts on the Gradebook while the
trainee is part-way through a timed quiz: the open attempt is said to be in progress, with
when it started, how many questions have an answer and when the last was saved, and when
its time runs out; the submitted attempt beside it is listed with its outcome."""

from __future__ import annotations

from datetime import timedelta

import pytest

from needlewise import attempts, clock, display
from needlewise.quiz.scoring import correct_response
from needlewise.store import open_store

from .browser_harness import choose, open_from_menu, running_app, settle, sign_in
from .builders import add_user, shipped_content

pytestmark = pytest.mark.browser


def test_an_instructor_sees_an_attempt_in_progress(page, tmp_path):
    from playwright.sync_api import expect

    content = shipped_content()
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    tess = add_user(engine, "tess", name="Tess Trainee")
    first = content.quizzes[content.course.modules[0].quiz]
    done = attempts.start_or_resume(engine, tess.id, first, 80)
    questions = [q for _, q in first.quiz.leaves()]
    attempts.save_many(engine, done.id, tess.id, {q.id: correct_response(q) for q in questions})
    attempts.submit(engine, done.id, tess.id)
    # The final's attempt: started an hour ago, two answers saved since.
    final = content.quizzes[content.course.final_assessment]
    started = clock.now() - timedelta(hours=1)
    open_attempt = attempts.start_or_resume(engine, tess.id, final, 80, now=started)
    shown = [q for q in open_attempt.layout][:2]
    for slot in shown:
        question = final.quiz.leaf(slot["parts"][0]["id"] if "parts" in slot else slot["id"])
        attempts.save(
            engine,
            open_attempt.id,
            tess.id,
            question.id,
            correct_response(question),
            now=started + timedelta(minutes=10),
        )
    with running_app(url) as address:
        sign_in(page, address, "ian")
        open_from_menu(page, "Gradebook")
        page.get_by_role("tab", name="Attempts").click()
        settle(page)
        choose(page, "stSelectbox", "Attempts of", "Tess Trainee")
        settle(page)
        utc = "UTC"
        expect(
            page.get_by_text(
                f"Attempt 1 at Final assessment is in progress: started "
                f"{display.moment(started, utc)}, 2 of 98 questions answered, the last answer "
                f"saved {display.moment(started + timedelta(minutes=10), utc)}; its time runs "
                f"out {display.moment(open_attempt.deadline_at, utc)}. Its marks are shown "
                "once it is submitted."
            )
        ).to_be_visible()
        picked = page.get_by_test_id("stSelectbox").filter(has_text="Attempt").last.locator("input")
        expect(picked).to_have_value(
            f"{first.quiz.title} · attempt 1 · 100% (passed) · {display.day(clock.now(), utc)}"
        )
        assert page.locator("[data-testid='stException']").count() == 0
    engine.dispose()

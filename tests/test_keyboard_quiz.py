"""A trainee takes and submits a whole quiz with the keyboard alone (WCAG 2.1.1, 2.1.2):
Tab to move, Space and arrow keys to choose, Enter to confirm and to press buttons, typed
digits and words for the text answers. The quiz holds one question of each of the eight
types, taken from the shipped bank, five a page; no mouse click is made once the quiz page
is open, Enter on Next page included."""

from __future__ import annotations

from itertools import accumulate

import pytest
import yaml

from needlewise import attempts, progress
from needlewise.content import load_content
from needlewise.quiz.layout import leaf_ids
from needlewise.quiz.paging import pages
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import EIGHT_TYPES, QUIZ, ROOT, add_user, quizzes_with_all_types

pytestmark = pytest.mark.browser

# What the focused element is, and the name of the question it answers.
_FOCUSED = """
() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {kind: "none"};
  const group = e.closest("[role=radiogroup], [role=group]");
  const base = {
    tag: e.tagName,
    label: e.getAttribute("aria-label") || "",
    group: group ? group.getAttribute("aria-label") || "" : "",
    text: (e.innerText || "").trim().slice(0, 80),
  };
  if (e.tagName === "IFRAME") return {...base, kind: "iframe"};
  if (e.type === "radio") return {...base, kind: "radio"};
  if (e.type === "checkbox") return {...base, kind: "checkbox"};
  if (e.getAttribute("role") === "combobox") {
    const multi = !!e.closest("[data-testid='stMultiSelect']");
    return {...base, kind: multi ? "multiselect" : "selectbox"};
  }
  if (e.tagName === "INPUT") return {...base, kind: "text"};
  if (e.tagName === "BUTTON") return {...base, kind: "button"};
  return {...base, kind: "other"};
}
"""


def compact_quizzes(root):
    """The first question of each type (and the case) from the all-types quiz."""
    quizzes = quizzes_with_all_types(root)
    path = quizzes / f"{QUIZ}.yaml"
    quiz = yaml.safe_load(path.read_text())
    kept, seen = [], set()
    for question in quiz["questions"]:
        if question["type"] not in seen:
            seen.add(question["type"])
            kept.append(question)
    quiz["questions"] = kept
    quiz["shuffle"] = {"questions": False, "options": False}
    quiz["questions_per_page"] = 5
    path.write_text(yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True))
    return quizzes


def test_a_whole_quiz_is_taken_and_submitted_by_keyboard(page, tmp_path):
    quizzes = compact_quizzes(tmp_path)
    content = load_content(ROOT / "content", quizzes, base=tmp_path)
    assert content.problems == [], content.problems
    quiz = content.quizzes[QUIZ].quiz
    types = {q.type for q in quiz.questions} | {q.type for _, q in quiz.leaves()}
    assert types >= EIGHT_TYPES
    leaves = [q for _, q in quiz.leaves()]
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    trainee = add_user(engine, "tess", name="Tess Trainee")
    for lesson in content.course.modules[0].lessons:
        progress.mark_read(engine, trainee.id, lesson)
    with running_app(url, {"NEEDLEWISE_QUIZZES_DIR": str(quizzes)}) as address:
        sign_in(page, address, "tess")
        visit(page, f"{address}/quiz?id={QUIZ}")
        keys = page.keyboard

        def tab_to(predicate, limit: int = 200) -> dict:
            passed = []
            for _ in range(limit):
                keys.press("Tab")
                focused = page.evaluate(_FOCUSED)
                assert focused["kind"] != "iframe", "an invisible frame took the focus"
                if predicate(focused):
                    return focused
                passed.append(focused)
            raise AssertionError(f"Tab never reached the control; it passed {passed[:40]}")

        tab_to(lambda f: f["kind"] == "button" and f["text"] == "Start an attempt")
        keys.press("Enter")
        settle(page)
        page.get_by_role("heading", name="Question 1", exact=True).wait_for()

        answered: set[str] = set()
        attempt = attempts.for_user(engine, trainee.id)[0]
        # Answers saved once each page is done; the Next page buttons pressed.
        through = list(
            accumulate(len(leaf_ids(p)) for p in pages(attempt.layout, quiz.questions_per_page))
        )
        turned = 0

        def saved() -> int:
            return len(attempts.saved_responses(engine, attempt.id))

        def wait_for_save(before: int) -> bool:
            """The answer reached the database (a fragment rerun saves it)."""
            for _ in range(100):
                if saved() > before:
                    return True
                page.wait_for_timeout(100)
            return False

        for _ in range(len(leaves) * 4):
            focused = tab_to(
                lambda f: (
                    (f["kind"] in ("radio", "checkbox") and f["group"] not in answered)
                    or (
                        f["kind"] in ("text", "selectbox", "multiselect")
                        and f["label"] not in answered
                    )
                    or (f["kind"] == "button" and f["text"] == "Finish attempt…")
                    or (f["kind"] == "button" and "Next page" in f["text"])
                )
            )
            if focused["kind"] == "button" and "Next page" in focused["text"]:
                if saved() < through[turned]:
                    continue  # Tab goes round to this page's questions still open
                keys.press("Enter")
                settle(page)
                turned += 1
                page.get_by_text(f"page {turned + 1} of").wait_for()
                continue
            if focused["kind"] == "button":
                if saved() == len(leaves):
                    break
                continue  # Tab goes round to the questions still open
            kind, before = focused["kind"], saved()
            name = focused["group"] if kind in ("radio", "checkbox") else focused["label"]
            if kind in ("radio", "checkbox"):
                keys.press("Space")
            elif kind == "text":
                keys.type("2" if "(in " in name else "subcision")
                keys.press("Enter")
            elif kind == "selectbox":
                keys.press("ArrowDown")
                keys.press("Enter")
            else:
                for _ in range(6):
                    keys.press("ArrowDown")
                    keys.press("Enter")
            if wait_for_save(before) or kind == "selectbox":
                answered.add(name)
        assert focused["kind"] == "button", f"the finish button was not reached: {answered}"
        assert quiz.questions_per_page == 5 and turned == len(through) - 1 > 0
        # Every control is named by its question; a matching question's boxes are named by
        # their items, inside a group named by the question.
        named = {name for name in answered if name.startswith("Question ")}
        assert len(named) == sum(q.type != "matching" for q in leaves), answered
        keys.press("Enter")
        settle(page)
        page.get_by_role("heading", name="Summary of your attempt").wait_for()
        tab_to(lambda f: f["kind"] == "button" and f["text"] == "Submit all and finish")
        keys.press("Enter")
        settle(page)
        page.get_by_text("points; pass mark").first.wait_for()
    submitted = [a for a in attempts.for_user(engine, trainee.id) if a.state == "submitted"]
    assert len(submitted) == 1
    saved = attempts.saved_responses(engine, submitted[0].id)
    assert {q.id for q in leaves} <= set(saved), "a question was left without an answer"

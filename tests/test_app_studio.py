"""The Quiz studio, review settings, and the generated cookie key."""

from __future__ import annotations

import shutil

from needlewise import attempts, progress, settings
from needlewise.quiz.layout import leaf_ids
from needlewise.store import open_store

from .builders import ROOT, add_user, make_app, shipped_content, sign_in_as, texts


def test_the_studio_lists_a_broken_file_with_its_errors_and_previews_the_rest(
    monkeypatch, sqlite_url, tmp_path
):
    content, quizzes = tmp_path / "content", tmp_path / "quizzes"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "quizzes", quizzes)
    (quizzes / "draft.yaml").write_text("id: draft\ntitle: Draft\natempts: 2\nquestions: []\n")
    engine = open_store(sqlite_url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content, quizzes), instructor)
    at.switch_page("views/studio.py").run()
    assert not at.exception
    problems = "\n".join(c.value for c in at.code)
    assert "quizzes/draft.yaml:3:1: unknown field 'atempts'; did you mean 'attempts'?" in problems
    table = at.dataframe[0].value
    assert "(cannot be loaded)" in list(table["title"])
    assert "random-guess score" in texts(at)
    assert "5 questions a page" in texts(at)  # the first quiz shown, a module quiz


def test_the_studios_list_says_what_check_says_of_a_broken_file(monkeypatch, sqlite_url, tmp_path):
    content, quizzes = tmp_path / "content", tmp_path / "quizzes"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "quizzes", quizzes)
    (quizzes / "draft.yaml").write_text(
        "id: draft\ntitle: Draft\natempts: 2\nquestions:\n"
        "  - id: d1\n    type: single\n    prompt: Which?\n    objectives: [m1.nowhere]\n"
        "    options:\n      - {text: One, correct: true}\n      - {text: Two, correct: true}\n"
        "    explanation: Both.\n"
    )
    engine = open_store(sqlite_url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content, quizzes), instructor)
    at.switch_page("views/studio.py").run()
    assert not at.exception
    problems = "\n".join(c.value for c in at.code)
    assert "quizzes/draft.yaml:3:1: unknown field 'atempts'" in problems
    assert "m1.nowhere" in problems
    assert "quizzes/draft.yaml:11:9: 2 options are fully right in a single-answer" in problems


def test_the_secure_final_never_shows_its_answers_in_review(monkeypatch, sqlite_url):
    content = shipped_content()
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    final = content.quizzes["final-assessment"]
    assert final.quiz.review.when == "never"
    for module in content.course.modules:
        for lesson in module.lessons:
            progress.mark_read(engine, trainee.id, lesson)
    attempt = attempts.start_or_resume(engine, trainee.id, final, 80)
    attempts.submit(engine, attempt.id, trainee.id)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.session_state["_nw_quiz_reviewing"] = attempt.id
    at.query_params["id"] = "final-assessment"
    at.switch_page("views/quiz.py").run()
    shown = texts(at)
    assert "Not passed" in shown
    assert "The answers to this quiz are not shown." in shown
    assert "Correct answer:" not in shown
    first_prompt = final.quiz.leaf(leaf_ids(attempt.layout)[0]).prompt
    assert first_prompt[:40] not in shown


def test_the_cookie_key_is_generated_once_and_kept(sqlite_url):
    engine = open_store(sqlite_url)
    first = settings.cookie_key(engine)
    engine.dispose()
    again = open_store(sqlite_url)
    assert settings.cookie_key(again) == first and len(first) >= 48

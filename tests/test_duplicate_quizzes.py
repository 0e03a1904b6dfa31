"""Two files with the same quiz id: neither is served as the other. The app keeps the
version trainees' attempts recorded; with none (or both) recorded, it serves neither, and
check flags both files at their id."""

from __future__ import annotations

from needlewise import attempts
from needlewise.content import keep_recorded, load_content
from needlewise.quiz.loading import version_of
from needlewise.store import open_store

from .builders import add_user, make_app, sign_in_as, texts, write_course


def with_draft(root):
    if not (root / "content").exists():
        write_course(root)
    live = (root / "quizzes" / "a-quiz.yaml").read_text()
    # The draft sorts before the live file, so "first file wins" served the draft.
    draft = root / "quizzes" / "a-quiz-draft.yaml"
    draft.write_text(live.replace("title: Quiz a-quiz", "title: Draft of a-quiz"))
    return load_content(root / "content", root / "quizzes", base=root)


def test_neither_file_is_served_and_both_are_flagged_at_their_id(tmp_path):
    content = with_draft(tmp_path)
    assert "a-quiz" not in content.quizzes
    flagged = {(p.path, p.line, p.col) for p in content.problems if "is also used by" in p.message}
    assert flagged == {("quizzes/a-quiz.yaml", 1, 5), ("quizzes/a-quiz-draft.yaml", 1, 5)}
    assert set(content.broken_quizzes) >= {"quizzes/a-quiz.yaml", "quizzes/a-quiz-draft.yaml"}


def test_the_version_attempts_recorded_is_the_one_kept(tmp_path):
    content = with_draft(tmp_path)
    files = {f.display: f for f in content.duplicates["a-quiz"]}
    live, draft = files["quizzes/a-quiz.yaml"], files["quizzes/a-quiz-draft.yaml"]
    kept = keep_recorded(content, {"a-quiz": {live.version}})
    assert kept.quizzes["a-quiz"].quiz.title == "Quiz a-quiz"
    assert "quizzes/a-quiz-draft.yaml" in kept.broken_quizzes
    assert "quizzes/a-quiz.yaml" not in kept.broken_quizzes
    assert keep_recorded(content, {"a-quiz": {draft.version}}).quizzes["a-quiz"] is draft
    assert "a-quiz" not in keep_recorded(content, {}).quizzes
    both = keep_recorded(content, {"a-quiz": {live.version, draft.version}})
    assert "a-quiz" not in both.quizzes


def test_the_app_serves_the_quiz_a_trainee_already_started(monkeypatch, tmp_path):
    write_course(tmp_path)
    clean = load_content(tmp_path / "content", tmp_path / "quizzes", base=tmp_path)
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    tess = add_user(engine, "tess")
    attempts.start_or_resume(engine, tess.id, clean.quizzes["a-quiz"], 50)
    with_draft(tmp_path)
    at = make_app(monkeypatch, url, tmp_path / "content", tmp_path / "quizzes")
    sign_in_as(at, tess)
    at.switch_page("views/quiz.py")
    at.query_params["id"] = "a-quiz"
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Quiz a-quiz"]
    assert "Draft of a-quiz" not in texts(at)
    assert attempts.recorded_versions(engine, ["a-quiz"]) == {
        "a-quiz": {clean.quizzes["a-quiz"].version}
    }
    engine.dispose()


def test_a_recorded_duplicate_that_names_an_unknown_module_is_not_kept(tmp_path):
    with_draft(tmp_path)
    draft = tmp_path / "quizzes" / "a-quiz-draft.yaml"
    draft.write_text(draft.read_text().replace("module: a", "module: nowhere"))
    content = load_content(tmp_path / "content", tmp_path / "quizzes", base=tmp_path)
    recorded = {"a-quiz": {version_of(draft.read_bytes())}}
    assert "a-quiz" not in keep_recorded(content, recorded).quizzes
    assert any(
        p.path == "quizzes/a-quiz-draft.yaml" and "unknown module 'nowhere'" in p.message
        for p in content.problems
    )

"""The Quiz studio keeps a database quiz's unsaved text and opens the editor with it again,
driven by widget keys (fast page checks; tests/test_browser_studio_unsaved.py types into the
real editor in Chromium)."""

from __future__ import annotations

import pytest

from needlewise import quiz_bank, unsaved_edits
from needlewise.store import open_store

from .builders import Person, add_user, make_app, row_counts, sign_in_as, texts
from .studio_driving import editor_text, leave_and_come_back, press, report

QUIZ = "m7-extra"
SAVED = quiz_bank.template(QUIZ, "Extra practice", "m1", "m1.skin-structure")
TYPED = SAVED.replace("Write the question a trainee reads here.", "Which layer is outermost?")
RESTORED = "Unsaved changes from "
UNSAVED = "Unsaved changes, kept on the server"


@pytest.fixture
def studio(monkeypatch, sqlite_url):
    """Ian's studio with the draft v1 of the quiz open in the editor, and the database."""
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    quiz_bank.save_draft(engine, QUIZ, SAVED, author=ian, file_ids=set())
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian)
    at.switch_page("views/studio.py").run()
    yield at, engine, ian
    engine.dispose()


def test_typed_text_is_kept_and_the_editor_opens_with_it_after_leaving_the_page(studio):
    at, engine, ian = studio
    assert editor_text(at) == SAVED
    assert RESTORED not in texts(at)
    report(at, TYPED)
    assert UNSAVED in texts(at)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian).text == TYPED
    leave_and_come_back(at)
    assert editor_text(at) == TYPED
    (note,) = [i.value for i in at.info if i.value.startswith(RESTORED)]
    assert "restored: the editor shows the text you had not saved" in note
    assert "go back to v1" in note
    assert UNSAVED in texts(at)
    assert not at.warning


def test_a_new_session_opens_the_editor_with_the_kept_text(studio, monkeypatch, sqlite_url):
    at, _, ian = studio
    report(at, TYPED)
    again = sign_in_as(make_app(monkeypatch, sqlite_url), ian)
    again.switch_page("views/studio.py").run()
    assert editor_text(again) == TYPED
    assert RESTORED in texts(again)


def test_discard_goes_back_to_the_newest_saved_version(studio):
    at, engine, ian = studio
    report(at, TYPED)
    leave_and_come_back(at)
    at.button(key="studio_discard").click().run()
    assert editor_text(at) == SAVED
    assert RESTORED not in texts(at)
    assert UNSAVED not in texts(at)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None
    leave_and_come_back(at)
    assert editor_text(at) == SAVED


def test_typing_on_in_the_restored_text_keeps_the_newest_text(studio):
    at, engine, ian = studio
    report(at, TYPED)
    leave_and_come_back(at)
    report(at, TYPED + "# more\n")
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian).text == TYPED + "# more\n"
    leave_and_come_back(at)
    assert editor_text(at) == TYPED + "# more\n"


def test_typing_back_to_the_saved_text_clears_what_was_kept(studio):
    at, engine, ian = studio
    report(at, TYPED)
    leave_and_come_back(at)
    report(at, SAVED)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None
    assert RESTORED not in texts(at)
    assert UNSAVED not in texts(at)
    leave_and_come_back(at)
    assert editor_text(at) == SAVED


def test_publishing_clears_the_kept_text_even_one_another_tab_kept(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    ada = add_user(engine, "ada", roles=("admin",))
    quiz_bank.save_draft(engine, QUIZ, SAVED, author=ada, file_ids=set())
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ada)
    at.switch_page("views/studio.py").run()
    report(at, TYPED)
    unsaved_edits.keep(engine, QUIZ, TYPED + "# other tab\n", based_on=1, author=ada)
    press(at, "Save and publish")
    assert [v.state for v in quiz_bank.versions(engine, QUIZ)] == ["published", "draft"]
    assert quiz_bank.versions(engine, QUIZ)[0].yaml == TYPED
    assert row_counts(engine)["unsaved_edits"] == 0
    leave_and_come_back(at)
    assert editor_text(at) == TYPED
    assert RESTORED not in texts(at)
    engine.dispose()


def test_text_based_on_a_version_someone_replaced_since_says_so(studio):
    at, engine, _ = studio
    report(at, TYPED)
    newer = SAVED.replace("pass_mark: 80", "pass_mark: 70")
    quiz_bank.save_draft(engine, QUIZ, newer, author=Person("ada", ("admin",)), file_ids=set())
    leave_and_come_back(at)
    assert editor_text(at) == TYPED
    (note,) = [w.value for w in at.warning if w.value.startswith(RESTORED)]
    assert "They were based on v1, and v2 (draft, by ada, on " in note
    assert ") was saved since" in note
    assert "saving them would undo what v2 changed" in note
    report(at, TYPED + "# more\n")
    leave_and_come_back(at)
    assert "They were based on v1" in texts(at)


def test_another_instructor_does_not_get_my_unsaved_text(studio, monkeypatch, sqlite_url):
    at, engine, _ = studio
    report(at, TYPED)
    ada = add_user(engine, "ada", roles=("admin",))
    other = sign_in_as(make_app(monkeypatch, sqlite_url), ada)
    other.switch_page("views/studio.py").run()
    assert editor_text(other) == SAVED
    assert RESTORED not in texts(other)

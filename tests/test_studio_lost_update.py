"""The Quiz studio never saves over a colleague's newer version unknowingly, and saves the
text its editor holds: the bank refuses a save based on an older version (on SQLite and
PostgreSQL, also when two saves race), and the studio says who saved what when, keeps the
text and offers to compare, to save over on purpose or to open the newer version."""

from __future__ import annotations

import re

import pytest

from needlewise import audit, clock, quiz_bank, unsaved_edits
from needlewise.quiz_bank import BankError, StaleVersion
from needlewise.store import open_store

from .builders import Person, add_user, make_app, sign_in_as, texts
from .studio_driving import editor_buttons, editor_text, leave_and_come_back, press, report

QUIZ = "m7-extra"
IAN = Person("ian", ("instructor",))
INA = Person("ina", ("instructor",))
V1 = quiz_bank.template(QUIZ, "Extra practice", "m1", "m1.skin-structure")
V2 = V1.replace("Extra practice", "Extra practice on skin")
MINE = V1.replace("Write the question a trainee reads here.", "Which layer is outermost?")


def save(engine, text, author, **check) -> quiz_bank.Version:
    return quiz_bank.save_draft(engine, QUIZ, text, author=author, file_ids=set(), **check)


def saved_details(engine) -> list[str]:
    return [e.detail for e in audit.entries(engine, actions=["quiz_draft_saved"])]


def test_a_save_based_on_an_older_version_is_refused_and_says_who_saved_which(engine):
    save(engine, V1, IAN, based_on=0)
    save(engine, V2, INA, based_on=1)
    with pytest.raises(StaleVersion) as refused:
        save(engine, MINE, IAN, based_on=1)
    assert [v.number for v in refused.value.newer] == [2]
    assert str(refused.value).startswith(
        "v2 of 'm7-extra' (draft, by ina) was saved after v1, which this text is based on; "
        "saving it would undo what v2 changed"
    )
    assert [v.yaml for v in quiz_bank.versions(engine, QUIZ)] == [V2, V1]


def test_saving_over_the_newer_version_on_purpose_records_what_it_replaced(engine):
    save(engine, V1, IAN, based_on=0)
    save(engine, V2, INA, based_on=1)
    saved = save(engine, MINE, IAN, based_on=1, over=2)
    assert (saved.number, saved.yaml, saved.author) == (3, MINE, "ian")
    assert saved_details(engine)[0] == (
        "version 3, based on version 1: saved over what v2 (by ina) changed"
    )


def test_saving_over_is_refused_again_when_yet_another_version_came_since(engine):
    save(engine, V1, IAN, based_on=0)
    save(engine, V2, INA, based_on=1)
    save(engine, V2 + "# more\n", INA, based_on=2)
    with pytest.raises(StaleVersion, match="v3 of 'm7-extra'") as refused:
        save(engine, MINE, IAN, based_on=1, over=2)
    assert [v.number for v in refused.value.newer] == [3]
    assert len(quiz_bank.versions(engine, QUIZ)) == 3


def test_a_save_based_on_the_newest_version_or_equal_to_it_goes_through(engine):
    save(engine, V1, IAN, based_on=0)
    assert save(engine, V2, INA, based_on=1).number == 2
    # The newest text again replaces nothing, whatever it was based on.
    assert save(engine, V2, IAN, based_on=1).number == 2
    assert saved_details(engine) == ["version 2", "version 1"]


def test_a_new_quiz_is_refused_when_the_id_was_taken_meanwhile(engine):
    save(engine, V1, IAN, based_on=0)
    with pytest.raises(BankError, match=re.escape("already in the database (v1, by ian)")):
        save(engine, V2, INA, based_on=0)


@pytest.mark.postgres
def test_two_saves_racing_from_the_same_version_the_second_is_refused(pg_url, monkeypatch):
    """PostgreSQL lets both saves read v1 as the newest; the unique version number refuses
    the second, which then reports the version that won. (SQLite takes the write lock before
    reading, so there the second save simply sees v2 and is refused by the check.)"""
    engine = open_store(pg_url)
    save(engine, V1, IAN, based_on=0)
    real_now = clock.now
    raced = []

    def colleague_saves_first():
        # Called inside Ian's transaction after it read v1 as the newest, before it inserts
        # (and once more inside Ina's own save, which then goes ahead).
        if not raced:
            raced.append(True)
            save(engine, V2, INA, based_on=1)
        return real_now()

    monkeypatch.setattr(clock, "now", colleague_saves_first)
    with pytest.raises(
        StaleVersion, match=re.escape("v2 of 'm7-extra' (draft, by ina)")
    ) as refused:
        save(engine, MINE, IAN, based_on=1)
    assert [v.number for v in refused.value.newer] == [2]
    assert [v.yaml for v in quiz_bank.versions(engine, QUIZ)] == [V2, V1]
    engine.dispose()


@pytest.fixture
def two_instructors(monkeypatch, sqlite_url):
    """Ian and Ina each with the studio open on v1 of the quiz, and the database."""
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    ina = add_user(engine, "ina", roles=("instructor",))
    save(engine, V1, ian, based_on=0)
    pages = []
    for person in (ian, ina):
        at = sign_in_as(make_app(monkeypatch, sqlite_url), person)
        at.switch_page("views/studio.py").run()
        pages.append(at)
    yield (*pages, engine, ian)
    engine.dispose()


def test_a_colleagues_newer_version_is_not_undone_by_my_save(two_instructors):
    mine, hers, engine, ian = two_instructors
    report(mine, MINE)
    press(hers, "Save draft", V2)
    assert "Saved db/m7-extra@v2 as a draft." in texts(hers)

    press(mine, "Save draft")
    assert [v.yaml for v in quiz_bank.versions(engine, QUIZ)] == [V2, V1]
    (error,) = [e.value for e in mine.error]
    assert error.startswith("Not saved: v2 of 'm7-extra' was saved after v1, which your text")
    assert "Your text is still in the editor and kept on the server" in error
    (warning,) = [w.value for w in mine.warning]
    assert warning.startswith("Saved since v1, which the text in the editor is based on: ")
    assert "v2 (draft, by ina, on " in warning
    assert "would undo what v2 changed" in warning
    # Nothing typed is lost: the editor keeps it and so does the server.
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian).text == MINE
    assert editor_buttons(mine) == ["Save mine anyway as v3"]
    diffs = [c.value for c in mine.code if c.language == "diff"]
    assert any(
        '-title: "Extra practice"' in d and '+title: "Extra practice on skin"' in d for d in diffs
    )
    assert any("+    prompt: Which layer is outermost?" in d for d in diffs)

    press(mine, "Save mine anyway as v3")
    assert "Saved db/m7-extra@v3 as a draft." in texts(mine)
    assert [v.yaml for v in quiz_bank.versions(engine, QUIZ)] == [MINE, V2, V1]
    assert saved_details(engine)[0] == (
        "version 3, based on version 1: saved over what v2 (by ina) changed"
    )
    assert not mine.warning
    assert editor_buttons(mine) == ["Save draft"]


def test_discarding_mine_opens_the_colleagues_version(two_instructors):
    mine, hers, engine, ian = two_instructors
    report(mine, MINE)
    press(hers, "Save draft", V2)
    mine.run()
    assert any(w.value.startswith("Saved since v1") for w in mine.warning)
    mine.button(key="studio_discard").click().run()
    assert editor_text(mine) == V2
    assert not mine.warning
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None
    assert editor_buttons(mine) == ["Save draft"]


def test_the_save_stores_the_text_the_editor_sent_with_it_not_its_last_report(two_instructors):
    mine, _, engine, _ = two_instructors
    report(mine, MINE)
    fixed = MINE.replace("pass_mark: 80", "pass_mark: 70")
    press(mine, "Save draft", fixed)
    assert quiz_bank.versions(engine, QUIZ)[0].yaml == fixed
    # The editor's report of that last pause arrives after the save: nothing to restore.
    report(mine, fixed)
    assert "Unsaved changes" not in texts(mine)
    assert not mine.warning
    leave_and_come_back(mine)
    assert "Unsaved changes" not in texts(mine)
    assert editor_text(mine) == fixed


def test_my_own_save_is_never_called_a_newer_version_saved_since(two_instructors):
    mine, _, engine, _ = two_instructors
    press(mine, "Save draft", MINE)
    more = MINE + "# more\n"
    report(mine, more)
    assert not mine.warning
    press(mine, "Save draft")
    assert [v.yaml for v in quiz_bank.versions(engine, QUIZ)][:2] == [more, MINE]
    assert not mine.error


def test_the_studio_and_the_preview_say_which_saved_version_the_preview_shows(two_instructors):
    mine, _, _, _ = two_instructors
    report(mine, MINE)
    assert "The preview shows the saved v1, without them." in texts(mine)
    mine.switch_page("views/quiz_preview.py")
    mine.query_params["quiz"] = QUIZ
    mine.query_params["version"] = "1"
    mine.run()
    shown = texts(mine)
    assert "You preview **v1** (draft, saved by ian on " in shown
    assert "the newest version). Changes not yet saved in the Quiz studio's editor" in shown

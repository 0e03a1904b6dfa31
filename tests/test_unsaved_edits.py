"""Unsaved quiz text kept on the server for the Quiz studio's editor: kept, offered back,
cleared by a save or by typing back to the saved text, separate per author, and marked when
someone saved a newer version meanwhile; on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import inspect

from needlewise import clock, quiz_bank, unsaved_edits
from needlewise.errors import NotAllowed
from needlewise.quiz_bank import BankError
from needlewise.store.engine import create, transaction
from needlewise.store.migrate import alembic_config, current, head, upgrade
from needlewise.store.schema import bank_versions

from .builders import Person, add_user, load_test_course

QUIZ = "c-extra"
SAVED = quiz_bank.template(QUIZ, "Extra practice", "a", "a.one")
EDITED = SAVED.replace("Write the question a trainee reads here.", "Which layer is outermost?")
AT = datetime(2026, 11, 30, 13, 5)


@pytest.fixture
def people(engine):
    """Two instructors and a trainee; Ian has saved v1 of the quiz."""
    ian = add_user(engine, "ian", roles=("instructor",))
    ada = add_user(engine, "ada", roles=("admin",))
    tess = add_user(engine, "tess")
    quiz_bank.save_draft(engine, QUIZ, SAVED, author=ian, file_ids=set())
    return ian, ada, tess


def test_kept_text_is_given_back_with_when_and_what_it_was_based_on(engine, people):
    ian, _, _ = people
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None
    kept = unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian, now=AT)
    restored = unsaved_edits.to_restore(engine, QUIZ, author=ian)
    assert restored == kept
    assert (restored.text, restored.kept_at, restored.based_on, restored.newest) == (
        EDITED,
        AT,
        1,
        1,
    )
    assert not restored.outdated


def test_each_report_replaces_the_kept_text_and_its_time(engine, people):
    ian, _, _ = people
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian, now=AT)
    later = AT + timedelta(minutes=3)
    unsaved_edits.keep(engine, QUIZ, EDITED + "# more\n", based_on=1, author=ian, now=later)
    restored = unsaved_edits.to_restore(engine, QUIZ, author=ian)
    assert (restored.text, restored.kept_at) == (EDITED + "# more\n", later)


def test_the_time_kept_is_the_apps_clock(engine, people):
    ian, _, _ = people
    clock.advance(timedelta(days=3))
    expected = clock.now()
    kept = unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian)
    assert abs(kept.kept_at - expected) < timedelta(seconds=5)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian).kept_at == kept.kept_at


def test_typing_back_to_the_saved_text_clears_what_was_kept(engine, people):
    ian, _, _ = people
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian)
    assert unsaved_edits.keep(engine, QUIZ, SAVED, based_on=1, author=ian) is None
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None


def test_discarding_forgets_the_kept_text(engine, people):
    ian, _, _ = people
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian)
    unsaved_edits.discard(engine, QUIZ, author=ian)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None
    unsaved_edits.discard(engine, QUIZ, author=ian)  # nothing kept: nothing to do


def test_a_save_that_makes_the_kept_text_the_newest_version_drops_it(engine, people):
    ian, _, _ = people
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian)
    # Saved elsewhere (another tab, the command line) without the studio discarding it.
    quiz_bank.save_draft(engine, QUIZ, EDITED, author=ian, file_ids=set())
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None
    unsaved_edits.keep(engine, QUIZ, SAVED, based_on=2, author=ian)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian).text == SAVED


def test_each_author_gets_back_only_their_own_text(engine, people):
    ian, ada, _ = people
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ada) is None
    unsaved_edits.keep(engine, QUIZ, EDITED + "# ada\n", based_on=1, author=ada)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian).text == EDITED
    assert unsaved_edits.to_restore(engine, QUIZ, author=ada).text == EDITED + "# ada\n"
    unsaved_edits.discard(engine, QUIZ, author=ada)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ada) is None
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian).text == EDITED


def test_text_kept_for_one_quiz_is_not_offered_for_another(engine, people):
    ian, _, _ = people
    other = quiz_bank.template("c-other", "Other", "a", "a.one")
    quiz_bank.save_draft(engine, "c-other", other, author=ian, file_ids=set())
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian)
    assert unsaved_edits.to_restore(engine, "c-other", author=ian) is None


def test_text_based_on_an_older_version_says_so_once_someone_saves_a_newer_one(engine, people):
    ian, ada, _ = people
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian, now=AT)
    newer = SAVED.replace("pass_mark: 80", "pass_mark: 70")
    quiz_bank.save_draft(engine, QUIZ, newer, author=ada, file_ids=set())
    restored = unsaved_edits.to_restore(engine, QUIZ, author=ian)
    assert (restored.text, restored.based_on, restored.newest) == (EDITED, 1, 2)
    assert restored.outdated
    # Editing on, the text stays based on v1 until it is saved.
    unsaved_edits.keep(engine, QUIZ, EDITED + "# more\n", based_on=1, author=ian)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian).outdated


def test_publishing_a_newer_version_marks_kept_text_as_outdated(engine, people, tmp_path):
    ian, ada, _ = people
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian)
    newer = SAVED.replace("pass_mark: 80", "pass_mark: 70")
    saved = quiz_bank.save_draft(engine, QUIZ, newer, author=ada, file_ids=set())
    course = load_test_course(tmp_path)
    quiz_bank.publish(engine, course, QUIZ, saved.number, actor=ada, instructors_publish=False)
    restored = unsaved_edits.to_restore(engine, QUIZ, author=ian)
    assert restored.outdated and restored.newest == 2


def test_only_teachers_keep_quiz_text(engine, people):
    _, _, tess = people
    with pytest.raises(NotAllowed):
        unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=tess)
    with pytest.raises(NotAllowed):
        unsaved_edits.to_restore(engine, QUIZ, author=tess)
    with pytest.raises(NotAllowed):
        unsaved_edits.discard(engine, QUIZ, author=tess)


def test_text_for_a_quiz_or_version_not_in_the_database_is_refused(engine, people):
    ian, _, _ = people
    with pytest.raises(BankError, match="there is no quiz 'c-nope' in the database"):
        unsaved_edits.keep(engine, "c-nope", EDITED, based_on=1, author=ian)
    with pytest.raises(BankError, match="has no version 2"):
        unsaved_edits.keep(engine, QUIZ, EDITED, based_on=2, author=ian)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None


def test_an_author_without_an_account_row_is_kept_by_name(engine, people):
    operator = Person("shell:root", ("instructor",))
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=operator)
    assert unsaved_edits.to_restore(engine, QUIZ, author=operator).username == "shell:root"


def test_the_upgrade_to_0012_adds_the_table_and_keeps_the_bank(store_url):
    engine = create(store_url)
    upgrade(engine, "0011")
    assert "unsaved_edits" not in inspect(engine).get_table_names()
    with transaction(engine) as connection:
        connection.execute(
            bank_versions.insert().values(
                quiz_id=QUIZ, number=1, yaml=SAVED, state="draft", author="ian", created_at=AT
            )
        )
    upgrade(engine)
    assert current(engine) == head()
    ian = Person("ian", ("instructor",))
    assert [v.yaml for v in quiz_bank.versions(engine, QUIZ)] == [SAVED]
    unsaved_edits.keep(engine, QUIZ, EDITED, based_on=1, author=ian)
    assert unsaved_edits.to_restore(engine, QUIZ, author=ian).text == EDITED
    engine.dispose()


def test_the_downgrade_to_0011_removes_the_table(store_url):
    from alembic import command

    engine = create(store_url)
    upgrade(engine)
    config = alembic_config()
    with transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
    assert current(engine) == "0011"
    assert "unsaved_edits" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert "unsaved_edits" in inspect(engine).get_table_names()
    engine.dispose()

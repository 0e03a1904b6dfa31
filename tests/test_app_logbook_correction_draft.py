"""My logbook's corrections as fast AppTest checks: the entry chosen and what is typed into
its correction survive leaving the page, each entry keeping its own draft, until a save
empties it; a draft typed over an entry that has changed since (returned again, corrected
in another tab, countersigned, deleted) is dropped with why, never saved over the newer
entry."""

from __future__ import annotations

from sqlalchemy import delete

from needlewise.logbook import entries
from needlewise.store import open_store
from needlewise.store.schema import logbook_entries

from .builders import (
    add_user,
    correct_treatment,
    log_treatment,
    make_app,
    never_needled,
    sign_in_as,
    texts,
)

NOT_KEPT = "Your unsaved edits to it were not kept"


def on_my_logbook(monkeypatch, sqlite_url, user):
    at = sign_in_as(make_app(monkeypatch, sqlite_url), user).run()
    at.switch_page("views/logbook.py").run()
    return at


def away_and_back(at) -> None:
    at.switch_page("views/course.py").run()
    at.switch_page("views/logbook.py").run()


def returned(engine, trainee, instructor, reason: str = "Passes missing") -> int:
    entry_id = log_treatment(engine, trainee)
    entries.review(
        engine, entry_id, instructor, accept=False, comment=reason, not_treated=never_needled()
    )
    return entry_id


def test_a_corrections_choice_and_edits_survive_leaving_the_page_until_a_save(
    monkeypatch, sqlite_url
):
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    tess = add_user(engine, "tess")
    entry_id = returned(engine, tess, ian)
    at = on_my_logbook(monkeypatch, sqlite_url, tess)
    at.selectbox(key="lb_choice").set_value(entry_id).run()
    at.number_input(key=f"lb_passes_{entry_id}").set_value(4)
    at.text_input(key=f"lb_device_{entry_id}").set_value("SkinPen Precision").run()

    away_and_back(at)
    assert at.selectbox(key="lb_choice").value == entry_id
    assert at.number_input(key=f"lb_passes_{entry_id}").value == 4
    assert at.text_input(key=f"lb_device_{entry_id}").value == "SkinPen Precision"
    assert at.text_input(key=f"lb_client_{entry_id}").value == "C-1"  # untouched: as stored
    assert "Returned by Ian Instructor: Passes missing" in texts(at)

    at.button(key=f"lb_save_{entry_id}").click().run()
    assert f"Entry {entry_id} updated" in texts(at)
    saved = entries.get(engine, entry_id)
    assert saved.status == "submitted"
    assert saved.details["passes"] == 4 and saved.details["device"] == "SkinPen Precision"
    # The save emptied the draft: the form and, after leaving, the page show the entry as
    # saved, with no word of edits lost (a draft outliving the save would be taken for one
    # typed over an older version of the entry).
    assert NOT_KEPT not in texts(at) and "changed since" not in texts(at)
    away_and_back(at)
    assert at.selectbox(key="lb_choice").value == entry_id
    assert at.number_input(key=f"lb_passes_{entry_id}v1").value == 4
    assert at.text_input(key=f"lb_device_{entry_id}v1").value == "SkinPen Precision"
    assert NOT_KEPT not in texts(at) and "changed since" not in texts(at)
    engine.dispose()


def test_each_entry_and_the_new_treatment_keep_their_own_draft(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    tess = add_user(engine, "tess")
    first, second = returned(engine, tess, ian), log_treatment(engine, tess)
    at = on_my_logbook(monkeypatch, sqlite_url, tess)
    at.text_input(key="lb_client_new").set_value("C-0142").run()
    at.selectbox(key="lb_choice").set_value(first).run()
    at.number_input(key=f"lb_passes_{first}").set_value(4).run()
    at.selectbox(key="lb_choice").set_value(second).run()
    assert at.number_input(key=f"lb_passes_{second}").value == 2
    at.text_input(key=f"lb_device_{second}").set_value("Dermapen 4").run()

    away_and_back(at)
    assert at.selectbox(key="lb_choice").value == second
    assert at.text_input(key=f"lb_device_{second}").value == "Dermapen 4"
    assert at.number_input(key=f"lb_passes_{second}").value == 2
    at.selectbox(key="lb_choice").set_value(first).run()
    assert at.number_input(key=f"lb_passes_{first}").value == 4
    assert at.text_input(key=f"lb_device_{first}").value == ""
    at.selectbox(key="lb_choice").set_value(None).run()
    assert at.text_input(key="lb_client_new").value == "C-0142"
    assert NOT_KEPT not in texts(at)
    engine.dispose()


def test_a_draft_over_an_entry_changed_since_is_dropped_with_why(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    tess = add_user(engine, "tess")
    entry_id = returned(engine, tess, ian)
    at = on_my_logbook(monkeypatch, sqlite_url, tess)
    at.selectbox(key="lb_choice").set_value(entry_id).run()
    at.number_input(key=f"lb_passes_{entry_id}").set_value(4).run()
    at.switch_page("views/course.py").run()
    # Meanwhile the entry is corrected in another tab and returned again.
    correct_treatment(engine, tess, entry_id, passes=6)
    entries.review(
        engine, entry_id, ian, accept=False, comment="Depth too low", not_treated=never_needled()
    )
    at.switch_page("views/logbook.py").run()
    shown = texts(at)
    assert f"Entry {entry_id} changed since you started correcting it" in shown
    assert NOT_KEPT in shown
    assert "Returned by Ian Instructor: Depth too low" in shown
    assert at.selectbox(key="lb_choice").value == entry_id
    assert at.number_input(key=f"lb_passes_{entry_id}v1").value == 6
    # The message is said once; the form now starts from the entry as stored.
    at.run()
    assert NOT_KEPT not in texts(at)
    at.button(key=f"lb_save_{entry_id}v1").click().run()
    assert f"Entry {entry_id} updated" in texts(at)
    assert entries.get(engine, entry_id).details["passes"] == 6
    engine.dispose()


def test_a_save_over_an_entry_changed_on_the_page_saves_nothing(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    tess = add_user(engine, "tess")
    entry_id = log_treatment(engine, tess)
    at = on_my_logbook(monkeypatch, sqlite_url, tess)
    at.selectbox(key="lb_choice").set_value(entry_id).run()
    at.number_input(key=f"lb_passes_{entry_id}").set_value(4).run()
    correct_treatment(engine, tess, entry_id, passes=6)
    at.button(key=f"lb_save_{entry_id}").click().run()
    assert entries.get(engine, entry_id).details["passes"] == 6
    assert NOT_KEPT in texts(at) and f"Entry {entry_id} updated" not in texts(at)
    assert at.number_input(key=f"lb_passes_{entry_id}v1").value == 6
    engine.dispose()


def test_a_countersigned_entrys_draft_does_not_bring_it_back(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    tess = add_user(engine, "tess")
    entry_id = log_treatment(engine, tess)
    at = on_my_logbook(monkeypatch, sqlite_url, tess)
    at.selectbox(key="lb_choice").set_value(entry_id).run()
    at.number_input(key=f"lb_passes_{entry_id}").set_value(4).run()
    at.switch_page("views/course.py").run()
    entries.review(engine, entry_id, ian, accept=True, not_treated=never_needled())
    at.switch_page("views/logbook.py").run()
    picker = at.selectbox(key="lb_choice")
    assert picker.value is None and picker.options == ["A new treatment"]
    shown = texts(at)
    assert f"Entry {entry_id} was countersigned, so it can no longer be corrected" in shown
    assert NOT_KEPT in shown
    assert entries.get(engine, entry_id).details["passes"] == 2
    away_and_back(at)
    assert "countersigned, so" not in texts(at)
    assert at.selectbox(key="lb_choice").value is None
    engine.dispose()


def test_a_draft_of_an_entry_gone_from_the_logbook_is_dropped_with_why(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    tess = add_user(engine, "tess")
    entry_id = log_treatment(engine, tess)
    at = on_my_logbook(monkeypatch, sqlite_url, tess)
    at.selectbox(key="lb_choice").set_value(entry_id).run()
    at.number_input(key=f"lb_passes_{entry_id}").set_value(4).run()
    at.switch_page("views/course.py").run()
    # Deleted under the clinic's retention rule while the trainee was away.
    with engine.begin() as connection:
        connection.execute(delete(logbook_entries).where(logbook_entries.c.id == entry_id))
    at.switch_page("views/logbook.py").run()
    shown = texts(at)
    assert f"Entry {entry_id}, which you were correcting, is no longer in your logbook" in shown
    assert NOT_KEPT in shown
    assert at.selectbox(key="lb_choice").value is None
    away_and_back(at)
    assert "no longer in your logbook" not in texts(at)
    engine.dispose()

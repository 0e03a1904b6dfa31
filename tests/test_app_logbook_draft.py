"""My logbook's new entry as fast AppTest checks: what is typed survives leaving the page
(and choosing a correction) until a save empties it; the escalation steps link to their
lesson only when it is open to the trainee, else name it as locked with why."""

from __future__ import annotations

from needlewise.logbook import entries
from needlewise.store import open_store

from .builders import add_user, log_treatment, make_app, pass_module_quiz, sign_in_as, texts

LESSON = "Complications and emergencies: red flags, first actions and reporting"
STEPS = "Fainting or near-fainting: what to do now."


def on_my_logbook(monkeypatch, sqlite_url, user):
    at = sign_in_as(make_app(monkeypatch, sqlite_url), user).run()
    at.switch_page("views/logbook.py").run()
    return at


def start_an_entry(at) -> None:
    at.text_input(key="lb_client_new").set_value("C-0142")
    at.selectbox(key="lb_fitz_new").set_value(2)
    at.text_input(key="lb_device_new").set_value("SkinPen Precision")
    at.text_area(key="lb_reaction_new").set_value("Pale and dizzy")
    at.number_input(key="lb_area_cheeks_new").set_value(0.5)
    at.multiselect(key="lb_events_new").set_value(["fainting"]).run()


def assert_the_draft(at) -> None:
    assert at.text_input(key="lb_client_new").value == "C-0142"
    assert at.selectbox(key="lb_fitz_new").value == 2
    assert at.text_input(key="lb_device_new").value == "SkinPen Precision"
    assert at.text_area(key="lb_reaction_new").value == "Pale and dizzy"
    assert at.number_input(key="lb_area_cheeks_new").value == 0.5
    assert at.multiselect(key="lb_events_new").value == ["fainting"]
    assert STEPS in texts(at)


def test_a_new_entrys_draft_survives_leaving_the_page_until_a_save(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    tess = add_user(engine, "tess")
    at = on_my_logbook(monkeypatch, sqlite_url, tess)
    start_an_entry(at)
    assert_the_draft(at)
    at.switch_page("views/course.py").run()
    at.switch_page("views/logbook.py").run()
    assert_the_draft(at)

    at.multiselect(key="lb_scars_new").set_value(["rolling"])
    at.selectbox(key="lb_grade_new").set_value("3")
    at.selectbox(key="lb_outcome_new").set_value("treat")
    at.checkbox(key="lb_consent_new").check()
    at.text_input(key="lb_consentv_new").set_value("v3")
    at.number_input(key="lb_passes_new").set_value(2)
    at.text_area(key="lb_eventnote_new").set_value("Laid flat, recovered")
    at.button(key="lb_save_new").click().run()
    [saved] = entries.for_trainee(engine, tess.id)
    assert saved.client_ref == "C-0142" and saved.details["device"] == "SkinPen Precision"
    assert saved.details["adverse_events"] == ["fainting"]
    assert at.text_input(key="lb_client_new1").value == ""
    at.switch_page("views/course.py").run()
    at.switch_page("views/logbook.py").run()
    assert at.text_input(key="lb_client_new1").value == ""
    assert at.text_input(key="lb_device_new1").value == ""
    assert at.multiselect(key="lb_events_new1").value == []
    assert STEPS not in texts(at)


def test_a_correction_starts_from_its_entry_and_leaves_the_draft_alone(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    tess = add_user(engine, "tess")
    entry_id = log_treatment(engine, tess)
    at = on_my_logbook(monkeypatch, sqlite_url, tess)
    start_an_entry(at)
    at.selectbox(key="lb_choice").set_value(entry_id).run()
    assert at.text_input(key=f"lb_client_{entry_id}").value == "C-1"
    assert at.text_input(key=f"lb_device_{entry_id}").value == ""
    at.number_input(key=f"lb_passes_{entry_id}").set_value(4)
    at.button(key=f"lb_save_{entry_id}").click().run()
    assert f"Entry {entry_id} updated" in texts(at)
    assert entries.get(engine, entry_id).details["passes"] == 4
    at.selectbox(key="lb_choice").set_value(None).run()
    assert_the_draft(at)


def test_the_steps_name_a_locked_lesson_with_why_and_link_an_open_one(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    tom = add_user(engine, "tom")
    at = on_my_logbook(monkeypatch, sqlite_url, tom)
    at.multiselect(key="lb_events_new").set_value(["fainting", "anaphylaxis"]).run()
    shown = texts(at)
    assert STEPS in shown and "Suspected anaphylaxis: what to do now." in shown
    assert f"{LESSON} (locked)" in shown
    assert "Pass the module quiz for 'Needle depth selection and technique' first." in shown
    assert not [link for link in at.get("page_link") if "lesson" in link.proto.page]

    tess = add_user(engine, "tess")
    pass_module_quiz(engine, tess, "m4-quiz")
    at = on_my_logbook(monkeypatch, sqlite_url, tess)
    at.multiselect(key="lb_events_new").set_value(["fainting"]).run()
    [link] = [link for link in at.get("page_link") if "lesson" in link.proto.page]
    assert link.proto.label == LESSON
    assert "(locked)" not in texts(at)

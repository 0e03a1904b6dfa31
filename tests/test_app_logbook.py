"""The logbook pages as fast AppTest checks: the admin's logbook settings, the review queue
refusing a supervisor's own entry, and the trainee's page listing what is missing."""

from __future__ import annotations

from needlewise import settings
from needlewise.store import open_store

from .builders import add_user, log_treatment, make_app, never_needled, sign_in_as, texts


def test_an_admin_turns_on_the_logbook_rule_and_a_trainee_sees_what_is_missing(
    monkeypatch, sqlite_url
):
    engine = open_store(sqlite_url)
    admin = add_user(engine, "ada", roles=("admin",))
    tess = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), admin)
    at.run()
    at.switch_page("views/settings.py").run()
    at.checkbox(key="set_lb_certificate").check()
    at.number_input(key="set_lb_required").set_value(0)
    at.button[1].click().run()  # Save logbook settings
    assert not at.exception
    assert "0 treatments is outside 1 to 200" in texts(at)
    assert settings.read_all(engine).logbook_for_certificate is False
    at.number_input(key="set_lb_required").set_value(3)
    at.button[1].click().run()
    assert "Logbook settings saved." in texts(at)
    saved = settings.read_all(engine)
    assert saved.logbook_for_certificate and saved.logbook_required_treatments == 3

    trainee = sign_in_as(make_app(monkeypatch, sqlite_url), tess)
    trainee.run()
    trainee.switch_page("views/logbook.py").run()
    assert not trainee.exception
    shown = texts(trainee)
    assert "0 of 3 countersigned" in shown and "Still missing for your certificate" in shown
    assert "Never enter a client's name" in shown
    trainee.switch_page("views/certificate.py").run()
    assert "Have 3 more supervised treatments countersigned" in texts(trainee)


def test_the_review_queue_does_not_offer_countersigning_a_supervisors_own_entry(
    monkeypatch, sqlite_url
):
    engine = open_store(sqlite_url)
    both = add_user(engine, "bo", roles=("trainee", "instructor"))
    log_treatment(engine, both)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), both)
    at.run()
    at.switch_page("views/logbook_review.py").run()
    assert not at.exception
    assert "This is your own entry: another supervisor must countersign it." in texts(at)
    assert not [b for b in at.button if b.label == "Countersign"]


def test_the_gradebook_shows_each_trainees_logbook_progress(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    add_user(engine, "tess", name="Tess Trainee")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian)
    at.run()
    at.switch_page("views/gradebook.py").run()
    assert not at.exception
    assert not at.table  # no static table of every trainee: it is in the Gradebook's table
    shown = at.dataframe[0].value.set_index("Name")
    assert shown.loc["Tess Trainee", "Logbook: Countersigned"] == "0 countersigned"
    assert shown.loc["Tess Trainee", "Logbook: Still missing"] == "not required"


def test_without_the_certificate_rule_no_page_shows_a_required_number(monkeypatch, sqlite_url):
    from needlewise.logbook import entries

    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    tess = add_user(engine, "tess", name="Tess Trainee")
    entries.review(
        engine, log_treatment(engine, tess), ian, accept=True, not_treated=never_needled()
    )
    assert settings.read_all(engine).logbook_for_certificate is False
    trainee = sign_in_as(make_app(monkeypatch, sqlite_url), tess).run()
    assert not trainee.exception
    [link] = [e for e in trainee.get("page_link") if "Logbook" in e.proto.label]
    assert link.proto.label == "Logbook: 1 countersigned treatments"
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian).run()
    at.switch_page("views/logbook_review.py").run()
    assert not at.exception
    [metric] = [m for m in at.metric if m.label == "Countersigned treatments"]
    assert metric.value == "1 countersigned"
    at.switch_page("views/gradebook.py").run()
    assert not at.exception
    shown = at.dataframe[0].value.set_index("Name")
    assert shown.loc["Tess Trainee", "Logbook: Countersigned"] == "1 countersigned"
    assert shown.loc["Tess Trainee", "Logbook: Still missing"] == "not required"

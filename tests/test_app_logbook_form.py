"""The logbook form and review page as fast AppTest checks: the skin type is a required
choice, the date is the clinic's, the eyelid is not offered, adverse events come last,
an old eyelid entry cannot be countersigned, and deleting by retention is confirmed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from needlewise import clock, settings
from needlewise.acting import Operator
from needlewise.logbook import entries
from needlewise.store import open_store
from needlewise.store.schema import logbook_entries

from .builders import add_user, log_treatment, make_app, sign_in_as, texts

CHEEKS = "lb_area_cheeks_new"


def shown(at) -> str:
    """What a person reads, without the escaping that keeps typed text from being markdown."""
    return texts(at).replace("\\", "")


def keys_in_order(at) -> list[str]:
    """The keys of the page's widgets, top to bottom."""
    found = []

    def walk(node):
        key = getattr(node, "key", None)
        if isinstance(key, str):
            found.append(key)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


def fill_in(at) -> None:
    """Everything a simple treatment needs except the client's skin type."""
    at.text_input(key="lb_client_new").set_value("C-0142")
    at.multiselect(key="lb_scars_new").set_value(["rolling"])
    at.selectbox(key="lb_grade_new").set_value("3")
    at.selectbox(key="lb_outcome_new").set_value("treat")
    at.number_input(key=CHEEKS).set_value(0.5)
    at.number_input(key="lb_passes_new").set_value(3)


def save(at) -> None:
    at.button(key="lb_save_new").click().run()


def test_the_skin_type_has_no_default_and_an_entry_without_it_is_refused(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    tess = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), tess).run()
    at.switch_page("views/logbook.py").run()
    assert at.selectbox(key="lb_fitz_new").value is None
    fill_in(at)
    save(at)
    read = shown(at)
    assert "Nothing was saved" in read and "Fitzpatrick skin type: choose" in read
    assert entries.for_trainee(engine, tess.id) == []
    assert at.text_input(key="lb_client_new").value == "C-0142"  # nothing typed is lost
    at.selectbox(key="lb_fitz_new").set_value(4)
    save(at)
    [saved] = entries.for_trainee(engine, tess.id)
    assert saved.fitzpatrick == 4 and saved.dark_skin


def test_the_eyelid_is_not_offered_and_adverse_events_come_last(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    tess = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), tess).run()
    at.switch_page("views/logbook.py").run()
    order = keys_in_order(at)
    assert "lb_area_periorbital_new" not in order and CHEEKS in order
    assert (
        "Not offered: Eyelids, upper and lower (inside the orbital rim). The course does not "
        "treat this area, at any depth, because SkinPen labelling says not to use the device "
        "inside the orbital rim." in shown(at)
    )
    filled = [k for k in order if k.startswith("lb_") and k.endswith("_new") and "form" not in k]
    assert filled.index("lb_events_new") > filled.index("lb_follownext_new")
    assert filled[-2:] == ["lb_eventnote_new", "lb_save_new"]
    assert filled[0] == "lb_date_new"
    at.multiselect(key="lb_events_new").set_value(["fainting"]).run()
    assert "Fainting or near-fainting: what to do now." in shown(at)  # at once, before saving


def test_the_date_is_the_clinics_today_east_of_utc(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    tess = add_user(engine, "tess")
    settings.save(engine, {"time_zone": "Pacific/Auckland"}, Operator("admin"))
    now = clock.now()
    clock.advance(now.replace(hour=20, minute=0) - now)  # already tomorrow in Auckland
    auckland_today = clock.now().date() + timedelta(days=1)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), tess).run()
    at.switch_page("views/logbook.py").run()
    assert at.date_input(key="lb_date_new").value == auckland_today
    fill_in(at)
    at.selectbox(key="lb_fitz_new").set_value(2)
    at.date_input(key="lb_date_new").set_value(auckland_today + timedelta(days=1))
    save(at)
    assert "is in the future; the clinic's date today is" in shown(at)
    assert entries.for_trainee(engine, tess.id) == []
    at.date_input(key="lb_date_new").set_value(auckland_today)
    save(at)
    [saved] = entries.for_trainee(engine, tess.id)
    assert saved.treated_on.date() == auckland_today


def eyelid_entry_from_before_the_rule(engine, trainee) -> int:
    return log_treatment(engine, trainee, {"periorbital": 0.25})


def test_an_old_eyelid_entry_is_flagged_on_review_and_cannot_be_countersigned(
    monkeypatch, sqlite_url
):
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    entry_id = eyelid_entry_from_before_the_rule(engine, add_user(engine, "tess"))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian).run()
    at.switch_page("views/logbook_review.py").run()
    [flag] = [e.value.replace("\\", "") for e in at.error]
    assert flag.startswith(
        "Area the course does not treat, at any depth, because SkinPen labelling says not to "
        "use the device inside the orbital rim: Eyelids, upper and lower (inside the orbital "
        "rim). Return this entry"
    )
    assert at.button(key="lbr_accept").disabled
    at.text_area(key=f"lbr_comment_{entry_id}").set_value("The eyelid is never needled")
    at.button(key="lbr_return").click().run()
    assert entries.get(engine, entry_id).status == "returned"


def test_deleting_by_retention_asks_first_and_says_how_many(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    ada = add_user(engine, "ada", roles=("admin",))
    tess = add_user(engine, "tess")
    old = [eyelid_entry_from_before_the_rule(engine, tess) for _ in range(2)]
    kept = eyelid_entry_from_before_the_rule(engine, tess)
    with engine.begin() as connection:
        connection.execute(
            update(logbook_entries)
            .where(logbook_entries.c.id.in_(old))
            .values(treated_on=clock.now() - timedelta(days=400))
        )
    settings.save(
        engine,
        {"logbook_retention_months": 6, "logbook_retention_action": "delete"},
        Operator("admin"),
    )
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ada).run()
    at.switch_page("views/logbook_review.py").run()
    at.button(key="lbr_retention").click().run()
    assert "This permanently deletes 2 logbook entries older than 6 months." in shown(at)
    assert len(entries.for_trainee(engine, tess.id)) == 3
    at.button(key="lbr_retention_cancel").click().run()
    assert "permanently deletes" not in shown(at)
    assert len(entries.for_trainee(engine, tess.id)) == 3
    at.button(key="lbr_retention").click().run()
    assert at.button(key="lbr_retention_confirm").label == "Delete 2 entries"
    at.button(key="lbr_retention_confirm").click().run()
    assert "Retention applied to 2 entries." in shown(at)
    assert [e.id for e in entries.for_trainee(engine, tess.id)] == [kept]

"""The logbook's clinical safety rules, on SQLite and PostgreSQL: an area the course never
needles, the client's skin type, forbidden products, the clinic's date, the retention
rule's count, and what identifies a client."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import yaml
from sqlalchemy import update

from needlewise import clock, settings
from needlewise.acting import Operator
from needlewise.depth import Regions
from needlewise.logbook import LogbookError, entries, retention
from needlewise.logbook.lists import LogbookLists
from needlewise.logbook.validation import (
    EntryInput,
    client_ref_problem,
    identifying_text_problem,
    review_flags,
)
from needlewise.store.schema import logbook_entries

from .builders import ROOT, add_user

LISTS = LogbookLists.model_validate(
    yaml.safe_load((ROOT / "content" / "logbook.yaml").read_text(encoding="utf-8"))
)
SHIPPED = Regions.model_validate(
    yaml.safe_load((ROOT / "content" / "regions.yaml").read_text(encoding="utf-8"))
).regions
REGIONS = {r.id: r.name for r in SHIPPED}
NOT_TREATED = {r.id: r.not_treated for r in SHIPPED if r.not_treated}
EYELID = "Eyelids, upper and lower (inside the orbital rim)"


def entry(**changes) -> EntryInput:
    values = {
        "treated_on": clock.now().date(),
        "client_ref": "C-0142",
        "fitzpatrick": 4,
        "scar_types": ["rolling"],
        "grade": "3",
        "screening_outcome": "treat",
        "consent": True,
        "consent_form_version": "v3",
        "areas": {"cheeks": 0.5},
        "passes": 3,
    }
    values.update(changes)
    return EntryInput(**values)


def record(engine, trainee, not_treated=NOT_TREATED, **changes) -> int:
    return entries.record(
        engine, trainee, entry(**changes), LISTS, REGIONS, settings.read_all(engine), not_treated
    )


@pytest.fixture
def tess(engine):
    return add_user(engine, "tess", name="Tess Trainee")


def test_the_shipped_course_never_needles_the_eyelid_inside_the_orbital_rim():
    assert REGIONS["periorbital"] == EYELID
    assert NOT_TREATED["periorbital"] == (
        "at any depth, because SkinPen labelling says not to use the device inside the orbital rim"
    )


@pytest.mark.parametrize("depth", [0.25, 0.1])
def test_an_area_never_needled_is_refused_at_any_depth_naming_it_and_why(engine, tess, depth):
    with pytest.raises(LogbookError) as refused:
        record(engine, tess, areas={"periorbital": depth, "cheeks": 0.5})
    [problem] = refused.value.problems
    assert problem.startswith(f"{EYELID}: the course does not treat this area, at any depth")
    assert "cannot record it" in problem and "tell your supervisor" in problem
    assert entries.for_trainee(engine, tess.id) == []


def test_an_edit_cannot_add_an_area_never_needled(engine, tess):
    entry_id = record(engine, tess)
    with pytest.raises(LogbookError, match="the course does not treat this area"):
        entries.edit(
            engine,
            tess,
            entry_id,
            entry(areas={"periorbital": 0.25}),
            LISTS,
            REGIONS,
            settings.read_all(engine),
            NOT_TREATED,
        )
    assert entries.get(engine, entry_id).details["areas"] == {"cheeks": 0.5}


def test_an_entry_stored_before_the_rule_is_flagged_and_can_only_be_returned(engine, tess):
    ian = add_user(engine, "ian", roles=("instructor",))
    entry_id = record(engine, tess, not_treated={}, areas={"periorbital": 0.25})  # as before
    stored = entries.get(engine, entry_id)
    [flag] = review_flags(stored.details["areas"], REGIONS, NOT_TREATED, settings.read_all(engine))
    assert flag.startswith(
        "Area the course does not treat, at any depth, because SkinPen labelling says not to "
        f"use the device inside the orbital rim: {EYELID}. Return this entry; it cannot be "
        "countersigned."
    )
    assert "cannot be countersigned" in flag
    with pytest.raises(LogbookError, match="cannot be countersigned"):
        entries.review(engine, entry_id, ian, accept=True, not_treated=NOT_TREATED)
    assert entries.get(engine, entry_id).status == "submitted"
    entries.review(engine, entry_id, ian, False, "Eyelid is never needled", not_treated=NOT_TREATED)
    assert entries.get(engine, entry_id).status == "returned"


def test_a_depth_above_a_since_lowered_limit_is_flagged_when_read(engine, tess):
    entry_id = record(engine, tess, areas={"cheeks": 0.5})
    settings.save(engine, {"depth_limit_mm": 0.25}, Operator("admin"))
    flags = review_flags(
        entries.get(engine, entry_id).details["areas"],
        REGIONS,
        NOT_TREATED,
        settings.read_all(engine),
    )
    assert flags == [
        "Depth above the clinic's current limit of 0.25 mm: "
        "Cheeks (over the cheekbone, the zygoma) 0.5 mm."
    ]


def test_without_a_skin_type_nothing_is_saved_and_the_message_says_why(engine, tess):
    with pytest.raises(LogbookError) as refused:
        record(engine, tess, fitzpatrick=None)
    [problem] = refused.value.problems
    assert problem.startswith("Fitzpatrick skin type: choose the client's type, I to VI")
    assert entries.for_trainee(engine, tess.id) == []


@pytest.mark.parametrize(
    "product",
    ["hyaluronic acid serum", "Sterile hyaluronic acid glide", "HA serum", "Ahava mud mask"],
)
def test_hyaluronic_acid_is_not_taken_for_an_aha_or_bha(product):
    assert "acids" not in [f.id for f in LISTS.forbidden_in(product)]


@pytest.mark.parametrize(
    ("product", "forbidden"),
    [
        ("hyaluronic acid serum", ["decanted"]),  # a serum, not a sterile glide
        ("Glycolic acid 10%", ["acids"]),
        ("lactic acid", ["acids"]),
        ("Mandelic", ["acids"]),
        ("salicylic toner", ["acids"]),
        ("AHA/BHA pads", ["acids"]),
        ("alpha-hydroxy acid", ["acids"]),
        ("L-ascorbic acid", ["vitamin-c"]),
        ("retinol cream", ["actives"]),
        ("copper peptides", ["actives"]),
        ("vitamin complex cream", []),
        ("TCA 15% peel", ["acids"]),
        ("Tranexamic acid", ["acids"]),
        ("kojic brightener", ["acids"]),
        ("AHAs", ["acids"]),
        ("betaine salicylate", ["acids"]),
        ("Vit C booster", ["vitamin-c"]),
        ("growth factor ampoule", ["actives"]),
        ("hexapeptide cream", ["actives"]),
        ("Vitamin A cream", ["actives"]),
        ("PRP", ["actives"]),
        ("PHA toner", ["acids"]),
        ("PHAs", ["acids"]),
        ("Sterile hyaluronic acid glide labelled for microneedling", []),
    ],
)
def test_real_acids_and_actives_are_named_for_what_they_are(product, forbidden):
    assert [f.id for f in LISTS.forbidden_in(product)] == forbidden


def test_an_hyaluronic_acid_serum_is_flagged_as_a_serum_not_an_acid(engine, tess):
    entry_id = record(engine, tess, other_products="hyaluronic acid serum")
    [flag] = entries.get(engine, entry_id).flags
    assert "Serums and decanted products" in flag and "AHA" not in flag


def clinic_day_ahead_of_utc() -> datetime:
    """Move the clock to 20:00 UTC today, when it is already tomorrow in Auckland."""
    now = clock.now()
    clock.advance(now.replace(hour=20, minute=0, second=0, microsecond=0) - now)
    return clock.now()


def test_today_is_the_clinics_date_not_utcs(engine, tess):
    settings.save(engine, {"time_zone": "Pacific/Auckland"}, Operator("admin"))
    utc_now = clinic_day_ahead_of_utc()
    auckland_today = utc_now.date() + timedelta(days=1)
    entry_id = record(engine, tess, treated_on=auckland_today)
    assert entries.get(engine, entry_id).treated_on.date() == auckland_today
    with pytest.raises(LogbookError) as refused:
        record(engine, tess, treated_on=auckland_today + timedelta(days=1))
    [problem] = refused.value.problems
    assert "is in the future; the clinic's date today is" in problem
    assert f"{auckland_today:%d %b %Y}" in problem


def test_the_retention_rule_says_how_many_entries_it_would_delete(engine, tess):
    admin = add_user(engine, "ada", roles=("admin",))
    old, recent = record(engine, tess), record(engine, tess)
    with engine.begin() as connection:
        connection.execute(
            update(logbook_entries)
            .where(logbook_entries.c.id == old)
            .values(treated_on=clock.now() - timedelta(days=400))
        )
    settings.save(
        engine,
        {"logbook_retention_months": 6, "logbook_retention_action": "delete"},
        Operator("admin"),
    )
    assert retention.due(engine, settings.read_all(engine)) == 1
    assert retention.apply(engine, settings.read_all(engine), admin) == 1
    assert [e.id for e in entries.for_trainee(engine, tess.id)] == [recent]
    assert retention.due(engine, settings.read_all(engine)) == 0


@pytest.mark.parametrize(
    "value", ["jane smith", "SMITH Jane", "Jane.Smith", "Jane_Smith", "JaneSmith", "Jane"]
)
def test_a_name_in_any_case_or_joined_up_is_refused_as_a_client_reference(value):
    problem = client_ref_problem(value)
    assert "looks like a person's name" in problem and "for example C-0142" in problem


@pytest.mark.parametrize(
    "value", ["dob 12.03.1990", "C 12/03/1990", "born 1990", "12-03-1990", "12 03 1990"]
)
def test_a_date_of_birth_is_refused_as_a_client_reference(value):
    # All digits, 12-03-1990 was taken for a phone number.
    assert "holds a date, which may be a date of birth" in client_ref_problem(value)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Smith 1990", "Smith"),
        ("J Smith 07", "Smith"),
        ("jane-smith-1990", "jane"),
        ("SmithJ1990", "Smith"),
        ("SMITH1990", "SMITH"),
        ("C-0042 Smith", "Smith"),
        ("Grace 7", "Grace"),
        ("GLA-0042 Smith", "Smith"),
        ("Smith GLA-0042", "Smith"),
        ("SMITH-0042", "SMITH"),
    ],
)
def test_a_name_with_digits_beside_it_is_refused_as_a_client_reference(value, name):
    problem = client_ref_problem(value)
    assert problem.startswith(f"Client reference: a word beside digits ('{name}') could be")
    assert "'Smith 1990'" in problem and "for example C-0142" in problem


@pytest.mark.parametrize(
    "value",
    [
        "C-0778",
        "C0142",
        "C-0042",
        "AC2024-017",
        "client 7",
        "client 17",
        "Patient 2024-17",
        "Case 12",
        "C-0042 visit 2",
        "K7Q2",
        "2026/A/14",
        "Client A",
        "AB-12",
        "GLA-0042",
        "LDN2024-017",
        "MAN_17",
    ],
)
def test_clinic_codes_stay_accepted(value):
    assert client_ref_problem(value) is None


@pytest.mark.parametrize(
    "note",
    ["Jane Smith DOB 12/03/1990", "d.o.b.: 1990", "born 12 March 1990", "date of birth 1.3.90"],
)
def test_a_date_of_birth_in_a_note_is_refused(note):
    problem = identifying_text_problem("Immediate reaction", note)
    assert problem.startswith("Immediate reaction: remove the date of birth")
    assert "age in years" in problem


@pytest.mark.parametrize("note", ["reviewed 12/03/2026, settled", "stubborn redness for 2 days"])
def test_a_note_with_an_ordinary_date_is_kept(note):
    assert identifying_text_problem("Immediate reaction", note) is None

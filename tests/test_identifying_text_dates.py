"""Dates in what a trainee or an instructor types: the date and time of a treatment or a
review in a note is kept (its digits are not a phone number), while a phone number, even
written with dots or dashes or beside a date, and a date of birth marked as one are
refused; and a client reference that is a name beside a year of birth is refused, while
the clinic's codes, dated ones too, are accepted. The library calls run on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
import yaml

from needlewise import clock, settings
from needlewise.certification import signoffs
from needlewise.logbook import entries
from needlewise.logbook.lists import LogbookLists
from needlewise.logbook.validation import (
    EntryInput,
    client_ref_problem,
    identifying_text_problem,
)

from .builders import ROOT, add_user, load_test_course

LISTS = LogbookLists.model_validate(
    yaml.safe_load((ROOT / "content" / "logbook.yaml").read_text(encoding="utf-8"))
)
REGIONS = {"cheeks": "Cheeks"}

TREATMENT_TIMES = [
    "Reviewed 2026-12-02 10:30, no erythema",
    "seen 02.12.2026 14:15, settled",
    "seen 02/12/2026 at 14:15",
    "Reviewed 2026-12-02T10:30:15",
    "2026-12-02 3 passes at 1.0 mm",
    "reviewed 2.12.26 09:05 settled",
    "12/31/2026 10:30 5 passes",
    # Depths by zone: a list of small measures, not a phone number.
    "0.5 0.5 1.0 1.0 1.5",
    "passes at 0.25, 0.5 and 1.0 mm; 1.5 on the cheeks 2.0 on scars",
]
PHONES = [
    "07700 900123",
    "+44 7700 900123",
    "(020) 7946 0958",
    "020-7946-0958",
    "7700.900.123",
    # Date-shaped pieces of a longer run of groups are not dates.
    "01.02.03.04.05",
    "0161.12.10.2026",
    "call 07700 900123 at 10:30",
    "Reviewed 2026-12-02, client on 07700 900123",
    # Not a calendar date, so its digits still count: 40.12.2026 5 has nine.
    "40.12.2026 5",
    # Groups of a phone number are longer than a measure's.
    "0.5 mm, then call 07700 900123",
    "07.700.900.123",
]


@pytest.mark.parametrize("note", TREATMENT_TIMES)
def test_the_date_and_time_of_a_treatment_in_a_note_is_kept(note):
    assert identifying_text_problem("Immediate reaction", note) is None
    assert identifying_text_problem("What you observed", note, kept_in="a sign-off note") is None


@pytest.mark.parametrize("note", PHONES)
def test_a_phone_number_in_a_note_is_refused_even_beside_or_shaped_like_a_date(note):
    assert identifying_text_problem("Aftercare given", note) == (
        "Aftercare given: remove the phone number; the logbook never stores contact details."
    )


@pytest.mark.parametrize("note", ["DOB 02/03/1990", "seen 2026-12-02 10:30, DOB 1990-03-02"])
def test_a_date_of_birth_marked_as_one_is_still_refused_in_a_note(note):
    problem = identifying_text_problem("Immediate reaction", note)
    assert problem.startswith("Immediate reaction: remove the date of birth")


def test_a_logbook_entry_with_the_time_of_its_follow_up_is_stored(engine):
    tess = add_user(engine, "tess")
    entry = EntryInput(
        treated_on=clock.now().date(),
        client_ref="C-0142",
        fitzpatrick=2,
        scar_types=["rolling"],
        grade="3",
        screening_outcome="treat",
        consent=True,
        consent_form_version="v3",
        areas={"cheeks": 0.5},
        passes=3,
        follow_up_48h="Reviewed 2026-12-02 10:30, no erythema",
    )
    entry_id = entries.record(engine, tess, entry, LISTS, REGIONS, settings.read_all(engine), {})
    stored = entries.get(engine, entry_id)
    assert stored.details["follow_up_48h"] == "Reviewed 2026-12-02 10:30, no erythema"


def test_a_sign_off_note_with_the_time_observed_is_kept(engine, tmp_path):
    course = load_test_course(tmp_path)
    tess = add_user(engine, "tess")
    ian = add_user(engine, "ian", roles=("instructor",))
    note = "Observed 02.12.2026 14:15: hands washed, depth set to 0.5 mm."
    signoffs.sign_off(engine, course.course, tess, "hygiene", clock.now(), note, ian)
    assert signoffs.active(engine, tess.id)["hygiene"].note == note


@pytest.mark.parametrize(
    ("value", "word", "year"),
    [
        ("KHAN1990", "KHAN", "1990"),
        ("Jo 1990", "Jo", "1990"),
        ("KHAN-1990", "KHAN", "1990"),
        ("jo1990", "jo", "1990"),
        ("1990 Jo", "Jo", "1990"),
        ("LI1985", "LI", "1985"),
        ("Ng_2001", "Ng", "2001"),
        ("C-0042 Jo 1990", "Jo", "1990"),
        ("Jo1990-017", "Jo", "1990"),
        # A site's capitals with a year but no client's number cannot be told from a name.
        ("GLA-1990", "GLA", "1990"),
        # A site's capitals stand joined to the year, as SITE_PREFIX reads them.
        ("AC 2024-017", "AC", "2024"),
    ],
)
def test_a_name_beside_a_year_of_birth_is_refused_as_a_client_reference(value, word, year):
    assert client_ref_problem(value) == (
        f"Client reference: '{word}' beside {year} could be a name with a year of birth, "
        "such as 'Khan 1990', 'KHAN1990' or 'Jo 1990', so it is not accepted. The logbook "
        "never stores client names or years of birth; use the clinic's pseudonymous code for "
        "the client (for example C-0142). A site's capitals may stand before a year only "
        "with the client's number after it (for example LDN2024-017)."
    )


@pytest.mark.parametrize(
    "value",
    [
        "CL2024-017",
        "LDN2024-017",
        "AC2024-017",
        "LDN-2024-017",
        "Patient 2024-17",
        "Client 1990",
        "C-1990",
        "C 1990",
        "2026/A/14",
        "GLA-0042",
        "MAN_17",
    ],
)
def test_dated_codes_and_single_letters_beside_a_year_stay_accepted(value):
    assert client_ref_problem(value) is None

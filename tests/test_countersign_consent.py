"""An entry that does not record the client's consent is returned, never countersigned,
whoever calls the library; and an instructor's sign-off note is screened for contact
details and dates of birth as the logbook's notes are. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import yaml

from needlewise import clock, settings
from needlewise.certification import signoffs
from needlewise.errors import SignOffError
from needlewise.logbook import LogbookError, entries
from needlewise.logbook.lists import LogbookLists
from needlewise.logbook.validation import EntryInput

from .builders import ROOT, add_user, load_test_course

LISTS = LogbookLists.model_validate(
    yaml.safe_load((ROOT / "content" / "logbook.yaml").read_text(encoding="utf-8"))
)
REGIONS = {"cheeks": "Cheeks", "periorbital": "Eyelids"}
EYELID_REASON = "because the device is not used inside the orbital rim"


def entry(**changes) -> EntryInput:
    values = {
        "treated_on": clock.now().date(),
        "client_ref": "C-0142",
        "fitzpatrick": 2,
        "scar_types": ["rolling"],
        "grade": "3",
        "screening_outcome": "treat",
        "consent": False,
        "areas": {"cheeks": 0.5},
        "passes": 4,
    }
    values.update(changes)
    return EntryInput(**values)


def record(engine, trainee, **changes) -> int:
    return entries.record(
        engine, trainee, entry(**changes), LISTS, REGIONS, settings.read_all(engine), {}
    )


@pytest.fixture
def people(engine):
    return {
        "tess": add_user(engine, "tess", name="Tess Trainee"),
        "ian": add_user(engine, "ian", roles=("instructor",), name="Ian Instructor"),
    }


def test_an_entry_without_consent_cannot_be_countersigned_and_says_what_to_do(engine, people):
    entry_id = record(engine, people["tess"])
    assert "Consent not recorded." in entries.get(engine, entry_id).flags
    with pytest.raises(LogbookError) as refused:
        entries.review(engine, entry_id, people["ian"], True, not_treated={})
    message = str(refused.value)
    assert f"Logbook entry {entry_id} does not record the client's consent" in message
    assert "cannot be countersigned" in message
    assert "Return it to the trainee" in message
    assert "tick 'Consent recorded', give the consent form version" in message
    stored = entries.get(engine, entry_id)
    assert (stored.status, stored.reviewed_by) == ("submitted", None)


def test_returned_to_record_consent_it_can_then_be_countersigned(engine, people):
    tess, ian = people["tess"], people["ian"]
    entry_id = record(engine, tess)
    entries.review(engine, entry_id, ian, False, "Record the consent form", not_treated={})
    assert entries.get(engine, entry_id).status == "returned"
    entries.edit(
        engine,
        tess,
        entry_id,
        entry(consent=True, consent_form_version="v3"),
        LISTS,
        REGIONS,
        settings.read_all(engine),
        {},
    )
    entries.review(engine, entry_id, ian, True, not_treated={})
    assert entries.get(engine, entry_id).status == "accepted"


def test_an_entry_with_consent_recorded_is_countersigned(engine, people):
    entry_id = record(engine, people["tess"], consent=True, consent_form_version="v3")
    assert entries.countersign_problems(entry_id, entries.get(engine, entry_id).details, {}) == []
    entries.review(engine, entry_id, people["ian"], True, not_treated={})
    assert entries.get(engine, entry_id).status == "accepted"


def test_every_reason_an_entry_cannot_be_countersigned_is_given_at_once(engine, people):
    # Stored as an entry was before the never-needled rule: no area is closed when saving.
    entry_id = record(engine, people["tess"], areas={"periorbital": 0.25})
    closed = {"periorbital": EYELID_REASON}
    with pytest.raises(LogbookError) as refused:
        entries.review(engine, entry_id, people["ian"], True, not_treated=closed)
    [eyelid, consent] = refused.value.problems
    assert "records an area the course never needles" in eyelid
    assert "does not record the client's consent" in consent
    entries.review(engine, entry_id, people["ian"], False, "Eyelid; no consent", not_treated=closed)
    assert entries.get(engine, entry_id).status == "returned"


def test_an_entry_stored_with_no_consent_field_is_not_countersigned():
    assert entries.consent_problem(7, {"areas": {"cheeks": 0.5}}) is not None
    assert entries.consent_problem(7, {"consent": True}) is None


@pytest.fixture
def course(tmp_path):
    return load_test_course(tmp_path)


@pytest.mark.parametrize(
    ("note", "says"),
    [
        ("Observed well; client on 07700 900123 for follow-up.", "remove the phone number"),
        ("Client jane.doe@example.com was happy.", "remove the e-mail address"),
        ("Client DOB 12/03/1990, treated with care.", "remove the date of birth"),
    ],
)
def test_a_sign_off_note_that_identifies_someone_is_refused(engine, course, note, says):
    tess = add_user(engine, "tess")
    ian = add_user(engine, "ian", roles=("instructor",))
    with pytest.raises(SignOffError) as refused:
        signoffs.sign_off(engine, course.course, tess, "hygiene", clock.now(), note, ian)
    assert str(refused.value).startswith(f"What you observed: {says}; a sign-off note never")
    assert signoffs.active(engine, tess.id) == {}


def test_a_long_plain_sign_off_note_is_kept(engine, course):
    tess = add_user(engine, "tess")
    ian = add_user(engine, "ian", roles=("instructor",))
    # Longer than a logbook note may be: the sign-off note keeps its own limit.
    note = "Washed hands, set the depth to 0.5 mm and checked the endpoint. " * 25
    assert len(note.strip()) > 1500
    signoffs.sign_off(engine, course.course, tess, "hygiene", clock.now(), note, ian)
    assert signoffs.active(engine, tess.id)["hygiene"].note == note.strip()

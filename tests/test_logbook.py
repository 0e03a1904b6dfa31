"""The supervised practice logbook's rules, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import yaml
from pypdf import PdfReader

from needlewise import audit, clock, settings
from needlewise.acting import Operator
from needlewise.certification import issuing
from needlewise.logbook import LogbookError, certification, entries, exports, retention
from needlewise.logbook.certification import progress
from needlewise.logbook.lists import LogbookLists
from needlewise.logbook.validation import EntryInput, client_ref_problem
from needlewise.store.schema import logbook_entries

from .builders import ROOT, add_user, load_test_course

LISTS = LogbookLists.model_validate(
    yaml.safe_load((ROOT / "content" / "logbook.yaml").read_text(encoding="utf-8"))
)
REGIONS = {"cheeks": "Cheeks", "forehead": "Forehead"}
# This course needles every region it names.
NOT_TREATED: dict[str, str] = {}


def entry(**changes) -> EntryInput:
    values = {
        "treated_on": clock.now().date(),
        "client_ref": "C-0142",
        "fitzpatrick": 2,
        "scar_types": ["rolling"],
        "grade": "3",
        "screening_outcome": "treat",
        "consent": True,
        "consent_form_version": "v3",
        "device": "Pen A",
        "cartridge_lot": "L123456789",
        "cartridge_expiry": clock.now().date() + timedelta(days=90),
        "areas": {"cheeks": 0.5},
        "passes": 4,
        "endpoint_seen": "pinpoint bleeding",
        "products": ["sterile-ha-glide"],
    }
    values.update(changes)
    return EntryInput(**values)


@pytest.fixture
def people(engine):
    return {
        "tess": add_user(engine, "tess", name="Tess Trainee"),
        "ian": add_user(engine, "ian", roles=("instructor",), name="Ian Instructor"),
        "ida": add_user(engine, "ida", roles=("instructor",), name="Ida Instructor"),
        "both": add_user(engine, "both", roles=("trainee", "instructor"), name="Bo Both"),
    }


def record(engine, trainee, **changes) -> int:
    return entries.record(
        engine, trainee, entry(**changes), LISTS, REGIONS, settings.read_all(engine), NOT_TREATED
    )


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("jane.doe@example.com", "e-mail address"),
        ("07700 900123", "phone number"),
        ("+44 (0)20 7946 0958", "phone number"),
        ("Jane Doe", "person's name"),
        ("", "give one"),
        ("C<script>", "letters, digits"),
    ],
)
def test_client_references_that_identify_someone_are_refused(value, says):
    assert says in client_ref_problem(value)


@pytest.mark.parametrize("value", ["C-0142", "client 7", "2026/A/14", "Client A"])
def test_pseudonymous_references_are_accepted(value):
    assert client_ref_problem(value) is None


def test_an_entry_deeper_than_the_clinic_limit_is_refused_with_the_limit_and_its_source(
    engine, people
):
    settings.save(
        engine, {"depth_limit_mm": 0.5, "jurisdiction": "England (VTCT)"}, Operator("admin")
    )
    with pytest.raises(LogbookError) as refused:
        record(engine, people["tess"], areas={"cheeks": 1.0, "forehead": 0.25})
    [problem] = refused.value.problems
    assert "Cheeks: 1 mm is deeper than the clinic's depth limit of 0.5 mm" in problem
    assert "England (VTCT)" in problem and "Settings" in problem
    assert entries.for_trainee(engine, people["tess"].id) == []


def test_every_problem_is_reported_at_once_and_nothing_is_saved(engine, people):
    with pytest.raises(LogbookError) as refused:
        record(
            engine,
            people["tess"],
            client_ref="jane@example.com",
            screening_outcome="never",
            passes=0,
            immediate_reaction="call her on 07700 900123",
        )
    text = " ".join(refused.value.problems)
    assert "e-mail address" in text and "'Never'" in text and "Passes" in text
    assert "Immediate reaction: remove the phone number" in text
    assert entries.for_trainee(engine, people["tess"].id) == []


def test_unlisted_and_forbidden_products_are_flagged_for_review(engine, people):
    entry_id = record(engine, people["tess"], other_products="Vitamin C serum", consent=False)
    saved = entries.get(engine, entry_id)
    assert any("forbids on open channels" in flag for flag in saved.flags)
    assert "Consent not recorded." in saved.flags


def test_a_supervisor_comment_cannot_carry_contact_details(engine, people):
    entry_id = record(engine, people["tess"])
    with pytest.raises(LogbookError, match="remove the e-mail address"):
        entries.review(
            engine,
            entry_id,
            people["ian"],
            accept=False,
            comment="ask j@x.org",
            not_treated=NOT_TREATED,
        )
    assert entries.get(engine, entry_id).status == "submitted"


def test_a_supervisor_cannot_countersign_their_own_entry(engine, people):
    entry_id = record(engine, people["both"])
    with pytest.raises(LogbookError, match="cannot countersign your own"):
        entries.review(engine, entry_id, people["both"], accept=True, not_treated=NOT_TREATED)
    assert entries.get(engine, entry_id).status == "submitted"


def test_an_accepted_entry_is_read_only_and_every_change_is_audited(engine, people):
    tess, ian = people["tess"], people["ian"]
    entry_id = record(engine, tess)
    with pytest.raises(LogbookError, match="reason for returning"):
        entries.review(engine, entry_id, ian, accept=False, comment="", not_treated=NOT_TREATED)
    entries.review(
        engine,
        entry_id,
        ian,
        accept=False,
        comment="Add the cartridge expiry",
        not_treated=NOT_TREATED,
    )
    assert entries.get(engine, entry_id).status == "returned"
    entries.edit(
        engine,
        tess,
        entry_id,
        entry(passes=3),
        LISTS,
        REGIONS,
        settings.read_all(engine),
        NOT_TREATED,
    )
    assert entries.get(engine, entry_id).status == "submitted"
    entries.review(
        engine, entry_id, ian, accept=True, comment="Good technique", not_treated=NOT_TREATED
    )
    accepted = entries.get(engine, entry_id)
    assert accepted.status == "accepted" and accepted.reviewer_name == "Ian Instructor"
    with pytest.raises(LogbookError, match="read-only"):
        entries.edit(
            engine, tess, entry_id, entry(), LISTS, REGIONS, settings.read_all(engine), NOT_TREATED
        )
    with pytest.raises(LogbookError, match="read-only"):
        entries.review(
            engine,
            entry_id,
            people["ida"],
            accept=False,
            comment="second thoughts",
            not_treated=NOT_TREATED,
        )
    actions = [e.action for e in audit.entries(engine, person="tess") if "logbook" in e.action]
    assert actions == [
        "logbook_entry_accepted",
        "logbook_entry_edited",
        "logbook_entry_returned",
        "logbook_entry_recorded",
    ]
    assert all(audit.label(a) != a.replace("_", " ").capitalize() for a in actions)


def test_a_trainee_cannot_edit_someone_elses_entry(engine, people):
    entry_id = record(engine, people["tess"])
    other = add_user(engine, "tom")
    with pytest.raises(LogbookError, match="only edit your own"):
        entries.edit(
            engine, other, entry_id, entry(), LISTS, REGIONS, settings.read_all(engine), NOT_TREATED
        )


def test_certification_counts_countersigned_treatments_and_the_optional_conditions(engine, people):
    tess, ian = people["tess"], people["ian"]
    settings.save(
        engine,
        {
            "logbook_required_treatments": 2,
            "logbook_require_dark_skin": True,
            "logbook_require_follow_up": True,
        },
        Operator("admin"),
    )
    first = record(engine, tess, fitzpatrick=2)
    record(engine, tess, fitzpatrick=5)  # not countersigned: does not count
    entries.review(engine, first, ian, accept=True, not_treated=NOT_TREATED)
    found = progress(engine, tess.id, settings.read_all(engine))
    assert (found.accepted, found.required) == (1, 2)
    assert len(found.missing) == 3 and not found.met
    second = record(engine, tess, fitzpatrick=5, follow_up_48h="settled, mild redness")
    entries.review(engine, second, people["ida"], accept=True, not_treated=NOT_TREATED)
    found = progress(engine, tess.id, settings.read_all(engine))
    assert found.met and found.supervisors == ("Ian Instructor", "Ida Instructor")


def test_the_certificate_waits_for_the_logbook_when_the_clinic_turns_it_on(
    engine, people, tmp_path
):
    content = load_test_course(tmp_path)
    tess = people["tess"]
    before = issuing.trainee_completion(engine, content, tess)
    assert not any("logbook" in item for item in before.missing)
    settings.save(engine, {"logbook_for_certificate": True}, Operator("admin"))
    after = issuing.trainee_completion(engine, content, tess)
    assert "Have 5 more supervised treatments countersigned in your logbook (0 of 5)" in (
        after.missing
    )


def test_retention_anonymises_old_entries_and_is_audited(engine, people):
    tess = people["tess"]
    old = record(engine, tess, treated_on=clock.now().date() - timedelta(days=400))
    recent = record(engine, tess)
    settings.save(engine, {"logbook_retention_months": 12}, Operator("admin"))
    assert retention.apply(engine, settings.read_all(engine), Operator("admin")) == 1
    anonymised = entries.get(engine, old)
    assert anonymised.client_ref == "anonymised" and anonymised.treated_on.day == 1
    assert anonymised.details["device"] == "" and anonymised.details["areas"] == {"cheeks": 0.5}
    assert entries.get(engine, recent).client_ref == "C-0142"
    [logged] = audit.entries(engine, actions=["logbook_retention_applied"])
    assert "1 entry older than 12 months anonymised" in logged.detail
    settings.save(engine, {"logbook_retention_action": "delete"}, Operator("admin"))
    assert retention.apply(engine, settings.read_all(engine), Operator("admin")) == 1
    with engine.connect() as connection:
        assert connection.execute(logbook_entries.select()).all() != []
    assert [e.id for e in entries.for_trainee(engine, tess.id)] == [recent]


def test_entries_survive_reopening_the_store(store_url, tmp_path):
    from needlewise.store import open_store

    engine = open_store(store_url)
    tess = add_user(engine, "tess")
    entry_id = record(engine, tess)
    engine.dispose()
    again = open_store(store_url)
    assert entries.get(again, entry_id).details["areas"] == {"cheeks": 0.5}


def test_the_logbook_pdf_reads_back_with_count_supervisors_and_entries(engine, people):
    tess = people["tess"]
    entry_id = record(engine, tess, client_ref="C-0777")
    entries.review(
        engine, entry_id, people["ian"], accept=True, comment="Well done", not_treated=NOT_TREATED
    )
    record(engine, tess, client_ref="C-0778")
    found = entries.for_trainee(engine, tess.id)
    data = exports.logbook_pdf(
        "Tess Trainee",
        "Test clinic",
        found,
        progress(engine, tess.id, settings.read_all(engine)),
        LISTS,
        REGIONS,
        clock.now(),
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Supervised practice logbook" in text and "Tess Trainee" in text
    # The clinic does not count treatments toward the certificate: no number is required.
    assert "Countersigned treatments: 1. Supervisors" in text
    assert "required" not in text and "requires" not in text
    assert "Supervisors: Ian Instructor" in text
    assert "C-0777" in text and "C-0778" in text and "Cheeks 0.5 mm" in text
    table = exports.rows(found, LISTS, REGIONS)
    assert list(table["status"]) == ["countersigned", "waiting"]
    assert b"C-0778" in exports.to_csv(table)
    assert exports.to_xlsx(table)[:2] == b"PK"


def test_the_logbook_pdf_names_the_clinics_number_only_when_the_certificate_requires_it(
    engine, people
):
    tess = people["tess"]
    entries.review(
        engine, record(engine, tess), people["ian"], accept=True, not_treated=NOT_TREATED
    )

    def pdf_text() -> str:
        data = exports.logbook_pdf(
            "Tess Trainee",
            "Test clinic",
            entries.for_trainee(engine, tess.id),
            progress(engine, tess.id, settings.read_all(engine)),
            LISTS,
            REGIONS,
            clock.now(),
        )
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)

    settings.save(engine, {"logbook_required_treatments": 3}, Operator("admin"))
    text = pdf_text()
    assert "Countersigned treatments: 1. Supervisors: Ian Instructor." in text
    assert "require" not in text
    settings.save(engine, {"logbook_for_certificate": True}, Operator("admin"))
    assert "Countersigned treatments: 1 (the certificate requires 3)." in pdf_text()


def test_the_certificate_pdf_lists_the_logbook_count_and_supervisors(engine, people, tmp_path):
    from needlewise.certification import pdf, records

    tess = people["tess"]
    entry_id = record(engine, tess)
    entries.review(engine, entry_id, people["ian"], accept=True, not_treated=NOT_TREATED)
    content = load_test_course(tmp_path)
    snapshot = issuing.snapshot(engine, content, tess, settings.read_all(engine))
    assert snapshot["logbook"] == {"countersigned": 1, "supervisors": ["Ian Instructor"]}
    issued = records.issue(engine, tess, snapshot, clock.now(), 12)
    data = pdf.render(issued, "http://x/verify?code=1")
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "practice logbook: 1, by Ian Instructor" in text


def test_the_shipped_logbook_lists_cite_lessons_of_the_course():
    from needlewise.content import load_content

    content = load_content(ROOT / "content", ROOT / "quizzes", base=ROOT)
    assert content.logbook is not None
    assert not [p for p in content.problems if "logbook.yaml" in p.path]
    assert {o.id for o in content.logbook.screening_outcomes} == {
        "treat",
        "treat-with-precautions",
        "postpone",
        "refer",
        "never",
    }
    forbidden = {f.id for f in content.logbook.products_forbidden}
    assert "vitamin-c" in forbidden
    assert not {p.id for p in content.logbook.products_allowed} & forbidden


def test_logbook_settings_are_checked_and_named_in_the_message():
    with pytest.raises(settings.SettingsError) as refused:
        settings.check(
            {
                "logbook_required_treatments": 0,
                "logbook_retention_months": 700,
                "logbook_retention_action": "shred",
            }
        )
    text = str(refused.value)
    assert "Countersigned treatments required: 0 treatments is outside 1 to 200" in text
    assert "Logbook retention: 700 months" in text and "'shred'" in text
    assert settings.check({"logbook_retention_months": 0}) == {"logbook_retention_months": None}


def test_the_gradebook_rows_show_each_trainees_logbook(engine, people):
    tess, ian = people["tess"], people["ian"]
    first = record(engine, tess)
    record(engine, tess)
    entries.review(engine, first, ian, accept=True, not_treated=NOT_TREATED)
    [row] = certification.cohort_rows(
        engine, [(tess.id, "Tess Trainee")], settings.read_all(engine)
    )
    assert row["Countersigned"] == "1 countersigned" and row["Waiting"] == 1
    assert row["Still missing"] == "not required"
    settings.save(engine, {"logbook_for_certificate": True}, Operator("admin"))
    [row] = certification.cohort_rows(
        engine, [(tess.id, "Tess Trainee")], settings.read_all(engine)
    )
    assert "4 more supervised treatments" in row["Still missing"]
    assert row["Countersigned"] == "1 of 5 countersigned"

"""Quizzes written in the app: versions, checks before publishing, the id rule, placing
them in the course, export and import, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import base64

import pytest

from needlewise import attempts, audit, clock, quiz_bank, quiz_placement
from needlewise.errors import NotAllowed
from needlewise.gradebook import overview
from needlewise.progress import course_status
from needlewise.quiz.loading import parse_quiz
from needlewise.quiz_bank import BankError
from needlewise.quiz_versions import quiz_of
from tests.builders import PICTURE_PNG, Person, add_user, load_test_course, moodle_with_a_picture

IAN = Person("ian", ("instructor",))
ADMIN = {"actor": Person("ada", ("admin",)), "instructors_publish": False}


def bank_quiz(quiz_id: str = "c-extra", objective: str = "a.one") -> str:
    return quiz_bank.template(quiz_id, "Extra practice", "a", objective)


@pytest.fixture
def content(tmp_path):
    return load_test_course(tmp_path)


def file_ids(content) -> set[str]:
    return set(content.quizzes)


def test_the_template_checks_clean_and_a_bad_objective_is_pinned_to_its_line(content):
    assert quiz_bank.check_text(content, "c-extra", bank_quiz(), "db/c-extra@v1") == []
    text = bank_quiz(objective="a.nope")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "a.nope" in row)
    problems = quiz_bank.check_text(content, "c-extra", text, "db/c-extra@v1")
    assert [(p.line, p.message) for p in problems] == [(line, "unknown objective 'a.nope'")]


def test_the_template_keeps_any_title_as_written(content):
    title = 'Skin "layers" \\ depth: 1.5 mm'
    text = quiz_bank.template("c-extra", title, "a", "a.one")
    assert quiz_bank.check_text(content, "c-extra", text, "db/c-extra@v1") == []
    loaded, _ = parse_quiz(text.encode(), "db/c-extra@v1")
    assert loaded.quiz.title == title


def test_every_save_is_a_new_draft_version_with_its_author_in_the_audit_log(engine, content):
    first = quiz_bank.save_draft(
        engine, "c-extra", bank_quiz(), author=IAN, file_ids=file_ids(content)
    )
    again = quiz_bank.save_draft(
        engine, "c-extra", bank_quiz(), author=IAN, file_ids=file_ids(content)
    )
    second = quiz_bank.save_draft(
        engine, "c-extra", bank_quiz() + "# edited\n", author=IAN, file_ids=file_ids(content)
    )
    assert (first.number, again.number, second.number) == (1, 1, 2)
    assert [v.state for v in quiz_bank.versions(engine, "c-extra")] == ["draft", "draft"]
    assert "+# edited" in quiz_bank.diff(first, second)
    logged = audit.entries(engine, actions=["quiz_draft_saved"])
    assert [(e.actor, e.target, e.detail) for e in logged] == [
        ("ian", "c-extra", "version 2"),
        ("ian", "c-extra", "version 1"),
    ]


def test_a_file_quiz_id_cannot_be_taken_by_a_bank_quiz(engine, content):
    with pytest.raises(BankError, match="used by a file under quizzes/"):
        quiz_bank.save_draft(
            engine, "a-quiz", bank_quiz("a-quiz"), author=IAN, file_ids=file_ids(content)
        )
    with pytest.raises(BankError, match="cannot be a quiz id"):
        quiz_bank.save_draft(engine, "my quiz!", bank_quiz(), author=IAN, file_ids=set())
    assert quiz_bank.quiz_ids(engine) == []


def test_publishing_needs_a_clean_check_and_the_right_role(engine, content):
    bad = quiz_bank.save_draft(
        engine, "c-extra", bank_quiz(objective="a.nope"), author=IAN, file_ids=set()
    )
    with pytest.raises(BankError) as refused:
        quiz_bank.publish(engine, content, "c-extra", bad.number, **ADMIN)
    assert [p.message for p in refused.value.problems] == ["unknown objective 'a.nope'"]
    good = quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=IAN, file_ids=set())
    instructor = {"actor": IAN}
    with pytest.raises(BankError, match="only an admin"):
        quiz_bank.publish(
            engine, content, "c-extra", good.number, **instructor, instructors_publish=False
        )
    quiz_bank.publish(
        engine, content, "c-extra", good.number, **instructor, instructors_publish=True
    )
    assert [v.state for v in quiz_bank.versions(engine, "c-extra")] == ["published", "draft"]


def test_a_question_not_yet_mapped_to_an_objective_is_a_warning_that_blocks_publishing(
    engine, content
):
    # As an imported file leaves it: the check warns, so the file still checks clean.
    text = bank_quiz(objective="unassigned")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "unassigned" in row)
    problems = quiz_bank.check_text(content, "c-extra", text, "db/c-extra@v1")
    assert [(p.line, p.warning) for p in problems] == [(line, True)]
    assert "not yet mapped to a learning objective" in problems[0].message
    draft = quiz_bank.save_draft(engine, "c-extra", text, author=IAN, file_ids=set())
    with pytest.raises(BankError) as refused:
        quiz_bank.publish(engine, content, "c-extra", draft.number, **ADMIN)
    assert refused.value.problems == problems
    assert [v.state for v in quiz_bank.versions(engine, "c-extra")] == ["draft"]
    mapped = quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=IAN, file_ids=set())
    quiz_bank.publish(engine, content, "c-extra", mapped.number, **ADMIN)
    assert [v.state for v in quiz_bank.versions(engine, "c-extra")] == ["published", "draft"]


def test_publishing_a_new_version_retires_the_old_one(engine, content):
    one = quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=IAN, file_ids=set())
    quiz_bank.publish(engine, content, "c-extra", one.number, **ADMIN)
    two = quiz_bank.save_draft(
        engine, "c-extra", bank_quiz() + "# two\n", author=IAN, file_ids=set()
    )
    quiz_bank.publish(engine, content, "c-extra", two.number, **ADMIN)
    assert [v.state for v in quiz_bank.versions(engine, "c-extra")] == ["published", "retired"]
    quiz_bank.retire(engine, "c-extra", **ADMIN)
    assert [v.state for v in quiz_bank.versions(engine, "c-extra")] == ["retired", "retired"]
    assert [
        e.action for e in audit.entries(engine, actions=["quiz_published", "quiz_retired"])
    ] == [
        "quiz_retired",
        "quiz_published",
        "quiz_published",
    ]


def test_load_version_gives_what_the_file_loader_gives(engine, content):
    quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=IAN, file_ids=set())
    quiz_bank.save_draft(
        engine,
        "c-extra",
        bank_quiz().replace("Extra practice", "Renamed"),
        author=IAN,
        file_ids=set(),
    )
    newest = quiz_bank.load_version(engine, "c-extra")
    first = quiz_bank.load_version(engine, "c-extra", 1)
    assert type(newest) is type(content.quizzes["a-quiz"])
    assert (newest.quiz.title, first.quiz.title) == ("Renamed", "Extra practice")
    assert newest.version != first.version
    with pytest.raises(BankError, match="has no version 9"):
        quiz_bank.load_version(engine, "c-extra", 9)


def test_trainees_get_only_published_placed_quizzes_and_keep_their_version(engine, content):
    trainee = add_user(engine, "tess")
    draft = quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=IAN, file_ids=set())
    assert "c-extra" not in quiz_placement.with_bank(content, engine).quizzes
    quiz_bank.publish(engine, content, "c-extra", draft.number, **ADMIN)
    quiz_placement.place(engine, content, "c-extra", "a", "practice", **ADMIN)
    served = quiz_placement.with_bank(content, engine)
    assert served.practice == {"a": ["c-extra"]}
    status = course_status(engine, served, trainee.id)
    assert status.quiz("c-extra").open and not status.module("a").complete
    attempt = attempts.start_or_resume(engine, trainee.id, served.quizzes["c-extra"], 80)
    attempts.submit(engine, attempt.id, trainee.id)
    newer = quiz_bank.save_draft(
        engine,
        "c-extra",
        bank_quiz().replace("Extra practice", "Newer"),
        author=IAN,
        file_ids=set(),
    )
    quiz_bank.publish(engine, content, "c-extra", newer.number, **ADMIN)
    again = quiz_placement.with_bank(content, engine)
    assert again.quizzes["c-extra"].quiz.title == "Newer"
    kept = attempts.get(engine, attempt.id)
    assert quiz_of(engine, kept).title == "Extra practice"
    table = overview(engine, again, None, clock.now(), 14, 70).table
    assert "c-extra" in table.columns


def test_prerequisites_still_lock_a_practice_quiz(engine, content):
    trainee = add_user(engine, "tess")
    draft = quiz_bank.save_draft(
        engine,
        "c-extra",
        quiz_bank.template("c-extra", "B practice", "b", "b.one"),
        author=IAN,
        file_ids=set(),
    )
    quiz_bank.publish(engine, content, "c-extra", draft.number, **ADMIN)
    quiz_placement.place(engine, content, "c-extra", "b", "practice", **ADMIN)
    served = quiz_placement.with_bank(content, engine)
    status = course_status(engine, served, trainee.id).quiz("c-extra")
    assert not status.open and "Module A" in status.locked_reason


def test_a_module_with_a_file_quiz_takes_a_bank_quiz_only_as_practice(engine, content):
    draft = quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=IAN, file_ids=set())
    quiz_bank.publish(engine, content, "c-extra", draft.number, **ADMIN)
    with pytest.raises(BankError, match="already has the quiz 'a-quiz'"):
        quiz_placement.place(engine, content, "c-extra", "a", "module", **ADMIN)


def test_a_module_without_a_quiz_gets_the_bank_quiz_as_its_gate(engine, tmp_path):
    content = load_test_course(tmp_path)
    course = content.course.model_copy(
        update={
            "modules": [
                m.model_copy(update={"quiz": None}) if m.id == "a" else m
                for m in content.course.modules
            ]
        }
    )
    content.course = course
    trainee = add_user(engine, "tess")
    draft = quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=IAN, file_ids=set())
    quiz_bank.publish(engine, content, "c-extra", draft.number, **ADMIN)
    quiz_placement.place(engine, content, "c-extra", "a", "module", **ADMIN)
    served = quiz_placement.with_bank(content, engine)
    assert served.course.module("a").quiz == "c-extra"
    assert not course_status(engine, served, trainee.id).module("b").unlocked


def test_when_a_file_arrives_with_a_bank_quiz_id_the_file_wins(engine, content):
    draft = quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=IAN, file_ids=set())
    quiz_bank.publish(engine, content, "c-extra", draft.number, **ADMIN)
    file_quiz = content.quizzes["b-quiz"]
    content.quizzes["c-extra"] = file_quiz
    served = quiz_placement.with_bank(content, engine)
    assert served.quizzes["c-extra"] is file_quiz
    assert any(
        p.path == "db/c-extra@v1" and "the file is served" in p.message for p in served.problems
    )


def test_a_published_quiz_that_stops_checking_clean_is_not_served(engine, content):
    draft = quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=IAN, file_ids=set())
    quiz_bank.publish(engine, content, "c-extra", draft.number, **ADMIN)
    course = content.course.model_copy(
        update={
            "modules": [
                m.model_copy(update={"objectives": m.objectives[1:]}) if m.id == "a" else m
                for m in content.course.modules
            ]
        }
    )
    content.course = course
    served = quiz_bank.check_text(content, "c-extra", draft.yaml, draft.display)
    assert "unknown objective 'a.one'" in [p.message for p in served]
    assert "c-extra" not in quiz_placement.with_bank(content, engine).quizzes


def test_moodle_xml_imports_as_a_draft_with_its_images_and_exports_them_again(engine):
    raw = moodle_with_a_picture().encode()
    saved, _ = quiz_bank.import_draft(
        engine, raw, "moodle-xml", filename="pics.xml", author=IAN, file_ids=set(), quiz_id="pics"
    )
    assert (saved.quiz_id, saved.state, saved.number) == ("pics", "draft", 1)
    assert quiz_bank.files(engine, "pics") == {"skin.png": PICTURE_PNG}
    assert "skin.png" in saved.yaml
    exported = quiz_bank.export(engine, "pics", "moodle-xml")
    assert base64.b64encode(PICTURE_PNG).decode() in exported.text
    assert quiz_bank.export(engine, "pics", "yaml").text == saved.yaml
    assert "Is this skin?" in quiz_bank.export(engine, "pics", "gift").text
    with pytest.raises(BankError, match="already in the database"):
        quiz_bank.import_draft(
            engine,
            raw,
            "moodle-xml",
            filename="pics.xml",
            author=IAN,
            file_ids=set(),
            quiz_id="pics",
        )


def test_only_teachers_write_quizzes(engine):
    with pytest.raises(NotAllowed, match="Only an instructor or an administrator can write"):
        quiz_bank.save_draft(engine, "c-extra", bank_quiz(), author=Person("tess"), file_ids=set())
    assert quiz_bank.versions(engine, "c-extra") == []

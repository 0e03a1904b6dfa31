"""The Quiz studio's editor section, driven by widget keys (fast logic checks; the browser
test in test_browser_quiz_studio.py is the real one)."""

from __future__ import annotations

from needlewise import quiz_bank, settings
from needlewise.store import open_store

from .builders import Person, add_user, make_app, sign_in_as, texts
from .studio_driving import editor_buttons, press


def draft_extra(engine, author) -> None:
    """A draft quiz "m7-extra" from the studio's template, as ``author`` saved it."""
    quiz_bank.save_draft(
        engine,
        "m7-extra",
        quiz_bank.template("m7-extra", "Extra practice", "m1", "m1.skin-structure"),
        author=author,
        file_ids=set(),
    )


def test_an_instructor_starts_a_quiz_from_the_template_but_may_not_publish_it(
    monkeypatch, sqlite_url
):
    engine = open_store(sqlite_url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), instructor)
    at.switch_page("views/studio.py").run()
    assert not at.exception
    at.text_input(key="studio_new_id").input("m7-extra")
    at.text_input(key="studio_new_title").input("Extra practice")
    at.button(key="FormSubmitter:studio_new_form-Create the draft").click().run()
    assert not at.exception, at.exception
    (draft,) = quiz_bank.versions(engine, "m7-extra")
    assert (draft.state, draft.author) == ("draft", "ian")
    assert "Check: no problems." in texts(at)
    assert "Newest version: v1 (draft, by ian). No version is published." in texts(at)
    assert editor_buttons(at) == ["Save draft"]
    assert "Only admins publish, unless an admin lets instructors" in texts(at)
    previews = [
        link.proto.query_string
        for link in at.get("page_link")
        if link.proto.label == "Preview as a trainee"
    ]
    assert previews == ["quiz=m7-extra&version=1"]


def test_an_admin_publishes_and_places_a_quiz_that_trainees_then_see(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    admin = add_user(engine, "ada", roles=("admin",))
    trainee = add_user(engine, "tess")
    draft_extra(engine, admin)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), admin)
    at.switch_page("views/studio.py").run()
    at.selectbox(key="studio_bank_quiz").select("m7-extra").run()
    press(at, "Save and publish")
    assert not at.exception, at.exception
    assert [v.state for v in quiz_bank.versions(engine, "m7-extra")] == ["published"]
    at.selectbox(key="studio_place_module").select("m1").run()
    at.radio(key="studio_place_kind").set_value("practice").run()
    at.button(key="studio_place").click().run()
    assert not at.exception, at.exception
    assert "is now in module m1 as an extra practice quiz" in texts(at)

    learner = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    learner.switch_page("views/course.py").run()
    assert not learner.exception
    links = [link.proto.label for link in learner.get("page_link")]
    assert "Practice: Extra practice" in links
    assert settings.read_all(engine).instructors_publish is False


def test_an_admin_lets_instructors_publish_in_settings(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    admin = add_user(engine, "ada", roles=("admin",))
    instructor = add_user(engine, "ian", roles=("instructor",))
    draft_extra(engine, Person("ian", ("instructor",)))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), admin)
    at.switch_page("views/settings.py").run()
    at.checkbox(key="set_instructors_publish").check()
    at.button(key="FormSubmitter:clinic_settings-Save settings").click().run()
    assert not at.exception, at.exception
    assert settings.read_all(engine).instructors_publish is True

    teacher = sign_in_as(make_app(monkeypatch, sqlite_url), instructor)
    teacher.switch_page("views/studio.py").run()
    teacher.selectbox(key="studio_bank_quiz").select("m7-extra").run()
    assert editor_buttons(teacher) == ["Save draft", "Save and publish"]
    press(teacher, "Save and publish")
    assert not teacher.exception, teacher.exception
    assert [v.state for v in quiz_bank.versions(engine, "m7-extra")] == ["published"]


def test_a_trainee_never_gets_a_draft_even_by_its_address(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    draft_extra(engine, Person("ian", ("instructor",)))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.switch_page("views/quiz.py")
    at.query_params["id"] = "m7-extra"
    at.run()
    assert not at.exception
    assert "There is no quiz 'm7-extra'." in texts(at)


def test_a_draft_with_a_question_not_yet_mapped_to_an_objective_cannot_be_published(
    monkeypatch, sqlite_url
):
    engine = open_store(sqlite_url)
    admin = add_user(engine, "ada", roles=("admin",))
    quiz_bank.save_draft(
        engine,
        "m7-extra",
        quiz_bank.template("m7-extra", "Extra practice", "m1", "unassigned"),
        author=admin,
        file_ids=set(),
    )
    at = sign_in_as(make_app(monkeypatch, sqlite_url), admin)
    at.switch_page("views/studio.py").run()
    at.selectbox(key="studio_bank_quiz").select("m7-extra").run()
    assert not at.exception, at.exception
    # A warning to check, though it stops publishing: counted as a warning, not a problem.
    assert [w.value for w in at.warning if w.value.startswith("Check:")] == [
        "Check: 1 warning to fix before publishing: `python -m needlewise check` passes a "
        "file with a question not yet mapped to a learning objective, but it cannot be "
        "published."
    ]
    assert not [e for e in at.error if e.value.startswith("Check:")]
    assert any("not yet mapped to a learning objective" in c.value for c in at.code)
    press(at, "Save and publish")
    assert "Not published: version 1 of 'm7-extra' has 1 problem to fix" in texts(at)
    assert [v.state for v in quiz_bank.versions(engine, "m7-extra")] == ["draft"]

"""Page logic of issue 12's polish in AppTest: settings, item review, gradebook, audit log,
names, rounding and time zones as the pages show them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from needlewise import attempts, clock, settings
from needlewise.access import SIGNED_IN
from needlewise.attempts import start_or_resume
from needlewise.store import open_store

from .builders import add_user, make_app, open_tab, sign_in_as, texts, write_course

THREE_QUESTIONS = """\
id: a-quiz
title: Module A quiz
module: a
questions:
  - id: a-one
    type: single
    prompt: Which needle length is the practice limit in this clinic?
    objectives: [a.two]
    options:
      - {text: The one in Settings, correct: true}
      - {text: The deepest on the chart}
  - id: a-two
    type: true_false
    prompt: Collagen induction takes months.
    objectives: [a.two]
    answer: true
  - id: a-three
    type: true_false
    prompt: Results are judged on the day.
    objectives: [a.two]
    answer: false
"""


@pytest.fixture
def site(tmp_path, monkeypatch):
    content_dir, quizzes_dir = write_course(tmp_path)
    (quizzes_dir / "a-quiz.yaml").write_text(THREE_QUESTIONS)
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    admin = add_user(engine, "ada", roles=("admin", "instructor"), name="Ada Admin")

    def app(user=admin):
        return sign_in_as(make_app(monkeypatch, url, content_dir, quizzes_dir), user)

    yield engine, admin, app
    engine.dispose()


def take(engine, user, content_quiz, answers):
    attempt = start_or_resume(engine, user.id, content_quiz, 50)
    attempts.save_many(engine, attempt.id, user.id, answers)
    return attempts.submit(engine, attempt.id, user.id)


def content_of(at):
    from needlewise.ui import context

    return at.session_state[context._CONTEXT].content


def test_an_out_of_range_depth_is_refused_with_its_reason_and_nothing_is_saved(site):
    engine, _, app = site
    at = app()
    at.switch_page("views/settings.py").run()
    at.text_input(key="set_clinic_name").input("Bright Skin Clinic")
    at.number_input(key="set_depth_limit").set_value(25.0)
    at.button[0].click().run()  # the form's only button: Save settings
    assert not at.exception
    shown = texts(at)
    assert "Nothing was saved" in shown and "25 mm is outside" in shown
    assert "Settings saved." not in shown
    kept = settings.read_all(engine)
    assert kept.depth_limit_mm == 0.5 and kept.clinic_name == "NeedleWise training"
    # What was typed is still there to correct.
    assert at.text_input(key="set_clinic_name").value == "Bright Skin Clinic"


def test_a_saved_message_is_shown_once_on_its_page_and_nowhere_else(site):
    engine, _, app = site
    at = app()
    at.switch_page("views/settings.py").run()
    at.number_input(key="set_depth_limit").set_value(1.0)
    at.button[0].click().run()
    assert "Settings saved." in texts(at)
    assert settings.read_all(engine).depth_limit_mm == 1.0
    at.switch_page("views/groups.py").run()  # a page that shows its own messages
    assert "Settings saved." not in texts(at)
    at.switch_page("views/settings.py").run()
    assert "Settings saved." not in texts(at)


def test_settings_offer_a_placeholder_a_time_zone_and_one_logo_limit(site):
    _, _, app = site
    at = app()
    at.switch_page("views/settings.py").run()
    jurisdiction = at.text_input(key="set_jurisdiction")
    assert jurisdiction.value == "" and jurisdiction.placeholder.startswith("e.g.")
    at.text_input(key="set_time_zone").input("Mars/Olympus")
    at.button[0].click().run()
    assert "is not a time zone name" in texts(at)
    [uploader] = at.get("file_uploader")
    assert "up to 1 MB" in uploader.proto.label
    assert uploader.proto.max_upload_size_mb == 1


def test_the_menu_says_gradebook_and_groups(site):
    titles = {spec.path: spec.title for spec in SIGNED_IN}
    assert titles["views/gradebook.py"] == "Gradebook"
    assert titles["views/groups.py"] == "Groups"
    _, _, app = site
    at = app().run()  # a page with its own address is found once navigation has run
    at.switch_page("views/gradebook.py").run()
    assert not at.exception
    # No trainees yet: the page says where they come from.
    assert "People page" in texts(at)
    assert any("people" in link.proto.page for link in at.get("page_link"))


def test_item_analysis_gives_no_verdicts_below_thirty_attempts_and_a_ranked_list_above(site):
    engine, _, app = site
    at = app()
    quiz = content_of(at.switch_page("views/course.py").run()).quizzes["a-quiz"]
    right = {"a-one": {"choice": 0}, "a-two": {"value": True}, "a-three": {"value": False}}
    for index in range(29):
        trainee = add_user(engine, f"t{index:02d}")
        answers = dict(right)
        if index % 2:
            answers["a-one"] = {"choice": 1}
            answers["a-three"] = {"value": True}
        take(engine, trainee, quiz, answers)
    at.switch_page("views/item_analysis.py").run()
    assert not at.exception
    shown = texts(at)
    assert "29 attempts these numbers are not yet meaningful" in shown
    assert "at least 30 attempts" in shown
    assert "What to look at first" not in shown
    assert not at.warning
    take(engine, add_user(engine, "t29"), quiz, right)
    at.run()
    shown = texts(at)
    assert "not yet meaningful" not in shown
    assert "What to look at first" in shown
    ranked = next(m.value for m in at.markdown if m.value.startswith("1. "))
    # a-two: everyone right (too easy); it is named by its text, with its id beside it.
    lines = ranked.splitlines()
    # Worst first: answers no better than guessing, then an easy question with a dead option;
    # each named by its text, with its id beside it.
    assert [line.split("`")[1] for line in lines] == ["a-one", "a-three", "a-two"]
    assert lines[0].startswith(
        "1. **Which needle length is the practice limit in this clinic?** (`a-one`): "
        "scores no better than guessing."
    )
    assert lines[2].startswith(
        "3. **Collagen induction takes months.** (`a-two`): nobody chose 'False'; "
        "too easy (100% facility)."
    )
    open_tab(at, "items_tab", "Questions")
    questions = at.dataframe[0].value
    assert list(questions.columns[:2]) == ["Question", "Id"]
    assert "Which needle length is the practice limit in this clinic?" in set(questions["Question"])
    open_tab(at, "items_tab", "Distractor analysis")
    at.selectbox(key="items_distractor").set_value("a-one").run()
    responses = set(at.dataframe[0].value["response"])
    assert responses == {"A: The one in Settings", "B: The deepest on the chart"}


def test_gradebook_and_trainee_show_the_same_grade(site):
    engine, _, app = site
    trainee = add_user(engine, "tess", name="Tess Trainee")
    at = app()
    quiz = content_of(at.switch_page("views/course.py").run()).quizzes["a-quiz"]
    take(  # 2 of 3 points: 66.666...%
        engine,
        trainee,
        quiz,
        {"a-one": {"choice": 0}, "a-two": {"value": True}, "a-three": {"value": True}},
    )
    at.switch_page("views/gradebook.py").run()
    assert not at.exception
    book = at.dataframe[0].value
    in_gradebook = book.loc[book["Username"] == "tess", "Module A quiz (%)"].iloc[0]
    assert in_gradebook == 66.6
    open_tab(at, "gradebook_tab", "Attempts")
    assert at.dataframe == []  # no trainee's attempts until one is picked
    at.selectbox(key="drill_user").set_value(trainee.id).run()
    drill = at.dataframe[0].value
    assert set(drill["Question"]) >= {"Collagen induction takes months."}
    assert {"Id", "Points", "Out of"} <= set(drill.columns)
    mine = app(trainee)
    mine.switch_page("views/progress.py").run()
    assert not mine.exception
    modules = mine.dataframe[0].value
    assert modules.loc[modules["Module"] == "Module A", "Quiz"].iloc[0] == f"{in_gradebook:g}%"


def test_the_attempts_tab_shows_the_chosen_trainees_attempt_when_two_read_alike(site):
    """Tess and Tom each have one attempt of the same quiz, mark and day, right on
    different questions: after Tess, choosing Tom shows Tom's marks (Streamlit would keep
    Tess's attempt, chosen in the run before, as its label is listed again)."""
    engine, _, app = site
    tess = add_user(engine, "tess", name="Tess Trainee")
    tom = add_user(engine, "tom", name="Tom Trainee")
    at = app()
    quiz = content_of(at.switch_page("views/course.py").run()).quizzes["a-quiz"]
    wrong_three = {"a-one": {"choice": 0}, "a-two": {"value": True}, "a-three": {"value": True}}
    wrong_two = {"a-one": {"choice": 0}, "a-two": {"value": False}, "a-three": {"value": False}}
    take(engine, tess, quiz, wrong_three)
    take(engine, tom, quiz, wrong_two)
    at.switch_page("views/gradebook.py").run()
    open_tab(at, "gradebook_tab", "Attempts")

    def points() -> dict[str, float]:
        drill = at.dataframe[0].value
        return dict(zip(drill["Id"], drill["Points"].astype(float), strict=True))

    at.selectbox(key="drill_user").set_value(tess.id).run()
    assert points() == {"a-one": 1, "a-two": 1, "a-three": 0}
    at.selectbox(key="drill_user").set_value(tom.id).run()
    assert points() == {"a-one": 1, "a-two": 0, "a-three": 1}
    at.toggle(key="drill_answers").set_value(True).run()
    assert "Tom Trainee's answer:" in texts(at) and "Your answer" not in texts(at)


def test_gradebook_export_is_prepared_on_demand_in_the_clinic_time_zone_and_expires(site):
    engine, admin, app = site
    add_user(engine, "tess")
    settings.save(engine, {"time_zone": "Europe/Oslo"}, actor=admin)
    at = app().run()
    at.switch_page("views/gradebook.py").run()
    assert "Last activity (Europe/Oslo)" in at.dataframe[0].value.columns
    assert at.get("download_button") == []
    at.button(key="gradebook_prepare").click().run()
    assert [b.label for b in at.get("download_button")] == [
        "Gradebook (CSV)",
        "Gradebook (Excel)",
    ]
    assert "CET" in texts(at)  # prepared at a time shown in the clinic's zone
    clock.advance(timedelta(minutes=6))
    at.run()
    assert at.get("download_button") == []
    assert "dropped after 5 minutes" in texts(at)


def test_the_audit_log_reads_as_words(site):
    engine, admin, app = site
    settings.save(engine, {"depth_limit_mm": 1.0}, actor=admin)
    at = app()
    at.switch_page("views/audit.py").run()
    assert not at.exception
    log = at.dataframe[0].value
    row = log[log["Action"] == "Settings changed"].iloc[0]
    assert row["What"] == "Practice needle-depth limit: 0.5 → 1"
    created = log[log["Action"] == "Account created"].iloc[0]
    assert created["By"] == "setup" and created["Whom"] == "ada"
    assert not log.isin(["None"]).any().any()
    assert "settings_changed" not in set(log["Action"])


def test_course_and_next_steps_name_a_quiz_once(site):
    engine, _, app = site
    trainee = add_user(engine, "tess")
    at = app(trainee)
    at.switch_page("views/course.py").run()
    # An open quiz is a link; a locked one is text marked locked.
    labels = [link.proto.label for link in at.get("page_link")]
    labels += [text.value for text in at.main.markdown]
    assert any(
        label.startswith(("Module A quiz", ":material/lock: Module A quiz")) for label in labels
    )
    assert not any("Quiz: " in label for label in labels)


def test_lesson_callouts_have_no_doubled_stops(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    teacher = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, url), teacher)
    at.query_params["id"] = "m1-history"
    at.switch_page("views/lesson.py").run()
    assert not at.exception
    shown = texts(at)
    assert "**How strong is the evidence?** " in shown
    assert "?." not in shown and ".;" not in shown
    engine.dispose()

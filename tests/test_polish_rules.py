"""The library rules behind issue 12's polish: one rounding rule, one time format, ranked
item review, settings refused with reasons, readable audit entries, chart axes, the demo."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from needlewise import audit, charts, display, item_review, settings
from needlewise.next_steps import next_steps
from needlewise.progress import course_status
from needlewise.stats import analyse

from .builders import add_user, load_test_course

# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (16.916667, "16.9"),
        (0.666667, "0.6"),
        (80.6, "80.6"),
        (81.0, "81"),
        (79.96, "79.9"),  # never rounded up to a pass mark of 80
        (100.0, "100"),
        (0.0, "0"),
        (None, "—"),
        (float("nan"), "—"),
    ],
)
def test_one_rounding_rule_for_every_number(value, shown):
    assert display.number(value) == shown


def test_points_and_percentages_read_as_people_write_them():
    assert display.points(16.916667, 21) == "16.9 of 21 points"
    assert display.points(0.666667, 1) == "0.6 of 1 point"
    assert display.percent(66.6666) == "66.6%"
    assert display.plural(1, "note") == "1 note"
    assert display.plural(3, "note") == "3 notes"
    assert display.plural(2, "entry", "entries") == "2 entries"
    assert display.plural(2000, "trainee") == "2,000 trainees"


def test_times_are_shown_in_the_given_zone_with_its_name():
    stored = datetime(2026, 11, 30, 13, 5)  # naive UTC, as the database keeps it
    assert display.moment(stored, "Europe/Berlin") == "30 Nov 2026, 14:05 CET"
    assert display.moment(stored, "America/Denver") == "30 Nov 2026, 06:05 MST"
    assert display.moment(stored, "UTC") == "30 Nov 2026, 13:05 UTC"
    assert display.day(datetime(2026, 11, 30, 23, 30), "Asia/Tokyo") == "01 Dec 2026"
    assert display.moment(stored, "") == "30 Nov 2026, 13:05 UTC"


# --- text ----------------------------------------------------------------------------------


def test_sentences_are_joined_without_doubled_stops():
    assert display.join_sentences(["Alam M (2014). Trial.", "Aust MC (2008). Review."]) == (
        "Alam M (2014). Trial; Aust MC (2008). Review."
    )
    assert display.sentence("How strong is the evidence?") == "How strong is the evidence?"
    assert display.sentence("Safety") == "Safety."


def test_a_quiz_title_is_not_prefixed_twice():
    assert display.quiz_name("Module 1 quiz: skin") == "Module 1 quiz: skin"
    assert display.quiz_name("Hygiene basics") == "Quiz: Hygiene basics"
    assert display.the_quiz("Module 1 quiz: skin") == "the Module 1 quiz: skin"
    assert display.the_quiz("Final assessment") == "the final assessment"


def test_next_steps_name_the_quiz_once(engine, tmp_path):
    content = load_test_course(tmp_path)
    trainee = add_user(engine, "tess")
    from needlewise import progress

    progress.mark_read(engine, trainee.id, "a-one")
    status = course_status(engine, content, trainee.id)
    labels = [s.label for s in next_steps(content, status, {"a.one": 66.6666}, 1)]
    assert "Take the quiz a-quiz" in labels
    assert "Work on your weakest objective (66.6%): Know one thing." in labels
    assert "Review 1 question due today" in labels
    assert not any("Quiz: " in label or ".." in label for label in labels)


# --- item review ---------------------------------------------------------------------------


def long_table(rows: list[list[float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"attempt_id": a, "question_id": f"q{q}", "score": s, "max_score": 1}
            for a, row in enumerate(rows)
            for q, s in enumerate(row)
        ]
    )


def test_below_thirty_attempts_no_question_is_judged():
    # One attempt: the raw flags fire for every question, the review says nothing yet.
    report = analyse(long_table([[1, 0, 1, 0]]))
    assert item_review.flags(report)  # the rule alone would call these too easy or too hard
    assert not item_review.meaningful(report)
    assert item_review.ranked(report) == []


def test_above_the_minimum_the_worst_question_comes_first():
    # Ability rises with i. q0 is right only for the weakest (a wrong key), q1 for everyone
    # (too easy); q2 to q4 are right above rising thresholds (they discriminate well).
    rows = [[int(i < 15), 1, int(i >= 10), int(i >= 20), int(i >= 25)] for i in range(40)]
    report = analyse(long_table(rows))
    assert item_review.meaningful(report)
    ranked = item_review.ranked(report)
    assert [c.question_id for c in ranked] == ["q0", "q1"]
    assert ranked[0].reasons[0].startswith("negative discrimination")
    assert "check the key" in ranked[0].advice
    assert ranked[1].reasons == ("too easy (100% facility)",)
    # One entry per question, however many flags it raised.
    assert len({c.question_id for c in ranked}) == len(ranked)


def test_item_review_names_questions_and_options_by_their_text(tmp_path):
    content = load_test_course(tmp_path)
    quiz = content.quizzes["a-quiz"].quiz
    assert item_review.question_text(quiz, "a-single") == "Pick the right one."
    assert item_review.option_text(quiz, "a-single", "B") == "B: Wrong"
    assert item_review.option_text(quiz, "a-single", "") == "(no answer)"
    assert item_review.question_text(quiz, "gone") == "gone"
    assert display.shorten("A **very** long prompt " * 10, 30).endswith("…")
    assert len(display.shorten("A **very** long prompt " * 10, 30)) <= 30


# --- settings ------------------------------------------------------------------------------


def test_an_out_of_range_depth_is_refused_with_the_reason_and_nothing_is_saved(engine):
    admin = add_user(engine, "ada", roles=("admin",))
    with pytest.raises(settings.SettingsError) as refused:
        settings.save(
            engine,
            {"clinic_name": "New name", "depth_limit_mm": 25, "time_zone": "Mars/Olympus"},
            actor=admin,
        )
    assert set(refused.value.problems) == {"depth_limit_mm", "time_zone"}
    assert "25 mm is outside" in refused.value.problems["depth_limit_mm"]
    assert "IANA" in refused.value.problems["time_zone"]
    kept = settings.read_all(engine)
    assert kept.clinic_name == settings.DEFAULTS["clinic_name"]  # not half-saved
    assert kept.depth_limit_mm == 0.5
    assert audit.entries(engine, actions=["settings_changed"]) == []


def test_only_what_changed_is_saved_and_audited_as_old_and_new(engine):
    admin = add_user(engine, "ada", roles=("admin",))
    changed = settings.save(
        engine,
        {"clinic_name": "NeedleWise training", "depth_limit_mm": 1.0, "time_zone": "Europe/Oslo"},
        actor=admin,
    )
    assert changed == {"depth_limit_mm": (0.5, 1.0), "time_zone": ("UTC", "Europe/Oslo")}
    [entry] = audit.entries(engine, actions=["settings_changed"])
    assert json.loads(entry.detail) == {
        "depth_limit_mm": [0.5, 1.0],
        "time_zone": ["UTC", "Europe/Oslo"],
    }
    assert audit.describe(entry.action, entry.detail) == (
        "Practice needle-depth limit: 0.5 → 1; Time zone: UTC → Europe/Oslo"
    )
    assert settings.save(engine, {"depth_limit_mm": 1.0}, actor=admin) == {}


def test_the_jurisdiction_is_empty_until_set_and_lessons_say_so(engine):
    current = settings.read_all(engine)
    assert current.jurisdiction == ""
    assert "not set" in current.where


def test_audit_entries_read_as_words():
    assert audit.label("cohort_member_added") == "Added to a group"
    assert all(action in audit.LABELS for action in audit.ACTIONS)
    assert audit.describe("role_added", None) == ""
    # An entry from before diffs were recorded still reads as words.
    assert audit.describe("settings_changed", '{"self_registration": false}') == (
        "Self-registration: off"
    )


# --- charts --------------------------------------------------------------------------------


def test_counts_of_trainees_have_whole_number_axes():
    funnel = charts.funnel(pd.DataFrame({"step": ["Started", "1. Module"], "trainees": [1, 1]}))
    axis = funnel.to_dict()["encoding"]["x"]["axis"]
    assert axis["format"] == "d" and axis["tickMinStep"] == 1
    spread = charts.distribution(pd.DataFrame({"grade": [55.0]}))
    axis = spread.to_dict()["encoding"]["y"]["axis"]
    assert axis["format"] == "d" and axis["tickMinStep"] == 1


def test_long_labels_wrap_and_dates_read_as_dates():
    text = "Name the people who may legally perform microneedling in your jurisdiction"
    levels = pd.DataFrame({"Objective": [text], "Mastery": [50.0]})
    spec = charts.mastery(levels, 70).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["axis"]["labelExpr"].startswith("split(")
    label = next(iter(spec["datasets"].values()))[0]["label"]
    assert "\n" in label and label.replace("\n", " ") == text
    history = pd.DataFrame(
        {"When": [datetime(2026, 11, 1, 9)], "Score": [66.6], "Quiz": ["Module 1 quiz"]}
    )
    axis = charts.history(history).to_dict()["encoding"]["x"]["axis"]
    assert axis["format"] == "%d %b"


def test_charts_write_grades_and_mastery_by_the_one_rounding_rule():
    def texts(chart) -> set[str]:
        return {
            str(value)
            for rows in chart.to_dict()["datasets"].values()
            for row in rows
            for value in row.values()
        }

    grades = pd.DataFrame(
        {"Quiz": ["A", "B"], "Grade": [47.65, 79.96], "Pass mark": [80, 80], "Passed": "not yet"}
    )
    shown = texts(charts.grades_against_pass_marks(grades))
    assert {"47.6%", "79.9%"} <= shown and not {"48%", "80%", "80.0%"} & shown
    spec = json.dumps(charts.grades_against_pass_marks(grades).to_dict())
    assert "'.0f'" not in spec and "datum.shown" in spec
    levels = pd.DataFrame({"Objective": ["X", "Y"], "Mastery": [66.67, 80.0]})
    assert {"66.6% · revise", "80%"} <= texts(charts.mastery(levels, 70))
    history = pd.DataFrame(
        {"When": [datetime(2026, 11, 1, 9)], "Score": [86.85], "Quiz": ["Module 1 quiz"]}
    )
    assert "86.8%" in texts(charts.history(history))


def test_each_bar_has_room_for_its_longest_label():
    long = (
        "Explain how controlled micro-injury releases growth factors and how collagen type "
        "III is replaced by type I over the following months of remodelling."
    )
    levels = pd.DataFrame({"Objective": [long, "Short."], "Mastery": [50.0, 90.0]})
    spec = charts.mastery(levels, 70).to_dict()
    lines = charts.wrapped(long).count("\n") + 1
    assert lines >= 4
    assert spec["height"]["step"] >= charts.LINE * lines
    short = charts.mastery(pd.DataFrame({"Objective": ["Short."], "Mastery": [1.0]}), 70)
    assert short.to_dict()["height"]["step"] >= charts.LINE * charts.MIN_LINES

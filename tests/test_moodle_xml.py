"""Moodle XML: every question type the importer reads or reports, its errors, and the export."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring

from needlewise.quiz.formats import FormatError, export_quiz, import_bytes
from needlewise.quiz.schema import Quiz

from .builders import SMALL

INTEROP = Path(__file__).parent / "interop"
UNASSIGNED = ["unassigned"]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def xml(body: str, **options):
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'
    return import_bytes(text.encode(), "moodle-xml", filename="test.xml", **options)


@pytest.fixture(scope="module")
def constructs(tmp_path_factory):
    assets = tmp_path_factory.mktemp("assets")
    result = import_bytes(
        (INTEROP / "constructs.xml").read_bytes(),
        None,
        filename="constructs.xml",
        assets_dir=assets,
    )
    questions = {q["id"]: q for q in result.data["questions"]}
    return questions, [str(n) for n in result.notes], assets


def test_the_title_comes_from_the_first_category_and_other_categories_are_reported(constructs):
    _, notes, _ = constructs
    assert "question categories are not kept: Skin biology, Skin biology / Pictures" in notes


def test_single_multichoice_with_html_feedback_marks_and_shuffle(constructs):
    questions, _, _ = constructs
    assert questions["constructs-collagen-type"] == {
        "id": "constructs-collagen-type",
        "type": "single",
        "prompt": "Which collagen type dominates the **mature** dermis?",
        "objectives": UNASSIGNED,
        "points": 2,
        "options": [
            {"text": "Type I", "correct": True, "feedback": "Right: about 80-90% of it."},
            {"text": "Type III", "feedback": "It leads in early wound healing."},
            {"text": "Type IV"},
        ],
        "shuffle": False,
        "explanation": "Type I is the main structural collagen.",
    }


def test_multiple_multichoice_keeps_its_id_number_and_fractions(constructs):
    questions, notes, _ = constructs
    question = questions["skin-layers"]
    assert question["type"] == "multiple"
    assert question["options"] == [
        {"text": "Epidermis", "fraction": 0.5},
        {"text": "Dermis", "fraction": 0.5},
        {"text": "Cartilage", "fraction": -1},
    ]
    assert "shuffle" not in question
    assert (
        "line 41: question 'skin-layers': the feedback for right, partly right and wrong "
        "answers was left out"
    ) in notes
    assert "line 41: question 'skin-layers': its hints were left out" in notes


def test_moodle_rounded_thirds_become_exact_thirds(constructs):
    questions, _, _ = constructs
    fractions = [o["fraction"] for o in questions["constructs-thirds"]["options"]]
    assert fractions == [1 / 3, 1 / 3, 1 / 3, -1]


def test_truefalse_with_its_feedbacks(constructs):
    questions, _, _ = constructs
    question = questions["constructs-heat"]
    assert (question["answer"], question["feedback_true"], question["feedback_false"]) == (
        False,
        "No: there is no heat.",
        "Right: it works without heat.",
    )


def test_shortanswer_with_usecase_keeps_answers_worth_nothing_with_their_feedback(constructs):
    questions, _, _ = constructs
    question = questions["constructs-inventor"]
    assert question["answers"] == [
        "Fernandes",
        {"text": "Fern*", "fraction": 0.5, "feedback": "Check the spelling."},
        {"text": "*", "fraction": 0, "feedback": "Look at the history lesson."},
    ]
    assert question["case_sensitive"] is True


def test_numerical_with_tolerances_partial_answers_and_units(constructs):
    questions, notes, _ = constructs
    question = questions["constructs-median-depth"]
    assert {k: question[k] for k in ("answer", "tolerance", "answers", "unit", "units")} == {
        "answer": 1.5,
        "tolerance": 0.1,
        "answers": [
            {
                "value": 2,
                "tolerance": 0.25,
                "fraction": 0.5,
                "feedback": "Close, but that is deeper than the median.",
            }
        ],
        "unit": "mm",
        "units": [{"unit": "cm", "multiplier": 0.1}],
    }
    assert question["feedback_other"] == "Read the depth lesson again."
    where = "line 86: question 'constructs-median-depth': "
    assert (
        where + "units are optional in NeedleWise: Moodle's penalty for a missing unit is gone"
        in (notes)
    )


def test_matching_with_html_and_a_distractor(constructs):
    questions, _, _ = constructs
    question = questions["constructs-profiles"]
    assert question["pairs"][0] == {"left": "Icepick", "right": "V"}
    assert [p["left"] for p in question["pairs"]] == ["Icepick", "Boxcar", "Rolling"]
    assert question["distractors"] == ["W"]


def test_ordering_items_follow_their_positions_and_grading(constructs):
    questions, notes, _ = constructs
    phases = questions["constructs-healing-phases"]
    assert phases["items"] == ["Inflammation", "Proliferation", "Remodelling"]
    assert phases["scoring"] == "all_or_nothing"
    path = questions["constructs-needle-path"]
    assert path["scoring"] == "partial"
    assert any("'ABSOLUTE_POSITION' grading becomes 'partial'" in n for n in notes)


def test_embedded_images_are_saved_and_linked_when_there_is_a_folder(constructs):
    questions, notes, assets = constructs
    [saved] = list(assets.iterdir())
    assert saved.read_bytes() == PNG
    assert saved.name.startswith("skin-layers-") and saved.suffix == ".png"
    prompt = questions["constructs-picture"]["prompt"]
    assert prompt == f"This picture shows the skin:\n\n![Skin layers]({saved.name})"
    assert any(f"'skin layers.png' was saved as {saved.name}" in n for n in notes)


def test_embedded_images_are_reported_without_a_folder():
    result = import_bytes((INTEROP / "constructs.xml").read_bytes(), None, filename="c.xml")
    picture = next(q for q in result.data["questions"] if q["id"] == "c-picture")
    assert picture["prompt"] == "This picture shows the skin:\n\nSkin layers"
    assert (
        "line 150: question 'c-picture': the embedded file 'skin layers.png' was left out "
        "(no folder to save it in)"
    ) in [str(n) for n in result.notes]


def test_unsupported_types_are_reported_with_their_lines(constructs):
    questions, notes, _ = constructs
    assert len(questions) == 10
    for expected in (
        "line 160: a description (text without a question) was left out",
        "line 165: question 'constructs-healing-essay': 'Essay' questions need a person to "
        "mark them",
        "line 170: question 'constructs-cloze': 'Embedded answers (Cloze)' questions are not "
        "supported",
        "line 175: question 'constructs-dose': 'Calculated' questions are not supported",
        "line 180: question 'constructs-drag-words': 'Drag and drop into text' questions are "
        "not supported",
    ):
        assert any(n.startswith(expected) for n in notes), expected


def test_an_unknown_question_type_is_reported():
    result = xml(
        '<question type="magic"><name><text>Spell</text></name></question>'
        '<question type="truefalse"><name><text>T</text></name>'
        "<questiontext><text>True?</text></questiontext>"
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    )
    assert "line 3: question 'test-spell': question type 'magic' is not supported; left out" in [
        str(n) for n in result.notes
    ]


def test_bad_xml_names_the_parsers_line():
    with pytest.raises(FormatError) as caught:
        import_bytes((INTEROP / "not-well-formed.xml").read_bytes(), None, filename="b.xml")
    assert str(caught.value) == "line 5: the XML is not well formed (mismatched tag)"


def test_entities_are_refused():
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">]>\n'
        "<quiz><question type='truefalse'><name><text>&a;</text></name></question></quiz>"
    )
    with pytest.raises(FormatError, match="declares a DTD or entities"):
        import_bytes(bomb.encode(), "moodle-xml", filename="bomb.xml")


def test_a_file_that_is_not_a_question_file_is_refused():
    with pytest.raises(FormatError, match="not a Moodle XML question file"):
        import_bytes(b"<html><body/></html>", "moodle-xml", filename="page.xml")


# --- export ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_xml():
    result = export_quiz(Quiz.model_validate(SMALL), "moodle-xml")
    return result, fromstring(result.text.encode())


def question(root, idnumber: str):
    return next(q for q in root.findall("question") if q.findtext("idnumber") == idnumber)


def test_export_keeps_ids_marks_tags_and_markdown_text(small_xml):
    _, root = small_xml
    single = question(root, "s-single")
    assert single.get("type") == "multichoice"
    assert single.findtext("name/text") == "s-single"
    assert single.findtext("defaultgrade") == "2"
    assert single.findtext("single") == "true"
    assert single.findtext("shuffleanswers") == "false"
    assert single.find("questiontext").get("format") == "markdown"
    assert single.findtext("generalfeedback/text") == "Line one.\n\nLine two."
    assert [a.get("fraction") for a in single.findall("answer")] == ["100", "35", "0"]
    assert [t.text for t in single.findall("tags/tag/text")] == ["objective:a.one", "reference:src"]


def test_export_writes_ordering_units_and_case_sensitivity(small_xml):
    _, root = small_xml
    ordering = question(root, "s-order")
    assert ordering.get("type") == "ordering"
    assert ordering.findtext("gradingtype") == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
    assert [a.findtext("text") for a in ordering.findall("answer")] == ["First", "Second"]
    numeric = question(root, "s-case-num")
    assert [u.findtext("unit_name") for u in numeric.findall("units/unit")] == ["years"]
    assert question(root, "s-case-short").findtext("usecase") == "1"


def test_export_writes_a_case_as_a_tagged_description(small_xml):
    _, root = small_xml
    case = question(root, "s-case")
    assert case.get("type") == "description"
    assert case.findtext("name/text") == "A client"
    assert case.findtext("questiontext/text") == "She is 30.\n\n- **Age:** 30"
    tags = [t.text for t in case.findall("tags/tag/text")]
    assert tags == ["case:s-case", "objective:a.one", "figure:f1"]


def test_export_notes_what_moodle_cannot_hold(small_xml):
    result, _ = small_xml
    notes = [str(n) for n in result.notes]
    for part in (
        "quiz settings (pass mark, attempts, time limit, ...) have no place",
        "question 's-case': becomes a description (the vignette) followed by its 3 parts",
        "question 's-case': its figures are not exported",
        "question 's-single': Moodle accepts only its own list of grades",
        "objectives and references are kept as Moodle tags",
    ):
        assert any(part in n for n in notes), part
    assert not any("GIFT" in n for n in notes)


def test_export_then_import_gives_the_same_quiz(small_xml):
    result, _ = small_xml
    back = import_bytes(result.text.encode(), "moodle-xml", filename="other.xml")
    assert Quiz.model_validate(back.data) == Quiz.model_validate(SMALL)


def test_quiz_settings_with_double_dashes_survive_the_xml_comment():
    quiz = Quiz.model_validate({**SMALL, "description": "Before -- after --> end"})
    result = export_quiz(quiz, "moodle-xml")
    back = import_bytes(result.text.encode(), "moodle-xml", filename="x.xml")
    assert back.data["description"] == "Before -- after --> end"

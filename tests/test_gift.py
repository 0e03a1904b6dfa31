"""GIFT: every construct Moodle's importer reads, its errors, and NeedleWise's GIFT export."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needlewise.quiz.formats import FormatError, export_quiz, import_bytes
from needlewise.quiz.formats.gift import escape
from needlewise.quiz.schema import Quiz

from .builders import SMALL

INTEROP = Path(__file__).parent / "interop"
UNASSIGNED = ["unassigned"]


def gift(text: str, **options):
    return import_bytes(text.encode(), "gift", filename="test.gift", **options)


def only_question(text: str) -> dict:
    [question] = gift(text).data["questions"]
    return question


@pytest.fixture(scope="module")
def constructs():
    result = import_bytes(
        (INTEROP / "constructs.gift").read_bytes(), None, filename="constructs.gift"
    )
    return {q["id"]: q for q in result.data["questions"]}, [str(n) for n in result.notes]


def test_the_quiz_takes_its_id_from_the_file_name_and_its_title_from_the_category(constructs):
    result = import_bytes((INTEROP / "constructs.gift").read_bytes(), None, filename="x.gift")
    assert (result.data["id"], result.data["title"]) == ("x", "Skin biology")
    named = import_bytes(
        (INTEROP / "constructs.gift").read_bytes(),
        "gift",
        filename="x.gift",
        quiz_id="skin-1",
        title="Skin, part 1",
    )
    assert (named.data["id"], named.data["title"]) == ("skin-1", "Skin, part 1")
    assert named.data["questions"][0]["id"] == "skin-1-collagen-type"


def test_single_choice_with_feedback_and_general_feedback(constructs):
    questions, _ = constructs
    assert questions["constructs-collagen-type"] == {
        "id": "constructs-collagen-type",
        "type": "single",
        "prompt": "Which collagen type dominates the mature dermis?",
        "objectives": UNASSIGNED,
        "options": [
            {"text": "Type I", "correct": True, "feedback": "Right: about 80-90% of it."},
            {"text": "Type III", "feedback": "Type III leads in early wound healing."},
            {"text": "Type IV"},
        ],
        "explanation": "Type I collagen is the main structural collagen of the dermis.",
    }


def test_escaped_characters_are_plain_text(constructs):
    questions, _ = constructs
    question = questions["constructs-escapes"]
    assert question["prompt"] == 'Which sign means "equals": = or ~ or #?'
    assert [o["text"] for o in question["options"]] == [
        "= means equals",
        "~ means about",
        "{ and } hold answers",
    ]


def test_weights_give_partial_credit_in_a_single_choice(constructs):
    questions, _ = constructs
    assert questions["constructs-weighted-choice"]["options"] == [
        {"text": "Best", "correct": True},
        {"text": "Partly right", "fraction": 0.5, "feedback": "Half marks."},
        {"text": "Wrong"},
    ]


def test_weights_without_an_equals_sign_make_a_multiple_answer_question(constructs):
    questions, _ = constructs
    question = questions["constructs-layers"]
    assert question["type"] == "multiple"
    assert question["options"] == [
        {"text": "Epidermis", "fraction": 0.5},
        {"text": "Dermis", "fraction": 0.5},
        {"text": "Cartilage", "fraction": -1, "feedback": "Cartilage is not skin."},
    ]


def test_equal_shares_come_back_as_correct_marks():
    question = only_question("::q::Which?{~%50%A ~%50%B ~%-50%C ~%-50%D}")
    assert question["options"] == [
        {"text": "A", "correct": True},
        {"text": "B", "correct": True},
        {"text": "C"},
        {"text": "D"},
    ]


def test_several_equals_signs_are_several_full_mark_answers_as_moodle_reads_them():
    question = only_question("::q::Which is a layer of the skin?{=Epidermis =Dermis ~Bone}")
    assert question["type"] == "single"
    assert [o.get("correct", False) for o in question["options"]] == [True, True, False]


def test_true_false_with_both_feedbacks(constructs):
    questions, _ = constructs
    assert questions["constructs-heat"] == {
        "id": "constructs-heat",
        "type": "true_false",
        "prompt": "Microneedling works by heating the dermis.",
        "objectives": UNASSIGNED,
        "answer": False,
        "feedback_true": "No: there is no heat.",
        "feedback_false": "Right: it works without heat.",
    }
    assert questions["constructs-order-of-layers"]["answer"] is True


def test_true_answer_feedbacks_swap_sides():
    question = only_question("::q::The sky is blue.{T#Look again.#Yes.}")
    assert (question["feedback_true"], question["feedback_false"]) == ("Yes.", "Look again.")


def test_lower_case_true_is_a_short_answer_as_in_moodle():
    assert only_question("::q::Say true.{true}")["type"] == "short_text"


def test_short_answer_with_several_answers_and_weights(constructs):
    questions, _ = constructs
    assert questions["constructs-inventor"]["answers"] == [
        "Fernandes",
        {"text": "Fern*", "fraction": 0.5, "feedback": "Check the spelling."},
    ]


def test_numeric_answer_with_tolerance_and_with_a_range(constructs):
    questions, _ = constructs
    median = questions["constructs-median-depth"]
    assert (median["type"], median["answer"], median["tolerance"]) == ("numeric", 1.5, 0.1)
    ranged = questions["constructs-range"]
    assert (ranged["answer"], ranged["tolerance"]) == (1.5, 0.5)


def test_several_weighted_numeric_answers(constructs):
    questions, _ = constructs
    assert questions["constructs-pi"]["answers"] == [
        {"value": 3.14159, "tolerance": 0.00001, "feedback": "Well remembered."},
        {
            "value": 3.14,
            "tolerance": 0.01,
            "fraction": 0.5,
            "feedback": "Close enough for half marks.",
        },
    ]
    assert questions["constructs-pi"]["feedback_other"] == "That is not pi."


def test_matching_with_a_distractor(constructs):
    questions, _ = constructs
    question = questions["constructs-profiles"]
    assert question["pairs"] == [
        {"left": "Icepick", "right": "V"},
        {"left": "Boxcar", "right": "U"},
        {"left": "Rolling", "right": "M"},
    ]
    assert question["distractors"] == ["W"]


def test_missing_word_keeps_the_whole_sentence_with_a_blank(constructs):
    questions, _ = constructs
    question = questions["constructs-outer-layer"]
    assert question["prompt"] == "The _____ is the outermost layer of the skin."
    assert [o["text"] for o in question["options"]] == ["epidermis", "dermis", "hypodermis"]


def test_text_formats_become_markdown(constructs):
    questions, _ = constructs
    html = questions["constructs-formatted"]
    assert html["prompt"] == "Which word is **bold**?"
    assert html["options"][0]["text"] == "*this one*"
    assert questions["constructs-plain"]["prompt"] == r"Is 2\*3 written as <2\*3>?"
    markdown = questions["constructs-markdown"]
    assert markdown["prompt"] == "Is **this** Markdown?"
    assert markdown["explanation"] == "Markdown is kept as it is."


def test_html_in_markdown_text_is_shown_as_text_not_markup():
    question = only_question("::q::[markdown]Is <b>this</b> bold?{T}")
    assert question["prompt"] == "Is &lt;b>this&lt;/b> bold?"


def test_a_question_without_a_title_gets_an_id_from_its_text(constructs):
    questions, _ = constructs
    assert questions["constructs-a-question-without-a-title"]["prompt"] == (
        "A question without a title"
    )


def test_descriptions_and_essays_are_reported_and_left_out(constructs):
    questions, notes = constructs
    assert len(questions) == 16
    assert (
        "line 53: a description (text without a question) was left out: NeedleWise quizzes "
        "hold questions only"
    ) in notes
    assert (
        "line 55: question 'constructs-healing-essay': 'Essay' questions need a person to "
        "mark them; left out"
    ) in notes


def test_every_question_is_unassigned_with_a_note(constructs):
    questions, notes = constructs
    assert all(q["objectives"] == UNASSIGNED for q in questions.values())
    assert (
        "line 5: question 'constructs-collagen-type': set its learning objectives "
        "(now 'unassigned')"
    ) in notes


def test_comment_lines_are_ignored_and_newline_and_backslash_escapes_work():
    question = only_question(
        "// a comment\n::q::First line\\nsecond line with a \\\\ backslash{T}\n// another"
    )
    # Moodle's own format is plain text: a line break, and a backslash shown as written.
    assert question["prompt"] == "First line\\\nsecond line with a \\\\ backslash"


def test_titles_that_clash_get_numbered_ids():
    result = gift("::Same::One?{T}\n\n::Same::Two?{F}\n\n::Same::Three?{T}")
    assert [q["id"] for q in result.data["questions"]] == [
        "test-same",
        "test-same-2",
        "test-same-3",
    ]


def test_moodle_id_numbers_and_tags_are_read_from_comments():
    result = gift(
        "// [id:skin-1] [tag:objective:m1.skin] [tag:reference:alam2014] [tag:hard]\n"
        "::Skin::Skin is an organ.{T}"
    )
    [question] = result.data["questions"]
    assert question["id"] == "skin-1"
    assert question["objectives"] == ["m1.skin"]
    assert question["references"] == ["alam2014"]
    assert question["tags"] == ["hard"]


def test_needlewise_comments_carry_what_gift_cannot_hold():
    result = gift(
        '// needlewise-quiz: {"id": "m9", "title": "Module 9", "pass_mark": 70}\n'
        "$CATEGORY: $course$/top/Other name\n\n"
        '// needlewise: {"points": 2, "unit": "mm", "ignored": 1}\n'
        "::Depth::How deep, in mm?{#1.5:0.1}"
    )
    assert (result.data["id"], result.data["title"], result.data["pass_mark"]) == (
        "m9",
        "Module 9",
        70,
    )
    [question] = result.data["questions"]
    assert (question["points"], question["unit"]) == (2, "mm")
    assert "ignored" not in question


def test_an_unreadable_needlewise_comment_is_reported():
    result = gift("// needlewise: {not json\n::q::Yes?{T}")
    assert "line 1: a 'needlewise:' comment is not a JSON object, so it was ignored" in [
        str(n) for n in result.notes
    ]


def test_the_ordering_question_type_syntax():
    question = only_question(
        "::q::Put the phases in order.{>3 ALL VERTICAL ALL_OR_NOTHING SHOW\n"
        "Inflammation\nProliferation\nRemodelling\n}"
    )
    assert question["items"] == ["Inflammation", "Proliferation", "Remodelling"]
    assert question["scoring"] == "all_or_nothing"


def test_an_ordering_grading_needlewise_lacks_becomes_partial_with_a_note():
    result = gift("::q::Order.{>2 RANDOM VERTICAL LONGEST_ORDERED_SUBSET SHOW\nA\nB\nC\n}")
    [question] = result.data["questions"]
    assert question["scoring"] == "partial"
    notes = [str(n) for n in result.notes]
    assert any("'LONGEST_ORDERED_SUBSET' grading becomes 'partial'" in n for n in notes)
    assert any("Moodle shows 2 of its 3 items; NeedleWise shows all" in n for n in notes)


def test_a_question_the_schema_refuses_is_left_out_with_the_reason():
    result = gift("::One::Only one option?{=A ~}\n\n::Fine::Fine?{T}")
    assert [q["id"] for q in result.data["questions"]] == ["test-fine"]
    assert any(
        "question 'test-one': left out, because NeedleWise cannot take it as it is" in str(n)
        for n in result.notes
    )


def test_bad_numbers_and_pairs_are_reported():
    result = gift("::n::How many?{#lots}\n\n::m::Match.{=a -> b =c}\n\n::ok::Fine?{T}")
    notes = [str(n) for n in result.notes]
    assert "line 1: question 'test-n': 'lots' is not a number; question left out" in notes
    assert "line 3: question 'test-m': 'c' is not a pair 'left -> right'; left out" in notes


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("::b::\nBroken{=yes\n~no\n", 4, "this '{' is not closed by a '}'"),
        ("::b::First\nline =yes ~no}", 4, "this '}' has no '{' before it"),
        ("::b::Nested{=a {~b}}", 3, "this '{' is not closed by a '}'"),
    ],
)
def test_unbalanced_braces_name_their_line(text, line, message):
    result = gift("::a::Fine{T}\n\n" + text)
    assert [q["id"] for q in result.data["questions"]] == ["test-a"]
    assert f"line {line}: unbalanced braces: {message}; this question was left out" in [
        str(n) for n in result.notes
    ]


def test_the_unbalanced_fixture_points_at_the_unclosed_brace():
    result = import_bytes((INTEROP / "unbalanced.gift").read_bytes(), None, filename="bad.gift")
    assert len(result.data["questions"]) == 2
    assert (
        "line 5: unbalanced braces: this '{' is not closed by a '}'; this question was left out"
        in [str(n) for n in result.notes]
    )


def test_a_file_of_only_descriptions_has_nothing_to_import():
    with pytest.raises(FormatError, match="no question NeedleWise can import"):
        gift("Just some text.\n\n::e::An essay.{}")


# --- export ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_gift():
    return export_quiz(Quiz.model_validate(SMALL), "gift")


def test_export_writes_ids_tags_escapes_and_general_feedback(small_gift):
    text = small_gift.text
    assert "$CATEGORY: $course$/top/Small // quiz" in text
    assert (
        "// [id:s-single] [tag:objective:a.one] [tag:reference:src]\n"
        '// needlewise: {"points": 2, "shuffle": false}\n'
        "::s-single::[markdown]Pick\\: A \\{or\\} B?{\n"
        "\t=A#Yes \\= right\n"
        "\t~%35%B\n"
        "\t~C\n"
        "\t####Line one.\\n\\nLine two.\n"
        "}"
    ) in text
    assert "::s-case-tf::[markdown]She is 30.{TRUE#Read again.}" in text


def test_export_writes_a_case_as_a_tagged_description_and_its_parts(small_gift):
    text = small_gift.text
    assert (
        "// [id:s-case] [tag:case:s-case] [tag:objective:a.one] [tag:figure:f1]\n"
        "::A client::[markdown]She is 30.\\n\\n- **Age\\:** 30"
    ) in text
    assert "// [id:s-case-num] [tag:case:s-case]\n" in text


def test_export_notes_every_loss(small_gift):
    notes = [str(n) for n in small_gift.notes]
    expected = [
        "quiz settings (pass mark, attempts, time limit, ...) have no place",
        "question 's-single': GIFT has no marks, so Moodle gives it 1 mark instead of 2",
        "question 's-single': GIFT cannot say whether to shuffle the options",
        "question 's-order': written in the GIFT syntax of Moodle's Ordering question type",
        "its explanation is kept in a comment only NeedleWise reads",
        "question 's-case': becomes a description (the vignette) followed by its 3 parts",
        "question 's-case': its figures are not exported",
        "question 's-case-num': GIFT has no units",
        "question 's-case-short': GIFT cannot make a short answer case-sensitive",
        "question 's-single': Moodle accepts only its own list of grades",
        "objectives and references are kept as Moodle tags",
    ]
    for part in expected:
        assert any(part in note for note in notes), part


def test_export_then_import_gives_the_same_quiz(small_gift):
    back = import_bytes(small_gift.text.encode(), "gift", filename="other-name.gift")
    assert Quiz.model_validate(back.data) == Quiz.model_validate(SMALL)


printable = st.text(
    alphabet=st.sampled_from(list("ab Z09.,;!?:#={}~\\\n*_%-'\"")), min_size=1, max_size=40
)


@settings(max_examples=150, deadline=None)
@given(printable)
def test_escaped_text_reads_back_as_itself(text):
    text = text.strip()
    if not text:
        return
    question = only_question(f"::q::[markdown]{escape(text)}{{T####{escape(text)}}}")
    assert question["prompt"] == text
    assert question["explanation"] == text

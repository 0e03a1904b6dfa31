"""Import and export fidelity with Moodle: each test is one point of issue 18, on a small
file written here, the way Moodle writes or reads it."""

from __future__ import annotations

import base64

import pytest

from needlewise.quiz.formats import FormatError, export_quiz, import_bytes
from needlewise.quiz.item_checks import item_problems
from needlewise.quiz.schema import Quiz
from needlewise.quiz.scoring import score


def gift(text: str, **kwargs):
    return import_bytes(text.encode(), "gift", filename="bank.gift", **kwargs)


def xml(body: str, **kwargs):
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'
    return import_bytes(text.encode(), "moodle-xml", filename="bank.xml", **kwargs)


def by_id(result) -> dict:
    return {q["id"]: q for q in result.data["questions"]}


def notes(result) -> list[str]:
    return [str(n) for n in result.notes]


def quiz(*questions: dict) -> Quiz:
    return Quiz.model_validate({"id": "fid", "title": "Fidelity", "questions": list(questions)})


# --- 1. Moodle's ordering export, with every numbering style -----------------------------


@pytest.mark.parametrize("style", ["none", "123", "abc", "ABCD", "iii", "IIII"])
def test_ordering_header_with_a_numbering_style_is_not_an_item(style):
    result = gift(
        f"::Phases::Put the healing phases in order.{{>3 ALL VERTICAL ALL_OR_NOTHING SHOW {style}\n"
        "Inflammation\nProliferation\nRemodelling\n}"
    )
    [question] = result.data["questions"]
    assert question["items"] == ["Inflammation", "Proliferation", "Remodelling"]
    assert question["scoring"] == "all_or_nothing"


def test_ordering_header_written_by_moodle_with_few_words_is_not_an_item():
    result = gift("::Two::Order these.{>2 none\nFirst\nSecond\n}")
    assert result.data["questions"][0]["items"] == ["First", "Second"]


# --- 2. Moodle and plain text stay text; HTML converted faithfully ---------------------


@pytest.mark.parametrize(
    ("source", "markdown"),
    [
        ("\\# of passes", "\\# of passes"),
        ("2*3*4 is 24", "2\\*3\\*4 is 24"),
        ("call __init__ first", "call \\_\\_init\\_\\_ first"),
        ("a \\\\ backslash", "a \\\\ backslash"),
        ("[plain]\\# not a heading", "\\# not a heading"),
        ("[html]Do this<br>- then that", "Do this\\\n\\- then that"),
        ("[html]Step<br>1. first", "Step\\\n1\\. first"),
    ],
)
def test_text_renders_as_the_author_wrote_it(source, markdown):
    result = gift(f"::q::Which one?{{={source} ~Other}}")
    assert result.data["questions"][0]["options"][0]["text"] == markdown


def test_moodle_text_with_line_breaks_and_a_heading_mark_in_the_prompt():
    result = gift("::q::# passes\\nthen *rest*{T}")
    assert result.data["questions"][0]["prompt"] == "\\# passes\\\nthen \\*rest\\*"


def test_moodle_auto_format_in_xml_is_text_too():
    result = xml(
        '<question type="truefalse"><name><text>q</text></name>'
        '<questiontext format="moodle_auto_format"><text>2*3*4 = 24</text></questiontext>'
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    )
    assert result.data["questions"][0]["prompt"] == "2\\*3\\*4 = 24"


# --- 3. Short answers as Moodle stores them --------------------------------------------


def test_short_answer_loses_its_format_prefix_and_the_spaces_moodle_trims():
    result = gift("::q::Capital of France?{=[markdown]Paris   =%50%[moodle]  paris city  }")
    assert result.data["questions"][0]["answers"] == [
        "Paris",
        {"text": "paris city", "fraction": 0.5},
    ]


# --- 4. Answers worth nothing keep their feedback, and scoring uses it ------------------


def test_short_answer_worth_nothing_keeps_its_feedback_and_scores_it():
    result = gift(
        "::q::Capital of France?{=Paris =%0%Lyon#Lyon is the third city. =%0%*#Completely wrong}"
    )
    question = result.data["questions"][0]
    assert question["answers"] == [
        "Paris",
        {"text": "Lyon", "fraction": 0, "feedback": "Lyon is the third city."},
        {"text": "*", "fraction": 0, "feedback": "Completely wrong"},
    ]
    loaded = quiz({**question, "objectives": ["m1"]}).questions[0]
    assert score(loaded, {"text": "Paris"}).fraction == 1
    lyon = score(loaded, {"text": "lyon"})
    assert (lyon.fraction, lyon.feedback) == (0, ("Lyon is the third city.",))
    assert score(loaded, {"text": "Berlin"}).feedback == ("Completely wrong",)


def test_numeric_answers_worth_nothing_and_any_other_answer_keep_their_feedback():
    result = gift("::d::Depth in mm?{#=1.5:0.1 =%0%3:0.5#Far too deep. ~#Read the depth lesson.}")
    question = result.data["questions"][0]
    assert question["answers"] == [
        {"value": 3, "tolerance": 0.5, "fraction": 0, "feedback": "Far too deep."}
    ]
    assert question["feedback_other"] == "Read the depth lesson."
    loaded = quiz({**question, "objectives": ["m1"]}).questions[0]
    assert score(loaded, {"text": "1.5"}).fraction == 1
    assert score(loaded, {"text": "3.2"}).feedback == ("Far too deep.",)
    assert score(loaded, {"text": "9"}).feedback == ("Read the depth lesson.",)


def test_xml_answers_worth_nothing_keep_their_feedback():
    result = xml(
        '<question type="numerical"><name><text>d</text></name>'
        "<questiontext><text>Depth?</text></questiontext>"
        '<answer fraction="100"><text>1.5</text><tolerance>0.1</tolerance></answer>'
        '<answer fraction="0"><text>3</text><tolerance>0.5</tolerance>'
        "<feedback><text>Far too deep.</text></feedback></answer>"
        '<answer fraction="0"><text>*</text><feedback><text>Read again.</text></feedback>'
        "</answer></question>"
        '<question type="shortanswer"><name><text>s</text></name>'
        "<questiontext><text>Capital?</text></questiontext>"
        '<answer fraction="100"><text>Paris</text></answer>'
        '<answer fraction="0"><text>*</text><feedback><text>Completely wrong</text></feedback>'
        "</answer></question>"
    )
    questions = by_id(result)
    assert questions["bank-d"]["feedback_other"] == "Read again."
    assert questions["bank-d"]["answers"][0]["feedback"] == "Far too deep."
    assert questions["bank-s"]["answers"][1] == {
        "text": "*",
        "fraction": 0,
        "feedback": "Completely wrong",
    }


def test_check_refuses_an_answer_worth_nothing_that_hides_the_right_one():
    loaded = quiz(
        {
            "id": "s",
            "type": "short_text",
            "prompt": "Capital?",
            "objectives": ["m1"],
            "answers": [{"text": "Par*", "fraction": 0, "feedback": "Spell it out."}, "Paris"],
        },
        {
            "id": "n",
            "type": "numeric",
            "prompt": "Depth?",
            "objectives": ["m1"],
            "answers": [
                {"value": 2, "tolerance": 1, "fraction": 0, "feedback": "Too deep."},
                {"value": 1.5},
            ],
        },
    )
    found = []
    item_problems(loaded, lambda path, message, warning: found.append((path, warning)))
    assert (("questions", 0, "answers", 0), False) in found
    assert (("questions", 1, "answers", 0), False) in found


def test_a_wildcard_worth_nothing_is_not_a_loose_accepted_answer():
    loaded = quiz(
        {
            "id": "s",
            "type": "short_text",
            "prompt": "Capital?",
            "objectives": ["m1"],
            "answers": ["Paris", {"text": "*", "fraction": 0, "feedback": "No."}],
        }
    )
    found = []
    item_problems(loaded, lambda path, message, warning: found.append(message))
    assert found == []


# --- 5. Every readable question is imported; the rest are reported with their line ------


def test_two_answer_blocks_on_one_line_import_as_moodle_does():
    questions = "\n\n".join(f"::q{i}::Question {i}?{{T}}" for i in range(1, 10))
    result = gift(questions + "\n\n::odd::Pick {=a ~b} or {=c ~d}")
    assert len(result.data["questions"]) == 10
    odd = by_id(result)["bank-odd"]
    assert odd["prompt"] == "Pick _____ or {=c ~d}"
    assert any("line 19: question 'bank-odd': a second {...} block" in n for n in notes(result))


def test_a_broken_question_is_reported_with_its_line_and_the_rest_imported():
    result = gift("::a::Fine?{T}\n\n::b::Broken?{=yes\n~no\n\n::c::Also fine?{F}")
    assert [q["id"] for q in result.data["questions"]] == ["bank-a", "bank-c"]
    assert result.left_out == 1
    assert (
        "line 3: unbalanced braces: this '{' is not closed by a '}'; this question was left out"
        in notes(result)
    )


def test_aiken_options_without_a_space_after_the_letter():
    result = import_bytes(
        b"Which layer is outermost?\nA)Epidermis\nB.Dermis\nANSWER: A\n", "aiken", filename="a.txt"
    )
    options = result.data["questions"][0]["options"]
    assert [o["text"] for o in options] == ["Epidermis", "Dermis"]


def test_aiken_skips_a_broken_question_and_reads_the_next():
    result = import_bytes(
        b"Q1?\nA. a\nB. b\nnot an option\nANSWER: A\n\nQ2?\nA. a\nB. b\nANSWER: B\n",
        "aiken",
        filename="a.txt",
    )
    assert len(result.data["questions"]) == 1
    assert result.data["questions"][0]["prompt"] == "Q2?"
    assert any(n.startswith("line 4: expected another option") for n in notes(result))


def test_nothing_readable_is_still_refused():
    with pytest.raises(FormatError, match="no question NeedleWise can import"):
        gift("::b::Broken?{=yes\n~no\n")


# --- 6. Tags both ways ---------------------------------------------------------------


def test_gift_tags_are_kept_and_written_back():
    result = gift("// [tag:hard] [tag:week 2]\n::q::Skin is an organ.{T}")
    question = result.data["questions"][0]
    assert question["tags"] == ["hard", "week 2"]
    loaded = quiz({**question, "objectives": ["m1"]})
    assert "[tag:hard] [tag:week 2]" in export_quiz(loaded, "gift").text
    assert "<text>week 2</text>" in export_quiz(loaded, "moodle-xml").text


def test_xml_tags_are_kept():
    result = xml(
        '<question type="truefalse"><name><text>q</text></name>'
        "<questiontext><text>Skin is an organ.</text></questiontext>"
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer>'
        "<tags><tag><text>hard</text></tag><tag><text>objective:m1.skin</text></tag></tags>"
        "</question>"
    )
    question = result.data["questions"][0]
    assert (question["tags"], question["objectives"]) == (["hard"], ["m1.skin"])


# --- 7. Moodle's list of grades ------------------------------------------------------


def test_a_grade_moodle_refuses_leaves_the_question_out_with_a_clear_message():
    result = xml(
        '<question type="multichoice"><name><text>bad</text></name>'
        "<questiontext><text>Pick two.</text></questiontext><single>false</single>"
        '<answer fraction="33"><text>a</text></answer>'
        '<answer fraction="67"><text>b</text></answer>'
        '<answer fraction="0"><text>c</text></answer></question>'
        '<question type="multichoice"><name><text>good</text></name>'
        "<questiontext><text>Pick three.</text></questiontext><single>false</single>"
        '<answer fraction="33.33333"><text>a</text></answer>'
        '<answer fraction="33.33333"><text>b</text></answer>'
        '<answer fraction="33.33333"><text>c</text></answer>'
        '<answer fraction="-100"><text>d</text></answer></question>'
    )
    assert [q["id"] for q in result.data["questions"]] == ["bank-good"]
    assert result.left_out == 1
    [message] = [n for n in notes(result) if "question 'bank-bad'" in n]
    assert "the grade 33%, 67% is not one Moodle allows" in message
    assert "33.33333333%" in message


def test_gift_weights_follow_the_same_list():
    result = gift("::bad::Pick.{~%35%a ~%65%b ~c}\n\n::good::Pick.{~%50%a ~%50%b ~c}")
    assert [q["id"] for q in result.data["questions"]] == ["bank-good"]
    assert any("the grade 35%, 65% is not one Moodle allows" in n for n in notes(result))


# --- 8. Images ------------------------------------------------------------------------


def test_a_gift_plugin_file_is_reported_without_a_stray_backslash():
    result = gift('::q::[html]<p>See:<br><img src="@@PLUGINFILE@@/layers.png"></p>{T}')
    question = result.data["questions"][0]
    assert question["prompt"] == "See:"
    assert any("the file 'layers.png' is not in the GIFT file" in n for n in notes(result))


def test_an_image_survives_moodle_xml_and_back(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    picture = b"\x89PNG\r\n\x1a\n picture"
    (source / "layers.png").write_bytes(picture)
    original = quiz(
        {
            "id": "q",
            "type": "true_false",
            "prompt": "See:\\\n![Skin layers](layers.png)",
            "objectives": ["m1"],
            "answer": True,
        }
    )
    exported = export_quiz(original, "moodle-xml", assets_dir=source)
    assert "@@PLUGINFILE@@/layers.png" in exported.text
    assert base64.b64encode(picture).decode() in exported.text
    back = import_bytes(exported.text.encode(), "moodle-xml", filename="fid.xml", assets_dir=target)
    assert Quiz.model_validate(back.data) == original
    assert (target / "layers.png").read_bytes() == picture


def test_an_image_that_cannot_travel_is_reported(tmp_path):
    original = quiz(
        {
            "id": "q",
            "type": "true_false",
            "prompt": "![Skin layers](missing.png)",
            "objectives": ["m1"],
            "answer": True,
        }
    )
    xml_notes = [str(n) for n in export_quiz(original, "moodle-xml", assets_dir=tmp_path).notes]
    assert "question 'q': the image 'missing.png' is not in the quiz's folder" in " ".join(
        xml_notes
    )
    gift_notes = [str(n) for n in export_quiz(original, "gift").notes]
    assert any("GIFT carries no files: the image 'missing.png'" in n for n in gift_notes)


# --- 9. The missing-word blank ---------------------------------------------------------


def test_the_missing_word_blank_is_five_underscores_as_moodle_writes_it():
    result = gift("::q::The {=epidermis ~dermis} is outermost.")
    assert result.data["questions"][0]["prompt"] == "The _____ is outermost."

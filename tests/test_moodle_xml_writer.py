"""The Moodle XML writer builds its tree with the standard library's ElementTree: markup
characters in any text are escaped, characters XML cannot hold are dropped, and the file
reads back as the same quiz."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import fromstring

import yaml

from needlewise.content import load_content
from needlewise.quiz.formats import export_quiz, import_bytes
from needlewise.quiz.schema import Quiz

from .builders import ROOT, quiz

HOSTILE = "Is 0.5 mm < 1 mm && \"deep\" > 'shallow'? ]]>"


def hostile_quiz() -> Quiz:
    data = yaml.safe_load(quiz("hostile", None, "a.one", "h"))
    data["questions"][0]["prompt"] = HOSTILE + "\x01\x0b"
    data["questions"][0]["options"][1]["feedback"] = "A & B -- C"
    return Quiz.model_validate(data)


def test_markup_characters_are_escaped_and_unrepresentable_ones_dropped():
    text = export_quiz(hostile_quiz(), "moodle-xml").text
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
    assert "\x01" not in text and "\x0b" not in text
    root = fromstring(text.encode())
    single = next(q for q in root.findall("question") if q.findtext("idnumber") == "h-single")
    assert single.findtext("questiontext/text") == HOSTILE
    feedback = [a.findtext("feedback/text") for a in single.findall("answer")]
    assert feedback == [None, "A & B -- C"]


def test_the_hostile_quiz_reads_back_as_itself_without_the_dropped_characters():
    exported = export_quiz(hostile_quiz(), "moodle-xml").text
    back = Quiz.model_validate(import_bytes(exported.encode(), "moodle-xml", filename="h.xml").data)
    assert back.questions[0].prompt == HOSTILE
    assert back.questions[0].options[1].feedback == "A & B -- C"


def test_every_shipped_quiz_is_indented_well_formed_xml_that_reads_back_the_same():
    content = load_content(ROOT / "content", ROOT / "quizzes")
    assert len(content.quizzes) >= 7
    for quiz_id, loaded in content.quizzes.items():
        text = export_quiz(loaded.quiz, "moodle-xml", Path(ROOT / "quizzes")).text
        lines = text.splitlines()
        assert lines[1] == "<quiz>" and lines[2].startswith("  <!-- needlewise-quiz:"), quiz_id
        assert lines[3] == '  <question type="category">', quiz_id
        back = import_bytes(text.encode(), "moodle-xml", filename=f"{quiz_id}.xml")
        assert Quiz.model_validate(back.data) == loaded.quiz, quiz_id

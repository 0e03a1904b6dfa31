"""An import's report names every question the same way, by the id it has (or would have
had) in the quiz, whether it was kept or left out; a question type NeedleWise cannot take
is named in Moodle's words."""

from __future__ import annotations

from needlewise.quiz.formats import import_bytes

MOODLE = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multianswer">
    <name><text>Needle depth</text></name>
    <questiontext format="html"><text>The depth is {1:SHORTANSWER:=0.5} mm.</text></questiontext>
  </question>
  <question type="multichoice">
    <name><text>Outer layer</text></name>
    <questiontext format="html"><text>Which layer is outermost?</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>Epidermis</text></answer>
    <answer fraction="0"><text>Dermis</text></answer>
    <hint><text>Think of the surface.</text></hint>
  </question>
  <question type="essay">
    <name><text>Healing</text></name>
    <idnumber>healing-essay</idnumber>
    <questiontext format="html"><text>Describe the healing phases.</text></questiontext>
  </question>
  <question type="ddmarker">
    <name><text></text></name>
    <questiontext format="html">
      <text><![CDATA[Mark the <b>cheek</b> on the face.]]></text>
    </questiontext>
  </question>
  <question type="magic">
    <name><text>Spell</text></name>
    <questiontext format="html"><text>Cast it.</text></questiontext>
  </question>
</quiz>
"""


def notes_of(text: str) -> list[str]:
    result = import_bytes(text.encode(), "moodle-xml", filename="skin-q.xml")
    return [str(note) for note in result.notes]


def test_a_left_out_question_is_named_by_its_id_as_a_kept_one_is():
    assert notes_of(MOODLE) == [
        "line 3: question 'skin-q-needle-depth': 'Embedded answers (Cloze)' questions are not "
        "supported; left out",
        "line 7: question 'skin-q-outer-layer': its hints were left out",
        "line 7: question 'skin-q-outer-layer': set its learning objectives (now 'unassigned')",
        "line 15: question 'healing-essay': 'Essay' questions need a person to mark them; left out",
        "line 20: question 'skin-q-mark-the-cheek-on-the-face': 'Drag and drop markers' "
        "questions are not supported; left out",
        "line 26: question 'skin-q-spell': question type 'magic' is not supported; left out",
    ]


def test_every_type_left_out_is_named_in_moodles_words():
    names = {
        "essay": "'Essay' questions need a person to mark them",
        "multianswer": "'Embedded answers (Cloze)' questions are not supported",
        "calculated": "'Calculated' questions are not supported",
        "calculatedsimple": "'Calculated simple' questions are not supported",
        "calculatedmulti": "'Calculated multichoice' questions are not supported",
        "ddwtos": "'Drag and drop into text' questions are not supported",
        "ddimageortext": "'Drag and drop onto image' questions are not supported",
        "ddmarker": "'Drag and drop markers' questions are not supported",
        "gapselect": "'Select missing words' questions are not supported",
        "randomsamatch": "'Random short-answer matching' questions are not supported",
        "random": "'Random' questions are not supported",
    }
    body = "".join(
        f'<question type="{kind}"><name><text>Q {kind}</text></name>'
        "<questiontext><text>Left?</text></questiontext></question>\n"
        for kind in names
    )
    kept = (
        '<question type="truefalse"><name><text>T</text></name>'
        "<questiontext><text>True?</text></questiontext>"
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>\n'
    )
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}{kept}</quiz>\n'
    result = import_bytes(text.encode(), "moodle-xml", filename="skin-q.xml")
    said = {note.question: note.message for note in result.notes}
    for kind, words in names.items():
        assert said[f"skin-q-q-{kind}"] == f"{words}; left out", said
    assert result.left_out == len(names)


def test_a_question_left_out_keeps_its_id_from_a_kept_question_of_the_same_name():
    # Two lines of the report never name two questions the same way.
    text = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="calculated">
    <name><text>Dose</text></name>
    <questiontext><text>How many units?</text></questiontext>
  </question>
  <question type="truefalse">
    <name><text>Dose</text></name>
    <questiontext><text>Is the dose right?</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""
    result = import_bytes(text.encode(), "moodle-xml", filename="skin-q.xml")
    assert [q["id"] for q in result.data["questions"]] == ["skin-q-dose-2"]
    assert str(result.notes[0]) == (
        "line 3: question 'skin-q-dose': 'Calculated' questions are not supported; left out"
    )

"""Round trips through GIFT and Moodle XML leave what the formats share unchanged, and
`python -m needlewise import` imports what it can of a bank with a broken question."""

from __future__ import annotations

import pytest

from needlewise.quiz.formats import export_quiz, import_bytes
from needlewise.quiz.loading import parse_quiz
from needlewise.quiz.schema import Quiz

from .builders import run_cli

SHARED = {
    "id": "shared",
    "title": "Shared constructs",
    "questions": [
        {
            "id": "shared-single",
            "type": "single",
            "prompt": "Which needle length suits rolling scars?",
            "objectives": ["m1.depth"],
            "options": [
                {"text": "1.5 mm", "correct": True, "feedback": "Yes."},
                {"text": "0.25 mm", "fraction": 0.5},
                {"text": "3 mm", "feedback": "Too deep."},
            ],
            "explanation": "Rolling scars sit in the **dermis**.",
            "tags": ["hard"],
        },
        {
            "id": "shared-short",
            "type": "short_text",
            "prompt": "Name the outermost layer.",
            "objectives": ["m1.skin"],
            "answers": [
                "epidermis",
                {"text": "epiderm*", "fraction": 0.5, "feedback": "Check the spelling."},
                {"text": "dermis", "fraction": 0, "feedback": "That lies beneath it."},
                {"text": "*", "fraction": 0, "feedback": "Read the skin lesson."},
            ],
        },
        {
            "id": "shared-depth",
            "type": "numeric",
            "prompt": "Median depth in mm?",
            "objectives": ["m1.depth"],
            "answer": 1.5,
            "tolerance": 0.1,
            "answers": [{"value": 3, "tolerance": 0.5, "fraction": 0, "feedback": "Too deep."}],
            "feedback_other": "Read the depth lesson.",
        },
        {
            "id": "shared-order",
            "type": "ordering",
            "prompt": "Order the healing phases.",
            "objectives": ["m1.healing"],
            "items": ["Inflammation", "Proliferation", "Remodelling"],
        },
        {
            "id": "shared-tf",
            "type": "true_false",
            "prompt": "Skin is an organ.",
            "objectives": ["m1.skin"],
            "answer": True,
            "feedback_false": "It is the largest one.",
            "tags": ["easy", "week 1"],
        },
    ],
}


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_export_import_export_writes_the_same_file(fmt, tmp_path):
    original = Quiz.model_validate(SHARED)
    first = export_quiz(original, fmt, assets_dir=tmp_path)
    imported = import_bytes(first.text.encode(), fmt, filename="shared", assets_dir=tmp_path)
    loaded, problems = parse_quiz(imported.yaml().encode(), "shared.yaml")
    assert problems == []
    assert loaded.quiz == original
    assert export_quiz(loaded.quiz, fmt, assets_dir=tmp_path).text == first.text


MOODLE_GIFT = """\
// [tag:hard]
::Capital::Capital of France?{
\t=Paris
\t=%0%Lyon#Lyon is the third city.
\t=%0%*#Completely wrong
}

::Depth::Depth in mm?{#
\t=1.5:0.1
\t~#Read the depth lesson.
}

::Phases::Order them.{>3 ALL VERTICAL ALL_OR_NOTHING SHOW abc
Inflammation
Proliferation
Remodelling
}
"""


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_a_moodle_bank_comes_back_the_same_through_yaml(fmt):
    first = import_bytes(MOODLE_GIFT.encode(), "gift", filename="bank.gift")
    capital, depth, phases = first.data["questions"]
    assert (len(capital["answers"]), capital["tags"]) == (3, ["hard"])
    assert depth["feedback_other"] == "Read the depth lesson."
    assert phases["items"] == ["Inflammation", "Proliferation", "Remodelling"]
    quiz = Quiz.model_validate(first.data)
    again = import_bytes(export_quiz(quiz, fmt).text.encode(), fmt, filename="bank")
    assert again.data == first.data


BANK = """\
::one::Skin is an organ.{T}

::two::Which layer is outermost?{=epidermis ~dermis

::three::The dermis lies under the epidermis.{T}
"""


def test_import_of_a_bank_with_one_broken_question_writes_the_rest(tmp_path):
    source, output = tmp_path / "bank.gift", tmp_path / "bank.yaml"
    source.write_text(BANK, encoding="utf-8")
    result = run_cli("import", str(source), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert "line 3: unbalanced braces: this '{' is not closed by a '}'" in result.stderr
    assert f"wrote {output}: 2 questions (1 question left out)" in result.stdout
    text = output.read_text()
    assert "id: bank-one" in text and "id: bank-three" in text


def test_strict_import_of_the_same_bank_writes_nothing_and_fails(tmp_path):
    source, output = tmp_path / "bank.gift", tmp_path / "bank.yaml"
    source.write_text(BANK, encoding="utf-8")
    result = run_cli("import", str(source), "-o", str(output), "--strict")
    assert result.returncode == 1
    assert "1 question could not be imported" in result.stderr
    assert not output.exists()


def test_import_of_a_bank_with_nothing_readable_fails(tmp_path):
    source, output = tmp_path / "bank.gift", tmp_path / "bank.yaml"
    source.write_text("::two::Which layer?{=epidermis ~dermis\n", encoding="utf-8")
    result = run_cli("import", str(source), "-o", str(output))
    assert result.returncode == 1
    assert "no question NeedleWise can import" in result.stderr
    assert not output.exists()

"""Every shipped quiz survives GIFT and Moodle XML and back; imported files pass check."""

from __future__ import annotations

from pathlib import Path

import pytest

from needlewise import config
from needlewise.check import run_check
from needlewise.problems import errors
from needlewise.quiz.formats import export_quiz, import_bytes
from needlewise.quiz.loading import parse_quiz, read_quiz
from needlewise.quiz.schema import (
    LeafQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    Quiz,
    ShortTextQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from needlewise.quiz.scoring import correct_response, score

from .builders import ROOT

SHIPPED = sorted((ROOT / "quizzes").glob("*.yaml"))
INTEROP = Path(__file__).parent / "interop"
SUFFIX = {"gift": ".gift", "moodle-xml": ".xml"}


def responses(question: LeafQuestion) -> list[dict]:
    """The right response, and every single-option or single-choice response there is."""
    found = [correct_response(question)]
    if isinstance(question, SingleQuestion):
        found += [{"choice": i} for i in range(len(question.options))]
    elif isinstance(question, MultipleQuestion):
        found += [{"choices": [i]} for i in range(len(question.options))]
        found.append({"choices": list(range(len(question.options)))})
    elif isinstance(question, TrueFalseQuestion):
        found += [{"value": True}, {"value": False}]
    elif isinstance(question, NumericQuestion):
        found += [{"text": repr(a.value)} for a in question.answers]
        found += [{"text": f"{a.value + a.tolerance * 2 + 1:g}"} for a in question.answers]
    elif isinstance(question, ShortTextQuestion):
        found += [{"text": a.text.replace("*", "x")} for a in question.accepted]
        found.append({"text": "certainly not this"})
    elif isinstance(question, MatchingQuestion):
        size = len(question.choices)
        found += [{"matches": [choice] * len(question.pairs)} for choice in range(size)]
    elif isinstance(question, OrderingQuestion):
        found.append({"order": list(reversed(range(len(question.items))))})
    return found


def round_trip(quiz: Quiz, fmt: str):
    exported = export_quiz(quiz, fmt)
    imported = import_bytes(exported.text.encode(), fmt, filename=f"copy{SUFFIX[fmt]}")
    return imported


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_quiz_comes_back_with_the_same_questions_and_scores(path, fmt):
    original = read_quiz(path, path.name)[0].quiz
    imported = round_trip(original, fmt)
    back = Quiz.model_validate(imported.data)
    assert back.id == original.id
    old_leaves = [q for _, q in original.leaves()]
    new_leaves = [q for _, q in back.leaves()]
    assert [q.id for q in new_leaves] == [q.id for q in old_leaves]
    for old, new in zip(old_leaves, new_leaves, strict=True):
        assert (new.type, new.points, new.objectives) == (old.type, old.points, old.objectives)
        assert correct_response(new) == correct_response(old)
        for response in responses(old):
            assert score(new, response).fraction == pytest.approx(
                score(old, response).fraction, abs=1e-9
            ), (old.id, response)
    assert back == original, "everything else comes back too"
    assert not [n for n in imported.notes if "unassigned" in n.message]


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_the_imported_yaml_is_the_same_quiz_file_again(fmt):
    original = read_quiz(ROOT / "quizzes" / "m1-quiz.yaml", "m1-quiz.yaml")[0].quiz
    text = round_trip(original, fmt).yaml()
    loaded, problems = parse_quiz(text.encode(), "copy.yaml")
    assert problems == []
    assert loaded.quiz == original


@pytest.mark.parametrize(
    "name", ["constructs.gift", "constructs.xml", "constructs.aiken"], ids=lambda n: n
)
def test_an_imported_file_passes_check(tmp_path, name):
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    result = import_bytes(
        (INTEROP / name).read_bytes(),
        None,
        filename=name,
        quiz_id=f"imported-{Path(name).suffix[1:]}",
    )
    target = quizzes / f"{result.data['id']}.yaml"
    target.write_text(result.yaml(), encoding="utf-8")
    settings = config.load({}, env={})
    # Warnings (such as partial credit on a short ordering) do not make check fail.
    assert errors(run_check([str(target)], settings, base=ROOT)) == []


def test_the_yaml_is_readable():
    result = import_bytes(
        (INTEROP / "constructs.gift").read_bytes(), None, filename="constructs.gift"
    )
    text = result.yaml()
    assert text.startswith("id: constructs\ntitle: Skin biology\n\nquestions:\n  - id: ")
    assert "\n\n  - id: constructs-escapes\n    type: single\n    prompt: " in text
    assert "    objectives: [unassigned]\n" in text

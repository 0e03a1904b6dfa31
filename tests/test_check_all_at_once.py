"""`check` (and the Quiz studio's check) says every problem of a quiz file at once: a file
that fails validation still gets the problems its raw data shows (ids used twice, unknown
objectives), each said once, and none made up from what could not be read."""

from __future__ import annotations

from pathlib import Path

from needlewise import config, quiz_bank
from needlewise.check import run_check
from needlewise.quiz.loading import parse_quiz

from .builders import run_cli, shipped_content

# The exploratory tester's q_bad2.yaml: schema errors hid the duplicate id and the unknown
# objective until they were fixed.
SCHEMA_ERRORS_AND_MORE = """\
id: ex-quiz-1
title: "Explorer quiz"
module: m1
pass_mark: 80
attempts: unlimited
grading: highest
shuffle: {questions: false, options: true}
review: {when: always}
colour: blue

questions:
  - id: q1
    type: single
    prompt: What is the epidermis?
    objectives: [m1.skin-structure]
    options:
      - text: The outer layer
        correct: true
      - text: The inner layer
        feedbak: Wrong, it is the outer one.
      - text: The fat
        feedback: No.
    explanation: The epidermis is outermost.
  - id: q1
    type: single
    prompt: Which needle length is median?
    objectives: [m1.skin-structure]
    options:
      - text: 1.5 mm
      - text: 3 mm
        feedback: too long
    explanation: Harris 2015.
  - id: q3
    type: true_false
    prompt: Skin is thick.
    objectives: [m1.nonexistent]
    answer: maybe
    explanation: bad indent
"""

EXPECTED = [
    (9, 1, "unknown field 'colour'; allowed here: "),
    (20, 9, "unknown field 'feedbak'; did you mean 'feedback'?"),
    (24, 5, "questions #2: no correct option: mark one option 'correct: true'"),
    (24, 9, "question id 'q1' is already used on line 12"),
    (36, 18, "unknown objective 'm1.nonexistent'"),
    (37, 13, "questions #3 -> answer: Input should be a valid boolean"),
]


def check_text(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text(text, encoding="utf-8")
    problems = run_check([str(quiz)], config.load({}, env={}), base=tmp_path)
    assert all(p.path == "quiz.yaml" and not p.warning for p in problems), problems
    return [(p.line, p.col, p.message) for p in problems]


def test_schema_errors_do_not_hide_a_duplicate_id_or_an_unknown_objective(tmp_path):
    found = check_text(tmp_path, SCHEMA_ERRORS_AND_MORE)
    assert len(found) == len(EXPECTED), found
    for (line, col, message), expected in zip(found, EXPECTED, strict=True):
        assert (line, col) == expected[:2] and message.startswith(expected[2]), found


def test_the_command_prints_them_all_with_their_lines(tmp_path):
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text(SCHEMA_ERRORS_AND_MORE, encoding="utf-8")
    result = run_cli("check", str(quiz))
    assert result.returncode == 1
    printed = result.stdout.splitlines()
    assert f"{quiz}:24:9: question id 'q1' is already used on line 12" in printed
    assert f"{quiz}:36:18: unknown objective 'm1.nonexistent'" in printed
    assert len(printed) == len(EXPECTED), printed


def test_the_studios_check_gets_the_duplicate_id_with_the_schema_errors():
    # The Quiz studio checks its text through parse_quiz, as check reads a file.
    loaded, problems = parse_quiz(SCHEMA_ERRORS_AND_MORE.encode(), "db/ex-quiz-1")
    assert loaded is None
    found = [(p.line, p.col, p.message) for p in problems]
    assert (24, 9, "question id 'q1' is already used on line 12") in found
    assert len([p for p in found if p[:2] == (9, 1)]) == 1


def test_the_studios_check_says_every_problem_check_says():
    found = quiz_bank.check_text(shipped_content(), "ex-quiz-1", SCHEMA_ERRORS_AND_MORE, "db")
    said = [(p.line, p.col, p.message) for p in found]
    assert len(said) == len(EXPECTED), said
    for (line, col, message), expected in zip(said, EXPECTED, strict=True):
        assert (line, col) == expected[:2] and message.startswith(expected[2]), said


def test_a_fixed_file_reports_the_rest_as_before(tmp_path):
    fixed = (
        SCHEMA_ERRORS_AND_MORE.replace("colour: blue\n", "")
        .replace("feedbak", "feedback")
        .replace("      - text: 1.5 mm\n", "      - text: 1.5 mm\n        correct: true\n")
        .replace("answer: maybe", "answer: true")
    )
    assert check_text(tmp_path, fixed) == [
        (23, 9, "question id 'q1' is already used on line 11"),
        (36, 18, "unknown objective 'm1.nonexistent'"),
    ]


def test_ids_objectives_and_types_that_fail_validation_are_not_judged_again(tmp_path):
    text = """\
id: odd
title: Odd
module: m1
questions:
  - id: "bad id"
    type: true_false
    prompt: A?
    objectives: [m1.skin-structure]
    answer: true
  - id: "bad id"
    type: true_false
    prompt: B?
    objectives: ["not an id!"]
    answer: true
  - id: essay-1
    type: essay
    prompt: Write.
  - id: tf-2
    type: true_false
    prompt: C?
    objectives: [m1.skin-structure]
    answer: maybe
"""
    found = check_text(tmp_path, text)
    messages = [message for _, _, message in found]
    assert not any("already used" in m or "has no objectives" in m for m in messages), found
    assert not any(m.startswith("unknown objective") for m in messages), found
    assert [(line, col) for line, col, _ in found] == [
        (5, 9),
        (10, 9),
        (13, 18),
        (16, 11),
        (22, 13),
    ]


def test_the_raw_checks_follow_case_parts_and_the_course_names(tmp_path):
    text = """\
id: cases
title: Cases
module: m99
questions:
  - id: case-1
    type: case
    vignette: {text: A client.}
    objectives: [m1.skin-structure]
    questions:
      - id: part-1
        type: true_false
        prompt: A?
        answer: true
      - id: part-1
        type: true_false
        prompt: B?
        objectives: [m1.missing]
        references: [nobody2020]
        answer: true
  - id: lone
    type: true_false
    prompt: C?
    answer: maybe
"""
    assert check_text(tmp_path, text) == [
        (3, 9, "unknown module 'm99'"),
        (14, 13, "question id 'part-1' is already used on line 10"),
        (17, 22, "unknown objective 'm1.missing'"),
        (18, 22, "unknown reference 'nobody2020'"),
        (20, 5, "question 'lone' has no objectives"),
        (
            23,
            13,
            "questions #2 -> answer: Input should be a valid boolean, unable to interpret input",
        ),
    ]


# A single-answer question with two fully right options beside a question that fails
# validation: the first is read in full, so its own checks are said with the schema error.
TWO_RIGHT_AND_A_BROKEN_QUESTION = """\
id: two-right
title: Two right
module: m1
questions:
  - id: layer
    type: single
    prompt: Which layer is outermost?
    objectives: [m1.skin-structure]
    options:
      - text: The epidermis
        correct: true
      - text: The outer layer
        correct: true
      - text: The dermis
  - id: broken
    type: true_false
    prompt: Skin is thick.
    objectives: [m1.nonexistent]
    answer: maybe
"""
TWO_RIGHT = (
    "2 options are fully right in a single-answer question, which needs one best answer: "
    "keep one right answer (make the others wrong, or partly right with a fraction below 1), "
    "or make it a multiple-answer question ('type: multiple')"
)


def test_a_question_that_validates_gets_its_checks_beside_another_ones_schema_error(tmp_path):
    assert check_text(tmp_path, TWO_RIGHT_AND_A_BROKEN_QUESTION) == [
        (12, 9, TWO_RIGHT),
        (18, 18, "unknown objective 'm1.nonexistent'"),
        (
            19,
            13,
            "questions #2 -> answer: Input should be a valid boolean, unable to interpret input",
        ),
    ]
    # Where check puts it once the other question is fixed, too.
    fixed = TWO_RIGHT_AND_A_BROKEN_QUESTION.replace("maybe", "true").replace(
        "m1.nonexistent", "m1.skin-structure"
    )
    assert check_text(tmp_path, fixed) == [(12, 9, TWO_RIGHT)]


def test_a_question_that_fails_validation_is_not_judged_by_what_it_seems_to_say(tmp_path):
    # The first question fails validation (a misspelt field), so its two right options are
    # not judged; the second is read in full, so they are.
    text = TWO_RIGHT_AND_A_BROKEN_QUESTION.replace(
        "      - text: The dermis\n", "      - text: The dermis\n        feedbak: No.\n", 1
    ).replace(
        "    answer: maybe\n",
        """\
    answer: true
  - id: layer-2
    type: single
    prompt: Which layer is innermost?
    objectives: [m1.skin-structure]
    options:
      - text: The hypodermis
        correct: true
      - text: The subcutis
        correct: true
""",
    )
    assert check_text(tmp_path, text) == [
        (15, 9, "unknown field 'feedbak'; did you mean 'feedback'?"),
        (19, 18, "unknown objective 'm1.nonexistent'"),
        (28, 9, TWO_RIGHT),
    ]


def test_case_parts_that_validate_are_checked_against_the_siblings_that_validate(tmp_path):
    text = """\
id: case-checks
title: Case checks
module: m1
questions:
  - id: case-1
    type: case
    vignette: {text: A client asks about her skin.}
    objectives: [m1.skin-structure]
    questions:
      - id: part-choice
        type: single
        prompt: Which layer is outermost?
        options:
          - text: The epidermis
            correct: true
          - text: The dermis
      - id: part-name
        type: short_text
        prompt: Name the outermost layer.
        answers: ["*derm*"]
        reject: [hypodermis]
      - id: part-broken
        type: single
        prompt: Which layer holds fat?
        options:
          - text: The hypodermis
            correct: true
          - text: The epidermis
            colour: red
      - id: part-order
        type: ordering
        prompt: Put the layers in order, outermost first.
        items: [Epidermis, Dermis, Hypodermis]
        scoring: partial
"""
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text(text, encoding="utf-8")
    problems = run_check([str(quiz)], config.load({}, env={}), base=tmp_path)
    said = [(p.line, p.col, p.message, p.warning) for p in problems]
    assert said == [
        (
            20,
            19,
            "accepted answer '*derm*' also accepts 'non-derm': a wildcard in front lets a "
            "negation or another word through; list the accepted spellings instead, or add "
            "reject examples",
            True,
        ),
        (
            20,
            19,
            "accepted answer '*derm*' matches 'The dermis', a wrong option of 'part-choice' in "
            "the same case",
            False,
        ),
        (20, 19, "accepted answer '*derm*' matches the reject example 'hypodermis'", False),
        (29, 13, "unknown field 'colour'", False),
        (
            34,
            18,
            "partial credit on an ordering of 3 items gives marks to sequences that are wrong; "
            "use 'scoring: all_or_nothing' or order at least 4 items",
            True,
        ),
    ]
    # 'The epidermis', a wrong option of the part that fails validation, is not read.
    assert not any("part-broken" in message for _, _, message, _ in said)


def test_the_studio_and_check_say_the_same_of_the_same_broken_text(tmp_path):
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text(TWO_RIGHT_AND_A_BROKEN_QUESTION, encoding="utf-8")
    by_check = run_check([str(quiz)], config.load({}, env={}), base=tmp_path)
    by_studio = quiz_bank.check_text(
        shipped_content(), "two-right", TWO_RIGHT_AND_A_BROKEN_QUESTION, "db/two-right@v1"
    )
    said = {(p.line, p.col, p.message, p.warning) for p in by_check}
    assert {(p.line, p.col, p.message, p.warning) for p in by_studio} == said
    assert (12, 9, TWO_RIGHT, False) in said
    assert len(by_studio) == len(by_check) == 3

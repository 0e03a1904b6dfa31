"""YAML mistakes are named in plain words, at the line and column to fix, not in PyYAML's
parser terms ("mapping values are not allowed here", "expected <block end>, but found
'<scalar>'", "found character '\\t' that cannot start any token")."""

from __future__ import annotations

import pytest

from needlewise import config, yamlpos
from needlewise.check import run_check

PARSER_WORDS = ("mapping values", "<block end>", "<scalar>", "cannot start any token", "while ")

# The exploratory tester's q_bad1.yaml: one line indented a space too far.
BAD_INDENT = """\
id: ex-quiz-1
title: "Explorer quiz"
questions:
  - id: q3
    type: true_false
    prompt: Skin is thick.
    objectives: [m1.nonexistent]
    answer: maybe
     explanation: bad indent
"""

CASES = [
    pytest.param(
        BAD_INDENT,
        (9, 17),
        "a ':' where a new key cannot start; check the indentation of this line, or put "
        "text that contains ': ' in quotes",
        id="indented-too-far",
    ),
    pytest.param(
        "id: q\nprompt: Ratio: 1 to 2\n",
        (2, 14),
        "a ':' where a new key cannot start; check the indentation of this line, or put "
        "text that contains ': ' in quotes",
        id="colon-in-text",
    ),
    pytest.param(
        "id: t\ntitle: T\nquestions:\n\t- id: a\n",
        (4, 1),
        "a tab character; YAML indents with spaces only, so replace it with spaces",
        id="tab",
    ),
    pytest.param(
        "questions:\n  - id: q1\n    prompt: x\n   explanation: y\n",
        (4, 4),
        "the indentation of this line does not match the lines around it; line up each key "
        "with the other keys of its mapping, and each '-' with the other items of its list",
        id="indented-too-little",
    ),
    pytest.param(
        "a:\n  b: 1\n c: 2\n",
        (3, 2),
        "the indentation of this line does not match the lines around it;",
        id="between-two-levels",
    ),
    pytest.param(
        'questions:\n  - id: x\n    prompt: "What" is it\n',
        (3, 20),
        "more text after a closing quote; a value that starts with a quote mark ends at the "
        "next one, so put the whole value in the other kind of quotes",
        id="text-after-quote",
    ),
    pytest.param(
        "title: [Draft] quiz\n",
        (1, 16),
        "more text after a closing ']'; a value that starts with '[' is read as a list, so put "
        "the whole value in quotes",
        id="text-after-bracket",
    ),
    pytest.param(
        'id: x\ntitle: "Explorer quiz\nmodule: m1\n',
        (2, 8),
        "this quote is never closed; end the value with the same quote mark",
        id="unclosed-quote",
    ),
    pytest.param(
        "id: x\ntitle: [an unclosed list\nquestions: []\n",
        (3, 10),
        "the '[' on line 2 is not closed; end it with ']', or put a value that starts with "
        "'[' in quotes",
        id="unclosed-list",
    ),
    pytest.param(
        "id: x\nobjectives: [m1.a, m1.b\n",
        (2, 13),
        "the '[' is not closed; end it with ']'",
        id="unclosed-list-at-the-end",
    ),
    pytest.param(
        "id: x\nreview:\n  marks: true\n  just text\n  when: always\n",
        (4, 3),
        "this line is not 'key: value'; add the missing ': ', or, if it continues the text "
        "above, indent it further than that text's key",
        id="no-colon",
    ),
    pytest.param(
        "answers:\n  - text: *occlu*\n",
        (2, 11),
        "a value cannot start with '*' (YAML reads it as a reference to another part of the "
        "file); put the whole value in quotes",
        id="star",
    ),
    pytest.param(
        "prompt: `code` here\n",
        (1, 9),
        "a value cannot start with '`'; put the whole value in quotes",
        id="backtick",
    ),
    pytest.param(
        "feedback: !Important read this\n",
        (1, 11),
        "a value cannot start with '!'",
        id="exclamation",
    ),
    pytest.param(
        "text: > 5 mm\n",
        (1, 7),
        "a value cannot start with '>' followed by text",
        id="greater-than",
    ),
    pytest.param(
        'prompt: "C:\\quizzes"\n',
        (1, 13),
        "'\\q' is not a known escape inside double quotes; write '\\\\' for a backslash, or "
        "use single quotes",
        id="escape",
    ),
    pytest.param(
        "id: x\n---\nid: y\n",
        (2, 1),
        "a second document starts here ('---'); a file holds one",
        id="two-documents",
    ),
]


@pytest.mark.parametrize(("text", "where", "message"), CASES)
def test_a_yaml_mistake_is_said_in_plain_words_where_it_is(text, where, message):
    with pytest.raises(yamlpos.YamlError) as caught:
        yamlpos.load(text, "quiz.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == where, problem
    assert problem.message.startswith(f"YAML syntax error: {message}"), problem.message
    assert not any(words in problem.message for words in PARSER_WORDS), problem.message


def test_an_error_with_no_plain_words_keeps_the_parsers():
    with pytest.raises(yamlpos.YamlError) as caught:
        yamlpos.load("a: 1\n%x\n", "quiz.yaml")
    [problem] = caught.value.problems
    assert problem.message == (
        "YAML syntax error: expected '<document start>', but found '<stream end>'"
    )


def test_a_duplicate_key_names_the_line_where_it_was_first_set():
    with pytest.raises(yamlpos.YamlError) as caught:
        yamlpos.load("id: dupkey\nid: dupkey2\ntitle: T\n", "quiz.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (2, 1)
    assert problem.message == "duplicate key 'id': it is already set on line 1; keep one of them"


def test_check_prints_the_plain_words_for_a_quiz_file(tmp_path):
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text(BAD_INDENT, encoding="utf-8")
    [problem] = run_check([str(quiz)], config.load({}, env={}), base=tmp_path)
    assert str(problem) == (
        "quiz.yaml:9:17: YAML syntax error: a ':' where a new key cannot start; check the "
        "indentation of this line, or put text that contains ': ' in quotes"
    )

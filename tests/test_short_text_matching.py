"""Typed answers: one normaliser for scoring and check, reject examples, loose patterns."""

from __future__ import annotations

import textwrap

import pytest
from pydantic import TypeAdapter

from needlewise.quiz.loading import own_warnings, parse_quiz
from needlewise.quiz.schema import Leaf
from needlewise.quiz.scoring import score
from needlewise.quiz.short_text import fold, matches

LEAF = TypeAdapter(Leaf)


def short_text(answers, **fields):
    return LEAF.validate_python(
        {"id": "q", "type": "short_text", "prompt": "Q?", "objectives": ["o"]}
        | {"answers": answers, **fields}
    )


TGF = short_text(["TGF-β3", "transforming growth factor β3"])


class TestNormaliser:
    @pytest.mark.parametrize(
        "text",
        [
            "TGF-β3",
            "TGF-beta3",
            "tgf beta 3",
            "  TGF  -  BETA 3 ",
            "TGFβ3",
            "ＴＧＦ－β３",
            "TGF-Β3",
        ],
    )
    def test_honest_spellings_fold_to_one_form(self, text):
        assert fold(text) == "tgfbeta3"

    @pytest.mark.parametrize(
        ("letter", "name"),
        [("α", "alpha"), ("β", "beta"), ("γ", "gamma"), ("κ", "kappa"), ("Δ", "delta")],
    )
    def test_greek_letters_equal_their_names(self, letter, name):
        assert matches(f"IL-1{letter}", f"IL 1 {name}")
        assert matches(f"IL 1 {name}", f"il-1{letter}")

    def test_the_micro_sign_and_mu_are_one_letter(self):
        assert fold("µm") == fold("μm") == "mum"

    def test_case_sensitive_still_folds_greek_and_spacing(self):
        assert matches("TGF-β3", "TGF beta 3", case_sensitive=True)
        assert not matches("TGF-β3", "tgf beta 3", case_sensitive=True)


class TestScoringTheReportedDefects:
    @pytest.mark.parametrize(
        "text", ["TGF-β3", "TGF-beta3", "tgf beta 3", "Transforming growth factor beta-3"]
    )
    def test_spelled_out_answers_accept_honest_spellings_without_wildcards(self, text):
        assert score(TGF, {"text": text}).fraction == 1

    @pytest.mark.parametrize("text", ["vitamin B3", "TGF-β1 not β3", "TGF-β1", "beta 3", "B3"])
    def test_wrong_answers_earn_nothing(self, text):
        assert score(TGF, {"text": text}).fraction == 0

    def test_the_old_wildcard_keys_did_accept_them(self):
        # Why check warns about these patterns: they give marks to wrong answers.
        assert matches("*b3", "vitamin B3")
        assert matches("*β3", "TGF-β1 not β3")
        assert matches("*occlu*", "non-occlusive")
        assert matches("*hyaluronic*", "non-hyaluronic gel")


def quiz_yaml(questions: str) -> bytes:
    head = "id: t\ntitle: T\nquestions:\n"
    return (head + textwrap.indent(textwrap.dedent(questions), "  ")).encode()


def problems_of(questions: str):
    loaded, problems = parse_quiz(quiz_yaml(questions), "quizzes/t.yaml")
    assert loaded is not None, [str(p) for p in problems]
    return problems + own_warnings(loaded)


class TestCheck:
    def test_a_leading_wildcard_gets_a_negation_warning_at_its_line(self):
        problems = problems_of(
            """\
            - id: dressing
              type: short_text
              prompt: What kind of dressing?
              objectives: [o]
              answers:
                - "*occlu*"
            """
        )
        [problem] = problems
        assert problem.warning and (problem.line, problem.col) == (9, 9)
        assert "'non-occlu'" in problem.message and "'*occlu*'" in problem.message

    def test_a_short_tail_gets_a_warning(self):
        problems = problems_of(
            """\
            - id: tgf
              type: short_text
              prompt: Which TGF?
              objectives: [o]
              answers: [TGF-β3, "*b3"]
            """
        )
        messages = [p.message for p in problems if p.warning]
        assert any("only 2 literal character(s)" in m for m in messages)
        assert not any("TGF-β3" in m for m in messages)

    def test_a_pattern_matching_a_reject_example_is_an_error(self):
        problems = problems_of(
            """\
            - id: glide
              type: short_text
              prompt: Which glide?
              objectives: [o]
              answers:
                - "*hyaluronic*"
                - hyaluronic acid
              reject: [non-hyaluronic gel, vitamin B3]
            """
        )
        errors = [p for p in problems if not p.warning]
        assert [(p.line, p.message) for p in errors] == [
            (9, "accepted answer '*hyaluronic*' matches the reject example 'non-hyaluronic gel'")
        ]

    def test_spelled_out_answers_with_reject_examples_are_clean(self):
        assert (
            problems_of(
                """\
                - id: tgf
                  type: short_text
                  prompt: Which TGF?
                  objectives: [o]
                  answers: [TGF-β3, transforming growth factor β3]
                  reject: [vitamin B3, TGF-β1 not β3, TGF-β1]
                """
            )
            == []
        )

    def test_a_pattern_matching_a_wrong_option_of_a_sibling_part_is_an_error(self):
        problems = problems_of(
            """\
            - id: case
              type: case
              vignette: {text: A client.}
              objectives: [o]
              questions:
                - id: pick
                  type: single
                  prompt: Which dressing?
                  options:
                    - {text: Occlusive film, correct: true}
                    - {text: Non-occlusive gauze}
                - id: name
                  type: short_text
                  prompt: Name the dressing.
                  answers: ["*occlusive*"]
            """
        )
        errors = [p for p in problems if not p.warning]
        assert len(errors) == 1
        assert errors[0].message == (
            "accepted answer '*occlusive*' matches 'Non-occlusive gauze', a wrong option of "
            "'pick' in the same case"
        )
        assert errors[0].line == 18

    def test_check_exits_0_on_warnings_and_1_on_errors(self, tmp_path, monkeypatch):
        from needlewise import cli

        warned = tmp_path / "warned.yaml"
        warned.write_bytes(
            quiz_yaml(
                """\
                - id: w
                  type: short_text
                  prompt: Q?
                  objectives: [unassigned]
                  answers: ["*occlu*"]
                """
            )
        )
        failed = tmp_path / "failed.yaml"
        failed.write_bytes(
            quiz_yaml(
                """\
                - id: f
                  type: short_text
                  prompt: Q?
                  objectives: [unassigned]
                  answers: ["*occlu*"]
                  reject: [non-occlusive]
                """
            )
        )
        monkeypatch.chdir(tmp_path)
        assert cli.main(["check", str(warned)]) == 0
        assert cli.main(["check", str(failed)]) == 1

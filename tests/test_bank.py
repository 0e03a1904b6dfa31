"""The bank report on a small bank built here, its command, and the studio's review list."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from needlewise.bank import bank_report, reading_grade, render_text, syllables
from needlewise.bank_review import items_to_review
from needlewise.content import load_content
from needlewise.stats import Choice, QuestionStats, Report
from needlewise.stats import TestStats as Totals

from .builders import ROOT, write_course

SCAR = "Which scar type is narrow and deep, like a tract to the deep dermis?"
TF_PROMPTS = {
    "a-tf1": "Needling is safe on active acne.",
    "a-tf2": "Numbing cream removes every infection risk.",
    "a-tf3": "Sunscreen belongs in aftercare.",
}
PROMPTS = {
    "a-long": "Which dressing suits the first night after needling?",
    "a-long2": "What should a client avoid putting on freshly treated skin?",
    "f-1": "Which medicine history stops a session today?",
    "f-2": "How is a reusable handpiece cleaned between clients?",
    "f-3": "Who may inject a local anaesthetic in this clinic?",
}


def single(question_id, objectives, options, key=0, **extra):
    return {
        "id": question_id,
        "type": "single",
        "prompt": extra.pop("prompt", PROMPTS.get(question_id)),
        "objectives": objectives,
        "options": [{"text": t, "correct": i == key} for i, t in enumerate(options)],
        "explanation": "Because.",
        "references": ["src"],
        **extra,
    }


def tf(question_id, answer, objective="a.one"):
    return {
        "id": question_id,
        "type": "true_false",
        "prompt": TF_PROMPTS[question_id],
        "objectives": [objective],
        "answer": answer,
        "explanation": "So.",
        "references": ["src"],
    }


@pytest.fixture
def bank(tmp_path):
    """A module quiz (a.one, a.two) and a secure final drawn by blueprint."""
    content_dir, quizzes_dir = write_course(tmp_path)
    for name in ("a-quiz", "b-quiz", "final"):
        (quizzes_dir / f"{name}.yaml").unlink()
    module = {
        "id": "a-quiz",
        "title": "Module A",
        "module": "a",
        "questions": [
            # key longest in 2 of 3 single-answer items
            single("a-long", ["a.one"], ["The long and correct answer", "Short", "Brief"]),
            single("a-long2", ["a.two"], ["Also the longest option here", "No", "Nope"]),
            single("a-short", ["a.one"], ["Yes", "A much longer distractor"], prompt=SCAR),
            tf("a-tf1", False),
            tf("a-tf2", False),
            tf("a-tf3", True),
            {
                "id": "a-bare",
                "type": "numeric",
                "prompt": "How deep, in mm?",
                "objectives": ["a.two", "a.one"],
                "answer": 0.5,
            },
        ],
    }
    final = {
        "id": "final",
        "title": "Final",
        "blueprint": {
            "secure": True,
            "draw": [{"objective": "a.one", "count": 2}, {"objective": "b.one", "count": 2}],
        },
        "questions": [
            single("f-1", ["a.one"], ["Right", "Wrong"]),
            single("f-2", ["a.one"], ["Right", "Wrong"]),
            single("f-3", ["a.one"], ["Right", "Wrong"]),
            single("f-paraphrase", ["b.one"], ["Icepick", "Rolling"],
                   prompt="Which type of scar is narrow and deep, a tract into the deep dermis?"),
        ],
    }  # fmt: skip
    (quizzes_dir / "a-quiz.yaml").write_text(yaml.safe_dump(module, sort_keys=False))
    (quizzes_dir / "final.yaml").write_text(yaml.safe_dump(final, sort_keys=False))
    return content_dir, quizzes_dir, tmp_path


def report_of(bank):
    content_dir, quizzes_dir, root = bank
    content = load_content(content_dir, quizzes_dir, base=root)
    assert content.quizzes.keys() == {"a-quiz", "final"}
    return bank_report(content)


def test_counts_per_type_quiz_and_objective(bank):
    report = report_of(bank)
    assert report.items == 11
    assert report.per_type == {"single": 7, "true_false": 3, "numeric": 1}
    assert report.per_quiz["a-quiz"]["items"] == 7 and report.per_quiz["final"]["items"] == 4
    one = report.per_objective["a.one"]
    assert one == {"items": 9, "pool (first objective)": 8, "in final or secure quizzes": 3}
    assert report.per_objective["b.one"] == {
        "items": 1,
        "pool (first objective)": 1,
        "in final or secure quizzes": 1,
    }


def test_true_false_balance_and_key_longest(bank):
    report = report_of(bank)
    assert report.true_false == {
        "items": 3,
        "share_of_bank": round(3 / 11, 3),
        "keyed_true": 1,
        "keyed_false": 2,
        "share_keyed_false": round(2 / 3, 3),
    }
    # Only a-long and a-long2: a key as long as another option ("Right"/"Wrong") is not
    # the longest.
    assert report.key_longest == {"single_answer_items": 7, "key_is_longest": 2, "share": 0.286}


def test_near_duplicates_pools_and_missing_explanations(bank):
    report = report_of(bank)
    [pair] = report.near_duplicates
    assert {pair.first, pair.second} == {"a-short", "f-paraphrase"}
    assert pair.first_place.startswith("quizzes/a-quiz.yaml:")
    assert pair.second_place.startswith("quizzes/final.yaml:")
    [thin] = report.thin_pools
    assert (thin.objective, thin.count, thin.pool) == ("a.one", 2, 3)
    [below] = report.below_blueprint
    assert (below.objective, below.count, below.pool, below.missing) == ("b.one", 2, 1, 1)
    assert report.no_explanation == ["a-bare"] and report.no_reference == ["a-bare"]


def test_text_report_names_what_an_instructor_acts_on(bank):
    text = render_text(report_of(bank))
    assert "True/false: 3 items (27% of the bank), keyed true 1, keyed false 2" in text
    assert "Key is the longest option: 2 of 7 single-answer items (29%)" in text
    assert "Pairs of near-duplicate stems: 1" in text
    assert "Items without explanation: 1 (a-bare)" in text


class TestReadingLevel:
    @pytest.mark.parametrize(
        ("word", "count"),
        [("skin", 1), ("needle", 2), ("scar", 1), ("collagen", 3), ("make", 1), ("the", 1),
         ("hyperpigmentation", 6), ("1.5", 1)],
    )  # fmt: skip
    def test_syllable_heuristic(self, word, count):
        assert syllables(word) == count

    def test_flesch_kincaid_grade_by_hand(self):
        # 2 sentences, 8 words, 10 syllables: 0.39*4 + 11.8*1.25 - 15.59 = 0.72
        text = "The skin heals fast. New collagen forms here."
        assert reading_grade(text) == pytest.approx(0.39 * 4 + 11.8 * 10 / 8 - 15.59)

    def test_longer_words_and_sentences_read_harder(self):
        easy = "The skin heals. It is red for a day."
        hard = (
            "Post-inflammatory hyperpigmentation occurs considerably more frequently "
            "following ablative fractional resurfacing than following microneedling."
        )
        assert reading_grade(hard) > reading_grade(easy) + 10


def run_bank(*args, env_dirs):
    content_dir, quizzes_dir, root = env_dirs
    return subprocess.run(
        [sys.executable, "-m", "needlewise", "bank", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "HOME": str(root),
            "NEEDLEWISE_CONTENT_DIR": str(content_dir),
            "NEEDLEWISE_QUIZZES_DIR": str(quizzes_dir),
        },
    )


def test_the_bank_command_prints_json_and_text(bank):
    result = run_bank("--format", "json", env_dirs=bank)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["items"] == 11 and data["quizzes"] == ["a-quiz", "final"]
    one_file = run_bank(str(bank[1] / "final.yaml"), env_dirs=bank)
    assert one_file.returncode == 0
    assert one_file.stdout.startswith("Bank report: 4 items in 1 quizzes")


def test_the_bank_command_names_a_missing_or_broken_file(bank):
    broken = bank[1] / "broken.yaml"
    broken.write_text("id: broken\ntitle: B\nquestions: []\n")
    result = run_bank(str(broken), "nowhere.yaml", env_dirs=bank)
    assert result.returncode == 1
    assert "nowhere.yaml:1:1: no such file or folder" in result.stderr
    assert "broken.yaml" in result.stderr
    assert result.stdout.startswith("Bank report: 0 items in 0 quizzes")


def analysis(n: int, facility: float, discrimination: float) -> Report:
    question = QuestionStats("q1", n, facility, 10.0, 50.0, 50.0, 50.0, discrimination, 40.0)
    fine = QuestionStats("q2", n, 60.0, 10.0, 50.0, 50.0, 50.0, 45.0, 40.0)
    choices = [Choice("q1", "A", 95.0, 100.0, 90.0), Choice("q1", "B", 5.0, 0.0, 10.0)]
    choices.append(Choice("q1", "C", 0.0, 0.0, 0.0))
    test = Totals(*[None] * 8)
    return Report(n, test, [question, fine], choices)


def test_review_list_flags_easy_hard_and_weak_items_with_distractor_counts():
    [item] = items_to_review("quiz", analysis(40, 95.0, 35.0))
    assert item.question_id == "q1"
    assert item.reasons == ["nobody chose 'C'", "too easy (95% facility)"]
    assert item.choices == {"A": 38, "B": 2, "C": 0}
    [hard] = items_to_review("quiz", analysis(40, 25.0, 10.0))
    assert hard.reasons == [
        "scores no better than guessing",
        "too hard (25% facility)",
        "weak discrimination (10)",
        "nobody chose 'C'",
    ]


def test_review_list_waits_for_thirty_attempts():
    assert items_to_review("quiz", analysis(29, 95.0, 5.0)) == []


def test_the_studio_shows_the_bank_report_and_the_review_rule(monkeypatch, sqlite_url, bank):
    from needlewise.store import open_store

    from .builders import add_user, make_app, sign_in_as, texts

    content_dir, quizzes_dir, _ = bank
    instructor = add_user(open_store(sqlite_url), "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), instructor)
    at.switch_page("views/studio.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Items"] == "11"
    assert metrics["Key is the longest option"] == "29%"
    assert metrics["Near-duplicate pairs"] == "1"
    assert any("Bank report: 11 items in 2 quizzes" in c.value for c in at.code)
    assert "Items are judged once they have 30 attempts" in texts(at)


def test_the_report_gives_the_final_s_must_pass_section_per_form():
    content = load_content(ROOT / "content", ROOT / "quizzes")
    report = bank_report(content)
    [section] = report.must_pass
    final = content.quizzes["final-assessment"].quiz
    assert final.must_pass is not None
    in_bank = sum(final.must_pass.covers(q) for _, q in final.leaves())
    assert (section.quiz, section.title, section.pass_mark) == (
        "final-assessment",
        "Safety questions",
        80,
    )
    assert (section.items, section.per_form, section.of_form) == (in_bank, 40, 98)
    assert (
        f"Must-pass section of final-assessment: Safety questions, 80% needed; {in_bank} items "
        "in the bank, 40 of 98 in every form"
    ) in render_text(report)
    assert json.loads(json.dumps(report.to_json()))["must_pass"][0]["per_form"] == 40

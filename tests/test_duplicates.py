"""Near-duplicate stems: paraphrases are found, unrelated stems are not, secure pools fail."""

from __future__ import annotations

import yaml

from needlewise.quiz.duplicates import (
    is_near_duplicate,
    near_duplicates,
    secure_leaks,
    similarity,
    stems,
    words,
)
from needlewise.quiz.loading import parse_quiz

HARRIS = "According to the Harris 2015 review, what was the median number of needling sessions?"
PARAPHRASE = "What median number of needling sessions did Harris's 2015 review report?"
UNRELATED = "Which skin type carries the highest risk of post-inflammatory hyperpigmentation?"
OTHER = "How long after a session should a client keep out of direct sun?"


def test_a_paraphrase_is_a_near_duplicate():
    assert is_near_duplicate(words(HARRIS), words(PARAPHRASE))
    assert similarity(words(HARRIS), words(PARAPHRASE)) >= 0.5


def test_unrelated_stems_are_not():
    assert not is_near_duplicate(words(HARRIS), words(UNRELATED))
    assert similarity(words(HARRIS), words(UNRELATED)) < 0.2


def test_words_are_normalised_like_typed_answers():
    assert words("Which TGF-β is up-regulated?") == words("which tgf beta is up regulated")
    assert words("Scars") == words("scar")


def test_a_question_copied_into_a_longer_vignette_is_found():
    question = (
        "Which contraindication on the device labelling rules out needling a client who is "
        "currently taking oral isotretinoin?"
    )
    vignette = (
        "Mia, 24, books a first session for rolling scars. At the consultation she says she "
        "is taking isotretinoin. " + question
    )
    assert is_near_duplicate(words(question), words(vignette))


def quiz(quiz_id: str, prompts: dict[str, str], secure: bool | None = None, case=None):
    questions = [
        {
            "id": question_id,
            "type": "true_false",
            "prompt": prompt,
            "objectives": ["o"],
            "answer": True,
        }
        for question_id, prompt in prompts.items()
    ]
    if case:
        questions.append(case)
    data = {"id": quiz_id, "title": quiz_id, "questions": questions}
    if secure is not None:
        data["blueprint"] = {"secure": secure, "draw": [{"objective": "o", "count": 1}]}
    loaded, problems = parse_quiz(yaml.safe_dump(data, sort_keys=False).encode(), f"{quiz_id}.yaml")
    assert loaded is not None, problems
    return loaded


def test_a_secure_item_echoing_an_unsecured_one_fails_check_naming_both_places():
    module = quiz("m6", {"m6-sessions": HARRIS, "m6-pih": UNRELATED})
    final = quiz("final", {"fa-sessions": PARAPHRASE, "fa-new": OTHER}, secure=True)
    [problem] = secure_leaks([module, final])
    assert (problem.path, problem.line, problem.col) == ("final.yaml", 6, 11)
    assert "question 'fa-sessions' in secure quiz 'final' closely matches 'm6-sessions'" in (
        problem.message
    )
    assert "at m6.yaml:6:11" in problem.message
    assert not problem.warning


def test_an_unsecured_blueprint_and_two_secure_quizzes_may_share_items():
    module = quiz("m6", {"m6-sessions": HARRIS})
    practice = quiz("practice", {"p-sessions": PARAPHRASE}, secure=False)
    assert secure_leaks([module, practice]) == []
    final = quiz("final", {"fa-sessions": PARAPHRASE}, secure=True)
    retake = quiz("retake", {"r-sessions": HARRIS}, secure=True)
    assert secure_leaks([final, retake]) == []


def test_parts_of_one_case_are_not_compared_with_each_other():
    case = {
        "id": "case",
        "type": "case",
        "vignette": {"text": "A long shared story about a client with rolling scars " * 3},
        "questions": [
            {"id": "p1", "type": "true_false", "prompt": "First?", "objectives": ["o"],
             "answer": True},
            {"id": "p2", "type": "true_false", "prompt": "Second?", "objectives": ["o"],
             "answer": True},
        ],
    }  # fmt: skip
    loaded = quiz("q", {"q-sessions": HARRIS, "q-other": PARAPHRASE}, case=case)
    pairs = near_duplicates(stems(loaded))
    assert [(a.question_id, b.question_id) for a, b, _ in pairs] == [("q-sessions", "q-other")]


def test_check_reports_a_secure_leak_across_quiz_files(tmp_path):
    from needlewise.check import run_check
    from needlewise.config import load

    from .builders import write_course

    content_dir, quizzes_dir = write_course(tmp_path)
    module = quiz("m6", {"m6-sessions": HARRIS})
    final = quiz("final-secure", {"fa-sessions": PARAPHRASE}, secure=True)
    for name, loaded in (("m6", module), ("final-secure", final)):
        data = loaded.quiz.model_dump(mode="json", exclude_defaults=True)
        (quizzes_dir / f"{name}.yaml").write_text(yaml.safe_dump(data))
    settings = load({}, env={"NEEDLEWISE_CONTENT_DIR": str(content_dir),
                             "NEEDLEWISE_QUIZZES_DIR": str(quizzes_dir)})  # fmt: skip
    problems = run_check([], settings, base=tmp_path)
    leaks = [str(p) for p in problems if "closely matches" in p.message]
    assert len(leaks) == 1 and leaks[0].startswith("quizzes/final-secure.yaml:")
    assert "'m6-sessions' at quizzes/m6.yaml:" in leaks[0]

"""Daily review never shows what a quiz's review policy hides: a failed attempt at a quiz
reviewed only after passing makes no cards, and older cards of such a quiz are not offered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from needlewise import attempts, clock, review_cards
from needlewise.store import open_store

from .builders import add_user, load_test_course, make_app, sign_in_as, texts

WRONG = {"a-single": {"choice": 1}, "a-tf": {"value": False}}
HALF = {"a-single": {"choice": 0}, "a-tf": {"value": False}}


def take(engine, user, loaded, answers):
    attempt = attempts.start_or_resume(engine, user.id, loaded, 50)
    attempts.save_many(engine, attempt.id, user.id, answers)
    return attempts.submit(engine, attempt.id, user.id)


def test_a_failed_attempt_at_a_quiz_reviewed_after_passing_makes_no_cards(engine, tmp_path):
    course = load_test_course(tmp_path, review="{when: after_passing}")
    user = add_user(engine, "tess")
    failed = take(engine, user, course.quizzes["a-quiz"], WRONG)
    assert not failed.passed
    assert review_cards.due(engine, user.id) == []
    passed = take(engine, user, course.quizzes["a-quiz"], HALF)
    assert passed.passed
    assert [c.question_id for c in review_cards.due(engine, user.id)] == ["a-tf"]


@pytest.mark.parametrize("review", ["{when: never}", "{marks: false}", "{correct_answers: false}"])
def test_a_quiz_that_never_shows_answers_makes_no_cards(engine, tmp_path, review):
    course = load_test_course(tmp_path, review=review)
    user = add_user(engine, "tess")
    take(engine, user, course.quizzes["a-quiz"], WRONG)
    assert review_cards.due(engine, user.id) == []


def test_cards_made_before_the_rule_are_not_offered_until_the_trainee_passes(engine, tmp_path):
    course = load_test_course(tmp_path, review="{when: after_passing}")
    user = add_user(engine, "tess")
    take(engine, user, course.quizzes["a-quiz"], WRONG)
    with engine.begin() as connection:  # as the code before this rule did
        review_cards.add_cards(connection, user.id, "a-quiz", ["a-single"], clock.now())
    hidden = review_cards.hidden_quizzes(engine, user.id, course.quizzes)
    assert hidden == {"a-quiz"}
    assert review_cards.due(engine, user.id, hidden=hidden) == []
    assert review_cards.due_count(engine, user.id, hidden=hidden) == 0
    take(engine, user, course.quizzes["a-quiz"], HALF)
    hidden = review_cards.hidden_quizzes(engine, user.id, course.quizzes)
    assert hidden == set()
    assert review_cards.due_count(engine, user.id, hidden=hidden) == 2


def review_page(monkeypatch, tmp_path, review: str):
    content = load_test_course(tmp_path, review=review)
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    user = add_user(engine, "tess")
    with engine.begin() as connection:
        review_cards.add_cards(
            connection, user.id, "a-quiz", ["a-single"], clock.now() - timedelta(minutes=1)
        )
    at = make_app(monkeypatch, url, tmp_path / "content", tmp_path / "quizzes")
    sign_in_as(at, user).switch_page("views/review.py").run()
    assert not at.exception
    return at, engine, content


def test_the_review_page_does_not_offer_a_card_its_quiz_hides(monkeypatch, tmp_path):
    at, engine, _ = review_page(monkeypatch, tmp_path, "{when: after_passing}")
    assert "No questions to review." in texts(at)
    assert "Pick the right one." not in texts(at)
    engine.dispose()


def test_the_review_page_leaves_out_the_explanation_when_the_quiz_does(monkeypatch, tmp_path):
    at, engine, _ = review_page(monkeypatch, tmp_path, "{explanations: false}")
    assert "Pick the right one." in texts(at)
    at.radio[0].set_value(1)
    at.button(key="review_check").click().run()
    assert not at.exception
    shown = texts(at)
    assert "(not correct)" in shown and "**Correct answer:** Right" in shown
    assert "Why:" not in shown
    engine.dispose()


def test_the_review_page_shows_the_explanation_when_the_quiz_does(monkeypatch, tmp_path):
    at, engine, _ = review_page(monkeypatch, tmp_path, "{when: always}")
    at.radio[0].set_value(1)
    at.button(key="review_check").click().run()
    assert "Why:" in texts(at)
    engine.dispose()

"""Daily review asks a question as a quiz would: options in a fresh order (never the
file's, where the key is often first), no check of an empty answer, and after a wrong
answer the right one."""

from __future__ import annotations

import random
from datetime import timedelta

from needlewise import clock, review_cards
from needlewise.quiz.layout import question_slot
from needlewise.quiz.schema import ChoiceQuestion, OrderingQuestion
from needlewise.store import open_store

from .builders import add_user, load_test_course, make_app, shipped_content, sign_in_as, texts


def test_a_reviewed_question_s_options_are_shuffled_as_its_quiz_shuffles_them():
    content = shipped_content()
    first_is_key = asked = 0
    for loaded in content.quizzes.values():
        for _, question in loaded.quiz.leaves():
            if isinstance(question, OrderingQuestion):
                for seed in range(20):
                    order = question_slot(loaded.quiz, question, random.Random(seed))["items"]
                    assert order != sorted(order), question.id  # never shown solved
            if not isinstance(question, ChoiceQuestion) or question.shuffle is False:
                continue
            for seed in range(20):
                order = question_slot(loaded.quiz, question, random.Random(seed))["options"]
                assert sorted(order) == list(range(len(question.options)))
                first_is_key += question.options[order[0]].correct
                asked += 1
    assert asked > 1000
    # The key comes first about once in the number of options, not every time.
    assert first_is_key < asked / 2


def _review_page(monkeypatch, tmp_path, due_minutes_ago: int = 1):
    load_test_course(tmp_path, review="{when: always}")
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    user = add_user(engine, "tess")
    with engine.begin() as connection:
        review_cards.add_cards(
            connection,
            user.id,
            "a-quiz",
            ["a-single"],
            clock.now() - timedelta(minutes=due_minutes_ago),
        )
    at = make_app(monkeypatch, url, tmp_path / "content", tmp_path / "quizzes")
    sign_in_as(at, user).switch_page("views/review.py").run()
    assert not at.exception
    return at, engine, user


def test_the_page_shows_the_options_in_the_card_s_own_order(monkeypatch, tmp_path):
    orders = set()
    # Each card draws its own order: with 30 cards, all alike by chance is about 2 in a
    # billion (with 8 it was 1 in 128, and it happened).
    for minutes in range(1, 31):
        folder = tmp_path / str(minutes)
        at, engine, _ = _review_page(monkeypatch, folder, minutes)
        orders.add(tuple(at.radio[0].options))
        at.run()
        assert tuple(at.radio[0].options) in orders  # the same order on every run
        engine.dispose()
    assert orders == {("Right", "Wrong"), ("Wrong", "Right")}


def test_checking_without_an_answer_asks_for_one_and_changes_nothing(monkeypatch, tmp_path):
    at, engine, user = _review_page(monkeypatch, tmp_path)
    at.button(key="review_check").click().run()
    assert "Answer the question first, then check it." in texts(at)
    assert "Not correct." not in texts(at)
    assert [card.question_id for card in review_cards.due(engine, user.id)] == ["a-single"]
    engine.dispose()


def test_a_wrong_answer_is_shown_with_the_right_one(monkeypatch, tmp_path):
    at, engine, user = _review_page(monkeypatch, tmp_path)
    at.radio[0].set_value(1).run()  # "Wrong"
    at.button(key="review_check").click().run()
    shown = texts(at)
    assert "**Your answer:** Wrong" in shown and "(not correct)" in shown
    assert "**Correct answer:** Right" in shown
    assert review_cards.due(engine, user.id) == []
    engine.dispose()


def test_with_nothing_due_the_page_says_when_the_next_question_comes_back(monkeypatch, tmp_path):
    at, engine, _ = _review_page(monkeypatch, tmp_path)
    at.radio[0].set_value(0).run()  # "Right"
    at.button(key="review_check").click().run()
    at.button(key="review_next").click().run()
    shown = texts(at)
    assert "Nothing is due for review now. 1 question will come back, the first in " in shown
    assert "days (" in shown or "day (" in shown
    engine.dispose()


def test_a_number_the_question_cannot_read_is_refused_with_why_and_kept_for_later(
    monkeypatch, tmp_path
):
    load_test_course(tmp_path, review="{when: always}")
    quiz = tmp_path / "quizzes" / "a-quiz.yaml"
    quiz.write_text(
        quiz.read_text()
        + """  - id: a-width
    type: numeric
    prompt: How wide, in millimetres?
    objectives: [a.two]
    answer: 2
    tolerance: 0
    unit: mm
    explanation: Because [@src].
    references: [src]
"""
    )
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    user = add_user(engine, "tess")
    with engine.begin() as connection:
        review_cards.add_cards(
            connection, user.id, "a-quiz", ["a-width"], clock.now() - timedelta(minutes=1)
        )
    at = make_app(monkeypatch, url, tmp_path / "content", tmp_path / "quizzes")
    sign_in_as(at, user).switch_page("views/review.py").run()
    at.text_input[0].input("0.2 cm").run()
    at.button(key="review_check").click().run()
    shown = texts(at)
    assert "is not accepted here; give the answer in mm." in shown.replace("\\", "")
    assert "Fix it, then check it." in shown
    assert "(not correct)" not in shown
    assert [card.question_id for card in review_cards.due(engine, user.id)] == ["a-width"]
    engine.dispose()

"""Adrenaline is taught within scope: the emergency services are called first, and
adrenaline is given only by someone trained and authorised under the clinic's protocol
(or through the client's own auto-injector)."""

from __future__ import annotations

import re

from .builders import lesson_texts, shipped_content

SCOPED = re.compile(r"trained and authorised|own (adrenaline )?auto-injector", re.I)


def question_text(question) -> str:
    """Everything a question says: prompt, options, feedback and explanation."""
    return " ".join(str(v) for v in question.model_dump().values() if v)


def unscoped_adrenaline(text: str) -> bool:
    return bool(re.search(r"adrenaline|epinephrine", text, re.I) and not SCOPED.search(text))


def test_the_rule_catches_adrenaline_taught_without_its_scope():
    assert unscoped_adrenaline("Give adrenaline into the thigh muscle at once.")
    assert not unscoped_adrenaline("Help her use her own auto-injector of adrenaline.")


def test_the_emergencies_lesson_states_who_gives_adrenaline_and_what_comes_first():
    text = re.sub(r"\s+", " ", lesson_texts()["m6-complications-and-emergencies"])
    assert "given only by someone trained and authorised to give it under your clinic's" in text
    assert "the first action is the same: call the emergency services" in text
    anaphylaxis = text[text.index("### Anaphylaxis") :]
    assert anaphylaxis.index("Call the emergency services at once") < anaphylaxis.index(
        "**Adrenaline:**"
    )


def test_every_question_that_mentions_adrenaline_keeps_it_in_scope():
    texts = {
        question.id: question_text(question)
        for loaded in shipped_content().quizzes.values()
        for _, question in loaded.quiz.leaves()
    }
    assert len([t for t in texts.values() if re.search("adrenaline", t, re.I)]) >= 3
    assert not [qid for qid, text in texts.items() if unscoped_adrenaline(text)]

"""The logbook's choices (content/logbook.yaml), each citing the lesson that teaches it."""

from __future__ import annotations

import re

from pydantic import Field

from ..quiz.schema import Id, Strict, Text


class Choice(Strict):
    id: Id
    name: Text
    lesson: Id


class Outcome(Choice):
    treated: bool = Field(description="Whether a treatment may follow this screening decision.")


class Forbidden(Choice):
    words: list[Text] = Field(
        min_length=1,
        description="Each matches at the start of a word of the product's name, so 'retin' "
        "finds retinol; a word ending in a part of three letters or fewer ('AHA', "
        "'vitamin C') must end a word there too. Case and punctuation are ignored.",
    )

    def found_in(self, name: str) -> bool:
        """Whether the product's ``name`` mentions one of the words."""
        text = _plain(name)
        return any(_word_pattern(w).search(text) for w in self.words)


def _plain(text: str) -> str:
    """Lower case, with punctuation as spaces: "Alpha-Hydroxy" reads "alpha hydroxy"."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _word_pattern(word: str) -> re.Pattern[str]:
    plain = _plain(word)
    end = r"(?![a-z0-9])" if len(plain.split(" ")[-1]) <= 3 else ""
    return re.compile(r"(?<![a-z0-9])" + re.escape(plain) + end)


class AdverseEvent(Choice):
    steps: Text


class LogbookLists(Strict):
    screening_outcomes: list[Outcome] = Field(min_length=1)
    scar_types: list[Choice] = Field(min_length=1)
    grades: list[Choice] = Field(min_length=1)
    products_allowed: list[Choice] = Field(min_length=1)
    products_forbidden: list[Forbidden] = Field(min_length=1)
    adverse_events: list[AdverseEvent] = Field(min_length=1)

    def cited_lessons(self) -> list[tuple[str, str]]:
        """(list name, lesson id) of every item, for the course check."""
        found = []
        for name in type(self).model_fields:
            found += [(name, item.lesson) for item in getattr(self, name)]
        return found

    def forbidden_in(self, text: str) -> list[Forbidden]:
        """The forbidden products a free-text product name mentions."""
        return [f for f in self.products_forbidden if f.found_in(text)]

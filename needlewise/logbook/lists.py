"""The logbook's choices (content/logbook.yaml), each citing the lesson that teaches it."""

from __future__ import annotations

from pydantic import Field

from ..quiz.schema import Id, Strict, Text


class Choice(Strict):
    id: Id
    name: Text
    lesson: Id


class Outcome(Choice):
    treated: bool = Field(description="Whether a treatment may follow this screening decision.")


class Forbidden(Choice):
    words: list[Text] = Field(min_length=1)


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
        lowered = text.lower()
        return [f for f in self.products_forbidden if any(w in lowered for w in f.words)]

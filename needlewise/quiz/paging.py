"""An attempt's questions split into pages, as Moodle's "questions per page" does.

A page holds up to ``per_page`` of an attempt's slots; a case and its parts are one slot
and stay together. Without ``per_page`` every question is on one page. Questions are
numbered across the whole attempt, so question 7 is question 7 on whichever page it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import Slot


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    count: int  # pages in the attempt
    slots: list[Slot]
    first_question: int  # the number of its first answerable question


def pages(layout: list[Slot], per_page: int | None) -> list[list[Slot]]:
    if not per_page or not layout:
        return [list(layout)]
    return [layout[at : at + per_page] for at in range(0, len(layout), per_page)]


def page(layout: list[Slot], per_page: int | None, wanted: int) -> Page:
    """Page ``wanted`` (from 1), or the nearest page there is: an address may name a page
    that a shorter attempt does not have."""
    split = pages(layout, per_page)
    number = min(max(wanted, 1), len(split))
    before = sum(_answerable(slot) for part in split[: number - 1] for slot in part)
    return Page(number, len(split), split[number - 1], before + 1)


def page_of(layout: list[Slot], per_page: int | None, question_id: str) -> int:
    """The page (from 1) that shows a question, a case's part or a whole case."""
    for number, part in enumerate(pages(layout, per_page), start=1):
        for slot in part:
            if slot["id"] == question_id or any(
                p["id"] == question_id for p in slot.get("parts", [])
            ):
                return number
    return 1


def _answerable(slot: Slot) -> int:
    return len(slot.get("parts", [slot]))

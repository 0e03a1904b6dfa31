"""What an instructor is told about one trainee's attempts beyond their marks."""

from __future__ import annotations

from collections.abc import Mapping

from . import display
from .attempt_rules import Attempt, SavedResponse
from .quiz.layout import leaf_ids


def in_progress(
    attempt: Attempt, saved: Mapping[str, SavedResponse], title: str, zone: str | None
) -> str:
    """An open attempt as the Gradebook describes it: when it started, how many of its
    questions have an answer saved and when the last was, and when its time runs out."""
    shown = leaf_ids(attempt.layout)
    answered = [saved[q] for q in shown if q in saved and saved[q].response is not None]
    text = (
        f"Attempt {attempt.number} at {title} is in progress: started "
        f"{display.moment(attempt.started_at, zone)}, "
        f"{len(answered)} of {display.plural(len(shown), 'question')} answered"
    )
    if answered:
        last = max(s.saved_at for s in answered)
        text += f", the last answer saved {display.moment(last, zone)}"
    if attempt.deadline_at is not None:
        text += f"; its time runs out {display.moment(attempt.deadline_at, zone)}"
    return text + ". Its marks are shown once it is submitted."

"""Boxes of a drawing's labels and lines, to check that none overlaps another."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def meets(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


def crosses(line: tuple[float, float, float, float, float], box: Box) -> bool:
    """Whether a horizontal or vertical line, with its stroke, enters the box."""
    x1, y1, x2, y2, half = line
    assert x1 == x2 or y1 == y2, "the drawing has only horizontal and vertical lines"
    left, right = min(x1, x2) - half, max(x1, x2) + half
    top, bottom = min(y1, y2) - half, max(y1, y2) + half
    return left < box.right and box.left < right and top < box.bottom and box.top < bottom

"""What an import or export gives back: the result, and what could not be carried over."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import UserError
from .yaml_text import quiz_yaml


class FormatError(UserError):
    """The file cannot be read at all; ``line`` (1-based) says where, when it is known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Note:
    """Something that was dropped, changed or needs the author's attention."""

    message: str
    question: str | None = None
    line: int | None = None
    # A question kept as written that check reports as a problem, to fix before publishing.
    to_fix: bool = False

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        about = f"question '{self.question}': " if self.question else ""
        return f"{where}{about}{self.message}"


@dataclass
class ImportResult:
    data: dict
    notes: list[Note] = field(default_factory=list)
    left_out: int = 0  # items of the file that could not be imported (the notes say why)

    @property
    def to_fix(self) -> list[Note]:
        """Notes on questions imported as written that check reports as problems."""
        return [note for note in self.notes if note.to_fix]

    def yaml(self) -> str:
        """The quiz as a YAML document that ``python -m needlewise check`` accepts."""
        return quiz_yaml(self.data)


@dataclass
class ExportResult:
    text: str
    notes: list[Note] = field(default_factory=list)

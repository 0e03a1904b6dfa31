"""Question files of the e-learning field: Moodle GIFT, Moodle XML and Aiken.

``import_bytes`` turns a file into quiz data that ``python -m needlewise check`` accepts,
with a note for everything that could not be carried over; ``export_quiz`` writes a quiz
as GIFT or Moodle XML, with a note for everything the format cannot hold.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath

from ..schema import Quiz
from .aiken import read_aiken
from .assembly import assemble
from .drafts import Parsed
from .gift import read_gift, write_gift
from .moodle_xml import read_moodle_xml, write_moodle_xml
from .report import ExportResult, FormatError, ImportResult, Note

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_QUESTIONS",
    "ExportResult",
    "FormatError",
    "ImportResult",
    "Note",
    "UnknownFormat",
    "export_quiz",
    "guess_format",
    "import_bytes",
]

FORMATS = ("gift", "moodle-xml", "aiken")
EXPORT_FORMATS = ("gift", "moodle-xml")
MAX_IMPORT_BYTES = 5_000_000
# A quiz bank larger than this is several quizzes; converting and previewing it in one
# request would hold the server for everyone.
MAX_IMPORT_QUESTIONS = 2_000
_BY_EXTENSION = {".gift": "gift", ".xml": "moodle-xml", ".aiken": "aiken"}
_AIKEN_ANSWER = re.compile(r"^\s*ANSWER:\s*[A-Z]\s*$", re.MULTILINE)
_SNIFF_BYTES = 65_536


class UnknownFormat(FormatError):
    """The format of a file cannot be told from its name or its content; the message names
    the formats as the command line spells them, so a page says it in its own words."""


def guess_format(raw: bytes, filename: str) -> str:
    """The format of a file, from its extension or else its content."""
    by_extension = _BY_EXTENSION.get(PurePath(filename).suffix.lower())
    if by_extension:
        return by_extension
    head = raw[:_SNIFF_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if head.startswith(("<?xml", "<quiz")):
        return "moodle-xml"
    if _AIKEN_ANSWER.search(head) and "{" not in head:
        return "aiken"
    if ("{" in head and "}" in head) or "::" in head or "$CATEGORY:" in head:
        return "gift"
    raise UnknownFormat(
        "cannot tell whether this is GIFT, Moodle XML or Aiken; name the format "
        f"({', '.join(FORMATS)})"
    )


def import_bytes(
    raw: bytes,
    fmt: str | None,
    *,
    filename: str,
    quiz_id: str | None = None,
    title: str | None = None,
    assets_dir: Path | None = None,
) -> ImportResult:
    """A question file as quiz data, and notes on what could not be carried over.

    ``fmt`` is one of FORMATS, or None to guess it. Files embedded in Moodle XML are
    written to ``assets_dir`` (the folder the quiz will be saved in) when it is given.
    """
    if len(raw) > MAX_IMPORT_BYTES:
        raise FormatError(
            f"the file is larger than {MAX_IMPORT_BYTES // 1_000_000} MB, the most that can be "
            "imported; split it into smaller files"
        )
    text = _decode(raw)
    if not text.strip():
        raise FormatError("the file is empty")
    fmt = fmt or guess_format(raw, filename)
    parsed = _read(raw, text, fmt, assets_dir)
    # Questions the reader left out are only named in the report: they cost no conversion.
    read = sum(draft.kind != "left_out" for draft in parsed.drafts)
    if read > MAX_IMPORT_QUESTIONS:
        raise FormatError(
            f"the file has {read} questions; at most {MAX_IMPORT_QUESTIONS} can "
            "be imported at once, so split it into several files (one quiz each)"
        )
    data = assemble(parsed, filename=filename, quiz_id=quiz_id, title=title)
    notes = sorted(parsed.notes, key=lambda note: note.line or 0)
    return ImportResult(data, notes, parsed.left_out)


def export_quiz(quiz: Quiz, fmt: str, assets_dir: Path | None = None) -> ExportResult:
    """The quiz in ``fmt``; Moodle XML embeds the images found in ``assets_dir``."""
    if fmt == "gift":
        return write_gift(quiz)
    if fmt == "moodle-xml":
        return write_moodle_xml(quiz, assets_dir)
    raise FormatError(f"cannot export to '{fmt}'; choose one of {', '.join(EXPORT_FORMATS)}")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FormatError(
            f"the file is not UTF-8 text (byte {exc.start + 1}, {raw[exc.start]:#04x}, cannot "
            "be UTF-8); save it as UTF-8 and import it again",
            line,
        ) from None


def _read(raw: bytes, text: str, fmt: str, assets_dir: Path | None) -> Parsed:
    if fmt == "gift":
        return read_gift(text)
    if fmt == "moodle-xml":
        return read_moodle_xml(raw, assets_dir)
    if fmt == "aiken":
        return read_aiken(text)
    raise FormatError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")

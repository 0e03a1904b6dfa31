"""From drafts to a quiz: ids, objectives, cases regrouped, and every question checked.

A question the quiz format rejects is left out with a note saying why, so the quiz that
comes out always passes ``python -m needlewise check`` on its own.
"""

from __future__ import annotations

from pathlib import PurePath

from pydantic import TypeAdapter, ValidationError

from ..item_checks import item_problems
from ..schema import UNASSIGNED_OBJECTIVE, CaseQuestion, Leaf, Question, Quiz
from .conventions import read_tags, split_vignette
from .drafts import Draft, Parsed
from .ids import IdMaker, is_valid_id, slugify
from .report import FormatError, Note

_KEY_ORDER = (
    "id", "type", "title", "vignette", "prompt", "objectives", "points", "options", "answer",
    "tolerance", "answers", "unit", "units", "feedback_other", "pairs", "distractors", "items",
    "scoring", "case_sensitive", "shuffle", "feedback_true", "feedback_false", "explanation",
    "references", "tags", "questions",
)  # fmt: skip
# Question types: the first element of a union member's error path.
_MEMBERS = {
    "single",
    "multiple",
    "true_false",
    "numeric",
    "matching",
    "ordering",
    "short_text",
    "case",
}
_LEAF = TypeAdapter(Leaf)
_QUESTION = TypeAdapter(Question)
UNASSIGNED_NOTE = f"set its learning objectives (now '{UNASSIGNED_OBJECTIVE}')"


def assemble(parsed: Parsed, *, filename: str, quiz_id: str | None, title: str | None) -> dict:
    """The quiz as plain data in file order; adds to ``parsed.notes`` what it changes."""
    settings = _settings(parsed)
    quiz_id = _quiz_id(quiz_id, settings, filename)
    title = title or settings.get("title") or _title_from(parsed.categories, filename)
    categories = list(dict.fromkeys(filter(None, map(category_name, parsed.categories))))
    if len(categories) > 1:
        parsed.note(f"question categories are not kept: {', '.join(categories)}")
    questions = _Grouper(parsed, IdMaker(quiz_id)).group()
    lines = _lines(questions)
    checked = [q for q in (_checked(q, parsed) for q in questions) if q is not None]
    if not checked:
        raise FormatError(_nothing_to_import(parsed))
    header = {key: value for key, value in settings.items() if key not in {"id", "title"}}
    quiz = {"id": quiz_id, "title": title, **header, "questions": checked}
    _item_notes(Quiz.model_validate(quiz), lines, parsed)
    return quiz


def _lines(questions: list[tuple[dict, Draft]]) -> dict[str, int | None]:
    """The line in the file of every question, case and case part, by id."""
    lines = {}
    for question, draft in questions:
        lines[question["id"]] = draft.line
        for part, part_draft in question.get("questions", []):
            lines[part["id"]] = part_draft.line
    return lines


def _item_notes(quiz: Quiz, lines: dict[str, int | None], parsed: Parsed) -> None:
    """Say, in check's words, what check refuses in a question the format allows (Moodle's
    single-answer question with two fully right answers): the question is kept as written,
    to be fixed in one edit rather than typed again."""

    def report(path: tuple[str | int, ...], message: str, warning: bool) -> None:
        if warning:
            return
        question = quiz.questions[int(path[1])]
        if isinstance(question, CaseQuestion) and path[2:3] == ("questions",):
            question = question.questions[int(path[3])]
        parsed.notes.append(
            Note(
                f"imported as written, but check reports it until it is fixed: {message}",
                question=question.id,
                line=lines.get(question.id),
                to_fix=True,
            )
        )

    item_problems(quiz, report)


def _settings(parsed: Parsed) -> dict:
    if not parsed.settings:
        return {}
    probe = {"id": "probe", "title": "probe", **parsed.settings, "questions": []}
    try:
        Quiz.model_validate(probe)
    except ValidationError as exc:
        real = [e for e in exc.errors() if e["loc"] != ("questions",)]
        if real:
            parsed.note(f"the quiz settings in the file were left out: {_reason(exc)}")
            return {}
    return {key: parsed.settings[key] for key in Quiz.model_fields if key in parsed.settings}


def _quiz_id(given: str | None, settings: dict, filename: str) -> str:
    if given is not None:
        if not is_valid_id(given):
            raise FormatError(
                f"'{given}' cannot be a quiz id: use letters, digits, '.', '_' and '-', "
                "starting with a letter or digit"
            )
        return given
    return settings.get("id") or slugify(PurePath(filename).stem) or "imported"


def _title_from(categories: list[str], filename: str) -> str:
    names = [name for name in map(category_name, categories) if name]
    if names:
        return names[0].split(" / ")[-1]
    stem = PurePath(filename).stem.replace("_", " ").replace("-", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else "Imported questions"


def category_name(path: str) -> str:
    """'$course$/top/Skin biology/Pictures' -> 'Skin biology / Pictures' ('//' is a '/')."""
    parts = path.replace("//", "\0").split("/")
    names = [p.replace("\0", "/").strip() for p in parts]
    return " / ".join(n for n in names if n and n != "top" and not n.startswith("$"))


class _Grouper:
    """Gives every draft its id and tag data, and puts case parts back into their case."""

    def __init__(self, parsed: Parsed, ids: IdMaker):
        self.parsed = parsed
        self.ids = ids
        self.questions: list[tuple[dict, Draft]] = []
        self.case: dict | None = None
        self.case_key: str | None = None

    def group(self) -> list[tuple[dict, Draft]]:
        for draft in self.parsed.drafts:
            if draft.kind == "description":
                self._description(draft)
            elif draft.kind == "left_out":
                self._left_out(draft)
            else:
                self._question(draft)
        return self.questions

    def _id(self, draft: Draft) -> str:
        return (draft.idnumber and self.ids.keep(draft.idnumber)) or self.ids.make(
            draft.name, draft.data.get("prompt")
        )

    def _left_out(self, draft: Draft) -> None:
        """A question the reader could not take, named by the id it would have had; the id
        stays taken, so no report line names two questions."""
        question_id = self._id(draft)
        self.parsed.left_out += 1
        for message in draft.notes:
            self.parsed.note(message, line=draft.line, question=question_id)

    def _description(self, draft: Draft) -> None:
        info = read_tags(draft.tags)
        if info.case is None or info.case != draft.idnumber:
            self.case = self.case_key = None
            self.parsed.leave_out(
                "a description (text without a question) was left out: NeedleWise quizzes "
                "hold questions only",
                line=draft.line,
            )
            return
        text, details = split_vignette(draft.data["prompt"])
        vignette: dict = {"text": text}
        if details:
            vignette["details"] = details
        if info.figures:
            vignette["figures"] = info.figures
        case = {
            "id": self.ids.keep(info.case) or self.ids.make(draft.name, text),
            "type": "case",
            "title": draft.name if draft.name and draft.name != draft.idnumber else None,
            "vignette": vignette,
            "objectives": info.objectives,
            "references": info.references,
            "tags": info.others,
            "questions": [],
        }
        self.case, self.case_key = case, info.case
        self.questions.append((case, draft))

    def _question(self, draft: Draft) -> None:
        info = read_tags(draft.tags)
        question_id = self._id(draft)
        question = {
            "id": question_id,
            **draft.data,
            "objectives": info.objectives,
            "references": info.references,
            "tags": info.others,
        }
        if info.scoring is not None and draft.data.get("type") == "matching":
            question["scoring"] = info.scoring
        if info.case is not None and info.case == self.case_key and self.case is not None:
            self.case["questions"].append((question, draft))
            return
        if info.case is not None:
            self.parsed.note(
                f"its case '{info.case}' is not in the file, so it stands on its own",
                line=draft.line,
                question=question_id,
            )
        self.case = self.case_key = None
        self.questions.append((question, draft))


def _checked(entry: tuple[dict, Draft], parsed: Parsed) -> dict | None:
    question, draft = entry
    for message in draft.notes:
        parsed.note(message, line=draft.line, question=question["id"])
    if question["type"] != "case":
        unassigned = not question["objectives"]
        if unassigned:
            question["objectives"] = [UNASSIGNED_OBJECTIVE]
        return _valid(question, draft, parsed, _QUESTION, unassigned)
    parts = []
    for part, part_draft in question["questions"]:
        for message in part_draft.notes:
            parsed.note(message, line=part_draft.line, question=part["id"])
        parts.append(_valid(part, part_draft, parsed, _LEAF))
    question["questions"] = [part for part in parts if part is not None]
    if not question["questions"]:
        parsed.note(
            "this case has no question left, so it was left out",
            line=draft.line,
            question=question["id"],
        )
        return None
    unassigned = not question["objectives"] and not all(
        p["objectives"] for p in question["questions"]
    )
    if unassigned:
        question["objectives"] = [UNASSIGNED_OBJECTIVE]
    return _valid(question, draft, parsed, _QUESTION, unassigned)


def _valid(
    question: dict, draft: Draft, parsed: Parsed, adapter: TypeAdapter, unassigned: bool = False
) -> dict | None:
    """The question if the format takes it; ``unassigned`` asks for its note, said only of a
    question that is kept."""
    question = _ordered(question)
    try:
        adapter.validate_python(question)
    except ValidationError as exc:
        parsed.leave_out(
            f"left out, because NeedleWise cannot take it as it is: {_reason(exc)}",
            line=draft.line,
            question=question["id"],
        )
        return None
    if unassigned:
        parsed.note(UNASSIGNED_NOTE, line=draft.line, question=question["id"])
    return question


def _ordered(question: dict) -> dict:
    """Keys in the order authors write them; empty lists and None left out."""
    present = {k: v for k, v in question.items() if v is not None and v != []}
    known = [k for k in _KEY_ORDER if k in present]
    return {key: present[key] for key in known + [k for k in present if k not in _KEY_ORDER]}


def _reason(exc: ValidationError) -> str:
    """Pydantic's errors in an author's words: 'options: List should have at least 2 items'."""
    reasons = []
    for error in exc.errors():
        path = error["loc"][1:] if error["loc"] and error["loc"][0] in _MEMBERS else error["loc"]
        message = error["msg"].removeprefix("Value error, ")
        where = ".".join(str(p) for p in path)
        reasons.append(f"{where}: {message}" if where else message)
    return "; ".join(dict.fromkeys(reasons))


def _nothing_to_import(parsed: Parsed) -> str:
    reasons = "; ".join(str(n) for n in parsed.notes[:5])
    more = f" (and {len(parsed.notes) - 5} more)" if len(parsed.notes) > 5 else ""
    return "the file holds no question NeedleWise can import" + (
        f": {reasons}{more}" if reasons else ""
    )

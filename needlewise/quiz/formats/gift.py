"""Moodle's GIFT text format, read the way Moodle's importer reads it, and written back.

Questions are separated by blank lines. ``//`` starts a comment line; a comment may
carry Moodle's ``[id:...]`` and ``[tag:...]``, and NeedleWise's own ``needlewise:`` data
(see conventions). ``\\`` escapes ``: # = { } ~ \\`` and ``\\n`` is a new line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..schema import (
    CaseQuestion,
    LeafQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    Quiz,
    ShortTextQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from . import conventions
from .conventions import decimal_text, percent_text, refused_grades
from .drafts import (
    ORDERING_GRADINGS,
    PARTIAL_GRADING,
    Answer,
    Choice,
    Draft,
    Parsed,
    choice_fields,
    number,
    numeric_fields,
    ordering_fields,
    short_text_fields,
    zero_answer_is_reject,
)
from .html_markdown import (
    escape_markdown,
    html_to_markdown,
    moodle_text_to_markdown,
    without_dangling_breaks,
    without_raw_html,
)
from .report import ExportResult, FormatError, Note

# Escaped characters stand in as private-use characters while the structure is parsed.
_ESCAPABLE = "\\:#={}~n"
_PLACEHOLDERS = {c: chr(0xE000 + i) for i, c in enumerate(_ESCAPABLE)}
_RESTORE = {p: ("\n" if c == "n" else c) for c, p in _PLACEHOLDERS.items()}
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_OPEN, _CLOSE, _HASH, _EQUALS, _TILDE = "{", "}", "#", "=", "~"
_TEXT_FORMATS = ("html", "markdown", "plain", "moodle")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]\x00-\x1f])+)\]")
_EXTRAS = {"points", "shuffle", "case_sensitive", "unit", "units", "explanation"}
_SELECT = {"ALL", "EXACT", "RANDOM", "REL", "CONTIGUOUS", "CONTIG"}
_LAYOUT = {"HORIZONTAL", "HORI", "H", "1", "VERTICAL", "VERT", "V", "0"}
_SHOW = {"SHOW", "TRUE", "YES", "HIDE", "FALSE", "NO"}
# The numbering styles Moodle 4.3+ writes after SHOW/HIDE, in the case it writes them.
_NUMBERING = {"none", "123", "abc", "ABCD", "iii", "IIII"}
_ORDERING_WORDS = _SELECT | _LAYOUT | _SHOW | ORDERING_GRADINGS
# Moodle writes the missing-word blank as five underscores.
BLANK = "_____"
_BLANK_MARK = chr(0xE0FF)  # stands for the blank until the text is Markdown
_IMAGE_TARGET = re.compile(r"!\[[^\]\n]*\]\((?!figure:)([^)\s]+)\)")
_PLUGINFILE = re.compile(r"(!?)\[([^\]]*)\]\(@@PLUGINFILE@@/([^)\s]+)\)")


# --- reading ------------------------------------------------------------------------


@dataclass
class _Block:
    line: int  # of the block's first line
    lines: list[str]


def read_gift(text: str) -> Parsed:
    """Every question that can be read; the others are left out with a note on their line."""
    parsed = Parsed()
    for block in _blocks(text):
        try:
            _read_block(block, parsed)
        except FormatError as exc:
            parsed.leave_out(f"{exc.message}; this question was left out", exc.line or block.line)
    return parsed


def _blocks(text: str) -> Iterator[_Block]:
    current: _Block | None = None
    for line_number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if current is None:
                current = _Block(line_number, [])
            current.lines.append(line)
        elif current is not None:
            yield current
            current = None
    if current is not None:
        yield current


def _read_block(block: _Block, parsed: Parsed) -> None:
    comments = [line.strip()[2:].strip() for line in block.lines if _is_comment(line)]
    body = "\n".join("" if _is_comment(line) else line for line in block.lines)
    extras = _comment_data(comments, block.line, parsed)
    text = _ESCAPE.sub(lambda m: _PLACEHOLDERS[m.group(1)], body)
    start = len(text) - len(text.lstrip())
    if start == len(text):
        return
    if text.startswith("$CATEGORY:", start):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        parsed.categories.append(_restore(text[start + len("$CATEGORY:") : end]).strip())
        if not text[end:].strip():
            return
        start = end + len(text[end:]) - len(text[end:].lstrip())
    reader = _QuestionReader(text, start, block.line, parsed)
    draft = reader.read()
    draft.idnumber, draft.tags = extras.idnumber, extras.tags
    if draft.kind == "question":
        draft.data.update(extras.fields)
    parsed.drafts.append(draft)


def _is_comment(line: str) -> bool:
    return line.strip().startswith("//")


@dataclass
class _CommentData:
    idnumber: str | None
    tags: list[str]
    fields: dict


def _comment_data(comments: list[str], line: int, parsed: Parsed) -> _CommentData:
    joined = "\n".join(comments)
    found = _ID.search(joined)
    idnumber = found.group(1).replace("\\]", "]").strip() if found else None
    tags = [t.replace("\\]", "]").strip() for t in _TAG.findall(joined)]
    fields: dict = {}
    for comment in comments:
        for mark in (conventions.QUIZ_COMMENT, conventions.QUESTION_COMMENT):
            if not comment.startswith(mark):
                continue
            try:
                data = json.loads(comment[len(mark) :])
            except json.JSONDecodeError:
                data = None
            if not isinstance(data, dict):
                parsed.note(f"a '{mark}' comment is not a JSON object, so it was ignored", line)
            elif mark == conventions.QUIZ_COMMENT:
                parsed.settings = data
            else:
                fields = {k: v for k, v in data.items() if k in _EXTRAS}
            break
    return _CommentData(idnumber, tags, fields)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(ch, ch) for ch in text)


class _QuestionReader:
    """One question's text (escapes already replaced), from ``start`` to the end."""

    def __init__(self, text: str, start: int, first_line: int, parsed: Parsed):
        self.text = text
        self.start = start
        self.first_line = first_line
        self.parsed = parsed
        self.line = self.line_at(start)
        self.format = "moodle"
        self.name: str | None = None
        self.prompt = ""
        self.notes: list[str] = []

    def line_at(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, offset)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def read(self) -> Draft:
        """The question or description; or, left out, what the report names it by (its
        notes say why), as it names the questions that are kept."""
        draft = self._draft()
        if draft is None:
            draft = Draft({"prompt": self.prompt}, self.line, self.name, kind="left_out")
        draft.notes = self.notes
        return draft

    def _draft(self) -> Draft | None:
        position = self.start
        if self.text.startswith("::", position):
            end = self.text.find("::", position + 2)
            if end == -1:
                position += 2
            else:
                self.name = _restore(self.text[position + 2 : end]).strip() or None
                position = end + 2
        rest = self.text[position:]
        opening, closing = self._answer_block(rest, position)
        if opening is None:
            return Draft({"prompt": self.markdown(rest)}, self.line, self.name, kind="description")
        answer = rest[opening + 1 : closing].strip()
        after = rest[closing + 1 :]
        prompt_source = rest[:opening] + (_BLANK_MARK + after if after.strip() else "")
        explanation = None
        if not answer.startswith(">"):
            separator = answer.rfind("####")
            if separator != -1:
                explanation = answer[separator + 4 :]
                answer = answer[:separator].strip()
        prompt = self.markdown(prompt_source).replace(_BLANK_MARK, BLANK)
        self.prompt = prompt
        fields = self._fields(answer)
        if fields is None:
            return None
        data = {"prompt": prompt, **fields}
        if explanation is not None and explanation.strip():
            data["explanation"] = self.part(explanation)
        return Draft(data, self.line, self.name)

    def _answer_block(self, rest: str, offset: int) -> tuple[int | None, int]:
        opening, closing = rest.find(_OPEN), rest.find(_CLOSE)
        if opening == -1 and closing == -1:
            return None, -1
        if closing != -1 and (opening == -1 or closing < opening):
            line = self.line_at(offset + closing)
            raise FormatError("unbalanced braces: this '}' has no '{' before it", line)
        ordering = rest[opening + 1 :].lstrip().startswith(">")
        if ordering:
            closing = rest.rfind(_CLOSE)
        if closing == -1 or (not ordering and _OPEN in rest[opening + 1 : closing]):
            line = self.line_at(offset + opening)
            raise FormatError("unbalanced braces: this '{' is not closed by a '}'", line)
        if ordering:
            return opening, closing
        if re.search(r"[{}]", rest[closing + 1 :]):
            # Moodle reads the first {...} as the answers and the rest as question text.
            self.note(
                "a second {...} block after the answers was kept as question text, as Moodle "
                "does; a question holds one answer block (write a literal brace as \\{)"
            )
        return opening, closing

    # --- texts ----------------------------------------------------------------------

    def markdown(self, source: str, *, set_format: bool = True) -> str:
        """Question text, an answer or feedback as Markdown, honouring ``[format]``."""
        text = source.strip()
        text_format = self.format
        match = re.match(r"\[(\w+)\]", text)
        if match and match.group(1) in _TEXT_FORMATS:
            text_format = match.group(1)
            text = text[match.end() :].strip()
            if set_format:
                self.format = text_format
        text = _restore(text).strip()
        if text_format == "markdown":
            markdown = without_raw_html(text)
        elif text_format == "plain":
            markdown = escape_markdown(text)
        elif text_format == "html":
            markdown = html_to_markdown(text)
        else:
            markdown = moodle_text_to_markdown(text)
        return self._without_plugin_files(markdown)

    def _without_plugin_files(self, markdown: str) -> str:
        """GIFT carries no files: a reference to one is reported and its label kept."""

        def drop(match: re.Match) -> str:
            self.note(
                f"the file '{match.group(3)}' is not in the GIFT file (Moodle exports GIFT "
                "without its files), so it was left out; add it to the quiz folder and link it"
            )
            return match.group(2)

        kept, dropped = _PLUGINFILE.subn(drop, markdown)
        return without_dangling_breaks(kept) if dropped else kept.strip()

    def part(self, source: str) -> str:
        return self.markdown(source, set_format=False)

    # --- answer blocks -----------------------------------------------------------------

    def _fields(self, answer: str) -> dict | None:
        if answer.startswith(">"):
            return self._ordering(answer[1:])
        if not answer:
            self.note("'Essay' questions need a person to mark them; left out")
            return None
        if answer.startswith(_HASH):
            return self._numeric(answer[1:])
        if _TILDE in answer:
            return self._choice(answer)
        if _EQUALS in answer and "->" in answer:
            return self._matching(answer)
        if answer.split(_HASH, 1)[0].strip() in {"T", "TRUE", "F", "FALSE"}:
            return self._true_false(answer)
        return self._short_text(answer)

    def _choice(self, answer: str) -> dict | None:
        choices = []
        for piece in _pieces(answer, "=~"):
            fraction, body = 0.0, piece
            if piece.startswith(_EQUALS):
                fraction, body = 1.0, piece[1:].strip()
            elif piece.startswith(_TILDE):
                fraction, body = _weight(piece[1:].strip(), default=0.0)
            text, feedback = _split_feedback(body)
            choices.append(
                Choice(self.part(text), fraction, self.part(feedback) if feedback else None)
            )
        if self._refused([c.fraction for c in choices]):
            return None
        return choice_fields(choices, single=_EQUALS in answer)

    def _true_false(self, answer: str) -> dict:
        value, wrong, right = ([*answer.split(_HASH, 2), "", ""])[:3]
        correct = value.strip() in {"T", "TRUE"}
        fields: dict = {"type": "true_false", "answer": correct}
        on_true, on_false = (right, wrong) if correct else (wrong, right)
        if on_true.strip():
            fields["feedback_true"] = self.part(on_true)
        if on_false.strip():
            fields["feedback_false"] = self.part(on_false)
        return fields

    def _short_text(self, answer: str) -> dict | None:
        answers, reject = [], []
        for piece in _pieces(answer, "="):
            body = piece[1:] if piece.startswith(_EQUALS) else piece
            fraction, body = _weight(body.strip(), default=1.0)
            text, feedback = _split_feedback(body)
            text = _answer_text(text)
            if fraction <= 0 and zero_answer_is_reject(text, feedback):
                reject.append(text)
            elif fraction < 0 or not (fraction or feedback):
                self.note(f"the answer '{text}' earns no marks and says nothing; left out")
            else:
                answers.append(Answer(text, fraction, self.part(feedback) if feedback else None))
        if self._refused([a.fraction for a in answers]):
            return None
        return short_text_fields(answers, reject)

    def _refused(self, fractions: list[float]) -> bool:
        message, refuse = refused_grades(fractions, ours=bool(self.parsed.settings))
        if message:
            self.note(message)
        return refuse

    def _numeric(self, answer: str) -> dict | None:
        answers, other = [], None
        for piece in _pieces(answer, "=~"):
            wrong = piece.startswith(_TILDE)
            text = piece[1:] if piece[0] in "=~" else piece
            fraction, text = _weight(text.strip(), default=0.0 if wrong else 1.0)
            value, feedback = _split_feedback(text)
            value = _restore(value).strip()
            feedback_text = self.part(feedback) if feedback else None
            if wrong and value in {"", "*"}:
                # Moodle's "any other answer": worth nothing, there for its feedback.
                other = feedback_text
                continue
            parsed = _number_and_tolerance(value)
            if parsed is None:
                self.note(f"'{value}' is not a number; question left out")
                return None
            if fraction < 0 or (fraction == 0 and not feedback_text):
                self.note(f"the answer {value} earns no marks and says nothing; left out")
                continue
            amount, tolerance = parsed
            answers.append(Answer(repr(amount), fraction, feedback_text, tolerance))
        if self._refused([a.fraction for a in answers]):
            return None
        return {"type": "numeric", **numeric_fields(answers, other)}

    def _matching(self, answer: str) -> dict | None:
        pairs, distractors = [], []
        for piece in _pieces(answer, "="):
            body = piece[1:] if piece.startswith(_EQUALS) else piece
            if "->" not in body:
                self.note(f"'{_restore(body).strip()}' is not a pair 'left -> right'; left out")
                return None
            left, right = body.split("->", 1)
            right = _restore(right).strip()
            if left.strip():
                pairs.append({"left": self.part(left), "right": right})
            elif right:
                distractors.append(right)
        fields: dict = {"type": "matching", "pairs": pairs}
        if distractors:
            fields["distractors"] = distractors
        return fields

    def _ordering(self, answer: str) -> dict:
        lines = [_restore(line).strip() for line in answer.split("\n")]
        header = lines[0].split()
        if all(t.isdigit() or t in _ORDERING_WORDS or t in _NUMBERING for t in header):
            lines = lines[1:]
        else:
            header = []
        items = [line for line in lines if line]
        fields, lost = ordering_fields(
            items,
            grading=next((t for t in header if t in ORDERING_GRADINGS), ""),
            select=next((t for t in header if t in _SELECT), "ALL"),
            count=next((int(t) for t in header if t.isdigit()), len(items)),
        )
        for message in lost:
            self.note(message)
        return fields


def _pieces(answer: str, markers: str) -> list[str]:
    """Answers, each starting with its marker; text before the first marker counts too."""
    pieces = re.split(f"(?=[{re.escape(markers)}])", answer)
    return [p for p in (piece.strip() for piece in pieces) if p]


def _weight(text: str, default: float) -> tuple[float, str]:
    match = _WEIGHT.match(text)
    if not match:
        return default, text
    return float(match.group(1)) / 100, text[match.end() :]


def _answer_text(text: str) -> str:
    """A short answer as Moodle stores it: no ``[format]`` prefix, no surrounding spaces."""
    text = _restore(text).strip()
    match = re.match(r"\[(\w+)\]", text)
    if match and match.group(1) in _TEXT_FORMATS:
        text = text[match.end() :].strip()
    return text


def _split_feedback(text: str) -> tuple[str, str | None]:
    body, has_feedback, feedback = text.partition(_HASH)
    return body, (feedback if has_feedback and feedback.strip() else None)


def _number_and_tolerance(text: str) -> tuple[float, float] | None:
    """``1.5:0.1`` and ``1..2`` (-> 1.5, 0.5) and ``1.5`` (-> 1.5, 0) as Moodle reads them."""
    try:
        if text.find("..") > 0:
            low, high = (Decimal(part.strip()) for part in text.split("..", 1))
            middle = (low + high) / 2
            value, tolerance = middle, high - middle
        elif text.find(":") > 0:
            value, tolerance = (Decimal(part.strip()) for part in text.split(":", 1))
        else:
            value, tolerance = Decimal(text), Decimal(0)
    except InvalidOperation:
        return None
    if not (value.is_finite() and tolerance.is_finite()):
        return None
    return float(value), float(tolerance)


# --- writing ------------------------------------------------------------------------


def write_gift(quiz: Quiz) -> ExportResult:
    notes: list[Note] = []
    blocks = [_header(quiz, notes)]
    for question in quiz.questions:
        if isinstance(question, CaseQuestion):
            blocks.append(_case_block(question, notes))
            blocks += [_question_block(part, notes, case=question) for part in question.questions]
        else:
            blocks.append(_question_block(question, notes))
    notes += conventions.grade_notes(quiz)
    if any(q.objectives or q.references for _, q in quiz.leaves()):
        notes.append(
            Note(
                "objectives and references are kept as Moodle tags "
                "('objective:...', 'reference:...'); Moodle shows no citations"
            )
        )
    return ExportResult("\n\n".join(blocks) + "\n", notes)


def _header(quiz: Quiz, notes: list[Note]) -> str:
    settings = conventions.quiz_settings(quiz)
    if set(settings) - {"id", "title", "description"}:
        notes.append(
            Note(
                "quiz settings (pass mark, attempts, time limit, ...) have no place in a "
                "Moodle question bank; they are kept in a comment only NeedleWise reads"
            )
        )
    category = quiz.title.replace("/", "//")
    return (
        f"// Questions of the NeedleWise quiz '{quiz.id}'.\n"
        f"// {conventions.QUIZ_COMMENT} {json.dumps(settings, ensure_ascii=False)}\n"
        f"$CATEGORY: $course$/top/{category}"
    )


def _comment(idnumber: str, tags: list[str], extras: dict) -> str:
    marks = [f"[id:{_bracketed(idnumber)}]"] + [f"[tag:{_bracketed(t)}]" for t in tags]
    lines = ["// " + " ".join(marks)]
    if extras:
        data = json.dumps(extras, ensure_ascii=False)
        lines.append(f"// {conventions.QUESTION_COMMENT} {data}")
    return "\n".join(lines)


def _bracketed(text: str) -> str:
    return text.replace("]", "\\]")


def _case_block(case: CaseQuestion, notes: list[Note]) -> str:
    notes.extend(conventions.case_notes(case))
    text = conventions.vignette_markdown(case.vignette)
    name = case.title or case.id
    return (
        _comment(case.id, conventions.case_tags(case), {})
        + f"\n::{escape(name)}::[markdown]{escape(text)}"
    )


def _question_block(
    question: LeafQuestion, notes: list[Note], case: CaseQuestion | None = None
) -> str:
    extras = _extras(question, notes)
    answers, explanation_inside = _answers(question, notes)
    if question.explanation and not explanation_inside:
        extras["explanation"] = question.explanation
    tags = conventions.question_tags(question, case)
    head = f"::{escape(question.id)}::[markdown]{escape(question.prompt)}"
    block = _comment(question.id, tags, extras) + "\n" + head + answers
    for image in dict.fromkeys(_IMAGE_TARGET.findall(block)):
        notes.append(
            Note(
                f"GIFT carries no files: the image '{image}' stays a link that Moodle cannot "
                "follow (export to Moodle XML to embed it)",
                question.id,
            )
        )
    return block


def _extras(question: LeafQuestion, notes: list[Note]) -> dict:
    """What GIFT cannot say, for NeedleWise's own comment, with a note for Moodle's sake."""
    extras: dict = {}

    def lost(what: str) -> None:
        notes.append(Note(f"{what} (kept in a comment only NeedleWise reads)", question.id))

    if question.points != 1:
        extras["points"] = number(question.points)
        lost(f"GIFT has no marks, so Moodle gives it 1 mark instead of {question.points:g}")
    shuffle = getattr(question, "shuffle", None)
    if shuffle is not None:
        extras["shuffle"] = shuffle
        lost("GIFT cannot say whether to shuffle the options")
    if isinstance(question, ShortTextQuestion) and question.case_sensitive:
        extras["case_sensitive"] = True
        lost("GIFT cannot make a short answer case-sensitive")
    if isinstance(question, NumericQuestion) and question.unit:
        extras["unit"] = question.unit
        if question.units:
            extras["units"] = [u.model_dump() for u in question.units]
        lost("GIFT has no units, so Moodle will refuse answers given with a unit")
    return extras


def _answers(question: LeafQuestion, notes: list[Note]) -> tuple[str, bool]:
    """The ``{...}`` block, and whether the explanation went into it as general feedback."""
    if isinstance(question, OrderingQuestion):
        return _ordering_block(question, notes), False
    general = f"####{escape(question.explanation)}" if question.explanation else ""
    if isinstance(question, TrueFalseQuestion):
        right = question.feedback_true if question.answer else question.feedback_false
        wrong = question.feedback_false if question.answer else question.feedback_true
        text = "TRUE" if question.answer else "FALSE"
        if wrong or right:
            text += f"#{escape(wrong or '')}"
        if right:
            text += f"#{escape(right)}"
        return "{" + text + general + "}", True
    opening = "{#\n" if isinstance(question, NumericQuestion) else "{\n"
    lines = [f"\t{line}\n" for line in _answer_lines(question)]
    if general:
        lines.append(f"\t{general}\n")
    return opening + "".join(lines) + "}", True


def _answer_lines(question: LeafQuestion) -> list[str]:
    if isinstance(question, SingleQuestion | MultipleQuestion):
        single = isinstance(question, SingleQuestion)
        return [
            _choice_mark(o.share, single) + escape(o.text) + _feedback(o.feedback)
            for o in question.options
        ]
    if isinstance(question, NumericQuestion):
        lines = [
            f"={_percent(a.fraction)}{decimal_text(a.value)}:{decimal_text(a.tolerance)}"
            + _feedback(a.feedback)
            for a in question.answers
        ]
        return lines + (
            [f"~{_feedback(question.feedback_other)}"] if question.feedback_other else []
        )
    if isinstance(question, MatchingQuestion):
        return [f"={escape(p.left)} -> {escape(p.right)}" for p in question.pairs] + [
            f"= -> {escape(d)}" for d in question.distractors
        ]
    assert isinstance(question, ShortTextQuestion)
    return [
        f"={_percent(a.fraction)}{escape(a.text)}" + _feedback(a.feedback)
        for a in question.accepted
    ] + [f"=%0%{escape(example)}" for example in question.reject]


def _feedback(text: str | None) -> str:
    return f"#{escape(text)}" if text else ""


def _ordering_block(question: OrderingQuestion, notes: list[Note]) -> str:
    message = (
        "written in the GIFT syntax of Moodle's Ordering question type ({>...}), which "
        "Moodle 4.3 and later read; older tools cannot"
    )
    if question.explanation:
        message += "; its explanation is kept in a comment only NeedleWise reads"
    notes.append(Note(message, question.id))
    grading = "ALL_OR_NOTHING" if question.scoring == "all_or_nothing" else PARTIAL_GRADING
    items = "\n".join(" ".join(item.split()) for item in question.items)
    return f"{{>{len(question.items)} ALL VERTICAL {grading} SHOW\n{items}\n}}"


def _choice_mark(fraction: float, single: bool) -> str:
    if single and fraction == 1:
        return "="
    return "~" if fraction == 0 else f"~{_percent(fraction, always=True)}"


def _percent(fraction: float, always: bool = False) -> str:
    return "" if fraction == 1 and not always else f"%{percent_text(fraction)}%"


def escape(text: str) -> str:
    """Text as GIFT: special characters escaped, line breaks written as \\n."""
    out = text.replace("\r", "").replace("\\", "\\\\")
    for ch in ":#={}~":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", "\\n")

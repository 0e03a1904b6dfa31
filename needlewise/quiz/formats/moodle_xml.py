"""Moodle XML question files: read (with defusedxml) and written.

Question text in HTML becomes Markdown; files embedded as ``<file encoding="base64">``
and referenced by ``@@PLUGINFILE@@/name`` are written next to the quiz when there is a
folder for them. NeedleWise writes its texts in Moodle's Markdown format.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote
from xml.etree.ElementTree import Comment, Element, TreeBuilder, indent, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

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
    html_to_text,
    looks_like_html,
    moodle_text_to_markdown,
    without_dangling_breaks,
    without_raw_html,
)
from .ids import slugify
from .report import ExportResult, FormatError, Note

# The question types NeedleWise cannot take, by the names Moodle gives them.
_SKIPPED = {
    "essay": "'Essay' questions need a person to mark them",
    "multianswer": "'Embedded answers (Cloze)' questions are not supported",
    "calculated": "'Calculated' questions are not supported",
    "calculatedsimple": "'Calculated simple' questions are not supported",
    "calculatedmulti": "'Calculated multichoice' questions are not supported",
    "ddwtos": "'Drag and drop into text' questions are not supported",
    "ddimageortext": "'Drag and drop onto image' questions are not supported",
    "ddmarker": "'Drag and drop markers' questions are not supported",
    "gapselect": "'Select missing words' questions are not supported",
    "randomsamatch": "'Random short-answer matching' questions are not supported",
    "random": "'Random' questions are not supported",
}
_MOODLE_DEFAULT_FEEDBACK = {
    "",
    "Your answer is correct.",
    "Your answer is partially correct.",
    "Your answer is incorrect.",
}
_READ_TYPES = {"multichoice", "truefalse", "shortanswer", "numerical", "matching", "ordering"}
_PLUGINFILE = re.compile(r"(!?)\[([^\]]*)\]\(@@PLUGINFILE@@/([^)\s]+)\)")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\.[A-Za-z0-9]{1,8}")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+)\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- reading ------------------------------------------------------------------------


class _LineTracker:
    """A parser target that builds the tree and remembers each element's line."""

    def __init__(self):
        self.builder = TreeBuilder()
        self.lines: dict[Element, int] = {}
        self.comments: list[str] = []
        self.expat = None

    def start(self, tag, attrs):
        element = self.builder.start(tag, attrs)
        self.lines[element] = self.expat.CurrentLineNumber if self.expat is not None else 1
        return element

    def end(self, tag):
        return self.builder.end(tag)

    def data(self, text):
        self.builder.data(text)

    def comment(self, text):
        self.comments.append(text)

    def close(self):
        return self.builder.close()


def read_moodle_xml(raw: bytes, assets_dir: Path | None = None) -> Parsed:
    tracker = _LineTracker()
    parser = DefusedXMLParser(target=tracker, forbid_dtd=True)
    tracker.expat = parser.parser
    try:
        parser.feed(raw)
        root = parser.close()
    except ParseError as exc:
        reason = re.sub(r": line \d+, column \d+$", "", str(exc))
        raise FormatError(f"the XML is not well formed ({reason})", exc.position[0]) from None
    except DefusedXmlException:
        raise FormatError(
            "the XML declares a DTD or entities, which question files never need; "
            "NeedleWise does not read them for safety",
            tracker.expat.CurrentLineNumber,
        ) from None
    if root.tag != "quiz":
        raise FormatError(f"not a Moodle XML question file: it starts with <{root.tag}>", 1)
    reader = _Reader(tracker.lines, assets_dir)
    for comment in tracker.comments:
        text = comment.strip()
        if text.startswith(conventions.QUIZ_COMMENT):
            reader.settings(text[len(conventions.QUIZ_COMMENT) :])
    for element in root.findall("question"):
        reader.question(element)
    return reader.parsed


class _Reader:
    def __init__(self, lines: dict[Element, int], assets_dir: Path | None):
        self.lines = lines
        self.assets_dir = assets_dir
        self.parsed = Parsed()
        self.line: int | None = None
        self.name: str | None = None
        self.notes: list[str] = []

    def note(self, message: str) -> None:
        self.notes.append(message)

    def settings(self, text: str) -> None:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            self.parsed.settings = data
        else:
            self.parsed.note("the NeedleWise quiz settings comment is not readable; ignored")

    def question(self, element: Element) -> None:
        self.line = self.lines.get(element)
        self.name = _plain(element.findtext("name/text")) or None
        self.notes = []
        draft = self._draft(element)
        if draft is None and element.get("type") == "category":
            return
        if draft is None:
            # Handed on all the same, so the report names it by the id it would have had,
            # as it names the questions that are kept.
            draft = Draft(
                {"prompt": _plain_text(element.find("questiontext"))},
                self.line,
                self.name,
                _plain(element.findtext("idnumber")) or None,
                kind="left_out",
            )
        draft.notes = self.notes
        self.parsed.drafts.append(draft)

    def _draft(self, element: Element) -> Draft | None:
        kind = element.get("type", "")
        if kind == "category":
            self.parsed.categories.append(_plain(element.findtext("category/text")))
            return None
        if kind in _SKIPPED:
            self.note(f"{_SKIPPED[kind]}; left out")
            return None
        if kind not in _READ_TYPES and kind != "description":
            self.note(f"question type '{kind}' is not supported; left out")
            return None
        prompt = self.markdown(element.find("questiontext")) or ""
        idnumber = _plain(element.findtext("idnumber")) or None
        tags = [_plain(t.findtext("text")) for t in element.findall("tags/tag")]
        if kind == "description":
            return Draft({"prompt": prompt}, self.line, self.name, idnumber, tags, "description")
        fields = getattr(self, f"_{kind}")(element)
        if fields is None:
            return None
        data = {"prompt": prompt, **fields, **self._common(element)}
        self._unkept(element)
        return Draft(data, self.line, self.name, idnumber, tags)

    def _common(self, element: Element) -> dict:
        fields: dict = {}
        explanation = self.markdown(element.find("generalfeedback"))
        if explanation:
            fields["explanation"] = explanation
        points = _number(element.findtext("defaultgrade"))
        if points is not None and points <= 0:
            self.note(f"a mark of {points:g} is not possible; it gets 1 mark")
        elif points is not None and points != 1:
            fields["points"] = number(points)
        return fields

    def _unkept(self, element: Element) -> None:
        combined = [
            _plain(element.findtext(f"{name}/text"))
            for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
        ]
        if any(html_to_text(text) not in _MOODLE_DEFAULT_FEEDBACK for text in combined):
            self.note("the feedback for right, partly right and wrong answers was left out")
        if any(_plain(h.findtext("text")) for h in element.findall("hint")):
            self.note("its hints were left out")

    # --- texts ----------------------------------------------------------------------

    def markdown(self, holder: Element | None) -> str | None:
        """The ``<text>`` of ``holder`` as Markdown, following its ``format`` attribute."""
        if holder is None:
            return None
        text = (holder.findtext("text") or "").strip()
        if not text:
            return None
        text_format = holder.get("format", "html")
        if text_format == "markdown":
            markdown = without_raw_html(text)
        elif text_format == "plain_text":
            markdown = escape_markdown(text)
        elif text_format == "moodle_auto_format":
            markdown = moodle_text_to_markdown(text)
        else:
            markdown = html_to_markdown(text)
        return self._embedded(markdown, holder) or None

    def _embedded(self, markdown: str, holder: Element) -> str:
        files = {f.get("name", ""): f.text or "" for f in holder.findall("file") if f.get("name")}

        def replace(match: re.Match) -> str:
            image, label, name = match.group(1), match.group(2), unquote(match.group(3))
            stored = self._store(name, files.get(name))
            if stored is not None:
                return f"{image}[{label}]({stored})"
            return label

        kept, replaced = _PLUGINFILE.subn(replace, markdown)
        return without_dangling_breaks(kept) if replaced else kept.strip()

    def _store(self, name: str, encoded: str | None) -> str | None:
        """Write an embedded file to the assets folder; its new name, or None if left out."""
        if encoded is None:
            self.note(f"the file '{name}' is referred to but not in the XML; left out")
            return None
        if self.assets_dir is None:
            self.note(f"the embedded file '{name}' was left out (no folder to save it in)")
            return None
        try:
            content = base64.b64decode(encoded, validate=False)
        except (binascii.Error, ValueError):
            self.note(f"the embedded file '{name}' is not valid base64; left out")
            return None
        path = PurePosixPath(name)
        target = self.assets_dir / name
        # A plain file name is kept, so that a quiz exported with its images comes back
        # with the same links; anything else gets a safe name that cannot collide.
        if not (_PLAIN_NAME.fullmatch(name) and _free_for(target, content)):
            suffix = path.suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", path.suffix) else ""
            digest = hashlib.sha256(content).hexdigest()[:10]
            target = self.assets_dir / f"{slugify(path.stem) or 'file'}-{digest}{suffix.lower()}"
        self.assets_dir.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(content)
        self.note(f"the embedded file '{name}' was saved as {target.name}")
        return target.name

    # --- question types ---------------------------------------------------------------

    def _refused(self, fractions: list[float]) -> bool:
        message, refuse = refused_grades(fractions, ours=bool(self.parsed.settings))
        if message:
            self.note(message)
        return refuse

    def _multichoice(self, element: Element) -> dict | None:
        choices = [
            Choice(self.markdown(a) or "", _fraction(a), self.markdown(a.find("feedback")))
            for a in element.findall("answer")
        ]
        if self._refused([c.fraction for c in choices]):
            return None
        fields = choice_fields(choices, single=_flag(element.findtext("single"), True))
        return fields | self._shuffle(element)

    def _truefalse(self, element: Element) -> dict:
        answers = element.findall("answer")
        by_label = {_plain(a.findtext("text")).lower(): a for a in answers}
        true = by_label.get("true", answers[0] if answers else None)
        false = by_label.get("false", answers[1] if len(answers) > 1 else None)
        fields: dict = {"type": "true_false", "answer": true is not None and _fraction(true) > 0}
        for key, answer in (("feedback_true", true), ("feedback_false", false)):
            feedback = self.markdown(answer.find("feedback")) if answer is not None else None
            if feedback:
                fields[key] = feedback
        return fields

    def _shortanswer(self, element: Element) -> dict | None:
        answers, reject = [], []
        for answer in element.findall("answer"):
            text = _plain_text(answer)
            feedback = self.markdown(answer.find("feedback"))
            fraction = _fraction(answer)
            if fraction <= 0 and zero_answer_is_reject(text, feedback):
                reject.append(text)
            elif fraction < 0 or not (fraction or feedback):
                self.note(f"the answer '{text}' earns no marks and says nothing; left out")
            else:
                answers.append(Answer(text, fraction, feedback))
        if self._refused([a.fraction for a in answers]):
            return None
        fields = short_text_fields(answers, reject)
        if _flag(element.findtext("usecase"), False):
            fields["case_sensitive"] = True
        return fields

    def _numerical(self, element: Element) -> dict | None:
        answers, other = [], None
        for answer in element.findall("answer"):
            text = _plain_text(answer)
            value = _number(text)
            feedback = self.markdown(answer.find("feedback"))
            fraction = _fraction(answer)
            if text == "*" and fraction == 0:
                # Moodle's "any other answer": worth nothing, there for its feedback.
                other = feedback
                continue
            if value is None:
                self.note(f"'{text}' is not a number; question left out")
                return None
            if fraction < 0 or not (fraction or feedback):
                self.note(f"the answer {text} earns no marks and says nothing; left out")
                continue
            tolerance = abs(_number(answer.findtext("tolerance")) or 0.0)
            answers.append(Answer(repr(value), fraction, feedback, tolerance))
        if self._refused([a.fraction for a in answers]):
            return None
        return {"type": "numeric", **numeric_fields(answers, other), **self._units(element)}

    def _units(self, element: Element) -> dict:
        units = []
        for unit in element.findall("units/unit"):
            name = _plain(unit.findtext("unit_name"))
            multiplier = _number(unit.findtext("multiplier"))
            if name and multiplier is not None and multiplier > 0:
                units.append((name, multiplier))
        main = next((name for name, multiplier in units if multiplier == 1), None)
        if not units:
            return {}
        if main is None:
            self.note("its units were left out: none has the multiplier 1")
            return {}
        if (_number(element.findtext("unitgradingtype")) or 0) != 0:
            self.note(
                "units are optional in NeedleWise: Moodle's penalty for a missing unit is gone"
            )
        others = [
            {"unit": name, "multiplier": number(multiplier)}
            for name, multiplier in units
            if name != main
        ]
        return {"unit": main, **({"units": others} if others else {})}

    def _matching(self, element: Element) -> dict:
        pairs, distractors = [], []
        for sub in element.findall("subquestion"):
            left = self.markdown(sub)
            right = _plain_text(sub.find("answer"))
            if left:
                pairs.append({"left": left, "right": right})
            elif right:
                distractors.append(right)
        fields: dict = {"type": "matching", "pairs": pairs}
        if distractors:
            fields["distractors"] = distractors
        return fields | self._shuffle(element)

    def _ordering(self, element: Element) -> dict:
        answers = sorted(element.findall("answer"), key=_fraction)
        items = [_plain_text(a) for a in answers]
        fields, lost = ordering_fields(
            [item for item in items if item],
            grading=_plain(element.findtext("gradingtype")),
            select=_plain(element.findtext("selecttype")) or "RANDOM",
            count=int(_number(element.findtext("selectcount")) or 6),
        )
        for message in lost:
            self.note(message)
        return fields

    def _shuffle(self, element: Element) -> dict:
        text = element.findtext("shuffleanswers")
        if text is None:
            return {}
        shuffle = _flag(text, True)
        quiz_shuffles = self.parsed.settings.get("shuffle", {})
        if isinstance(quiz_shuffles, dict) and quiz_shuffles.get("options", True) == shuffle:
            return {}
        return {"shuffle": shuffle}


def _free_for(target: Path, content: bytes) -> bool:
    return not target.exists() or (target.is_file() and target.read_bytes() == content)


def _plain(text: str | None) -> str:
    return (text or "").strip()


def _plain_text(holder: Element | None) -> str:
    """The text of an answer that is shown as plain text (HTML tags removed)."""
    if holder is None:
        return ""
    text = _plain(holder.findtext("text"))
    return html_to_text(text) if looks_like_html(text) else text


def _number(text: str | None) -> float | None:
    try:
        value = float((text or "").strip())
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _fraction(answer: Element) -> float:
    return (_number(answer.get("fraction")) or 0.0) / 100


def _flag(text: str | None, default: bool) -> bool:
    value = _plain(text).lower()
    if value in {"1", "true", "yes"}:
        return True
    if value in {"0", "false", "no"}:
        return False
    return default


# --- writing ------------------------------------------------------------------------
#
# The tree is built with the standard library's ElementTree, which escapes text and
# attribute values; characters XML 1.0 cannot hold at all are dropped first.


def write_moodle_xml(quiz: Quiz, assets_dir: Path | None = None) -> ExportResult:
    """The quiz as Moodle XML; images in ``assets_dir`` (the quiz's folder) are embedded."""
    notes: list[Note] = []
    settings = conventions.quiz_settings(quiz)
    if set(settings) - {"id", "title", "description"}:
        notes.append(
            Note(
                "quiz settings (pass mark, attempts, time limit, ...) have no place in a "
                "Moodle question bank; they are kept in a comment only NeedleWise reads"
            )
        )
    elements = [_category(quiz)]
    for question in quiz.questions:
        if isinstance(question, CaseQuestion):
            elements.append(_case(question, notes))
            elements += [_question(part, question) for part in question.questions]
        else:
            elements.append(_question(question))
    notes += conventions.grade_notes(quiz)
    if any(q.objectives or q.references for _, q in quiz.leaves()):
        notes.append(
            Note(
                "objectives and references are kept as Moodle tags "
                "('objective:...', 'reference:...'); Moodle shows no citations"
            )
        )
    # A comment cannot hold "--"; JSON can say the same with an escape.
    comment = json.dumps(settings, ensure_ascii=False).replace("--", "-\\u002d")
    root = Element("quiz")
    root.append(Comment(f" {conventions.QUIZ_COMMENT} {_xml_chars(comment)} "))
    for element in elements:
        _embed_images(element, assets_dir, notes)
        root.append(element)
    indent(root, space="  ")
    body = tostring(root, encoding="unicode", short_empty_elements=False)
    return ExportResult(f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n', notes)


def _embed_images(question: Element, folder: Path | None, notes: list[Note]) -> None:
    """Images of the quiz's folder become ``@@PLUGINFILE@@`` files, as Moodle stores them."""
    name = question.findtext("name/text")
    for holder in list(question.iter()):
        text = holder.find("text")
        if holder.get("format") == "markdown" and text is not None:
            files: dict[str, str] = {}
            text.text = _IMAGE.sub(
                partial(_embedded_image, folder=folder, files=files, notes=notes, question=name),
                text.text or "",
            )
            holder.extend(
                _element("file", {"name": file, "path": "/", "encoding": "base64"}, data)
                for file, data in files.items()
            )


def _embedded_image(
    match: re.Match,
    folder: Path | None,
    files: dict[str, str],
    notes: list[Note],
    question: str | None,
) -> str:
    label, target = match.group(1), match.group(2)
    if _SCHEME.match(target):
        if target.startswith("figure:"):
            notes.append(Note(f"the course figure '{target[7:]}' is not exported", question))
        return match.group(0)
    path = (folder / unquote(target)).resolve() if folder else None
    if folder is None or path is None or not path.is_file() or folder.resolve() not in path.parents:
        notes.append(
            Note(
                f"the image '{target}' is not in the quiz's folder, so it was not embedded",
                question,
            )
        )
        return match.group(0)
    files[path.name] = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"![{label}](@@PLUGINFILE@@/{quote(path.name)})"


def _category(quiz: Quiz) -> Element:
    children = [
        _element("category", children=[_text("$course$/top/" + quiz.title.replace("/", "//"))])
    ]
    if quiz.description:
        children.append(_formatted("info", quiz.description))
    return _element("question", {"type": "category"}, children=children)


def _case(case: CaseQuestion, notes: list[Note]) -> Element:
    notes.extend(conventions.case_notes(case))
    children = [
        _element("name", children=[_text(case.title or case.id)]),
        _formatted("questiontext", conventions.vignette_markdown(case.vignette)),
        _element("defaultgrade", text="0"),
        _element("idnumber", text=case.id),
        _tags(conventions.case_tags(case)),
    ]
    return _element("question", {"type": "description"}, children=children)


def _question(question: LeafQuestion, case: CaseQuestion | None = None) -> Element:
    kind, specific = _specific(question)
    children = [
        _element("name", children=[_text(question.id)]),
        _formatted("questiontext", question.prompt),
    ]
    if question.explanation:
        children.append(_formatted("generalfeedback", question.explanation))
    children += [
        _element("defaultgrade", text=decimal_text(question.points)),
        _element("idnumber", text=question.id),
        *specific,
    ]
    tags = conventions.question_tags(question, case)
    if tags:
        children.append(_tags(tags))
    return _element("question", {"type": kind}, children=children)


def _specific(question: LeafQuestion) -> tuple[str, list[Element]]:
    """Moodle's type name and the elements only that type has."""
    if isinstance(question, SingleQuestion | MultipleQuestion):
        elements = [_element("single", text=_bool(isinstance(question, SingleQuestion)))]
        elements += _shuffle(question.shuffle)
        elements.append(_element("answernumbering", text="abc"))
        elements += [_answer(o.share, o.text, o.feedback, "markdown") for o in question.options]
        return "multichoice", elements
    if isinstance(question, TrueFalseQuestion):
        return "truefalse", [
            _answer(float(question.answer), "true", question.feedback_true, "moodle_auto_format"),
            _answer(
                float(not question.answer), "false", question.feedback_false, "moodle_auto_format"
            ),
        ]
    if isinstance(question, NumericQuestion):
        return "numerical", _numeric(question)
    if isinstance(question, MatchingQuestion):
        pairs = [(p.left, p.right) for p in question.pairs]
        pairs += [("", d) for d in question.distractors]
        subquestions = [
            _element(
                "subquestion",
                {"format": "markdown"},
                children=[_text(left), _element("answer", children=[_text(right)])],
            )
            for left, right in pairs
        ]
        return "matching", _shuffle(question.shuffle) + subquestions
    if isinstance(question, OrderingQuestion):
        partial = question.scoring == "partial"
        grading = PARTIAL_GRADING if partial else "ALL_OR_NOTHING"
        elements = [
            _element("layouttype", text="VERTICAL"),
            _element("selecttype", text="ALL"),
            _element("selectcount", text=str(len(question.items))),
            _element("gradingtype", text=grading),
            _element("showgrading", text="SHOW"),
            _element("numberingstyle", text="none"),
        ]
        elements += [
            _element("answer", {"fraction": str(i), "format": "plain_text"}, children=[_text(item)])
            for i, item in enumerate(question.items, start=1)
        ]
        return "ordering", elements
    assert isinstance(question, ShortTextQuestion)
    elements = [_element("usecase", text="1" if question.case_sensitive else "0")]
    elements += [
        _answer(a.fraction, a.text, a.feedback, "moodle_auto_format") for a in question.accepted
    ]
    # Moodle tries answers in order, so reject examples after them change no mark.
    elements += [_answer(0.0, example, None, "moodle_auto_format") for example in question.reject]
    return "shortanswer", elements


def _numeric(question: NumericQuestion) -> list[Element]:
    elements = [
        _answer(
            a.fraction,
            decimal_text(a.value),
            a.feedback,
            "moodle_auto_format",
            extra=[_element("tolerance", text=decimal_text(a.tolerance))],
        )
        for a in question.answers
    ]
    if question.feedback_other:
        elements.append(_answer(0.0, "*", question.feedback_other, "moodle_auto_format"))
    if question.unit:
        units = [(question.unit, 1.0)] + [(u.unit, u.multiplier) for u in question.units]
        unit_elements = [
            _element(
                "unit",
                children=[
                    _element("multiplier", text=decimal_text(m)),
                    _element("unit_name", text=name),
                ],
            )
            for name, m in units
        ]
        elements.append(_element("units", children=unit_elements))
    elements += [
        _element("unitgradingtype", text="0"),
        _element("unitpenalty", text="0"),
        _element("showunits", text="0" if question.unit else "3"),
        _element("unitsleft", text="0"),
    ]
    return elements


def _answer(
    fraction: float,
    text: str,
    feedback: str | None,
    text_format: str,
    extra: list[Element] | None = None,
) -> Element:
    children = [_text(text)]
    if feedback:
        children.append(_formatted("feedback", feedback))
    children += extra or []
    attributes = {"fraction": percent_text(fraction), "format": text_format}
    return _element("answer", attributes, children=children)


def _shuffle(shuffle: bool | None) -> list[Element]:
    return [] if shuffle is None else [_element("shuffleanswers", text=_bool(shuffle))]


def _formatted(tag: str, markdown: str) -> Element:
    return _element(tag, {"format": "markdown"}, children=[_text(markdown)])


def _text(text: str) -> Element:
    return _element("text", text=text)


def _tags(tags: list[str]) -> Element:
    return _element("tags", children=[_element("tag", children=[_text(tag)]) for tag in tags])


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _element(
    tag: str,
    attributes: dict[str, str] | None = None,
    text: str | None = None,
    children: Iterable[Element] = (),
) -> Element:
    element = Element(tag, {k: _xml_chars(v) for k, v in (attributes or {}).items()})
    if text is not None:
        element.text = _xml_chars(text)
    element.extend(children)
    return element


def _xml_chars(text: str) -> str:
    """The text without the characters XML 1.0 cannot represent, even escaped."""
    return _INVALID_XML_CHARS.sub("", text)

"""HTML from question banks as Markdown (quiz text may not hold raw HTML), or as plain text.

The common structure of question text is kept: paragraphs, line breaks, bold, italics,
code, links, images, lists, headings, quotes, tables and preformatted blocks. Anything
else keeps its text and loses its markup; scripts and styles are dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure",
    "figcaption", "address", "dl", "dt", "dd", "center", "form", "fieldset",
}  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "tt": "`", "kbd": "`"}
_SKIPPED = {"script", "style", "head", "title", "template", "noscript"}
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# Line starts Markdown would read as a heading, quote, list item or rule.
_BLOCK_START_SPECIALS = re.compile(r"^(?:(#|>|[-+*](?=\s)|[-=](?=[-=\s]*$))|(\d+)([.)])(?=\s|$))")
_HARD_BREAK = "\x00"


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def without_raw_html(markdown: str) -> str:
    """Markdown with anything that looks like an HTML tag shown as text instead."""
    return _TAG.sub(lambda match: "&lt;" + match.group(0)[1:], markdown)


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that displays exactly that text."""
    lines = [_escape_inline(line) for line in text.strip().splitlines()]
    return "\\\n".join(_escape_block_start(line) for line in lines)


def _escape_block_start(line: str) -> str:
    """A backslash where Markdown allows one: before the marker, or a number's '.' or ')'."""
    return _BLOCK_START_SPECIALS.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), line
    )


def _escape_inline(text: str) -> str:
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    return _TAG_START.sub("&lt;", text)


def without_dangling_breaks(markdown: str) -> str:
    """Markdown without line breaks left with nothing after them (once an image is gone)."""
    lines = markdown.strip().split("\n")
    kept = [line for line in lines if line.strip() != "\\"]
    text = "\n".join(kept)
    return re.sub(r"(?<!\\)\\\n(?=[ \t]*(\n|$))", "\n", text + "\n").strip()


def moodle_text_to_markdown(text: str) -> str:
    """Moodle's auto-format ("moodle") text: plain text where a line break is a line break,
    and any HTML in it taken as HTML, the way Moodle displays it."""
    if looks_like_html(text):
        return html_to_markdown(text.replace("\r", "").replace("\n", "<br>"))
    return escape_markdown(text)


def html_to_markdown(html: str) -> str:
    converter = _MarkdownWriter()
    converter.feed(html)
    converter.close()
    return converter.markdown()


def html_to_text(html: str) -> str:
    """The visible text of an HTML fragment on one line, for plain-text fields."""
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    return " ".join("".join(reader.parts).split())


class _TextReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


class _MarkdownWriter(HTMLParser):
    """Collects inline Markdown for the current block and a list of finished blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []  # (text, joined to the previous one tightly)
        self.inline: list[str] = []
        self.pending: list[str] = []  # emphasis opened but not yet followed by text
        self.open: list[str] = []  # emphasis markers written and not yet closed
        self.lists: list[list] = []  # [marker kind, next number]
        self.item_marker: str | None = None
        self.new_list = False  # the next block starts a top-level list
        self.quote = 0
        self.skipping = 0
        self.pre: list[str] | None = None
        self.links: list[str | None] = []
        self.heading = 0
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None

    # --- the parser's callbacks ----------------------------------------------------

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag in _SKIPPED:
            self.skipping += 1
        elif self.skipping:
            return
        elif tag == "pre":
            self._flush()
            self.pre = []
        elif tag in _BLOCKS:
            self._flush()
        elif tag in _HEADINGS:
            self._flush()
            self.heading = _HEADINGS[tag]
        elif tag == "blockquote":
            self._flush()
            self.quote += 1
        elif tag in {"ul", "ol"}:
            self._flush()
            self.new_list = self.new_list or not self.lists
            self.lists.append([tag, 1])
        elif tag == "li":
            self._flush()
            self.item_marker = self._next_marker()
        elif tag == "br":
            self._write(_HARD_BREAK)
        elif tag == "hr":
            self._flush()
            self.blocks.append(("---", False))
        elif tag in _EMPHASIS and self.pre is None:
            self.pending.append(_EMPHASIS[tag])
        elif tag == "a":
            href = attributes.get("href", "").strip()
            usable = href and not href.lower().startswith("javascript:")
            self.links.append(href.replace(" ", "%20") if usable else None)
            if usable:
                self._write("[")
        elif tag == "img":
            alt = _escape_inline(attributes.get("alt", "").strip())
            src = attributes.get("src", "").strip().replace(" ", "%20")
            if src:
                self._write(f"![{alt}]({src})")
        elif tag == "table":
            self._flush()
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in {"td", "th"} and self.table is not None:
            self._end_cell()
            self.cell = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in {"br", "img", "hr"}:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif self.skipping:
            return
        elif tag == "pre" and self.pre is not None:
            code = "".join(self.pre).strip("\n")
            self.pre = None
            self.blocks.append((f"```\n{code}\n```", False))
        elif tag in _BLOCKS or tag == "li":
            self._flush()
        elif tag in _HEADINGS:
            self._flush()
            self.heading = 0
        elif tag == "blockquote":
            self._flush()
            self.quote = max(0, self.quote - 1)
        elif tag in {"ul", "ol"} and self.lists:
            self._flush()
            self.lists.pop()
        elif tag in _EMPHASIS and self.pre is None:
            self._close_emphasis(_EMPHASIS[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self._write(f"]({href})")
        elif tag in {"td", "th"}:
            self._end_cell()
        elif tag == "table" and self.table is not None:
            self._end_cell()
            rows, self.table = self.table, None
            if any(rows):
                self.blocks.append((_table(rows), False))

    def handle_data(self, data):
        if self.skipping:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        text = _escape_inline(re.sub(r"\s+", " ", data))
        if self.pending and text.strip():
            leading = text[: len(text) - len(text.lstrip())]
            text = leading + "".join(self.pending) + text.lstrip()
            self.open += self.pending
            self.pending = []
        self._write(text)

    # --- building blocks --------------------------------------------------------------

    def _write(self, text: str) -> None:
        (self.cell if self.cell is not None else self.inline).append(text)

    def _close_emphasis(self, marker: str) -> None:
        if marker in self.pending:
            self.pending.remove(marker)
            return
        if marker not in self.open:
            return
        self.open.remove(marker)
        target = self.cell if self.cell is not None else self.inline
        spaces = ""
        while target and not target[-1].strip(" "):
            spaces = target.pop() + spaces
        if target:
            stripped = target[-1].rstrip(" ")
            spaces = target[-1][len(stripped) :] + spaces
            target[-1] = stripped
        target += [marker, spaces]

    def _end_cell(self) -> None:
        if self.cell is not None and self.table is not None:
            if not self.table:
                self.table.append([])
            text = _inline_text("".join(self.cell)).replace("|", "\\|").replace("\n", " ")
            self.table[-1].append(text)
        self.cell = None

    def _next_marker(self) -> str:
        if not self.lists:
            return "- "
        kind = self.lists[-1]
        if kind[0] == "ol":
            kind[1] += 1
            return f"{kind[1] - 1}. "
        return "- "

    def _flush(self) -> None:
        self.pending = []
        while self.open:
            self._close_emphasis(self.open[-1])
        text = _inline_text("".join(self.inline))
        self.inline = []
        if not text:
            return
        if self.heading:
            text = "#" * self.heading + " " + text
        in_list = bool(self.lists) or self.item_marker is not None
        if in_list:
            depth = max(0, len(self.lists) - 1)
            indent = "  " * depth
            marker = self.item_marker or "  "
            self.item_marker = None
            text = "\n".join(
                (indent + marker if i == 0 else indent + " " * len(marker)) + line
                for i, line in enumerate(text.split("\n"))
            )
        if self.quote:
            text = "\n".join("> " * self.quote + line for line in text.split("\n"))
        self.blocks.append((text, in_list and not self.new_list))
        self.new_list = False

    def markdown(self) -> str:
        self._flush()
        out = ""
        for text, tight in self.blocks:
            if out:
                out += "\n" if tight else "\n\n"
            out += text
        return re.sub(r"\n{3,}", "\n\n", out).strip()


def _inline_text(text: str) -> str:
    text = re.sub(r" {2,}", " ", text)
    lines = [line.strip() for line in text.split(_HARD_BREAK)]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    # After a line break, "- text" or "# text" would start a list or a heading.
    return "\\\n".join(_escape_block_start(line) for line in lines)


def _table(rows: list[list[str]]) -> str:
    rows = [row for row in rows if row]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)

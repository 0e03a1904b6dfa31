"""Safe YAML loading that remembers where every node came from.

Authors need errors that point at a line and column, so documents are composed into
PyYAML's node tree with the safe loader (no Python objects are ever constructed) and
turned into plain data alongside a map from each path (keys and indices) to its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

Path = tuple[str | int, ...]
Position = tuple[int, int]

# Aliases and merge keys can expand a small file into a huge tree ("billion laughs");
# authors never need this. Content nests a handful of levels; a thousand is an attack.
MAX_NODES = 200_000
MAX_DEPTH = 50
MERGE_TAG = "tag:yaml.org,2002:merge"
PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class Located:
    """Plain data from a YAML document, with 1-based (line, column) positions by path."""

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> Position:
        """Position of the deepest node along ``path`` that exists in the document.

        Elements of ``path`` that are not keys or indices of the data (for example the
        tag of a tagged union in a validation error) are skipped.
        """
        resolved = self.resolve(path)
        if key and resolved in self.keys:
            return self.keys[resolved]
        return self.values.get(resolved, (1, 1))

    def resolve(self, path: Path) -> Path:
        node = self.data
        resolved: list[str | int] = []
        for element in path:
            # Two branches, so that the type checker knows a list is indexed by an int.
            if isinstance(node, dict) and element in node:  # noqa: SIM114
                node = node[element]
            elif isinstance(node, list) and isinstance(element, int) and 0 <= element < len(node):
                node = node[element]
            else:
                continue
            resolved.append(element)
        return tuple(resolved)


class YamlError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class _TooBig(Exception):
    """The document grows past a limit; the message says which and where."""

    def __init__(self, message: str, mark: yaml.Mark | _Mark):
        self.message = message
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit: its composer recurses once per level, so a
    file of a thousand brackets would otherwise end in RecursionError."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.depth >= MAX_DEPTH:
            raise _TooBig(
                f"the document is nested more than {MAX_DEPTH} levels deep",
                self.peek_event().start_mark,
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load(text: str, path: str) -> Located:
    """Parse ``text`` (the contents of ``path``) into data with positions.

    Raises ``YamlError`` with positioned problems for syntax errors, control characters,
    duplicate keys, non-string keys and documents that nest or expand too far.
    """
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return Located(data=None)
        builder = _Builder(loader, path)
        data = builder.build(node, ())
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        raise YamlError(
            [
                Problem(
                    path,
                    line,
                    col,
                    f"the control character U+{exc.character:04X} is not allowed "
                    "(often pasted from a word processor); delete it",
                )
            ]
        ) from None
    except _TooBig as exc:
        line, col = exc.mark.line + 1, exc.mark.column + 1
        raise YamlError([Problem(path, line, col, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise YamlError([_syntax_problem(exc, text, path)]) from None
    except yaml.YAMLError as exc:
        raise YamlError([Problem(path, 1, 1, f"YAML error: {exc}")]) from None
    except RecursionError:
        # The depth limits above should make this unreachable; one file must still never
        # take the app down if they are not enough.
        raise YamlError([Problem(path, 1, 1, "the document is nested too deeply")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if builder.problems:
        raise YamlError(builder.problems)
    return Located(data=data, values=builder.values, keys=builder.keys)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    """A syntax error in plain words, at the place to fix.

    PyYAML's own wording ("mapping values are not allowed here", "expected <block end>,
    but found '<scalar>'") names its parser's state, not the author's mistake; where the
    mistake can be told from the error, only the plain words are given, since the parser's
    add nothing an author can act on. Other errors keep the parser's wording.
    """
    plain = _plain(exc, text)
    if plain is None:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
    else:
        mark, detail = plain
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(path, line, col, f"YAML syntax error: {detail}")


QUOTE_HELP = (
    "a value that starts with a quote mark ends at the next one, so put the whole value in "
    'the other kind of quotes ("it\'s", \'"Hi" she said\')'
)
INDENT_HELP = (
    "line up each key with the other keys of its mapping, and each '-' with the other items "
    "of its list"
)


def _plain(exc: yaml.MarkedYAMLError, text: str) -> tuple[yaml.Mark | None, str] | None:
    """(where, what is wrong and what to do) for the errors authors make; None otherwise."""
    context, problem = exc.context or "", exc.problem or ""
    start, found = exc.context_mark, exc.problem_mark
    # At the end of the file the parser has run past the mistake: point where it began.
    at_end = "end of stream" in problem or "<stream end>" in problem
    if problem == "mapping values are not allowed here":
        return found, (
            "a ':' where a new key cannot start; check the indentation of this line, or put "
            "text that contains ': ' in quotes"
        )
    if problem == "found character '\\t' that cannot start any token":
        return found, "a tab character; YAML indents with spaces only, so replace it with spaces"
    character = re.fullmatch(r"found character '(.)' that cannot start any token", problem)
    if character:
        return found, (
            f"a value cannot start with '{character.group(1)}'; put the whole value in quotes"
        )
    if context in {"while scanning an alias", "while scanning an anchor"} or problem.startswith(
        "found undefined alias"
    ):
        mark = start or found
        first = _char_at(text, mark)
        return mark, (
            f"a value cannot start with '{first}' (YAML reads it as a reference to another "
            "part of the file); put the whole value in quotes"
        )
    if problem.startswith("could not determine a constructor for the tag"):
        return found, (
            "a value cannot start with '!' (YAML reads the word after it as a type); put the "
            "whole value in quotes"
        )
    if context == "while scanning a block scalar":
        first = _char_at(text, start)
        return start, (
            f"a value cannot start with '{first}' followed by text (YAML reads '{first}' as "
            "the start of a block of text on the lines below); put the whole value in quotes"
        )
    if context == "while scanning a quoted scalar" and at_end:
        return start, "this quote is never closed; end the value with the same quote mark"
    escape = re.fullmatch(r"found unknown escape character '(.+)'", problem)
    if escape:
        return found, (
            f"'\\{escape.group(1)}' is not a known escape inside double quotes; write '\\\\' "
            "for a backslash, or use single quotes"
        )
    if context == "while scanning a simple key" and problem == "could not find expected ':'":
        return start, (
            "this line is not 'key: value'; add the missing ': ', or, if it continues the "
            "text above, indent it further than that text's key"
        )
    if problem == "sequence entries are not allowed here":
        return found, (
            "a '-' list item cannot start here; start the list on the next line, indented, "
            "or put a value that starts with '- ' in quotes"
        )
    if context in {"while parsing a flow sequence", "while parsing a flow mapping"}:
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        if at_end or start is None:
            here, which = start, f"the '{opening}'"
        else:
            here, which = found, f"the '{opening}' on line {start.line + 1}"
        return here, (
            f"{which} is not closed; end it with '{closing}', or put a value "
            f"that starts with '{opening}' in quotes"
        )
    if context in {"while parsing a block mapping", "while parsing a block collection"}:
        if problem == "expected <block end>, but found '<scalar>'":
            before = _before(text, found)
            if before in {"'", '"'}:
                return found, f"more text after a closing quote; {QUOTE_HELP}"
            if before in {"]", "}"}:
                opening = "[" if before == "]" else "{"
                return found, (
                    f"more text after a closing '{before}'; a value that starts with "
                    f"'{opening}' is read as a list, so put the whole value in quotes"
                )
        if problem.startswith("expected <block end>"):
            return (
                found,
                f"the indentation of this line does not match the lines around it; {INDENT_HELP}",
            )
    if problem == "but found another document":
        return found, (
            "a second document starts here ('---'); a file holds one, so remove this line "
            "and what follows it, or merge the two"
        )
    return None


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    return text[mark.index] if mark is not None and mark.index < len(text) else "?"


def _before(text: str, mark: yaml.Mark | None) -> str:
    """The last character before ``mark`` on its line that is not a space."""
    if mark is None:
        return ""
    line_start = text.rfind("\n", 0, mark.index) + 1
    return text[line_start : mark.index].rstrip()[-1:]


class _Mark:
    """A 1-based position shaped like PyYAML's 0-based marks."""

    def __init__(self, line: int, col: int):
        self.line, self.column = line - 1, col - 1


def _line_col(text: str, position: int) -> Position:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, path: str):
        self.loader = loader
        self.path = path
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def spend(self, nodes: int, mark: yaml.Mark | _Mark) -> None:
        """Count nodes as aliases and merge keys expand them; refuse past the limit."""
        self.count += nodes
        if self.count > MAX_NODES:
            raise _TooBig(
                f"the document expands to more than {MAX_NODES} nodes "
                "(too many aliases or merge keys)",
                mark,
            )

    def build(self, node: yaml.Node, path: Path) -> Any:
        # Blame the top-level entry being built: deep inside an alias, the node's own
        # position is the anchor's, far from the line that made the document explode.
        outer = self.keys.get(path[:1]) if path else None
        self.spend(1, _Mark(*outer) if outer else node.start_mark)
        if len(path) > MAX_DEPTH:
            # Aliases can nest a document deeper than its text (even into itself).
            raise _TooBig(
                f"the document is nested more than {MAX_DEPTH} levels deep", node.start_mark
            )
        self.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.CollectionNode) and node.tag not in PLAIN_TAGS:
            # Tags such as !!python/object name constructors; content never needs them.
            raise yaml.MarkedYAMLError(
                problem=f"the tag {node.tag!r} is not allowed", problem_mark=node.start_mark
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _pairs(self, node: yaml.MappingNode, depth: int = 0) -> tuple[list, list]:
        """(merged, own) key/value node pairs of a mapping, merge keys expanded.

        PyYAML's own flatten_mapping copies every merged pair with no limit, so a short file
        of nested ``<<: [*a, *a]`` grows exponentially; here each copied pair is counted.
        """
        merged: list = []
        own: list = []
        for key_node, value_node in node.value:
            if key_node.tag != MERGE_TAG:
                own.append((key_node, value_node))
                continue
            if depth >= MAX_DEPTH:
                raise _TooBig(
                    f"merge keys nest more than {MAX_DEPTH} levels deep", key_node.start_mark
                )
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            # The first mapping listed wins, so it is added last.
            for source in reversed(sources):
                if not isinstance(source, yaml.MappingNode):
                    raise yaml.MarkedYAMLError(
                        problem="a merge key (<<) takes a mapping or a list of mappings",
                        problem_mark=source.start_mark,
                    )
                source_merged, source_own = self._pairs(source, depth + 1)
                self.spend(1 + len(source_merged) + len(source_own), key_node.start_mark)
                merged += source_merged + source_own
        return merged, own

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        merged, own = self._pairs(node)
        result: dict[str, Any] = {}
        nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in merged:
            key = self._key(key_node)
            if key is not None:
                nodes[key] = value_node
        explicit: dict[str, int] = {}
        for key_node, value_node in own:
            key = self._key(key_node)
            if key is None:
                continue
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in explicit:
                message = (
                    f"duplicate key '{key}': it is already set on line {explicit[key]}; "
                    "keep one of them"
                )
                self.problems.append(Problem(self.path, *where, message))
                continue
            explicit[key] = where[0]
            self.keys[(*path, key)] = where
            nodes[key] = value_node
        for key, value_node in nodes.items():
            result[key] = self.build(value_node, (*path, key))
        return result

    def _key(self, key_node: yaml.Node) -> str | None:
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if isinstance(key_node, yaml.ScalarNode):
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, bool) and isinstance(key, str | int | float):
                return str(key)
            message = f"a key must be a plain word, not {key!r}"
        else:
            message = "a key must be a plain word, not a list or mapping"
        problem = Problem(self.path, *where, message)
        if problem not in self.problems:
            self.problems.append(problem)
        return None

"""Safe YAML loading that remembers where every node came from.

Authors need errors that point at a line and column, so documents are composed into
PyYAML's node tree with the safe loader (no Python objects are ever constructed) and
turned into plain data alongside a map from each path (keys and indices) to its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

Path = tuple[str | int, ...]
Position = tuple[int, int]

# Aliases can expand a small file into a huge tree ("billion laughs"); authors never need this.
MAX_NODES = 200_000
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
            if (isinstance(node, dict) and element in node) or (
                isinstance(node, list) and isinstance(element, int) and 0 <= element < len(node)
            ):
                node = node[element]
                resolved.append(element)
        return tuple(resolved)


class YamlError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def load(text: str, path: str) -> Located:
    """Parse ``text`` (the contents of ``path``) into data with positions.

    Raises ``YamlError`` with positioned problems for syntax errors, duplicate keys,
    non-string keys and documents that expand too far.
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(data=None)
        builder = _Builder(loader, path)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlError([Problem(path, line, col, f"YAML syntax error: {detail}")]) from None
    except yaml.YAMLError as exc:
        raise YamlError([Problem(path, 1, 1, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise YamlError(builder.problems)
    return Located(data=data, values=builder.values, keys=builder.keys)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, path: str):
        self.loader = loader
        self.path = path
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise yaml.YAMLError(
                f"the document expands to more than {MAX_NODES} nodes (too many aliases?)"
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

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        self.loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if isinstance(key, bool) or not isinstance(key, str | int | float):
                self.problems.append(
                    Problem(self.path, *where, f"a key must be a plain word, not {key!r}")
                )
                continue
            key = str(key)
            if key in result:
                self.problems.append(Problem(self.path, *where, f"duplicate key '{key}'"))
                continue
            self.keys[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key))
        return result

"""A quiz as readable YAML: block style, short lists inline, multi-line text as ``|`` blocks."""

from __future__ import annotations

import re

import yaml

_SHORT_LIST = 70
# A top-level question, except the first one (straight after "questions:").
_LATER_QUESTION = re.compile(r"(?<!^questions:\n)^  - id: ", re.MULTILINE)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Indent list items under their key, as the hand-written quizzes do.
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    scalars = all(isinstance(v, str | int | float) and "\n" not in str(v) for v in value)
    inline = scalars and len(", ".join(map(str, value))) <= _SHORT_LIST
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def quiz_yaml(data: dict) -> str:
    """``data`` as YAML, keys in the order given, a blank line before each question."""
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    text = text.replace("\nquestions:\n", "\n\nquestions:\n", 1)
    return _LATER_QUESTION.sub("\n  - id: ", text)

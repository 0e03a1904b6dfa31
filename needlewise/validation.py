"""Turn pydantic validation errors into positioned problems an author can act on."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import Problem
from .yamlpos import Located

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], located: Located, path: str) -> tuple[M | None, list[Problem]]:
    """Validate located YAML data against ``model``; every problem comes back at once."""
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        problems = [_problem(error, located, path, model) for error in exc.errors()]
        return None, sorted(set(problems))


def _problem(
    error: Mapping[str, Any], located: Located, path: str, model: type[BaseModel]
) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    where = _where(located.resolve(loc))
    if kind == "extra_forbidden":
        line, col = located.position(loc, key=True)
        name = str(loc[-1])
        hint = _suggest(name, _allowed_fields(model, located, loc[:-1]))
        return Problem(path, line, col, f"unknown field '{name}'{hint}")
    if kind == "union_tag_invalid":
        tag_field = str(error.get("ctx", {}).get("discriminator", "type")).strip("'")
        loc = (*loc, tag_field)
    line, col = located.position(loc)
    if kind == "missing":
        return Problem(path, line, col, f"missing required field '{loc[-1]}' in {where}")
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        field = str(ctx.get("discriminator", "type")).strip("'")
        return Problem(
            path,
            line,
            col,
            f"unknown {field} '{ctx.get('tag')}'; expected one of {ctx.get('expected_tags')}",
        )
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return Problem(path, line, col, f"{where}: {message}")


def _where(path: tuple) -> str:
    """A place in the file as its author counts: "questions #2 -> options #3", not the
    list positions from zero that the data uses."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int) and parts:
            parts[-1] += f" #{part + 1}"
        else:
            parts.append(str(part))
    return " -> ".join(parts) or "top level"


def _allowed_fields(model: type[BaseModel], located: Located, parent: tuple) -> list[str]:
    """Field names of the model that sits at ``parent`` (best effort, for suggestions)."""
    current: Any = model
    data: Any = located.data
    for element in located.resolve(parent):
        data = data[element]
        if isinstance(element, int):
            continue
        current = _field_model(current, element, data)
        if current is None:
            return []
    if current is None or not hasattr(current, "model_fields"):
        return []
    return list(current.model_fields)


def _field_model(model: Any, name: str, data: Any) -> Any:
    from typing import get_args

    field = getattr(model, "model_fields", {}).get(name)
    if field is None:
        return None
    candidates = [field.annotation]
    found: Any = None
    while candidates:
        annotation = candidates.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            tag = data.get("type") if isinstance(data, dict) else None
            type_field = annotation.model_fields.get("type")
            if tag is None or type_field is None or tag in get_args(type_field.annotation):
                found = annotation
        candidates.extend(get_args(annotation))
    return found


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    if close:
        return f"; did you mean '{close[0]}'?"
    if options:
        return f"; allowed here: {', '.join(sorted(options))}"
    return ""

"""Driving the Quiz studio's editor in AppTest: what the editor component sends when typing
pauses or one of its own buttons is pressed, and what it was opened with."""

from __future__ import annotations

import json
import uuid


def editor_text(at) -> str:
    """The text the editor on the page was opened with."""
    (editor,) = [e for e in at.get("component_instance") if "studio_editor_" in (e.key or "")]
    return json.loads(editor.proto.json_args)["code"]


def report(at, text: str):
    """What the editor sends when typing pauses."""
    key = next(e.key for e in at.get("component_instance") if "studio_editor_" in (e.key or ""))
    at.session_state[key] = {
        "id": uuid.uuid4().hex[:8],
        "type": "change",
        "lang": "yaml",
        "text": text,
        "selected": "",
        "cursor": {"row": 0, "column": 0},
    }
    return at.run()


def press(at, name: str, text: str | None = None):
    """Click one of the editor's own buttons (Save draft, Save and publish, ...): the editor
    sends what the button's command sends, with ``text`` (by default the text it holds)."""
    (editor,) = [e for e in at.get("component_instance") if "studio_editor_" in (e.key or "")]
    args = json.loads(editor.proto.json_args)
    buttons = {b["name"]: b for g in args["menu"].get("groups", []) for b in g["buttons"]}
    assert name in buttons, f"no button {name!r} in the editor, only {sorted(buttons)}"
    ((command, sent),) = buttons[name]["commands"]
    assert command == "delayedExecute" and sent["command"][0] == "response"
    if text is None:
        last = at.session_state.get(editor.key)
        text = last["text"] if isinstance(last, dict) and last.get("type") else args["code"]
    at.session_state[editor.key] = {
        "id": uuid.uuid4().hex[:8],
        "type": sent["command"][1],
        "lang": "yaml",
        "text": text,
        "selected": "",
        "cursor": {"row": 0, "column": 0},
    }
    return at.run()


def editor_buttons(at) -> list[str]:
    (editor,) = [e for e in at.get("component_instance") if "studio_editor_" in (e.key or "")]
    menu = json.loads(editor.proto.json_args)["menu"]
    return [b["name"] for g in menu.get("groups", []) for b in g["buttons"]]


def leave_and_come_back(at):
    at.switch_page("views/course.py").run()
    return at.switch_page("views/studio.py").run()

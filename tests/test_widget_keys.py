"""Every widget and form key in the app follows the project's convention, so none can
collide with a session-state key streamlit-authenticator writes at sign-in.

A widget whose key equals such a name (`roles`, `name`, ...) raises
`StreamlitValueAssignmentNotAllowedError` on a real server only, at the next sign-in or
page view: AppTest with hand-set session state never sees it. The names are read from the
installed library's source, so a new version that writes a new name is covered too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import streamlit_authenticator

from .builders import ROOT

SCANNED = [ROOT / "views", ROOT / "needlewise" / "ui"]
# A key names its area first, then what it holds: `people_add_username`, `a12:question`.
CONVENTION = re.compile(r"^[a-z][a-z0-9]*[_:][A-Za-z0-9_:.-]*$")
# NeedleWise's own session-state entries (context, user, flash messages) start with this.
INTERNAL_PREFIX = "_nw_"
LIBRARY = Path(streamlit_authenticator.__file__).parent


def authenticator_session_keys() -> tuple[set[str], set[str]]:
    """(exact names, name prefixes) the library reads or writes in st.session_state."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    for path in LIBRARY.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        exact |= set(re.findall(r"session_state(?:\.get\()?\[?\s*['\"]([^'\"{}]+)['\"]", source))
        prefixes |= set(re.findall(r"session_state\[f['\"]([^'\"{}]*)\{", source))
        exact |= set(re.findall(r"generate_captcha\(\s*['\"]([^'\"]+)['\"]", source))
    return exact, prefixes


def _key_literal(node: ast.expr) -> str | None:
    """The fixed text a key starts with; None for a key built elsewhere (a parameter)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        head = node.values[0]
        if isinstance(head, ast.Constant):
            return head.value
    return None


def widget_keys(source: str) -> list[tuple[int, str, ast.expr]]:
    """(line, kind, key expression) of every `key=` and every form's key in a module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "key" and not isinstance(keyword.value, ast.Lambda):
                found.append((node.lineno, "key=", keyword.value))
        if isinstance(node.func, ast.Attribute) and node.func.attr == "form" and node.args:
            found.append((node.lineno, "form", node.args[0]))
    return sorted(found, key=lambda entry: entry[0])


def key_problems(source: str, where: str) -> list[str]:
    exact, prefixes = authenticator_session_keys()
    problems = []
    for line, kind, node in widget_keys(source):
        literal = _key_literal(node)
        if literal is None:
            # Keys threaded through a helper's parameter are checked where they are written.
            if where.startswith("views/") and not isinstance(node, ast.JoinedStr):
                problems.append(f"{where}:{line}: a page's {kind} key must be written out")
            continue
        if literal in exact or any(literal.startswith(p) for p in prefixes):
            problems.append(f"{where}:{line}: {kind} {literal!r} is a sign-in library key")
        elif literal.startswith(INTERNAL_PREFIX):
            problems.append(f"{where}:{line}: {kind} {literal!r} uses NeedleWise's own prefix")
        elif not CONVENTION.match(literal):
            problems.append(
                f"{where}:{line}: {kind} {literal!r} should start with its area and '_' "
                "(for example 'people_unlock')"
            )
    return problems


def scanned_files() -> list[Path]:
    return [path for folder in SCANNED for path in sorted(folder.rglob("*.py"))]


def test_the_library_key_list_is_read_from_its_source():
    exact, prefixes = authenticator_session_keys()
    assert {
        "name",
        "username",
        "email",
        "roles",
        "authentication_status",
        "logout",
        "password_hint",
    } <= exact
    assert "2FA_check_" in prefixes


def test_the_scan_finds_the_keys_of_every_page():
    counted = {
        str(path.relative_to(ROOT)): len(widget_keys(path.read_text(encoding="utf-8")))
        for path in scanned_files()
    }
    assert counted["views/people.py"] >= 15 and counted["views/setup.py"] >= 5
    assert sum(counted.values()) > 80


def test_every_widget_key_follows_the_convention_and_avoids_the_sign_in_library():
    problems = [
        problem
        for path in scanned_files()
        for problem in key_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not problems, "\n".join(problems)


def test_the_check_names_each_kind_of_bad_key():
    source = "\n".join(
        [
            'with st.form("roles"): pass',
            'st.button("Unlock", key="unlock")',
            'st.text_input("Name", key="name")',
            'st.text_input("Code", key=f"2FA_code_{x}")',
            'st.checkbox("Seen", key="_nw_seen")',
            "st.selectbox('Pick', [], key=chosen)",
            'st.button("Go", key="people_go")',
            "sorted(rows, key=lambda r: r.name)",
        ]
    )
    found = key_problems(source, "views/example.py")
    assert [p.split(": ")[0] for p in found] == [f"views/example.py:{n}" for n in range(1, 7)]
    assert "sign-in library key" in found[0] and "'people_unlock'" in found[1]

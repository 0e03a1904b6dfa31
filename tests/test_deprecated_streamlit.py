"""NeedleWise calls no Streamlit function Streamlit has deprecated: ``components.v1.html``
and ``components.v1.iframe`` (replaced by ``st.iframe``; removal after 2026-06-01) log a
warning on every call and may be gone in the next version the clinic installs."""

from __future__ import annotations

import ast

from .builders import ROOT

DEPRECATED = "streamlit.components.v1"


def imported_modules(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_no_page_or_module_imports_the_deprecated_components_api():
    sources = [
        ROOT / "app.py",
        *(ROOT / "views").rglob("*.py"),
        *(ROOT / "needlewise").rglob("*.py"),
    ]
    assert len(sources) > 50
    using = [
        str(path.relative_to(ROOT))
        for path in sources
        if any(m == DEPRECATED or m.startswith(DEPRECATED + ".") for m in imported_modules(path))
    ]
    assert using == []

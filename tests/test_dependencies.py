"""requirements.txt declares what the code imports, and nothing it does not use."""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys
import tomllib

from .builders import ROOT

SOURCES = [
    *sorted((ROOT / "needlewise").rglob("*.py")),
    *sorted((ROOT / "views").rglob("*.py")),
    ROOT / "app.py",
]

# Declared, used, but never imported: each with the text that shows where it is used.
USED_WITHOUT_IMPORT = {
    # SQLAlchemy loads the PostgreSQL driver named in the database URL.
    "psycopg": (ROOT / "needlewise" / "store" / "engine.py", "postgresql+psycopg://"),
    # pandas writes the xlsx downloads through the engine named here.
    "openpyxl": (ROOT / "needlewise" / "gradebook.py", 'engine="openpyxl"'),
    # The README tells operators to inspect the SQLite database with its command.
    "sqlite-utils": (ROOT / "README.md", "sqlite-utils tables data/needlewise.db"),
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    names = set()
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(normalise(re.split(r"[\[=<>~!; ]", line, maxsplit=1)[0]))
    return names


def imported_modules() -> dict[str, str]:
    """Top-level third-party modules, each with one file that imports it."""
    found: dict[str, str] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "needlewise":
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


@functools.cache
def _providers() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def distributions_of(module: str) -> set[str]:
    return {normalise(d) for d in _providers().get(module, [])}


def test_the_import_scan_sees_the_libraries_the_code_uses():
    modules = imported_modules()
    assert {"streamlit", "sqlalchemy", "yaml", "jwt", "numpy", "altair"} <= set(modules)
    assert "needlewise" not in modules and "json" not in modules


def test_every_imported_library_is_declared():
    wanted = declared()
    undeclared = {
        module: where
        for module, where in imported_modules().items()
        if not distributions_of(module) & wanted
    }
    assert not undeclared, f"imported but not in requirements.txt: {undeclared}"


def test_every_declared_distribution_is_used():
    providers = set().union(*(distributions_of(m) for m in imported_modules()))
    unused = declared() - providers - set(USED_WITHOUT_IMPORT)
    assert not unused, f"in requirements.txt but never imported: {sorted(unused)}"


def test_what_is_declared_but_not_imported_is_still_used():
    for name, (path, usage) in USED_WITHOUT_IMPORT.items():
        assert name in declared(), name
        assert usage in path.read_text(), f"{name}: {usage!r} no longer in {path.name}"


def test_the_package_takes_its_dependencies_from_requirements_txt():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "dependencies" in project["project"]["dynamic"]
    assert "dependencies" not in project["project"]
    dynamic = project["tool"]["setuptools"]["dynamic"]["dependencies"]
    assert dynamic == {"file": ["requirements.txt"]}
    assert project["project"]["scripts"] == {"needlewise": "needlewise.cli:main"}

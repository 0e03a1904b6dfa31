"""Names that say what they hold: no class in the library shadows a Python builtin, no
two classes are called Completion, and page files are named for the page they show."""

from __future__ import annotations

import ast
import builtins
from collections import defaultdict
from pathlib import Path

from needlewise.access import ALL_PAGES

from .builders import ROOT


def library_classes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "needlewise").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                found[node.name].append(str(path.relative_to(ROOT)))
    return found


def test_no_library_class_shadows_a_builtin():
    shadowing = {name: where for name, where in library_classes().items() if name in dir(builtins)}
    assert shadowing == {}


def test_the_completion_rule_and_a_trainees_completion_have_their_own_names():
    classes = library_classes()
    assert "Completion" not in classes
    assert classes["CompletionRule"] == ["needlewise/course.py"]
    assert classes["CompletionStatus"] == ["needlewise/certification/rules.py"]


def test_gradebook_and_groups_files_are_named_for_their_pages_at_their_old_addresses():
    by_title = {page.title: page for page in ALL_PAGES}
    assert Path(by_title["Gradebook"].path).name == "gradebook.py"
    assert Path(by_title["Groups"].path).name == "groups.py"
    assert (by_title["Gradebook"].address, by_title["Groups"].address) == ("cohort", "cohorts")
    assert not (ROOT / "views" / "cohort.py").exists()
    assert not (ROOT / "views" / "cohorts.py").exists()
    for page in ALL_PAGES:
        assert (ROOT / page.path).is_file(), page.path

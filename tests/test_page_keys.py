"""The library names pages by key and only access.py knows their files: next steps and
the set-up checklist name keys, which the pages turn into links."""

from __future__ import annotations

import pytest

from needlewise import access, progress
from needlewise.getting_started import setup_steps
from needlewise.next_steps import next_steps
from needlewise.progress import course_status

from .builders import ROOT, add_user, load_test_course


def test_next_steps_name_page_keys_that_lead_to_their_pages(engine, tmp_path):
    content = load_test_course(tmp_path)
    trainee = add_user(engine, "tess")
    status = course_status(engine, content, trainee.id)
    unread = next_steps(content, status)
    assert [(s.page, s.query) for s in unread][:1] == [("lesson", {"id": "a-one"})]
    progress.mark_read(engine, trainee.id, "a-one")
    status = course_status(engine, content, trainee.id)
    steps = next_steps(content, status, {"a.one": 50.0}, 2)
    assert [s.page for s in steps] == ["quiz", "lesson", "review"]
    assert [access.page_path(s.page) for s in steps] == [
        "views/quiz.py",
        "views/lesson.py",
        "views/review.py",
    ]


def test_the_setup_checklist_names_settings_and_people_by_key(sqlite_engine):
    assert [s.page for s in setup_steps(sqlite_engine)] == ["settings"] * 3 + ["people"]
    assert access.page_path("people") == "views/people.py"


def test_an_unknown_page_key_is_refused_by_name():
    with pytest.raises(KeyError, match="'nowhere'"):
        access.page_path("nowhere")


def test_only_the_page_registry_names_view_files():
    naming = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "needlewise").rglob("*.py"))
        if "views/" in path.read_text(encoding="utf-8")
    ]
    assert naming == ["needlewise/access.py"]

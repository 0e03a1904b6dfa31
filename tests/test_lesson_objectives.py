"""Each lesson opens with what it teaches: its objectives, worded as in course.yaml."""

from __future__ import annotations

import pytest

from needlewise.lessons import objective_texts
from needlewise.store import open_store
from needlewise.ui.lesson_view import OBJECTIVES_HEADING

from .builders import add_user, make_app, shipped_content, sign_in_as

CONTENT = shipped_content()
COURSE = CONTENT.course


def test_objective_texts_follow_the_lesson_order_and_skip_unknown_ids():
    lesson = CONTENT.lessons["m1-skin-and-healing"]
    texts = objective_texts(lesson, COURSE.objectives)
    assert texts == [COURSE.objectives[i].text for i in lesson.meta.objectives]
    known = {k: v for k, v in COURSE.objectives.items() if k != lesson.meta.objectives[0]}
    assert objective_texts(lesson, known) == texts[1:]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('objectives') / 'nw.db'}"
    engine = open_store(url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    engine.dispose()
    return url, instructor


@pytest.mark.parametrize("lesson_id", COURSE.lesson_order)
def test_the_lesson_page_lists_its_objectives_before_the_text(monkeypatch, database, lesson_id):
    url, instructor = database
    at = sign_in_as(make_app(monkeypatch, url), instructor)
    at.query_params["id"] = lesson_id
    at.switch_page("views/lesson.py").run()
    assert not at.exception
    first = at.main.markdown[0].value
    assert OBJECTIVES_HEADING in first
    for objective in CONTENT.lessons[lesson_id].meta.objectives:
        assert COURSE.objectives[objective].text in first, objective

"""The Import questions page in AppTest: upload, report, preview and download."""

from __future__ import annotations

from pathlib import Path

import pytest

from needlewise.store import open_store

from .builders import add_user, make_app, sign_in_as, texts

INTEROP = Path(__file__).parent / "interop"


@pytest.fixture
def page(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    engine.dispose()
    at = sign_in_as(make_app(monkeypatch, sqlite_url), instructor)
    at.switch_page("views/import_quiz.py").run()
    assert not at.exception
    return at


def upload(at, name: str, content: bytes):
    at.get("file_uploader")[0].upload(name, content, "text/plain")
    return at.run()


def test_an_instructor_uploads_gift_and_sees_the_notes_the_preview_and_a_download(page):
    assert "Choose a file to convert" in texts(page)
    at = upload(page, "skin.gift", (INTEROP / "constructs.gift").read_bytes())
    assert not at.exception
    shown = texts(at)
    assert "Converted 16 questions into the quiz `skin`." in shown
    report = at.code[0].value
    assert (
        "line 55: question 'skin-healing-essay': 'Essay' questions need a person to mark them"
        in (report)
    )
    assert "question 'skin-collagen-type': set its learning objectives" in report
    assert "Which collagen type dominates the mature dermis?" in shown
    [download] = at.get("download_button")
    assert download.label == "Download the quiz file (YAML)"


def test_the_id_and_title_inputs_name_the_quiz(page):
    page.text_input(key="import_id").input("new-skin")
    at = upload(page, "skin.gift", (INTEROP / "constructs.gift").read_bytes())
    assert "into the quiz `new-skin`" in texts(at)
    assert "question 'new-skin-collagen-type'" in at.code[0].value


def test_a_clash_with_a_shipped_quiz_is_a_warning(page):
    text = "// [id:m1-quiz-copy] \n::q::Copy?{T}"
    page.text_input(key="import_id").input("m1-quiz")
    at = upload(page, "copy.gift", text.encode())
    assert "A quiz with the id `m1-quiz` already exists" in texts(at)


def test_a_broken_question_is_reported_and_the_rest_converted(page):
    at = upload(page, "bad.gift", (INTEROP / "unbalanced.gift").read_bytes())
    assert not at.exception
    assert "Converted 2 questions into the quiz `bad`." in texts(at)
    assert "1 question of the file could not be imported" in texts(at)
    report = "\n".join(c.value for c in at.code)
    assert "line 5: unbalanced braces: this '{' is not closed by a '}'" in report


def test_a_file_with_nothing_readable_shows_the_error_and_no_download(page):
    at = upload(page, "bad.gift", b"::b::Broken?{=yes\n~no\n")
    assert not at.exception
    assert "bad.gift cannot be imported: the file holds no question" in texts(at)
    assert not at.get("download_button")


def test_a_file_over_five_megabytes_is_refused_with_a_clear_message(page):
    at = upload(page, "huge.gift", b"::q::Big?{T}\n" + b"// padding\n" * 500_000)
    assert "huge.gift is larger than 5 MB; split it into smaller files." in texts(at)
    assert not at.get("download_button")

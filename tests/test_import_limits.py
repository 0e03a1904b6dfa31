"""Importing a huge question file: a clear cap on the number of questions, and the Import
page converts an upload once, not again on every click."""

from __future__ import annotations

import pytest

from needlewise.quiz import formats
from needlewise.quiz.formats import MAX_IMPORT_QUESTIONS, FormatError, import_bytes
from needlewise.store import open_store

from .builders import add_user, make_app, sign_in_as, texts

BLOCK = "Which one is right?\nA. This one\nB. That one\nANSWER: A\n\n"


def aiken(count: int) -> bytes:
    return (BLOCK * count).encode()


def test_up_to_the_cap_imports_and_one_more_is_refused_with_the_count():
    assert (
        len(import_bytes(aiken(MAX_IMPORT_QUESTIONS), "aiken", filename="a.txt").data["questions"])
        == MAX_IMPORT_QUESTIONS
    )
    with pytest.raises(FormatError, match=r"has 2001 questions; at most 2000 can be imported"):
        import_bytes(aiken(MAX_IMPORT_QUESTIONS + 1), "aiken", filename="a.txt")


@pytest.fixture
def page(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    engine.dispose()
    calls: list[str] = []
    real = formats.import_bytes

    def counting(raw, fmt, **kwargs):
        calls.append(kwargs["filename"])
        return real(raw, fmt, **kwargs)

    monkeypatch.setattr(formats, "import_bytes", counting)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), instructor)
    at.switch_page("views/import_quiz.py").run()
    return at, calls


def test_an_upload_is_converted_once_however_often_the_page_reruns(page):
    at, calls = page
    at.get("file_uploader")[0].upload("bank.txt", aiken(3), "text/plain")
    at.run()
    assert "Converted 3 questions" in texts(at)
    at.run()
    at.text_input(key="import_title").input("Same file").run()  # a new choice converts again
    at.run()
    assert not at.exception
    assert calls == ["bank.txt", "bank.txt"]


def test_a_bank_over_the_cap_gets_a_clear_message_once(page):
    at, calls = page
    at.get("file_uploader")[0].upload("huge.txt", aiken(MAX_IMPORT_QUESTIONS + 1), "text/plain")
    at.run()
    at.run()
    assert not at.exception
    assert "at most 2000 can be imported at once" in texts(at)
    assert calls == ["huge.txt"]

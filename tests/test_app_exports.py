"""Prepared files (Gradebook, Logbook review) as fast AppTest checks: a download does not
end the offer, the note says so, and files of another group are never offered."""

from __future__ import annotations

from needlewise import cohorts
from needlewise.acting import Operator
from needlewise.store import open_store

from .builders import add_user, log_treatment, make_app, sign_in_as, texts


def offered(at) -> list:
    return at.get("download_button")


def test_prepared_files_stay_offered_after_a_download_and_the_note_says_so(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    log_treatment(engine, add_user(engine, "tess"))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian).run()
    for page, prepare in (
        ("views/gradebook.py", "gradebook_prepare"),
        ("views/logbook_review.py", "lbr_all_prepare"),
    ):
        at.switch_page(page).run()
        at.button(key=prepare).click().run()
        assert not at.exception
        buttons = [b for b in offered(at) if b.proto.label != "Logbook (PDF)"]
        assert len(buttons) == 2, page
        # A download neither reruns the page nor drops the other file.
        assert all(b.proto.ignore_rerun for b in buttons), page
        shown = texts(at)
        assert "Both stay offered for 5 minutes, however often you download them" in shown
        assert "until you download" not in shown


def test_gradebook_files_of_another_group_are_dropped_not_offered(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    tess = add_user(engine, "tess")
    group = cohorts.create(engine, "Spring intake", actor=Operator("setup"))
    cohorts.add_member(engine, group.id, tess.username, "trainee", actor=Operator("setup"))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian).run()
    at.switch_page("views/gradebook.py").run()
    at.button(key="gradebook_prepare").click().run()
    assert len(offered(at)) == 2
    at.selectbox(key="cohort_filter").select_index(1).run()
    assert not at.exception
    assert offered(at) == []
    assert at.button(key="gradebook_prepare")

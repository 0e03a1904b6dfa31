"""Issue 12's polish in a real browser: signing in through the real form, then Settings'
validation and one-time messages, and the charts' axes as Chromium draws them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from needlewise import attempts, clock, settings
from needlewise.quiz.scoring import correct_response

from .browser_harness import open_from_menu, running_app, settle, sign_in
from .builders import add_user, shipped_content

CONTENT = shipped_content()

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("polish")
    url = f"sqlite:///{folder / 'nw.db'}"
    from needlewise.store import open_store

    engine = open_store(url)
    add_user(engine, "ada", roles=("admin", "instructor"), name="Ada Admin")
    tess = add_user(engine, "tess", name="Tess Trainee")
    add_user(engine, "tom", name="Tom Trainee")
    loaded = CONTENT.quizzes[CONTENT.course.modules[0].quiz]
    questions = [q for _, q in loaded.quiz.leaves()]
    # Three attempts on three days: the first half right, then more, then all.
    for days_ago, share in ((9, 0.5), (5, 0.75), (1, 1.0)):
        when = clock.now() - timedelta(days=days_ago)
        attempt = attempts.start_or_resume(engine, tess.id, loaded, 80, now=when)
        right = questions[: round(len(questions) * share)]
        attempts.save_many(
            engine, attempt.id, tess.id, {q.id: correct_response(q) for q in right}, now=when
        )
        attempts.submit(engine, attempt.id, tess.id, now=when + timedelta(minutes=15))
    with running_app(url) as address:
        yield address, engine
    engine.dispose()


def test_an_invalid_setting_is_refused_and_no_message_goes_stale(page, app):
    from playwright.sync_api import expect

    address, engine = app
    sign_in(page, address, "ada")
    open_from_menu(page, "Settings")
    depth = page.get_by_role(
        "spinbutton", name="Practice needle-depth limit (mm, above 0 and at most 3)"
    )
    depth.fill("25")
    page.get_by_role("button", name="Save settings").click()
    settle(page)
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    expect(page.get_by_text(re.compile("25 mm is outside the range"))).to_be_visible()
    assert page.get_by_text("Settings saved.").count() == 0
    assert settings.read_all(engine).depth_limit_mm == 0.5
    # What was typed is kept, to correct.
    assert depth.input_value() == "25.00"

    depth.fill("1.2")
    page.get_by_role("button", name="Save settings").click()
    settle(page)
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    assert settings.read_all(engine).depth_limit_mm == 1.2

    for title in ("Groups", "Audit log", "Settings"):
        open_from_menu(page, title)
        expect(page.get_by_role("heading", name=title).first).to_be_visible()
        assert page.get_by_text("Settings saved.").count() == 0, title
    assert page.locator("[data-testid='stException']").count() == 0


def axis_labels(page) -> list[str]:
    """Every text Vega drew in the page's charts (axis labels and titles)."""
    return page.locator("[data-testid='stVegaLiteChart'] svg text").evaluate_all(
        "texts => texts.map(t => t.textContent)"
    )


def test_progress_charts_read_as_dates_and_whole_labels(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "tess")
    open_from_menu(page, "My progress")
    expect(page.get_by_role("heading", name="Attempts over time")).to_be_visible()
    charts = page.locator("[data-testid='stVegaLiteChart']")
    expect(charts.first).to_be_visible()
    charts.last.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelectorAll(\"[data-testid='stVegaLiteChart'] svg text\").length > 0"
    )
    labels = axis_labels(page)
    # No bare fractions of a second such as ".131" on the time axis; dates like "22 Nov".
    assert not [label for label in labels if re.fullmatch(r"\.\d+", label)], labels
    assert any(re.fullmatch(r"\d{2} [A-Z][a-z]{2}", label) for label in labels), labels
    # Long quiz titles and objectives are drawn whole (wrapped onto lines), none cut with
    # an ellipsis and none dropped for lack of room.
    assert not [label for label in labels if label.endswith("…")], labels
    squeezed = {label.replace(" ", "") for label in labels}
    for objective in CONTENT.course.modules[0].objectives:
        assert objective.text.replace(" ", "") in squeezed, (objective.text, labels)
    assert page.locator("[data-testid='stException']").count() == 0


def test_gradebook_counts_whole_trainees(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "ada")
    open_from_menu(page, "Gradebook")
    page.get_by_role("tab", name="Charts").click()
    settle(page)
    expect(page.get_by_role("heading", name="Completion funnel")).to_be_visible()
    page.get_by_role("heading", name="Score distribution").scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelectorAll(\"[data-testid='stVegaLiteChart'] svg text\").length > 0"
    )
    labels = axis_labels(page)
    assert "Trainees" in labels
    numbers = [label for label in labels if re.fullmatch(r"[\d.]+", label)]
    assert numbers, labels
    assert not [n for n in numbers if "." in n], labels  # no 0.05 ... 1.00 trainees
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_gradebook_export_is_made_on_demand_and_gone_once_discarded(page, app):
    import csv
    import io

    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "ada")
    open_from_menu(page, "Gradebook")
    assert page.get_by_role("button", name="Gradebook (CSV)").count() == 0
    page.get_by_role("button", name="Prepare gradebook export").click()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Gradebook (CSV)").click()
    served = download.value.url
    assert "/media/" in served
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert {"tess", "tom"} <= {row["Username"] for row in csv.DictReader(io.StringIO(text))}
    settle(page)
    # The download leaves both files offered (the Excel file is still to be saved) ...
    expect(page.get_by_role("button", name="Gradebook (Excel)")).to_be_visible()
    # ... until they are discarded.
    page.get_by_role("button", name="Discard").click()
    settle(page)
    expect(page.get_by_role("button", name="Prepare gradebook export")).to_be_visible()
    assert page.get_by_role("button", name="Gradebook (CSV)").count() == 0
    # Two more runs of the page let Streamlit's clean-up drop the file from memory.
    for _ in range(2):
        page.get_by_text("Show only trainees who need attention").click()
        settle(page)
    assert page.request.get(served).status == 404

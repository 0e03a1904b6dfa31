"""One way to fail: user errors share one base, pages catch only it, the CLI exits 1 on it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from needlewise import cli, errors
from needlewise.attempts import AttemptError
from needlewise.config import ConfigError
from needlewise.logbook import LogbookError
from needlewise.pass_marks import StandardSettingError
from needlewise.quiz.formats import FormatError
from needlewise.settings import SettingsError
from needlewise.stats import StatsError
from needlewise.store import StoreError, open_store
from needlewise.time_extensions import ExtensionError

from .builders import add_user

ROOT = Path(__file__).resolve().parent.parent
VIEWS = sorted((ROOT / "views").glob("*.py"))


def handlers(path: Path) -> list[tuple[int, str]]:
    """Every ``except`` clause of a file, as (line, what it names); bare ones name ''."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ExceptHandler):
            found.append((node.lineno, "" if node.type is None else ast.unparse(node.type)))
    return found


def test_pages_catch_nothing_but_the_user_error_base():
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: except {named or '(bare)'}"
        for path in VIEWS
        for line, named in handlers(path)
        if named not in {"UserError", "errors.UserError"}
    ]
    assert wrong == []


def test_the_check_sees_what_it_forbids(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        "try:\n    pass\nexcept ValueError:\n    pass\n"
        "try:\n    pass\nexcept:\n    pass\n"
        "try:\n    pass\nexcept UserError:\n    pass\n"
    )
    assert handlers(page) == [(3, "ValueError"), (7, ""), (11, "UserError")]


def test_pages_show_messages_through_the_one_helper():
    """No page reads the flash or prints an error's text itself: ``ui.actions`` does both."""
    copies = [
        str(path.relative_to(ROOT))
        for path in VIEWS
        if "take_flash" in path.read_text() or "st.error(str(" in path.read_text()
    ]
    assert copies == []


@pytest.mark.parametrize(
    "error",
    [
        errors.AccountError,
        errors.CohortError,
        errors.SignOffError,
        errors.CertificateError,
        errors.ReviewError,
        errors.NotAllowed,
        SettingsError,
        AttemptError,
        LogbookError,
        StandardSettingError,
        ExtensionError,
        StatsError,
        FormatError,
    ],
)
def test_every_area_error_is_a_user_error(error):
    assert issubclass(error, errors.UserError)
    assert not issubclass(error, errors.OperatorError)


@pytest.mark.parametrize("error", [StoreError, ConfigError])
def test_operator_errors_stay_apart(error):
    assert issubclass(error, errors.OperatorError)
    assert not issubclass(error, errors.UserError)


@pytest.mark.parametrize("module", ["cohorts", "certification/signoffs", "certification/records"])
def test_areas_do_not_borrow_the_accounts_error(module):
    source = (ROOT / "needlewise" / f"{module}.py").read_text()
    assert "AccountError" not in source


def test_review_of_a_card_the_trainee_does_not_have_is_a_user_error(engine):
    from needlewise import review_cards

    tess = add_user(engine, "tess")
    with pytest.raises(errors.ReviewError, match="no longer among your reviews"):
        review_cards.answer(engine, tess.id, "no-such-question", 1.0)


def test_the_cli_exits_1_with_the_message_of_a_user_error(sqlite_url, monkeypatch, capsys):
    open_store(sqlite_url).dispose()  # only `migrate` and `demo` create the schema
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", sqlite_url)
    assert cli.main(["users", "set-role", "ghost", "--role", "trainee"]) == 1
    assert capsys.readouterr().err == "error: There is no account 'ghost'.\n"


def test_the_cli_exits_2_on_an_operator_error(monkeypatch, capsys):
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", "nosuchdriver://x")
    assert cli.main(["users", "list"]) == 2
    assert capsys.readouterr().err.startswith(("database error:", "configuration error:"))


def test_the_demo_refuses_a_broken_course_as_a_user_error(sqlite_engine, tmp_path):
    from needlewise import demo
    from needlewise.content import load_content

    broken = load_content(tmp_path / "no-content", tmp_path / "no-quizzes", base=tmp_path)
    assert not broken.course_available
    with pytest.raises(errors.UserError, match="the course has problems"):
        demo.fill(sqlite_engine, broken, learners=1)

"""`python -m needlewise import` and `export`: guessing, reports, --force and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

from needlewise import cli
from needlewise.quiz import formats

from .builders import ROOT, run_cli

INTEROP = Path(__file__).parent / "interop"


def test_the_command_line_offers_exactly_the_library_formats():
    assert cli.IMPORT_FORMATS == formats.FORMATS
    assert cli.EXPORT_FORMATS == formats.EXPORT_FORMATS


def test_import_guesses_the_format_writes_the_quiz_and_reports_to_stderr(tmp_path):
    output = tmp_path / "skin.yaml"
    result = run_cli("import", str(INTEROP / "constructs.gift"), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert output.read_text().startswith("id: constructs\ntitle: Skin biology\n")
    assert f"wrote {output}: 16 questions" in result.stdout
    assert (
        "constructs.gift: line 55: question 'constructs-healing-essay': 'Essay' questions "
        "need a person to mark them; left out"
    ) in result.stderr
    checked = run_cli("check", str(output))
    assert checked.returncode == 0, checked.stdout


def test_import_guesses_aiken_from_the_content_and_takes_id_and_title(tmp_path):
    source = tmp_path / "questions.txt"
    shutil.copy(INTEROP / "constructs.aiken", source)
    output = tmp_path / "out" / "quiz.yaml"
    result = run_cli(
        "import", str(source), "-o", str(output), "--id", "skin-aiken", "--title", "Skin"
    )
    assert result.returncode == 0, result.stderr
    text = output.read_text()
    assert text.startswith("id: skin-aiken\ntitle: Skin\n")
    assert "  - id: skin-aiken-which-layer-of-the-skin-is-the-outermost\n    type: single\n" in text


def test_import_refuses_to_overwrite_without_force(tmp_path):
    output = tmp_path / "quiz.yaml"
    output.write_text("keep me\n")
    refused = run_cli("import", str(INTEROP / "constructs.aiken"), "-o", str(output))
    assert refused.returncode == 1
    assert "already exists; add --force to replace it" in refused.stderr
    assert output.read_text() == "keep me\n"
    forced = run_cli("import", str(INTEROP / "constructs.aiken"), "-o", str(output), "--force")
    assert forced.returncode == 0, forced.stderr
    assert output.read_text().startswith("id: constructs\n")


def test_import_with_strict_exits_1_with_the_format_error_and_its_line(tmp_path):
    output = tmp_path / "quiz.yaml"
    result = run_cli(
        "import",
        str(INTEROP / "unbalanced.gift"),
        "--format",
        "gift",
        "-o",
        str(output),
        "--strict",
    )
    assert result.returncode == 1
    assert (
        "unbalanced.gift: line 5: unbalanced braces: this '{' is not closed by a '}'"
    ) in result.stderr
    assert not output.exists()


def test_import_saves_embedded_images_next_to_the_quiz(tmp_path):
    output = tmp_path / "quiz.yaml"
    result = run_cli("import", str(INTEROP / "constructs.xml"), "-o", str(output))
    assert result.returncode == 0, result.stderr
    [image] = list(tmp_path.glob("*.png"))
    assert f"![Skin layers]({image.name})" in output.read_text()


def test_export_writes_both_formats_and_prints_the_notes(tmp_path):
    quiz = ROOT / "quizzes" / "m4-quiz.yaml"
    gift = tmp_path / "m4.gift"
    result = run_cli("export", str(quiz), "--format", "gift", "-o", str(gift))
    assert result.returncode == 0, result.stderr
    assert "::m4-depth-cheek-median::[markdown]" in gift.read_text()
    assert "question 'm4-endpoint-layers-order': written in the GIFT syntax" in result.stderr
    xml = tmp_path / "m4.xml"
    result = run_cli("export", str(quiz), "--format", "moodle-xml", "-o", str(xml))
    assert result.returncode == 0, result.stderr
    assert "<idnumber>m4-depth-cheek-median</idnumber>" in xml.read_text()
    back = tmp_path / "back.yaml"
    assert run_cli("import", str(xml), "-o", str(back), "--id", "m4-copy").returncode == 0
    assert "id: m4-copy\ntitle: 'Module 4 quiz: needle depth selection and technique'" in (
        back.read_text()
    )


def test_export_of_an_invalid_quiz_reports_its_problems_and_exits_1(tmp_path):
    broken = tmp_path / "quiz.yaml"
    shutil.copy(ROOT / "tests" / "broken" / "unknown-field.yaml", broken)
    output = tmp_path / "out.gift"
    result = run_cli("export", str(broken), "--format", "gift", "-o", str(output))
    assert result.returncode == 1
    assert "quiz.yaml:5:1: unknown field 'atempts'" in result.stdout
    assert not output.exists()

"""Hostile content files, built in code and added to a copy of the shipped course.

Each one once took the app down or slipped past validation: a control character pasted
from a word processor, a thousand nested brackets, a merge-key bomb, an alias bomb, a draft
copy of a live quiz with the same id, a link to a file that is not YAML, an outside image,
a ``data:`` link, and (optionally) a broken course.yaml. ``EXPECTED`` lists the
``path:line:col`` and message each must be reported with.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .builders import ROOT


@dataclass(frozen=True)
class Expected:
    path: str
    line: int
    col: int
    message: str

    def matches(self, line: str) -> bool:
        return line.startswith(f"{self.path}:{self.line}:{self.col}: ") and self.message in line


def small_quiz(quiz_id: str, prompt: str = "Is this true?", explanation: str = "It is.") -> str:
    return (
        f"id: {quiz_id}\n"
        f"title: Hostile {quiz_id}\n"
        "module: m1\n"
        "questions:\n"
        f"  - id: {quiz_id}-q\n"
        "    type: true_false\n"
        f'    prompt: "{prompt}"\n'
        "    objectives: [m1.history]\n"
        "    answer: true\n"
        f'    explanation: "{explanation}"\n'
    )


def merge_bomb(levels: int = 19) -> str:
    lines = ["a0: &a0 {k0: v}"]
    for level in range(1, levels + 1):
        below = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} {{<<: [{below}, {below}], k{level}: v}}")
    return "\n".join(lines) + "\n"


def alias_bomb() -> str:
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for level in range(1, 9):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


DEEP = "[" * 1000 + "]" * 1000

# The draft copy of Module 1's quiz says so in its title, so a test can tell them apart.
DRAFT_TITLE = "DRAFT copy of module 1"

EXPECTED = [
    Expected("quizzes/pasted-from-word.yaml", 2, 14, "the control character U+000B is not allowed"),
    Expected("quizzes/deep-brackets.yaml", 3, 61, "nested more than 50 levels deep"),
    Expected("quizzes/merge-bomb.yaml", 11, 12, "expands to more than 200000 nodes"),
    Expected("quizzes/alias-bomb.yaml", 6, 1, "expands to more than 200000 nodes"),
    Expected("quizzes/m1-quiz.yaml", 1, 5, "quiz id 'm1-quiz' is also used by"),
    Expected("quizzes/m1-quiz-draft.yaml", 1, 5, "quiz id 'm1-quiz' is also used by"),
    Expected("quizzes/linked-notes.yaml", 1, 1, "a quiz file must be a mapping"),
    Expected("quizzes/outside-image.yaml", 7, 13, "images must be figures"),
    Expected("quizzes/data-link.yaml", 10, 18, "a 'data:' link is not allowed"),
    Expected("content/lessons/m1-history.md", 3, 13, "the control character U+001F is not allowed"),
    Expected("content/lessons/m2-atrophic-scars.md", 0, 1, "images must be figures"),
    Expected("content/regions.yaml", 0, 7, "the control character U+000C is not allowed"),
]
BROKEN_COURSE = Expected("content/course.yaml", 0, 0, "nested more than 50 levels deep")


def copy_course(root: Path) -> tuple[Path, Path]:
    """A copy of the shipped course and quizzes under ``root``: (content_dir, quizzes_dir)."""
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "quizzes", root / "quizzes")
    return root / "content", root / "quizzes"


def add_hostile_files(root: Path, broken_course: bool = False) -> list[Expected]:
    """Add the corpus to the course copied under ``root``; returns what must be reported,
    with the lines that depend on the shipped files filled in."""
    content, quizzes = root / "content", root / "quizzes"
    (quizzes / "pasted-from-word.yaml").write_text(
        small_quiz("pasted").replace("title: Hostile pasted", "title: Pasted\x0bfrom Word")
    )
    (quizzes / "deep-brackets.yaml").write_text(f"id: deep\ntitle: Deep\nquestions: {DEEP}\n")
    (quizzes / "merge-bomb.yaml").write_text(merge_bomb())
    (quizzes / "alias-bomb.yaml").write_text(alias_bomb())
    live = (quizzes / "m1-quiz.yaml").read_text()
    title = next(line for line in live.splitlines() if line.startswith("title:"))
    (quizzes / "m1-quiz-draft.yaml").write_text(live.replace(title, f"title: {DRAFT_TITLE}"))
    (root / "notes.txt").write_text("Remember to water the plants.\n")
    (quizzes / "linked-notes.yaml").symlink_to(root / "notes.txt")
    (quizzes / "outside-image.yaml").write_text(
        small_quiz("outside", prompt="Is this true? ![pixel](https://tracker.example/p.png)")
    )
    (quizzes / "data-link.yaml").write_text(
        small_quiz("datalink", explanation="See [this](data:text/html;base64,PGgxPmhp).")
    )
    history = content / "lessons" / "m1-history.md"
    history.write_text(history.read_text().replace("title: Where", "title: Where\x1f", 1))
    scars = content / "lessons" / "m2-atrophic-scars.md"
    text = scars.read_text()
    scars.write_text(text + "\n![scar photo](https://images.example/scar.jpg)\n")
    regions = content / "regions.yaml"
    regions_text = regions.read_text()
    regions.write_text(regions_text + "# note\x0c\n")
    fixed = {
        "content/lessons/m2-atrophic-scars.md": text.count("\n") + 2,
        "content/regions.yaml": regions_text.count("\n") + 1,
    }
    expected = [Expected(e.path, fixed.get(e.path, e.line), e.col, e.message) for e in EXPECTED]
    if broken_course:
        course = content / "course.yaml"
        course_text = course.read_text()
        course.write_text(course_text + f"extra: {DEEP}\n")
        line = course_text.count("\n") + 1
        expected.append(Expected(BROKEN_COURSE.path, line, 57, BROKEN_COURSE.message))
    return expected

"""``python -m needlewise check``: validate the course, lessons and quizzes."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .content import Content, load_content, quiz_files, real_path
from .problems import Problem
from .quiz.item_checks import readable_item_problems
from .quiz.loading import Known, half_parsed, half_parsed_unknowns

CONTENT_SUFFIXES = {".yaml", ".yml", ".md", ".svg"}


def run_check(paths: list[str], config: Config, base: Path | None = None) -> list[Problem]:
    """Every problem in the given files (all content when none are given)."""
    base = base or Path.cwd()
    quizzes = quiz_files(config.quizzes_dir)
    if not paths:
        return with_half_parsed(load_content(config.content_dir, quizzes, base), base)
    missing = [p for p in paths if not Path(p).exists()]
    problems = [Problem(p, 1, 1, "no such file or folder") for p in missing]
    problems += [_not_content(p) for p in paths if p not in missing and not _is_content(Path(p))]
    content_dir = config.content_dir.resolve()
    selected: list[Path] = []
    for given in [p for p in paths if p not in missing and _is_content(Path(p))]:
        found = [f for f in _expand([Path(given)]) if _in_course(f, content_dir)]
        if not found and not _holds_course(Path(given), content_dir, config.quizzes_dir):
            problems.append(_outside_course(given, config.content_dir, base))
        selected += found
    known = {real_path(q) for q in quizzes}
    for path in selected:
        inside_content = content_dir in path.parents
        if path.suffix in {".yaml", ".yml"} and not inside_content and path not in known:
            quizzes.append(path)
            known.add(path)
    content = load_content(config.content_dir, quizzes, base)
    wanted = {str(path) for path in selected}
    for problem in with_half_parsed(content, base):
        if str(real_path(base / problem.path)) in wanted:
            problems.append(problem)
    return sorted(problems)


def half_parsed_problems(content: Content, raw: bytes, display: str) -> list[Problem]:
    """What check says of a quiz file that fails validation besides what reading it says
    (``parse_quiz``): the modules, objectives and references it names that the course
    lacks, and the problems of each question that validates on its own. The course's and
    the items' checks see only the quizzes that validate, and check says every problem at
    once."""
    located = half_parsed(raw, display)
    if located is None:
        return []
    available = content.course_available
    known = Known(
        objectives=set(content.course.objectives) if available else None,
        modules={m.id for m in content.course.modules} if available else None,
        references=set(content.references) if content.references_available else None,
    )
    problems = half_parsed_unknowns(located, display, known)

    def at(path: tuple[str | int, ...], message: str, warning: bool) -> None:
        problems.append(Problem(display, *located.position(path), message, warning))

    readable_item_problems(located.data, at)
    return problems


def with_half_parsed(content: Content, base: Path) -> list[Problem]:
    """The content's problems and what check says besides of its quiz files that fail
    validation (read from under ``base``): every problem check reports."""
    problems = list(content.problems)
    for display in content.broken_quizzes:
        try:
            raw = (base / display).read_bytes()
        except OSError:
            continue
        problems += half_parsed_problems(content, raw, display)
    return sorted(set(problems))


def _expand(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += [p for p in sorted(path.rglob("*")) if p.suffix in CONTENT_SUFFIXES]
        else:
            found.append(path)
    return [real_path(p) for p in found]


def _is_content(path: Path) -> bool:
    """A folder, or a file whose name and (for a link) target are content files."""
    if path.is_dir():
        return True
    return path.suffix in CONTENT_SUFFIXES and path.resolve().suffix in CONTENT_SUFFIXES


def _in_course(path: Path, content_dir: Path) -> bool:
    """A quiz file (read from wherever it is), or a course file, lesson or figure inside
    the content folder: a lesson or figure anywhere else is never loaded."""
    return path.suffix in {".yaml", ".yml"} or content_dir in path.parents


def _holds_course(path: Path, content_dir: Path, quizzes_dir: Path) -> bool:
    """The content or quizzes folder, or a folder inside one: part of the course even
    while it holds no file yet."""
    if not path.is_dir():
        return False
    folder = path.resolve()
    return any(
        folder == top or top in folder.parents for top in (content_dir, quizzes_dir.resolve())
    )


def _outside_course(given: str, content_dir: Path, base: Path) -> Problem:
    """A lesson or figure outside the content folder, or a folder with no course file."""
    try:
        where = content_dir.resolve().relative_to(base.resolve())
    except ValueError:
        where = content_dir.resolve()
    if Path(given).is_dir():
        message = (
            f"holds no course, lesson, figure or quiz file: lessons and figures are read only "
            f"from {where}/, and a quiz file ends in .yaml or .yml"
        )
    else:
        message = f"is not part of the course: lessons and figures are read only from {where}/"
    return Problem(given, 1, 1, message)


def _not_content(given: str) -> Problem:
    path = Path(given)
    kinds = ", ".join(sorted(CONTENT_SUFFIXES))
    if path.is_symlink():
        return Problem(
            given,
            1,
            1,
            f"is a link to {path.resolve()}, which is not a course, lesson, figure or quiz "
            f"file ({kinds})",
        )
    return Problem(given, 1, 1, f"is not a course, lesson, figure or quiz file ({kinds})")

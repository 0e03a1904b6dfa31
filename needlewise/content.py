"""Load the whole course (course.yaml, references, lessons, figures, quizzes) and check it.

A broken file never stops the rest from loading: it is reported with its problems and
left out, so the app keeps serving every other lesson and quiz. That includes lessons and
quizzes that are valid alone but name a module, objective, reference or figure that does
not exist, and every file of a quiz id used twice. When course.yaml itself is broken,
``Content.course`` is an empty stand-in and ``course_available`` is False: pages always
get a course, and the navigation knows the course cannot be taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from . import yamlpos
from .course import CompletionRule, Course, Reference, References
from .depth import Regions
from .lessons import Lesson, citation_positions, read_lesson
from .logbook.lists import LogbookLists
from .problems import Problem
from .quiz.duplicates import secure_leaks
from .quiz.loading import LoadedQuiz, own_warnings, question_paths, read_quiz
from .quiz.schema import UNASSIGNED_OBJECTIVE, CaseQuestion
from .validation import validate

# An imported question waits here for its author to map it. A warning, so an imported
# file still checks; the Quiz studio publishes no version with one (quiz_bank.blocking).
UNASSIGNED_PROBLEM = (
    f"not yet mapped to a learning objective ('{UNASSIGNED_OBJECTIVE}'): name one of the "
    "course's objectives before the quiz is published"
)

UNAVAILABLE_COURSE = Course.model_construct(
    id="unavailable",
    title="Course unavailable",
    description="The course file has a problem that an instructor needs to fix.",
    default_pass_mark=80,
    final_assessment=None,
    certificate_validity_months=24,
    modules=[],
    competencies=[],
    completion=CompletionRule(),
)


@dataclass
class Content:
    course: Course
    references: dict[str, Reference]
    lessons: dict[str, Lesson]
    quizzes: dict[str, LoadedQuiz]
    figures: dict[str, Path]
    content_dir: Path
    regions: Regions | None = None
    # The practice logbook's lists; optional, so a course without a logbook still loads.
    logbook: LogbookLists | None = None
    course_located: yamlpos.Located | None = None
    problems: list[Problem] = field(default_factory=list)
    broken_quizzes: dict[str, list[Problem]] = field(default_factory=dict)
    course_available: bool = True
    # A broken references.yaml is reported once, not as an unknown reference in every file.
    references_available: bool = True
    # Quiz ids used by more than one file, with every such file; none of them is served
    # unless ``keep_recorded`` finds the one trainees' attempts already used.
    duplicates: dict[str, list[LoadedQuiz]] = field(default_factory=dict)
    # Extra practice quizzes placed in a module from the Quiz studio, by module id; they do
    # not count towards completion (needlewise.quiz_placement).
    practice: dict[str, list[str]] = field(default_factory=dict)

    def quiz_order(self) -> list[str]:
        """Quiz ids in course order: module quizzes, the final assessment, then the rest."""
        ordered = [m.quiz for m in self.course.modules if m.quiz]
        ordered += [self.course.final_assessment] if self.course.final_assessment else []
        ordered = [q for q in ordered if q in self.quizzes]
        return ordered + sorted(q for q in self.quizzes if q not in ordered)

    def quiz_problems(self, loaded: LoadedQuiz) -> list[Problem]:
        return [p for p in self.problems if p.path == loaded.display]


def display_path(path: Path, base: Path) -> str:
    """The path relative to ``base``; a link keeps its own name, so problems name the file
    the author sees in the folder rather than the file it points to."""
    try:
        return real_path(path).relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def real_path(path: Path) -> Path:
    """An absolute path with its folders resolved but a link as the last part kept."""
    return path.absolute().parent.resolve() / path.name


def quiz_files(quizzes_dir: Path) -> list[Path]:
    return sorted([*quizzes_dir.glob("*.yaml"), *quizzes_dir.glob("*.yml")])


def load_content(
    content_dir: Path,
    quiz_source: Path | list[Path],
    base: Path | None = None,
) -> Content:
    """Load the course and the quizzes (a folder, or a list of files).

    Every problem found is in ``Content.problems``; broken files are left out.
    """
    base = base or content_dir.parent
    problems: list[Problem] = []
    course, course_problems, course_located = _read_yaml_model(
        content_dir / "course.yaml", Course, base
    )
    problems += course_problems
    refs, ref_problems, _ = _read_yaml_model(content_dir / "references.yaml", References, base)
    problems += ref_problems
    regions, region_problems, _ = _read_yaml_model(content_dir / "regions.yaml", Regions, base)
    problems += region_problems
    logbook = None
    if (content_dir / "logbook.yaml").exists():
        logbook, logbook_problems, _ = _read_yaml_model(
            content_dir / "logbook.yaml", LogbookLists, base
        )
        problems += logbook_problems
    figures = {p.stem: p for p in sorted((content_dir / "figures").glob("*.svg"))}
    problems += _figure_problems(figures, base)
    lessons: dict[str, Lesson] = {}
    for path in sorted((content_dir / "lessons").glob("*.md")):
        lesson, lesson_problems = read_lesson(path, display_path(path, base))
        problems += lesson_problems
        if lesson is not None:
            if lesson.id in lessons:
                problems.append(
                    Problem(
                        display_path(path, base),
                        *lesson.position("id"),
                        f"lesson id '{lesson.id}' is already used by "
                        f"{display_path(lessons[lesson.id].path, base)}",
                    )
                )
                continue
            lessons[lesson.id] = lesson
    by_id: dict[str, list[LoadedQuiz]] = {}
    broken: dict[str, list[Problem]] = {}
    paths = quiz_files(quiz_source) if isinstance(quiz_source, Path) else quiz_source
    for path in paths:
        display = display_path(path, base)
        loaded, quiz_problems = read_quiz(path, display)
        problems += quiz_problems
        if loaded is None:
            broken[display] = quiz_problems
            continue
        problems += own_warnings(loaded)
        by_id.setdefault(loaded.id, []).append(loaded)
    quizzes = {quiz_id: files[0] for quiz_id, files in by_id.items() if len(files) == 1}
    duplicates = {quiz_id: files for quiz_id, files in by_id.items() if len(files) > 1}
    for files in duplicates.values():
        for loaded in files:
            others = ", ".join(f.display for f in files if f is not loaded)
            problem = Problem(
                loaded.display,
                *loaded.position("id"),
                f"quiz id '{loaded.id}' is also used by {others}; neither file is served as "
                "that quiz (trainees keep the version they already took, if any) until one "
                "gets a new id",
            )
            problems.append(problem)
            broken[loaded.display] = [problem]
    content = Content(
        course=course or UNAVAILABLE_COURSE,
        course_available=course is not None,
        references_available=refs is not None,
        duplicates=duplicates,
        references=refs.references if refs else {},
        lessons=lessons,
        quizzes=quizzes,
        figures=figures,
        content_dir=content_dir,
        regions=regions,
        logbook=logbook,
        course_located=course_located,
        problems=problems,
        broken_quizzes=broken,
    )
    found = cross_problems(content, base)
    # A secure item that echoes an unsecured one is an authoring error for check and the
    # studio, but no reason to take the final assessment away from trainees.
    leaks = secure_leaks(list(content.quizzes.values()))
    _drop_failing(content, found, base)
    content.problems += (
        found + leaks + shared_question_problems(content) + _check_duplicates(content, base)
    )
    content.problems = sorted(set(content.problems))
    return content


def _drop_failing(content: Content, found: list[Problem], base: Path) -> None:
    """Leave out lessons and quizzes that name what does not exist, as broken files are."""
    failing = {problem.path for problem in found}
    for lesson_id, lesson in list(content.lessons.items()):
        if display_path(lesson.path, base) in failing:
            del content.lessons[lesson_id]
    for quiz_id, loaded in list(content.quizzes.items()):
        if loaded.display in failing:
            del content.quizzes[quiz_id]
            content.broken_quizzes[loaded.display] = [p for p in found if p.path == loaded.display]


def _check_duplicates(content: Content, base: Path) -> list[Problem]:
    """Cross-file problems of the files sharing a quiz id; a failing one can never be kept."""
    files = {f.display: f for found in content.duplicates.values() for f in found}
    if not files:
        return []
    found = [p for p in cross_problems(replace(content, quizzes=files), base) if p.path in files]
    failing = {p.path for p in found}
    content.duplicates = {
        quiz_id: [f for f in found_files if f.display not in failing]
        for quiz_id, found_files in content.duplicates.items()
    }
    return found


def keep_recorded(content: Content, recorded: dict[str, set[str]]) -> Content:
    """Serve, for each duplicated quiz id, the one file whose version attempts already
    recorded (``recorded`` maps quiz ids to those versions): trainees keep the quiz they
    were taking. An id with no such file, or several, stays unserved."""
    kept = {}
    for quiz_id, files in content.duplicates.items():
        taken = [f for f in files if f.version in recorded.get(quiz_id, set())]
        if len(taken) == 1:
            kept[quiz_id] = taken[0]
    if not kept:
        return content
    broken = {d: p for d, p in content.broken_quizzes.items()}
    for loaded in kept.values():
        broken.pop(loaded.display, None)
    return replace(content, quizzes={**content.quizzes, **kept}, broken_quizzes=broken)


def _read_yaml_model(path: Path, model, base: Path):
    display = display_path(path, base)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(display, 1, 1, "file is missing")], None
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(display, 1, 1, f"cannot read file: {exc}")], None
    try:
        located = yamlpos.load(text, display)
    except yamlpos.YamlError as exc:
        return None, exc.problems, None
    if model is References:
        located = yamlpos.Located(
            data={"references": located.data},
            values={("references", *k): v for k, v in located.values.items()},
            keys={("references", *k): v for k, v in located.keys.items()},
        )
    found, problems = validate(model, located, display)
    return found, problems, located


def _figure_problems(figures: dict[str, Path], base: Path) -> list[Problem]:
    problems = []
    for path in figures.values():
        display = display_path(path, base)
        try:
            root = ElementTree.fromstring(path.read_bytes())
        except (ElementTree.ParseError, DefusedXmlException) as exc:
            problems.append(Problem(display, 1, 1, f"figure is not valid SVG: {exc}"))
            continue
        title = root.find("{http://www.w3.org/2000/svg}title")
        if title is None or not (title.text or "").strip():
            problems.append(Problem(display, 1, 1, "figure has no <title> (its accessible name)"))
    return problems


def cross_problems(content: Content, base: Path) -> list[Problem]:
    """Problems that need more than one file: ids that must exist elsewhere, duplicates."""
    problems: list[Problem] = []
    course = content.course
    available = content.course_available
    objectives = set(course.objectives) if available else None
    modules = {m.id for m in course.modules} if available else None
    references = set(content.references) if content.references_available else None

    if available:
        display = display_path(content.content_dir / "course.yaml", base)
        located = content.course_located or yamlpos.Located(data=None)

        def in_course(path: tuple, message: str) -> None:
            problems.append(Problem(display, *located.position(path), message))

        for m, module in enumerate(course.modules):
            for i, lesson_id in enumerate(module.lessons):
                lesson = content.lessons.get(lesson_id)
                if lesson is None:
                    in_course(("modules", m, "lessons", i), f"lesson '{lesson_id}' has no file")
                elif lesson.meta.module != module.id:
                    problems.append(
                        Problem(
                            display_path(lesson.path, base),
                            *lesson.position("module"),
                            f"lesson is listed under module '{module.id}' in course.yaml "
                            f"but says module '{lesson.meta.module}'",
                        )
                    )
            if module.quiz and module.quiz not in content.quizzes:
                in_course(("modules", m, "quiz"), _missing_quiz(content, module.quiz))
        if course.final_assessment and course.final_assessment not in content.quizzes:
            in_course(("final_assessment",), _missing_quiz(content, course.final_assessment))
        for c, competency in enumerate(course.competencies):
            for i, lesson_id in enumerate(competency.lessons):
                if lesson_id not in content.lessons:
                    in_course(
                        ("competencies", c, "lessons", i),
                        f"competency '{competency.id}' names lesson '{lesson_id}', which has "
                        "no file",
                    )
        listed = set(course.lesson_order)
        for lesson in content.lessons.values():
            if lesson.id not in listed:
                problems.append(
                    Problem(
                        display_path(lesson.path, base),
                        *lesson.position("id"),
                        f"lesson '{lesson.id}' is not listed in any module of course.yaml",
                    )
                )

    for lesson in content.lessons.values():
        display = display_path(lesson.path, base)
        if modules is not None and lesson.meta.module not in modules:
            problems.append(
                Problem(
                    display, *lesson.position("module"), f"unknown module '{lesson.meta.module}'"
                )
            )
        if objectives is not None:
            for i, objective in enumerate(lesson.meta.objectives):
                if objective not in objectives:
                    problems.append(
                        Problem(
                            display,
                            *lesson.position("objectives", i),
                            f"unknown objective '{objective}'",
                        )
                    )
        for key, line in citation_positions(lesson):
            if references is not None and key not in references:
                problems.append(Problem(display, line, 1, f"unknown reference '@{key}'"))
        for i, key in enumerate(lesson.meta.further_reading):
            if references is not None and key not in references:
                problems.append(
                    Problem(
                        display,
                        *lesson.position("further_reading", i),
                        f"unknown reference '{key}'",
                    )
                )
        for block in lesson.figures:
            if block.figure not in content.figures:
                problems.append(Problem(display, block.line, 1, f"unknown figure '{block.figure}'"))
            if not block.text:
                problems.append(
                    Problem(display, block.line, 1, f"figure '{block.figure}' needs alt text")
                )

    if content.regions is not None:
        display = display_path(content.content_dir / "regions.yaml", base)
        cited = [r.dermis_source for r in content.regions.regions if r.dermis_source]
        cited += [k for i in content.regions.indications for k in i.references]
        for key in cited:
            if references is not None and key not in references:
                problems.append(Problem(display, 1, 1, f"unknown reference '{key}'"))

    if content.logbook is not None:
        display = display_path(content.content_dir / "logbook.yaml", base)
        for list_name, lesson_id in content.logbook.cited_lessons():
            if lesson_id not in content.lessons:
                problems.append(
                    Problem(display, 1, 1, f"{list_name}: unknown lesson '{lesson_id}'")
                )

    for loaded in content.quizzes.values():
        quiz = loaded.quiz

        def at(
            path: tuple, message: str, loaded: LoadedQuiz = loaded, warning: bool = False
        ) -> None:
            problems.append(
                Problem(loaded.display, *loaded.located.position(path), message, warning)
            )

        if modules is not None and quiz.module is not None and quiz.module not in modules:
            at(("module",), f"unknown module '{quiz.module}'")
        if quiz.draw is not None and objectives is not None:
            for objective in quiz.draw.per_objective:
                if objective not in objectives:
                    at(("draw", "per_objective", objective), f"unknown objective '{objective}'")
        if quiz.blueprint is not None and objectives is not None:
            for i, entry in enumerate(quiz.blueprint.draw):
                if entry.objective not in objectives:
                    at(
                        ("blueprint", "draw", i, "objective"),
                        f"unknown objective '{entry.objective}'",
                    )
        if quiz.must_pass is not None:
            for i, objective in enumerate(quiz.must_pass.objectives):
                if objectives is not None and objective not in objectives:
                    at(("must_pass", "objectives", i), f"unknown objective '{objective}'")
            if not any(quiz.must_pass.covers(q) for _, q in quiz.leaves()):
                at(
                    ("must_pass", "objectives"),
                    "must_pass: no question of this quiz has one of these as its first "
                    "objective, so no attempt could be judged on the section",
                )
        for path, question in question_paths(quiz):
            if objectives is not None:
                for i, objective in enumerate(question.objectives):
                    if objective == UNASSIGNED_OBJECTIVE:
                        at((*path, "objectives", i), UNASSIGNED_PROBLEM, warning=True)
                    elif objective not in objectives:
                        at((*path, "objectives", i), f"unknown objective '{objective}'")
            for i, key in enumerate(question.references):
                if references is not None and key not in references:
                    at((*path, "references", i), f"unknown reference '{key}'")
            if isinstance(question, CaseQuestion):
                for i, figure in enumerate(question.vignette.figures):
                    if figure not in content.figures:
                        at((*path, "vignette", "figures", i), f"unknown figure '{figure}'")
    return problems


def _missing_quiz(content: Content, quiz_id: str) -> str:
    files = content.duplicates.get(quiz_id)
    if files:
        return f"quiz '{quiz_id}' is defined by {len(files)} files: " + ", ".join(
            f.display for f in files
        )
    return f"unknown quiz '{quiz_id}'"


def shared_question_problems(content: Content) -> list[Problem]:
    """Question ids used by two quizzes. Reported but not a reason to drop a quiz: whichever
    file sorts second would go, and a draft copy must not take the live quiz down."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for loaded in content.quizzes.values():
        for path, question in question_paths(loaded.quiz):
            if question.id in owner and owner[question.id] != loaded.display:
                problems.append(
                    Problem(
                        loaded.display,
                        *loaded.located.position((*path, "id")),
                        f"question id '{question.id}' is already used in {owner[question.id]}",
                    )
                )
            owner.setdefault(question.id, loaded.display)
    return problems

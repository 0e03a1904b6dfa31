"""The bank report: what an instructor needs to see about the question bank as a whole.

Counted over *items* (questions and case parts). It reports items per type, per objective
and per quiz; the true/false key balance; how often the key of a single-answer item is its
longest option (test-wise trainees pick the longest); near-duplicate stems (the detector
in ``quiz/duplicates.py``); items per objective in the final or a secure quiz; blueprint
pools smaller than their draw, or smaller than twice it (then forms barely differ); items
without explanation or reference; and reading level.

Reading level is the Flesch-Kincaid grade of the item's stem (a case part's vignette and
prompt): 0.39 x words per sentence + 11.8 x syllables per word - 15.59. Syllables are
counted by a heuristic: runs of vowels (a, e, i, o, u, y) in a word, less a silent final
"e" (but not "-le"), at least one per word. Numbers count as one word of one syllable.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .config import Config
from .content import Content, load_content, quiz_files
from .problems import Problem
from .quiz import blueprint
from .quiz.duplicates import near_duplicates, stems
from .quiz.loading import LoadedQuiz
from .quiz.schema import SingleQuestion, TrueFalseQuestion

# A pool smaller than this many forms barely varies between attempts.
POOL_FORMS = 2
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[.,]\d+)?")
_VOWELS = re.compile(r"[aeiouy]+")
_MARKDOWN = re.compile(r"[*_`#>|\[\]()]")


@dataclass
class PoolRow:
    quiz: str
    objective: str
    count: int
    pool: int
    missing: int


@dataclass
class DuplicateRow:
    first: str
    first_place: str
    second: str
    second_place: str
    similarity: float


@dataclass
class SectionRow:
    """A quiz's must-pass section: its pass mark, the questions of the bank in it, and how
    many each form holds (None when forms are not drawn by blueprint, so it varies)."""

    quiz: str
    title: str
    pass_mark: float
    items: int
    per_form: int | None
    of_form: int | None


@dataclass
class BankReport:
    quizzes: list[str]
    items: int
    per_type: dict[str, int]
    per_quiz: dict[str, dict[str, int]]
    per_objective: dict[str, dict[str, int]]
    true_false: dict[str, float]
    key_longest: dict[str, float]
    near_duplicates: list[DuplicateRow]
    below_blueprint: list[PoolRow]
    thin_pools: list[PoolRow]
    no_explanation: list[str]
    no_reference: list[str]
    reading_level: dict[str, float | None]
    hardest_to_read: list[tuple[str, float]] = field(default_factory=list)
    must_pass: list[SectionRow] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def syllables(word: str) -> int:
    word = word.lower()
    if not word.isalpha():
        return 1
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith("le") and count > 1:
        count -= 1
    return max(1, count)


def reading_grade(text: str) -> float | None:
    """Flesch-Kincaid grade of a text (see the module docstring), None for no words."""
    text = _MARKDOWN.sub(" ", text)
    words = _WORD.findall(text)
    if not words:
        return None
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    syllable_count = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllable_count / len(words) - 15.59


def load_bank(
    paths: list[str], config: Config, base: Path | None = None
) -> tuple[Content, list[str], list[Problem]]:
    """The content, the ids of the quizzes to report on, and why any file was left out.

    ``paths`` are quiz files or folders of them; none means every configured quiz."""
    base = base or Path.cwd()
    missing = [Problem(p, 1, 1, "no such file or folder") for p in paths if not Path(p).exists()]
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += quiz_files(path)
        elif path.exists():
            files.append(path)
    content = load_content(config.content_dir, files if paths else config.quizzes_dir, base)
    left_out = [p for problems in content.broken_quizzes.values() for p in problems]
    return content, content.quiz_order(), missing + left_out


def bank_report(content: Content, quiz_ids: list[str] | None = None) -> BankReport:
    """The report over the given quizzes (all loaded quizzes when None)."""
    chosen = [content.quizzes[q] for q in (quiz_ids or content.quiz_order())]
    per_type: Counter[str] = Counter()
    per_quiz: dict[str, dict[str, int]] = {}
    per_objective: dict[str, Counter[str]] = {}
    final = {content.course.final_assessment} if content.course else set()
    if content.course is not None:
        per_objective = {o: Counter() for o in content.course.objectives}
    tf: Counter[str] = Counter()
    longest: Counter[str] = Counter()
    no_explanation, no_reference = [], []
    grades: dict[str, float] = {}
    for loaded in chosen:
        quiz_counts: Counter[str] = Counter()
        for case, question in loaded.quiz.leaves():
            per_type[question.type] += 1
            quiz_counts[question.type] += 1
            quiz_counts["items"] += 1
            quiz_counts["in cases"] += case is not None
            for i, objective in enumerate(question.objectives):
                counts = per_objective.setdefault(objective, Counter())
                counts["items"] += 1
                counts["pool (first objective)"] += i == 0
                counts["in final or secure quizzes"] += _secure(loaded) or loaded.id in final
            if isinstance(question, TrueFalseQuestion):
                tf["true" if question.answer else "false"] += 1
            if isinstance(question, SingleQuestion):
                longest["single"] += 1
                longest["key longest"] += _key_is_longest(question)
            if not question.explanation:
                no_explanation.append(question.id)
            if not question.references:
                no_reference.append(question.id)
            stem = question.prompt if case is None else f"{case.vignette.text}\n{question.prompt}"
            grade = reading_grade(stem)
            if grade is not None:
                grades[question.id] = grade
        per_quiz[loaded.id] = dict(quiz_counts)
    items = sum(per_type.values())
    below, thin = _pools(chosen)
    pairs = near_duplicates([s for loaded in chosen for s in stems(loaded)])
    values = list(grades.values())
    return BankReport(
        quizzes=[loaded.id for loaded in chosen],
        items=items,
        per_type=dict(per_type.most_common()),
        per_quiz=per_quiz,
        per_objective={o: dict(c) for o, c in sorted(per_objective.items())},
        true_false={
            "items": tf.total(),
            "share_of_bank": _share(tf.total(), items),
            "keyed_true": tf["true"],
            "keyed_false": tf["false"],
            "share_keyed_false": _share(tf["false"], tf.total()),
        },
        key_longest={
            "single_answer_items": longest["single"],
            "key_is_longest": longest["key longest"],
            "share": _share(longest["key longest"], longest["single"]),
        },
        near_duplicates=[
            DuplicateRow(a.question_id, a.place, b.question_id, b.place, round(score, 2))
            for a, b, score in pairs
        ],
        below_blueprint=below,
        thin_pools=thin,
        no_explanation=no_explanation,
        no_reference=no_reference,
        reading_level={
            "mean_grade": round(statistics.fmean(values), 1) if values else None,
            "median_grade": round(statistics.median(values), 1) if values else None,
            "max_grade": round(max(values), 1) if values else None,
        },
        hardest_to_read=[
            (q, round(g, 1)) for q, g in sorted(grades.items(), key=lambda kv: -kv[1])[:10]
        ],
        must_pass=[_section(loaded) for loaded in chosen if loaded.quiz.must_pass],
    )


def _section(loaded: LoadedQuiz) -> SectionRow:
    quiz = loaded.quiz
    section = quiz.must_pass
    assert section is not None
    drawn = quiz.blueprint.draw if quiz.blueprint else None
    return SectionRow(
        quiz=loaded.id,
        title=section.title,
        pass_mark=section.pass_mark,
        items=sum(section.covers(q) for _, q in quiz.leaves()),
        per_form=sum(d.count for d in drawn if d.objective in section.objectives)
        if drawn
        else None,
        of_form=sum(d.count for d in drawn) if drawn else None,
    )


def _secure(loaded: LoadedQuiz) -> bool:
    return loaded.quiz.blueprint is not None and loaded.quiz.blueprint.secure


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _key_is_longest(question: SingleQuestion) -> bool:
    """Whether the fully correct option is strictly longer than every other option."""
    lengths = [len(o.text.strip()) for o in question.options]
    keys = [i for i, o in enumerate(question.options) if (o.fraction or 0) >= 1]
    return any(all(lengths[k] > n for j, n in enumerate(lengths) if j != k) for k in keys)


def _pools(chosen: list[LoadedQuiz]) -> tuple[list[PoolRow], list[PoolRow]]:
    below, thin = [], []
    for loaded in chosen:
        quiz = loaded.quiz
        if quiz.blueprint is None:
            continue
        sizes = blueprint.pool_sizes(quiz)
        for entry in quiz.blueprint.draw:
            pool = sizes[entry.objective]
            row = PoolRow(quiz.id, entry.objective, entry.count, pool, entry.count - pool)
            if pool < entry.count:
                below.append(row)
            elif pool < POOL_FORMS * entry.count:
                row.missing = POOL_FORMS * entry.count - pool
                thin.append(row)
    return below, thin


def render_text(report: BankReport) -> str:
    """The report as plain text for a terminal."""
    lines = [f"Bank report: {report.items} items in {len(report.quizzes)} quizzes", ""]
    lines.append("Items per type")
    lines += [f"  {kind:<14} {n:>4}" for kind, n in report.per_type.items()]
    lines += ["", "Items per quiz"]
    for quiz_id, counts in report.per_quiz.items():
        kinds = ", ".join(f"{k} {v}" for k, v in counts.items() if k not in {"items", "in cases"})
        lines.append(
            f"  {quiz_id:<20} {counts.get('items', 0):>4}  "
            f"(in cases {counts.get('in cases', 0)}; {kinds})"
        )
    lines += ["", "Items per objective (tagged / pool by first objective / in final or secure)"]
    for objective, counts in report.per_objective.items():
        lines.append(
            f"  {objective:<32} {counts.get('items', 0):>4} "
            f"{counts.get('pool (first objective)', 0):>4} "
            f"{counts.get('in final or secure quizzes', 0):>4}"
        )
    tf = report.true_false
    lines += [
        "",
        f"True/false: {tf['items']} items ({tf['share_of_bank']:.0%} of the bank), "
        f"keyed true {tf['keyed_true']}, keyed false {tf['keyed_false']}",
    ]
    kl = report.key_longest
    lines.append(
        f"Key is the longest option: {kl['key_is_longest']} of {kl['single_answer_items']} "
        f"single-answer items ({kl['share']:.0%})"
    )
    for section in report.must_pass:
        each = (
            f"{section.per_form} of {section.of_form} in every form"
            if section.per_form is not None
            else "varies from form to form"
        )
        lines.append(
            f"Must-pass section of {section.quiz}: {section.title}, "
            f"{section.pass_mark:g}% needed; {section.items} items in the bank, {each}"
        )
    lines += ["", f"Pairs of near-duplicate stems: {len(report.near_duplicates)}"]
    lines += [
        f"  {d.similarity:.2f}  {d.first} ({d.first_place})  ~  {d.second} ({d.second_place})"
        for d in report.near_duplicates
    ]
    lines += ["", f"Objectives below their blueprint: {len(report.below_blueprint)}"]
    lines += [
        f"  {r.quiz}: {r.objective} draws {r.count}, pool {r.pool} ({r.missing} missing)"
        for r in report.below_blueprint
    ]
    lines.append(f"Pools under {POOL_FORMS} forms: {len(report.thin_pools)}")
    lines += [
        f"  {r.quiz}: {r.objective} draws {r.count}, pool {r.pool} ({r.missing} short)"
        for r in report.thin_pools
    ]
    lines += [
        "",
        f"Items without explanation: {len(report.no_explanation)}"
        + (f" ({', '.join(report.no_explanation)})" if report.no_explanation else ""),
        f"Items without reference: {len(report.no_reference)}"
        + (f" ({', '.join(report.no_reference)})" if report.no_reference else ""),
    ]
    level = report.reading_level
    if level["mean_grade"] is not None:
        lines += [
            "",
            f"Reading level (Flesch-Kincaid grade): mean {level['mean_grade']}, "
            f"median {level['median_grade']}, highest {level['max_grade']}",
        ]
        lines += [f"  {q:<32} {g:>5}" for q, g in report.hardest_to_read]
    return "\n".join(lines) + "\n"

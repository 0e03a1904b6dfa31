"""Near-duplicate question stems, for secure pools (``check``) and the bank report.

A stem is what a trainee reads before the options: the prompt, and for a case part the
vignette before it. Stems are compared as sets of content words: text normalised as typed
answers are (NFKC, case, Greek letters as names), split into words, common function words
dropped and a plural "s" trimmed. Two stems are near-duplicates when

- each has at least ``MIN_WORDS`` (4) words and their Jaccard similarity (shared words
  over all words) is at least ``JACCARD`` (0.5), or
- the shorter has at least ``CONTAINED_MIN_WORDS`` (8) words and at least ``CONTAINED``
  (0.8) of them appear in the longer one: a question copied into a longer vignette.

Parts of one case share their vignette, so they are never compared with each other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import combinations

from ..problems import Problem
from .loading import LoadedQuiz, question_paths
from .schema import CaseQuestion
from .short_text import greek_name

JACCARD = 0.5
MIN_WORDS = 4
CONTAINED = 0.8
CONTAINED_MIN_WORDS = 8
_WORD = re.compile(r"[^\W_]+")
_FUNCTION_WORDS = """a about after all also an and any are as at be been before being but by
can could do does did for from had has have he her his how i if in into is it its may might
more most must no not of on or other she should so such than that the their them then there
these they this those to under up was we were what when where which while who why will with
would you your"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())


@dataclass(frozen=True)
class Stem:
    quiz_id: str
    question_id: str
    display: str
    line: int
    col: int
    words: frozenset[str]
    case_id: str | None
    secure: bool

    @property
    def place(self) -> str:
        return f"{self.display}:{self.line}:{self.col}"


def words(text: str) -> frozenset[str]:
    """The content words of a text, normalised for comparison."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if greek_name(ch) == ch else f" {greek_name(ch)} " for ch in text)
    text = text.casefold()
    found = set()
    for word in _WORD.findall(text):
        if word in STOPWORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.add(word)
    return frozenset(found)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The larger of Jaccard and (for stems long enough) containment, 0-1."""
    shorter = min(len(a), len(b))
    if shorter < MIN_WORDS:
        return 0.0
    shared = len(a & b)
    jaccard = shared / len(a | b)
    contained = shared / shorter if shorter >= CONTAINED_MIN_WORDS else 0.0
    return max(jaccard, contained if contained >= CONTAINED else 0.0)


def is_near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    # Containment only counts from CONTAINED (above JACCARD), so one threshold decides.
    return similarity(a, b) >= JACCARD


def stems(loaded: LoadedQuiz) -> list[Stem]:
    """One stem per answerable item of a quiz, with the position of its prompt."""
    quiz = loaded.quiz
    secure = quiz.blueprint is not None and quiz.blueprint.secure
    found = []
    for path, question in question_paths(quiz):
        if isinstance(question, CaseQuestion):
            continue
        case = _case_of(loaded, path)
        text = question.prompt if case is None else f"{case.vignette.text}\n{question.prompt}"
        line, col = loaded.position(*path, "prompt")
        found.append(
            Stem(
                quiz.id,
                question.id,
                loaded.display,
                line,
                col,
                words(text),
                case.id if case else None,
                secure,
            )
        )
    return found


def _case_of(loaded: LoadedQuiz, path: tuple) -> CaseQuestion | None:
    if len(path) > 2:
        return loaded.quiz.questions[path[1]]
    return None


def near_duplicates(found: list[Stem]) -> list[tuple[Stem, Stem, float]]:
    """Every pair of near-duplicate stems, most similar first."""
    pairs = []
    for a, b in combinations(found, 2):
        if a.case_id is not None and a.case_id == b.case_id and a.quiz_id == b.quiz_id:
            continue
        if is_near_duplicate(a.words, b.words):
            pairs.append((a, b, similarity(a.words, b.words)))
    return sorted(pairs, key=lambda p: (-p[2], p[0].place, p[1].place))


def secure_leaks(quizzes: list[LoadedQuiz]) -> list[Problem]:
    """A problem at each secure item that appears in, or paraphrases, an unsecured one."""
    secure = [s for q in quizzes for s in stems(q) if s.secure]
    if not secure:
        return []
    open_ = [s for q in quizzes for s in stems(q) if not s.secure]
    problems = []
    for kept in secure:
        for seen in open_:
            if is_near_duplicate(kept.words, seen.words):
                score = similarity(kept.words, seen.words)
                problems.append(
                    Problem(
                        kept.display,
                        kept.line,
                        kept.col,
                        f"question '{kept.question_id}' in secure quiz '{kept.quiz_id}' "
                        f"closely matches '{seen.question_id}' at {seen.place} "
                        f"(similarity {score:.2f}), which trainees see in the unsecured quiz "
                        f"'{seen.quiz_id}'; rewrite one of them",
                    )
                )
    return problems

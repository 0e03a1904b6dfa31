"""The quiz file format: one pydantic definition gives validation, defaults and JSON Schema."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..media import forbidden_media

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
UNASSIGNED_OBJECTIVE = "unassigned"
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
_TOLERANCE = 1e-6


def _no_html(text: str) -> str:
    match = _HTML_TAG.search(text)
    if match:
        raise ValueError(f"raw HTML ({match.group(0)!r}) is not allowed; write Markdown instead")
    media = forbidden_media(text, own_folder=True)
    if media:
        raise ValueError(media[1])
    return text


Markdown = Annotated[str, Field(min_length=1), AfterValidator(_no_html)]
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Option(Strict):
    text: Markdown
    correct: bool = False
    fraction: float | None = Field(
        None, ge=-1, le=1, description="Share of the marks for choosing this option."
    )
    feedback: Markdown | None = None

    @property
    def share(self) -> float:
        """The fraction, which the question's validator fills in for every option."""
        if self.fraction is None:
            raise ValueError(f"option {self.text!r} has no fraction outside a question")
        return self.fraction


class QuestionBase(Strict):
    id: Id
    prompt: Markdown
    objectives: list[Id] = Field(
        default_factory=list,
        description=(
            f"Learning-objective ids from course.yaml ('{UNASSIGNED_OBJECTIVE}' until mapped)."
        ),
    )
    points: float = Field(1.0, gt=0)
    explanation: Markdown | None = Field(None, description="Shown at review.")
    references: list[Id] = Field(
        default_factory=list, description="Keys of content/references.yaml."
    )
    tags: list[Text] = Field(
        default_factory=list, description="Free labels, kept as Moodle tags on export."
    )


class ChoiceQuestion(QuestionBase):
    options: list[Option] = Field(min_length=2)
    shuffle: bool | None = Field(None, description="Override the quiz's option shuffling.")


class SingleQuestion(ChoiceQuestion):
    type: Literal["single"]

    @model_validator(mode="after")
    def _fractions(self) -> SingleQuestion:
        for option in self.options:
            if option.fraction is None:
                option.fraction = 1.0 if option.correct else 0.0
            elif option.correct and option.fraction < 1:
                raise ValueError(
                    f"option {option.text!r} is marked correct but has fraction {option.fraction}"
                )
        if not any(abs(o.share - 1) < _TOLERANCE for o in self.options):
            raise ValueError("no correct option: mark one option 'correct: true'")
        return self


class MultipleQuestion(ChoiceQuestion):
    type: Literal["multiple"]

    @model_validator(mode="after")
    def _fractions(self) -> MultipleQuestion:
        given = [o.fraction is not None for o in self.options]
        if not any(given):
            right = sum(o.correct for o in self.options)
            if right == 0:
                raise ValueError("no correct option: mark at least one option 'correct: true'")
            # Each wrong tick cancels one right tick, so ticking everything never pays.
            for option in self.options:
                option.fraction = (1.0 if option.correct else -1.0) / right
            return self
        if not all(given):
            raise ValueError("give every option a fraction, or none of them")
        positive = sum(o.share for o in self.options if o.share > 0)
        if abs(positive - 1) > 0.01:
            raise ValueError(
                f"the positive fractions add up to {positive:g}; they must add up to 1"
            )
        for option in self.options:
            option.correct = option.share > 0
        return self


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    answer: bool
    feedback_true: Markdown | None = None
    feedback_false: Markdown | None = None


class NumericAnswer(Strict):
    value: float
    tolerance: float = Field(0.0, ge=0)
    fraction: float = Field(
        1.0, ge=0, le=1, description="0 with feedback: an anticipated wrong answer."
    )
    feedback: Markdown | None = None


class UnitOption(Strict):
    unit: Text
    multiplier: float = Field(
        gt=0, description="A value in this unit equals the value in the main unit times this."
    )


class NumericQuestion(QuestionBase):
    type: Literal["numeric"]
    answer: float | None = Field(None, description="The fully correct value (shorthand).")
    tolerance: float = Field(0.0, ge=0)
    answers: list[NumericAnswer] = Field(default_factory=list)
    unit: Text | None = Field(None, description="Main unit, e.g. mm; typing it is optional.")
    units: list[UnitOption] = Field(default_factory=list, description="Other accepted units.")
    feedback_other: Markdown | None = Field(
        None, description="Feedback for a number no answer matches (Moodle's '*' answer)."
    )

    @model_validator(mode="after")
    def _answers(self) -> NumericQuestion:
        if self.answer is not None:
            self.answers.insert(0, NumericAnswer(value=self.answer, tolerance=self.tolerance))
            self.answer = None
            self.tolerance = 0.0
        if not any(a.fraction == 1 for a in self.answers):
            raise ValueError("no fully correct answer: give 'answer' (and 'tolerance')")
        return self


class Pair(Strict):
    left: Markdown
    right: Text


class MatchingQuestion(QuestionBase):
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2)
    distractors: list[Text] = Field(default_factory=list, description="Extra wrong choices.")
    shuffle: bool | None = None
    scoring: Literal["all_or_nothing", "partial"] = Field(
        "partial", description="partial: each pair counts equally; all_or_nothing: all or 0."
    )

    @model_validator(mode="after")
    def _unique(self) -> MatchingQuestion:
        lefts = [p.left for p in self.pairs]
        if len(set(lefts)) != len(lefts):
            raise ValueError("each left-hand item must be different")
        if set(self.distractors) & {p.right for p in self.pairs}:
            raise ValueError("a distractor repeats a correct right-hand item")
        return self

    @property
    def choices(self) -> list[str]:
        """Right-hand choices in definition order, each once."""
        return list(dict.fromkeys([p.right for p in self.pairs] + self.distractors))


class OrderingQuestion(QuestionBase):
    type: Literal["ordering"]
    items: list[Text] = Field(min_length=2, description="The items in their correct order.")
    scoring: Literal["all_or_nothing", "partial"] = Field(
        "all_or_nothing",
        description="partial: the share of item pairs put in the right relative order.",
    )

    @model_validator(mode="after")
    def _unique(self) -> OrderingQuestion:
        if len(set(self.items)) != len(self.items):
            raise ValueError("each item must be different")
        return self


class ShortAnswer(Strict):
    text: Text = Field(description="Accepted answer; '*' matches any run of characters.")
    fraction: float = Field(
        1.0, ge=0, le=1, description="0 with feedback: an anticipated wrong answer."
    )
    feedback: Markdown | None = None


class ShortTextQuestion(QuestionBase):
    type: Literal["short_text"]
    answers: list[ShortAnswer | Text] = Field(min_length=1)
    case_sensitive: bool = False
    reject: list[Text] = Field(
        default_factory=list,
        description="Example wrong answers; check fails if an accepted answer matches one.",
    )

    @model_validator(mode="after")
    def _answers(self) -> ShortTextQuestion:
        self.answers = [ShortAnswer(text=a) if isinstance(a, str) else a for a in self.answers]
        if not any(a.fraction == 1 for a in self.accepted):
            raise ValueError("no fully correct answer: give at least one answer with fraction 1")
        return self

    @property
    def accepted(self) -> list[ShortAnswer]:
        return [a for a in self.answers if isinstance(a, ShortAnswer)]


Leaf = Annotated[
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | MatchingQuestion
    | OrderingQuestion
    | ShortTextQuestion,
    Field(discriminator="type"),
]


class Vignette(Strict):
    text: Markdown = Field(description="The client's story, in Markdown.")
    details: dict[str, Text] = Field(
        default_factory=dict,
        description="Key facts shown as a table, e.g. 'Skin type': 'Fitzpatrick V'.",
    )
    figures: list[Id] = Field(default_factory=list, description="Figure ids to show.")


class CaseQuestion(Strict):
    type: Literal["case"]
    id: Id
    title: Text | None = None
    vignette: Vignette
    objectives: list[Id] = Field(
        default_factory=list, description="Given to every part that names none."
    )
    references: list[Id] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list, description="Free labels, as Moodle tags.")
    questions: list[Leaf] = Field(min_length=1)

    @model_validator(mode="after")
    def _inherit(self) -> CaseQuestion:
        for part in self.questions:
            if not part.objectives:
                part.objectives = list(self.objectives)
            if not part.references:
                part.references = list(self.references)
        return self

    @property
    def points(self) -> float:
        return sum(part.points for part in self.questions)


Question = Annotated[
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | MatchingQuestion
    | OrderingQuestion
    | ShortTextQuestion
    | CaseQuestion,
    Field(discriminator="type"),
]

LeafQuestion = (
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | MatchingQuestion
    | OrderingQuestion
    | ShortTextQuestion
)


class Shuffle(Strict):
    questions: bool = False
    options: bool = True


class Draw(Strict):
    count: int | None = Field(None, ge=1, description="Draw this many questions at random.")
    per_objective: dict[Id, Annotated[int, Field(ge=1)]] = Field(
        default_factory=dict, description="Or draw this many questions for each objective."
    )

    @model_validator(mode="after")
    def _one_way(self) -> Draw:
        if (self.count is None) == (not self.per_objective):
            raise ValueError("give either 'count' or 'per_objective'")
        return self


class BlueprintDraw(Strict):
    objective: Id = Field(description="An objective id from course.yaml.")
    count: int = Field(ge=1, description="Items each attempt gets for this objective.")


class Blueprint(Strict):
    secure: bool = Field(
        False,
        description="Items may not appear in, or closely paraphrase, any unsecured quiz.",
    )
    draw: list[BlueprintDraw] = Field(
        min_length=1,
        description=(
            "Per objective, how many items each attempt draws from the pool of items whose "
            "first objective it is."
        ),
    )
    apart: list[Annotated[list[Id], Field(min_length=2)]] = Field(
        default_factory=list,
        description=(
            "Enemy items: groups of question ids of which at most one may appear in any "
            "form, because one gives another away."
        ),
    )

    @model_validator(mode="after")
    def _once_each(self) -> Blueprint:
        named = [d.objective for d in self.draw]
        repeated = sorted({o for o in named if named.count(o) > 1})
        if repeated:
            raise ValueError(f"objective(s) listed more than once: {', '.join(repeated)}")
        return self


class MustPass(Strict):
    """A section every attempt must pass on its own, as well as the quiz overall."""

    title: Text = Field(description="What the section is called on the result, e.g. 'Safety'.")
    objectives: list[Id] = Field(
        min_length=1,
        description=(
            "Objective ids from course.yaml: the questions whose first objective is one of "
            "them are the section."
        ),
    )
    pass_mark: float = Field(
        ge=0, le=100, description="Percent of the section's points an attempt needs to pass."
    )

    def covers(self, question: LeafQuestion) -> bool:
        """The question is in the section: its first objective, the one a blueprint draws it
        for, is one of the section's. A second objective tags a question for reporting
        and never moves it into the section, so a blueprint fixes the section's length."""
        return bool(question.objectives) and question.objectives[0] in self.objectives


class Review(Strict):
    when: Literal["always", "after_passing", "never"] = "always"
    marks: bool = True
    correct_answers: bool = True
    explanations: bool = True


class Quiz(Strict):
    id: Id
    title: Text
    module: Id | None = Field(None, description="Module id from course.yaml, if any.")
    description: Markdown | None = None
    pass_mark: float | None = Field(
        None, ge=0, le=100, description="Percent; the course default when left out."
    )
    attempts: int | Literal["unlimited"] = Field("unlimited", description="Attempts allowed.")
    grading: Literal["highest", "latest", "first", "average"] = "highest"
    time_limit_minutes: float | None = Field(None, gt=0)
    shuffle: Shuffle | bool = Field(
        default_factory=Shuffle, description="true shuffles questions and options."
    )
    draw: Draw | None = None
    blueprint: Blueprint | None = Field(
        None, description="Draw a parallel form per attempt, per objective (not with draw)."
    )
    questions_per_page: int | None = Field(
        None, ge=1, strict=True, description="Questions on each page; all on one if left out."
    )
    feedback: Literal["after_submit", "after_each"] = "after_submit"
    review: Review = Field(default_factory=Review)
    must_pass: MustPass | None = Field(
        None,
        description=(
            "A section each attempt must pass as well as the pass mark, in the same attempt "
            "(not with grading: average)."
        ),
    )
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _normalise(self) -> Quiz:
        if isinstance(self.shuffle, bool):
            self.shuffle = Shuffle(questions=self.shuffle, options=self.shuffle)
        if isinstance(self.attempts, int) and self.attempts < 1:
            raise ValueError("attempts must be at least 1, or 'unlimited'")
        if self.draw is not None and self.blueprint is not None:
            raise ValueError("give either 'draw' or 'blueprint', not both")
        if self.must_pass is not None and self.grading == "average":
            raise ValueError(
                "must_pass needs grading highest, latest or first: an attempt passes only "
                "when it reaches both pass marks, and an average is not an attempt"
            )
        return self

    @property
    def attempt_limit(self) -> int | None:
        return None if self.attempts == "unlimited" else int(self.attempts)

    def leaves(self) -> Iterator[tuple[CaseQuestion | None, LeafQuestion]]:
        """Every answerable question, with the case it belongs to (if any)."""
        for question in self.questions:
            if isinstance(question, CaseQuestion):
                for part in question.questions:
                    yield question, part
            else:
                yield None, question

    def leaf(self, question_id: str) -> LeafQuestion:
        for _, question in self.leaves():
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def top(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @property
    def max_points(self) -> float:
        return sum(q.points for _, q in self.leaves())


def json_schema() -> dict:
    schema = Quiz.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "NeedleWise quiz"
    return schema

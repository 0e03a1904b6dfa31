"""The course: modules, learning objectives, competencies, completion rule, references."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, HttpUrl, model_validator

from .quiz.schema import UNASSIGNED_OBJECTIVE, Id, Markdown, Strict, Text


class Objective(Strict):
    id: Id
    text: Text


class Module(Strict):
    id: Id
    title: Text
    summary: Markdown
    lessons: list[Id] = Field(min_length=1, description="Lesson ids, in reading order.")
    quiz: Id | None = Field(
        None, description="The module quiz; it opens once the lessons are read."
    )
    prerequisites: list[Id] = Field(
        default_factory=list, description="Modules whose quiz must be passed first."
    )
    objectives: list[Objective] = Field(min_length=1)


class Competency(Strict):
    id: Id
    title: Text
    observe: list[Text] = Field(min_length=1, description="What the supervisor must observe.")
    lessons: list[Id] = Field(
        default_factory=list, description="Lesson ids that teach what the supervisor observes."
    )


class CompletionRule(Strict):
    """Which requirements a trainee must meet to complete the course (``completion:``)."""

    module_quizzes: bool = True
    final_assessment: bool = True
    competencies: bool = True


class Course(Strict):
    id: Id
    title: Text
    description: Markdown
    default_pass_mark: float = Field(80, ge=0, le=100)
    final_assessment: Id | None = Field(None, description="Quiz id of the final assessment.")
    certificate_validity_months: int = Field(24, ge=1, le=120)
    modules: list[Module] = Field(min_length=1)
    competencies: list[Competency] = Field(default_factory=list)
    completion: CompletionRule = Field(default_factory=CompletionRule)

    @model_validator(mode="after")
    def _unique_ids(self) -> Course:
        for kind, ids in (
            ("module", [m.id for m in self.modules]),
            ("objective", [o.id for m in self.modules for o in m.objectives]),
            ("competency", [c.id for c in self.competencies]),
            ("lesson", [lesson for m in self.modules for lesson in m.lessons]),
        ):
            seen: set[str] = set()
            for item in ids:
                if item in seen:
                    raise ValueError(f"{kind} id '{item}' appears more than once")
                seen.add(item)
        earlier: set[str] = set()
        for module in self.modules:
            for prerequisite in module.prerequisites:
                if prerequisite not in earlier:
                    raise ValueError(
                        f"module '{module.id}' needs '{prerequisite}', which is not a module "
                        "listed before it"
                    )
            earlier.add(module.id)
        return self

    def module(self, module_id: str) -> Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(module_id)

    @property
    def objectives(self) -> dict[str, Objective]:
        found = {o.id: o for m in self.modules for o in m.objectives}
        found.setdefault(
            UNASSIGNED_OBJECTIVE,
            Objective(id=UNASSIGNED_OBJECTIVE, text="Not yet mapped to a learning objective"),
        )
        return found

    def module_of_lesson(self, lesson_id: str) -> Module | None:
        for module in self.modules:
            if lesson_id in module.lessons:
                return module
        return None

    @property
    def lesson_order(self) -> list[str]:
        return [lesson for module in self.modules for lesson in module.lessons]


Tier = Literal["PR", "REG", "MFR", "IND", "BOOK"]

TIER_LABELS: dict[str, str] = {
    "PR": "peer-reviewed",
    "REG": "law or regulator",
    "MFR": "manufacturer labelling",
    "IND": "industry source (weak evidence)",
    "BOOK": "textbook",
}


class Reference(Strict):
    short: Text = Field(description="How the source is cited in text, e.g. 'Alam 2014'.")
    citation: Text
    tier: Tier
    url: HttpUrl | None = None


class References(Strict):
    references: dict[Id, Reference]

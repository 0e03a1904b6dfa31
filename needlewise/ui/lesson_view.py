"""Rendering a lesson: Markdown, citations, callouts, figures and its reference list."""

from __future__ import annotations

import re

import streamlit as st

from .. import display
from ..course import TIER_LABELS, Objective, Reference
from ..lessons import CALLOUTS, CITATION, Lesson, objective_texts
from ..settings import ClinicSettings
from . import accessible
from .plain import plain

_CALLOUT_ICON = {
    "SAFETY": ":material/health_and_safety:",
    "SCOPE": ":material/gavel:",
    "EVIDENCE": ":material/science:",
    "MYTH": ":material/report:",
    "NOTE": ":material/info:",
    "LIMIT": ":material/straighten:",
}


def cite(text: str, references: dict[str, Reference]) -> str:
    """Replace ``[@key]`` citations with author-year text."""

    def replace(match) -> str:
        keys = [part.strip().lstrip("@") for part in match.group(1).split(";")]
        shown = [references[k].short if k in references else k for k in keys]
        return f"({'; '.join(shown)})"

    return CITATION.sub(replace, text)


def depth_limit_line(settings: ClinicSettings) -> str:
    return (
        f"**Your clinic's practice limit: {settings.depth_limit_mm:g} mm** "
        f"({plain(settings.where)}). It overrides every chart and study in this course."
    )


OBJECTIVES_HEADING = "In this lesson you will learn to:"


def render_lesson(
    lesson: Lesson,
    references: dict[str, Reference],
    figures: dict,
    settings: ClinicSettings,
    objectives: dict[str, Objective] | None = None,
) -> None:
    accessible.page_title(lesson.meta.title)
    st.title(lesson.meta.title)
    st.caption(f"About {lesson.meta.minutes} minutes · {lesson.meta.summary}")
    render_objectives(objective_texts(lesson, objectives or {}))
    for block in lesson.blocks:
        if block.kind == "markdown":
            st.markdown(cite(block.text, references))
        elif block.kind == "callout":
            render_callout(block.callout, cite(block.text, references), settings)
        elif block.kind == "figure" and block.figure in figures:
            accessible.figure(figures[block.figure], caption=block.text)
    render_references(lesson.citations + lesson.meta.further_reading, references)


def render_objectives(texts: list[str]) -> None:
    if texts:
        items = "\n".join(f"- {text}" for text in texts)
        accessible.note(f"**{OBJECTIVES_HEADING}**\n\n{items}", icon=":material/flag:")


def render_callout(kind: str, text: str, settings: ClinicSettings) -> None:
    body = f"**{display.sentence(CALLOUTS.get(kind, kind.title()))}** {text}".strip()
    if kind == "LIMIT":
        body = f"{depth_limit_line(settings)}\n\n{text}".strip()
    accessible.note(body, icon=_CALLOUT_ICON.get(kind))


def render_references(keys: list[str], references: dict[str, Reference]) -> None:
    keys = list(dict.fromkeys(k for k in keys if k in references))
    if not keys:
        return
    st.header("References")
    # One list, not one element per entry: a screen reader announces one list of them all,
    # and a long reference list is one element for the browser to draw.
    st.markdown("\n".join(reference_line(references[key]) for key in keys))


def reference_line(reference: Reference) -> str:
    link = f" [Source]({reference.url})" if reference.url else ""
    return f"- **{reference.short}**: {reference.citation}{link} *({evidence(reference.tier)})*"


def evidence(tier: str) -> str:
    """A source's tier in words that need no brackets of their own, so that they can stand
    inside a pair: 'industry source, weak evidence', never 'industry source (weak evidence)'
    inside another pair. The weak-evidence flag stays."""
    return re.sub(r"\s*\((.+)\)$", r", \1", TIER_LABELS[tier])


def source_label(key: str, references: dict[str, Reference]) -> str:
    """A cited source by its short name and its tier, e.g. 'Chopra 2015 (peer-reviewed)'."""
    reference = references.get(key)
    if reference is None:
        return key
    return f"{reference.short} ({evidence(reference.tier)})"

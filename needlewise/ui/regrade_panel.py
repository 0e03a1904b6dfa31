"""Item analysis's Regrade section: what a corrected answer key would change in the
attempts made on earlier versions, shown first (the dry run), then done once confirmed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import display, regrade
from ..accounts import User
from ..quiz.loading import LoadedQuiz
from .actions import act, show_flash
from .confirm import Confirmation
from .context import Context
from .plain import plain

PAGE = "item_analysis"
# What the question asks about: the quiz, its current version, and the attempts it names.
Subject = tuple[str, str, tuple[int, ...]]


def confirmation() -> Confirmation[Subject]:
    """The section's confirmation step, made at the top of the page script."""
    return Confirmation[Subject]("regrade")


def _subject(found: regrade.Plan) -> Subject:
    return (found.quiz_id, found.version, tuple(c.attempt_id for c in found.changes))


def _certificates(found: regrade.Plan) -> str:
    if not found.certificate_holders:
        return ""
    names = ", ".join(plain(name) for name in found.certificate_holders)
    return (
        f" An attempt of {names} goes from a pass to a fail, and "
        f"{'they hold' if len(found.certificate_holders) > 1 else 'this trainee holds'} a "
        "certificate that is not revoked. A regrade does not revoke a certificate: an "
        "administrator decides on the Certificates page."
    )


def _done(found: regrade.Plan) -> str:
    if not found.changes:
        return "Nothing was regraded: every attempt is already scored with the current key."
    return (
        f"Regraded {display.plural(len(found.changes), 'attempt')} with the current answer "
        f"key; the audit log lists each with its old and new mark.{_certificates(found)}"
    )


def _table(found: regrade.Plan, names: dict[str, str], section: str | None) -> pd.DataFrame:
    """One row per attempt a regrade changes; with a must-pass section (its title), the
    section's mark before and after, which can fail an attempt whose overall mark passes."""

    def marks(c: regrade.AttemptChange) -> dict[str, str]:
        if section is None:
            return {}
        return {
            f"{section} before": display.percent(c.old_section_percent),
            f"{section} after": display.percent(c.section_percent),
        }

    return pd.DataFrame(
        [
            {
                "trainee": c.trainee,
                "username": c.username,
                "attempt": c.number,
                "scored with version": names[c.scored_with],
                "before": display.percent(c.old_percent),
                "after": display.percent(c.new_percent),
                **marks(c),
                "passed before": "yes" if c.passed_before else "no",
                "passed after": "yes" if c.passed_after else "no",
                "questions that change": ", ".join(c.questions) or "none (same marks)",
                "not regradable": ", ".join(c.not_regradable) or display.NONE,
            }
            for c in found.changes
        ]
    )


def render(ctx: Context, user: User, loaded: LoadedQuiz, asking: Confirmation[Subject]) -> None:
    st.header("Regrade")
    show_flash(page=PAGE)
    found = regrade.plan(ctx.engine, loaded)

    def still(subject: Subject) -> bool:
        return subject == _subject(found)

    confirmed = asking.confirmed(still)
    if confirmed is not None:
        act(
            regrade.apply,
            ctx.engine,
            loaded,
            actor=user,
            instructors_publish=ctx.settings.instructors_publish,
            success=_done,
            page=PAGE,
        )
    if not found.earlier:
        st.caption("Nothing to regrade: every submitted attempt is scored with the current key.")
        return
    one = found.earlier == 1
    st.markdown(
        f"{display.plural(found.earlier, 'submitted attempt')} "
        f"{'is' if one else 'are'} scored with the key of another version of this quiz "
        f"(made on an earlier version, or regraded with a key since withdrawn); a regrade "
        f"would change {len(found.changes)} of {'it' if one else 'them'}."
    )
    if not found.keys_changed:
        st.caption("Nothing to regrade: no question's key differs from the current one.")
        return
    st.markdown(
        "Questions whose key differs from the current one: "
        + ", ".join(f"`{question}`" for question in found.keys_changed)
        + "."
    )
    for question, reason in found.not_regradable.items():
        st.caption(f"`{question}` is not regradable: {reason}. Its marks stay as they are.")
    if not found.changes:
        st.success(
            "Nothing to regrade: none of these attempts showed a question whose key differs, "
            "with an answer that can be read against the current version."
        )
        return
    if st.toggle("Show what a regrade would change", key="regrade_show"):
        names = {v: regrade.version_label(ctx.engine, found.quiz_id, v) for v in found.versions}
        section = loaded.quiz.must_pass.title if loaded.quiz.must_pass else None
        st.dataframe(
            _table(found, names, section), hide_index=True, width="stretch", key="regrade_table"
        )
    action = f"Regrade {display.plural(len(found.changes), 'attempt')}"
    allowed = regrade.may_regrade(user, ctx.settings.instructors_publish)
    subject = _subject(found)
    if asking.asked(still) is not None:
        asking.show(
            subject,
            f"{action} of '{plain(loaded.quiz.title)}' with the current answer key: their "
            "marks, passes and marks per objective change as the table shows, and the audit "
            f"log records it.{_certificates(found)}",
            action,
        )
    else:
        asking.ask_button(action, subject, key="regrade_ask", disabled=not allowed)
    if not allowed:
        st.caption(
            "Only the people who may publish quizzes regrade them: admins, and instructors "
            "when an admin lets them (Settings)."
        )

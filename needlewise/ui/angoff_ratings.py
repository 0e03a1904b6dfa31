"""A panel member's ratings on the Standard setting page: a page of items at a time, each
rating saved as soon as the rater leaves its box, in a fragment so that a rating reruns
only the ratings and not the page of the panel's result around them.

A rating refused (out of range) is kept in its box with why, beside it and in a summary
above the page buttons, while every other rating is saved; moving to other items or
another page of the app loses nothing typed. Emptying a box takes its rating back.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from .. import display, pass_marks
from .. import standard_setting as angoff
from ..accounts import User
from ..pass_marks import ItemToRate, StandardSettingError
from ..quiz.loading import LoadedQuiz
from . import outage
from .accessible import invisible_script

# A rating saved by a run of the ratings alone, which the panel's result (drawn by the
# whole page) has not seen yet.
SAVED = "_nw_angoff_saved"
# Ratings typed but refused, per quiz and rater: kept, with why, until the rater changes
# them, so moving to other items or another page loses nothing typed.
REFUSED = "_nw_angoff_refused"
# The rater moved to another page of items from its foot: start it at its top.
TURNED = "_nw_angoff_turned"


def page_drawn() -> None:
    """The whole page is being drawn, the panel's result with every rating saved so far."""
    st.session_state.pop(SAVED, None)


def _refused(quiz_id: str, rater: User) -> dict[str, tuple[float, str]]:
    """The rater's refused ratings of the quiz: question id -> (typed, why)."""
    return st.session_state.setdefault(f"{REFUSED}:{quiz_id}:{rater.username}", {})


def _key(loaded: LoadedQuiz, item: ItemToRate) -> str:
    return f"angoff_rating:{loaded.id}:{item.question_id}"


def _rate(
    engine: Engine,
    rater: User,
    loaded: LoadedQuiz,
    item: ItemToRate,
    number: int,
    saved: float | None,
) -> None:
    """Save the rating just typed for one item, take it back when the box was emptied, or
    keep it with why it was refused."""
    key = _key(loaded, item)
    typed = st.session_state[key]
    refused = _refused(loaded.id, rater)
    refused.pop(item.question_id, None)
    if typed is None:
        if saved is None:
            return

        def clear() -> None:
            pass_marks.clear_rating(engine, loaded, rater, item.question_id)

        shown = f"taking back your rating of item {number} ({item.question_id})"
        if outage.save_answer(key, rater.id, shown, clear):
            st.session_state[f"{key}:note"] = angoff.cleared(number, saved)
            # The rater may have had every item rated: the panel's result changes.
            st.session_state[SAVED] = "cleared"
        return

    def save() -> None:
        pass_marks.save_ratings(engine, loaded, rater, {item.question_id: typed})

    try:
        shown = f"your rating of item {number} ({item.question_id}): {typed:g}%"
        if outage.save_answer(key, rater.id, shown, save):
            st.session_state[SAVED] = "saved"
    except StandardSettingError as error:
        reason = angoff.out_of_range(typed) or str(error)
        refused[item.question_id] = (typed, angoff.refused(number, reason, saved))


def _turn(section_key: str, to: int) -> None:
    st.session_state[section_key] = to
    st.session_state[TURNED] = True


# Each change saves at once and reruns only the ratings, not the 200-item page around
# them; the panel's result is drawn again only when a change moves it (a rater who has
# rated every item, so their cut score counts, or who takes a rating back).
@st.fragment
def ratings(engine: Engine, rater: User, loaded: LoadedQuiz, items: list[ItemToRate]) -> None:
    with outage.guard(), st.container(key="angoff_ratings"):
        mine = pass_marks.ratings(engine, loaded.id).get(rater.username, {})
        # Ratings of items the quiz no longer has are not counted, as the panel's are not.
        rated = sum(1 for item in items if item.question_id in mine)
        change = st.session_state.pop(SAVED, None)
        if change == "cleared" or (change == "saved" and rated == len(items)):
            st.rerun(scope="app")
        refused = _refused(loaded.id, rater)
        numbers = {item.question_id: n for n, item in enumerate(items, start=1)}
        typed = {numbers[q]: value for q, (value, _) in refused.items() if q in numbers}
        st.markdown(
            f"You have rated **{rated} of {len(items)}** items. Each rating is saved "
            "as soon as you leave its box (press Tab or Enter); empty a box to take its "
            "rating back."
        )
        pages = angoff.sections(len(items))
        section_key = f"angoff_section:{loaded.id}"
        shown = st.selectbox(
            "Items shown",
            range(len(pages)),
            key=section_key,
            format_func=lambda i: angoff.section_label(
                pages[i],
                sum(1 for n in pages[i] if items[n - 1].question_id in mine),
                sum(1 for n in pages[i] if n in typed),
            ),
        )
        with st.container(key="angoff_items"):
            for number in pages[shown]:
                _rating_box(engine, rater, loaded, items[number - 1], number, mine, refused)
        summary = angoff.not_saved_summary(typed)
        if summary:
            st.error(summary)
        _page_buttons(loaded, pages, shown, section_key)
        if st.session_state.pop(TURNED, False):
            invisible_script(
                "const app = window.parent.document;"
                "app.querySelector('.st-key-angoff_ratings')?.scrollIntoView();"
                "app.querySelector('.st-key-angoff_items input')?.focus({preventScroll: true});"
            )


def _page_buttons(loaded: LoadedQuiz, pages: list[range], shown: int, section_key: str) -> None:
    with st.container(horizontal=True):
        if shown > 0:
            before = pages[shown - 1]
            st.button(
                f"Previous: items {before[0]}–{before[-1]}",
                key=f"angoff_previous:{loaded.id}",
                on_click=_turn,
                args=(section_key, shown - 1),
            )
        if shown < len(pages) - 1:
            after = pages[shown + 1]
            st.button(
                f"Next: items {after[0]}–{after[-1]}",
                key=f"angoff_next:{loaded.id}",
                on_click=_turn,
                args=(section_key, shown + 1),
            )


def _rating_box(
    engine: Engine,
    rater: User,
    loaded: LoadedQuiz,
    item: ItemToRate,
    number: int,
    mine: dict[str, float],
    refused: dict[str, tuple[float, str]],
) -> None:
    key = _key(loaded, item)
    saved = mine.get(item.question_id)
    kept = refused.get(item.question_id)
    # The box starts at the saved rating, or at what was typed and refused.
    if key not in st.session_state:
        st.session_state[key] = kept[0] if kept else saved
    case = f" (case: {item.case_title})" if item.case_title else ""
    st.markdown(f"**{number}. `{item.question_id}`**{case}\n\n{item.prompt}")
    st.caption(f"Key: {item.key} · {display.plural_number(item.points, 'point')}")
    st.number_input(
        "Borderline trainee answers correctly (%)",
        value=None,
        step=5.0,
        key=key,
        on_change=_rate,
        args=(engine, rater, loaded, item, number, saved),
    )
    note = st.session_state.pop(f"{key}:note", None)
    if kept:
        st.error(kept[1], icon=":material/error:")
    elif note:
        st.info(note, icon=":material/info:")
    elif saved is not None:
        st.caption(f"Saved: {saved:g}%.")
    else:
        st.caption("Not rated yet.")
    outage.show_if_kept(key)

"""The logbook entry form, shared by new entries and corrections.

Plain stacked widgets in one bordered block, so it reads the same at 390 px as on a
desktop, in the order a treatment is recorded, adverse events last. It is not an
``st.form``: choosing an adverse event must show the course's escalation steps at once,
and a widget inside a form cannot rerun the page until it is submitted. The
number and date fields carry no widget limits: a browser silently keeps the old value of
an out-of-range field, so a depth above the limit or a day after the clinic's today
reaches the check and is refused there, with a message saying why. An area the course
never needles (the eyelids inside the orbital rim) is not offered at all. A new entry
and each correction keep what is typed in a draft that outlives the page (the escalation
steps link to a lesson; a trainee may check it and come back), and the picker keeps the
entry chosen; a correction's draft typed over an entry that has changed since (returned
again, countersigned, corrected in another tab) is dropped, saying so, rather than saved
over the newer entry. A lesson still locked for the trainee is named with why, never a
link to a page that only says it is locked.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine

from .. import access, clock, progress
from ..content import Content
from ..logbook.entries import Entry
from ..logbook.exports import ROMAN, STATUS
from ..logbook.lists import LogbookLists
from ..logbook.validation import CLIENT_REF_MAX, EntryInput, clinic_today, review_flags
from ..settings import ClinicSettings
from . import accessible, actions, time_zone
from .fresh_form import FreshForm
from .plain import plain

T = TypeVar("T")

NO_DATA_NOTICE = (
    "Never enter a client's name, contact details or photo. Use the clinic's pseudonymous "
    "code for the client (for example C-0142); anything that looks like an e-mail address, a "
    "phone number or a 'Firstname Lastname' is refused."
)


def open_page(
    title: str, page: str, content: Content
) -> tuple[LogbookLists, dict[str, str], dict[str, str]]:
    """Both logbook pages: title, the page's own message, and the course's lists, its
    regions' names and the regions it never needles with why (or a stop with the reason
    when the course has no logbook lists)."""
    st.title(title)
    actions.show_flash(page=page)
    if content.logbook is None or content.regions is None:
        st.error(
            "The logbook is unavailable: the course has no logbook lists (content/logbook.yaml)."
        )
        st.stop()
    regions = content.regions.regions
    return (
        content.logbook,
        {r.id: r.name for r in regions},
        {r.id: r.not_treated for r in regions if r.not_treated},
    )


class LessonLinks:
    """The course's lessons as this trainee may open them, for the escalation steps' link:
    a link to an open lesson, and a locked one's name with why instead of a link to a page
    that only says it is locked. The trainee's place in the course is read once, when the
    first link is drawn."""

    def __init__(self, engine: Engine, content: Content, user_id: int) -> None:
        self._engine = engine
        self._content = content
        self._user_id = user_id

    @cached_property
    def _status(self) -> progress.CourseStatus:
        return progress.course_status(self._engine, self._content, self._user_id)

    def show(self, lesson_id: str) -> None:
        lesson = self._content.lessons.get(lesson_id)
        if lesson is None or not self._content.course_available:
            return  # the lesson page could only say it is missing; the steps stand alone
        module = self._status.module(lesson.meta.module)
        if module.unlocked:
            st.page_link(
                access.page_path("lesson"),
                label=lesson.meta.title,
                query_params={"id": lesson_id},
                icon=":material/article:",
            )
        else:
            accessible.locked(lesson.meta.title, module.locked_reason)


def entry_label(entry: Entry) -> str:
    return f"Entry {entry.id} · {entry.treated_on.date().isoformat()} · {STATUS[entry.status]}"


_CHOICE = "lb_choice"
# The choice under a key no widget owns, which the picker is set from (see ``chosen_entry``).
_KEPT = "_nw_lb_choice_kept"
NOT_KEPT = "Your unsaved edits to it were not kept."


def correction_draft(entry_id: int) -> FreshForm:
    """The draft of the correction of entry ``entry_id``: each entry keeps its own."""
    return FreshForm(f"logbook_fix_{entry_id}")


def _version(entry: Entry) -> str:
    """What a correction is typed over. A save or a review changes ``updated_at``; the
    stored values are in too, so that no change goes unseen even within one clock tick."""
    stored = [entry.status, entry.updated_at, entry.treated_on, entry.client_ref]
    stored += [entry.fitzpatrick, entry.details, entry.review_comment]
    return hashlib.sha256(json.dumps(stored, sort_keys=True, default=str).encode()).hexdigest()


def _no_longer_correctable(mine: list[Entry], kept: object) -> None:
    """Say which entries the trainee was correcting can no longer be corrected, and drop
    their edits: those countersigned since (the picker no longer offers them, so their
    drafts would never be seen again) and the one chosen if it has left the logbook
    (deleted under the clinic's retention rule)."""

    def dropped(entry_id: int) -> str:
        draft = correction_draft(entry_id)
        if not draft.typed:
            return ""
        draft.emptied()
        return f" {NOT_KEPT}"

    for entry in mine:
        if entry.status == "accepted" and (correction_draft(entry.id).typed or entry.id == kept):
            lost = dropped(entry.id)
            st.warning(
                f"Entry {entry.id} was countersigned, so it can no longer be corrected.{lost}"
            )
    if isinstance(kept, int) and kept not in {e.id for e in mine}:
        lost = dropped(kept)
        st.warning(f"Entry {kept}, which you were correcting, is no longer in your logbook.{lost}")


def _keep_choice() -> None:
    """The picker's ``on_change``: the trainee's choice becomes the kept one."""
    st.session_state[_KEPT] = st.session_state[_CHOICE]


def chosen_entry(mine: list[Entry]) -> Entry | None:
    """The entry the trainee chose to correct (any not countersigned), or None for a new
    treatment. The choice is kept under a key of its own and the picker set from it in
    every run. Streamlit drops a widget's state in a run that does not draw it, so leaving
    the page chose a new treatment (and the correction's draft with it); and the browser
    shows the choice and label it was last sent, which Streamlit sends only when the choice
    is set: after a returned entry's correction was saved the picker read "returned" until
    a reload, and a page left in the middle of a run could come back choosing the entry
    while the browser's picker read "A new treatment". Setting it each run sends both."""
    editable = {e.id: e for e in mine if e.status != "accepted"}
    kept = st.session_state.get(_KEPT)
    _no_longer_correctable(mine, kept)
    st.session_state[_CHOICE] = st.session_state[_KEPT] = kept if kept in editable else None

    def named(entry_id: int | None) -> str:
        if entry_id is None:
            return "A new treatment"
        return entry_label(editable[entry_id]) if entry_id in editable else str(entry_id)

    chosen = st.selectbox(
        "Record or correct",
        [None, *editable],
        format_func=named,
        key=_CHOICE,
        on_change=_keep_choice,
    )
    return None if chosen is None else editable[chosen]


def correcting(entry: Entry) -> tuple[FreshForm, str]:
    """The draft of ``entry``'s correction and the key of its widgets. A draft typed over
    an older version of the entry is dropped, saying so, and the form starts from the
    entry as stored now: saving it would overwrite, unseen, what a supervisor or another
    tab did since (a Save pressed in this run is not taken either)."""
    draft = correction_draft(entry.id)
    typed = draft.typed
    if draft.outdated(_version(entry)):
        why = (
            f"Entry {entry.id} changed since you started correcting it (returned again by a "
            "supervisor, or corrected in another tab or window)."
        )
        if typed:
            st.warning(
                f"{why} {NOT_KEPT} Nothing was saved over it: the form shows the entry as it "
                "is stored now, so make your corrections again."
            )
        else:
            st.info(f"{why} The form shows the entry as it is stored now.")
    return draft, f"{entry.id}v{draft.suffix}" if draft.suffix else str(entry.id)


def _index(options: list[T], value: T | None) -> int | None:
    return options.index(value) if value in options else None


def entry_form(
    lists: LogbookLists,
    regions: dict[str, str],
    not_treated: dict[str, str],
    key: str,
    lessons: LessonLinks,
    existing: Entry | None = None,
    draft: FreshForm | None = None,
) -> EntryInput | None:
    """The filled-in entry when the trainee presses Save, else None. The form starts from
    its ``draft`` (the form's FreshForm): what was typed before the page was left, kept as
    it is typed, since Streamlit forgets the widgets of a page that was left; what the
    draft does not hold starts from the ``existing`` entry being corrected, or empty for a
    new one. An area never needled is offered only when an entry stored before that rule
    holds it, so the check says why it cannot stay rather than the form dropping it unseen."""
    today = clinic_today(clock.now(), time_zone.name())
    start = existing.as_input() if existing else EntryInput(today, "", None)
    offered = {
        region_id: name
        for region_id, name in regions.items()
        if region_id not in not_treated or region_id in start.areas
    }
    outcomes = {o.id: o.name for o in lists.screening_outcomes}
    scars = {s.id: s.name for s in lists.scar_types}
    grades = {g.id: g.name for g in lists.grades}
    products = {p.id: p.name for p in lists.products_allowed}
    forbidden = ", ".join(f.name for f in lists.products_forbidden)

    def kept(name: str, value: T) -> T:
        """The value the widget ``name`` starts from: the draft's, else ``value``."""
        return value if draft is None else draft.kept(f"lb_{name}_{key}", value)

    def keyed(name: str) -> dict[str, Any]:
        """The widget's key and, with a draft, the callback keeping what is typed."""
        widget = f"lb_{name}_{key}"
        if draft is None:
            return {"key": widget}
        return {"key": widget, "on_change": draft.keep, "args": (widget,)}

    with st.container(border=True, key=f"lb_form_{key}"):
        st.caption(NO_DATA_NOTICE)
        treated_on = st.date_input(
            "Date of treatment",
            kept("date", start.treated_on),
            help=f"The clinic's date today is {today:%d %b %Y}; a later day is refused.",
            **keyed("date"),
        )
        client_ref = st.text_input(
            "Client reference (pseudonymous code)",
            kept("client", start.client_ref),
            max_chars=CLIENT_REF_MAX,
            **keyed("client"),
        )
        fitzpatrick = st.selectbox(
            "Fitzpatrick skin type",
            list(ROMAN),
            index=_index(list(ROMAN), kept("fitz", start.fitzpatrick)),
            format_func=ROMAN.__getitem__,
            placeholder="Choose the client's skin type",
            **keyed("fitz"),
        )
        scar_types = st.multiselect(
            "Scar types",
            list(scars),
            default=kept("scars", start.scar_types),
            format_func=scars.__getitem__,
            **keyed("scars"),
        )
        grade = st.selectbox(
            "Goodman and Baron grade",
            list(grades),
            index=_index(list(grades), kept("grade", start.grade)),
            format_func=grades.__getitem__,
            **keyed("grade"),
        )
        outcome = st.selectbox(
            "Screening decision (the course's decision table)",
            list(outcomes),
            index=_index(list(outcomes), kept("outcome", start.screening_outcome)),
            format_func=outcomes.__getitem__,
            **keyed("outcome"),
        )
        consent = st.checkbox(
            "Consent recorded", kept("consent", start.consent), **keyed("consent")
        )
        consent_version = st.text_input(
            "Consent form version",
            kept("consentv", start.consent_form_version),
            **keyed("consentv"),
        )
        device = st.text_input("Device", kept("device", start.device), **keyed("device"))
        lot = st.text_input("Cartridge lot", kept("lot", start.cartridge_lot), **keyed("lot"))
        expiry = st.date_input(
            "Cartridge expiry", kept("expiry", start.cartridge_expiry), **keyed("expiry")
        )
        st.markdown("**Areas treated: needle depth in mm (leave 0 where not treated)**")
        for region_id, reason in not_treated.items():
            if region_id in regions and region_id not in offered:
                st.caption(
                    f"Not offered: {regions[region_id]}. "
                    f"The course does not treat this area, {reason}."
                )
        areas = {}
        for region_id, name in offered.items():
            area = f"area_{region_id}"
            areas[region_id] = st.number_input(
                f"{name} (mm)",
                value=kept(area, float(start.areas.get(region_id, 0.0))),
                step=0.25,
                format="%.2f",
                **keyed(area),
            )
        passes = st.number_input(
            "Passes", value=kept("passes", int(start.passes)), step=1, **keyed("passes")
        )
        endpoint = st.text_input(
            "Endpoint seen", kept("endpoint", start.endpoint_seen), **keyed("endpoint")
        )
        chosen_products = st.multiselect(
            "Products applied",
            list(products),
            default=kept("products", start.products),
            format_func=products.__getitem__,
            help=f"Only what the course allows on open channels. Never: {forbidden}.",
            **keyed("products"),
        )
        other = st.text_input(
            "Any other product (flagged for your supervisor to review)",
            kept("other", start.other_products),
            **keyed("other"),
        )
        reaction = st.text_area(
            "Immediate reaction", kept("reaction", start.immediate_reaction), **keyed("reaction")
        )
        aftercare = st.text_area(
            "Aftercare given", kept("aftercare", start.aftercare_given), **keyed("aftercare")
        )
        follow_48 = st.text_area(
            "Follow-up at 48 h", kept("follow48", start.follow_up_48h), **keyed("follow48")
        )
        follow_next = st.text_area(
            "Follow-up at the next visit",
            kept("follownext", start.follow_up_next_visit),
            **keyed("follownext"),
        )
        names = {e.id: e.name for e in lists.adverse_events}
        events = st.multiselect(
            "Adverse events during or after this treatment (if any)",
            list(names),
            default=kept("events", start.adverse_events),
            format_func=names.__getitem__,
            help="Choosing one shows the course's escalation steps at once.",
            **keyed("events"),
        )
        for event in lists.adverse_events:
            if event.id in events:
                st.error(
                    f"**{event.name}: what to do now.** {event.steps}", icon=":material/emergency:"
                )
                lessons.show(event.lesson)
        event_note = st.text_area(
            "Adverse event: what happened and what you did",
            kept("eventnote", start.adverse_event_note),
            **keyed("eventnote"),
        )
        if not st.button("Save entry", type="primary", width="stretch", key=f"lb_save_{key}"):
            return None
    return EntryInput(
        treated_on=treated_on,
        client_ref=client_ref,
        fitzpatrick=fitzpatrick,
        scar_types=scar_types,
        grade=grade or "",
        screening_outcome=outcome or "",
        consent=consent,
        consent_form_version=consent_version,
        device=device,
        cartridge_lot=lot,
        cartridge_expiry=expiry,
        areas={k: float(v) for k, v in areas.items() if v},
        passes=int(passes),
        endpoint_seen=endpoint,
        products=chosen_products,
        other_products=other,
        immediate_reaction=reaction,
        aftercare_given=aftercare,
        follow_up_48h=follow_48,
        follow_up_next_visit=follow_next,
        adverse_events=events,
        adverse_event_note=event_note,
    )


def show_entry(
    entry: Entry,
    lists: LogbookLists,
    regions: dict[str, str],
    not_treated: dict[str, str],
    settings: ClinicSettings,
) -> None:
    """An entry as a list a supervisor (or the trainee) reads on any screen, with the flags
    stored when it was saved and those the rules give it now."""
    from ..logbook.exports import rows

    record = rows([entry], lists, regions, time_zone.name()).to_dict("records")[0]
    lines = [
        f"- **{name.capitalize()}:** {plain(str(value))}"
        for name, value in record.items()
        if value not in ("", None) and name not in {"entry", "trainee", "flags"}
    ]
    st.markdown("\n".join(lines))
    for flag in review_flags(entry.details.get("areas", {}), regions, not_treated, settings):
        st.error(plain(flag), icon=":material/block:")
    for flag in entry.flags:
        st.warning(plain(flag), icon=":material/flag:")

"""The logbook entry form, shared by new entries and corrections.

Plain stacked widgets in one bordered block, so it reads the same at 390 px as on a
desktop, in the order a treatment is recorded, adverse events last. It is not an
``st.form``: choosing an adverse event must show the course's escalation steps at once,
and a widget inside a form cannot rerun the page until it is submitted. The
number and date fields carry no widget limits: a browser silently keeps the old value of
an out-of-range field, so a depth above the limit or a day after the clinic's today
reaches the check and is refused there, with a message saying why. An area the course
never needles (the eyelids inside the orbital rim) is not offered at all. A new entry
keeps what is typed in a draft that outlives the page (the escalation steps link to a
lesson; a trainee may check it and come back); a lesson still locked for the trainee is
named with why, never a link to a page that only says it is locked.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
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
# The choice and its label as last drawn (see ``chosen_entry``).
_SHOWN = "_nw_lb_choice_shown"


def chosen_entry(mine: list[Entry]) -> Entry | None:
    """The entry the trainee chose to correct (any not countersigned), or None for a new
    treatment. The browser shows the label it was sent with a choice, and Streamlit sends
    it again only when the choice changes: after a returned entry's correction was saved
    the picker read "returned" until a reload. So a choice whose label changed since it was
    drawn (its status) is set again, which sends its new label."""
    editable = {e.id: e for e in mine if e.status != "accepted"}

    def named(entry_id: int | None) -> str:
        if entry_id is None:
            return "A new treatment"
        return entry_label(editable[entry_id]) if entry_id in editable else str(entry_id)

    current = st.session_state.get(_CHOICE)
    shown = st.session_state.get(_SHOWN)
    if current in editable and shown and shown[0] == current and shown[1] != named(current):
        st.session_state[_CHOICE] = current
    chosen = st.selectbox("Record or correct", [None, *editable], format_func=named, key=_CHOICE)
    st.session_state[_SHOWN] = (chosen, named(chosen))
    return None if chosen is None else editable[chosen]


def _stored(entry: Entry) -> EntryInput:
    """A stored entry as the values its correction starts from."""
    details = entry.details
    expiry = details.get("cartridge_expiry")
    return EntryInput(
        **{
            **{f.name: details[f.name] for f in fields(EntryInput) if f.name in details},
            "treated_on": entry.treated_on.date(),
            "client_ref": entry.client_ref,
            "fitzpatrick": entry.fitzpatrick,
            "cartridge_expiry": date.fromisoformat(expiry) if expiry else None,
        }
    )


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
    """The filled-in entry when the trainee presses Save, else None. A correction starts
    from the ``existing`` entry; a new one from its ``draft`` (the form's FreshForm): what
    was typed before the page was left, kept as it is typed, since Streamlit forgets the
    widgets of a page that was left. An area never needled is offered only when an entry
    stored before that rule holds it, so the check says why it cannot stay rather than the
    form dropping it unseen."""
    today = clinic_today(clock.now(), time_zone.name())
    start = _stored(existing) if existing else EntryInput(today, "", None)
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
        """The widget's key and, for a new entry, the callback keeping what is typed."""
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

"""The logbook entry form, shared by new entries and corrections.

Plain stacked widgets in one bordered block, so it reads the same at 390 px as on a
desktop, in the order a treatment is recorded, adverse events last. It is not an
``st.form``: choosing an adverse event must show the course's escalation steps at once,
and a widget inside a form cannot rerun the page until it is submitted. The
number and date fields carry no widget limits: a browser silently keeps the old value of
an out-of-range field, so a depth above the limit or a day after the clinic's today
reaches the check and is refused there, with a message saying why. An area the course
never needles (the eyelids inside the orbital rim) is not offered at all.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from .. import access, clock
from ..content import Content
from ..logbook.entries import Entry
from ..logbook.exports import ROMAN
from ..logbook.lists import LogbookLists
from ..logbook.validation import CLIENT_REF_MAX, EntryInput, clinic_today, review_flags
from ..settings import ClinicSettings
from . import actions, time_zone
from .plain import plain

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


def adverse_events(lists: LogbookLists, key: str, current: list[str]) -> list[str]:
    """The adverse events, with the course's escalation steps for each chosen one at once."""
    names = {e.id: e.name for e in lists.adverse_events}
    chosen = st.multiselect(
        "Adverse events during or after this treatment (if any)",
        list(names),
        default=current,
        format_func=names.__getitem__,
        key=f"lb_events_{key}",
        help="Choosing one shows the course's escalation steps at once.",
    )
    for event in lists.adverse_events:
        if event.id in chosen:
            st.error(
                f"**{event.name}: what to do now.** {event.steps}", icon=":material/emergency:"
            )
            st.page_link(
                access.page_path("lesson"),
                label="Complications and emergencies (lesson)",
                query_params={"id": event.lesson},
                icon=":material/article:",
            )
    return chosen


def entry_form(
    lists: LogbookLists,
    regions: dict[str, str],
    not_treated: dict[str, str],
    key: str,
    existing: Entry | None = None,
) -> EntryInput | None:
    """The filled-in entry when the trainee presses Save, else None. An area never
    needled is offered only when an entry stored before that rule holds it, so the check
    says why it cannot stay rather than the form dropping it unseen."""
    d = existing.details if existing else {}
    offered = {
        region_id: name
        for region_id, name in regions.items()
        if region_id not in not_treated or region_id in d.get("areas", {})
    }
    outcomes = {o.id: o.name for o in lists.screening_outcomes}
    scars = {s.id: s.name for s in lists.scar_types}
    grades = {g.id: g.name for g in lists.grades}
    products = {p.id: p.name for p in lists.products_allowed}
    forbidden = ", ".join(f.name for f in lists.products_forbidden)
    today = clinic_today(clock.now(), time_zone.name())
    with st.container(border=True, key=f"lb_form_{key}"):
        st.caption(NO_DATA_NOTICE)
        treated_on = st.date_input(
            "Date of treatment",
            existing.treated_on.date() if existing else today,
            key=f"lb_date_{key}",
            help=f"The clinic's date today is {today:%d %b %Y}; a later day is refused.",
        )
        client_ref = st.text_input(
            "Client reference (pseudonymous code)",
            existing.client_ref if existing else "",
            max_chars=CLIENT_REF_MAX,
            key=f"lb_client_{key}",
        )
        fitzpatrick = st.selectbox(
            "Fitzpatrick skin type",
            list(ROMAN),
            index=(existing.fitzpatrick - 1) if existing else None,
            format_func=ROMAN.__getitem__,
            placeholder="Choose the client's skin type",
            key=f"lb_fitz_{key}",
        )
        scar_types = st.multiselect(
            "Scar types",
            list(scars),
            default=d.get("scar_types", []),
            format_func=scars.__getitem__,
            key=f"lb_scars_{key}",
        )
        grade = st.selectbox(
            "Goodman and Baron grade",
            list(grades),
            index=list(grades).index(d["grade"]) if d.get("grade") in grades else None,
            format_func=grades.__getitem__,
            key=f"lb_grade_{key}",
        )
        outcome = st.selectbox(
            "Screening decision (the course's decision table)",
            list(outcomes),
            index=list(outcomes).index(d["screening_outcome"])
            if d.get("screening_outcome") in outcomes
            else None,
            format_func=outcomes.__getitem__,
            key=f"lb_outcome_{key}",
        )
        consent = st.checkbox("Consent recorded", d.get("consent", False), key=f"lb_consent_{key}")
        consent_version = st.text_input(
            "Consent form version", d.get("consent_form_version", ""), key=f"lb_consentv_{key}"
        )
        device = st.text_input("Device", d.get("device", ""), key=f"lb_device_{key}")
        lot = st.text_input("Cartridge lot", d.get("cartridge_lot", ""), key=f"lb_lot_{key}")
        expiry = st.date_input(
            "Cartridge expiry",
            date.fromisoformat(d["cartridge_expiry"]) if d.get("cartridge_expiry") else None,
            key=f"lb_expiry_{key}",
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
            areas[region_id] = st.number_input(
                f"{name} (mm)",
                value=float(d.get("areas", {}).get(region_id, 0.0)),
                step=0.25,
                format="%.2f",
                key=f"lb_area_{region_id}_{key}",
            )
        passes = st.number_input(
            "Passes", value=int(d.get("passes", 0)), step=1, key=f"lb_passes_{key}"
        )
        endpoint = st.text_input(
            "Endpoint seen", d.get("endpoint_seen", ""), key=f"lb_endpoint_{key}"
        )
        chosen_products = st.multiselect(
            "Products applied",
            list(products),
            default=d.get("products", []),
            format_func=products.__getitem__,
            key=f"lb_products_{key}",
            help=f"Only what the course allows on open channels. Never: {forbidden}.",
        )
        other = st.text_input(
            "Any other product (flagged for your supervisor to review)",
            d.get("other_products", ""),
            key=f"lb_other_{key}",
        )
        reaction = st.text_area(
            "Immediate reaction", d.get("immediate_reaction", ""), key=f"lb_reaction_{key}"
        )
        aftercare = st.text_area(
            "Aftercare given", d.get("aftercare_given", ""), key=f"lb_aftercare_{key}"
        )
        follow_48 = st.text_area(
            "Follow-up at 48 h", d.get("follow_up_48h", ""), key=f"lb_follow48_{key}"
        )
        follow_next = st.text_area(
            "Follow-up at the next visit",
            d.get("follow_up_next_visit", ""),
            key=f"lb_follownext_{key}",
        )
        events = adverse_events(lists, key, d.get("adverse_events", []))
        event_note = st.text_area(
            "Adverse event: what happened and what you did",
            d.get("adverse_event_note", ""),
            key=f"lb_eventnote_{key}",
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

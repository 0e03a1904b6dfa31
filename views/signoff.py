import streamlit as st

from needlewise import accounts, clock, cohorts, display, free_text
from needlewise.certification import issuing, records, signoffs
from needlewise.ui import actions, context, no_trainees, stacked_table, time_zone
from needlewise.ui.choice import pick
from needlewise.ui.plain import plain

# Set when a sign-off is recorded: the next run empties the form. Popping the widgets' state
# would not do: the browser keeps showing, and sends back, what it last had.
SIGNOFF_SENT = "signoff_sent"
# The trainee the forms were filled in for: what was typed for one is never sent for another.
FILLED_FOR = "_nw_signoff_filled_for"


def clear_form(_: object) -> None:
    st.session_state[SIGNOFF_SENT] = True


ctx = context.current()
instructor = context.user()
course = ctx.content.course
st.title("Sign off practical competencies")
actions.show_flash(page="signoff")
groups = cohorts.all_cohorts(ctx.engine)
choice = st.selectbox(
    "Group",
    [None, *groups],
    key="signoff_cohort",
    bind="query-params",
    format_func=lambda c: "All trainees" if c is None else c.name,
)
ids = set(cohorts.trainee_ids(ctx.engine, None if choice is None else choice.id))
people = {u.id: u for u in accounts.with_role(ctx.engine, "trainee") if u.id in ids}
if not people:
    no_trainees.stop(choice, instructor)
trainee = pick(
    "Trainee",
    people,
    lambda u: f"{u.name} ({u.username})",
    key="signoff_trainee",
    bind="query-params",
)
if st.session_state.get(FILLED_FOR) != trainee.id:
    st.session_state[FILLED_FOR] = trainee.id
    st.session_state[SIGNOFF_SENT] = True
    st.session_state["revoke_reason"] = ""
signed = signoffs.active(ctx.engine, trainee.id)
rows = []
for competency in course.competencies:
    done = signed.get(competency.id)
    rows.append(
        {
            "Competency": competency.title,
            "Signed off": "yes" if done else "no",
            "By": done.signer_name if done else "",
            # A calendar date as the instructor entered it, so no time-zone shift.
            "Observed": display.day(done.observed_on, "UTC") if done else "",
            "Note": done.note if done else "",
        }
    )
stacked_table.table(rows, key="signoff_table")

open_items = [c for c in course.competencies if c.id not in signed]
if open_items:
    st.header("Sign off")
    # Kept after a refusal (a note too short, a date out of range) so nothing typed is lost;
    # emptied once the sign-off is recorded or another trainee is chosen.
    zone = time_zone.name()
    _, today = signoffs.observation_days(trainee, zone, clock.now())
    if st.session_state.pop(SIGNOFF_SENT, False) or "signoff_date" not in st.session_state:
        st.session_state["signoff_competency"] = open_items[0]
        st.session_state["signoff_date"] = today
        st.session_state["signoff_note"] = ""
    competency = st.selectbox(
        "Competency", open_items, key="signoff_competency", format_func=lambda c: c.title
    )
    st.markdown(
        "**The supervisor must observe:**\n" + "\n".join(f"- {item}" for item in competency.observe)
    )
    with st.form("signoff_form"):
        observed = st.date_input("Observed on", key="signoff_date", max_value=today)
        note = st.text_area(
            "What you observed", key="signoff_note", max_chars=signoffs.NOTE_MAX_CHARS
        )
        if st.form_submit_button("Sign off", type="primary"):
            actions.act(
                signoffs.sign_off,
                ctx.engine,
                course,
                trainee,
                competency.id,
                observed,
                note,
                instructor,
                zone_name=zone,
                success=f"'{competency.title}' signed off for {plain(trainee.name)}.",
                page="signoff",
                then=clear_form,
            )
held = records.held(ctx.engine, trainee.id)
if held is not None and records.standing(ctx.engine, held).under_review:
    st.warning(
        f"{plain(trainee.name)}'s certificate (issued {records.long_day(held.issued_on)}) "
        "rests on a sign-off revoked since it was issued. It stays valid, shown as under "
        "review on the verification page, until an administrator revokes it with a reason "
        "on the Certificates page.",
        icon=":material/rule:",
    )
    if instructor.has("admin"):
        st.page_link(
            "views/certificates_admin.py", label="Certificates", icon=":material/workspace_premium:"
        )
if signed:
    st.header("Revoke a sign-off")
    titles = {c.id: c.title for c in course.competencies}
    current = pick(
        "Sign-off",
        signed,
        lambda s: titles.get(s.competency_id, s.competency_id),
        key="revoke_signoff",
    )
    resting = records.resting_on(ctx.engine, current)
    if resting:
        st.info(issuing.under_review_note(resting, plain(trainee.name)), icon=":material/info:")
    reason = st.text_input("Reason (required)", key="revoke_reason", max_chars=free_text.MAX_CHARS)
    if st.button("Revoke", key="revoke_button"):
        actions.act(
            issuing.revoke_signoff,
            ctx.engine,
            current,
            reason,
            instructor,
            success=lambda resting: " ".join(
                [
                    f"Sign-off revoked: '{titles.get(current.competency_id)}' for "
                    f"{plain(trainee.name)}. It stays in the history and the audit log.",
                    issuing.under_review_note(resting, plain(trainee.name)),
                ]
            ).strip(),
            page="signoff",
        )

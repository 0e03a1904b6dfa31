import pandas as pd
import streamlit as st

from needlewise import accounts, cohorts, display, group_changes
from needlewise.ui import actions, context, time_zone
from needlewise.ui.choice import pick
from needlewise.ui.confirm import Confirmation
from needlewise.ui.fresh_form import FreshForm
from needlewise.ui.plain import plain

# The group to show in "Manage" after a create, rename or delete, set before the rerun: the
# selectbox holds the group it showed, a new group is not yet among its options, and a
# renamed or deleted one is no longer.
SHOW = "_nw_cohort_show"
# Deleting a group cannot be undone: the first click only asks, about the group's id.
deleting = Confirmation[int]("cohort_delete")
# The new-group form starts empty after a success and keeps the name after a refusal.
naming = FreshForm("cohort_new")


def show(group: cohorts.Cohort) -> None:
    st.session_state[SHOW] = group.id


def created(group: cohorts.Cohort) -> None:
    """A new group is the one Manage shows next, so members are added to it."""
    naming.emptied()
    show(group)


ctx = context.current()
user = context.user()
st.title("Groups")
st.caption(
    "Groups of trainees (an intake, a class) and the instructors who teach them. The "
    "Gradebook and Sign-off pages can show one group at a time."
)
actions.show_flash(page="cohorts")

with st.form("new_cohort"):
    name = st.text_input(
        "New group", placeholder="March 2027 intake", key=f"cohort_name{naming.suffix}"
    )
    if st.form_submit_button("Create group"):
        actions.act(
            cohorts.create,
            ctx.engine,
            name,
            actor=user,
            success=lambda made: f"Group '{plain(made.name)}' created.",
            then=created,
            page="cohorts",
        )

listed = cohorts.all_cohorts(ctx.engine)
if not listed:
    st.info("No groups yet. Create the first one with the form above.")
    st.stop()
st.dataframe(
    pd.DataFrame(
        [
            {
                "group": c.name,
                "trainees": c.trainees,
                "instructors": c.instructors,
                "created": display.day(c.created_at, time_zone.name()),
            }
            for c in listed
        ]
    ),
    hide_index=True,
    width="stretch",
)
by_group = {c.id: c for c in listed}
if SHOW in st.session_state:
    wanted = st.session_state.pop(SHOW)
    st.session_state["cohort_manage"] = wanted if wanted in by_group else listed[0].id
# A group kept from the run before would hold its members as they were.
chosen = pick("Manage", by_group, lambda c: c.name, key="cohort_manage")
people = accounts.all_users(ctx.engine)
by_id = {p.id: p for p in people}
for role, eligible in (("trainee", {"trainee"}), ("instructor", {"instructor", "admin"})):
    st.header(f"{role.title()}s")
    current = [by_id[i] for i in cohorts.members(ctx.engine, chosen.id, role) if i in by_id]
    st.markdown(plain(", ".join(f"{p.name} ({p.username})" for p in current)) or f"No {role}s yet.")
    candidates = [p.username for p in people if eligible & set(p.roles) and p not in current]
    columns = st.columns(2)
    with columns[0]:
        adding = st.multiselect(f"Add {role}s", candidates, key=f"add_{role}_{chosen.id}")
        if st.button(f"Add to {plain(chosen.name)}", key=f"add_{role}_button", disabled=not adding):
            actions.act(
                cohorts.add_members,
                ctx.engine,
                chosen.id,
                adding,
                role,
                actor=user,
                success=f"Added {display.plural(len(adding), role)} to {plain(chosen.name)}.",
                page="cohorts",
            )
    with columns[1]:
        removing = st.multiselect(
            f"Remove {role}s", [p.username for p in current], key=f"remove_{role}_{chosen.id}"
        )
        if st.button("Remove", key=f"remove_{role}_button", disabled=not removing):
            actions.act(
                cohorts.remove_members,
                ctx.engine,
                chosen.id,
                removing,
                role,
                actor=user,
                success=f"Removed {display.plural(len(removing), role)} from {plain(chosen.name)}.",
                page="cohorts",
            )

st.header("Rename or delete")
with st.form(f"rename_cohort_{chosen.id}"):
    new_name = st.text_input("Name", chosen.name, key=f"cohort_rename_{chosen.id}")
    if st.form_submit_button("Rename group"):
        actions.act(
            cohorts.rename,
            ctx.engine,
            chosen.id,
            new_name,
            actor=user,
            success=lambda renamed: group_changes.renamed(chosen, renamed, plain),
            then=show,
            page="cohorts",
        )


def on_screen(cohort_id: int) -> bool:
    return cohort_id == chosen.id


if deleting.confirmed(on_screen) is not None:
    actions.act(
        cohorts.delete_cohort,
        ctx.engine,
        chosen.id,
        actor=user,
        success=lambda gone: group_changes.deleted(gone, plain),
        then=show,
        page="cohorts",
    )
if deleting.asked(on_screen) is not None:
    deleting.show(chosen.id, *group_changes.delete_question(chosen, plain))
else:
    deleting.ask_button("Delete this group", chosen.id, key="cohort_delete")

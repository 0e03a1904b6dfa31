from functools import partial

import pandas as pd
import streamlit as st

from needlewise import accounts, clock, display, invitations, passwords, sign_ins
from needlewise.account_changes import Asked, cannot_disable, question, still_applies
from needlewise.ui import actions, context, time_zone
from needlewise.ui.confirm import Confirmation
from needlewise.ui.fresh_form import FreshForm
from needlewise.ui.plain import plain

# Every result message is for this page only, shown once: the next action's result (or
# refusal) replaces it, and a one-time password never turns up again.
FLASH = "people"
# Disabling an account or resetting its password cuts off someone who may be working:
# the first click only asks.
confirming = Confirmation[Asked]("people")
# Both forms start empty after a success and keep everything typed after a refusal.
adding = FreshForm("people_add")
inviting = FreshForm("people_invite")

ctx = context.current()
admin = context.user()
st.title("People")
# The message has a place of its own, there with or without a message, so the tabs below
# keep their place and the open tab stays open: a refusal is shown in it, not hidden.
with st.container():
    actions.show_flash(page=FLASH)

people, add, change, invites = st.tabs(
    ["Accounts", "Add an account", "Change an account", "Invitations"]
)
now = clock.now()
everyone = accounts.all_users(ctx.engine)
# Locked by the account's own failed sign-ins or by those of a client they were tried from.
held = sign_ins.held_back(ctx.engine, [u.username for u in everyone], now)
zone = time_zone.name()


when = partial(display.moment, zone_name=zone)


with people:
    table = pd.DataFrame(
        [
            {
                "username": u.username,
                "name": u.name,
                "email": u.email,
                "roles": ", ".join(u.roles),
                "status": sign_ins.account_status(u, held, when),
                "must change password": u.must_change_password,
                "last sign-in": display.moment(u.last_sign_in_at, zone),
            }
            for u in everyone
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")

with add:
    st.write("The new person signs in with a temporary password and must choose their own.")
    n = adding.suffix
    with st.form("add_account"):
        username = st.text_input("Username", key=f"add_username{n}", autocomplete="off")
        name = st.text_input("Full name", key=f"add_name{n}", autocomplete="off")
        email = st.text_input("Email", key=f"add_email{n}", autocomplete="off")
        roles = st.multiselect(
            "Roles", accounts.role_names(), default=["trainee"], key=f"add_roles{n}"
        )
        if st.form_submit_button("Create account", type="primary"):
            temporary = passwords.temporary_password()
            actions.act(
                accounts.create_user,
                ctx.engine,
                username,
                name,
                email,
                temporary,
                roles,
                actor=admin,
                page=FLASH,
                success=lambda made: (
                    f"Account '{made.username}' created. Give them this temporary password "
                    f"privately; it is shown only now: `{temporary}`"
                ),
                then=adding.emptied,
            )

with change:
    chosen = st.selectbox("Account", [u.username for u in everyone], key="change_user")
    target = next((u for u in everyone if u.username == chosen), None)
    if target is not None:
        st.caption(plain(f"{target.name} · {target.email}"))
        with st.form("people_roles"):
            new_roles = st.multiselect(
                "Roles",
                accounts.role_names(),
                default=list(target.roles),
                key=f"roles_{target.username}",
            )
            if st.form_submit_button("Save roles"):
                actions.act(
                    accounts.set_roles,
                    ctx.engine,
                    target.username,
                    new_roles,
                    actor=admin,
                    page=FLASH,
                    success=f"Roles of '{target.username}' saved.",
                )
        applies = partial(still_applies, shown=target)
        confirmed = confirming.confirmed(applies)
        if confirmed == ("disable", target.username):
            actions.act(
                accounts.set_disabled,
                ctx.engine,
                target.username,
                True,
                actor=admin,
                page=FLASH,
                success=f"'{target.username}' disabled; their history is kept.",
            )
        elif confirmed == ("reset", target.username):
            name = target.username
            actions.act(
                accounts.reset_password,
                ctx.engine,
                target.username,
                actor=admin,
                page=FLASH,
                success=lambda temporary: (
                    f"New temporary password for '{name}', shown only now: "
                    f"`{temporary}`. They must change it when they sign in."
                ),
            )
        asked = confirming.asked(applies)
        if asked is not None:
            confirming.show(asked, *question(asked))
        else:
            columns = st.columns(3)
            if target.disabled:
                if columns[0].button("Enable account", key="people_enable"):
                    actions.act(
                        accounts.set_disabled,
                        ctx.engine,
                        target.username,
                        False,
                        actor=admin,
                        page=FLASH,
                        success=f"'{target.username}' enabled.",
                    )
            elif (refusal := cannot_disable(target, admin)) is not None:
                columns[0].caption(refusal)
            else:
                with columns[0]:
                    confirming.ask_button(
                        "Disable account", ("disable", target.username), key="people_disable"
                    )
            with columns[1]:
                confirming.ask_button(
                    "Reset password", ("reset", target.username), key="people_reset"
                )
            if target.username in held:
                if columns[2].button("Unlock", key="people_unlock"):
                    actions.act(
                        sign_ins.unlock,
                        ctx.engine,
                        target.username,
                        actor=admin,
                        page=FLASH,
                        success=f"'{target.username}' unlocked.",
                    )
                columns[2].caption(plain(f"Locked: {held[target.username].summary(when)}."))

with invites:
    st.write(
        "An invitation is a code that lets someone create their own account with the role "
        "you choose. Pass it on privately: whoever has the code can use it. Name an email "
        "address to make the code work only with that address."
    )
    registering = ctx.settings.self_registration
    if not registering:
        st.warning(invitations.CLOSED_FOR_ADMIN)
    n = inviting.suffix
    with st.form("people_invite"):
        email = st.text_input(
            "Email (optional: only this address may use the code)",
            key=f"invite_email{n}",
            autocomplete="off",
        )
        role = st.selectbox("Role", accounts.role_names(), key=f"invite_role{n}")
        # No widget limits: the browser silently keeps the old value of an out-of-range
        # number, so the form did nothing and said nothing; the check says why instead.
        days = st.number_input(
            "Valid for (days)",
            value=14,
            step=1,
            key=f"invite_days{n}",
            help=f"{invitations.MIN_DAYS} to {invitations.MAX_DAYS} days.",
        )
        if st.form_submit_button("Create invitation"):
            actions.act(
                invitations.create_invitation,
                ctx.engine,
                role=role,
                days=float(days),
                email=email,
                actor=admin,
                page=FLASH,
                success=lambda made: invitations.created_message(role, made[1], registering),
                then=inviting.emptied,
            )
    listed = invitations.list_invitations(ctx.engine)
    if listed:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "id": i.id,
                        "email": i.email,
                        "role": i.role,
                        "expires": display.moment(i.expires_at, time_zone.name()),
                        "status": i.status(now),
                    }
                    for i in listed
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        open_ids = [i.id for i in listed if i.status(now) == "open"]
        if open_ids:
            revoke = st.selectbox("Withdraw an open invitation", open_ids, key="revoke_id")
            if st.button("Withdraw", key="people_revoke"):
                actions.act(
                    invitations.revoke_invitation,
                    ctx.engine,
                    revoke,
                    actor=admin,
                    page=FLASH,
                    success="Invitation withdrawn.",
                )

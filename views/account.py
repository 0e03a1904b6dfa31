import streamlit as st

from needlewise import accounts, passwords
from needlewise.ui import actions, auth, context
from needlewise.ui.fresh_form import FreshForm

# Every result message is for this page only, shown once: the next action's result (or
# refusal) replaces it, and it never turns up on another page.
FLASH = "account"

ctx = context.current()
user = context.user()
st.title("My account")
# The message has a place of its own, there with or without a message, so what follows
# keeps its place.
with st.container():
    actions.show_flash(page=FLASH)
st.write(f"Username: `{user.username}` · roles: {', '.join(user.roles)}")
with st.form("profile_form"):
    name = st.text_input("Full name", value=user.name, key="profile_name", autocomplete="name")
    email = st.text_input("Email", value=user.email, key="profile_email", autocomplete="email")
    if st.form_submit_button("Save"):
        actions.act(
            accounts.update_profile,
            ctx.engine,
            user.username,
            name,
            email,
            actor=user,
            page=FLASH,
            success="Your details were saved.",
        )
st.caption(f"Password rules: {passwords.RULES}")
# After a change the form starts empty: the passwords typed must not stay on screen.
change = FreshForm("change_password")
if auth.change_password_form(user, key=f"change_password{change.suffix}"):
    change.emptied()
    auth.flash("Password changed.", page=FLASH)
    st.rerun()

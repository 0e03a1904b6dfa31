import streamlit as st

from needlewise import accounts, passwords
from needlewise.ui import actions, auth, context

ctx = context.current()
user = context.user()
st.title("My account")
actions.show_flash()
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
            success="Your details were saved.",
        )
st.caption(f"Password rules: {passwords.RULES}")
if auth.change_password_form(user, key="change_password"):
    auth.flash("Password changed.")
    st.rerun()

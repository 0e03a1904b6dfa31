import streamlit as st

from needlewise import accounts, passwords
from needlewise.ui import actions, auth, context

ctx = context.current()
user = context.user()
st.title("Choose a new password")
# A temporary password comes from the People page or the command line, when the account
# is made or its password reset: the text names no one who gave it.
st.write(
    "You signed in with a temporary password, set for you when your account was made or "
    "its password was reset. Choose your own before you continue."
)
st.info(f"**Password rules.** {passwords.RULES}", icon=":material/password:")
slots = {}
with st.form("forced_password_form"):
    new = st.text_input(
        "New password", type="password", key="forced_password_new", autocomplete="new-password"
    )
    slots["password"] = st.empty()
    repeat = st.text_input(
        "Repeat new password",
        type="password",
        key="forced_password_repeat",
        autocomplete="new-password",
    )
    slots["repeat"] = st.empty()
    submitted = st.form_submit_button("Change password", type="primary")
if submitted:
    problems = accounts.password_problems(new, repeat, user.username, user.email)
    for field, messages in problems.items():
        slots[field].error(" ".join(messages))
    if not problems:
        actions.act(
            accounts.choose_password,
            ctx.engine,
            user.username,
            new,
            success="Password changed.",
            then=auth.keep_session,
            slot=slots["password"],
        )

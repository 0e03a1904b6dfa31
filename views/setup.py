import streamlit as st

from needlewise import accounts, passwords
from needlewise.ui import auth, context

ctx = context.current()
st.title("Set up NeedleWise")
st.write(
    "There are no accounts yet. Create the administrator account: it manages people, "
    "roles and the clinic's settings. NeedleWise has no default password; this form is "
    "the only way in, and it disappears once the account exists."
)
st.info(f"**Password rules.** {passwords.RULES}", icon=":material/password:")
with st.form("setup"):
    username = st.text_input("Username", key="setup_username")
    name = st.text_input("Full name", key="setup_name")
    email = st.text_input("Email", key="setup_email")
    password = st.text_input("Password", type="password", key="setup_password")
    repeat = st.text_input("Repeat password", type="password", key="setup_repeat")
    submitted = st.form_submit_button("Create the administrator account", type="primary")
if submitted:
    if password != repeat:
        st.error("The two passwords are not the same.")
    else:
        try:
            accounts.create_first_admin(ctx.engine, username, name, email, password)
        except accounts.AccountError as exc:
            st.error(str(exc))
        else:
            auth.flash("The administrator account is ready. Sign in with it.")
            st.rerun()

import streamlit as st

from needlewise import accounts, passwords
from needlewise.ui import actions, auth, context, landing

ctx = context.current()
st.title("Set up NeedleWise")
st.write(
    "There are no accounts yet. Create the administrator account: it manages people, "
    "roles and the clinic's settings. NeedleWise has no default password; this form is "
    "the only way in, and it disappears once the account exists."
)
st.info(f"**Password rules.** {passwords.RULES}", icon=":material/password:")
# Each field has a slot right under it, so every problem is shown next to its field.
slots = {}
with st.form("setup_form"):
    username = st.text_input("Username", key="setup_username", autocomplete="username")
    slots["username"] = st.empty()
    name = st.text_input("Full name", key="setup_name", autocomplete="name")
    slots["name"] = st.empty()
    email = st.text_input("Email", key="setup_email", autocomplete="email")
    slots["email"] = st.empty()
    password = st.text_input(
        "Password", type="password", key="setup_password", autocomplete="new-password"
    )
    slots["password"] = st.empty()
    repeat = st.text_input(
        "Repeat password", type="password", key="setup_repeat", autocomplete="new-password"
    )
    slots["repeat"] = st.empty()
    submitted = st.form_submit_button("Create the administrator account", type="primary")
if submitted:
    problems = accounts.new_account_problems(username, name, email, password, repeat)
    for field, messages in problems.items():
        slots[field].error(" ".join(messages))
    if problems:
        st.error("Nothing was saved yet: correct the fields marked above.")
    else:

        def signed_in(admin: accounts.User) -> None:
            auth.start_session(admin)
            landing.request("getting_started")

        actions.act(
            accounts.create_first_admin,
            ctx.engine,
            username,
            name,
            email,
            password,
            then=signed_in,
        )

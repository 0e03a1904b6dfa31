import streamlit as st

from needlewise import accounts, invitations, passwords
from needlewise.ui import actions, context

ctx = context.current()
st.title("Create your account")
if not ctx.settings.self_registration:
    st.info(invitations.CLOSED_FOR_VISITOR, icon=":material/block:")
    st.page_link("views/sign_in.py", label="Back to sign in", icon=":material/login:")
    st.stop()
st.write(
    "You need the invitation code your clinic gave you. If the invitation names your email "
    "address, register with that address."
)
# Each field has a slot right under it, so every problem is shown next to its field.
slots = {}
with st.form("register_form"):
    code = st.text_input("Invitation code", key="register_code", placeholder="ABCD-EFGH-JKLM-NPQR")
    email = st.text_input("Email", key="register_email", autocomplete="email")
    slots["email"] = st.empty()
    username = st.text_input("Username", key="register_username", autocomplete="username")
    slots["username"] = st.empty()
    name = st.text_input("Full name", key="register_name", autocomplete="name")
    slots["name"] = st.empty()
    password = st.text_input(
        "Password",
        type="password",
        key="register_password",
        help=passwords.RULES,
        autocomplete="new-password",
    )
    slots["password"] = st.empty()
    repeat = st.text_input(
        "Repeat password", type="password", key="register_repeat", autocomplete="new-password"
    )
    slots["repeat"] = st.empty()
    submitted = st.form_submit_button("Create account", type="primary")
st.caption(f"Password rules: {passwords.RULES}")
if submitted:
    problems = accounts.new_account_problems(username, name, email, password, repeat)
    for field, messages in problems.items():
        slots[field].error(" ".join(messages))
    if not problems:
        actions.act(
            invitations.register,
            ctx.engine,
            code=code,
            username=username,
            name=name,
            email=email,
            password=password,
            success="Your account is ready. Sign in with your new username and password.",
            then=lambda _: st.switch_page("views/sign_in.py"),
        )
st.page_link("views/sign_in.py", label="Back to sign in", icon=":material/login:")

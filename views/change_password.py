import streamlit as st

from needlewise import passwords
from needlewise.ui import auth, context

user = context.user()
st.title("Choose a new password")
st.write(
    "Your password was set by an administrator. Choose your own before you continue; "
    "use the temporary password as the current password."
)
st.info(f"**Password rules.** {passwords.RULES}", icon=":material/password:")
if auth.change_password_form(user, key="forced_password_change"):
    auth.flash("Password changed.")
    st.rerun()

import streamlit as st

from needlewise.ui import actions, auth, context
from needlewise.ui.plain import plain

ctx = context.current()
st.title(plain(ctx.settings.clinic_name))
st.caption("Microneedling for acne scars: training and assessment")
actions.show_flash(info=True)
auth.sign_in_form(ctx)
if ctx.settings.self_registration:
    st.page_link(
        "views/register.py",
        label="Have an invitation? Create your account",
        icon=":material/person_add:",
    )
st.page_link("views/verify.py", label="Check a certificate", icon=":material/fact_check:")

import streamlit as st

from needlewise import access
from needlewise.getting_started import setup_steps
from needlewise.ui import context

ctx = context.current()
st.title("Getting started")
st.success("NeedleWise is set up, and you are signed in as its administrator.")
st.header("Next steps")
for step in setup_steps(ctx.engine):
    st.page_link(
        access.page_path(step.page),
        label=f"{step.label}{' (done)' if step.done else ''}",
        icon=":material/check_circle:" if step.done else ":material/radio_button_unchecked:",
    )
st.caption(
    "Your own pages are in the menu on the left. This list stays at the address "
    "/getting_started for as long as you need it."
)

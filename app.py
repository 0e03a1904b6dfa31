"""NeedleWise: the sign-in gate, then the pages the visitor's role allows."""

import streamlit as st

from needlewise.access import pages_for
from needlewise.ui import auth, context, navigation, outage

st.set_page_config(page_title="NeedleWise", page_icon=":material/school:", layout="wide")

# A database lost mid-session gets NeedleWise's own page, on every page (ui/outage.py).
with outage.guard():
    ctx = context.load()
    # The sign-in cookie is read and written by invisible browser components; keep them in
    # the sidebar so they take no room on the page.
    with st.sidebar:
        state, user = auth.resolve(ctx)
    outage.retry_unsaved(user.id if user else None)
    outage.show_saved_late()
    navigation.sidebar(ctx, user)
    verifying = "verify" in st.query_params
    specs = pages_for(
        state,
        user.roles if user else (),
        ctx.settings.self_registration,
        verifying,
        course_available=ctx.content.course_available,
    )
    navigation.build(specs).run()

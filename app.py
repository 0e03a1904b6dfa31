"""NeedleWise: the sign-in gate, then the pages the visitor's role allows."""

import streamlit as st

from needlewise.access import ALL_PAGES, pages_for
from needlewise.ui import accessible, auth, context, landing, long_lived, navigation, outage

# The tab icon is drawn from the app itself: a Material icon is fetched from Google.
st.set_page_config(page_title="NeedleWise", page_icon=str(accessible.ICON), layout="wide")

# A database lost mid-session gets NeedleWise's own page, on every page (ui/outage.py).
with outage.guard():
    ctx = context.load()
    # Before anything can rerun the script: the page a reload or a link asked for.
    landing.remember(spec.address for spec in ALL_PAGES)
    # The sign-in cookie is read and written by invisible browser components; keep them in
    # the sidebar so they take no room on the page.
    with st.sidebar:
        state, user = auth.resolve(ctx)
        accessible.enhance()
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
    current, pages = navigation.build(specs)
    accessible.page_title(current.title)
    landing.follow(state, current, pages, specs)
    landing.show_note(current)
    try:
        current.run()
    finally:
        # Streamlit's collection after each run then skips the libraries and the course.
        # After the page, not before it: a pause before the page's buttons are reached lets
        # a rerun the cookie component asks for (after a sign-in or sign-out) overtake a
        # click, which is then lost.
        long_lived.freeze_when_grown(ctx.content)

"""NeedleWise: the sign-in gate, then the pages the visitor's role allows."""

import streamlit as st

from needlewise.access import pages_for
from needlewise.ui import auth, context, navigation

st.set_page_config(page_title="NeedleWise", page_icon=":material/school:", layout="wide")

ctx = context.load()
from streamlit.runtime.scriptrunner import get_script_run_ctx as _g
_c=_g(); print("RUN", _c.pages_manager.intended_page_name, _c.pages_manager.intended_page_script_hash, dict(st.query_params), st.session_state.get("authentication_status"), flush=True)
# The sign-in cookie is read and written by invisible browser components; keep them in
# the sidebar so they take no room on the page.
with st.sidebar:
    state, user = auth.resolve(ctx)
navigation.sidebar(ctx, user)
verifying = "verify" in st.query_params
specs = pages_for(state, user.roles if user else (), ctx.settings.self_registration, verifying)
navigation.build(specs).run()

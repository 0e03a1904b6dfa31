"""What a teaching page says when the group it shows holds no trainee yet."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from .. import access
from ..accounts import User
from ..cohorts import Cohort


def stop(choice: Cohort | None, user: User) -> NoReturn:
    """Say where trainees come from, linking only to a page ``user`` may open, and stop."""
    if choice is not None:
        st.info(f"No trainees in {choice.name} yet. Add them on the Groups page.")
        st.page_link(access.page_path("cohorts"), label="Groups", icon=":material/diversity_3:")
    elif user.has("admin"):
        st.info("No trainees yet. Add accounts with the trainee role on the People page.")
        st.page_link(access.page_path("people"), label="People", icon=":material/manage_accounts:")
    else:
        st.info("No trainees yet. Ask your clinic administrator to add trainee accounts.")
    st.stop()

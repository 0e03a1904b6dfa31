from datetime import timedelta

import pandas as pd
import streamlit as st

from needlewise import audit, display
from needlewise.ui import context, time_zone

ctx = context.current()
zone = time_zone.name()
st.title("Audit log")
st.caption(
    "Sign-in failures and lock-outs, account and role changes, password resets, settings, "
    f"sign-offs and certificates. Times are in {display.zone(zone).key}."
)
today = audit.today(zone)
columns = st.columns([3, 2, 2, 2])
actions = columns[0].multiselect(
    "Actions", audit.ACTIONS, key="audit_actions", format_func=audit.label
)
person = columns[1].text_input("Person (actor or target)", key="audit_person").strip().lower()
since = columns[2].date_input("From", today - timedelta(days=30), key="audit_since")
until = columns[3].date_input("To", today, key="audit_until")
first, after = audit.day_bounds(since, until, zone)
entries = audit.entries(
    ctx.engine, actions=actions or None, person=person or None, since=first, until=after
)
st.write(
    display.plural(len(entries), "entry", "entries")
    + (" (the newest 500)" if len(entries) == 500 else "")
)
st.dataframe(
    pd.DataFrame(
        [
            {
                "When": display.moment(e.at, zone),
                "Action": audit.label(e.action),
                "By": e.actor or "",
                "Whom": e.target or "",
                "What": audit.describe(e.action, e.detail),
            }
            for e in entries
        ],
        columns=["When", "Action", "By", "Whom", "What"],
    ),
    hide_index=True,
    width="stretch",
)

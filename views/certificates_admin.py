import pandas as pd
import streamlit as st

from needlewise import clock, display, free_text
from needlewise.certification import records
from needlewise.ui import actions, context, time_zone

ctx = context.current()
admin = context.user()
now = clock.now()
# Expiry dates are printed on certificates as UTC dates; shown here the same way.
zone = time_zone.name()
st.title("Certificates")
actions.show_flash(page="certificates")
st.header("Expiring in the next 60 days")
soon = records.expiring(ctx.engine, 60)
if soon:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "trainee": c.snapshot["trainee"],
                    "username": username,
                    "expires": display.day(c.expires_at, "UTC"),
                }
                for c, username in soon
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption("None.")
st.header("All certificates")
issued = records.all_certificates(ctx.engine)
if not issued:
    st.caption(
        "No certificates have been issued yet. A trainee earns one by completing the course; "
        "practical competencies are signed off on the Sign-off page."
    )
    st.page_link("views/signoff.py", label="Sign-off", icon=":material/verified:")
    st.stop()
st.dataframe(
    pd.DataFrame(
        [
            {
                "trainee": c.snapshot["trainee"],
                "username": username,
                "issued": display.day(c.issued_at, zone),
                "expires": display.day(c.expires_at, "UTC"),
                "status": c.status(now),
                "code": c.code[:8] + "…",
            }
            for c, username in issued
        ]
    ),
    hide_index=True,
    width="stretch",
)
valid = [(c, u) for c, u in issued if c.status(now) == "valid"]
if valid:
    st.header("Revoke a certificate")
    chosen = st.selectbox(
        "Certificate",
        valid,
        key="revoke_certificate",
        format_func=lambda pair: (
            f"{pair[0].snapshot['trainee']} (issued {display.day(pair[0].issued_at, zone)})"
        ),
    )
    reason = st.text_input(
        "Reason (required)", key="revoke_certificate_reason", max_chars=free_text.MAX_CHARS
    )
    if st.button("Revoke certificate", key="revoke_certificate_button"):
        actions.act(
            records.revoke,
            ctx.engine,
            chosen[0].code,
            reason,
            admin,
            success="Certificate revoked; the verification page now says so.",
            page="certificates",
        )

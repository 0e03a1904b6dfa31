import streamlit as st

from needlewise.certification import records
from needlewise.ui import context
from needlewise.ui.plain import plain

ctx = context.current()
st.title("Verify a certificate")
st.write("Enter the code printed on a NeedleWise certificate, or open the link under its QR code.")
given = st.query_params.get("code") or st.query_params.get("verify") or ""
code = st.text_input(
    "Verification code", value=given, max_chars=records.MAX_CODE_INPUT, key="verify_code"
)
if code:
    result = records.verify(ctx.engine, code)
    show = {
        "valid": st.warning if result.under_review else st.success,
        "expired": st.warning,
        "revoked": st.error,
        "unknown": st.error,
        "malformed": st.error,
    }[result.status]
    show(result.message)
    if result.certificate is not None:
        certificate = result.certificate
        snapshot = certificate.snapshot
        # Everything below is frozen in the certificate when it was issued (except whether a
        # sign-off it lists was withdrawn since); names are shown exactly as they were
        # typed, never as formatting.
        st.markdown(
            f"**{plain(snapshot['trainee'])}** completed **{plain(snapshot['course'])}** "
            f"with {plain(snapshot['clinic'])} on {records.long_day(certificate.completed_on)}. "
            f"{result.validity}"
        )
        st.caption(
            "Name as it stood when the certificate was issued on "
            f"{records.long_day(certificate.issued_on)}."
        )
        titles = {c.id: c.title for c in ctx.content.course.competencies}
        for item, withdrawn_on in result.competencies(titles):
            withdrawn = (
                f" — sign-off withdrawn on {records.long_day(withdrawn_on)}"
                if withdrawn_on is not None
                else ""
            )
            st.markdown(
                f"- {plain(item['title'])}: signed off by {plain(item['signed_by'])} "
                f"(observed {records.long_day(item['observed_on'])})"
                f"{withdrawn}"
            )

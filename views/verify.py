import streamlit as st

from needlewise import certificates
from needlewise.ui import context

ctx = context.current()
st.title("Verify a certificate")
st.write("Enter the code printed on a NeedleWise certificate, or open the link under its QR code.")
given = st.query_params.get("code") or st.query_params.get("verify") or ""
code = st.text_input(
    "Verification code", value=given, max_chars=certificates.MAX_CODE_INPUT, key="verify_code"
)
if code:
    result = certificates.verify(ctx.engine, code)
    show = {
        "valid": st.success,
        "expired": st.warning,
        "revoked": st.error,
        "unknown": st.error,
        "malformed": st.error,
    }[result.status]
    show(result.message)
    if result.certificate is not None:
        snapshot = result.certificate.snapshot
        st.markdown(
            f"**{snapshot['trainee']}** completed **{snapshot['course']}** "
            f"with {snapshot['clinic']} on {snapshot['completed_on']}; valid until "
            f"{snapshot['expires_on']}."
        )
        for item in snapshot.get("competencies", []):
            st.markdown(
                f"- {item['title']}: signed off by {item['signed_by']} "
                f"(observed {item['observed_on']})"
            )

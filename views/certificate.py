import base64

import streamlit as st

from needlewise import clock
from needlewise.certification import issuing, pdf, records
from needlewise.logbook.certification import progress
from needlewise.ui import context

ctx = context.current()
user = context.user()
st.title("Certificate")
done = issuing.trainee_completion(ctx.engine, ctx.content, user)
logbook = progress(ctx.engine, user.id, ctx.settings)
if logbook.in_certificate:
    st.metric("Supervised practice logbook", logbook.summary)
if not done.complete:
    st.info(
        "Your certificate becomes available when everything below is done.",
        icon=":material/pending:",
    )
    for item in done.missing:
        st.markdown(f"- {item}")
    st.stop()

certificate = issuing.certificate_for(ctx.engine, ctx.content, user, ctx.settings)
if certificate is None:  # a sign-off was revoked since the check above: show what is missing
    st.rerun()
snapshot = certificate.snapshot
st.success(
    f"You completed {snapshot['course']} on {snapshot['completed_on']}. "
    f"Your certificate is valid until {snapshot['expires_on']}."
)
base = ctx.config.public_url or st.context.url or "http://localhost:8501"
address = records.verify_url(base, certificate.code)
logo = base64.b64decode(ctx.settings.logo_png) if ctx.settings.logo_png else None
st.download_button(
    "Download my certificate (PDF)",
    pdf.render(certificate, address, logo),
    f"certificate-{user.username}.pdf",
    "application/pdf",
    key="certificate_download",
    type="primary",
    icon=":material/download:",
)
st.markdown(f"Anyone can check it at {address}")
st.markdown(f"Verification code: `{certificate.code}` · status: {certificate.status(clock.now())}")

import base64

import streamlit as st

from needlewise.certification import issuing, pdf, records
from needlewise.logbook.certification import progress
from needlewise.ui import context
from needlewise.ui.plain import plain

ctx = context.current()
user = context.user()
st.title("Certificate")
logbook = progress(ctx.engine, user.id, ctx.settings)
if logbook.in_certificate:
    st.metric("Supervised practice logbook", logbook.summary)
# A certificate once issued stays the trainee's until it expires or is revoked, even when
# the record it rests on has changed since: it is then shown as under review.
state = issuing.state_for(ctx.engine, ctx.content, user, ctx.settings)
certificate = state.certificate
if certificate is None:
    assert state.done is not None
    done, revoked, latest = state.done, state.revoked, state.latest
    if revoked is not None:
        # The reason is the clinic's to give: like the verification page, this one says
        # only that and when it was revoked.
        st.error(issuing.revoked_notice(revoked), icon=":material/block:")
        if done.missing:
            st.markdown("Still missing from your record:")
    else:
        if latest is not None:
            ended = records.standing(ctx.engine, latest)
            st.warning(f"{ended.message} {ended.validity}", icon=":material/block:")
        st.info(
            "Your certificate becomes available when everything below is done.",
            icon=":material/pending:",
        )
    for item in done.missing:
        st.markdown(f"- {item}")
    st.stop()

standing = records.standing(ctx.engine, certificate)
completed = records.long_day(certificate.completed_on)
expires = records.long_day(certificate.expires_on)
(st.warning if standing.under_review else st.success)(
    f"You completed {certificate.snapshot['course']} on {completed}. "
    f"Your certificate is valid until {expires}."
    + (f" {standing.message}" if standing.under_review else "")
)
if standing.under_review:
    titles = {c.id: c.title for c in ctx.content.course.competencies}
    for listed, withdrawn_on in standing.competencies(titles):
        if withdrawn_on is not None:
            withdrawn = records.long_day(withdrawn_on)
            st.markdown(f"- {plain(listed['title'])}: sign-off withdrawn on {withdrawn}")
port, base_path = st.get_option("server.port"), st.get_option("server.baseUrlPath")
address = records.verify_address(
    ctx.config.public_url,
    st.context.url,
    f"http://localhost:{port}/{base_path}".rstrip("/"),
    certificate.code,
)
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
st.markdown(f"Verification code: `{certificate.code}` · status: {standing.label}")

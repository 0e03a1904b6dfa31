import pandas as pd
import streamlit as st

from needlewise import clock, free_text
from needlewise.certification import issuing, records
from needlewise.ui import actions, context
from needlewise.ui.choice import pick
from needlewise.ui.confirm import Confirmation
from needlewise.ui.plain import plain

# Issuing a new certificate after a revocation undoes an administrator's decision: the
# first click only asks, about the trainee's username.
reissuing = Confirmation[str]("certificates_reissue")

ctx = context.current()
admin = context.user()
now = clock.now()
# Every date is the certificate's own (frozen in the clinic's time zone when it was issued),
# so this page names the same days as the PDF and the verification page.
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
                    "expires": records.long_day(c.expires_on),
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
issued = records.standings(ctx.engine, records.all_certificates(ctx.engine), now)
if not issued:
    st.caption(
        "No certificates have been issued yet. A trainee earns one by completing the course; "
        "practical competencies are signed off on the Sign-off page."
    )
    st.page_link("views/signoff.py", label="Sign-off", icon=":material/verified:")
    st.stop()
titles = {c.id: c.title for c in ctx.content.course.competencies}
review = [(c, s, u) for c, s, u in issued if s.under_review]
if review:
    st.warning(
        "These certificates rest on a sign-off revoked, or a pass re-marked as a fail by a "
        "regrade, since they were issued. They stay valid, shown as under review on the "
        "verification page, until you revoke them below with a reason (or decide they "
        "stand):",
        icon=":material/rule:",
    )
    for certificate, shown, username in review:
        reasons = [
            f"{plain(item['title'])} (withdrawn on {records.long_day(day)})"
            for item, day in shown.competencies(titles)
            if day is not None
        ]
        if shown.withdrawn and not reasons:
            reasons.append("a competency it lists was withdrawn")
        if certificate.review_reason:
            reasons.append(plain(certificate.review_reason))
        st.markdown(
            f"- {plain(certificate.snapshot['trainee'])} ({plain(username)}), issued "
            f"{records.long_day(certificate.issued_on)}: {'; '.join(reasons)}"
        )
    regraded = {c.code: c for c, s, _ in review if s.regraded}
    if regraded:
        with st.form("certificates_keep"):
            st.markdown("**Decide that a certificate stands after a regrade**")
            kept = pick(
                "Certificate",
                regraded,
                lambda c: f"{c.snapshot['trainee']} (issued {records.long_day(c.issued_on)})",
                key="certificates_keep_choice",
            )
            note = st.text_input(
                "Why it stands (required)",
                key="certificates_keep_note",
                max_chars=free_text.MAX_CHARS,
                help="For example: another attempt passed, or the trainee was reassessed.",
            )
            if st.form_submit_button("It stands"):
                actions.act(
                    records.keep,
                    ctx.engine,
                    kept.code,
                    note,
                    admin,
                    success="The certificate stands; it is no longer shown as under review "
                    "for the regrade.",
                    page="certificates",
                )
st.dataframe(
    pd.DataFrame(
        [
            {
                "trainee": c.snapshot["trainee"],
                "username": username,
                "issued": records.long_day(c.issued_on),
                "expires": records.long_day(c.expires_on),
                "status": s.label,
                "code": c.code[:8] + "…",
            }
            for c, s, username in issued
        ]
    ),
    hide_index=True,
    width="stretch",
)
valid = [(c, s) for c, s, _ in issued if s.status == "valid"]
if valid:
    st.header("Revoke a certificate")

    def describe(pair: tuple[records.Certificate, records.Verification]) -> str:
        certificate, standing = pair
        return (
            f"{certificate.snapshot['trainee']} (issued {records.long_day(certificate.issued_on)})"
            + (", under review" if standing.under_review else "")
        )

    # A certificate issued again on the day the last was revoked reads alike.
    chosen = pick(
        "Certificate", {c.code: (c, s) for c, s in valid}, describe, key="revoke_certificate"
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
            success="Certificate revoked; the verification page now says so, and no new "
            "certificate is issued to the trainee on the record it rested on.",
            page="certificates",
        )
waiting = issuing.awaiting_decision(ctx.engine, ctx.content)
if waiting:
    st.header("Issue a new certificate after a revocation")
    st.caption(
        "A revoked certificate is not issued again on the record it rested on. The trainee "
        "gets a new one automatically only when they complete something the course requires "
        "after the revocation (a competency signed off again, for example); otherwise a new "
        "certificate is your decision."
    )
    for item in waiting:
        if not item.can_reissue:
            missing = "; ".join(item.done.missing)
            st.markdown(
                f"- {plain(item.trainee.name)} ({plain(item.trainee.username)}), revoked "
                f"{item.revoked_on}: does not meet the completion rule today ({missing})"
            )
    ready = {item.trainee.username: item for item in waiting if item.can_reissue}
    if ready:
        deciding = pick(
            "Trainee",
            ready,
            lambda item: (
                f"{item.trainee.name} ({item.trainee.username}), revoked {item.revoked_on}"
            ),
            key="certificates_reissue_trainee",
        )
        username = deciding.trainee.username
        why = st.text_input(
            "Why a new certificate is issued (required, kept in the audit log)",
            key="certificates_reissue_reason",
            max_chars=free_text.MAX_CHARS,
        )

        def still_chosen(asked: str) -> bool:
            return asked == username

        if reissuing.confirmed(still_chosen) is not None:
            name = deciding.trainee.name
            actions.act(
                issuing.reissue,
                ctx.engine,
                ctx.content,
                deciding.trainee,
                ctx.settings,
                why,
                admin,
                success=lambda issued: (
                    f"New certificate issued to {plain(name)}, valid until "
                    f"{records.long_day(issued.expires_on)}; the revoked one stays revoked."
                ),
                page="certificates",
            )
        if reissuing.asked(still_chosen) is not None:
            revoked = deciding.revoked
            who = f"{plain(deciding.trainee.name)} ({plain(username)})"
            reissuing.show(
                username,
                f"Issue a new certificate to {who}? "
                f"Their certificate issued {records.long_day(revoked.issued_on)} was revoked "
                f"on {deciding.revoked_on}"
                + (f" for: {plain(revoked.revoke_reason)}" if revoked.revoke_reason else "")
                + ". The new certificate has a new code and is valid from today; the "
                "revoked one stays revoked.",
                "Issue the new certificate",
            )
        elif (
            st.button("Issue a new certificate…", key="certificates_reissue_button")
            # A missing reason is said now, not after the confirmation.
            and actions.look_up(issuing.reissue_reason, why) is not None
        ):
            reissuing.ask(username, back="certificates_reissue_button")

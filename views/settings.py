import base64

import streamlit as st

from needlewise import settings
from needlewise.ui import auth, context

MAX_LOGO_BYTES = 1_000_000

ctx = context.current()
user = context.user()
current = ctx.settings
st.title("Settings")
message = auth.take_flash()
if message:
    st.success(message)
with st.form("clinic_settings"):
    name = st.text_input("Clinic name", current.clinic_name, key="set_clinic_name")
    jurisdiction = st.text_input(
        "Jurisdiction",
        current.jurisdiction,
        key="set_jurisdiction",
        help="Where your practitioners work, e.g. 'Utah, USA (master esthetician licence)'.",
    )
    depth = st.number_input(
        "Practice needle-depth limit (mm)",
        min_value=0.05,
        max_value=3.0,
        value=float(current.depth_limit_mm),
        step=0.05,
        key="set_depth_limit",
        help="The deepest needle your practitioners may legally use. Lessons and the depth "
        "explorer show it, and warn above it. Check your licensing board.",
    )
    review_all = st.checkbox(
        "Daily review includes every question a trainee has seen, not only missed ones",
        current.review_all_questions,
        key="set_review_all",
    )
    registration = st.checkbox(
        "Allow self-registration with an invitation",
        current.self_registration,
        key="set_registration",
    )
    validity = st.number_input(
        "Certificate validity (months; 0 uses the course default of "
        f"{ctx.content.course.certificate_validity_months})",
        min_value=0,
        max_value=120,
        value=current.certificate_validity_months or 0,
        key="set_validity",
    )
    inactive = st.number_input(
        "Flag trainees inactive after (days)",
        min_value=1,
        max_value=365,
        value=int(current.inactive_days),
        key="set_inactive",
    )
    mastery = st.number_input(
        "Mastery threshold (%)",
        min_value=1.0,
        max_value=100.0,
        value=float(current.mastery_threshold),
        key="set_mastery",
    )
    logo = st.file_uploader(
        "Clinic logo for certificates (PNG, up to 1 MB)", type=["png"], key="set_logo"
    )
    if st.form_submit_button("Save settings", type="primary"):
        changes = {
            "clinic_name": name,
            "jurisdiction": jurisdiction,
            "depth_limit_mm": depth,
            "self_registration": registration,
            "review_all_questions": review_all,
            "certificate_validity_months": validity or None,
            "inactive_days": inactive,
            "mastery_threshold": mastery,
        }
        if logo is not None:
            data = logo.getvalue()
            if len(data) > MAX_LOGO_BYTES or not data.startswith(b"\x89PNG"):
                st.error("The logo must be a PNG file of at most 1 MB.")
                st.stop()
            changes["logo_png"] = base64.b64encode(data).decode()
        try:
            settings.save(ctx.engine, changes, actor=user.username)
        except ValueError as exc:
            st.error(str(exc))
        else:
            auth.flash("Settings saved.")
            st.rerun()
if current.logo_png:
    st.image(base64.b64decode(current.logo_png), caption="Current logo", width=160)

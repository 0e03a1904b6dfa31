import base64
from collections.abc import Callable

import streamlit as st

from needlewise import settings
from needlewise.errors import UserError
from needlewise.settings import LABELS, SettingsError, form_label
from needlewise.ui import actions, context

ctx = context.current()
user = context.user()
current = ctx.settings
st.title("Settings")
actions.show_flash(page="settings")


def refused(error: UserError) -> str:
    problems = error.problems if isinstance(error, SettingsError) else {}
    return "Nothing was saved. Correct these and save again:\n\n" + (
        "\n".join(f"- **{LABELS[k]}**: {m}." for k, m in problems.items()) or str(error)
    )


def saved(what: str) -> Callable[[dict], str]:
    def message(changed: dict) -> str:
        return f"{what} saved." if changed else "Nothing had changed; nothing was saved."

    return message


# The number fields carry no widget limits: a browser silently keeps the old value of an
# out-of-range field, so the limits are checked here and refused with a reason instead.
with st.form("clinic_settings"):
    name = st.text_input(LABELS["clinic_name"], current.clinic_name, key="set_clinic_name")
    jurisdiction = st.text_input(
        LABELS["jurisdiction"],
        current.jurisdiction,
        key="set_jurisdiction",
        placeholder="e.g. Utah, USA (master esthetician licence)",
        help="Where your practitioners work; lessons name it beside the depth limit.",
    )
    depth = st.number_input(
        form_label("depth_limit_mm"),
        value=float(current.depth_limit_mm),
        step=0.05,
        format="%.2f",
        key="set_depth_limit",
        help="The deepest needle your practitioners may legally use; lessons and the depth "
        "explorer show it and warn above it. Check your licensing board.",
    )
    time_zone = st.text_input(
        LABELS["time_zone"],
        current.time_zone,
        key="set_time_zone",
        placeholder="each visitor's browser time zone",
        help="An IANA name such as Europe/London or America/Denver; every date and time in "
        "NeedleWise is shown in it. Leave empty to use each visitor's browser time zone.",
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
    instructors_publish = st.checkbox(
        "Instructors may publish quizzes written in the Quiz studio and place them in the "
        "course (otherwise only admins may)",
        current.instructors_publish,
        key="set_instructors_publish",
    )
    validity = st.number_input(
        form_label("certificate_validity_months"),
        value=current.certificate_validity_months or 0,
        step=1,
        key="set_validity",
        help=f"The course default is {ctx.content.course.certificate_validity_months} months.",
    )
    inactive = st.number_input(
        form_label("inactive_days"),
        value=int(current.inactive_days),
        step=1,
        key="set_inactive",
        help="The Gradebook flags a trainee who has done nothing for this long.",
    )
    mastery = st.number_input(
        form_label("mastery_threshold"),
        value=float(current.mastery_threshold),
        key="set_mastery",
    )
    logo = st.file_uploader(
        f"Clinic logo for certificates (PNG, up to {settings.MAX_LOGO_MB} MB)",
        type=["png"],
        key="set_logo",
        max_upload_size=settings.MAX_LOGO_MB,
    )
    if st.form_submit_button("Save settings", type="primary"):
        changes = {
            "clinic_name": name,
            "jurisdiction": jurisdiction,
            "depth_limit_mm": depth,
            "time_zone": time_zone,
            "self_registration": registration,
            "instructors_publish": instructors_publish,
            "review_all_questions": review_all,
            "certificate_validity_months": validity,
            "inactive_days": inactive,
            "mastery_threshold": mastery,
        }
        if logo is not None:
            changes["logo_png"] = base64.b64encode(logo.getvalue()).decode()
        actions.act(
            settings.save,
            ctx.engine,
            changes,
            actor=user,
            success=saved("Settings"),
            page="settings",
            explain=refused,
        )
if current.logo_png:
    st.image(
        base64.b64decode(current.logo_png),
        caption="Current logo",
        alt=f"Logo of {current.clinic_name}",
        width=160,
    )

st.header("Supervised practice logbook")
with st.form("logbook_settings"):
    in_certificate = st.checkbox(
        "The certificate requires countersigned logbook treatments",
        current.logbook_for_certificate,
        key="set_lb_certificate",
    )
    required = st.number_input(
        form_label("logbook_required_treatments"),
        value=int(current.logbook_required_treatments),
        step=1,
        key="set_lb_required",
    )
    dark_skin = st.checkbox(
        "At least one on Fitzpatrick IV-VI skin",
        current.logbook_require_dark_skin,
        key="set_lb_dark_skin",
    )
    follow_up = st.checkbox(
        "At least one with a follow-up recorded",
        current.logbook_require_follow_up,
        key="set_lb_follow_up",
    )
    retention_months = st.number_input(
        form_label("logbook_retention_months"),
        value=int(current.logbook_retention_months or 0),
        step=1,
        key="set_lb_retention",
    )
    action = st.radio(
        LABELS["logbook_retention_action"],
        ["anonymise", "delete"],
        index=["anonymise", "delete"].index(current.logbook_retention_action),
        format_func=lambda a: "anonymise them further" if a == "anonymise" else "delete them",
        key="set_lb_action",
        horizontal=True,
    )
    if st.form_submit_button("Save logbook settings"):
        actions.act(
            settings.save,
            ctx.engine,
            {
                "logbook_for_certificate": in_certificate,
                "logbook_required_treatments": required,
                "logbook_require_dark_skin": dark_skin,
                "logbook_require_follow_up": follow_up,
                "logbook_retention_months": retention_months,
                "logbook_retention_action": action,
            },
            actor=user,
            success=saved("Logbook settings"),
            page="settings",
            explain=refused,
        )
st.caption("Apply the retention rule from the Logbook review page.")

import streamlit as st

from needlewise import accounts, clock, cohorts
from needlewise.logbook import entries, exports, retention
from needlewise.logbook.certification import progress_of
from needlewise.logbook.help import HELP
from needlewise.ui import actions, context, logbook_form, time_zone
from needlewise.ui import exports as export_ui
from needlewise.ui.confirm import Confirmation
from needlewise.ui.logbook_form import show_entry

# Deleting by retention cannot be undone: the first click only asks, about the retention
# period in months and the count it would delete, and either changing drops the question.
applying = Confirmation[tuple[int, int]]("lbr_retention")

ctx = context.current()
supervisor = context.user()
zone = time_zone.name()
lists, regions, not_treated = logbook_form.open_page(
    "Logbook review", "logbook_review", ctx.content
)
with st.expander("What the logbook stores", icon=":material/help:"):
    st.markdown(HELP)

st.header("Waiting for countersignature")
waiting = {e.id: e for e in entries.queue(ctx.engine)}
if not waiting:
    st.info("No entries are waiting.")
else:
    chosen = st.selectbox(
        "Entry",
        list(waiting),
        format_func=lambda i: (
            f"Entry {i} · {waiting[i].trainee_name} · {waiting[i].treated_on.date().isoformat()}"
        ),
        key="lbr_entry",
        bind="query-params",
    )
    entry = waiting[chosen]
    show_entry(entry, lists, regions, not_treated, ctx.settings)
    refused = entries.countersign_problems(entry.id, entry.details, not_treated)
    # An area never needled is already shown as an error among the entry's flags.
    no_consent = entries.consent_problem(entry.id, entry.details)
    if no_consent:
        st.error(no_consent, icon=":material/block:")
    if entry.trainee_id == supervisor.id:
        st.info("This is your own entry: another supervisor must countersign it.")
    else:
        comment = st.text_area(
            "Comment (required when you return the entry)",
            key=f"lbr_comment_{entry.id}",
            max_chars=entries.COMMENT_MAX,
        )
        accept, send_back = st.columns(2)
        decision = None
        if accept.button(
            "Countersign",
            key="lbr_accept",
            type="primary",
            width="stretch",
            disabled=bool(refused),
            help=" ".join(refused) or None,
        ):
            decision = True
        if send_back.button("Return to the trainee", key="lbr_return", width="stretch"):
            decision = False
        if decision is not None:
            actions.act(
                entries.review,
                ctx.engine,
                entry.id,
                supervisor,
                decision,
                comment,
                not_treated=not_treated,
                success=f"Entry {entry.id} "
                + ("countersigned." if decision else "returned to the trainee."),
                page="logbook_review",
            )

st.header("A trainee's logbook")
trainee_ids = set(cohorts.trainee_ids(ctx.engine, None))
people = {u.id: u for u in accounts.with_role(ctx.engine, "trainee") if u.id in trainee_ids}
if people:
    trainee_id = st.selectbox(
        "Trainee",
        list(people),
        format_func=lambda i: f"{people[i].name} ({people[i].username})",
        key="lbr_trainee",
        bind="query-params",
    )
    trainee = people[trainee_id]
    theirs = entries.for_trainee(ctx.engine, trainee.id)
    done = progress_of(theirs, ctx.settings)
    st.metric("Countersigned treatments", done.summary)
    if theirs:
        table = exports.rows(theirs, lists, regions, zone)
        st.dataframe(
            table[
                [
                    "entry",
                    "date",
                    "client reference",
                    "Fitzpatrick",
                    "areas and depths",
                    "status",
                    "supervisor",
                ]
            ],
            hide_index=True,
            width="stretch",
        )
    export_ui.offer(
        f"lbr_pdf_{trainee.id}",
        "Prepare this logbook as a PDF (for an accreditor)",
        [
            export_ui.ExportFile(
                "Logbook (PDF)",
                f"logbook-{trainee.username}.pdf",
                "application/pdf",
                lambda: exports.logbook_pdf(
                    trainee.name,
                    ctx.settings.clinic_name,
                    theirs,
                    done,
                    lists,
                    regions,
                    clock.now(),
                ),
            )
        ],
    )
else:
    st.info("No trainees yet.")

st.header("All entries")
export_ui.offer(
    "lbr_all",
    "Prepare all logbook entries (CSV and XLSX)",
    [
        export_ui.ExportFile(
            "All entries (CSV)",
            "logbook.csv",
            "text/csv",
            lambda: exports.to_csv(
                exports.rows(entries.all_entries(ctx.engine), lists, regions, zone)
            ),
        ),
        export_ui.ExportFile(
            "All entries (XLSX)",
            "logbook.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda: exports.to_xlsx(
                exports.rows(entries.all_entries(ctx.engine), lists, regions, zone)
            ),
        ),
    ],
)

if supervisor.has("admin"):
    st.header("Retention")
    months = ctx.settings.logbook_retention_months
    st.caption(retention.rule_statement(ctx.settings))
    if months:
        deleting = ctx.settings.logbook_retention_action == "delete"
        count = retention.due(ctx.engine, ctx.settings) if deleting else 0

        def apply_rule() -> None:
            actions.act(
                retention.apply,
                ctx.engine,
                ctx.settings,
                supervisor,
                success=retention.applied,
                page="logbook_review",
            )

        def still_due(asked: tuple[int, int]) -> bool:
            return asked == (months, count)

        if applying.confirmed(still_due) is not None:
            apply_rule()
        if not count:
            if st.button("Apply the retention rule now", key="lbr_retention"):
                apply_rule()
        elif applying.asked(still_due) is not None:
            applying.show((months, count), *retention.delete_question(months, count))
        else:
            applying.ask_button(
                "Apply the retention rule now", (months, count), key="lbr_retention"
            )

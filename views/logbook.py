import streamlit as st

from needlewise.errors import UserError
from needlewise.logbook import LogbookError, entries
from needlewise.logbook.certification import progress_of
from needlewise.logbook.help import HELP
from needlewise.ui import actions, context, logbook_form, time_zone
from needlewise.ui.fresh_form import FreshForm
from needlewise.ui.logbook_form import LessonLinks, entry_form, entry_label, show_entry
from needlewise.ui.plain import plain

ctx = context.current()
user = context.user()
lists, regions, not_treated = logbook_form.open_page("My logbook", "logbook", ctx.content)
mine = entries.for_trainee(ctx.engine, user.id)
done = progress_of(mine, ctx.settings)
st.metric("Countersigned treatments", done.summary)
if not done.in_certificate:
    st.caption("Your clinic does not require logbook treatments for the certificate.")
elif done.missing:
    st.markdown(
        "**Still missing for your certificate:**\n"
        + "\n".join(f"- {item}" for item in done.missing)
    )
else:
    st.success("Your logbook meets the clinic's requirement for the certificate.")
with st.expander("What the logbook stores", icon=":material/help:"):
    st.markdown(HELP)

choice = logbook_form.chosen_entry(mine)
if choice is not None and choice.status == "returned":
    st.warning(
        f"Returned by {plain(choice.reviewer_name or '')}: {plain(choice.review_comment or '')}"
    )
# A saved new entry's form starts empty (a second click had saved the same treatment twice);
# until then it keeps what is typed when the trainee leaves the page and comes back. A
# correction keeps its own draft the same way, until it is saved.
if choice is None:
    draft = FreshForm("logbook_new")
    key = f"new{draft.suffix}"
else:
    draft, key = logbook_form.correcting(choice)
lessons = LessonLinks(ctx.engine, ctx.content, user.id)
submitted = entry_form(lists, regions, not_treated, key, lessons, existing=choice, draft=draft)


def refused(error: UserError) -> str:
    problems = error.problems if isinstance(error, LogbookError) else [str(error)]
    return "Nothing was saved. Correct these and save again:\n\n" + "\n".join(
        f"- {plain(p)}" for p in problems
    )


WAITS = "it waits for a supervisor's countersignature."
if submitted is not None and choice is None:
    actions.act(
        entries.record,
        ctx.engine,
        user,
        submitted,
        lists,
        regions,
        ctx.settings,
        not_treated,
        time_zone.name(),
        success=lambda entry_id: f"Entry {entry_id} saved; {WAITS}",
        page="logbook",
        then=draft.emptied,
        explain=refused,
    )
elif submitted is not None and choice is not None:
    actions.act(
        entries.edit,
        ctx.engine,
        user,
        choice.id,
        submitted,
        lists,
        regions,
        ctx.settings,
        not_treated,
        time_zone.name(),
        read_at=choice.updated_at,
        success=f"Entry {choice.id} updated; {WAITS}",
        page="logbook",
        then=draft.emptied,
        explain=refused,
    )

st.header("My entries")
if not mine:
    st.info("No treatments recorded yet.")
for entry in reversed(mine):
    with st.expander(entry_label(entry)):
        show_entry(entry, lists, regions, not_treated, ctx.settings)

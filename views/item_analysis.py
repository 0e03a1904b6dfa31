import pandas as pd
import streamlit as st

from needlewise import display, item_analysis, item_exports, item_review
from needlewise.stats import CHOOSE
from needlewise.ui import context, regrade_panel, time_zone

# Made before anything can stop the run, as the confirmation step asks.
regrading = regrade_panel.confirmation()
ctx = context.current()
content = ctx.content
st.title("Item analysis")
st.caption(
    "Classical test statistics as Moodle's quiz statistics report computes them. "
    "Facility: the average mark as a share of the maximum. Discrimination index: how "
    "well the question's mark agrees with the rest of the test (100 is perfect, "
    "negative means stronger trainees do worse). Coefficient of internal consistency: "
    "Cronbach's alpha of the question marks. Every other figure is explained where it is "
    "shown: in the Summary table, and on the Questions tab under *What the numbers mean* "
    "and in the help of each column heading."
)
if not content.quizzes:
    st.info("No quizzes are loaded.")
    st.stop()
columns = st.columns(3)
quiz_id = columns[0].selectbox(
    "Quiz",
    content.quiz_order(),
    key="items_quiz",
    bind="query-params",
    format_func=lambda q: content.quizzes[q].quiz.title,
)
quiz = content.quizzes[quiz_id].quiz
named = item_analysis.version_names(ctx.engine, quiz_id, time_zone.name())
version_choices = [item_analysis.ALL_VERSIONS, *named]
# A version chosen for the quiz shown before is no choice for this one: back to all versions.
if st.session_state.get("items_version") not in (None, *version_choices):
    st.session_state["items_version"] = item_analysis.ALL_VERSIONS
chosen_version = columns[1].selectbox(
    "Version",
    version_choices,
    key="items_version",
    bind="query-params",
    format_func=lambda v: "All versions" if v == item_analysis.ALL_VERSIONS else named[v],
)
version = None if chosen_version == item_analysis.ALL_VERSIONS else chosen_version
which = columns[2].selectbox(
    "Attempts to include",
    list(CHOOSE),
    key="items_attempts",
    bind="query-params",
    index=CHOOSE.index(item_analysis.GRADING_TO_ATTEMPTS[quiz.grading]),
)
report, frame = item_analysis.report_for(ctx.engine, quiz, version, which)
if report is None:
    st.info("No submitted attempts at this quiz yet.")
    st.stop()
regrade_panel.render(ctx, context.user(), content.quizzes[quiz_id], regrading)

test = report.test
meaningful = item_review.meaningful(report)

st.header(f"The test ({display.plural(report.attempts, 'attempt')})")
if not meaningful:
    st.info(
        f"With {display.plural(report.attempts, 'attempt')} these numbers are not yet "
        f"meaningful: item statistics need at least {item_review.MIN_ATTEMPTS} attempts "
        "(the sample Moodle-style quiz reports are commonly read from), so no question is "
        "judged here until then.",
        icon=":material/hourglass_top:",
    )
# Only the open tab runs and is drawn: a visit sends the summary, not both tables
# (bench/README.md). The tab is in the address, so a reload or a shared link opens it again.
summary_tab, questions_tab, distractors_tab = st.tabs(
    list(item_review.TABS), key="items_tab", bind="query-params"
)
if summary_tab.open:
    with summary_tab:
        # One table, as Moodle's report shows them: eight metric cards in columns were
        # eighteen elements for the browser to draw on every visit.
        st.markdown(item_exports.test_table(report))

        if meaningful:
            st.header("What to look at first")
            concerns = item_review.ranked(report, quiz)
            if concerns:
                st.caption(item_review.ORDER)
                st.markdown(
                    "\n".join(
                        f"{rank}. **{c.question}** (`{c.question_id}`): "
                        + "; ".join(c.reasons)
                        + f". {c.advice} *{c.why}*"
                        for rank, c in enumerate(concerns, start=1)
                    )
                )
            else:
                st.success("No question stands out as a problem.")
if questions_tab.open:
    with questions_tab:
        table = pd.DataFrame(item_exports.question_rows(report, quiz, shorten=True))
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            placeholder=display.NONE,
            column_config={
                c.heading: st.column_config.Column(help=c.help, width=c.width, pinned=c.pinned)
                for c in item_exports.column_help(table.columns)
            },
        )
        with st.expander("What the numbers mean"):
            st.markdown(item_exports.meanings(table.columns))
        # One row holding both buttons: columns would add a block for each. A download needs
        # no rerun, which would read and analyse every response again. The files hold the
        # numbers shown, rounded alike, and each question in full.
        downloads = st.container(horizontal=True)
        downloads.download_button(
            "Statistics (JSON)",
            item_exports.to_json(report, quiz),
            f"{quiz_id}-statistics.json",
            "application/json",
            key="items_json",
            on_click="ignore",
        )
        downloads.download_button(
            "Statistics (CSV)",
            item_exports.to_csv(report, quiz),
            f"{quiz_id}-statistics.csv",
            "text/csv",
            key="items_csv",
            on_click="ignore",
        )
if distractors_tab.open:
    with distractors_tab:
        if not report.choices:
            st.caption("No question of this quiz has options to analyse.")
        else:
            asked = sorted({c.question_id for c in report.choices})
            chosen = st.selectbox(
                "Question",
                asked,
                key="items_distractor",
                format_func=lambda q: f"{item_review.named_question(quiz, q)} ({q})",
            )
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "response": item_review.option_text(quiz, chosen, c.response),
                            "overall %": display.rounded(c.overall),
                            "top third %": display.rounded(c.top_third),
                            "bottom third %": display.rounded(c.bottom_third),
                        }
                        for c in report.choices
                        if c.question_id == chosen
                    ]
                ),
                hide_index=True,
                width="stretch",
                placeholder=display.NONE,
            )

import pandas as pd
import streamlit as st

from needlewise import display, item_analysis, item_exports, item_review, quiz_versions
from needlewise.stats import CHOOSE
from needlewise.ui import context

ctx = context.current()
content = ctx.content
st.title("Item analysis")
st.caption(
    "Classical test statistics as Moodle's quiz statistics report computes them. "
    "Facility: the average mark as a share of the maximum. Discrimination index: how "
    "well the question's mark agrees with the rest of the test (100 is perfect, "
    "negative means stronger trainees do worse). Coefficient of internal consistency: "
    "Cronbach's alpha of the question marks."
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
known = quiz_versions.versions(ctx.engine, quiz_id)
version = columns[1].selectbox(
    "Version",
    [None, *[v for v, _ in known]],
    key="items_version",
    bind="query-params",
    format_func=lambda v: "All versions" if v is None else f"{v[:12]} (from {dict(known)[v]})",
)
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
        figures = {
            "Mean": display.percent(test.mean),
            "Median": display.percent(test.median),
            "Standard deviation": display.percent(test.sd),
            "Internal consistency (alpha)": display.percent(test.cic),
            "Skewness": display.number(test.skewness),
            "Kurtosis": display.number(test.kurtosis),
            "Error ratio": display.percent(test.error_ratio),
            "Standard error": display.percent(test.standard_error),
        }
        st.markdown(
            "| Test statistic | Value |\n|---|---|\n"
            + "\n".join(f"| {name} | {value} |" for name, value in figures.items())
        )

        if meaningful:
            st.header("What to look at first")
            concerns = item_review.ranked(report, quiz)
            if concerns:
                st.markdown(
                    "\n".join(
                        f"{rank}. **{c.question}** (`{c.question_id}`): "
                        + "; ".join(c.reasons)
                        + f". {c.advice}"
                        for rank, c in enumerate(concerns, start=1)
                    )
                )
            else:
                st.success("No question stands out as a problem.")
if questions_tab.open:
    with questions_tab:
        table = pd.DataFrame(item_exports.question_rows(report, quiz, shorten=True))
        st.dataframe(table, hide_index=True, width="stretch")
        # One row holding both buttons: columns would add a block for each. A download needs
        # no rerun, which would read and analyse every response again. The files hold the
        # numbers shown, rounded alike, and each question in full.
        downloads = st.container(horizontal=True)
        downloads.download_button(
            "Statistics (JSON)",
            item_exports.to_json(report),
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
                format_func=lambda q: f"{item_review.question_text(quiz, q)} ({q})",
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
            )

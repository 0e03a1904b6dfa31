import json

import pandas as pd
import streamlit as st

from needlewise import item_analysis
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
    format_func=lambda q: content.quizzes[q].quiz.title,
)
quiz = content.quizzes[quiz_id].quiz
known = item_analysis.versions(ctx.engine, quiz_id)
version = columns[1].selectbox(
    "Version",
    [None, *[v for v, _ in known]],
    key="items_version",
    format_func=lambda v: "All versions" if v is None else f"{v[:12]} (from {dict(known)[v]})",
)
which = columns[2].selectbox(
    "Attempts to include",
    ["all", "first", "latest", "highest"],
    key="items_attempts",
    index=["all", "first", "latest", "highest"].index(
        item_analysis.GRADING_TO_ATTEMPTS[quiz.grading]
    ),
)
report, frame = item_analysis.report_for(ctx.engine, quiz, version, which)
if report is None:
    st.info("No submitted attempts at this quiz yet.")
    st.stop()

test = report.test


def number(value, suffix="%"):
    return "—" if value is None else f"{value:.1f}{suffix}"


st.subheader(f"The test ({report.attempts} attempts)")
metrics = st.columns(4)
metrics[0].metric("Mean", number(test.mean))
metrics[1].metric("Median", number(test.median))
metrics[2].metric("Standard deviation", number(test.sd))
metrics[3].metric("Internal consistency (alpha)", number(test.cic))
more = st.columns(4)
more[0].metric("Skewness", number(test.skewness, ""))
more[1].metric("Kurtosis", number(test.kurtosis, ""))
more[2].metric("Error ratio", number(test.error_ratio))
more[3].metric("Standard error", number(test.standard_error))

st.subheader("Questions")
HEADINGS = {
    "question_id": "Question",
    "n": "Attempts",
    "facility": "Facility %",
    "sd": "SD %",
    "random_guess_score": "Random guess %",
    "intended_weight": "Intended weight %",
    "effective_weight": "Effective weight %",
    "discrimination_index": "Discrimination index",
    "discriminative_efficiency": "Discriminative efficiency %",
}
table = pd.DataFrame([vars(q) for q in report.questions]).round(1)
st.dataframe(table.rename(columns=HEADINGS), hide_index=True, width="stretch")
downloads = st.columns(2)
downloads[0].download_button(
    "Statistics (JSON)",
    json.dumps(report.to_json(), indent=2),
    f"{quiz_id}-statistics.json",
    "application/json",
    key="items_json",
)
downloads[1].download_button(
    "Statistics (CSV)",
    table.to_csv(index=False),
    f"{quiz_id}-statistics.csv",
    "text/csv",
    key="items_csv",
)

st.subheader("What to look at")
if report.flags:
    for flag in report.flags:
        st.warning(f"**{flag.question_id}: {flag.problem}.** {flag.likely_cause}")
else:
    st.success("No question stands out as a problem.")

if report.choices:
    st.subheader("Distractor analysis")
    asked = sorted({c.question_id for c in report.choices})
    chosen = st.selectbox("Question", asked, key="items_distractor")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "response": c.response or "(no answer)",
                    "overall %": c.overall,
                    "top third %": c.top_third,
                    "bottom third %": c.bottom_third,
                }
                for c in report.choices
                if c.question_id == chosen
            ]
        ).round(1),
        hide_index=True,
        width="stretch",
    )

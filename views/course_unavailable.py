import streamlit as st

st.title("The course is unavailable")
st.info(
    "The course file has a problem that your instructor needs to fix, so lessons and "
    "quizzes cannot be opened for now. Your progress, attempts and certificates are kept; "
    "come back later.",
    icon=":material/build:",
)

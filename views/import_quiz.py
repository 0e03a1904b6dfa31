import hashlib

import streamlit as st

from needlewise import display, quiz_bank
from needlewise.errors import UserError
from needlewise.quiz.formats import (
    FORMATS,
    MAX_IMPORT_BYTES,
    ImportResult,
    UnknownFormat,
    import_bytes,
)
from needlewise.quiz.schema import CaseQuestion, Quiz
from needlewise.ui import context, studio_editor
from needlewise.ui.question_view import render_preview, render_vignette

FORMAT_NAMES = {
    None: "Guess from the file",
    "gift": "GIFT",
    "moodle-xml": "Moodle XML",
    "aiken": "Aiken",
}
MAX_MB = MAX_IMPORT_BYTES // 1_000_000
CONVERTED = "_nw_import_converted"
PREVIEW = 50

ctx = context.current()
content = ctx.content
st.title("Import questions")
st.markdown(
    "Convert a question file from Moodle (GIFT or Moodle XML) or an Aiken file into a "
    "NeedleWise quiz. Read the report of what could not be carried over, then either save it "
    "into the database as a draft (images embedded in Moodle XML are kept with it) and "
    "finish it in the Quiz studio, or download the YAML to commit to `quizzes/` in git."
)

upload = st.file_uploader(
    f"Question file (GIFT, Moodle XML or Aiken; up to {MAX_MB} MB)",
    type=["gift", "txt", "xml", "aiken"],
    key="import_file",
    max_upload_size=MAX_MB,
)
columns = st.columns(3)
fmt = columns[0].selectbox(
    "Format", [None, *FORMATS], key="import_format", format_func=FORMAT_NAMES.__getitem__
)
quiz_id = columns[1].text_input("Quiz id (optional)", key="import_id").strip() or None
title = columns[2].text_input("Quiz title (optional)", key="import_title").strip() or None
if upload is None:
    st.info("Choose a file to convert. Nothing is saved until you save or download the result.")
    st.stop()

raw = upload.getvalue()
if len(raw) > MAX_IMPORT_BYTES:
    st.error(f"{upload.name} is larger than {MAX_MB} MB; split it into smaller files.")
    st.stop()
# Every click reruns this page: convert an upload once, keyed by its content and choices.
wanted = (hashlib.sha256(raw).hexdigest(), upload.name, fmt, quiz_id, title)
done = st.session_state.get(CONVERTED)
if done is None or done[0] != wanted:
    with st.spinner(f"Converting {upload.name} ({len(raw) / 1_000_000:.1f} MB)…"):
        converted: ImportResult | UserError
        try:
            converted = import_bytes(raw, fmt, filename=upload.name, quiz_id=quiz_id, title=title)
        except UserError as exc:
            converted = exc
    done = (wanted, converted)
    st.session_state[CONVERTED] = done
result = done[1]
if isinstance(result, UnknownFormat):
    # The library names the formats as the command line spells them; say the page's names.
    named = ", ".join(FORMAT_NAMES[f] for f in FORMATS[:-1]) + f" or {FORMAT_NAMES[FORMATS[-1]]}"
    st.error(
        f"{upload.name} cannot be imported: NeedleWise cannot tell whether it is {named}; "
        "choose its format in the Format list above"
    )
    st.stop()
if isinstance(result, UserError):
    st.error(f"{upload.name} cannot be imported: {result}")
    st.stop()

quiz = Quiz.model_validate(result.data)
count = sum(1 for _ in quiz.leaves())
st.success(f"Converted {display.plural(count, 'question')} into the quiz `{quiz.id}`.")
if result.left_out:
    st.warning(
        f"{display.plural(result.left_out, 'question')} of the file could not be imported; "
        "the report below says which and why, with their lines."
    )
if result.to_fix:
    st.warning(
        f"{display.plural(len(result.to_fix), 'question')} imported as written "
        f"{'needs' if len(result.to_fix) == 1 else 'need'} a fix before the quiz checks "
        "clean and can be published; the report below says which and how."
    )
st.download_button(
    "Download the quiz file (YAML)",
    data=result.yaml(),
    file_name=f"{quiz.id}.yaml",
    mime="application/x-yaml",
    key="import_download",
)
taken = {q.id for loaded in content.quizzes.values() for _, q in loaded.quiz.leaves()}
clashes = [q.id for _, q in quiz.leaves() if q.id in taken]
if quiz.id in content.quizzes:
    st.warning(f"A quiz with the id `{quiz.id}` already exists: give this one a new id.")
if clashes:
    st.warning("Question ids already used in another quiz: " + ", ".join(clashes))

st.header(f"Report ({display.plural(len(result.notes), 'note')})")
if result.notes:
    st.code("\n".join(str(note) for note in result.notes), language=None)
else:
    st.caption("Everything in the file was carried over.")

st.header("Save it")
if quiz.id in content.quizzes or clashes:
    st.caption("Give the quiz an id of its own above before saving it.")
elif st.button(
    "Save into the quiz bank as a draft",
    key="import_to_bank",
    type="primary",
    icon=":material/database:",
):
    try:
        saved, _ = quiz_bank.import_draft(
            ctx.engine,
            raw,
            fmt,
            filename=upload.name,
            author=context.user(),
            file_ids=set(content.quizzes) | set(content.duplicates),
            quiz_id=quiz_id,
            title=title,
        )
    except UserError as exc:
        st.error(f"Not saved: {exc}")
    else:
        st.success(
            f"Saved as the draft {saved.display}. Open it in the Quiz studio to set its "
            "objectives, check it and publish it."
        )
        # The studio's quiz list is bound to the address, which holds the option's label;
        # the session keeps the quiz it last showed, which would win over the address.
        st.session_state[studio_editor.CHOSEN] = saved.quiz_id
        st.page_link(
            "views/studio.py",
            label=f"Open {saved.quiz_id} in the Quiz studio",
            icon=":material/edit_note:",
            query_params={studio_editor.CHOSEN: f"{saved.quiz_id} (database)"},
        )

st.header("Preview")
if len(quiz.questions) > PREVIEW:
    st.caption(f"The first {PREVIEW} of {len(quiz.questions)}; the file has them all.")
for question in quiz.questions[:PREVIEW]:
    with st.container(border=True):
        if isinstance(question, CaseQuestion):
            st.markdown(f"Case `{question.id}`")
            render_vignette(question, content.figures)
            for part in question.questions:
                st.divider()
                render_preview(part, content.references)
        else:
            render_preview(question, content.references)

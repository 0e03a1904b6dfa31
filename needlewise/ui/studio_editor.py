"""The Quiz studio's editor: write a quiz as YAML in the app, check it as you type, save
drafts, publish, place it in the course and export it (needlewise.quiz_bank does the work).

The editor is streamlit-code-editor (Ace, bundled in its wheel, so it works offline): line
numbers, YAML highlighting, and a check each time typing pauses; every problem is listed
with its line and marked in the editor's gutter and on the line itself, and a button in the
editor puts the cursor on the first one.

What a database quiz's editor reports is kept on the server (needlewise.unsaved_edits), so
going to another page, reloading or a session ending loses no unsaved work: the editor opens
with it again, says so, and offers to discard it.

A save stores exactly the text the editor shows: Save draft and Save and publish are the
editor's own buttons, which send its text with the action (a button outside the editor acts
on the text the editor last reported, which lags what it shows until typing pauses). A save
names the version the text was based on, and the bank refuses it when someone saved a newer
one since: the page says who saved which version when, keeps the text, and offers to
compare, to save over it on purpose, or to open the newer version instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from code_editor import code_editor

from .. import access, display, quiz_bank, quiz_placement, unsaved_edits
from ..accounts import User
from ..errors import UserError
from ..problems import Problem, errors
from ..quiz.formats import FORMATS, export_quiz
from ..quiz_bank import Version
from ..quiz_placement import KIND_NAMES
from ..unsaved_edits import Unsaved
from . import time_zone
from .context import Context

NEW = "_nw_studio_new"
CHOSEN = "studio_bank_quiz"
NOTE = "_nw_studio_note"
OPENED = "_nw_studio_opened"
MOUNTS = "_nw_studio_mounts"
FORMAT_NAMES = {
    None: "Guess from the file",
    "gift": "GIFT",
    "moodle-xml": "Moodle XML",
    "aiken": "Aiken",
}
# The editor reports its text once typing pauses this long (ms). Its save buttons send
# later than that, so the save is its last report and carries the text it holds then.
PAUSE_MS = 250
SEND_AFTER_MS = PAUSE_MS + 150
# What the editor's save buttons send: the action and the newest version the author saw,
# which the save may replace ("save:7").
ACTIONS = ("save", "publish")
# The editor runs in its own frame: a line with a problem on it, and its save buttons as a
# bar above the text, drawn as the page's buttons are (its own are icons shown on hover).
EDITOR_CSS = (
    ".nw-problem-line{position:absolute;background:rgba(214,39,40,0.18);}"
    ".custom_menu{padding:0 0 0.5rem 0;}"
    ".custom_menu .menu_group{display:flex;flex-wrap:wrap;gap:0.5rem;}"
    ".custom_menu button.nw-save{position:relative;cursor:pointer;padding:0 0.5rem;"
    "background:#fff;border:1px solid rgba(49,51,63,0.3);border-radius:0.5rem;"
    'font:400 1rem "Source Sans Pro","Source Sans 3",sans-serif;}'
    ".custom_menu button.nw-save span{color:#000;}"
    ".custom_menu button.nw-save svg{stroke:#000;}"
    ".custom_menu button.nw-primary{background:#0f766e;border-color:#0f766e;}"
    ".custom_menu button.nw-primary span,.custom_menu button.nw-primary:hover span"
    "{color:#fff;}"
    ".custom_menu button.nw-primary svg,.custom_menu button.nw-primary:hover svg"
    "{stroke:#fff;}"
    ".custom_menu button.nw-save:focus-visible{outline:2px solid #0f766e;outline-offset:2px;}"
)
ID_RULE = (
    "Quiz ids are unique across the files under quizzes/ and the database: the studio "
    "refuses an id a file uses, and if a file with a database quiz's id is committed later, "
    "**the file wins** and the database quiz is not served until it gets another id."
)


def render(ctx: Context, user: User) -> None:
    """The whole editor section of the Quiz studio."""
    st.header("Write quizzes in the app")
    st.markdown(
        "Quizzes written here are kept in the database as versions (draft, published, "
        "retired), so they survive a redeploy. Trainees only ever get a published version "
        "that a module offers; an attempt keeps the version it started with. " + ID_RULE
    )
    _new_quiz(ctx, user)
    in_bank = quiz_bank.quiz_ids(ctx.engine)
    files = {q: f for q, f in ctx.content.quizzes.items() if not quiz_bank.is_bank(f)}
    # A file with a bank quiz's id is served instead of it; the bank quiz is still opened
    # here, so its author can give it another id.
    choices = [*in_bank, *sorted(q for q in files if q not in in_bank)]
    if not choices:
        st.info("No quiz yet. Start one above.")
        return
    chosen = st.selectbox(
        "Quiz to open",
        choices,
        key=CHOSEN,
        # In the address, so a reload or a shared link opens the same quiz.
        bind="query-params",
        # Labels hold only what never changes: a selectbox keeps the label it had when chosen
        # (and the address holds the label).
        format_func=lambda q: (
            f"{q} (database)" if q in in_bank else f"{q} (file {files[q].display})"
        ),
    )
    if chosen in in_bank:
        _bank_quiz(ctx, user, chosen)
    else:
        _file_quiz(ctx, files[chosen])


def _state_line(found: list[Version]) -> str:
    newest = found[0]
    live = next((v for v in found if v.state == "published"), None)
    line = f"Newest version: v{newest.number} ({newest.state}, by {newest.author})."
    if live is None:
        return line + " No version is published."
    if live is newest:
        return line
    return line + f" Trainees get v{live.number} (published)."


def _file_ids(ctx: Context) -> set[str]:
    files = {q for q, f in ctx.content.quizzes.items() if not quiz_bank.is_bank(f)}
    return files | set(ctx.content.duplicates)


def _new_quiz(ctx: Context, user: User) -> None:
    with st.expander("Start a new quiz", expanded=not quiz_bank.quiz_ids(ctx.engine)):
        start = st.radio(
            "Start from",
            ["template", "file"],
            key="studio_new_from",
            horizontal=True,
            format_func=lambda s: {
                "template": "A template",
                "file": "A GIFT, Moodle XML or Aiken file",
            }[s],
        )
        with st.form("studio_new_form", clear_on_submit=False):
            columns = st.columns(2)
            quiz_id = (
                columns[0]
                .text_input("Quiz id (letters, digits, -, _ and .)", key="studio_new_id")
                .strip()
            )
            title = columns[1].text_input("Title", key="studio_new_title").strip()
            upload = None
            fmt = None
            if start == "file":
                upload = st.file_uploader(
                    "Question file", type=["gift", "txt", "xml", "aiken"], key="studio_new_file"
                )
                choices: list[str | None] = [None, *FORMATS]
                fmt = st.selectbox(
                    "Format",
                    choices,
                    key="studio_new_format",
                    format_func=FORMAT_NAMES.__getitem__,
                )
            created = st.form_submit_button("Create the draft", type="primary")
        if not created:
            return
        try:
            if start == "file":
                if upload is None:
                    st.error("Choose a question file to import.")
                    return
                saved, result = quiz_bank.import_draft(
                    ctx.engine,
                    upload.getvalue(),
                    fmt,
                    filename=upload.name,
                    author=user,
                    file_ids=_file_ids(ctx),
                    quiz_id=quiz_id or None,
                    title=title or None,
                )
                if result.notes:
                    st.session_state[NOTE + "_report"] = [str(n) for n in result.notes]
            else:
                if not quiz_id or not title:
                    st.error("Give the new quiz an id and a title.")
                    return
                if quiz_bank.versions(ctx.engine, quiz_id):
                    st.error(f"A quiz '{quiz_id}' is already in the database; open it below.")
                    return
                if not ctx.content.course_available:
                    st.error("The course file has a problem; fix it before starting a quiz.")
                    return
                module = ctx.content.course.modules[0]
                text = quiz_bank.template(quiz_id, title, module.id, module.objectives[0].id)
                saved = quiz_bank.save_draft(
                    ctx.engine, quiz_id, text, author=user, file_ids=_file_ids(ctx), based_on=0
                )
        except UserError as exc:
            st.error(f"The quiz was not created: {exc}")
            return
        st.session_state[CHOSEN] = saved.quiz_id
        st.session_state[NOTE] = f"Draft {saved.display} created."
        st.rerun()


def _problem_marks(problems: list[Problem]) -> dict:
    """Gutter annotations and line highlights for the editor (Ace counts rows from 0)."""
    return {
        "annotations": [
            {
                "row": p.line - 1,
                "column": p.col - 1,
                "type": "warning" if p.warning else "error",
                "text": p.message,
            }
            for p in problems
        ],
        "markers": [
            {
                "startRow": p.line - 1,
                "endRow": p.line - 1,
                "startCol": 0,
                "endCol": 1,
                "className": "nw-problem-line",
                "type": "fullLine",
            }
            for p in problems
            if not p.warning
        ],
    }


def _jump(problems: list[Problem]) -> list[dict]:
    """A button in the editor that puts the cursor on the first problem's line."""
    found = errors(problems) or problems
    if not found:
        return []
    line = found[0].line
    return [
        {
            "name": f"Go to line {line}",
            "feather": "CornerDownRight",
            "hasText": True,
            "alwaysOn": True,
            "commands": [["gotoline", line]],
            "style": {"top": "0.3rem", "right": "0.4rem"},
        }
    ]


def _sent(key: str) -> dict | None:
    """The editor's last report (it reports each pause in typing); None before the first."""
    sent = st.session_state.get(key)
    return sent if isinstance(sent, dict) and sent.get("type") else None


def _editor(
    key: str,
    text: str,
    check: Callable[[str], list[Problem]],
    read_only: bool = False,
    menu: dict | None = None,
) -> tuple[str, list[Problem]]:
    """The editor opened with ``text``: what it holds now, and that text's problems, which
    the editor marks. The editor takes ``text`` only when a new ``key`` mounts it."""
    sent = _sent(key)
    current = sent["text"] if sent else text
    problems = check(current)
    code_editor(
        text,
        lang="yaml",
        height=[20, 40],
        response_mode="debounce",
        # Ace's own YAML worker would replace the check's gutter marks with its own
        # (none, for valid YAML) whenever it finishes: the check is the one source of marks.
        options={
            "showLineNumbers": True,
            "wrap": True,
            "tabSize": 2,
            "readOnly": read_only,
            "useWorker": False,
        },
        props={**_problem_marks(problems), "debounceChangePeriod": PAUSE_MS},
        buttons=_jump(problems),
        menu=menu or {},
        component_props={"globalCSS": EDITOR_CSS},
        key=key,
    )
    return current, problems


def _save_menu(over: int, anyway: bool, publish: bool) -> dict:
    """The editor's save buttons. Each sends the text the editor holds with its action, after
    the editor's own report of a pause in typing (so nothing sent later replaces it), and
    names the newest version the author was shown (``over``): the bank refuses the save if a
    newer one came since."""

    def button(kind: str, name: str, icon: str, primary: bool) -> dict:
        return {
            "name": name,
            "feather": icon,
            "hasText": True,
            "alwaysOn": True,
            "showWithIcon": True,
            "class": "nw-save" + (" nw-primary" if primary else ""),
            "commands": [
                [
                    "delayedExecute",
                    {"command": ["response", f"{kind}:{over}"], "timeout": SEND_AFTER_MS},
                ]
            ],
        }

    number = over + 1
    buttons = [
        button("save", f"Save mine anyway as v{number}" if anyway else "Save draft", "Save", False)
    ]
    if publish:
        name = f"Publish mine anyway as v{number}" if anyway else "Save and publish"
        buttons.append(button("publish", name, "UploadCloud", True))
    return {"groups": [{"name": "nw-save", "buttons": buttons}]}


def check_summary(problems: list[Problem]) -> list[tuple[bool, str]]:
    """What the editor says of a check, each line with whether it is an error: errors are
    counted as problems and warnings as warnings, the warnings that stop publishing (a
    question not yet mapped to an objective, which ``check`` passes in a file) apart."""
    found = errors(problems)
    warned = [p for p in problems if p.warning]
    holding = quiz_bank.blocking(warned)
    others = len(warned) - len(holding)
    lines = []
    if found:
        lines.append(
            (True, f"Check: {display.plural(len(found), 'problem')} to fix before publishing.")
        )
    if holding:
        lines.append(
            (
                False,
                f"Check: {display.plural(len(holding), 'warning')} to fix before publishing: "
                "`python -m needlewise check` passes a file with a question not yet mapped to "
                "a learning objective, but it cannot be published.",
            )
        )
    if others:
        lines.append(
            (
                False,
                f"Check: {display.plural(others, 'warning')} to look at; warnings do not stop "
                "publishing.",
            )
        )
    return lines


def _show_problems(problems: list[Problem]) -> None:
    if not problems:
        st.success("Check: no problems. This is what `python -m needlewise check` would say too.")
        return
    for is_error, line in check_summary(problems):
        (st.error if is_error else st.warning)(line)
    st.code(
        "\n".join(
            f"line {p.line}, column {p.col}: {'warning: ' if p.warning else ''}{p.message}"
            for p in problems
        ),
        language=None,
    )


@st.fragment
def _bank_quiz(ctx: Context, user: User, quiz_id: str) -> None:
    found = quiz_bank.versions(ctx.engine, quiz_id)
    opened = _open(ctx, user, quiz_id, found[0])
    refused = _act(ctx, user, opened)
    if refused is not None:
        found = quiz_bank.versions(ctx.engine, quiz_id)
    newest = found[0]
    sent = _sent(opened.key)
    current = sent["text"] if sent else opened.text
    if current == newest.yaml:
        # The editor holds the newest version as it is: saving it replaces nothing.
        opened.based_on = newest.number
    newer = [v for v in found if v.number > opened.based_on]
    # What is said above the editor comes and goes in one container, so the editor keeps its
    # place on the page: one that moves is mounted again, with the text it was opened with.
    with st.container():
        report = st.session_state.pop(NOTE + "_report", None)
        if report:
            with st.expander(f"Import report ({display.plural(len(report), 'note')})"):
                st.code("\n".join(report), language=None)
        note = st.session_state.pop(NOTE, None)
        if note:
            st.success(note)
        st.caption(_state_line(found))
        if newer:
            _newer_note(ctx, user, opened, found, current)
        elif opened.restored and current != newest.yaml:
            _restored_note(ctx, user, opened.restored, newest)
    allowed = quiz_bank.may_publish(user, ctx.settings.instructors_publish)
    text, problems = _editor(
        opened.key,
        opened.text,
        lambda text: quiz_bank.check_text(ctx.content, quiz_id, text, newest.display),
        menu=_save_menu(newest.number, bool(newer), allowed),
    )
    if refused is not None:
        st.error(refused.message)
    _show_problems(problems)
    if not allowed:
        st.caption("Only admins publish, unless an admin lets instructors (Settings).")
    columns = st.columns(2)
    with columns[0]:
        _preview_link({"quiz": quiz_id, "version": str(newest.number)})
    with columns[1]:
        _exports(ctx, newest)
    if text != newest.yaml:
        st.caption(
            f"Unsaved changes, kept on the server (leaving the page or reloading loses "
            f"nothing): save a draft to make them a version. The preview shows the saved "
            f"v{newest.number}, without them."
        )
    _versions(found)
    _placement(ctx, user, quiz_id, found, allowed)


@dataclass
class _Opened:
    """The database quiz's editor on the page, as it was opened (kept in session state)."""

    key: str
    quiz_id: str
    username: str
    text: str  # what the editor was opened with
    based_on: int  # the version the editor's text started from; a save of it moves it on
    restored: Unsaved | None
    kept: str = ""  # the id of the editor's last report kept
    acted: str = ""  # the id of the editor's last save or publish carried out

    def keep_sent(self, ctx: Context, user: User) -> None:
        """Keep the editor's newest report on the server, once."""
        sent = _sent(self.key)
        if sent is None or sent.get("id") == self.kept:
            return
        unsaved_edits.keep(
            ctx.engine, self.quiz_id, sent["text"], based_on=self.based_on, author=user
        )
        self.kept = sent.get("id", "")

    def action(self) -> tuple[str, int, str] | None:
        """A save or publish the editor sent and not yet carried out: what, the newest
        version its author was shown, and the text."""
        sent = _sent(self.key)
        if sent is None or sent.get("id") == self.acted:
            return None
        kind, _, over = str(sent["type"]).partition(":")
        if kind not in ACTIONS or not over.isdigit():
            return None
        self.acted = sent.get("id", "")
        return kind, int(over), sent["text"]


def _open(ctx: Context, user: User, quiz_id: str, newest: Version) -> _Opened:
    """The editor on the page, its report kept, while it stays mounted (also when someone
    saves a newer version meanwhile: the editor keeps what its author typed); else a new
    one with the newest version, or with this user's unsaved text when some was kept.

    An editor leaves the page (its key leaves session state) when its person goes to another
    page or opens another quiz; a reload or a new session starts with none.
    """
    opened = st.session_state.get(OPENED)
    if (
        isinstance(opened, _Opened)
        and opened.quiz_id == quiz_id
        and opened.username == user.username
        and opened.key in st.session_state
    ):
        opened.keep_sent(ctx, user)
        return opened
    restored = unsaved_edits.to_restore(ctx.engine, quiz_id, author=user)
    # A key never used before mounts a new editor, which takes the text it is given (one on
    # the page keeps its own): after a discard, or coming back to the page.
    mounts = st.session_state.get(MOUNTS, 0) + 1
    st.session_state[MOUNTS] = mounts
    opened = _Opened(
        key=f"studio_editor_{quiz_id}_{mounts}",
        quiz_id=quiz_id,
        username=user.username,
        text=restored.text if restored else newest.yaml,
        based_on=restored.based_on if restored else newest.number,
        restored=restored,
    )
    st.session_state[OPENED] = opened
    return opened


@dataclass(frozen=True)
class _Refused:
    """A save or publish from the editor that did not happen, and why."""

    message: str


def _act(ctx: Context, user: User, opened: _Opened) -> _Refused | None:
    """Carry out the save or publish the editor sent, with the text it sent. A success
    reruns the page with a note; a refusal is returned to show, the text kept."""
    action = opened.action()
    if action is None:
        return None
    kind, over, text = action
    done = "saved" if kind == "save" else "published"
    try:
        saved = quiz_bank.save_draft(
            ctx.engine,
            opened.quiz_id,
            text,
            author=user,
            file_ids=_file_ids(ctx),
            based_on=opened.based_on,
            over=over,
        )
    except quiz_bank.StaleVersion as exc:
        return _Refused(
            f"Not {done}: {quiz_bank.names(exc.newer)} of '{exc.quiz_id}' "
            f"{'was' if len(exc.newer) == 1 else 'were'} saved after v{exc.based_on}, "
            "which your text is based on (see above). Your text is still in the editor and "
            "kept on the server: nothing is lost."
        )
    except UserError as exc:
        return _Refused(f"Not {done}: {exc}")
    opened.based_on = saved.number
    opened.restored = None
    unsaved_edits.discard(ctx.engine, opened.quiz_id, author=user)
    if kind == "save":
        st.session_state[NOTE] = f"Saved {saved.display} as a draft."
        # The whole page: the editor's report may arrive with a run of the whole page, where
        # a fragment's rerun cannot be asked for.
        st.rerun()
    try:
        quiz_bank.publish(
            ctx.engine,
            ctx.content,
            opened.quiz_id,
            saved.number,
            actor=user,
            instructors_publish=ctx.settings.instructors_publish,
        )
    except UserError as exc:
        # Its problems are the editor's text's, listed under the editor.
        return _Refused(f"Not published: {exc} (it is saved as the draft {saved.display}).")
    st.session_state[NOTE] = f"Published {saved.display}: it is what trainees get from now on."
    # The course itself changed: every part of the page must see the new content.
    st.rerun()


def _saved_since(found: list[Version]) -> str:
    """Who saved which version when, oldest first."""
    zone = time_zone.name()
    return "; ".join(
        f"v{v.number} ({v.state}, by {v.author}, on {display.moment(v.created_at, zone)})"
        for v in sorted(found, key=lambda v: v.number)
    )


def _newer_note(
    ctx: Context, user: User, opened: _Opened, found: list[Version], current: str
) -> None:
    """Say that versions were saved after the one the editor's text is based on, by whom and
    when; offer to compare, to save over them on purpose, or to open the newest instead."""
    by_number = {v.number: v for v in found}
    base = by_number[opened.based_on]
    newer = [v for v in found if v.number > opened.based_on]
    newest = newer[0]
    changed = quiz_bank.names(newer)
    were = "was" if len(newer) == 1 else "were"
    if opened.restored:
        when = display.moment(opened.restored.kept_at, time_zone.name())
        head = (
            f"Unsaved changes from {when} restored. They were based on v{base.number}, and "
            f"{_saved_since(newer)} {were} saved since: saving them would undo what "
            f"{changed} changed."
        )
    else:
        head = (
            f"Saved since v{base.number}, which the text in the editor is based on: "
            f"{_saved_since(newer)}. Saving your text as it is would undo what {changed} "
            "changed."
        )
    st.warning(
        f"{head} Your text stays in the editor and on the server. Compare the versions "
        f"below, then either **Save mine anyway as v{newest.number + 1}** (under the editor; "
        f"the audit log records that it was saved over {changed}), or **Discard mine and "
        f"open v{newest.number}** (download your text first to copy parts of it across).",
        icon=":material/warning:",
    )
    with st.expander(f"Compare: what {changed} changed, and what you changed"):
        st.caption(f"From v{base.number} to v{newest.number}:")
        st.code(quiz_bank.diff(base, newest) or "(no difference)", language="diff")
        st.caption(f"From v{base.number} to your text:")
        mine = quiz_bank.diff_text(base.yaml, current, base.display, "your text")
        st.code(mine or "(no difference)", language="diff")
    columns = st.columns(2)
    columns[0].download_button(
        "Download my text",
        current,
        file_name=f"{opened.quiz_id}-mine.yaml",
        mime="application/x-yaml",
        key="studio_download_mine",
        icon=":material/download:",
    )
    columns[1].button(
        f"Discard mine and open v{newest.number}",
        key="studio_discard",
        icon=":material/undo:",
        on_click=_discard,
        args=(ctx, user, opened.quiz_id),
    )


def _restored_note(ctx: Context, user: User, restored: Unsaved, newest: Version) -> None:
    """Say that the editor opened with unsaved text, and offer to discard it."""
    when = display.moment(restored.kept_at, time_zone.name())
    st.info(
        f"Unsaved changes from {when} restored: the editor shows the text you had not "
        f"saved. Save a draft to keep it as a version, or discard it to go back to "
        f"v{newest.number}.",
        icon=":material/history:",
    )
    st.button(
        "Discard unsaved changes",
        key="studio_discard",
        icon=":material/undo:",
        on_click=_discard,
        args=(ctx, user, restored.quiz_id),
    )


def _discard(ctx: Context, user: User, quiz_id: str) -> None:
    """Before the rerun, so that it opens a new editor with the newest version."""
    unsaved_edits.discard(ctx.engine, quiz_id, author=user)
    st.session_state.pop(OPENED, None)


def _exports(ctx: Context, chosen: Version) -> None:
    with st.popover("Download", icon=":material/download:"):
        st.download_button(
            "YAML (to commit to git)",
            chosen.yaml,
            file_name=f"{chosen.quiz_id}.yaml",
            mime="application/x-yaml",
            key="studio_export_yaml",
        )
        for fmt, name, suffix in (("gift", "GIFT", "gift"), ("moodle-xml", "Moodle XML", "xml")):
            try:
                exported = quiz_bank.export(ctx.engine, chosen.quiz_id, fmt, chosen.number)
            except UserError as exc:
                st.caption(f"{name}: not available until the quiz reads as a quiz ({exc}).")
                continue
            st.download_button(
                name,
                exported.text,
                file_name=f"{chosen.quiz_id}.{suffix}",
                key=f"studio_export_{fmt}",
            )


def _versions(found: list[Version]) -> None:
    with st.expander(f"Versions ({len(found)}) and what changed"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "version": v.number,
                        "state": v.state,
                        "author": v.author,
                        "saved": v.created_at,
                        "state changed by": v.changed_by or "",
                        "state changed": v.changed_at,
                    }
                    for v in found
                ]
            ),
            hide_index=True,
            width="stretch",
            key="studio_versions",
        )
        if len(found) < 2:
            st.caption("A diff needs two versions.")
            return
        numbers = [v.number for v in found]
        columns = st.columns(2)
        old = columns[0].selectbox("From version", numbers, index=1, key="studio_diff_old")
        new = columns[1].selectbox("To version", numbers, index=0, key="studio_diff_new")
        by_number = {v.number: v for v in found}
        changes = quiz_bank.diff(by_number[old], by_number[new])
        st.code(changes or "(no difference)", language="diff")


def _placement(ctx: Context, user: User, quiz_id: str, found: list[Version], allowed: bool) -> None:
    st.subheader("In the course")
    if not any(v.state == "published" for v in found):
        st.caption("Publish a version to place the quiz in a module.")
        return
    placed = {p.quiz_id: p for p in quiz_placement.placements(ctx.engine)}.get(quiz_id)
    if placed is not None:
        st.markdown(f"Placed in module `{placed.module_id}` as {KIND_NAMES[placed.kind]}.")
    if not ctx.content.course_available:
        st.caption("The course file has a problem; fix it before placing quizzes.")
        return
    modules = {m.id: m for m in ctx.content.course.modules}
    columns = st.columns([2, 2, 1])
    module_id = columns[0].selectbox(
        "Module",
        list(modules),
        key="studio_place_module",
        format_func=lambda m: f"{modules[m].title} ({m})",
    )
    kinds: list[quiz_placement.Kind] = ["practice", "module"]
    kind = columns[1].radio(
        "As",
        kinds,
        key="studio_place_kind",
        format_func=lambda k: KIND_NAMES[k],
    )
    allowed_note = (
        None if allowed else "Only admins place quizzes, unless an admin lets instructors."
    )
    if columns[2].button(
        "Place in the course", key="studio_place", disabled=not allowed, help=allowed_note
    ):
        try:
            quiz_placement.place(
                ctx.engine,
                ctx.content,
                quiz_id,
                module_id,
                kind,
                actor=user,
                instructors_publish=ctx.settings.instructors_publish,
            )
        except UserError as exc:
            st.error(f"Not placed: {exc}")
            return
        st.session_state[NOTE] = f"'{quiz_id}' is now in module {module_id} as {KIND_NAMES[kind]}."
        st.rerun()
    if placed is not None and st.button(
        "Take out of the course", key="studio_unplace", disabled=not allowed
    ):
        quiz_placement.unplace(
            ctx.engine,
            quiz_id,
            actor=user,
            instructors_publish=ctx.settings.instructors_publish,
        )
        st.rerun()
    if st.button("Withdraw the published version", key="studio_retire", disabled=not allowed):
        try:
            quiz_bank.retire(
                ctx.engine,
                quiz_id,
                actor=user,
                instructors_publish=ctx.settings.instructors_publish,
            )
        except UserError as exc:
            st.error(str(exc))
            return
        st.rerun()


def _preview_link(query: dict[str, str]) -> None:
    """An in-app link: the preview opens in this session, without signing in again."""
    st.page_link(
        access.page_path("quiz_preview"),
        label="Preview as a trainee",
        icon=":material/visibility:",
        query_params=query,
    )


def _file_quiz(ctx: Context, loaded) -> None:
    st.caption(
        f"This quiz is the file {loaded.display}: edit it in git (this editor checks it but "
        "cannot save it). To change it in the app, start a new quiz from its YAML."
    )
    path = Path(loaded.path)
    text = path.read_text(encoding="utf-8")
    _, problems = _editor(
        f"studio_file_{loaded.id}", text, lambda _: ctx.content.quiz_problems(loaded), True
    )
    _show_problems(problems)
    columns = st.columns(3)
    with columns[0]:
        _preview_link({"quiz": loaded.id})
    columns[1].download_button(
        "YAML", text, file_name=path.name, mime="application/x-yaml", key="studio_file_yaml"
    )
    with columns[2].popover("Other formats", icon=":material/download:"):
        for fmt, name, suffix in (("gift", "GIFT", "gift"), ("moodle-xml", "Moodle XML", "xml")):
            exported = export_quiz(loaded.quiz, fmt, assets_dir=path.parent)
            st.download_button(
                name, exported.text, file_name=f"{loaded.id}.{suffix}", key=f"studio_file_{fmt}"
            )

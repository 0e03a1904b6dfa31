"""The instructor's cohort view: one row per trainee, flags, a funnel, exports."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from . import attempts as attempts_module
from . import grading, mastery, pass_marks, spreadsheet
from .content import Content
from .display import plural, rounded_column, zone
from .logbook.certification import cohort_rows
from .settings import ClinicSettings
from .store import stamp
from .store.frames import driver_frame
from .store.frames import frame as frame_of
from .store.schema import attempts, lesson_progress, responses, user_roles, users

# Rows of the table drawn at once: the page stays as quick at 20,000 trainees as at 200,
# and the exports still hold every trainee.
PAGE_ROWS = 200
# The Gradebook's tabs, in order; each label is also the tab's value in the address.
TABS = ("Trainees", "Charts", "Extra time", "Attempts")


def _frame(engine: Engine, query, columns: list[str]) -> pd.DataFrame:
    with engine.connect() as connection:
        return frame_of(connection.execute(query).all(), columns)


def _times(engine: Engine, query, columns: list[str], times: list[str]) -> pd.DataFrame:
    """A query read through the driver's cursor (no row objects), its ``times`` as
    datetimes: SQLite hands them over as text."""
    with engine.connect() as connection:
        found = driver_frame(connection, query, columns)
    if not found.empty:
        for column in times:
            found[column] = pd.to_datetime(found[column], format="ISO8601")
    return found


def trainees(engine: Engine, user_ids: list[int] | None) -> pd.DataFrame:
    query = (
        select(users.c.id, users.c.username, users.c.name, users.c.disabled)
        .join(user_roles, user_roles.c.user_id == users.c.id)
        .where(user_roles.c.role == "trainee")
    )
    if user_ids is not None:
        query = query.where(users.c.id.in_(user_ids))
    return _frame(engine, query.order_by(users.c.name), ["user_id", "username", "name", "disabled"])


@dataclass(frozen=True)
class Overview:
    """The cohort table (one row per trainee, flags as of the time asked) and its funnel."""

    table: pd.DataFrame
    funnel: pd.DataFrame


def overview(
    engine: Engine,
    content: Content,
    user_ids: list[int] | None,
    now: datetime,
    inactive_days: int,
    mastery_threshold: float,
) -> Overview:
    """The trainees of ``user_ids`` (everyone: None) with their progress, quiz grades, last
    activity and flags, and how many reached each step of the course.

    What the database holds is read again only after it changed (``store.stamp``), so a
    rerun that changed nothing costs a look at the stamp; flags that depend on the time
    are worked out on every call."""
    if content.course_available:
        # Handing in attempts whose time ran out is a change like any other: it changes the
        # stamp, so the facts below are read after it.
        attempts_module.finalise_all_overdue(engine, user_ids, now)
    key = ("cohort", None if user_ids is None else tuple(user_ids), mastery_threshold)
    facts = stamp.reuse(
        engine,
        "cohort",
        key,
        content,
        lambda: cohort_facts(engine, content, user_ids, mastery_threshold),
    )
    table = with_answers_saved(facts.table, last_saves(engine, user_ids))
    if facts.flags is not None:
        table = _flagged(table, *facts.flags, now, inactive_days)
    return Overview(table, facts.funnel.copy())


def last_saves(engine: Engine, user_ids: list[int] | None) -> dict[int, datetime]:
    """When each trainee with an attempt in progress last saved an answer in it. Saving
    answers leaves the cohort's stamp as it is (item analysis watches them), so this is
    read on every run: only open attempts, found through their partial index."""
    query = (
        select(attempts.c.user_id, func.max(responses.c.saved_at))
        .join(responses, responses.c.attempt_id == attempts.c.id)
        .where(attempts.c.state == "in_progress")
        .group_by(attempts.c.user_id)
    )
    if user_ids is not None:
        query = query.where(attempts.c.user_id.in_(user_ids))
    found = _times(engine, query, ["user_id", "saved"], ["saved"])
    return dict(zip(found["user_id"].tolist(), found["saved"].tolist(), strict=True))


def with_answers_saved(table: pd.DataFrame, saves: dict[int, datetime]) -> pd.DataFrame:
    """``table`` (a copy) whose last activity counts the answers saved in attempts still
    in progress: a trainee working through a long quiz is not inactive."""
    table = table.copy()
    if saves and "last_activity" in table:
        saved = pd.to_datetime(table["user_id"].map(saves))
        table["last_activity"] = pd.concat(
            [pd.to_datetime(table["last_activity"]), saved], axis=1
        ).max(axis=1)
    return table


@dataclass(frozen=True)
class CohortFacts:
    """What the cohort table is made of, as read from the database: ``table`` (one row per
    trainee, with the objectives each is below mastery on), the flags of each row that do
    not depend on the time, before and after where the time's flag goes (None when there
    is nothing to flag: no trainees, or no course), and the funnel."""

    table: pd.DataFrame
    flags: tuple[list[str], list[str]] | None
    funnel: pd.DataFrame


def cohort_facts(
    engine: Engine, content: Content, user_ids: list[int] | None, mastery_threshold: float
) -> CohortFacts:
    """Read the cohort's facts from the database (``overview`` keeps them between reruns)."""
    course = content.course
    people = trainees(engine, user_ids)
    if people.empty or not content.course_available:
        return CohortFacts(people, None, pd.DataFrame(columns=["step", "trainees"]))
    # Every trainee as a subquery rather than thousands of bound ids.
    who = (
        user_ids
        if user_ids is not None
        else select(user_roles.c.user_id).where(user_roles.c.role == "trainee")
    )
    reads = _times(
        engine,
        select(lesson_progress.c.user_id, func.count(), func.max(lesson_progress.c.completed_at))
        .where(lesson_progress.c.user_id.in_(who))
        .group_by(lesson_progress.c.user_id),
        ["user_id", "lessons_read", "last_read"],
        ["last_read"],
    )
    activity = _times(
        engine,
        select(
            attempts.c.user_id, func.max(attempts.c.started_at), func.max(attempts.c.submitted_at)
        )
        .where(attempts.c.user_id.in_(who))
        .group_by(attempts.c.user_id),
        ["user_id", "last_started", "last_submitted"],
        ["last_started", "last_submitted"],
    )
    quiz_ids = [m.quiz for m in course.modules if m.quiz]
    if course.final_assessment:
        quiz_ids.append(course.final_assessment)
    quiz_ids += [q for m in course.modules for q in content.practice.get(m.id, [])]
    adopted = pass_marks.current_pass_marks(engine)
    sections = {
        q: (pass_mark_of(content, q, adopted), loaded.quiz.must_pass.pass_mark)
        for q in quiz_ids
        if (loaded := content.quizzes.get(q)) is not None and loaded.quiz.must_pass
    }
    graded = quiz_grades(engine, who, {q: grading_method(content, q) for q in quiz_ids}, sections)
    table = people.merge(reads, on="user_id", how="left")
    table = table.merge(activity, on="user_id", how="left")
    table = table.merge(graded, on="user_id", how="left")
    table["lessons_read"] = table["lessons_read"].fillna(0).astype(int)
    module_quizzes = [m.quiz for m in course.modules if m.quiz]
    table["modules_passed"] = sum(
        (passes(table, content, q, adopted).astype(int) for q in module_quizzes),
        pd.Series(0, index=table.index),
    )
    moments = ["last_read", "last_started", "last_submitted"]
    table["last_activity"] = table[moments].apply(pd.to_datetime).max(axis=1)
    failed_twice = set(table.loc[table["failed_twice"].eq(True), "user_id"].tolist())
    table = table.drop(columns=[*moments, "failed_twice"])
    weak = mastery.below(engine, who, mastery_threshold)
    # Plain lists, not pandas rows: 20,000 trainees must stay cheap.
    before, after = [], []
    for user_id, disabled in zip(
        table["user_id"].tolist(), table["disabled"].tolist(), strict=True
    ):
        before.append("account disabled" if disabled else "")
        found = ["failed a quiz twice"] if user_id in failed_twice else []
        below = weak.get(user_id, [])
        if below:
            found.append(f"below mastery on {plural(len(below), 'objective')}")
        after.append("; ".join(found))
    table["below_mastery"] = [", ".join(weak.get(u, [])) for u in table["user_id"].tolist()]
    return CohortFacts(table, (before, after), funnel(table, content, adopted))


def _flagged(
    table: pd.DataFrame, before: list[str], after: list[str], now: datetime, inactive_days: int
) -> pd.DataFrame:
    """``table`` with each trainee's flags as of ``now``, in the order a person reads them:
    the account, then how long since the trainee was last active, then their results."""
    table = table.copy()
    idle = []
    for days in (now - pd.to_datetime(table["last_activity"])).dt.days.tolist():
        if days != days:  # NaN: no activity at all
            idle.append("not started")
        elif days >= inactive_days:
            idle.append(f"inactive {int(days)} days")
        else:
            idle.append("")
    table.insert(
        table.columns.get_loc("below_mastery"),
        "flags",
        [
            "; ".join(part for part in parts if part)
            for parts in zip(before, idle, after, strict=True)
        ],
    )
    return table


def grading_method(content: Content, quiz_id: str) -> str:
    """A quiz's grading method (the default for a quiz whose file cannot be read)."""
    loaded = content.quizzes.get(quiz_id)
    return loaded.quiz.grading if loaded else "highest"


def quiz_grades(
    engine: Engine,
    who,
    methods: dict[str, str],
    sections: dict[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """One row per trainee of ``who`` (ids, or a subquery of them) who has submitted an
    attempt: a grade column per quiz of ``methods`` (quiz id to grading method; blank if
    untaken) and ``failed_twice``, whether they failed any quiz at least twice. Grades
    are computed in the database, by the rule in ``grading``. For each quiz of
    ``sections`` (quiz id to its pass mark and its must-pass section's), a column
    ``passed:<quiz id>`` says whether the trainee passed it (``grading.quiz_passed``)."""
    sections = sections or {}
    graded = attempts.c.percent.is_not(None)
    columns = [
        attempts.c.user_id,
        attempts.c.quiz_id,
        attempts.c.percent,
        attempts.c.section_percent,
        graded.label("graded"),
    ]
    # Numbering attempts costs a sort: only a quiz graded by its first or latest needs it.
    if {"first", "latest"} & set(methods.values()):
        order = (attempts.c.user_id, attempts.c.quiz_id, graded)
        columns += [
            func.row_number()
            .over(partition_by=order, order_by=attempts.c.number)
            .label("from_first"),
            func.row_number()
            .over(partition_by=order, order_by=attempts.c.number.desc())
            .label("from_last"),
        ]
    submitted = and_(attempts.c.user_id.in_(who), attempts.c.submitted_at.is_not(None))
    ranked = select(*columns).where(submitted).subquery()
    usable = ranked.c.graded.is_(True)
    grades = [
        grading.grade_sql(
            method,
            ranked.c.percent,
            and_(usable, ranked.c.quiz_id == quiz_id),
            lambda: ranked.c.from_first == 1,
            lambda: ranked.c.from_last == 1,
        )
        for quiz_id, method in methods.items()
    ]
    passes_of = [
        grading.quiz_passed_sql(
            methods[quiz_id],
            ranked.c.percent,
            ranked.c.section_percent,
            and_(usable, ranked.c.quiz_id == quiz_id),
            marks,
            lambda: ranked.c.from_first == 1,
            lambda: ranked.c.from_last == 1,
        )
        for quiz_id, marks in sections.items()
    ]
    failures = (
        select(attempts.c.user_id)
        .where(submitted, attempts.c.passed.is_(False))
        .group_by(attempts.c.user_id, attempts.c.quiz_id)
        .having(func.count() >= 2)
    )
    with engine.connect() as connection:
        found = driver_frame(
            connection,
            select(ranked.c.user_id, *grades, *passes_of).group_by(ranked.c.user_id),
            ["user_id", *methods, *(f"passed:{q}" for q in sections)],
        )
        twice = set(connection.execute(failures).scalars())
    for quiz_id in methods:
        found[quiz_id] = found[quiz_id].astype(float)
    for quiz_id in sections:
        found[f"passed:{quiz_id}"] = found[f"passed:{quiz_id}"].eq(1)
    found["failed_twice"] = found["user_id"].isin(twice)
    return found


def passes(
    table: pd.DataFrame, content: Content, quiz_id: str, adopted: dict[str, float]
) -> pd.Series:
    """Which trainees of the cohort table passed the quiz, by ``grading.quiz_passed``'s
    rule: the database's verdict for a quiz with a must-pass section, else the grade
    against the current pass mark."""
    column = f"passed:{quiz_id}"
    if column in table:
        return table[column].eq(True)
    return grading.passed_each(table[quiz_id], pass_mark_of(content, quiz_id, adopted))


def pass_mark_of(content: Content, quiz_id: str, adopted: dict[str, float]) -> float:
    """A quiz's current pass mark: adopted by standard setting, else its flat one."""
    loaded = content.quizzes.get(quiz_id)
    return grading.pass_mark(
        loaded.quiz if loaded else None, content.course.default_pass_mark, adopted.get(quiz_id)
    )


def funnel(
    table: pd.DataFrame, content: Content, adopted: dict[str, float] | None = None
) -> pd.DataFrame:
    """How many trainees passed each module's quiz, in course order.

    ``adopted`` holds pass marks set by standard setting (``pass_marks.current_pass_marks``).
    """
    adopted = adopted or {}
    course = content.course
    rows = [{"step": "Started", "trainees": int(table["last_activity"].notna().sum())}]
    for index, module in enumerate(course.modules, start=1):
        if module.quiz and module.quiz in table:
            rows.append(
                {
                    "step": f"{index}. {module.title}",
                    "trainees": int(passes(table, content, module.quiz, adopted).sum()),
                }
            )
    if course.final_assessment and course.final_assessment in table:
        rows.append(
            {
                "step": "Final assessment",
                "trainees": int(passes(table, content, course.final_assessment, adopted).sum()),
            }
        )
    return pd.DataFrame(rows)


def export_columns(
    table: pd.DataFrame, content: Content, zone_name: str | None = "UTC"
) -> pd.DataFrame:
    """The gradebook as people read it: names, grades per quiz (percent, rounded by the one
    rule in ``display``), beside the grade of a quiz with a must-pass section whether the
    trainee passed it (``passed_words``), last activity in the given time zone, flags."""
    course = content.course
    renamed = {
        "username": "Username",
        "name": "Name",
        "lessons_read": "Lessons read",
        "modules_passed": "Modules passed",
        "last_activity": f"Last activity ({zone_name or 'UTC'})",
        "flags": "Flags",
        "below_mastery": "Objectives below mastery",
    }
    practice = [q for m in course.modules for q in content.practice.get(m.id, [])]
    quiz_columns = [
        q
        for q in [*(m.quiz for m in course.modules), course.final_assessment, *practice]
        if q and q in table
    ]
    # A grade at the pass mark has not passed a quiz whose must-pass section failed: its
    # verdict, already in the table (``quiz_grades``), goes beside its grade.
    verdicts = {q: f"passed:{q}" for q in quiz_columns if f"passed:{q}" in table}
    for quiz_id in quiz_columns:
        loaded = content.quizzes.get(quiz_id)
        title = loaded.quiz.title if loaded else quiz_id
        renamed[quiz_id] = f"{title} (%)"
        if quiz_id in verdicts:
            renamed[verdicts[quiz_id]] = passed_heading(title)
    ordered = [
        "username",
        "name",
        "lessons_read",
        "modules_passed",
        *(c for q in quiz_columns for c in (q, verdicts.get(q)) if c is not None),
        "last_activity",
        "flags",
        "below_mastery",
    ]
    out = table[ordered].rename(columns=renamed)
    for quiz_id in quiz_columns:
        out[renamed[quiz_id]] = rounded_column(out[renamed[quiz_id]])
    for quiz_id, column in verdicts.items():
        out[renamed[column]] = passed_words(table[column], table[quiz_id])
    last = renamed["last_activity"]
    # Converted as one column: per-row conversion was most of the page's time at 2,000 rows.
    out[last] = (
        pd.to_datetime(out[last])
        .dt.tz_localize("UTC")
        .dt.tz_convert(zone(zone_name).key)
        .dt.tz_localize(None)
    )
    for column in ("Username", "Name", "Flags", "Objectives below mastery"):
        out[column] = out[column].map(spreadsheet.defuse)
    return out


def passed_heading(title: str) -> str:
    """The heading of the column beside a must-pass quiz's grade, e.g. "Final assessment
    passed": the exports' name for it, kept stable (docs/authoring.md)."""
    return f"{title} passed"


def passed_words(passed: pd.Series, grade: pd.Series) -> list[str | None]:
    """Whether each trainee passed, as the gradebook says it: "yes", "no", or blank (None)
    without a grade, where there is nothing yet to judge."""
    return [
        ("yes" if verdict else "no") if graded else None
        for verdict, graded in zip(passed.eq(True).tolist(), grade.notna().tolist(), strict=True)
    ]


def matching(table: pd.DataFrame, search: str = "", only_flagged: bool = False) -> pd.DataFrame:
    """The trainees whose name or username contains ``search`` (in any case), in table
    order; with ``only_flagged``, only those who need attention."""
    keep = pd.Series(True, index=table.index)
    wanted = search.strip().casefold()
    if wanted:
        keep &= _contains(table["name"], wanted) | _contains(table["username"], wanted)
    if only_flagged:
        keep &= table["flags"] != ""
    return table[keep]


def _contains(column: pd.Series, wanted: str) -> pd.Series:
    return column.astype(str).str.casefold().str.contains(wanted, regex=False)


def page_count(rows: int) -> int:
    """How many pages of ``PAGE_ROWS`` hold ``rows`` rows (at least one)."""
    return max(1, math.ceil(rows / PAGE_ROWS))


def page(rows: pd.DataFrame, number: int) -> pd.DataFrame:
    """Page ``number`` (from 1) of ``rows``."""
    start = (number - 1) * PAGE_ROWS
    return rows.iloc[start : start + PAGE_ROWS]


def rows_label(number: int, matched: int) -> str:
    """Which rows page ``number`` holds, e.g. "201-400"."""
    start = (number - 1) * PAGE_ROWS
    return f"{start + 1:,}-{min(start + PAGE_ROWS, matched):,}"


def showing(matched: int, total: int, number: int, scope: str) -> str:
    """What the table shows of how many, and that the exports hold everyone."""
    everyone = plural(total, "trainee")
    found = everyone if matched == total else f"{matched:,} of {everyone} match"
    shown = f"; rows {rows_label(number, matched)} shown" if matched > PAGE_ROWS else ""
    return f"{found}{shown}. The exports hold every trainee of {scope}, whatever the search."


def choosing(offered: int, matched: int) -> str:
    """Where a trainee picker's ``offered`` names come from, of ``matched`` found."""
    if matched > offered:
        return (
            f"The first {offered:,} of the {matched:,} trainees the search above finds; "
            "search by name to find the others."
        )
    return "The trainees the search above finds."


def shown_rows(
    engine: Engine,
    rows: pd.DataFrame,
    content: Content,
    zone_name: str | None,
    settings: ClinicSettings,
) -> pd.DataFrame:
    """One page of the table as the page draws it: the export's columns, then each
    trainee's logbook progress (read for these trainees only).

    Kept until the database changes (``store.stamp``), like the table the rows come from:
    with the stamp, a row is its trainee, their flags as of now and their objectives below
    the mastery threshold, which make the key with the time zone and the logbook rules."""
    logbook_rules = (
        settings.logbook_for_certificate,
        settings.logbook_required_treatments,
        settings.logbook_require_dark_skin,
        settings.logbook_require_follow_up,
    )
    key = (
        "shown rows",
        zone_name,
        logbook_rules,
        *(tuple(rows[column].tolist()) for column in ("user_id", "flags", "below_mastery")),
    )
    drawn = stamp.reuse(
        engine,
        "cohort",
        key,
        content,
        lambda: _with_logbook(engine, rows, content, zone_name, settings),
    )
    return drawn.copy()


def _with_logbook(
    engine: Engine,
    rows: pd.DataFrame,
    content: Content,
    zone_name: str | None,
    settings: ClinicSettings,
) -> pd.DataFrame:
    shown = export_columns(rows, content, zone_name).reset_index(drop=True)
    logbook = pd.DataFrame(
        cohort_rows(
            engine,
            list(zip(rows["user_id"].tolist(), rows["name"].tolist(), strict=True)),
            settings,
        ),
        columns=["Trainee", "Countersigned", "Waiting", "Returned", "Still missing"],
    ).drop(columns="Trainee")
    return pd.concat([shown, logbook.add_prefix("Logbook: ")], axis=1)


# To the second, as a person reads a time; the workbook keeps a real date-time.
CSV_MOMENT = "%Y-%m-%d %H:%M:%S"


def to_csv(table: pd.DataFrame) -> bytes:
    return spreadsheet.to_csv(table, date_format=CSV_MOMENT)


def to_xlsx(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, sheet_name="Gradebook")
    return buffer.getvalue()

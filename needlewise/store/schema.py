"""The tables, as SQLAlchemy Core objects the queries use.

The migrations in ``migrations/versions`` create exactly these; a test compares the two.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ROLES = ("trainee", "instructor", "admin")

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(100), nullable=False),
    Column("must_change_password", Boolean, nullable=False, server_default=text("false")),
    Column("disabled", Boolean, nullable=False, server_default=text("false")),
    Column("created_at", DateTime, nullable=False),
    Column("last_sign_in_at", DateTime, nullable=True),
    # Written into every sign-in cookie; bumping it revokes every older cookie.
    Column("session_version", Integer, nullable=False, server_default=text("0")),
)

# Failed sign-ins per account name ("account:NAME", existing or not) and per client
# ("client:ADDRESS"): each failure past the free ones makes the next attempt wait longer.
sign_in_throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime, nullable=True),
    Column("updated_at", DateTime, nullable=False),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(20), primary_key=True),
    CheckConstraint("role IN ('trainee', 'instructor', 'admin')", name="known_role"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", JSON, nullable=False),
)

lesson_progress = Table(
    "lesson_progress",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("lesson_id", String(100), primary_key=True),
    Column("completed_at", DateTime, nullable=False),
)

quiz_versions = Table(
    "quiz_versions",
    metadata,
    Column("quiz_id", String(100), primary_key=True),
    Column("version", String(64), primary_key=True),
    Column("definition", JSON, nullable=False),
    Column("first_seen_at", DateTime, nullable=False),
)

attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("quiz_id", String(100), nullable=False),
    Column("quiz_version", String(64), nullable=False),
    Column("number", Integer, nullable=False),
    Column("layout", JSON, nullable=False),
    Column("state", String(20), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("deadline_at", DateTime, nullable=True),
    Column("submitted_at", DateTime, nullable=True),
    Column("max_points", Float, nullable=False),
    Column("pass_mark", Float, nullable=False),
    Column("points", Float, nullable=True),
    Column("percent", Float, nullable=True),
    Column("passed", Boolean, nullable=True),
    Column("timed_out", Boolean, nullable=False, server_default=text("false")),
    # Set when a regrade re-scored the attempt with a corrected answer key: when, and the
    # quiz version whose key now scores it (``quiz_version`` stays the one it was made on).
    Column("regraded_at", DateTime, nullable=True),
    Column("regraded_with", String(64), nullable=True),
    # On a quiz with a must-pass section: the percent the attempt scored on it.
    Column("section_percent", Float, nullable=True),
    ForeignKeyConstraint(
        ["quiz_id", "quiz_version"],
        ["quiz_versions.quiz_id", "quiz_versions.version"],
        name="fk_attempts_quiz_version",
    ),
    UniqueConstraint("user_id", "quiz_id", "number", name="uq_attempts_user_quiz_number"),
    CheckConstraint("state IN ('in_progress', 'submitted')", name="known_state"),
    Index("ix_attempts_quiz_id_state", "quiz_id", "state"),
    Index(
        "uq_attempts_one_open",
        "user_id",
        "quiz_id",
        unique=True,
        sqlite_where=text("state = 'in_progress'"),
        postgresql_where=text("state = 'in_progress'"),
    ),
)

responses = Table(
    "responses",
    metadata,
    Column("attempt_id", Integer, ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(100), primary_key=True),
    Column("response", JSON, nullable=True),
    Column("saved_at", DateTime, nullable=False),
    Column("checked", Boolean, nullable=False, server_default=text("false")),
    Column("fraction", Float, nullable=True),
    Column("points", Float, nullable=True),
    Column("max_points", Float, nullable=False),
)

# Marks earned and possible per learning objective in each submitted attempt, written by
# the same transaction that submits it, so mastery is one GROUP BY instead of reading every
# answer. Deleting an attempt deletes its rows; the trainee's previous attempt then counts.
attempt_objectives = Table(
    "attempt_objectives",
    metadata,
    Column("attempt_id", Integer, ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True),
    Column("objective", String(100), primary_key=True),
    Column("earned", Float, nullable=False),
    Column("possible", Float, nullable=False),
)

# Each trainee's marks per objective over the latest submitted attempt at each quiz: what
# the Gradebook reads for weak objectives. Submitting refreshes the trainee's rows in the
# same transaction; a trigger made by migration 0010 refreshes them when an attempt is
# deleted (the foreign key removes them with the trainee).
trainee_objectives = Table(
    "trainee_objectives",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("objective", String(100), primary_key=True),
    Column("earned", Float, nullable=False),
    Column("possible", Float, nullable=False),
)

# One row per stamp: a random value that triggers made by migration 0011 replace with
# every change to a table the stamp watches (needlewise.store.stamp).
change_stamps = Table(
    "change_stamps",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("stamp", String(32), nullable=False),
)

invitations = Table(
    "invitations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code_hash", String(64), nullable=True, unique=True),
    Column("email", String(254), nullable=True),
    Column("role", String(20), nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("created_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("used_at", DateTime, nullable=True),
    Column("used_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("revoked_at", DateTime, nullable=True),
    CheckConstraint("code_hash IS NOT NULL OR email IS NOT NULL", name="code_or_email"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("actor", String(64), nullable=True),
    Column("action", String(50), nullable=False, index=True),
    Column("target", String(200), nullable=True),
    Column("detail", Text, nullable=True),
)

# A group's name is unique ignoring case (needlewise.cohorts checks it with casefold, and
# says which group has it); the index on lower(name) holds it when two requests race.
cohorts = Table(
    "cohorts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Index("uq_cohorts_lower_name", text("lower(name)"), unique=True),
)

cohort_members = Table(
    "cohort_members",
    metadata,
    Column("cohort_id", Integer, ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(20), primary_key=True),
    CheckConstraint("role IN ('trainee', 'instructor')", name="member_role"),
)

competency_signoffs = Table(
    "competency_signoffs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("competency_id", String(100), nullable=False),
    Column("observed_on", DateTime, nullable=False),
    Column("note", Text, nullable=False),
    Column("signed_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("signed_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    Column("revoked_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("revoke_reason", Text, nullable=True),
    Index(
        "uq_competency_signoffs_active",
        "user_id",
        "competency_id",
        unique=True,
        sqlite_where=text("revoked_at IS NULL"),
        postgresql_where=text("revoked_at IS NULL"),
    ),
)

# ``number`` counts each trainee's certificates in the order they were issued: a new one
# takes the number after the latest its issuer read, so of two issues decided on the same
# reading (two tabs, or a re-issue and the trainee's page) only one can be stored
# (needlewise.certification.records.issue).
certificates = Table(
    "certificates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("issued_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("snapshot", JSON, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    Column("revoked_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("revoke_reason", Text, nullable=True),
    # Why it is under review: a regrade re-marked a pass it rests on as a fail (0016).
    Column("review_reason", Text, nullable=True),
    UniqueConstraint("user_id", "number", name="uq_certificates_user_number"),
)

review_cards = Table(
    "review_cards",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(100), primary_key=True),
    Column("quiz_id", String(100), nullable=False),
    Column("card", JSON, nullable=False),
    Column("due", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_review_cards_user_id_due", "user_id", "due"),
)

review_log = Table(
    "review_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("question_id", String(100), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("reviewed_at", DateTime, nullable=False),
)

angoff_ratings = Table(
    "angoff_ratings",
    metadata,
    Column("quiz_id", String(100), primary_key=True),
    Column("rater_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(100), primary_key=True),
    Column("rating", Float, nullable=False),
    Column("quiz_version", String(64), nullable=False),
    Column("rated_at", DateTime, nullable=False),
    CheckConstraint("rating >= 0 AND rating <= 100", name="rating_percent"),
)

adopted_pass_marks = Table(
    "adopted_pass_marks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("quiz_id", String(100), nullable=False),
    Column("quiz_version", String(64), nullable=False),
    Column("pass_mark", Float, nullable=False),
    Column("method", String(20), nullable=False),
    Column("detail", JSON, nullable=False),
    Column("adopted_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("adopted_at", DateTime, nullable=False),
    Index("ix_adopted_pass_marks_quiz_id_adopted_at", "quiz_id", "adopted_at"),
)

# Supervised treatments. No column holds client-identifying data: ``client_ref`` is a
# pseudonym checked by needlewise.logbook.validation, and ``details`` holds the form's
# clinical fields (areas and depths, products, follow-ups) as JSON.
logbook_entries = Table(
    "logbook_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("trainee_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("treated_on", DateTime, nullable=False),
    Column("client_ref", String(40), nullable=False),
    Column("fitzpatrick", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("details", JSON, nullable=False),
    Column("flags", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("reviewed_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("reviewed_at", DateTime, nullable=True),
    Column("review_comment", Text, nullable=True),
    Column("anonymised_at", DateTime, nullable=True),
    CheckConstraint("fitzpatrick >= 1 AND fitzpatrick <= 6", name="fitzpatrick_type"),
    CheckConstraint("status IN ('submitted', 'returned', 'accepted')", name="status_known"),
    Index("ix_logbook_entries_trainee_id_treated_on", "trainee_id", "treated_on"),
    Index("ix_logbook_entries_status", "status"),
)

# An instructor's accommodation for one trainee: every timed quiz they start runs this
# much longer (WCAG 2.2.1). One row per trainee; no row means no extra time.
time_extensions = Table(
    "time_extensions",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("extra_percent", Integer, nullable=False),
    Column("set_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("set_at", DateTime, nullable=False),
    CheckConstraint("extra_percent >= 0 AND extra_percent <= 300", name="extra_percent_range"),
)

# Quizzes written in the app (needlewise.quiz_bank). Every save is a new numbered version
# of the quiz's YAML text; at most one version of a quiz is published at a time.
bank_versions = Table(
    "bank_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("quiz_id", String(100), nullable=False),
    Column("number", Integer, nullable=False),
    Column("yaml", Text, nullable=False),
    Column("state", String(20), nullable=False),
    Column("author", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("changed_by", String(64), nullable=True),
    Column("changed_at", DateTime, nullable=True),
    UniqueConstraint("quiz_id", "number", name="uq_bank_versions_quiz_number"),
    CheckConstraint("state IN ('draft', 'published', 'retired')", name="known_state"),
    Index(
        "uq_bank_versions_one_published",
        "quiz_id",
        unique=True,
        sqlite_where=text("state = 'published'"),
        postgresql_where=text("state = 'published'"),
    ),
)

# Files a bank quiz shows (images imported from Moodle XML), by the name its Markdown uses.
bank_files = Table(
    "bank_files",
    metadata,
    Column("quiz_id", String(100), primary_key=True),
    Column("name", String(200), primary_key=True),
    Column("content", LargeBinary, nullable=False),
)

# Where a published bank quiz sits in the course: as the quiz of a module that has none
# ("module"), or as an extra practice quiz of a module ("practice").
bank_placements = Table(
    "bank_placements",
    metadata,
    Column("quiz_id", String(100), primary_key=True),
    Column("module_id", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("placed_by", String(64), nullable=False),
    Column("placed_at", DateTime, nullable=False),
    CheckConstraint("kind IN ('module', 'practice')", name="known_kind"),
)

# What an author typed in the Quiz studio's editor and has not saved yet, one text per quiz
# and author (needlewise.unsaved_edits), with the version it was based on.
unsaved_edits = Table(
    "unsaved_edits",
    metadata,
    Column("quiz_id", String(100), primary_key=True),
    Column("username", String(64), primary_key=True),
    Column("based_on", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kept_at", DateTime, nullable=False),
)

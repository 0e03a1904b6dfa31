"""Users, roles, settings, lesson progress, quiz versions, attempts and responses.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FALSE = sa.text("false")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(100), nullable=False),
        sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=FALSE),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=FALSE),
        sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("locked_until", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "role", name="pk_user_roles"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_user_roles_user_id_users"
        ),
        sa.CheckConstraint(
            "role IN ('trainee', 'instructor', 'admin')", name="ck_user_roles_known_role"
        ),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "lesson_progress",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("lesson_id", sa.String(100), nullable=False),
        sa.Column("completed_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "lesson_id", name="pk_lesson_progress"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_lesson_progress_user_id_users"
        ),
    )
    op.create_table(
        "quiz_versions",
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("definition", sa.JSON, nullable=False),
        sa.Column("first_seen_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("quiz_id", "version", name="pk_quiz_versions"),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("quiz_version", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("layout", sa.JSON, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("deadline_at", sa.DateTime, nullable=True),
        sa.Column("submitted_at", sa.DateTime, nullable=True),
        sa.Column("max_points", sa.Float, nullable=False),
        sa.Column("pass_mark", sa.Float, nullable=False),
        sa.Column("points", sa.Float, nullable=True),
        sa.Column("percent", sa.Float, nullable=True),
        sa.Column("passed", sa.Boolean, nullable=True),
        sa.Column("timed_out", sa.Boolean, nullable=False, server_default=FALSE),
        sa.PrimaryKeyConstraint("id", name="pk_attempts"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_attempts_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["quiz_id", "quiz_version"],
            ["quiz_versions.quiz_id", "quiz_versions.version"],
            name="fk_attempts_quiz_version",
        ),
        sa.UniqueConstraint("user_id", "quiz_id", "number", name="uq_attempts_user_quiz_number"),
        sa.CheckConstraint("state IN ('in_progress', 'submitted')", name="ck_attempts_known_state"),
    )
    op.create_index("ix_attempts_quiz_id_state", "attempts", ["quiz_id", "state"])
    op.create_index(
        "uq_attempts_one_open",
        "attempts",
        ["user_id", "quiz_id"],
        unique=True,
        sqlite_where=sa.text("state = 'in_progress'"),
        postgresql_where=sa.text("state = 'in_progress'"),
    )
    op.create_table(
        "responses",
        sa.Column("attempt_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("response", sa.JSON, nullable=True),
        sa.Column("saved_at", sa.DateTime, nullable=False),
        sa.Column("checked", sa.Boolean, nullable=False, server_default=FALSE),
        sa.Column("fraction", sa.Float, nullable=True),
        sa.Column("points", sa.Float, nullable=True),
        sa.Column("max_points", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("attempt_id", "question_id", name="pk_responses"),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempts.id"],
            ondelete="CASCADE",
            name="fk_responses_attempt_id_attempts",
        ),
    )


def downgrade() -> None:
    for table in (
        "responses",
        "attempts",
        "quiz_versions",
        "lesson_progress",
        "settings",
        "user_roles",
        "users",
    ):
        op.drop_table(table)

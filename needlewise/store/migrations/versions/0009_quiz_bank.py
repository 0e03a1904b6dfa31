"""Quizzes written in the app: versions, their files, and where they sit in the course.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_versions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("yaml", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=True),
        sa.Column("changed_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_bank_versions"),
        sa.UniqueConstraint("quiz_id", "number", name="uq_bank_versions_quiz_number"),
        sa.CheckConstraint(
            "state IN ('draft', 'published', 'retired')", name="ck_bank_versions_known_state"
        ),
    )
    op.create_index(
        "uq_bank_versions_one_published",
        "bank_versions",
        ["quiz_id"],
        unique=True,
        sqlite_where=sa.text("state = 'published'"),
        postgresql_where=sa.text("state = 'published'"),
    )
    op.create_table(
        "bank_files",
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("quiz_id", "name", name="pk_bank_files"),
    )
    op.create_table(
        "bank_placements",
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("module_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("placed_by", sa.String(64), nullable=False),
        sa.Column("placed_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("quiz_id", name="pk_bank_placements"),
        sa.CheckConstraint("kind IN ('module', 'practice')", name="ck_bank_placements_known_kind"),
    )


def downgrade() -> None:
    op.drop_table("bank_placements")
    op.drop_table("bank_files")
    op.drop_index("uq_bank_versions_one_published", table_name="bank_versions")
    op.drop_table("bank_versions")

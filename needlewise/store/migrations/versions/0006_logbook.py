"""Supervised practice logbook: treatments recorded by trainees, countersigned by supervisors.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "logbook_entries",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("trainee_id", sa.Integer, nullable=False),
        sa.Column("treated_on", sa.DateTime, nullable=False),
        sa.Column("client_ref", sa.String(40), nullable=False),
        sa.Column("fitzpatrick", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("reviewed_by", sa.Integer, nullable=True),
        sa.Column("reviewed_at", sa.DateTime, nullable=True),
        sa.Column("review_comment", sa.Text, nullable=True),
        sa.Column("anonymised_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_logbook_entries"),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["users.id"],
            ondelete="CASCADE",
            name="fk_logbook_entries_trainee_id_users",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["users.id"], name="fk_logbook_entries_reviewed_by_users"
        ),
        sa.CheckConstraint(
            "fitzpatrick >= 1 AND fitzpatrick <= 6", name="ck_logbook_entries_fitzpatrick_type"
        ),
        sa.CheckConstraint(
            "status IN ('submitted', 'returned', 'accepted')",
            name="ck_logbook_entries_status_known",
        ),
    )
    op.create_index(
        "ix_logbook_entries_trainee_id_treated_on",
        "logbook_entries",
        ["trainee_id", "treated_on"],
    )
    op.create_index("ix_logbook_entries_status", "logbook_entries", ["status"])


def downgrade() -> None:
    op.drop_index("ix_logbook_entries_status", table_name="logbook_entries")
    op.drop_index("ix_logbook_entries_trainee_id_treated_on", table_name="logbook_entries")
    op.drop_table("logbook_entries")

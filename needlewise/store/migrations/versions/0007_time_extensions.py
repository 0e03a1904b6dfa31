"""Per-trainee extra time on timed quizzes, set by an instructor.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "time_extensions",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("extra_percent", sa.Integer, nullable=False),
        sa.Column("set_by", sa.Integer, nullable=False),
        sa.Column("set_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_time_extensions"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            ondelete="CASCADE",
            name="fk_time_extensions_user_id_users",
        ),
        sa.ForeignKeyConstraint(["set_by"], ["users.id"], name="fk_time_extensions_set_by_users"),
        sa.CheckConstraint(
            "extra_percent >= 0 AND extra_percent <= 300",
            name="ck_time_extensions_extra_percent_range",
        ),
    )


def downgrade() -> None:
    op.drop_table("time_extensions")

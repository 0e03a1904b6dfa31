"""Quiz text typed in the Quiz studio and not saved yet, one per quiz and author, so that
leaving the page, reloading or a session ending loses nothing (needlewise.unsaved_edits).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unsaved_edits",
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("based_on", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kept_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("quiz_id", "username", name="pk_unsaved_edits"),
    )


def downgrade() -> None:
    op.drop_table("unsaved_edits")

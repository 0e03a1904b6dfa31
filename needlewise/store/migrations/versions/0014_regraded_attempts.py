"""Attempts say whether a regrade re-scored them with a corrected answer key: when, and
with which quiz version's key. Attempts made before were never regraded: both are empty.

Plain ALTER TABLE statements rather than a batch: a batch on SQLite may rebuild the
table, which would drop the change-stamp triggers migration 0011 put on it.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attempts", sa.Column("regraded_at", sa.DateTime, nullable=True))
    op.add_column("attempts", sa.Column("regraded_with", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("attempts", "regraded_with")
    op.drop_column("attempts", "regraded_at")

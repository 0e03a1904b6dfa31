"""Attempts keep the percent they scored on their quiz's must-pass section, so whether a
trainee passed a quiz with one (both pass marks in the same attempt) can be worked out in
the database for a whole cohort. Attempts handed in before are empty: they were judged on
their percent alone, and still are.

A plain ALTER TABLE statement rather than a batch: a batch on SQLite may rebuild the
table, which would drop the change-stamp triggers migration 0011 put on it.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attempts", sa.Column("section_percent", sa.Float, nullable=True))


def downgrade() -> None:
    op.drop_column("attempts", "section_percent")

"""Certificates keep why they are under review when a regrade re-marked a pass they rest
on as a fail after they were issued: a regrade never revokes a certificate, but every page
that shows it (the public verification page included) must say it is under review until an
administrator decides. Certificates issued before are not under review for this reason.

A plain ALTER TABLE statement rather than a batch, as in migration 0015.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("certificates", sa.Column("review_reason", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("certificates", "review_reason")

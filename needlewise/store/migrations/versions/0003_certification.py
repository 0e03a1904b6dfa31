"""Competency sign-offs, certificates and spaced-review cards.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "competency_signoffs",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("competency_id", sa.String(100), nullable=False),
        sa.Column("observed_on", sa.DateTime, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("signed_by", sa.Integer, nullable=False),
        sa.Column("signed_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
        sa.Column("revoked_by", sa.Integer, nullable=True),
        sa.Column("revoke_reason", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_competency_signoffs"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            ondelete="CASCADE",
            name="fk_competency_signoffs_user_id_users",
        ),
        sa.ForeignKeyConstraint(
            ["signed_by"], ["users.id"], name="fk_competency_signoffs_signed_by_users"
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["users.id"], name="fk_competency_signoffs_revoked_by_users"
        ),
    )
    op.create_index(
        "uq_competency_signoffs_active",
        "competency_signoffs",
        ["user_id", "competency_id"],
        unique=True,
        sqlite_where=sa.text("revoked_at IS NULL"),
        postgresql_where=sa.text("revoked_at IS NULL"),
    )
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
        sa.Column("revoked_by", sa.Integer, nullable=True),
        sa.Column("revoke_reason", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_certificates"),
        sa.UniqueConstraint("code", name="uq_certificates_code"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_certificates_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["users.id"], name="fk_certificates_revoked_by_users"
        ),
    )
    op.create_table(
        "review_cards",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("card", sa.JSON, nullable=False),
        sa.Column("due", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "question_id", name="pk_review_cards"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_review_cards_user_id_users"
        ),
    )
    op.create_index("ix_review_cards_user_id_due", "review_cards", ["user_id", "due"])
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("reviewed_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_review_log"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_review_log_user_id_users"
        ),
    )


def downgrade() -> None:
    for table in ("review_log", "review_cards", "certificates", "competency_signoffs"):
        op.drop_table(table)

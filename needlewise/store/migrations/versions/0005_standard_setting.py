"""Standard setting: Angoff ratings per rater and item, and adopted pass marks.

Revision ID: 0005
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "angoff_ratings",
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("rater_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("rating", sa.Float, nullable=False),
        sa.Column("quiz_version", sa.String(64), nullable=False),
        sa.Column("rated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("quiz_id", "rater_id", "question_id", name="pk_angoff_ratings"),
        sa.ForeignKeyConstraint(
            ["rater_id"], ["users.id"], ondelete="CASCADE", name="fk_angoff_ratings_rater_id_users"
        ),
        sa.CheckConstraint(
            "rating >= 0 AND rating <= 100", name="ck_angoff_ratings_rating_percent"
        ),
    )
    op.create_table(
        "adopted_pass_marks",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("quiz_version", sa.String(64), nullable=False),
        sa.Column("pass_mark", sa.Float, nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.Column("adopted_by", sa.Integer, nullable=False),
        sa.Column("adopted_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_adopted_pass_marks"),
        sa.ForeignKeyConstraint(
            ["adopted_by"], ["users.id"], name="fk_adopted_pass_marks_adopted_by_users"
        ),
    )
    op.create_index(
        "ix_adopted_pass_marks_quiz_id_adopted_at",
        "adopted_pass_marks",
        ["quiz_id", "adopted_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_adopted_pass_marks_quiz_id_adopted_at", table_name="adopted_pass_marks")
    op.drop_table("adopted_pass_marks")
    op.drop_table("angoff_ratings")

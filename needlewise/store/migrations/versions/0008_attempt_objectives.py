"""Marks per learning objective in each submitted attempt, for mastery without reading
every answer; filled from the attempts already submitted.

Revision ID: 0008
Revises: 0007
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _objectives(definition) -> dict[str, list[str]]:
    """Question id to its objectives, for every answerable question of a stored quiz
    (case questions hold their parts under ``questions``; a part without objectives has
    its case's)."""
    if isinstance(definition, str):
        definition = json.loads(definition)
    found: dict[str, list[str]] = {}
    for question in definition.get("questions", []):
        for leaf in question.get("questions") or [question]:
            found[leaf["id"]] = list(leaf.get("objectives") or question.get("objectives") or [])
    return found


def upgrade() -> None:
    op.create_table(
        "attempt_objectives",
        sa.Column("attempt_id", sa.Integer, nullable=False),
        sa.Column("objective", sa.String(100), nullable=False),
        sa.Column("earned", sa.Float, nullable=False),
        sa.Column("possible", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("attempt_id", "objective", name="pk_attempt_objectives"),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempts.id"],
            ondelete="CASCADE",
            name="fk_attempt_objectives_attempt_id_attempts",
        ),
    )
    connection = op.get_bind()
    tags = {
        (quiz_id, version): _objectives(definition)
        for quiz_id, version, definition in connection.execute(
            sa.text("SELECT quiz_id, version, definition FROM quiz_versions")
        )
    }
    rows = connection.execute(
        sa.text(
            "SELECT a.id, a.quiz_id, a.quiz_version, r.question_id, r.points, r.max_points "
            "FROM attempts a JOIN responses r ON r.attempt_id = a.id "
            "WHERE a.state = 'submitted' ORDER BY a.id"
        )
    )
    totals: dict[tuple[int, str], list[float]] = {}
    for attempt_id, quiz_id, version, question_id, points, max_points in rows:
        for objective in tags.get((quiz_id, version), {}).get(question_id, []):
            total = totals.setdefault((attempt_id, objective), [0.0, 0.0])
            total[0] += points or 0.0
            total[1] += max_points
    table = sa.table(
        "attempt_objectives",
        sa.column("attempt_id"),
        sa.column("objective"),
        sa.column("earned"),
        sa.column("possible"),
    )
    values = [
        {"attempt_id": a, "objective": o, "earned": e, "possible": p}
        for (a, o), (e, p) in totals.items()
    ]
    for start in range(0, len(values), 5000):
        connection.execute(table.insert(), values[start : start + 5000])


def downgrade() -> None:
    op.drop_table("attempt_objectives")

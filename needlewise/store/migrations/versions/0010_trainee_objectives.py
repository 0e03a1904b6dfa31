"""Each trainee's marks per learning objective over the latest submitted attempt at each
quiz, so the Gradebook finds weak objectives without summing every attempt on each rerun.

Submitting refreshes a trainee's rows in the same transaction; deleting an attempt (by
hand, or with its trainee) refreshes them in the database itself, through a trigger.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Marks per trainee and objective over each trainee's latest submitted attempt at each
# quiz, for the trainees ``{which}`` picks.
_LATEST_MARKS = """
INSERT INTO trainee_objectives (user_id, objective, earned, possible)
SELECT a.user_id, o.objective, SUM(o.earned), SUM(o.possible)
FROM attempts a JOIN attempt_objectives o ON o.attempt_id = a.id
WHERE {which} AND a.state = 'submitted'
  AND a.number = (
    SELECT MAX(b.number) FROM attempts b
    WHERE b.user_id = a.user_id AND b.quiz_id = a.quiz_id AND b.state = 'submitted'
  )
GROUP BY a.user_id, o.objective;
"""

# The deleted attempt's trainee's rows again, in a trigger (``OLD`` is the deleted row).
_REFRESH = "DELETE FROM trainee_objectives WHERE user_id = OLD.user_id;" + _LATEST_MARKS.format(
    which="a.user_id = OLD.user_id"
)

# A trainee being deleted takes their rows with them (the foreign key); the trigger must
# not put any back while the trainee's attempts are deleted one by one.
_SQLITE_TRIGGER = f"""
CREATE TRIGGER trainee_objectives_after_attempt_delete
AFTER DELETE ON attempts
WHEN OLD.state = 'submitted' AND EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id)
BEGIN
{_REFRESH}
END
"""

_POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION trainee_objectives_after_attempt_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'submitted' AND EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id) THEN
{_REFRESH}
  END IF;
  RETURN NULL;
END
$$
"""

_POSTGRESQL_TRIGGER = """
CREATE TRIGGER trainee_objectives_after_attempt_delete
AFTER DELETE ON attempts
FOR EACH ROW EXECUTE FUNCTION trainee_objectives_after_attempt_delete()
"""


def upgrade() -> None:
    op.create_table(
        "trainee_objectives",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("objective", sa.String(100), nullable=False),
        sa.Column("earned", sa.Float, nullable=False),
        sa.Column("possible", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "objective", name="pk_trainee_objectives"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            ondelete="CASCADE",
            name="fk_trainee_objectives_user_id_users",
        ),
    )
    op.execute(_LATEST_MARKS.format(which="TRUE"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRESQL_FUNCTION)
        op.execute(_POSTGRESQL_TRIGGER)
    else:
        op.execute(_SQLITE_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER trainee_objectives_after_attempt_delete ON attempts")
        op.execute("DROP FUNCTION trainee_objectives_after_attempt_delete()")
    else:
        op.execute("DROP TRIGGER trainee_objectives_after_attempt_delete")
    op.drop_table("trainee_objectives")

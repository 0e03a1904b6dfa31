"""A stamp that changes whenever anything the Gradebook's cohort table or its drawn rows
read changes, so the app can reuse them between reruns and never show them stale: every
run reads the stamp first, and a stamp it has not seen means reading the database again.

The stamp is one row holding a random value that a trigger on each watched table replaces
with a new random value, in the same transaction as the change. Random rather than a
count, so no two states of any database share one: not another database, and not this one
restored from a backup (or rewound to a point in time) and changed again, where a counter
would reach the values it had before the restore for other data. On PostgreSQL the stamp
changes once per transaction, at commit: the triggers are deferred, so a writer takes the
stamp's row lock last and never holds it while waiting for another lock (a TRUNCATE, which
only a person at the database would type, changes it at once: PostgreSQL has no deferred
trigger for it).

Revision ID: 0011
Revises: 0010
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# What the Gradebook's cohort table and its rows as drawn are made of
# (needlewise.gradebook: cohort_facts, shown_rows).
WATCHED = (
    "users",
    "user_roles",
    "lesson_progress",
    "attempts",
    "trainee_objectives",
    "adopted_pass_marks",
    "logbook_entries",
)

_SQLITE_NEW = "UPDATE cohort_stamp SET stamp = lower(hex(randomblob(16)));"
_POSTGRESQL_NEW = "UPDATE cohort_stamp SET stamp = replace(gen_random_uuid()::text, '-', '');"

_POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION cohort_stamp_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('needlewise.cohort_stamped', true) IS DISTINCT FROM 'yes' THEN
    {_POSTGRESQL_NEW}
    PERFORM set_config('needlewise.cohort_stamped', 'yes', true);
  END IF;
  RETURN NULL;
END
$$
"""


def _postgresql_triggers(table: str) -> list[str]:
    return [
        f"CREATE CONSTRAINT TRIGGER cohort_stamp_{table}"
        f" AFTER INSERT OR UPDATE OR DELETE ON {table}"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cohort_stamp_bump()",
        f"CREATE TRIGGER cohort_stamp_{table}_truncate AFTER TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION cohort_stamp_bump()",
    ]


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER cohort_stamp_{table}_{change.lower()} AFTER {change} ON {table}"
        f" BEGIN {_SQLITE_NEW} END"
        for change in ("INSERT", "UPDATE", "DELETE")
    ]


def upgrade() -> None:
    op.create_table(
        "cohort_stamp",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("stamp", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cohort_stamp"),
    )
    op.get_bind().execute(
        sa.text("INSERT INTO cohort_stamp (id, stamp) VALUES (1, :stamp)"),
        {"stamp": uuid.uuid4().hex},
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRESQL_FUNCTION)
        for table in WATCHED:
            for statement in _postgresql_triggers(table):
                op.execute(statement)
    else:
        for table in WATCHED:
            for statement in _sqlite_triggers(table):
                op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgresql:
            op.execute(f"DROP TRIGGER cohort_stamp_{table} ON {table}")
            op.execute(f"DROP TRIGGER cohort_stamp_{table}_truncate ON {table}")
        else:
            for change in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER cohort_stamp_{table}_{change}")
    if postgresql:
        op.execute("DROP FUNCTION cohort_stamp_bump()")
    op.drop_table("cohort_stamp")

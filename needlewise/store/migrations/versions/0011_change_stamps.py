"""Stamps that change whenever anything a page keeps between reruns changes, so the app
can reuse what it read and never show it stale: every run reads the stamp first, and a
stamp it has not seen means reading the database again.

Each stamp is one row holding a random value that a trigger on each table it watches
replaces with a new random value, in the same transaction as the change. Random rather
than a count, so no two states of any database share one: not another database, and not
this one restored from a backup (or rewound to a point in time) and changed again, where
a counter would reach the values it had before the restore for other data.

Two stamps, so that answers saved during a quiz (which item analysis reads, once handed
in) do not make the Gradebook read everything again:
- ``cohort``: what the Gradebook's cohort table and its drawn rows are made of;
- ``responses``: what item analysis is made of.

On PostgreSQL each stamp changes once per transaction, at commit: the triggers are
deferred, so a writer takes the stamps' row locks last and never holds one while waiting
for another lock, and every transaction takes both rows in one order (by name), so two
never wait on each other. A TRUNCATE, which only a person at the database would type,
changes the stamp at once: PostgreSQL has no deferred trigger for it.

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

STAMPS = {
    # needlewise.gradebook: cohort_facts, shown_rows
    "cohort": (
        "users",
        "user_roles",
        "lesson_progress",
        "attempts",
        "trainee_objectives",
        "adopted_pass_marks",
        "logbook_entries",
    ),
    # needlewise.item_analysis.report_for
    "responses": ("attempts", "responses", "quiz_versions"),
}

_POSTGRESQL_FUNCTION = """
CREATE FUNCTION renew_change_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  renewed text := 'needlewise.renewed_' || TG_ARGV[0];
BEGIN
  IF current_setting(renewed, true) IS DISTINCT FROM 'yes' THEN
    PERFORM 1 FROM change_stamps ORDER BY name FOR UPDATE;
    UPDATE change_stamps SET stamp = replace(gen_random_uuid()::text, '-', '')
    WHERE name = TG_ARGV[0];
    PERFORM set_config(renewed, 'yes', true);
  END IF;
  RETURN NULL;
END
$$
"""


def _postgresql_triggers(name: str, table: str) -> list[str]:
    return [
        f"CREATE CONSTRAINT TRIGGER {name}_stamp_{table}"
        f" AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED"
        f" FOR EACH ROW EXECUTE FUNCTION renew_change_stamp('{name}')",
        f"CREATE TRIGGER {name}_stamp_{table}_truncate AFTER TRUNCATE ON {table}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION renew_change_stamp('{name}')",
    ]


def _sqlite_triggers(name: str, table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {name}_stamp_{table}_{change.lower()} AFTER {change} ON {table}"
        " BEGIN UPDATE change_stamps SET stamp = lower(hex(randomblob(16)))"
        f" WHERE name = '{name}'; END"
        for change in ("INSERT", "UPDATE", "DELETE")
    ]


def upgrade() -> None:
    op.create_table(
        "change_stamps",
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("stamp", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_change_stamps"),
    )
    for name in STAMPS:
        op.get_bind().execute(
            sa.text("INSERT INTO change_stamps (name, stamp) VALUES (:name, :stamp)"),
            {"name": name, "stamp": uuid.uuid4().hex},
        )
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(_POSTGRESQL_FUNCTION)
    for name, tables in STAMPS.items():
        for table in tables:
            triggers = _postgresql_triggers if postgresql else _sqlite_triggers
            for statement in triggers(name, table):
                op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, tables in STAMPS.items():
        for table in tables:
            if postgresql:
                op.execute(f"DROP TRIGGER {name}_stamp_{table} ON {table}")
                op.execute(f"DROP TRIGGER {name}_stamp_{table}_truncate ON {table}")
            else:
                for change in ("insert", "update", "delete"):
                    op.execute(f"DROP TRIGGER {name}_stamp_{table}_{change}")
    if postgresql:
        op.execute("DROP FUNCTION renew_change_stamp()")
    op.drop_table("change_stamps")

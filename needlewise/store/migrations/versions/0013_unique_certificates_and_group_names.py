"""Two rules the code checks, held by the database as well, so that two requests at the
same moment cannot both pass the check.

One certificate issued at a time per trainee: ``certificates.number`` counts each trainee's
certificates in the order they were issued, unique per trainee, and a new certificate takes
the number after the latest one its issuer read. (A unique index on the trainee's
unrevoked certificates would not do: an expired certificate is not revoked, and a new one
is issued after it.) Existing certificates are numbered in the order they were issued. Two
valid ones that a race issued before this are both kept as they are: both were handed out,
either code may be on a printed certificate that someone checks, and the trainee's pages
show the newer one.

Group names unique ignoring case: a unique index on ``lower(name)``. Groups that already
share a name ignoring case (made before the code checked) are all kept, with their
members: the oldest keeps the name, each later one is renamed with " (2)", " (3)"... added,
and the audit log says which group was renamed, from what, and why.

Revision ID: 0013
Revises: 0012
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

NAME_LENGTH = 200

_NUMBER_IN_ISSUE_ORDER = """
UPDATE certificates SET number = (
  SELECT COUNT(*) FROM certificates earlier
  WHERE earlier.user_id = certificates.user_id
    AND (earlier.issued_at < certificates.issued_at
         OR (earlier.issued_at = certificates.issued_at AND earlier.id <= certificates.id))
)
"""

_cohorts = sa.table("cohorts", sa.column("id"), sa.column("name"), sa.column("created_at"))
_audit_log = sa.table(
    "audit_log",
    sa.column("at"),
    sa.column("actor"),
    sa.column("action"),
    sa.column("target"),
    sa.column("detail"),
)


def _with_suffix(name: str, number: int) -> str:
    suffix = f" ({number})"
    return name[: NAME_LENGTH - len(suffix)].rstrip() + suffix


def _rename_groups_sharing_a_name() -> None:
    """The oldest of groups whose names are equal ignoring case keeps its name; each later
    one gets the first free " (n)", free ignoring case among every group's name."""
    connection = op.get_bind()
    groups = connection.execute(
        sa.select(_cohorts.c.id, _cohorts.c.name).order_by(_cohorts.c.created_at, _cohorts.c.id)
    ).all()
    taken = {name.casefold() for _, name in groups}
    first: dict[str, str] = {}
    now = datetime.now(UTC).replace(tzinfo=None)
    for group_id, name in groups:
        if name.casefold() not in first:
            first[name.casefold()] = name
            continue
        kept = first[name.casefold()]
        number = 2
        while _with_suffix(name, number).casefold() in taken:
            number += 1
        renamed = _with_suffix(name, number)
        taken.add(renamed.casefold())
        connection.execute(
            sa.update(_cohorts).where(_cohorts.c.id == group_id).values(name=renamed)
        )
        connection.execute(
            sa.insert(_audit_log).values(
                at=now,
                actor=None,
                action="cohort_renamed",
                target=renamed,
                detail=(
                    f"was '{name}'; renamed when the database was upgraded, because the "
                    f"older group '{kept}' has the same name apart from capital letters "
                    "(its members are unchanged)"
                ),
            )
        )


def upgrade() -> None:
    op.add_column("certificates", sa.Column("number", sa.Integer, nullable=True))
    op.execute(_NUMBER_IN_ISSUE_ORDER)
    with op.batch_alter_table("certificates") as batch:
        batch.alter_column("number", existing_type=sa.Integer, nullable=False)
        batch.create_unique_constraint("uq_certificates_user_number", ["user_id", "number"])
    _rename_groups_sharing_a_name()
    op.create_index("uq_cohorts_lower_name", "cohorts", [sa.text("lower(name)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_cohorts_lower_name", table_name="cohorts")
    with op.batch_alter_table("certificates") as batch:
        batch.drop_constraint("uq_certificates_user_number", type_="unique")
        batch.drop_column("number")

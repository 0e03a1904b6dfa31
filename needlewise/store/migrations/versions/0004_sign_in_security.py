"""Sign-in security: revocable sessions, progressive sign-in delays, code-only invitations.

- ``users.session_version`` is written into every sign-in cookie; bumping it (sign-out,
  password change or reset, disabling, role change) makes every older cookie worthless.
- ``sign_in_throttle`` counts failed sign-ins per account name (existing or not) and per
  client, replacing the per-account hard lock (``users.failed_sign_ins``,
  ``users.locked_until``) that any stranger could trigger.
- Open invitations that had only an email address are withdrawn: an address is no proof
  of identity without a mail server, so every invitation now needs its code.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("session_version", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    # SQLite (3.35+) and PostgreSQL both drop a plain column in place.
    op.drop_column("users", "failed_sign_ins")
    op.drop_column("users", "locked_until")
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("next_attempt_at", sa.DateTime, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_sign_in_throttle"),
    )
    invitations = sa.table(
        "invitations",
        sa.column("code_hash", sa.String),
        sa.column("used_at", sa.DateTime),
        sa.column("revoked_at", sa.DateTime),
    )
    op.execute(
        invitations.update()
        .where(
            invitations.c.code_hash.is_(None),
            invitations.c.used_at.is_(None),
            invitations.c.revoked_at.is_(None),
        )
        .values(revoked_at=sa.func.current_timestamp())
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
    op.add_column("users", sa.Column("locked_until", sa.DateTime, nullable=True))
    op.add_column(
        "users",
        sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    op.drop_column("users", "session_version")

"""The credentials dict streamlit-authenticator wants, built from the database each run.

Only the sign-in widget (``auth``) reads it; it holds password hashes, so it is built
for the signed-in account alone once someone is signed in.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from ..store.schema import ROLES, user_roles, users


def for_authenticator(engine: Engine, only: str | None = None) -> dict:
    """The credentials dict streamlit-authenticator expects, built from the database."""
    query = select(users.c.id, users.c.username, users.c.name, users.c.email, users.c.password_hash)
    role_query = select(user_roles.c.user_id, user_roles.c.role)
    if only is not None:
        query = query.where(users.c.username == only)
        role_query = role_query.join(users, users.c.id == user_roles.c.user_id).where(
            users.c.username == only
        )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
        roles: dict[int, list[str]] = {}
        for user_id, role in connection.execute(role_query):
            roles.setdefault(user_id, []).append(role)
    result: dict[str, dict] = {}
    for row in rows:
        result[row.username] = {
            "name": row.name,
            "email": row.email,
            "password": row.password_hash,
            "roles": [r for r in ROLES if r in roles.get(row.id, [])],
            "failed_login_attempts": 0,
            "logged_in": False,
        }
    return {"usernames": result}

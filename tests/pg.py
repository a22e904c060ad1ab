"""A PostgreSQL server for the tests: SECRETARIAT_TEST_PG names a database on it that the tests may
connect to and create databases from (`postgresql://postgres@/postgres?host=/tmp/pg-socket`).
Each test gets a database of its own, made from a template in a blink and dropped afterwards."""

import os
from urllib.parse import urlsplit, urlunsplit

from app.models.base import new_uuid

ENV = "SECRETARIAT_TEST_PG"


def server_url() -> str | None:
    return os.environ.get(ENV) or None


def url_of(database: str, user: str | None = None, password: str | None = None) -> str:
    """The server's URL with another database (and login) in it."""
    parts = urlsplit(server_url())
    netloc = parts.netloc
    if user is not None:
        host = netloc.rsplit("@", 1)[-1]
        netloc = f"{user}:{password}@{host}" if password else f"{user}@{host}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, parts.fragment))


def _admin():
    import psycopg

    return psycopg.connect(server_url().replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def create_database(template: str | None = None, prefix: str = "t") -> str:
    """A new database (a copy of `template`, whose connections must all be closed); its name."""
    name = f"secretariat_{prefix}_{new_uuid().replace('-', '')[:16]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def drop_database(name: str) -> None:
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def execute(sql: str) -> None:
    """A statement as the server's administrator (roles, rights)."""
    with _admin() as conn:
        conn.execute(sql)


def db_state(db) -> object:
    """What a database holds, to compare before and after: a file's bytes; on a server, every row
    of every table (a server has no file, and a refused import must leave each row as it was)."""
    if db.path is not None:
        return db.path.read_bytes()
    from sqlalchemy import select, text

    from app.services.database.copying import reflect, tables_of

    with db.engine.connect() as conn:
        state = [("alembic_version", conn.execute(text("SELECT version_num FROM alembic_version")).all())]
        for table in tables_of(reflect(conn)):
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            state.append((table.name, [tuple(row) for row in rows]))
    return state


def new_identity(url: str) -> str:
    """A database cloned from the empty template gets an identity of its own, as one made new does."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("UPDATE app_setting SET value = %s WHERE key = 'copy_id'", (new_uuid(),))
    return url


def database_of(url: str) -> str:
    return urlsplit(url).path.strip("/")


def execute_in(url: str, sql: str) -> None:
    """A statement in the database at `url`, as the server's administrator."""
    import psycopg

    admin = url_of(database_of(url))
    with psycopg.connect(admin.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


STAFF = "secretariat_test_staff"  # the group role the README tells the IT department to make
PEOPLE = ("secretariat_test_karimova", "secretariat_test_akhmetova")


def ensure_people() -> tuple[str, ...]:
    """Two people's logins, members of the staff's group role (made once per server)."""
    for role in (STAFF, *PEOPLE):
        execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} {'NOLOGIN' if role == STAFF else 'LOGIN IN ROLE ' + STAFF}; END IF; END $$"
        )
    return PEOPLE


def grant_staff(url: str) -> None:
    """The rights the README gives the staff's group role, in the database at `url`."""
    execute_in(url, f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {STAFF}")
    execute_in(url, f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {STAFF}")

"""Alembic environment. The program runs it itself (app.services.database.schema); `alembic` on the command
line works too with alembic.ini at the top of the checkout."""

from alembic import context
from sqlalchemy import TypeDecorator, create_engine

from app.models import Base

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    """Write our TypeDecorators as the plain column type they store: a migration must not
    depend on application code that may change later."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl.__class__.__name__}()"
    return False


OPTIONS = {"target_metadata": target_metadata, "render_as_batch": True, "render_item": render_item}


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)


def _run(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
    context.configure(connection=connection, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

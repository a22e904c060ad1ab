"""The whole content of one database copied into another — a laptop's file onto a server, a
server into a file (its backup), a backup into a server (a restore) — row for row: ids, UUIDs,
codes, versions, the change log, the exchanges with their snapshots, the settings (the database's
identity too: the copy goes on exchanging as the original did). Both ends at the same schema
revision; values pass through each end's column types, so a file copied to a server and back is
the same, value for value (tests/test_copy.py).
"""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ...i18n import _
from ..errors import UserError

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table
    from sqlalchemy.engine import Connection

SKIPPED = ("alembic_version",)  # each end keeps its own: made by its migrations
IDENTITY = "copy_id"  # the setting a new schema is made with, given way to the source's
BATCH = 2000


def reflect(conn: "Connection") -> "MetaData":
    from sqlalchemy import MetaData

    meta = MetaData()
    meta.reflect(conn)
    return meta


def tables_of(meta: "MetaData") -> list["Table"]:
    """The tables in an order that writes every referenced row before the rows referring to it."""
    return [t for t in meta.sorted_tables if t.name not in SKIPPED]


def has_data(conn: "Connection", meta: "MetaData | None" = None) -> bool:
    """Whether a database holds anything but what its schema was made with."""
    from sqlalchemy import func, select

    meta = meta or reflect(conn)
    for table in tables_of(meta):
        query = select(func.count()).select_from(table)
        if table.name == "app_setting":
            query = query.where(table.c.key != IDENTITY)
        if conn.execute(query).scalar():
            return True
    return False


def copy_rows(source: "Connection", target: "Connection", *, replace: bool = False) -> dict[str, int]:
    """Every row of `source` into `target` (both in a transaction, at the same revision). `replace`:
    the target's rows go first (a restore); otherwise the target must hold no data. Returns the
    rows written per table."""
    from sqlalchemy import delete, insert

    theirs, ours = reflect(source), reflect(target)
    tables = tables_of(ours)
    missing = [t.name for t in tables if t.name not in theirs.tables]
    if missing:
        raise UserError(
            _("The two databases are of different versions of the program ({tables}).").format(
                tables=", ".join(missing)
            )
        )
    if not replace and has_data(target, ours):
        raise UserError(_("The target database already holds data; copies go into an empty one."))
    for table in reversed(tables):
        target.execute(delete(table))
    counts = {}
    for table in tables:
        counts[table.name] = 0
        for rows in _rows(source, theirs.tables[table.name], table):
            target.execute(insert(table), rows)
            counts[table.name] += len(rows)
    if target.dialect.name == "postgresql":
        from .server import reset_sequences

        reset_sequences(target, tables)
    return counts


def _rows(source: "Connection", theirs: "Table", ours: "Table") -> Iterator[list[dict]]:
    """The source table's rows as the target's columns take them, in batches, in the order of
    their keys; a table whose rows refer to each other (the roadmap's tree) parents first."""
    from sqlalchemy import select

    names = [c.name for c in ours.columns if c.name in theirs.c]
    query = select(*(theirs.c[n] for n in names)).order_by(*theirs.primary_key.columns)
    self_refs = [fk.parent.name for fk in ours.foreign_keys if fk.column.table is ours]
    result = source.execution_options(yield_per=BATCH).execute(query)
    if not self_refs:
        for part in result.partitions():
            yield [dict(zip(names, row, strict=True)) for row in part]
        return
    rows = [dict(zip(names, row, strict=True)) for row in result]
    ordered = _parents_first(rows, self_refs[0])
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def _parents_first(rows: list[dict], parent_column: str) -> list[dict]:
    by_id = {row["id"]: row for row in rows}
    placed: set = set()
    ordered: list[dict] = []
    for row in rows:
        chain: list[dict] = []
        seen: set = set()
        node: dict | None = row
        while node is not None and node["id"] not in placed and node["id"] not in seen:
            chain.append(node)
            seen.add(node["id"])
            node = by_id.get(node[parent_column])
        for item in reversed(chain):
            placed.add(item["id"])
            ordered.append(item)
    return ordered


@contextmanager
def reading(location: "str | Path") -> Iterator["Connection"]:
    """A connection that sees one moment of the database at `location` while others may write:
    a server's in a read-only REPEATABLE READ transaction; a file's through a copy made with
    SQLite's backup API (a file's reads are otherwise one moment per statement)."""
    from .location import is_server

    if is_server(location):
        from .server import make_engine

        engine = make_engine(str(location), readonly=True)
        try:
            with engine.connect() as conn:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn
        finally:
            engine.dispose()
        return
    from .backup import copy_database
    from .sqlite import make_engine as file_engine

    with tempfile.TemporaryDirectory(prefix="secretariat-copy-") as folder:
        frozen = Path(folder) / "snapshot.sqlite"
        copy_database(Path(location), frozen)
        engine = file_engine(frozen, readonly=True)
        try:
            with engine.connect() as conn, conn.begin():
                yield conn
        finally:
            engine.dispose()


def new_file(path: Path, revision: str) -> None:
    """An empty SQLite database at `revision` (a backup of a server keeps the server's revision)."""
    from .schema import upgrade
    from .sqlite import make_engine

    engine = make_engine(path)
    try:
        upgrade(engine, revision)
    finally:
        engine.dispose()

"""Moving a database between a laptop and a server (`main.py copy --from … --to …`): the whole
content, one moment of it, into a new file or an empty server database, all or nothing."""

import contextlib
from pathlib import Path

from ...i18n import _
from ..errors import UserError
from ..fields import ORDER
from . import Database
from .location import is_server


def copy_database(source: Database, target: "Path | str") -> dict[str, int]:
    """Copy `source` (open, at this version's schema) into `target`: a file that does not exist yet
    (or is empty), or a server database with no data (its schema is made if it has none). Returns
    counts: rows per table, `records` (the records that travel), `change_log`."""
    from .copying import copy_rows, reading

    if is_server(target):
        made = None
        Database(target).close()  # the schema made, or checked: not another program's, not newer
    else:
        target = Path(target)
        if target.exists() and target.stat().st_size > 0:
            raise UserError(_("{path} already exists; a copy goes into a new file.").format(path=target))
        if not target.parent.is_dir():
            raise UserError(_("Folder not found: {path}").format(path=target.parent))
        made = target
    try:
        if made is not None:
            Database(made).close()
        engine = _engine(target)
        try:
            with reading(source.location) as conn, engine.begin() as into:
                counts = copy_rows(conn, into)
                if is_server(target):
                    from .notices import announce
                    from .server import current_login

                    announce(into, current_login(into))
        finally:
            engine.dispose()
    except BaseException:
        if made is not None:  # a file this copy made is not left half-written
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    Path(str(made) + suffix).unlink(missing_ok=True)
        raise
    from ..fields import ENTITIES

    counts["records"] = sum(counts.get(ENTITIES[key].model.__tablename__, 0) for key in ORDER)
    return counts


def _engine(target: "Path | str"):
    if is_server(target):
        from .server import make_engine

        return make_engine(str(target))
    from .sqlite import make_engine as file_engine

    return file_engine(Path(target))

"""list the exchanges and what changed here since the last file sent"""

import argparse
import json
import sys

from ..i18n import N_, _
from .common import add_db, open_db

N_("list the exchanges and what changed here since the last file sent")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument(
        "--since-last-export",
        action="store_true",
        help=_("what changed since the last file sent (the default; kept for scripts)"),
    )
    parser.add_argument("--json", action="store_true", help=_("print as JSON"))


def run(args: argparse.Namespace) -> int:
    from ..services.exchange.since import changes_since_last_export, exchange_log

    with open_db(args, write=False) as db, db.session() as session:
        log = exchange_log(session)
        changes = changes_since_last_export(session)
    if args.json:
        json.dump(as_json(log, changes), sys.stdout, ensure_ascii=False, separators=(",", ":"))
        print()
    else:
        print_text(log, changes)
    return 0


def as_json(log, changes) -> dict:
    def entry(e) -> dict:
        return {
            "direction": e.direction.value,
            "origin": e.origin.value,
            "sequence": e.sequence,
            "at": e.at.isoformat(),
            "file": e.file_name,
            "records": e.records,
            "operator": e.operator,
            "acknowledged_at": e.acknowledged_at.isoformat() if e.acknowledged_at else None,
            "acknowledged_by": e.acknowledged_by,
        }

    return {
        "exchanges": [entry(e) for e in log],
        "since": entry(changes.since) if changes.since else None,
        "records": [
            {
                "entity": r.entity,
                "uuid": r.uuid,
                "action": r.action,
                "label": r.label,
                "fields": [{"field": f.key, "old": f.old, "new": f.new} for f in r.fields],
            }
            for r in changes.records
        ],
    }


def print_text(log, changes) -> None:
    from ..services.exchange.importing.present import Namer, field_label
    from ..services.exchange.since_text import action_label, entry_line
    from ..services.fields import ENTITIES

    print(_("Exchanges:") if log else _("No file has been sent or received yet."))
    for e in log:
        print("  " + entry_line(e))
    if changes.since is None:
        print(_("Nothing has been sent yet: everything is new for the other side."))
    else:
        print(_("Since the last file sent ({file}):").format(file=changes.since.file_name))
    if not changes.records:
        print("  " + _("nothing has changed."))
    namer = Namer(changes.current.records, changes.base.records)
    for record in changes.records:
        entity = _(ENTITIES[record.entity].label)
        print(f"  [{action_label(record.action)}] {entity}: {namer.name(record.entity, record.uuid)}")
        for f in record.fields:
            from ..services.exchange.importing.present import show_value

            old = show_value(record.entity, f.key, f.old, namer)
            new = show_value(record.entity, f.key, f.new, namer)
            print(f"      {field_label(record.entity, f.key)}: {old} → {new}")

"""The plan of an import as JSON (`import --json`): compact, so that scripts read it quickly —
unchanged records are counted, and listed only when asked (`--verbose`); every change, error,
record left out and note says where it is (sheet, row, column) and which record (its code)."""

import json
from typing import TYPE_CHECKING, Any

from .merge import RecordPlan

if TYPE_CHECKING:
    from .importer import Preview


KINDS = ("new", "updated", "conflict", "missing", "deleted")


def preview_json(preview: "Preview", verbose: bool = False) -> dict[str, Any]:
    plan = preview.plan
    code = _Codes(preview)
    counts = plan.counts()
    lists: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    unchanged: list[dict[str, Any]] = []
    for record in plan.records:
        if record.kind.value == "unchanged":
            if verbose:
                unchanged.append({"entity": record.entity, "uuid": record.uuid})
            continue
        lists[record.kind.value].append(_record(record, code))
    if verbose:
        unchanged += [{"entity": e, "uuid": u} for e, u in plan.settled]
    incoming = preview.incoming
    out = {
        "file": incoming.file_name,
        "sha256": incoming.sha256,
        "sender": incoming.sender.value if incoming.sender else None,
        "exchange": incoming.exchange_uuid,
        "sequence": incoming.sequence,
        "own_file": preview.own_file,
        "already_imported": preview.already_imported.isoformat() if preview.already_imported else None,
        "stale": preview.stale,
        "origin": preview.lineage.origin.value,
        "base": preview.base_from,
        "counts": {**counts, "conflicts": counts["conflict"], "left_out": len(preview.left_out)},
        "mass_deletion": preview.mass_deletion,
        "new": lists["new"],
        "updated": lists["updated"],
        "conflicts": lists["conflict"],
        "missing": lists["missing"],
        "deleted": lists["deleted"],
        "errors": [
            {
                "sheet": e.sheet,
                "row": e.row,
                "column": e.column,
                "value": _jsonable(e.value),
                "message": e.message,
                "entity": e.entity,
                "uuid": e.uuid,
                "code": code(e.entity, e.uuid),
            }
            for e in plan.errors
        ],
        "left_out": [
            {
                "entity": r.entity,
                "uuid": r.uuid,
                "code": code(r.entity, r.uuid),
                "where": r.where,
                "label": r.label,
            }
            for r in preview.left_out
        ],
        "notes": plan.notes,
    }
    if verbose:
        out["unchanged"] = unchanged
    return out


def _record(record: RecordPlan, code: "_Codes") -> dict[str, Any]:
    entry: dict[str, Any] = {
        "entity": record.entity,
        "uuid": record.uuid,
        "code": code(record.entity, record.uuid),
        "kind": record.kind.value,
        "label": record.label,
        "where": record.where,
    }
    if record.changes:
        entry["fields"] = [
            {
                "field": c.key,
                "base": c.base,
                "ours": c.ours,
                "theirs": c.theirs,
                "result": c.result,
                "conflict": c.conflict,
            }
            for c in record.changes
        ]
    if record.values:
        entry["values"] = record.values
    if record.dependants:
        entry["with"] = [{"entity": e, "uuid": u, "code": code(e, u)} for e, u in record.dependants]
    return entry


class _Codes:
    """The code people cite a record by (UZ-P-014; a roadmap item's number), from the file or ours."""

    def __init__(self, preview: "Preview"):
        self.sources = [preview.incoming.theirs, preview.ours]
        self.planned = {(r.entity, r.uuid): r.values for r in preview.plan.records if r.values}

    def __call__(self, entity: str, uuid: str) -> str | None:
        if not entity or not uuid:
            return None
        values = self.planned.get((entity, uuid))
        for source in self.sources:
            if values is None:
                try:
                    values = source.get(entity, uuid)
                except (KeyError, RuntimeError):  # a record of ours not read, gone since
                    values = None
        if not values:
            return None
        code: str | None = values.get("code") or values.get("number")
        return code


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return str(value)

"""The three-way merge of what the other side sent (theirs) into this database (ours), per field,
against the values both sides last shared (base). Pure: snapshots in, a plan out.

- changed only in theirs → take theirs; only in ours → keep ours; both to the same value → fine;
- both changed differently → a conflict with base, ours and theirs, for a person (or a rule);
- lists of references (executors, participants …) merge as sets: additions and removals from
  both sides are all kept, so they never conflict;
- a record new on either side is added; a record absent from a hand-edited file is *missing*
  (reported, never deleted); a deletion made in the other side's program arrives as a tombstone
  and deletes here, unless this side changed the record (or something that belongs to it) since
  they last shared it: then it is a conflict.
"""

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ....i18n import current_language, ngettext
from ...fields import ENTITIES, ORDER, REFS
from ...kinds import FieldKind
from ..workbook.snapshot import Records, RecordTable, Snapshot

DELETED = "*deleted*"  # the key of a "deleted on one side, changed on the other" conflict


class _Unknown(str):
    """A field's shared value that cannot be known: two files crossed with different values. A
    text no real value equals, so that comparing a record's canonical texts still works."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown("\x00unknown")


class Kind(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    MISSING = "missing"
    DELETED = "deleted"


class Choice(StrEnum):
    OURS = "ours"
    THEIRS = "theirs"
    VALUE = "value"


@dataclass(slots=True)  # a large file's plan holds one per record: slots make them quick and small
class FieldChange:
    key: str
    base: Any
    ours: Any
    theirs: Any
    result: Any  # the value after the merge (for a conflict: after it is resolved)
    conflict: bool = False
    choice: Choice | None = None

    @property
    def resolved(self) -> bool:
        return not self.conflict or self.choice is not None


@dataclass(slots=True)
class RecordPlan:
    entity: str
    uuid: str
    kind: Kind
    label: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # NEW: the record as it arrives
    where: str = ""  # sheet and row in the workbook, for messages
    # "theirs": they deleted it; "ours": we deleted it; "revived": we deleted it, they kept it
    deletion: str | None = None
    # A deletion: the records that go with it (its sub-items, reports, agenda …), never listed apart.
    dependants: list[tuple[str, str]] = field(default_factory=list)

    @property
    def conflicts(self) -> list[FieldChange]:
        return [c for c in self.changes if c.conflict]

    def resolve(self, choice: Choice, key: str | None = None, value: Any = None) -> None:
        for change in self.conflicts:
            if key is None or change.key == key:
                change.choice = choice
                if choice == Choice.OURS:
                    change.result = change.ours
                elif choice == Choice.THEIRS:
                    change.result = change.theirs
                else:
                    change.result = value


@dataclass
class Issue:
    """A problem in the incoming file, with where it is and a message in the user's language."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: Any = None
    entity: str = ""
    uuid: str = ""
    # Enough to say it again in the partner's language (error_workbook.py): the field of the cell
    # ("uuid" for the UUID column, "" for a whole row), and the language the message was made in.
    key: str = ""
    lang: str = field(default_factory=current_language)


@dataclass
class Plan:
    records: list[RecordPlan] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (entity, uuid) of records known unchanged from their texts alone: most of a large file, kept
    # apart from `records` so that nothing has to step over them (they change nothing).
    settled: list[tuple[str, str]] = field(default_factory=list)
    # (entity, uuid) of records the plan does not write but relies on: apply finds them as they
    # were (a meeting whose minutes, signed or not, decide whether its decisions may change).
    watched: list[tuple[str, str]] = field(default_factory=list)

    def of_kind(self, kind: Kind) -> list[RecordPlan]:
        found = [r for r in self.records if r.kind == kind]
        if kind == Kind.UNCHANGED:
            found += [RecordPlan(entity, uuid, Kind.UNCHANGED) for entity, uuid in self.settled]
        return found

    def counts(self) -> dict[str, int]:
        counts = {kind.value: 0 for kind in Kind}
        counts[Kind.UNCHANGED.value] = len(self.settled)
        for record in self.records:
            counts[record.kind.value] += 1
        counts["errors"] = len(self.errors)
        return counts

    def deletion_count(self) -> int:
        """Every record apply would remove: the deleted ones and all that belong to them."""
        return sum(1 + len(r.dependants) for r in self.records if r.deletion == "theirs" and _goes(r))

    def unresolved(self) -> list[tuple[RecordPlan, FieldChange]]:
        return [(r, c) for r in self.records for c in r.conflicts if not c.resolved]

    def resolve_all(self, choice: Choice) -> None:
        for record in self.records:
            record.resolve(choice)

    def find(self, entity: str, uuid: str) -> RecordPlan | None:
        for record in self.records:
            if record.entity == entity and record.uuid == uuid:
                return record
        return None

    @property
    def changes_anything(self) -> bool:
        return any(r.kind in (Kind.NEW, Kind.UPDATED, Kind.CONFLICT, Kind.DELETED) for r in self.records)


def _goes(record: RecordPlan) -> bool:
    """A deletion of theirs that apply carries out (as planned, or chosen in a conflict)."""
    if record.kind == Kind.DELETED:
        return True
    return any(c.key == DELETED and c.choice == Choice.THEIRS for c in record.changes)


def record_label(entity: str, values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    for group in ("name", "measure", "title", "full_name", "text"):
        for lang in ("ru", "uz", "kk"):
            text = values.get(f"{group}_{lang}")
            if text:
                prefix = values.get("number") or values.get("code") or ""
                return f"{prefix} {text}".strip()[:200]
    if values.get("code") or values.get("text"):
        return str(values.get("code") or values.get("text"))
    # A postponement, an unlocking: its date and its reason.
    when = values.get("report_date") or values.get("postponed_on") or values.get("unlocked_on") or ""
    return f"{when} {values.get('reason') or ''}".strip()[:200]


def _merge_set(base: list[str] | None, ours: list[str] | None, theirs: list[str] | None) -> list[str]:
    b, o, t = set(base or []), set(ours or []), set(theirs or [])
    return sorted((b - (b - o) - (b - t)) | (o - b) | (t - b))


def merge_field(kind: str, key: str, base: Any, ours: Any, theirs: Any, has_base: bool) -> FieldChange | None:
    """The change one field needs, or None when ours stays as it is."""
    if theirs == ours:
        return None
    if base is UNKNOWN:  # nothing both sides surely had: whichever changed, a person decides
        return FieldChange(key, None, ours, theirs, ours, conflict=True)
    if kind == REFS and has_base:
        merged = _merge_set(base, ours, theirs)
        return None if merged == sorted(ours or []) else FieldChange(key, base, ours, theirs, merged)
    if has_base and ours == base:
        return FieldChange(key, base, ours, theirs, theirs)
    if has_base and theirs == base:
        return None
    return FieldChange(key, base, ours, theirs, ours, conflict=True)


def _children(records: Records) -> dict[str, list[tuple[str, str]]]:
    """uuid → the records that belong to it (deleted with it): agenda items, decisions, reports,
    sub-items of the roadmap."""
    owned: dict[str, list[tuple[str, str]]] = {}
    for key in ORDER:
        entity = ENTITIES[key]
        owner_fields = [entity.owner.key] if entity.owner is not None else []
        if key == "roadmap_item":
            owner_fields.append("parent")
        for uuid, values in records.get(key, {}).items():
            for f in owner_fields:
                if values.get(f):
                    owned.setdefault(values[f], []).append((key, uuid))
    return owned


def _subtree(uuid: str, owned: dict[str, list[tuple[str, str]]]) -> Iterable[tuple[str, str]]:
    stack = list(owned.get(uuid, []))
    while stack:
        entity, child = stack.pop()
        yield entity, child
        stack.extend(owned.get(child, []))


def plan_merge(
    base: Snapshot,
    ours: Snapshot,
    theirs: Snapshot,
    *,
    where: dict[tuple[str, str], str] | None = None,
    covered: set[str] | None = None,
    settled: dict[str, set[str]] | None = None,
    old_news: Sequence[Snapshot] = (),
    gone: Set[str] = frozenset(),
) -> Plan:
    """Compare three snapshots. A record that was shared (in base) but is absent from theirs
    without a tombstone is reported missing, whatever kind of file it came from — for the kinds of
    record the file has a sheet for (`covered`; None: all). `settled`: `settled_records(base,
    theirs)` when the caller has it already.

    `old_news`: what earlier derivatives of the same file held (see lineage.py): a value one of
    them brought was merged then, and never overrides ours again. `gone`: records deleted in a
    newer file of the same program, which an older file must not bring back."""
    settled = settled if settled is not None else settled_records(base, theirs)
    for earlier in old_news:  # a record as an earlier copy had it brings nothing new either
        for key, rows in theirs.records.items():
            settled.setdefault(key, set()).update(rows.same_as(earlier.records.get(key, RecordTable())))
    merger = _Merger(base, ours, theirs, where or {}, old_news, gone)
    for key in ORDER:
        merger.theirs_records(key, settled.get(key, set()))
        merger.ours_records(key, covered is None or key in covered)
    return merger.finish()


class _Merger:
    """The plan being made, one kind of record at a time: first every record of theirs, then the
    records of ours that their file lacks."""

    def __init__(
        self,
        base: Snapshot,
        ours: Snapshot,
        theirs: Snapshot,
        where: dict[tuple[str, str], str],
        old_news: Sequence[Snapshot],
        gone: Set[str],
    ):
        self.base, self.ours, self.theirs = base, ours, theirs
        self.where, self.old_news, self.gone = where, old_news, gone
        self.plan = Plan()
        self.ignored: list[str] = []  # deletions of records they never had
        self._owned: dict[str, list[tuple[str, str]]] | None = None

    def owned(self) -> dict[str, list[tuple[str, str]]]:  # only deletions need it
        if self._owned is None:
            self._owned = _children(self.ours.records)
        return self._owned

    def add(self, *args: Any, **kwargs: Any) -> None:
        self.plan.records.append(RecordPlan(*args, **kwargs))

    # ---- theirs ---------------------------------------------------------------------------------

    def theirs_records(self, key: str, same: set[str]) -> None:
        kinds = {f.key: f.kind for f in ENTITIES[key].fields}
        ours_rows = self.ours.records.get(key, RecordTable())
        theirs_rows = self.theirs.records.get(key, RecordTable())
        base_rows = self.base.records.get(key, RecordTable())
        ours_uuids = ours_rows.keys()
        for uuid in theirs_rows:
            if uuid in same and uuid in ours_uuids:
                # Theirs is what both sides shared: whatever we did since stays. Decided on the
                # records' texts, without reading our values — most rows of a large file.
                self.plan.settled.append((key, uuid))
                continue
            t_values = theirs_rows[uuid]
            o_values = ours_rows.get(uuid)
            if o_values is None:
                self.not_ours(key, uuid, t_values, base_rows.get(uuid))
            elif t_values == o_values or all(o_values.get(k) == v for k, v in t_values.items()):
                # The common case, decided without looking at single fields.
                self.add(key, uuid, Kind.UNCHANGED, "", [], {}, self.where.get((key, uuid), ""))
            else:
                self.both(key, uuid, kinds, t_values, o_values, base_rows.get(uuid))

    def not_ours(
        self, key: str, uuid: str, t_values: dict[str, Any], b_values: dict[str, Any] | None
    ) -> None:
        """A record of theirs that we do not have: new, or deleted here."""
        if uuid in self.gone:
            return
        loc, label = self.where.get((key, uuid), ""), record_label(key, t_values)
        if uuid in self.ours.tombstones and uuid in self.base.tombstones:
            # They had our deletion and kept the record all the same (their choice in a conflict):
            # it comes back.
            self.add(key, uuid, Kind.NEW, label, [], dict(t_values), loc, deletion="revived")
        elif uuid in self.ours.tombstones:
            known = [b_values, *(earlier.get(key, uuid) for earlier in self.old_news)]
            if any(k is not None and _same(t_values, k) for k in known):
                return  # we deleted it; they have not touched it since: it stays deleted
            change = FieldChange(DELETED, "exists", "deleted", "changed", "deleted", conflict=True)
            self.add(key, uuid, Kind.CONFLICT, label, [change], dict(t_values), loc, deletion="ours")
        else:
            self.add(key, uuid, Kind.NEW, label, [], dict(t_values), loc)

    def both(
        self,
        key: str,
        uuid: str,
        kinds: dict[str, FieldKind],
        t_values: dict[str, Any],
        o_values: dict[str, Any],
        b_values: dict[str, Any] | None,
    ) -> None:
        """A record both sides have, with some field different: merged field by field."""
        has_base = b_values is not None
        b_values = b_values or {}
        changes = []
        for f_key, t_value in t_values.items():
            if f_key not in kinds:
                continue
            change = merge_field(
                kinds[f_key], f_key, b_values.get(f_key), o_values.get(f_key), t_value, has_base
            )
            if change and not _old_news(self.old_news, key, uuid, f_key, t_value):
                changes.append(change)
        kind = Kind.UNCHANGED
        if changes:
            kind = Kind.CONFLICT if any(c.conflict for c in changes) else Kind.UPDATED
        self.add(key, uuid, kind, record_label(key, o_values), changes, {}, self.where.get((key, uuid), ""))

    # ---- ours -----------------------------------------------------------------------------------

    def ours_records(self, key: str, covered: bool) -> None:
        """Records of ours their file lacks: deleted there (a tombstone), or missing from it."""
        theirs_rows = self.theirs.records.get(key, RecordTable())
        base_rows = self.base.records.get(key, RecordTable())
        tombstones = self.theirs.tombstones
        ours_rows = self.ours.records.get(key, RecordTable())
        for uuid in ours_rows:  # their values are read only for the few records met here
            if uuid in theirs_rows:
                continue
            if uuid in tombstones:
                self.deleted_there(key, uuid, ours_rows[uuid], uuid in base_rows)
            elif uuid in base_rows and covered:
                self.add(key, uuid, Kind.MISSING, record_label(key, ours_rows[uuid]))

    def deleted_there(self, key: str, uuid: str, values: dict[str, Any], shared: bool) -> None:
        label = record_label(key, values)
        if not shared:
            self.ignored.append(label)  # they never had it from us: they cannot have deleted it
            return
        owned = list(_subtree(uuid, self.owned()))
        if not any(self.ours.get(e, u) != self.base.get(e, u) for e, u in [(key, uuid), *owned]):
            self.add(key, uuid, Kind.DELETED, label, deletion="theirs", dependants=owned)
        else:  # we changed it, or something that belongs to it, since: a person decides
            change = FieldChange(DELETED, "exists", "changed", "deleted", "kept", conflict=True)
            self.add(key, uuid, Kind.CONFLICT, label, [change], deletion="theirs", dependants=owned)

    def finish(self) -> Plan:
        plan, ignored = self.plan, self.ignored
        if any(r.deletion == "theirs" for r in plan.records):
            _drop_cascaded(plan)
        if ignored:
            names = "; ".join(ignored[:10]) + ("…" if len(ignored) > 10 else "")
            plan.notes.append(
                ngettext(
                    "The file deletes {count} record that was never sent to the other side; "
                    "the deletion is ignored: {names}",
                    "The file deletes {count} records that were never sent to the other side; "
                    "the deletions are ignored: {names}",
                    len(ignored),
                ).format(count=len(ignored), names=names)
            )
        return plan


def _old_news(old_news: Sequence[Snapshot], entity: str, uuid: str, key: str, value: Any) -> bool:
    """Whether an earlier derivative of the same file brought this very value (merged then)."""
    for earlier in old_news:
        values = earlier.get(entity, uuid)
        if values is not None and key in values and values[key] == value:
            return True
    return False


def crossed_base(sent: Snapshot, received: Snapshot) -> Snapshot:
    """The base when two files crossed: we sent `sent` and, before they had it, they sent
    `received`, which we imported; now their next file, made after they merged `sent`, arrives.
    Each of the two is a state both sides have built on, and neither is *the* shared one: taking
    either alone would read a change of ours back to the other file's value as no change at all,
    and lose it silently. So a field keeps the value both files had; where they differed, the
    shared value is UNKNOWN, and any difference now goes to a person."""
    records: dict[str, RecordTable] = {}
    for key in sent.records.keys() | received.records.keys():
        ours_sent = sent.records.get(key, RecordTable())
        theirs_sent = received.records.get(key, RecordTable())
        agreed = ours_sent.same_as(theirs_sent)  # most records, compared as texts
        table = RecordTable()
        for uuid in ours_sent.keys() | theirs_sent.keys():
            if uuid in agreed or uuid not in theirs_sent:
                _copy(ours_sent, table, uuid)
            elif uuid not in ours_sent:
                _copy(theirs_sent, table, uuid)
            else:
                a, b = ours_sent[uuid], theirs_sent[uuid]
                table[uuid] = {k: a[k] if a.get(k, UNKNOWN) == b.get(k, UNKNOWN) else UNKNOWN for k in a | b}
        records[key] = table
    return Snapshot(records=records, tombstones={**received.tombstones, **sent.tombstones})


def _copy(source: RecordTable, target: RecordTable, uuid: str) -> None:
    """As its text when it has not been decoded: the merge can then settle it on texts alone."""
    text = source.raw_text(uuid)
    if text is None:
        target[uuid] = source[uuid]
    else:
        target.put_text(uuid, text)


def settled_records(base: Snapshot, theirs: Snapshot) -> dict[str, set[str]]:
    """entity → their records known to be what both sides shared from the texts alone: rows of a
    workbook whose checksums vouch for them (see rowcheck.py), most rows of a large file."""
    return {key: rows.same_as(base.records.get(key, RecordTable())) for key, rows in theirs.records.items()}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(b.get(k) == v for k, v in a.items())


def _drop_cascaded(plan: Plan) -> None:
    """A deletion takes the records that belong to the deleted one with it: they are listed as its
    dependants, not apart (and a dependant's own deletion conflict is its owner's)."""
    covered = {u for r in plan.records if r.deletion == "theirs" for _e, u in r.dependants}
    plan.records = [r for r in plan.records if not (r.deletion == "theirs" and r.uuid in covered)]


def result_values(record: RecordPlan) -> dict[str, Any]:
    """The field values an update writes (after conflicts are resolved)."""
    return {c.key: c.result for c in record.changes if c.key != DELETED and (not c.conflict or c.choice)}

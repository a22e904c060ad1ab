"""Names of records for the change history, in whichever of the three languages it is read.

A change-log row and a tombstone keep the record's name as it was (`stored_name`): one text when it
reads the same in every language (a code with a date), else {"ru": …, "uz": …, "kk": …} in JSON.
Shown (`Names`), a record is named as it is now; a deleted one by the values its deletion logged,
in the reader's language; failing that by the stored name (in Russian in rows of earlier versions).
"""

import inspect
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import LANGUAGES, N_, translate_label
from ..models import ChangeAction, ChangeLog, Tombstone, pick_text
from .fields import DEADLINE, ENTITIES, REF, REFS, Entity, from_plain

NAME_LENGTH = 300  # the size of the columns that keep it
ONE_BY_ONE = 100  # records of a kind read one by one (a screenful); past that, all of that kind at once


def stored_name(entity: Entity, obj) -> str:
    """The record's name in every language, to keep with its log rows and tombstone."""
    texts = {lang: entity.describe(obj, lang) for lang in LANGUAGES}
    if len(set(texts.values())) == 1 and not texts["ru"].startswith("{"):
        return texts["ru"][:NAME_LENGTH]
    limit = NAME_LENGTH
    while True:  # each text cut so that the three fit the column together
        text = json.dumps({k: v[:limit] for k, v in texts.items()}, ensure_ascii=False, sort_keys=True)
        if len(text) <= NAME_LENGTH:
            return text
        limit -= (len(text) - NAME_LENGTH) // len(texts) + 1


def shown_name(stored: str | None, lang: str) -> str:
    """A stored name in `lang` (falling back as texts do); an old one-language name as it is."""
    if not stored:
        return ""
    if stored.startswith("{"):
        try:
            data = json.loads(stored)
        except ValueError:
            return stored
        if isinstance(data, dict):
            return pick_text({k: v for k, v in data.items() if isinstance(v, str)}, lang)
    return stored


def name_from_values(entity: Entity, values: dict[str, Any], lang: str) -> str:
    """A record's name from its logged plain values, by the same rule as a living record's."""
    obj = entity.model()  # transient: never added to the session
    for f in entity.fields:
        if f.kind in (REF, REFS, DEADLINE) or f.key not in values:
            continue
        try:
            setattr(obj, f.attribute, from_plain(f, values[f.key]))
        except (ValueError, TypeError, ArithmeticError):
            continue
    try:
        return entity.describe(obj, lang)
    except (AttributeError, TypeError, ValueError):
        return ""


_PLAIN: dict[type, type] = {}


def plain_record(model: type, row) -> Any:
    """A table row as `describe` reads a record: its columns as attributes, with the model's own
    methods (`text()`, `label()`), without the ORM's bookkeeping — half the time and memory when a
    history names 25 000 records."""
    cls = _PLAIN.get(model)
    if cls is None:
        methods = {
            name: value
            for base in reversed(model.__mro__)
            for name, value in vars(base).items()
            if inspect.isfunction(value) and not name.startswith("__")
        }
        cls = _PLAIN[model] = type(f"Plain{model.__name__}", (), methods)
    obj = cls()
    obj.__dict__.update(row._mapping)  # a column (progress_report.text) hides a method of that name
    return obj


@dataclass(frozen=True)
class Named:
    name: str
    code: str | None = None
    deleted: bool = False
    known: bool = True


UNKNOWN = Named("", known=False)


class Names:
    """Names and codes of records by UUID in one language: a record read when first asked for (a
    screenful of changes names a few dozen), or every record at once (`load_all`: a search or a
    sort names them all); deleted ones by their deletion's log row, or their tombstone."""

    def __init__(self, session: Session, lang: str):
        self.session = session
        self.lang = lang
        self._live: dict[str, dict[str, Named | None]] = {key: {} for key in ENTITIES}
        self._complete: set[str] = set()
        self._gone: dict[str, Named] | None = None

    def load_all(self) -> None:
        for key in ENTITIES:
            self._load(key)

    def _load(self, entity_key: str) -> None:
        if entity_key in self._complete:
            return
        entity = ENTITIES[entity_key]
        columns = entity.model.__table__.c
        try:
            rows = self.session.execute(select(*columns), execution_options={"yield_per": 2000})
            named: dict[str, Named | None] = {
                row.uuid: self._named(entity, plain_record(entity.model, row)) for row in rows
            }
        except AttributeError:  # its name needs more than its own columns: the ORM's records
            named = {r.uuid: self._named(entity, r) for r in self.session.scalars(select(entity.model))}
        self._live[entity_key] = named
        self._complete.add(entity_key)

    def find(self, entity_key: str, uuid: str) -> Named:
        live = self._live.get(entity_key)
        if live is None:
            return UNKNOWN
        if uuid not in live and entity_key not in self._complete:
            if len(live) >= ONE_BY_ONE:
                self._load(entity_key)
                live = self._live[entity_key]
            else:
                entity = ENTITIES[entity_key]
                record = self.session.scalar(select(entity.model).where(entity.model.uuid == uuid))
                live[uuid] = self._named(entity, record) if record is not None else None
        found = live.get(uuid)
        if found is not None:
            return found
        if self._gone is None:
            self._gone = self._read_gone()
        return self._gone.get(uuid, UNKNOWN)

    def _named(self, entity: Entity, record) -> Named:
        return Named(entity.describe(record, self.lang), getattr(record, "code", None))

    def name(self, entity_key: str, uuid: str) -> str:
        found = self.find(entity_key, uuid)
        if not found.known:
            return translate_label(N_("(unknown record)"), self.lang)
        if found.deleted:
            return translate_label(N_("{name} (deleted)"), self.lang).format(name=found.name)
        return found.name

    def code(self, entity_key: str, uuid: str) -> str | None:
        return self.find(entity_key, uuid).code

    def _read_gone(self) -> dict[str, Named]:
        gone = {
            t.record_uuid: Named(shown_name(t.label, self.lang), deleted=True)
            for t in self.session.scalars(select(Tombstone))
        }
        deletions = self.session.execute(
            select(ChangeLog.entity, ChangeLog.record_uuid, ChangeLog.old_value)
            .where(ChangeLog.action == ChangeAction.DELETE)
            .order_by(ChangeLog.id)
        )
        for entity_key, uuid, raw in deletions:  # the last deletion of a record counts
            entity = ENTITIES.get(entity_key)
            try:
                values = json.loads(raw) if raw else None
            except ValueError:
                values = None
            if entity is None or not isinstance(values, dict):
                continue
            name = name_from_values(entity, values, self.lang) or gone.get(uuid, UNKNOWN).name
            code = values.get("code") if isinstance(values.get("code"), str) else None
            gone[uuid] = Named(name, code, deleted=True)
        return gone

"""The kinds of field, each one object that knows its values: how they are stored on a record, how
they read as plain values (fields.py), how a person's typing or a workbook's cell is read, how they
are checked, how they are shown, and which editor the forms give them.

Adding a kind is adding a class here (and, if no editor fits, a widget in app/ui/forms/widgets.py
under the name the class gives in `editor`); the rest of the program asks `handler(field)`.

Plain values (fields.py): text → str (empty is None), int, decimal → "1500000.00", date →
"2026-11-24", time → "10:00", enum → its value, bool, ref → UUID, refs → sorted list of UUIDs,
deadline → "2026-12-31" | "2026-Q4" | "permanent" | "quarterly" (… the ongoing kinds) | None.
"""

import re
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..i18n import N_, _, translate_in, translate_label

if TYPE_CHECKING:
    from .fields import Field


class FieldKind(StrEnum):
    TEXT = "text"
    LONGTEXT = "longtext"
    INT = "int"
    DECIMAL = "decimal"
    MONEY = "money"
    DATE = "date"
    TIME = "time"
    ENUM = "enum"
    BOOL = "bool"
    REF = "ref"
    REFS = "refs"
    DEADLINE = "deadline"
    CURRENCY = "currency"
    TZ = "timezone"


NOT_NEGATIVE = {"total_cost", "jobs", "duration_minutes", "number", "position"}
# Every text travels in an Excel cell, which holds at most 32 767 characters: longer would come
# back cut off.
MAX_TEXT = 32_767
DEADLINE_RE = re.compile(r"^(\d{4})-Q([1-4])$")
TIMEZONE_NAMES = {"Asia/Tashkent": N_("Tashkent"), "Asia/Almaty": N_("Astana")}
DATE_EXAMPLE = "15.03.2027"
TEXT_REQUIRED = N_("a text; the cell must not be empty")
TEXT_LIMIT = N_("a text of at most 32 767 characters")


class Kind:
    """A kind of field; the defaults are those of a one-line text."""

    kind: FieldKind
    editor = "text"  # the forms' editor for it (app/ui/forms/widgets.py EDITORS)
    look = "text"  # the look of its column in a workbook we write (number format, alignment)

    # ---- stored on a record ---------------------------------------------------------------------

    def get(self, obj: Any, f: "Field") -> Any:
        """The field's plain value on a model object."""
        return self.to_plain(f, getattr(obj, f.attribute))

    def to_plain(self, f: "Field", value: Any) -> Any:
        """A model attribute's value → plain."""
        return value or None

    def from_plain(self, f: "Field", plain: Any) -> Any:
        """Plain → the model attribute's value (references are resolved by the store)."""
        return str(plain)

    def store(self, obj: Any, f: "Field", plain: Any, resolve) -> None:
        """Set the field on a model object; `resolve(entity, uuid)` finds a referenced record."""
        setattr(obj, f.attribute, None if plain in (None, "") else self.from_plain(f, plain))

    # ---- checked, read, shown -------------------------------------------------------------------

    def check(self, f: "Field", plain: Any) -> str | None:
        """A message when a (non-empty) plain value cannot be stored, else None; may raise
        ValueError or TypeError, which `invalid` then words."""
        if isinstance(plain, str) and len(plain) > MAX_TEXT:
            return _("The text is too long.")
        return None

    def invalid(self, f: "Field", plain: Any) -> str:
        return _("Enter a number.")

    def parse(self, f: "Field", cell: Any) -> Any:
        """A cell of a workbook, or what a person typed (not blank) → plain; ValueError with a
        message in the user's language."""
        from .exchange.workbook.values import parse_text

        return parse_text(cell)

    def show(self, f: "Field", plain: Any, names: Any, lang: str) -> str:
        """A (non-empty) plain value as a person reads it; `names.name(entity, uuid)` names records."""
        return str(plain)

    def expected(self, f: "Field", lang: str) -> str:
        """What a cell of the field should hold, with an example, in `lang` (the error workbook)."""
        return translate_in(lang, TEXT_REQUIRED if f.required else TEXT_LIMIT)

    def choices_key(self, f: "Field") -> str | None:
        """The list a workbook's drop-down for the field offers (None: no drop-down)."""
        return None

    def choices(
        self, f: "Field", records: dict, labels: dict[str, dict[str, str]], lang: str
    ) -> tuple[str, list]:
        """(header, [(label, value)]) of that list, in `lang`; `records`: what the workbook holds."""
        raise NotImplementedError(self.kind)  # only the kinds with a choices_key have a list

    def cell(self, f: "Field", labels: dict[str, dict[str, str]], lang: str) -> Callable[[Any], Any] | None:
        """A non-empty plain value → its cell in a workbook we write, as people read it (`labels`:
        the names that reference cells give records); None: the value goes as it is (texts)."""
        return None


class TextValues(Kind):
    kind = FieldKind.TEXT


class LongTextValues(TextValues):
    kind = FieldKind.LONGTEXT
    editor = "longtext"


class IntValues(Kind):
    kind = FieldKind.INT
    editor = "int"
    look = "int"

    def to_plain(self, f, value):
        return None if value is None else int(value)

    def from_plain(self, f, plain):
        return int(plain)

    def check(self, f, plain):
        if isinstance(plain, bool) or int(plain) != plain:
            return _("Enter a whole number.")
        if f.key in NOT_NEGATIVE and plain < 0:
            return _("The number cannot be negative.")
        return None

    def parse(self, f, cell):
        from .exchange.workbook.values import parse_int

        return parse_int(cell)

    def show(self, f, plain, names, lang):
        from .formatting import format_number

        return format_number(int(plain), lang)

    def expected(self, f, lang):
        return translate_in(lang, N_("a whole number like {number}")).format(number="250")

    def cell(self, f, labels, lang):
        return int


class DecimalValues(Kind):
    kind = FieldKind.DECIMAL
    editor = "decimal"
    look = "decimal"

    def to_plain(self, f, value):
        return None if value is None else f"{Decimal(value).quantize(Decimal('0.01'))}"

    def from_plain(self, f, plain):
        return Decimal(str(plain))

    def check(self, f, plain):
        number = Decimal(str(plain))
        if not number.is_finite():
            return _("Enter a number.")
        if number < 0:
            return _("The number cannot be negative.")
        if f.percent and number > 100:
            return _("A share is between 0 and 100 %.")
        if abs(number) >= Decimal("1e15"):
            return _("The number is too large.")
        return None

    def parse(self, f, cell):
        from .exchange.workbook.values import parse_decimal

        return f"{parse_decimal(cell).quantize(Decimal('0.01'))}"

    def show(self, f, plain, names, lang):
        from .formatting import format_number

        return format_number(Decimal(plain), lang, 2)

    def expected(self, f, lang):
        return translate_in(lang, N_("a number like {number}")).format(number="49,5")

    def cell(self, f, labels, lang):
        return Decimal


class MoneyValues(DecimalValues):
    kind = FieldKind.MONEY
    look = "money"

    def expected(self, f, lang):
        text = translate_in(lang, N_("a number like {plain} or {grouped}"))
        return text.format(plain="1500000", grouped="1 500 000,50")


class DateValues(Kind):
    kind = FieldKind.DATE
    editor = "date"
    look = "date"

    def to_plain(self, f, value):
        return None if value is None else value.isoformat()

    def from_plain(self, f, plain):
        return plain if isinstance(plain, date) else date.fromisoformat(plain)

    def check(self, f, plain):
        parsed = plain if isinstance(plain, date) else date.fromisoformat(plain)
        if not 1900 <= parsed.year <= 2200:
            return _("The date is out of range.")
        return None

    def invalid(self, f, plain):
        return _("Not a valid date: {value}").format(value=plain)

    def parse(self, f, cell):
        from .exchange.workbook.values import parse_date

        return parse_date(cell).isoformat()

    def show(self, f, plain, names, lang):
        from .formatting import format_date

        return format_date(date.fromisoformat(plain), lang)

    def expected(self, f, lang):
        return translate_in(lang, N_("a date like {date}")).format(date=DATE_EXAMPLE)

    def cell(self, f, labels, lang):
        return date.fromisoformat


class TimeValues(Kind):
    kind = FieldKind.TIME
    editor = "time"
    look = "time"

    def to_plain(self, f, value):
        return None if value is None else value.strftime("%H:%M")

    def from_plain(self, f, plain):
        return plain if isinstance(plain, time) else time.fromisoformat(plain)

    def check(self, f, plain):
        if not isinstance(plain, time):
            time.fromisoformat(plain)
        return None

    def invalid(self, f, plain):
        return _("Not a valid time: {value}").format(value=plain)

    def parse(self, f, cell):
        from .exchange.workbook.values import parse_time

        return parse_time(cell)

    def expected(self, f, lang):
        return translate_in(lang, N_("a time like {time}")).format(time="10:00")

    def cell(self, f, labels, lang):
        return time.fromisoformat


class EnumValues(Kind):
    kind = FieldKind.ENUM
    editor = "enum"

    def to_plain(self, f, value):
        return None if value is None else f.enum(value).value

    def from_plain(self, f, plain):
        return f.enum(plain)

    def check(self, f, plain):
        f.enum(plain)
        return None

    def invalid(self, f, plain):
        return _("Unknown value: {value}").format(value=plain)

    def parse(self, f, cell):
        from .labels import parse_enum

        member = parse_enum(f.enum, str(cell))
        if member is None:
            raise ValueError(_("Unknown value: {value}").format(value=cell))
        return member.value

    def show(self, f, plain, names, lang):
        from .labels import label

        return label(f.enum(plain), lang)

    def expected(self, f, lang):
        from .labels import label

        values = ", ".join(label(member, lang) for member in f.enum)
        return translate_in(lang, N_("one of: {values}")).format(values=values)

    def cell(self, f, labels, lang):
        from .labels import label

        return {m.value: label(m, lang) for m in f.enum}.__getitem__

    def choices_key(self, f):
        return f"enum:{f.enum.__name__}"

    def choices(self, f, records, labels, lang):
        from .fields import ENTITIES
        from .labels import label

        entity = next(e for e in ENTITIES.values() if f in e.fields)
        header = f"{translate_in(lang, entity.label)}: {translate_in(lang, f.label)}"
        return header, [(label(m, lang), m.value) for m in f.enum]


class BoolValues(Kind):
    kind = FieldKind.BOOL
    editor = "bool"
    look = "bool"

    def to_plain(self, f, value):
        return None if value is None else bool(value)

    def from_plain(self, f, plain):
        return bool(plain)

    def check(self, f, plain):
        return None if isinstance(plain, bool) else _("Enter yes or no.")

    def parse(self, f, cell):
        from .exchange.workbook.values import parse_bool

        return parse_bool(cell)

    def show(self, f, plain, names, lang):
        return translate_label(N_("yes") if plain else N_("no"), lang)

    def expected(self, f, lang):
        text = translate_in(lang, N_("“{yes}” or “{no}”"))
        return text.format(yes=translate_in(lang, "yes"), no=translate_in(lang, "no"))

    def cell(self, f, labels, lang):
        return bool


class CurrencyValues(Kind):
    kind = FieldKind.CURRENCY
    editor = "currency"

    def check(self, f, plain):
        from ..models import CURRENCIES

        return None if plain in CURRENCIES else _("Unknown currency: {value}").format(value=plain)

    def parse(self, f, cell):
        from .exchange.workbook.values import parse_currency

        return parse_currency(cell)

    def expected(self, f, lang):
        from ..models import CURRENCIES

        return translate_in(lang, N_("a currency code: {values}")).format(values=", ".join(CURRENCIES))

    def choices_key(self, f):
        return "currency"

    def choices(self, f, records, labels, lang):
        from ..models import CURRENCIES

        return translate_in(lang, f.label), [(c, c) for c in CURRENCIES]


class TimezoneValues(Kind):
    kind = FieldKind.TZ
    editor = "timezone"

    def check(self, f, plain):
        from ..models import TIMEZONES

        return None if plain in TIMEZONES else _("Unknown time zone: {value}").format(value=plain)

    def parse(self, f, cell):
        from .exchange.workbook.values import parse_timezone

        return parse_timezone(cell)

    def show(self, f, plain, names, lang):
        return translate_label(TIMEZONE_NAMES.get(plain, plain), lang)

    def expected(self, f, lang):
        from ..models import TIMEZONES

        return translate_in(lang, N_("a time zone: {values}")).format(values=", ".join(TIMEZONES))

    def choices_key(self, f):
        return "timezone"

    def choices(self, f, records, labels, lang):
        from ..models import TIMEZONES

        return translate_in(lang, f.label), [(t, t) for t in TIMEZONES]


class RefValues(Kind):
    """A reference to one record: its UUID. Read from a cell by name elsewhere (refs.py)."""

    kind = FieldKind.REF
    editor = "ref"

    def to_plain(self, f, value):
        return None if value is None else value.uuid

    def store(self, obj, f, plain, resolve):
        setattr(obj, f.attribute, resolve(f.ref, plain) if plain else None)

    def check(self, f, plain):
        return None if isinstance(plain, str) else _("Unknown record.")

    def show(self, f, plain, names, lang):
        return names.name(f.ref, plain)

    def expected(self, f, lang):
        return ""  # which record a cell may name: expected.py, by the kind of record

    def cell(self, f, labels, lang):
        names = labels[f.ref]
        return lambda plain: names.get(plain, plain)

    def choices_key(self, f):
        return f"ref:{f.ref}" + (f":{f.side.value}" if f.side else "")

    def choices(self, f, records, labels, lang):
        """The records a cell may name (of the field's side only), by their names, A to Z."""
        from .fields import ENTITIES
        from .labels import label

        header = translate_in(lang, ENTITIES[f.ref].plural)
        if f.side:
            header += f" ({label(f.side, lang)})"
        names = labels[f.ref]
        pairs = [
            (names[u], u)
            for u, rec in records[f.ref].items()
            if f.side is None or rec.get("side") == f.side.value
        ]
        pairs.sort(key=lambda p: (p[0].casefold(), p[1]))
        return header, pairs


class RefsValues(RefValues):
    """References to several records, as a sorted list of UUIDs; a field with a side holds that
    side's part of a list the record shares (a roadmap item's executors of each side)."""

    kind = FieldKind.REFS
    editor = "refs"

    def to_plain(self, f, value):
        return sorted(o.uuid for o in value or () if f.side is None or o.side == f.side)

    def store(self, obj, f, plain, resolve):
        chosen = [resolve(f.ref, u) for u in plain or []]
        if f.side is not None:  # one side's part of a shared list (executors, partners)
            chosen = [o for o in getattr(obj, f.attribute) if o.side != f.side] + chosen
        setattr(obj, f.attribute, chosen)

    def check(self, f, plain):
        ok = isinstance(plain, list) and all(isinstance(v, str) for v in plain)
        return None if ok else _("Unknown record.")

    def show(self, f, plain, names, lang):
        return "; ".join(names.name(f.ref, v) for v in plain)

    def cell(self, f, labels, lang):
        from .exchange.workbook.layout import REF_SEPARATOR

        names = labels[f.ref]
        return lambda plain: REF_SEPARATOR.join(sorted((names.get(u, u) for u in plain), key=str.casefold))


class DeadlineValues(Kind):
    """A roadmap item's deadline: a date, a quarter, permanently or at a rhythm — kept on the record
    in four columns (its kind, and the date or the year and quarter)."""

    kind = FieldKind.DEADLINE
    editor = "deadline"
    look = "deadline"

    def get(self, obj, f):
        from .fields import deadline_plain

        return deadline_plain(obj, f.attribute)

    def store(self, obj, f, plain, resolve):
        from .fields import set_deadline

        set_deadline(obj, plain or None, f.attribute)

    def check(self, f, plain):
        from ..models import ONGOING

        if plain not in ONGOING and not DEADLINE_RE.match(plain):
            parsed = date.fromisoformat(plain)
            if not 2000 <= parsed.year <= 2100:
                return _("The date is out of range.")
        return None

    def invalid(self, f, plain):
        return _("Not a valid date: {value}").format(value=plain)

    def parse(self, f, cell):
        from .exchange.workbook.values import parse_deadline

        return parse_deadline(cell)

    def show(self, f, plain, names, lang):
        from ..models import LEGACY_DEADLINES, ONGOING
        from .formatting import format_date, format_deadline

        plain = LEGACY_DEADLINES.get(plain, plain)  # in the history of an earlier version
        if plain in ONGOING:
            return format_deadline(plain, None, None, None, lang)
        if "-Q" in plain:
            year, quarter = plain.split("-Q")
            return format_deadline("quarter", None, int(year), int(quarter), lang)
        return format_date(date.fromisoformat(plain), lang)

    def expected(self, f, lang):
        from ..models import DeadlineKind
        from .formatting import format_deadline
        from .labels import label

        text = translate_in(lang, N_("a date like {date}, or a quarter like {quarter}, or “{regular}”"))
        quarter = format_deadline(DeadlineKind.QUARTER, None, 2027, 1, lang)
        return text.format(date=DATE_EXAMPLE, quarter=quarter, regular=label(DeadlineKind.PERMANENT, lang))

    def cell(self, f, labels, lang):
        from .exchange.workbook.layout import deadline_cell

        return lambda plain: deadline_cell(plain, lang)


HANDLERS: dict[FieldKind, Kind] = {
    k.kind: k()
    for k in (
        TextValues,
        LongTextValues,
        IntValues,
        DecimalValues,
        MoneyValues,
        DateValues,
        TimeValues,
        EnumValues,
        BoolValues,
        CurrencyValues,
        TimezoneValues,
        RefValues,
        RefsValues,
        DeadlineValues,
    )
}


def handler(f: "Field") -> Kind:
    """The kind of a field, as the object that knows its values."""
    return HANDLERS[f.kind]

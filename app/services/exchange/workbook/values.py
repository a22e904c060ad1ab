"""Cell values as people type them → plain values. Each parser returns the plain value or raises
ValueError with a message in the user's language.

Accepted: dates `24.11.2026`, `24/11/2026`, `2026-11-24`, Excel serial numbers (also as floats
`46350.0`); numbers `1 500 000,50`, `1,500,000.50`, `14.0` for 14; statuses and other lists in
any of the three languages and any case; deadlines as a date, `IV квартал 2026`, `2026-Q4`,
`2026-yil IV chorak`, `на постоянной основе`.

Refused, with the full form asked for: what could mean two things is never guessed. `1,500` and
`1.500` (one thousand five hundred, or one and a half?) and two-digit years (`01.01.27`).
"""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ....i18n import _
from ....models import CURRENCIES, ONGOING, TIMEZONES, DeadlineKind
from ...fields import (
    Field,
)
from ...kinds import FieldKind, handler
from ...labels import fold, parse_enum, visible

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_DATE_DMY = re.compile(
    r"^(\d{1,2})\s*[./\-\s]\s*(\d{1,2})\s*[./\-\s]\s*(\d{2}|\d{4})(?:\s*(?:г\.?|года?|y\.?|yil|ж\.?|жыл(?:ғы)?))?$"
)
# The day in quotes, as letters write it: «15» марта 2027 г.
_QUOTED_DAY = re.compile(r"^[«\"“„']\s*(\d{1,2})\s*[»\"”“']")
# One separator and three digits after it: a thousands separator in one convention, the decimal one
# in the other. A leading 0 (`0,500`) or four digits before it (`1500,000`) cannot be thousands.
_AMBIGUOUS = re.compile(r"([-+]?[1-9]\d{0,2})([.,])(\d{3})")
_DATE_YMD = re.compile(r"^(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_WORDS = r"(?:квартал|кв\.?|chorak|чорак|тоқсан|quarter|q)"
_QUARTER = [
    re.compile(rf"^(?P<q>i{{1,3}}|iv|[1-4])\s*(?:-?\s*{_QUARTER_WORDS})\s*(?P<y>\d{{4}})"),
    re.compile(
        rf"^(?P<y>\d{{4}})\s*(?:-?\s*(?:yil|йил|ж\.?|жыл|жылғы|г\.?|года?))?\s*-?\s*(?P<q>i{{1,3}}|iv|[1-4])\s*-?\s*{_QUARTER_WORDS}"
    ),
    re.compile(r"^(?P<y>\d{4})\s*-?\s*q(?P<q>[1-4])$"),
    re.compile(r"^q(?P<q>[1-4])\s*(?P<y>\d{4})$"),
]
# A date written with its month's name, as in letters and minutes: "1 июня 2027 г.",
# "2027-yil 1-iyun", "2027 жылғы 1 маусым". Each month by the stems of its names in ru, uz and kk.
_MONTHS = [
    (1, ("январ", "yanvar", "қаңтар")),
    (2, ("феврал", "fevral", "ақпан")),
    (3, ("март", "mart", "наурыз")),
    (4, ("апрел", "aprel", "сәуір")),
    (5, ("мая", "май", "may", "мамыр")),
    (6, ("июн", "iyun", "маусым")),
    (7, ("июл", "iyul", "шілде")),
    (8, ("август", "avgust", "тамыз")),
    (9, ("сентябр", "sentabr", "sentyabr", "қыркүйек")),
    (10, ("октябр", "oktabr", "oktyabr", "қазан")),
    (11, ("ноябр", "noyabr", "қараша")),
    (12, ("декабр", "dekabr", "желтоқсан")),
]
_MONTH_ENDINGS = {"", "а", "я", "ь", "gacha", "ға", "ге", "қа", "ке"}
_YEAR_WORD = r"(?:г\.?|года?|yil(?:ning)?|йил(?:нинг)?|y\.?|ж\.?|жыл(?:ғы)?)"  # йил: Uzbek in Cyrillic
_DATE_D_MONTH_Y = re.compile(rf"^(\d{{1,2}})\s*-?\s*([^\W\d]+)\s+(\d{{4}})(?:\s*-?\s*{_YEAR_WORD})?\.?$")
_DATE_Y_D_MONTH = re.compile(rf"^(\d{{4}})\s*-?\s*(?:{_YEAR_WORD})?\s*(\d{{1,2}})\s*-?\s*([^\W\d]+)$")
# "до 01.06.2027", "не позднее 1 июня 2027 г.", "2027-yil 1-iyungacha", "2027 жылғы 1 маусымға
# дейін": a deadline is the date it names.
_BY_DATE = re.compile(r"^(?:до|по|не позднее)\s+(.+)$|^(.+?)\s*(?:дейін|gacha|гача)$")

_CURRENCY_ALIASES = {
    "$": "USD",
    "дол": "USD",
    "долл": "USD",
    "доллар": "USD",
    "€": "EUR",
    "евро": "EUR",
    "сум": "UZS",
    "soʻm": "UZS",
    "som": "UZS",
    "sum": "UZS",
    "тенге": "KZT",
    "теңге": "KZT",
    "₸": "KZT",
    "тг": "KZT",
    "руб": "RUB",
    "рубль": "RUB",
    "₽": "RUB",
    "юань": "CNY",
    # as amounts are written in letters and reports: "12,5 млн долл. США", "300 млн сумов"
    "долл. сша": "USD",
    "долларов сша": "USD",
    "доллар сша": "USD",
    "долларов": "USD",
    "доллара": "USD",
    "сша": "USD",
    "aqsh dollari": "USD",
    "dollar": "USD",
    "ақш доллары": "USD",
    "сумов": "UZS",
    "сума": "UZS",
    "so‘m": "UZS",  # the apostrophes people type for ʻ
    "so'm": "UZS",
    "soʼm": "UZS",
    "so`m": "UZS",
    "сўм": "UZS",
}
# A currency's words or signs beside an amount, each with the dot that may shorten it ("долл."),
# which must not be left for a decimal point: "1.5 долл." read as 15 before.
_CURRENCY_WORDS = re.compile(
    "|".join(re.escape(a) + r"\.?" for a in sorted(_CURRENCY_ALIASES, key=len, reverse=True))
    + r"|\b(?:usd|eur|uzs|kzt|rub|cny)\b"
)
# Thousands, millions and billions in words: "1,5 млн", "2 mlrd", "300 мың".
_SCALE = re.compile(
    r"\b(тыс|ming|мың|thousand|млн|mln|миллион(?:а|ов)?|million|млрд|mlrd|миллиард(?:а|ов)?|milliard|billion)\b\.?"
)
_SCALES: tuple[tuple[str, int], ...] = (
    *(("тыс", 3), ("ming", 3), ("мың", 3), ("thousand", 3)),
    *(("миллиард", 9), ("млрд", 9), ("mlrd", 9), ("milliard", 9), ("billion", 9)),
    *(("млн", 6), ("mln", 6), ("миллион", 6), ("million", 6)),
)
_TZ_ALIASES = {
    "ташкент": "Asia/Tashkent",
    "toshkent": "Asia/Tashkent",
    "tashkent": "Asia/Tashkent",
    "астана": "Asia/Almaty",
    "astana": "Asia/Almaty",
    "алматы": "Asia/Almaty",
    "almaty": "Asia/Almaty",
}
_YES = {"да", "ha", "ҳа", "иә", "yes", "true", "1", "x", "✓", "+"}
_NO = {"нет", "yoʻq", "yoq", "йўқ", "жоқ", "no", "false", "0", "-"}


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# A dash alone (a "прочерк") is how a table says "none" where a date, a number or a name would be.
_DASHES = frozenset({"-", "–", "—", "‒", "−", "--"})
_DASH_IS_A_VALUE = (FieldKind.TEXT, FieldKind.LONGTEXT, FieldKind.BOOL)  # a text, or "no"


def is_dash(value: Any) -> bool:
    return type(value) is str and value.strip() in _DASHES


def excel_serial_to_date(serial: float) -> date:
    if not 1 <= serial < 2958466:  # 9999-12-31
        raise ValueError(_("Not a valid date: {value}").format(value=serial))
    return EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(_("Not a valid date: {value}").format(value=value))
    if isinstance(value, int | float):
        return excel_serial_to_date(float(value))
    text = visible(str(value)).strip()
    text = re.sub(r"[T\s]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", text).strip()  # a time part Excel may add
    text = _QUOTED_DAY.sub(r"\1", text)
    if (m := _DATE_DMY.match(text)) and len(m[3]) == 2:
        raise ValueError(_two_digit_year(str(value).strip(), text[: m.start(3)], int(m[3])))
    try:
        if m := _DATE_YMD.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DATE_DMY.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if re.fullmatch(r"\d+(\.0+)?", text):
            return excel_serial_to_date(float(text))
        if named := _named_month_date(fold(text)):
            return named
    except ValueError:
        pass
    raise ValueError(_("Not a valid date: {value}").format(value=value))


def _month_word(word: str, stem: str) -> bool:
    """`word` is the month of `stem` in one of the forms dates take: "июня", "iyungacha", "маусымға"."""
    return word.startswith(stem) and word[len(stem) :] in _MONTH_ENDINGS


def _named_month_date(text: str) -> date | None:
    """A date with its month's name in ru, uz or kk (`text` folded); None if it is not one."""
    if m := _DATE_D_MONTH_Y.match(text):
        day, word, year = m[1], m[2], m[3]
    elif m := _DATE_Y_D_MONTH.match(text):
        year, day, word = m[1], m[2], m[3]
    else:
        return None
    month = next((n for n, stems in _MONTHS for stem in stems if _month_word(word, stem)), None)
    return date(int(year), month, int(day)) if month else None


def _two_digit_year(typed: str, day_month: str, year: int) -> str:
    """`01.01.99` was 2099 and `01.01.27` 2027: the century is the person's to say. The example
    takes Excel's guess (00–29 → 20xx), as the likelier meaning."""
    example = f"{day_month}{year + (2000 if year < 30 else 1900)}"
    return _("Two-digit year in “{value}”: write the year in full, e.g. {example}").format(
        value=typed, example=example
    )


def parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("Enter a number."))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip().casefold()
    power = 0
    if scale := _SCALE.search(text):
        power = next(p for stem, p in _SCALES if scale[1].startswith(stem))
        text = text[: scale.start()] + text[scale.end() :]
    text = _CURRENCY_WORDS.sub("", text)
    text = _SPACES.sub("", text).rstrip("%")
    if m := _AMBIGUOUS.fullmatch(text):
        whole, separator, digits = m.groups()
        fraction = digits.rstrip("0").ljust(2, "0")
        fraction += "0" if len(fraction) == 3 else ""  # 1,255 → 1,2550: three digits would be ambiguous again
        raise ValueError(
            _("Ambiguous number “{value}”: write {thousands} or {fraction}").format(
                value=str(value).strip(), thousands=whole + digits, fraction=f"{whole}{separator}{fraction}"
            )
        )
    if "," in text and "." in text:  # the last separator is the decimal one: 1,500,000.50 or 1.500.000,50
        thousands = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValueError(_("Enter a number."))
    return number.scaleb(power) if power else number


def parse_int(value: Any) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(_("Enter a whole number."))
    return int(number)


def parse_time(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        value = value.total_seconds() / 86400
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = str(value).strip().replace(".", ":")
    if m := re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", text):
        hours, minutes = int(m[1]), int(m[2])
        if hours < 24 and minutes < 60:
            return f"{hours:02d}:{minutes:02d}"
    raise ValueError(_("Not a valid time: {value}").format(value=value))


def parse_deadline(value: Any) -> str | None:
    if isinstance(value, date | datetime | int | float) and not isinstance(value, bool):
        return parse_date(value).isoformat()
    text = fold(str(value))
    kind = parse_enum(DeadlineKind, text)
    if kind in ONGOING:
        return kind.value
    if kind is DeadlineKind.NONE:
        return None
    for pattern in _QUARTER:
        if m := pattern.match(text):
            return f"{int(m['y'])}-Q{_ROMAN[m['q']]}"
    if m := _BY_DATE.match(text):
        try:
            return parse_date(m[1] or m[2]).isoformat()
        except ValueError:
            pass  # said of the whole cell, below
    return parse_date(value).isoformat()


def parse_text(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or a phone number that Excel turned into 14.0
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = visible(str(value).replace("\r\n", "\n")).strip()
    return text or None


def parse_cell(f: Field, value: Any) -> Any:
    """A cell → the plain value of field `f` (refs are resolved elsewhere)."""
    try:
        return _parse_cell(f, value)
    except (ArithmeticError, OverflowError):  # Decimal's InvalidOperation is one of them
        raise ValueError(_("The number is too large.")) from None


def _parse_cell(f: Field, value: Any) -> Any:
    if type(value) is str:
        value = visible(value)  # pasted with a soft hyphen or a zero-width space: the same value
    if is_blank(value) or (is_dash(value) and f.kind not in _DASH_IS_A_VALUE):
        return None
    return handler(f).parse(f, value)


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = fold(str(value))
    if word in _YES:
        return True
    if word in _NO or is_dash(word):
        return False
    raise ValueError(_("Enter yes or no."))


def parse_currency(value: Any) -> str:
    text = str(value).strip()
    code = _CURRENCY_ALIASES.get(fold(text).rstrip("."), text.upper())
    if code not in CURRENCIES:
        raise ValueError(_("Unknown currency: {value}").format(value=value))
    return code


def parse_timezone(value: Any) -> str:
    text = str(value).strip()
    zone = text if text in TIMEZONES else _TZ_ALIASES.get(fold(text))
    if zone is None:
        raise ValueError(_("Unknown time zone: {value}").format(value=value))
    return zone

"""Dates, numbers, money and deadlines for people, per language, with Babel."""

from datetime import date, datetime
from decimal import Decimal

from ..i18n import N_, current_language, translate_in
from ..models import ONGOING, DeadlineKind
from .labels import label

QUARTER = N_("Q{quarter} {year}")
# A month of a year in words, as a report's title names it: "ноябрь 2026 года", "2026-yil noyabr".
MONTH_OF_YEAR = N_("{month} {year}")
ROMAN_QUARTERS = ("I", "II", "III", "IV")
BABEL_LOCALES = {"ru": "ru_RU", "uz": "uz_Latn_UZ", "kk": "kk_KZ"}


def _uz_apostrophe(text: str, lang: str) -> str:
    # Babel's Uzbek data writes oʻ with U+2018; the proper letter is U+02BB.
    return text.replace("\u2018", "\u02bb") if lang == "uz" else text


# The dates of official documents, written out: "20 декабря 2026 г.", "2026-yil 20-dekabr",
# "2026 жылғы 20 желтоқсан" (Babel's own long forms for uz and kk are not the official ones).
LONG_PATTERNS = {"ru": "long", "uz": "y-'yil' d-MMMM", "kk": "y 'жылғы' d MMMM"}
# Kazakh "as of a date" puts the month in the locative: 2026 жылғы 20 желтоқсандағы жағдай бойынша.
KK_MONTHS_LOCATIVE = (
    "қаңтардағы",
    "ақпандағы",
    "наурыздағы",
    "сәуірдегі",
    "мамырдағы",
    "маусымдағы",
    "шілдедегі",
    "тамыздағы",
    "қыркүйектегі",
    "қазандағы",
    "қарашадағы",
    "желтоқсандағы",
)


def format_date(value: date | None, lang: str | None = None, style: str = "dd.MM.yyyy") -> str:
    """`style`: "dd.MM.yyyy" (the official numeric form, the same in all three countries), "long"
    (the written-out form of official documents) or a Babel pattern."""
    if value is None:
        return ""
    lang = lang or current_language()
    if style == "dd.MM.yyyy":
        # Not strftime: it imports the time module on every call, through PySide's import hook.
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    if style == "long":
        style = LONG_PATTERNS[lang]
    # Babel's locale data loads on first use: the dashboard, painted at start-up, needs none of it.
    from babel.dates import format_date as babel_date

    return _uz_apostrophe(babel_date(value, style, locale=BABEL_LOCALES[lang]), lang)


def format_date_as_of(value: date | None, lang: str | None = None) -> str:
    """The long date as the `{date}` of "as of {date}": in Kazakh the month takes the locative."""
    lang = lang or current_language()
    if value is not None and lang == "kk":
        return f"{value.year} жылғы {value.day} {KK_MONTHS_LOCATIVE[value.month - 1]}"
    return format_date(value, lang, style="long")


def format_month(first: date, lang: str | None = None) -> str:
    """The month of `first` in words, in the nominative, lower case: what a title puts after "for"."""
    lang = lang or current_language()
    from babel.dates import get_month_names

    name = get_month_names("wide", "stand-alone", locale=BABEL_LOCALES[lang])[first.month].lower()
    return translate_in(lang, MONTH_OF_YEAR).format(month=name, year=first.year)


def format_moment(at: datetime) -> str:
    """A stored UTC moment as the local date and time people read: 25.11.2026 14:05."""
    local = at.astimezone()
    return f"{format_date(local.date())} {local.hour:02d}:{local.minute:02d}"


def format_number(value: int | Decimal | None, lang: str | None = None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    lang = lang or current_language()
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang])


def format_money(amount: Decimal | None, currency: str, lang: str | None = None) -> str:
    if amount is None:
        return ""
    from babel.numbers import format_currency

    lang = lang or current_language()
    return _uz_apostrophe(format_currency(amount, currency, locale=BABEL_LOCALES[lang]), lang)


def format_deadline(
    kind: DeadlineKind | str,
    when: date | None,
    year: int | None,
    quarter: int | None,
    lang: str | None = None,
) -> str:
    lang = lang or current_language()
    kind = DeadlineKind(kind)
    if kind == DeadlineKind.DATE:
        return format_date(when, lang)
    if kind == DeadlineKind.QUARTER and year and quarter:
        return translate_in(lang, QUARTER).format(quarter=ROMAN_QUARTERS[quarter - 1], year=year)
    if kind in ONGOING:
        return label(kind, lang)
    return ""


def deadline_text(record, lang: str | None = None, prefix: str = "deadline") -> str:
    """A deadline kept in four columns under `prefix` (an item's; a postponement's old and new)."""
    parts = (getattr(record, f"{prefix}_{part}") for part in ("kind", "date", "year", "quarter"))
    kind, day, year, quarter = parts
    return format_deadline(kind, day, year, quarter, lang)

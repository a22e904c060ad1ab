"""What people type into a workbook is understood; what cannot be understood is said clearly."""

import re
from datetime import date, datetime, time

import pytest

from app.services.exchange.workbook.values import (
    parse_cell,
    parse_date,
    parse_deadline,
    parse_decimal,
    parse_time,
)
from app.services.fields import ENTITIES

PROJECT = ENTITIES["project"]
ROADMAP = ENTITIES["roadmap_item"]


@pytest.mark.parametrize(
    "typed",
    [
        "24.11.2026",
        "24/11/2026",
        "2026-11-24",
        46350,
        46350.0,
        "46350.0",
        "24.11.2026 г.",
        datetime(2026, 11, 24, 0, 0),
        "2026-11-24 00:00:00",
        "24-11-2026",
        "24 ноября 2026 г.",  # with the month's name, as in letters and minutes
        "24 ноября 2026 года",
        "24 Ноябрь 2026",
        "2026-yil 24-noyabr",
        "24-noyabr 2026-yil",
        "2026 жылғы 24 қараша",
        "24 қараша 2026 ж.",
        "«24» ноября 2026 г.",  # the day in quotes, as official letters write it
        '"24" ноября 2026 года',
        "24. 11. 2026",
        "24.11.2026 года",
        "24.11.2026 жылғы",
        "2026 йил 24 ноябр",  # Uzbek written in Cyrillic, as some letters still are
    ],
)
def test_dates_as_people_type_them(typed):
    assert parse_date(typed) == date(2026, 11, 24)


@pytest.mark.parametrize(
    "typed",
    ["31.02.2026", "2026-13-01", "завтра", 0, True, "31 февраля 2026", "1 мартобря 2026", "до 01.06.2027"],
)
def test_impossible_dates_are_refused(typed):
    with pytest.raises(ValueError, match="Неверная дата"):
        parse_date(typed)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1 500 000,50", "1500000.50"),
        ("1,500,000.50", "1500000.50"),
        ("1.500.000,50", "1500000.50"),
        ("1\u00a0500\u00a0000", "1500000.00"),
        (14.0, "14.00"),
        ("14.0", "14.00"),
        ("$ 1 200", "1200.00"),
        ("2 000 000 USD", "2000000.00"),
        (1500000.5, "1500000.50"),
    ],
)
def test_numbers_as_people_type_them(typed, expected):
    assert parse_cell(PROJECT.field("total_cost"), typed) == expected


def test_text_in_a_number_column():
    with pytest.raises(ValueError, match="Введите число"):
        parse_decimal("около миллиона")
    with pytest.raises(ValueError, match="целое"):
        parse_cell(PROJECT.field("jobs"), "12,5")
    assert parse_cell(PROJECT.field("jobs"), 450.0) == 450


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("IV квартал 2026 г.", "2026-Q4"),
        ("4 квартал 2026", "2026-Q4"),
        ("2026-Q4", "2026-Q4"),
        ("Q4 2026", "2026-Q4"),
        ("2026-yil IV chorak", "2026-Q4"),
        ("2026 ж. IV тоқсан", "2026-Q4"),
        ("на постоянной основе", "permanent"),
        ("Doimiy ravishda", "permanent"),
        ("ТҰРАҚТЫ НЕГІЗДЕ", "permanent"),
        ("ежеквартально", "quarterly"),
        ("Har chorakda", "quarterly"),
        ("ЖЫЛ САЙЫН", "yearly"),
        ("31.12.2026", "2026-12-31"),
        (date(2026, 12, 31), "2026-12-31"),
        (46387.0, "2026-12-31"),
        ("до 01.06.2027", "2027-06-01"),  # a deadline is the date it names
        ("по 01.06.2027 г.", "2027-06-01"),
        ("не позднее 1 июня 2027 г.", "2027-06-01"),
        ("2027-yil 1-iyungacha", "2027-06-01"),
        ("2027 жылғы 1 маусымға дейін", "2027-06-01"),
    ],
)
def test_deadlines(typed, expected):
    assert parse_deadline(typed) == expected


@pytest.mark.parametrize(
    "typed", ["до конца 2027 года", "декабрь 2027", "до 31.06.2027", "до 1 мартобря 2027"]
)
def test_a_deadline_that_names_no_single_day_is_refused(typed):
    with pytest.raises(ValueError, match="Неверная дата"):
        parse_deadline(typed)


def test_statuses_sides_and_codes_in_any_language():
    status = ROADMAP.field("status")
    assert parse_cell(status, "В РАБОТЕ") == "in_progress"
    assert parse_cell(status, "bajarilmoqda") == "in_progress"
    assert parse_cell(status, "Орындалуда") == "in_progress"
    with pytest.raises(ValueError, match="Неизвестное значение"):
        parse_cell(status, "почти готово")
    assert parse_cell(ENTITIES["organization"].field("side"), "Oʻzbekiston") == "UZ"
    assert parse_cell(PROJECT.field("currency"), "тенге") == "KZT"
    assert parse_cell(PROJECT.field("code"), 14.0) == "14"  # a code Excel turned into a number
    assert parse_cell(PROJECT.field("is_demo"), "да") is True


def test_characters_that_show_nothing_are_not_read():
    """Texts pasted from Word, PDF files and web pages bring soft hyphens, zero-width spaces and
    direction marks: the same value to the person who sees it, so the same value read."""
    from app.services.labels import fold

    assert parse_cell(PROJECT.field("name_ru"), "Завод\u00ad \u200bи\u2060 цех\ufeff") == "Завод и цех"
    assert parse_cell(ROADMAP.field("status"), "В ра\u00adботе\u200e") == "in_progress"
    assert parse_date("\u200b24.11.2026\u200b") == date(2026, 11, 24)
    assert parse_cell(PROJECT.field("start_date"), "24.11.2026\u200b") == "2026-11-24"
    assert parse_cell(PROJECT.field("jobs"), "1\u200b500") == 1500
    assert fold("Минпром\u200b РУз\u00ad") == fold("минпром руз")
    assert parse_cell(PROJECT.field("notes"), "\u200b\u00ad") is None


@pytest.mark.parametrize("dash", ["-", "–", "—", " — ", "--"])
def test_a_dash_alone_says_none(dash):
    """A "прочерк" is how a table says there is no date, number or value; in a text it is the
    text, and in a yes/no column it is "no"."""
    assert parse_cell(PROJECT.field("start_date"), dash) is None
    assert parse_cell(PROJECT.field("jobs"), dash) is None
    assert parse_cell(PROJECT.field("total_cost"), dash) is None
    assert parse_cell(ROADMAP.field("deadline"), dash) is None
    assert parse_cell(ROADMAP.field("status"), dash) is None
    assert parse_cell(PROJECT.field("notes"), dash) == dash.strip()
    assert parse_cell(PROJECT.field("is_demo"), dash) is False


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.5 долл.", "1.50"),  # the abbreviation's dot is no decimal point: not 15
        ("12,5 млн. долл. США", "12500000.00"),
        ("1,5 млн", "1500000.00"),
        ("300 млн сумов", "300000000.00"),
        ("25 млрд сум", "25000000000.00"),
        ("2,5 mln AQSh dollari", "2500000.00"),
        ("1,2 mlrd so‘m", "1200000000.00"),
        ("1,2 млрд теңге", "1200000000.00"),
        ("350 тыс. долларов", "350000.00"),
        ("300 мың теңге", "300000.00"),
        ("1 000 000 долларов США", "1000000.00"),
        ("$1,500,000", "1500000.00"),
    ],
)
def test_amounts_as_officials_write_them(typed, expected):
    assert parse_cell(PROJECT.field("total_cost"), typed) == expected


def test_an_amount_in_words_is_still_asked_about_when_ambiguous():
    with pytest.raises(ValueError, match="Неоднозначное число «1,500 млн»"):
        parse_cell(PROJECT.field("total_cost"), "1,500 млн")
    assert parse_cell(PROJECT.field("jobs"), "2 тыс.") == 2000
    assert parse_cell(PROJECT.field("currency"), "долл. США") == "USD"


def test_uzbek_written_in_cyrillic():
    """Some ministries still type Uzbek in Cyrillic: the words of our Latin lists are understood so
    spelt, where no Russian or Kazakh word means another thing."""
    assert parse_cell(ROADMAP.field("status"), "Бажарилмоқда") == "in_progress"
    assert parse_cell(ROADMAP.field("status"), "бажарилди") == "done"
    assert parse_cell(PROJECT.field("status"), "Тўхтатиб турилган") == "suspended"
    assert parse_cell(ENTITIES["organization"].field("side"), "Қозоғистон") == "KZ"
    assert parse_deadline("2027 йил IV чорак") == "2027-Q4"
    assert parse_deadline("2027 йил 1 июнгача") == "2027-06-01"
    assert parse_deadline("Доимий равишда") == "permanent"
    assert parse_cell(PROJECT.field("is_demo"), "Ҳа") is True
    assert parse_cell(ROADMAP.field("status"), "В работе") == "in_progress"  # Russian as before


def test_uzbek_latin_spelt_in_cyrillic():
    from app.services.uzbek_cyrillic import to_cyrillic

    assert to_cyrillic("Toʻxtatib turilgan") == "тўхтатиб турилган"
    assert to_cyrillic("Qozog'iston") == "қозоғистон"  # the apostrophe people type for ʻ
    assert to_cyrillic("Taklif etilgan") == "таклиф этилган"  # e begins a word as э
    assert to_cyrillic("Yer maʼlumot") == "ер маълумот"


def test_times():
    assert parse_time(time(10, 0)) == "10:00"
    assert parse_time(0.4375) == "10:30"
    assert parse_time("9.30") == "09:30"
    with pytest.raises(ValueError):
        parse_time("25:00")


def test_numbers_beyond_any_amount_are_refused_with_a_message():
    with pytest.raises(ValueError, match="Слишком большое число"):
        parse_cell(PROJECT.field("total_cost"), "1e30")
    with pytest.raises(ValueError, match="Слишком большое число"):
        parse_cell(PROJECT.field("total_cost"), 1e300)


@pytest.mark.parametrize(
    "typed, hint",
    [
        ("1,500", "напишите 1500 или 1,50"),
        ("1.500", "напишите 1500 или 1.50"),
        ("2.250", "напишите 2250 или 2.25"),
        ("$ 1,500", "напишите 1500 или 1,50"),
        ("-7,000", "напишите -7000 или -7,00"),
    ],
)
def test_a_number_that_could_mean_two_things_is_refused_with_both_full_forms(typed, hint):
    """One thousand five hundred, or one and a half? Both were taken as 1.50."""
    for f in (PROJECT.field("total_cost"), PROJECT.field("share_uz"), PROJECT.field("jobs")):
        with pytest.raises(
            ValueError, match=f"^Неоднозначное число «{re.escape(typed)}»: {re.escape(hint)}$"
        ):
            parse_cell(f, typed)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1,5", "1.50"),
        ("1.25", "1.25"),
        ("1 500", "1500.00"),
        ("1,500,000.50", "1500000.50"),
        ("1.500.000,50", "1500000.50"),
        ("1 500,000", "1500.00"),  # grouped by spaces: the comma is the decimal one
        ("0,500", "0.50"),  # no thousands start with 0
        ("1,500.00", "1500.00"),
        (1500.0, "1500.00"),  # a real number cell says what it is
        (1.5, "1.50"),
    ],
)
def test_numbers_with_one_meaning_stay_accepted(typed, expected):
    assert parse_cell(PROJECT.field("total_cost"), typed) == expected


@pytest.mark.parametrize(
    "typed, example",
    [
        ("01.01.99", "01.01.1999"),
        ("01.01.27", "01.01.2027"),
        ("5/3/26", "5/3/2026"),
        ("01.01.27 10:00", "01.01.2027"),
    ],
)
def test_a_two_digit_year_is_refused_with_the_full_form(typed, example):
    """`01.01.99` became 2099."""
    message = (
        f"^Год из двух цифр в «{re.escape(typed)}»: укажите год полностью, например {re.escape(example)}$"
    )
    with pytest.raises(ValueError, match=message):
        parse_date(typed)
    with pytest.raises(ValueError, match=message):
        parse_deadline(typed)
    with pytest.raises(ValueError, match=message):
        parse_cell(ROADMAP.field("completed_on"), typed)

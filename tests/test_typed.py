"""Dates typed into a form: the import's forms are understood, nothing else is turned into a date."""

from datetime import date

import pytest

from app.services.typed import read_date, write_date

EXAMPLE = date(2026, 11, 24)


@pytest.mark.parametrize(
    "typed",
    ["01.05.2026", "1.5.2026", "2026-05-01", "01/05/2026", " 01.05.2026 г. ", "1 мая 2026", "2026-yil 1-may"],
)
def test_common_forms_are_understood(typed):
    assert read_date(typed, EXAMPLE) == date(2026, 5, 1)


@pytest.mark.parametrize(
    "typed", ["31.02.2026", "2026-13-01", "46350", "завтра", "01.05", "1 мая", "до 01.05.2026"]
)
def test_anything_else_is_refused_with_the_form_to_write(typed):
    with pytest.raises(ValueError) as refused:
        read_date(typed, EXAMPLE)
    assert typed.strip() in str(refused.value) and "24.11.2026" in str(refused.value)


def test_a_two_digit_year_is_asked_for_in_full():
    with pytest.raises(ValueError, match=r"01\.05\.2026"):
        read_date("01.05.26", EXAMPLE)


def test_empty_is_no_date_and_dates_are_written_as_people_read_them():
    assert read_date("  ", EXAMPLE) is None
    assert write_date(date(2026, 5, 1)) == "01.05.2026" and write_date(None) == ""

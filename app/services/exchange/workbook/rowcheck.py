"""Row checksums: for each row of an exchange workbook, a hash of the cells the program wrote,
kept with the snapshot in the hidden metadata sheet (uuid → hash).

A row whose cells still hash to that value is the record the file was exported with, so an import
takes the record's values from the carried snapshot instead of parsing every cell, and sees at
once whether the record changed since both sides last shared it: for a large file that is most
of the reading time saved. A row edited in Excel no longer matches and is read cell by cell as
before, so a missing or wrong checksum costs time, never correctness.

Cells are hashed as the reader gets them back from calamine (numbers as floats, empty cells as
""), in the order of their field keys, so that moving columns keeps the checksums valid.
"""

import base64
import hashlib
import zlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

CHECKS = "checks"  # the metadata sheet's key of the chunks holding them


def as_read(value: Any) -> Any:
    """A value as the export writes it → the value calamine reads back from the cell. XlsxWriter
    writes a number with 16 significant digits (Excel shows 15): an amount of 17 digits, or a
    whole number past 10^16, is read back as that rounding."""
    kind = type(value)
    if value is None:
        return ""
    if kind is int or kind is Decimal:
        return float(format(value, ".16G"))
    return value


def row_check(cells: Sequence[Any]) -> str:
    """`cells`: a row's field cells as read, ordered by key. A string and a number that print
    alike hash alike: either way the reader makes the same value of them."""
    return _digest("\x1f".join([c if type(c) is str else repr(c) for c in cells]))


def row_checks(uuids: Sequence[str], columns: Sequence[Sequence[Any]]) -> dict[str, str]:
    """`row_check` of many rows at once, from their cells as written: `columns` are the field
    columns in the order of their keys, each a value per row (of `uuids`)."""
    texts = [_read_texts(column) for column in columns]
    return dict(zip(uuids, _digests(texts, len(uuids)), strict=True))


def read_row_checks(rows: Sequence[Sequence[Any]]) -> list[str]:
    """`row_check` of each of `rows` (a row's field cells as read, ordered by key), worked out a
    column at a time: most columns hold only texts, which need no printing."""
    return _digests([_printed(column) for column in zip(*rows, strict=True)], len(rows))


def _digests(columns: Sequence[Sequence[str]], rows: int) -> list[str]:
    if not columns:
        return [_digest("")] * rows
    return [_digest("\x1f".join(parts)) for parts in zip(*columns, strict=True)]


def _printed(column: Sequence[Any]) -> Sequence[str]:
    if set(map(type, column)) == {str}:
        return column
    return [c if type(c) is str else repr(c) for c in column]


def _read_texts(column: Sequence[Any]) -> Sequence[str]:
    """Cells as written → as `row_check` prints them once read back."""
    if set(map(type, column)) <= _TEXTS:  # a column of texts, as most are: quicker said
        return _printed(["" if value is None else value for value in column])
    return _printed(list(map(as_read, column)))


_TEXTS = {str, type(None)}


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def key_order(keys: dict[int, str]) -> list[int]:
    """Column indexes of a sheet's field columns (index → key), in the order of their keys."""
    return [i for i, _key in sorted(keys.items(), key=lambda item: item[1])]


def encode_checks(checks: dict[str, str], size: int = 30000) -> list[str]:
    """uuid → checksum as base64 text in pieces that fit an Excel cell."""
    lines = [part for pair in checks.items() for part in pair]  # uuid, checksum, uuid, … a line each
    raw = zlib.compress("\n".join(lines).encode("ascii"), 6)
    text = base64.b64encode(raw).decode("ascii")
    return [text[i : i + size] for i in range(0, len(text), size)]


def decode_checks(chunks: list[str]) -> dict[str, str]:
    """The inverse of `encode_checks`; ValueError (or zlib.error) when the text is damaged."""
    text = zlib.decompress(base64.b64decode("".join(chunks).encode("ascii"), validate=True)).decode("ascii")
    lines = text.split("\n") if text else []
    return dict(zip(lines[::2], lines[1::2], strict=True))

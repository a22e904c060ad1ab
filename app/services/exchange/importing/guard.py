"""Checks on a workbook before any parser sees it. A file that arrives by e-mail may be damaged,
mislabelled or crafted; each case gets a clear message, and nothing is parsed that could eat the
memory of a laptop (zip bombs, XML entity expansion)."""

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ....i18n import _
from ...errors import UserError

MAX_FILE_BYTES = 100 * 1024 * 1024  # a 10x-size exchange workbook is a few MB
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 250  # genuine sheet XML compresses 10–50x; bombs 1000x and more
RATIO_FLOOR = 8 * 1024 * 1024  # the ratio matters only for parts that unpack to more than this
MAX_ENTRIES = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class BadWorkbook(UserError):
    """The file cannot be read as a workbook; the message says why in the user's language."""


@dataclass
class GuardReport:
    warnings: list[str] = field(default_factory=list)


def check_workbook_file(path: Path) -> GuardReport:
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise BadWorkbook(_("File not found: {path}").format(path=path)) from None
    except OSError as exc:
        raise BadWorkbook(_("Cannot read {path}: {error}").format(path=name, error=exc)) from exc
    if size == 0:
        raise BadWorkbook(_("{path} is empty.").format(path=name))
    if size > MAX_FILE_BYTES:
        raise BadWorkbook(_("{path} is too large to be an exchange workbook.").format(path=name))
    if head == OLE_MAGIC:
        with path.open("rb") as f:
            sample = f.read(min(size, 4 * 1024 * 1024))
        if "EncryptedPackage".encode("utf-16-le") in sample or b"EncryptedPackage" in sample:
            raise BadWorkbook(
                _(
                    "{path} is protected with a password. Remove the password in Excel "
                    "(File → Info → Protect Workbook) and send it again."
                ).format(path=name)
            )
        raise BadWorkbook(
            _(
                "{path} is in the old Excel 97–2003 format (.xls). Open it in Excel and save "
                "it as an Excel Workbook (.xlsx)."
            ).format(path=name)
        )
    if not head.startswith(b"PK\x03\x04"):
        if _looks_like_text(path):
            raise BadWorkbook(
                _(
                    "{path} is a text file (CSV?), not an Excel workbook. Open it in Excel and "
                    "save it as an Excel Workbook (.xlsx)."
                ).format(path=name)
            )
        raise BadWorkbook(_("{path} is not an Excel workbook.").format(path=name))
    with open_archive(path) as archive:
        return _check_entries(archive, archive.infolist(), name)


@contextmanager
def open_archive(path: Path) -> Iterator[zipfile.ZipFile]:
    """The workbook's zip; a damaged one is a BadWorkbook, also when a part fails to unpack."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            yield archive
    except zipfile.BadZipFile:
        raise BadWorkbook(
            _("{path} is damaged or incomplete (was the download interrupted?).").format(path=name)
        ) from None
    except (OSError, EOFError, zlib.error, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
        raise BadWorkbook(_("{path} is damaged: {error}").format(path=name, error=exc)) from exc


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as f:
        sample = f.read(4096)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            sample.decode("cp1251")
        except UnicodeDecodeError:
            return False
    return b"\x00" not in sample


def _opendocument(archive: zipfile.ZipFile) -> bool:
    """A spreadsheet LibreOffice saved in its own format: its first part names the kind."""
    info = archive.getinfo("mimetype")
    if info.file_size > 100:
        return False
    return archive.read(info).startswith(b"application/vnd.oasis.opendocument.spreadsheet")


def _check_entries(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> GuardReport:
    report = GuardReport()
    if len(infos) > MAX_ENTRIES:
        raise BadWorkbook(_("{path} has too many parts to be a workbook.").format(path=name))
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        if "mimetype" in names and _opendocument(archive):
            raise BadWorkbook(
                _(
                    "{path} is an OpenDocument spreadsheet (LibreOffice’s own format), not an Excel "
                    "workbook. In LibreOffice, save it with File → Save As as "
                    "“Excel 2007-365 (.xlsx)” and import that file."
                ).format(path=name)
            )
        raise BadWorkbook(_("{path} is a ZIP archive but not an Excel workbook.").format(path=name))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise BadWorkbook(_("{path} is encrypted and cannot be read.").format(path=name))
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise BadWorkbook(
                _(
                    "{path} unpacks to far more data than a workbook holds; it was not opened "
                    "(it may be a “zip bomb”)."
                ).format(path=name)
            )
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as part:
                prolog = part.read(2048)
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise BadWorkbook(
                    _(
                        "{path} contains XML declarations that workbooks never have; it was not opened."
                    ).format(path=name)
                )
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        report.warnings.append(_("The workbook contains macros; they were ignored and never run."))
    if any(n.startswith("xl/externalLinks/") for n in names):
        report.warnings.append(_("The workbook links to other files; the links were ignored."))
    return report

"""Paints a document's HTML onto A4 pages — a PDF file, a printer, the print preview — with Qt.

QTextDocument lays the HTML out in pages (app/ui/paginate.py keeps table rows whole) but does not
number them: each page is painted with QPainter, and its footer, "page N of M", under it.
"""

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from ..paths import resources_dir
from ..services.documents.html import SANS, read_meta
from .paginate import layout

MARGINS_MM = QMarginsF(20, 12, 12, 12)  # left, top, right, bottom: the left one for binding
FOOTER_MM = 8
PDF_DPI = 300  # layout precision only: the PDF itself is vector text
FONT_FILES = ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")

_fonts_registered = False


def ensure_app():
    """A Qt application for fonts and painting; on a Linux box without a display, an offscreen one."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if sys.platform.startswith("linux") and headless and not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication([sys.argv[0] if sys.argv else "secretariat-desk"])
    register_fonts()
    return app


def register_fonts() -> None:
    """The shipped DejaVu fonts, so that a PDF looks the same on every machine and has the Kazakh
    and Uzbek letters (Әә Ққ Ңң Өө Ұұ Үү Һһ Іі, Oʻ Gʻ) whatever the system's fonts are."""
    global _fonts_registered
    if _fonts_registered:
        return
    folder = resources_dir() / "fonts"
    for name in FONT_FILES:
        if QFontDatabase.addApplicationFont(str(folder / name)) < 0:
            raise OSError(f"cannot load font {folder / name}")
    _fonts_registered = True


def is_landscape(html: str) -> bool:
    return read_meta(html).get("x-orientation") == "landscape"


def setup_page(device: QPagedPaintDevice, landscape: bool) -> None:
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    device.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, MARGINS_MM, QPageLayout.Unit.Millimeter)
    )


def render_pdf(html: str, path: str | Path, landscape: bool | None = None) -> int:
    """Writes the document as an A4 PDF; returns the number of pages. Orientation from the HTML
    unless given."""
    ensure_app()
    path = Path(path)
    tmp = path.with_name(path.name + ".part")  # a failed run leaves no half-written PDF behind
    try:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(PDF_DPI)
        writer.setCreator("Secretariat desk")
        writer.setTitle(read_meta(html).get("x-title", ""))
        setup_page(writer, is_landscape(html) if landscape is None else landscape)
        pages = paint(writer, html)
        del writer  # closes the file
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return pages


def paint(device: QPagedPaintDevice, html: str) -> int:
    """Paints all pages onto a device whose page layout is already set; returns the page count."""
    register_fonts()
    footer_h = FOOTER_MM / 25.4 * device.logicalDpiY()
    body = QSizeF(device.width(), device.height() - footer_h)
    doc = layout(html, device, body)
    pages = doc.pageCount()
    footer = read_meta(html).get("x-footer", "{page} / {pages}")
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError("cannot paint on the device (is the file writable?)")
    try:
        font = QFont(SANS)
        font.setPointSizeF(8)
        painter.setFont(font)
        for index in range(pages):
            if index:
                device.newPage()
            painter.save()
            painter.translate(0, -index * body.height())
            doc.drawContents(painter, QRectF(0, index * body.height(), body.width(), body.height()))
            painter.restore()
            text = footer.format(page=index + 1, pages=pages)
            painter.drawText(
                QRectF(0, body.height(), body.width(), footer_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                text,
            )
    finally:
        painter.end()
    return pages

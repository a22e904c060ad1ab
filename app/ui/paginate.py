"""Lays a document's HTML out in pages so that no table row is cut by a page break.

QTextDocument paginates by lines: a table row at the bottom of a page is cut in two. Here the
cuts are planned on a layout without pages (rows at their natural height): where a row would cross
a page break, its table is split before it (`split_tables`), the rest starting the next page under
its header. The paged layout is then checked, and a cut the plan missed is made there.
"""

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPagedPaintDevice, QTextDocument, QTextFormat, QTextTable

from ..services.documents.html import split_table, split_tables

MAX_SPLITS = 500  # a guard: each split fixes one page


def layout(html: str, device: QPagedPaintDevice, body: QSizeF) -> QTextDocument:
    """The document laid out in pages of `body` size, no table row cut by a page break if it fits
    on a page."""
    page_h = body.height()
    flowing = _document(html, device, body.width())
    gap = 0.0  # how far below a page's top Qt puts a table that starts the page; measured below
    for _calibration in range(3):
        planned = split_tables(html, _planned_cuts(flowing, page_h, gap))
        doc = _document(planned, device, body.width(), page_h)
        measured = _page_top_gap(doc, page_h)
        if measured is None or abs(measured - gap) < 1:
            break
        gap = measured
    for _attempt in range(MAX_SPLITS):
        cut = first_cut_row(doc, page_h)
        if cut is None:
            break
        planned = split_table(planned, *cut)
        doc = _document(planned, device, body.width(), page_h)
    return doc


def _document(
    html: str, device: QPagedPaintDevice, width: float, page_h: float | None = None
) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)  # fonts in points measured at the device's dpi
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    if page_h is None:
        doc.setTextWidth(width)
    else:
        doc.setPageSize(QSizeF(width, page_h))
    return doc


def _tables(doc: QTextDocument) -> list[QTextTable]:
    return [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]


def _rows(doc: QTextDocument, table: QTextTable) -> list[tuple[float, float]]:
    """(top, bottom) of each row's box. Qt tells where text is, not where rows are: a row's box
    starts as far above its text as the first row's starts above its own (borders, padding) and
    ends where the next row's starts; the last ends with the table."""
    frame = doc.documentLayout().frameBoundingRect(table)
    tops = [_text_top(doc, table, r) for r in range(table.rows())]
    if not tops:
        return []
    inset = tops[0] - frame.top()
    starts = [top - inset for top in tops]
    return list(zip(starts, [*starts[1:], frame.bottom()], strict=True))


def _px(doc: QTextDocument) -> float:
    """Device pixels per CSS pixel: Qt's HTML lengths are CSS pixels."""
    return doc.documentLayout().paintDevice().logicalDpiY() / 96


def _starts_page(table: QTextTable) -> bool:
    """Whether a page break comes right before the table (the paragraph `split_table` puts there)."""
    block = table.document().findBlock(table.firstPosition() - 1)
    for _near in range(2):  # that paragraph, or Qt's empty block next to it
        if block.blockFormat().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            return True
        block = block.previous()
    return False


def _crosses(top: float, bottom: float, page_h: float) -> bool:
    return int(top // page_h) != int((bottom - 1) // page_h)


def _page_top_gap(doc: QTextDocument, page_h: float) -> float | None:
    for table in _tables(doc):
        if _starts_page(table):
            top = doc.documentLayout().frameBoundingRect(table).top()
            return top - (top // page_h) * page_h
    return None


def _planned_cuts(doc: QTextDocument, page_h: float, gap: float) -> list[tuple[int, int]]:
    """Where to cut the tables, from a layout without pages: a row that would cross a page break
    starts the next page, `gap` below its top, under its table's header."""
    cuts: list[tuple[int, int]] = []
    shift = 0.0  # how much lower than in the unpaged layout things are after the cuts so far
    for index, table in enumerate(_tables(doc)):
        rows = _rows(doc, table)
        headers = table.format().headerRowCount()
        if len(rows) <= headers:
            continue
        head = rows[headers][0] - doc.documentLayout().frameBoundingRect(table).top()
        # The row that ends a piece carries the table's bottom border too.
        tail = (2 * table.format().border() + 4) * _px(doc)
        for r in range(headers, len(rows)):
            top, bottom = rows[r][0] + shift, rows[r][1] + shift + tail
            if _crosses(top, bottom, page_h) and bottom - top < page_h - head - gap:
                new_top = (top // page_h + 1) * page_h + gap + head
                shift += new_top - top
                cuts.append((index, r))
    return cuts


def first_cut_row(doc: QTextDocument, page_h: float) -> tuple[int, int] | None:
    """(top-level table index, row) of the first row a page break cuts although it would fit on
    a page, or None."""
    for index, table in enumerate(_tables(doc)):
        rows = _rows(doc, table)
        headers = table.format().headerRowCount()
        header_h = sum(bottom - top for top, bottom in rows[:headers])
        for r in range(headers, len(rows)):
            if r == headers and _starts_page(table):
                continue  # a table already starting a page gains nothing from moving again
            top, bottom = rows[r]
            if _crosses(top, bottom, page_h) and bottom - top < page_h - header_h:
                return index, r
    return None


def _text_top(doc: QTextDocument, table: QTextTable, r: int) -> float:
    layout = doc.documentLayout()
    return min(
        layout.blockBoundingRect(table.cellAt(r, c).firstCursorPosition().block()).top()
        for c in range(table.columns())
    )

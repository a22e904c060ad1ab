"""What stock readers see of a workbook, as plain JSON data: openpyxl (every sheet's cells with
their values, types and looks, columns, rows, validations, conditional formats, protection,
states, code names, names, panes and print setup) and python-calamine (every sheet's values as
the import reads them). The golden test compares it with what we meant to write."""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

PROTECTION = (
    "sheet",
    "objects",
    "scenarios",
    "formatCells",
    "formatColumns",
    "formatRows",
    "insertColumns",
    "insertRows",
    "insertHyperlinks",
    "deleteColumns",
    "deleteRows",
    "selectLockedCells",
    "selectUnlockedCells",
    "sort",
    "autoFilter",
    "pivotTables",
    "password",
)
VALIDATION = (
    "type",
    "operator",
    "formula1",
    "formula2",
    "allow_blank",
    "showDropDown",
    "showInputMessage",
    "showErrorMessage",
    "errorStyle",
    "errorTitle",
    "error",
    "promptTitle",
    "prompt",
)


def value(v: Any) -> Any:
    """A cell's value as JSON: texts, numbers and booleans as they are (1 and 1.0 stay apart),
    dates and times tagged with their type."""
    if isinstance(v, datetime):
        return {"datetime": v.isoformat()}
    if isinstance(v, date):
        return {"date": v.isoformat()}
    if isinstance(v, time):
        return {"time": v.isoformat()}
    if isinstance(v, timedelta):
        return {"timedelta": v.total_seconds()}
    return v


def color(c: Any) -> str | None:
    if c is None:
        return None
    return c.rgb if c.type == "rgb" else f"{c.type}:{c.value}"


def look(cell: Any) -> dict[str, Any]:
    """A cell's (or a column's) format as openpyxl reads it."""
    font, fill, align, edge = cell.font, cell.fill, cell.alignment, cell.border.left
    return {
        "number_format": cell.number_format,
        "locked": cell.protection.locked,
        "hidden": cell.protection.hidden,
        "quote_prefix": bool(cell.quotePrefix),
        "font": [font.name, font.sz, bool(font.b), bool(font.i), color(font.color)],
        "fill": [fill.fill_type, color(fill.fgColor)] if fill.fill_type else None,
        "align": [align.horizontal, align.vertical, bool(align.wrap_text), align.indent],
        "border": [
            [side.style, color(side.color)] if side else [None, None]
            for side in (edge, cell.border.right, cell.border.top, cell.border.bottom)
        ],
    }


class _Looks:
    """Distinct formats, named L1, L2 … in the order they are first met."""

    def __init__(self) -> None:
        self.named: dict[str, str] = {}
        self.table: dict[str, dict] = {}

    def name(self, described: dict) -> str:
        key = json.dumps(described, sort_keys=True, ensure_ascii=False)
        if key not in self.named:
            self.named[key] = f"L{len(self.named) + 1}"
            self.table[self.named[key]] = described
        return self.named[key]


def openpyxl_view(path: Path) -> dict[str, Any]:
    wb = load_workbook(path)
    looks = _Looks()
    sheets = []
    for ws in wb.worksheets:
        p, setup, margins = ws.protection, ws.page_setup, ws.page_margins
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.has_style:
                    cells[c.coordinate] = [value(c.value), c.data_type, looks.name(look(c))]
        sheets.append(
            {
                "title": ws.title,
                "code_name": ws.sheet_properties.codeName,
                "state": ws.sheet_state,
                "dimensions": ws.dimensions,
                "freeze_panes": ws.freeze_panes,
                "auto_filter": ws.auto_filter.ref,
                "grid_lines": ws.sheet_view.showGridLines,
                "protection": {name: getattr(p, name) for name in PROTECTION},
                "print": {
                    "orientation": setup.orientation,
                    "paper": setup.paperSize,
                    "fit": [ws.sheet_properties.pageSetUpPr.fitToPage, setup.fitToWidth, setup.fitToHeight]
                    if ws.sheet_properties.pageSetUpPr
                    else None,
                    "margins": [
                        margins.left,
                        margins.right,
                        margins.top,
                        margins.bottom,
                        margins.header,
                        margins.footer,
                    ],
                    "title_rows": ws.print_title_rows,
                    "title_columns": ws.print_title_cols,
                    "footer": [
                        [part.text, part.size]
                        for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right)
                    ],
                    "header": [
                        part.text for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right)
                    ],
                },
                "columns": [
                    [dim.min, dim.max, round(dim.width, 4), dim.hidden, looks.name(look(dim))]
                    for _letter, dim in sorted(
                        ws.column_dimensions.items(), key=lambda item: item[1].min or 0
                    )
                    if dim.min
                ],
                "rows": {
                    str(r): [dim.height, dim.hidden]
                    for r, dim in sorted(ws.row_dimensions.items())
                    if dim.height is not None or dim.hidden
                },
                "validations": [
                    {"sqref": str(dv.sqref), **{name: getattr(dv, name) for name in VALIDATION}}
                    for dv in ws.data_validations.dataValidation
                ],
                "conditional_formats": [
                    {
                        "sqref": str(cf.sqref),
                        "type": rule.type,
                        "formula": list(rule.formula),
                        "stop": rule.stopIfTrue,
                        "fill": [color(rule.dxf.fill.fgColor), color(rule.dxf.fill.bgColor)]
                        if rule.dxf and rule.dxf.fill
                        else None,
                        "font": color(rule.dxf.font.color) if rule.dxf and rule.dxf.font else None,
                    }
                    for cf in ws.conditional_formatting
                    for rule in cf.rules
                ],
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
                "names": {name: dn.attr_text for name, dn in sorted(ws.defined_names.items())},
                "cells": cells,
            }
        )
    return {
        "active": wb.active.title,
        "names": {name: dn.attr_text for name, dn in sorted(wb.defined_names.items())},
        "sheets": sheets,
        "looks": looks.table,
    }


def calamine_view(path: Path) -> dict[str, Any]:
    book = CalamineWorkbook.from_path(str(path))
    return {
        meta.name: {
            "visible": str(meta.visible),
            "rows": [
                [value(v) for v in row]
                for row in book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            ],
        }
        for meta in book.sheets_metadata
    }


def stock_view(path: Path) -> dict[str, Any]:
    return {"openpyxl": openpyxl_view(path), "calamine": calamine_view(path)}


def dumps(data: Any, level: int = 0) -> str:
    """JSON with a line per entry of a mapping and per item of a list, but a list of plain values
    (a cell, a column, a row of values) on one line: a drift shows as a few changed lines."""
    pad = " " * (level + 1)
    if isinstance(data, dict) and data and not _plain(data):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {dumps(v, level + 1)}" for k, v in data.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * level + "}"
    if isinstance(data, list) and not all(map(_plain, data)):
        return "[\n" + ",\n".join(pad + dumps(v, level + 1) for v in data) + "\n" + " " * level + "]"
    return json.dumps(data, ensure_ascii=False)


def _plain(v: Any) -> bool:
    """A value that is no structure: a scalar, or a tagged date (`value`)."""
    if isinstance(v, dict):
        return len(v) == 1 and not isinstance(next(iter(v.values())), dict | list)
    return not isinstance(v, list)

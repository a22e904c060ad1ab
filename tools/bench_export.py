"""Time the exchange-workbook export against bare writers writing the same cells.

    python tools/bench_export.py [--scale 10000] [--db big.sqlite] [--repeat 1]

Builds a demo database of the given scale (unless --db names one), exports it as the program does,
and writes the same cell values (entity sheets, the lists and the snapshot; no styles, validation,
protection or formats) with plain openpyxl, in normal and in write-only mode, and with plain
XlsxWriter in its constant-memory mode (the writer the export uses). The database file is copied
first: the export records itself in the database it reads.
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bare_values(session, lang: str) -> dict[str, list[list]]:
    """The cells of every sheet, as plain Python values (what bare openpyxl is given)."""
    from app.services.exchange.export.sheets import _lists, _ordered, _roadmap_order
    from app.services.exchange.workbook.layout import ENTITY_SHEETS, UUID, columns, plain_to_cell, ref_labels
    from app.services.exchange.workbook.snapshot import take_snapshot

    snap = take_snapshot(session)
    labels = ref_labels(snap.records, lang)
    sheets = {}
    for key in ENTITY_SHEETS:
        cols = columns(key, lang)
        rows = [[c.key for c in cols], [c.header for c in cols]]
        for uuid, rec, _depth in _ordered(key, snap, lang, _roadmap_order(snap)):
            rows.append(
                [
                    uuid
                    if c.key == UUID
                    else plain_to_cell(c.field, rec[c.key], labels, lang)
                    if c.field
                    else None
                    for c in cols
                ]
            )
        sheets[key] = rows
    lists = _lists(snap, labels, lang)
    longest = max(len(p) for _h, p in lists.values())
    sheets["lists"] = [
        [v for _h, pairs in lists.values() for v in (pairs[r] if r < len(pairs) else (None, None))]
        for r in range(longest)
    ]
    sheets["meta"] = [["snapshot", chunk] for chunk in snap.to_text_chunks()]
    return sheets


def write_bare(sheets: dict[str, list[list]], path: Path, write_only: bool) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


def write_bare_xlsxwriter(sheets: dict[str, list[list]], path: Path) -> None:
    """The same cells with XlsxWriter in constant-memory mode, texts as texts, no formats."""
    from xlsxwriter import Workbook

    wb = Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    wb.close()


def write_only_workbook(session, path: Path, lang: str) -> None:
    """The export's writing part alone, from an already taken snapshot."""
    from datetime import UTC, datetime

    from app.models import Side
    from app.services.exchange.export.sheets import ExportMeta, write_exchange_workbook
    from app.services.exchange.workbook.snapshot import take_snapshot

    snap = take_snapshot(session)
    chunks = snap.to_text_chunks()
    meta = ExportMeta("bench", Side.UZ, Side.KZ, 1, datetime.now(UTC), lang, None)
    start = time.process_time()
    write_exchange_workbook(path, snap, chunks, meta)
    return time.process_time() - start


def timed(fn, repeat: int) -> float:
    """The best of `repeat` runs, in CPU seconds of this process: the export is single-threaded,
    and CPU time does not count what other programs on the machine take."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--lang", default="ru")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    from app.services.database import Database
    from app.services.demo import build_demo
    from app.services.exchange.export.exporter import export_to_file
    from app.services.exchange.workbook.snapshot import take_snapshot

    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    source = args.db
    if source is None:
        source = work / "source.sqlite"
        started = time.perf_counter()
        with Database(source) as db, db.transaction() as session:
            build_demo(session, scale=args.scale)
        print(f"demo database (scale {args.scale}) built in {time.perf_counter() - started:.1f} s")
    db_path = work / "bench.sqlite"
    shutil.copy(source, db_path)

    with Database(db_path) as db:
        with db.session() as session:
            snapshot_s = timed(lambda: take_snapshot(session), 1)
            cells = bare_values(session, args.lang)
            write_s = min(
                write_only_workbook(session, work / "styled.xlsx", args.lang) for _ in range(args.repeat)
            )
        n_cells = sum(sum(v is not None for v in row) for rows in cells.values() for row in rows)
        export_s = timed(lambda: export_to_file(db, work / "export.xlsx", args.lang), args.repeat)
    normal_s = timed(lambda: write_bare(cells, work / "bare-normal.xlsx", False), args.repeat)
    stream_s = timed(lambda: write_bare(cells, work / "bare-write-only.xlsx", True), args.repeat)
    xlsxwriter_s = timed(lambda: write_bare_xlsxwriter(cells, work / "bare-xlsxwriter.xlsx"), args.repeat)

    size = (work / "export.xlsx").stat().st_size / 1e6
    print(f"cells written: {n_cells:,}; workbook {size:.1f} MB")
    print("CPU seconds, best of", args.repeat)
    print(f"snapshot (database read):          {snapshot_s:6.2f} s")
    print(f"export (read + write + record):    {export_s:6.2f} s")
    print(f"  of which writing the workbook:   {write_s:6.2f} s")
    print(f"bare openpyxl, normal mode:        {normal_s:6.2f} s   ratio {export_s / normal_s:.2f}")
    print(f"bare openpyxl, write-only mode:    {stream_s:6.2f} s   ratio {export_s / stream_s:.2f}")
    print(f"bare XlsxWriter, constant memory:  {xlsxwriter_s:6.2f} s   ratio {export_s / xlsxwriter_s:.2f}")
    print(
        f"writing alone vs bare: openpyxl write-only {write_s / stream_s:.2f},"
        f" normal {write_s / normal_s:.2f}, XlsxWriter {write_s / xlsxwriter_s:.2f}"
    )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

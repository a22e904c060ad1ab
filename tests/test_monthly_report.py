"""The monthly report: its figures on a hand-built database, and the `report` command writing a real
PDF (read back with pypdf, its chart's bars measured in the page's drawing) and a real workbook."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.models import DeadlineKind, Organization, Postponement, ProgressReport, RoadmapItem, Side
from app.models import RoadmapKind as K
from app.models import RoadmapStatus as S
from app.services.documents.monthly import BAR_COLORS
from app.services.errors import UserError
from app.services.reports.monthly import Counts, monthly_report, parse_month

ROOT = Path(__file__).resolve().parent.parent
MONTH = date(2025, 11, 1)  # in the past whatever the clock says: the command's "today" is the real one
AFTER = date(2025, 12, 5)  # the report made early the next month: counted as of 1 December


def build(db) -> None:
    """Two Uzbek executors (A, B) and one Kazakh (C), eleven measures under a section."""
    with db.transaction() as s:
        a = Organization(side=Side.UZ, name_ru="Министерство сельского хозяйства Республики Узбекистан",
                         short_name_ru="Минсельхоз РУз")  # fmt: skip
        b = Organization(side=Side.UZ, name_ru="Министерство энергетики Республики Узбекистан",
                         short_name_ru="Минэнерго РУз")  # fmt: skip
        c = Organization(side=Side.KZ, name_ru="Министерство сельского хозяйства Республики Казахстан",
                         short_name_ru="МСХ РК")  # fmt: skip
        section = RoadmapItem(code="UZ-R-000", number="I", kind=K.SECTION, measure_ru="Раздел")
        s.add(section)

        def item(n: int, status: S, executors, kind=DeadlineKind.DATE, due=None, **more) -> RoadmapItem:
            made = RoadmapItem(
                code=f"UZ-R-{n:03d}", number=str(n), parent=section, kind=K.MEASURE, status=status,
                measure_ru=f"Мероприятие номер {n}", deadline_kind=kind, deadline_date=due, **more,
            )  # fmt: skip
            made.executors = executors
            s.add(made)
            return made

        def postpone(target: RoadmapItem, on: date) -> None:
            s.add(Postponement(item=target, postponed_on=on, side=Side.UZ, reason="по просьбе стороны"))

        item(1, S.DONE, [a, c], due=date(2025, 10, 1))
        two = item(2, S.IN_PROGRESS, [a], due=date(2025, 12, 20))  # due next month
        postpone(two, date(2025, 11, 10))
        postpone(two, date(2025, 11, 20))  # twice in the month: one measure postponed
        s.add(ProgressReport(item=two, report_date=date(2025, 10, 1), side=Side.UZ, text="Старый отчёт"))
        s.add(ProgressReport(item=two, report_date=date(2025, 11, 12), side=Side.KZ, text="Свежий отчёт"))
        three = item(3, S.NOT_STARTED, [a, b], due=date(2025, 11, 15))  # overdue
        postpone(three, date(2025, 10, 31))  # the month before
        four = item(4, S.IN_PROGRESS, [b], DeadlineKind.QUARTER, deadline_year=2025, deadline_quarter=4)
        postpone(four, date(2025, 11, 30))  # the month's last day
        item(5, S.IN_PROGRESS, [c], DeadlineKind.MONTHLY)  # a rhythm: never overdue
        item(6, S.NOT_STARTED, [c], DeadlineKind.PERMANENT)
        item(7, S.CANCELLED, [a], due=date(2025, 1, 1))  # no longer to be done: left out
        item(9, S.DONE, [b], due=date(2025, 3, 1))  # done late: done, not overdue
        ten = item(10, S.IN_PROGRESS, [c], due=date(2025, 11, 30))  # overdue once the month is over
        postpone(ten, date(2025, 12, 1))  # the next month
        item(11, S.IN_PROGRESS, [b], due=date(2026, 1, 5))


@pytest.fixture
def db(empty_db):
    build(empty_db)
    return empty_db


def figures(part) -> dict[str, Counts]:
    return {e.short_name["ru"]: e.counts for e in part.executors}


@pytest.mark.backends
def test_counts_per_executor_and_per_side(db):
    with db.session() as session:
        report = monthly_report(session, MONTH, AFTER, (Side.UZ, Side.KZ))
    assert report.as_of == date(2025, 12, 1)
    uz, kz = report.sides
    assert figures(uz) == {
        "Минсельхоз РУз": Counts(total=3, done=1, in_progress=1, overdue=1, postponed=1, due_next_month=1),
        "Минэнерго РУз": Counts(total=4, done=1, in_progress=2, overdue=1, postponed=1, due_next_month=1),
    }
    # Measure 3 has both A and B: the side counts it once.
    assert uz.totals == Counts(total=6, done=2, in_progress=3, overdue=1, postponed=2, due_next_month=2)
    assert uz.totals.share_done == pytest.approx(1 / 3)
    assert figures(kz) == {
        "МСХ РК": Counts(total=4, done=1, in_progress=1, not_started=1, overdue=1),
    }
    assert report.totals == Counts(
        total=9, done=2, in_progress=4, not_started=1, overdue=2, postponed=2, due_next_month=2
    )
    minagri = uz.executors[0]
    assert [m.number for m in minagri.measures] == ["1", "2", "3"]  # the roadmap's order, no cancelled
    latest = minagri.measures[1].latest_report
    assert (latest.text, latest.side, latest.report_date) == ("Свежий отчёт", Side.KZ, date(2025, 11, 12))
    assert minagri.measures[0].latest_report is None


def test_within_the_month_overdue_is_counted_on_today(db):
    with db.session() as session:
        report = monthly_report(session, MONTH, date(2025, 11, 20), (Side.KZ,))
    (kz,) = report.sides
    assert report.as_of == date(2025, 11, 20)
    # Measure 10 is due on the 30th: not yet overdue on the 20th.
    assert kz.totals == Counts(total=4, done=1, in_progress=2, not_started=1, overdue=0)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1x", "11-2026", "", "2026"])
def test_a_wrong_month_is_refused(text):
    with pytest.raises(UserError, match=r"YEAR-MONTH|ГОД-МЕСЯЦ"):
        parse_month(text)
    assert parse_month("2026-02") == date(2026, 2, 1)


# ---- the command, as a subprocess ------------------------------------------------------------------


def run_report(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "report", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def squash(text: str) -> str:
    return "".join(text.split())


BAR_RE = re.compile(
    r"([\d.]+) ([\d.]+) ([\d.]+) scn\s*/\w+ gs\s*(?:q\s*[\d.\s-]+cm\s*)?"  # a page's shift, past the first
    r"([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) re\s*f"
)


def chart_bars(page) -> list[dict[str, float]]:
    """The chart's bars as drawn on the page, top to bottom: {state: width}. Qt paints a cell's
    background as a filled rectangle in the cell's colour (and a narrow one behind its text)."""
    colours = {
        tuple(round(int(hex_[i : i + 2], 16) / 255, 2) for i in (1, 3, 5)): key
        for key, hex_ in BAR_COLORS.items()
    }
    rows: dict[float, dict[str, float]] = {}
    for *rgb, _x, y, width, _h in BAR_RE.findall(page.get_contents().get_data().decode("latin-1")):
        key = colours.get(tuple(round(float(v), 2) for v in rgb))
        if key:
            bar = rows.setdefault(float(y), {})
            bar[key] = max(bar.get(key, 0), float(width))
    return [rows[y] for y in sorted(rows)]


def test_report_command_writes_the_pdf(db, workdir):
    out = workdir / "отчёт ноябрь.pdf"
    result = run_report("--db", str(db.path), "--month", "2025-11", "--out", str(out), "--lang", "ru")
    assert result.returncode == 0, result.stderr
    assert "PDF записан" in result.stdout
    pages = PdfReader(out).pages
    text = [squash(p.extract_text()) for p in pages]
    first = text[0]
    for expected in (
        "Отчёт о ходе исполнения дорожной карты за ноябрь 2025 года",
        "по состоянию на 1 декабря 2025",
        "Узбекская сторона",
        "Министерство сельского хозяйства Республики Узбекистан",
        "Итого623012233%",  # total, done, in progress, not started, overdue, postponed, due next; share
    ):
        assert squash(expected) in first, expected
    # Per executor: total 3, done 1, in progress 1, not started 0, overdue 1, postponed 1, due next 1.
    assert squash("Республики Узбекистан311011133%") in first
    # The chart, per page: Минсельхоз 1/1/1 and Минэнерго 1/2/1 on the Uzbek side's first page,
    # against the longest bar (4); МСХ РК 1/1/1 on the Kazakh side's.
    charts = [bars for bars in map(chart_bars, pages) if bars]
    assert [len(bars) for bars in charts] == [2, 1]
    minagri, minenergy = charts[0]
    assert set(minagri) == set(minenergy) == {"done", "in_progress", "overdue"}
    unit = minenergy["done"]
    assert minenergy["in_progress"] == pytest.approx(2 * unit, rel=0.02)
    assert minenergy["overdue"] == pytest.approx(unit, rel=0.02)
    assert [minagri[k] for k in ("done", "in_progress", "overdue")] == pytest.approx([unit] * 3, rel=0.02)
    whole = "".join(text)
    assert squash("Свежий отчёт") in whole and squash("Старый отчёт") not in whole
    assert squash("Мероприятие номер 7") not in whole  # cancelled
    assert text[0].endswith(squash(f"Ежемесячный отчёт по дорожной карте · 2025-11 · стр. 1 из {len(pages)}"))


def test_report_command_writes_the_workbook_for_one_side(db, workdir):
    out = workdir / "отчёт.xlsx"
    result = run_report(
        "--db", str(db.path), "--month", "2025-11", "--out", str(out), "--lang", "uz", "--side", "kz"
    )
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    figures_sheet, measures = wb.worksheets
    assert figures_sheet.title == "Koʻrsatkichlar"
    assert figures_sheet["A1"].value == "Yoʻl xaritasining 2025-yil noyabr oyidagi ijrosi toʻgʻrisida hisobot"
    assert "2025-yil 1-dekabr holatiga" in figures_sheet["A2"].value
    assert [c.value for c in figures_sheet[3]][:3] == ["№", "Masʼul ijrochi", "Jami chora-tadbirlar"]
    assert figures_sheet["A4"].value == "Qozogʻiston tomoni"  # the Kazakh side alone
    assert [c.value for c in figures_sheet[5]][2:] == [4, 1, 1, 1, 1, 0, 0, 0.25]
    assert figures_sheet["J5"].number_format == "0%"
    for sheet in (figures_sheet, measures):
        assert sheet.print_title_rows == "$3:$3"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
        assert sheet.column_dimensions["B"].width >= 50
    rows = [[c.value for c in row] for row in measures.iter_rows(min_row=4)]
    assert ["10", "Мероприятие номер 10", "30.11.2025", "Muddati oʻtgan", None, None] in rows


def test_report_command_refuses_a_wrong_month_and_writes_nothing(db, workdir):
    out = workdir / "отчёт.pdf"
    result = run_report("--db", str(db.path), "--month", "2026-13", "--out", str(out))
    assert result.returncode == 2
    assert "Неизвестный месяц 2026-13" in result.stderr and "Traceback" not in result.stderr
    result = run_report("--db", str(db.path), "--month", "2026-11", "--out", str(workdir / "отчёт.docx"))
    assert result.returncode == 2 and ".pdf" in result.stderr
    result = run_report("--db", str(db.path), "--month", "2026-11", "--out", str(db.path.with_suffix(".pdf")),
                        "--lang", "en")  # fmt: skip
    assert result.returncode == 2 and "Неизвестный язык en" in result.stderr
    assert not [p for p in workdir.iterdir() if p.name.startswith("отчёт")]

"""Documents rendered to PDF by Qt (offscreen) and read back with pypdf; the agenda command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.services.documents import build_document, find_meeting
from app.services.store import Store
from app.ui.pdf_render import render_pdf
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent


def pages_text(path: Path) -> list[str]:
    """Each page's text without spaces: pypdf guesses the gaps between words from the glyphs'
    positions (tabs, a space where the script changes: "1- бет"), so they are not compared."""
    return ["".join(page.extract_text().split()) for page in PdfReader(path).pages]


def squash(text: str) -> str:
    return "".join(text.split())


def render(
    session, workdir: Path, kind: str, langs: tuple[str, ...], meeting: str | None = None
) -> list[str]:
    document = build_document(session, kind, langs, meeting, TODAY)
    out = workdir / f"{kind}-{'+'.join(langs)}.pdf"
    pages = render_pdf(document.html, out)
    text = pages_text(out)
    assert len(text) == pages
    return text


@pytest.fixture
def session(demo_db, qapp):
    with demo_db.session() as session:
        yield session


def test_agenda_sheet(session, workdir):
    pages = render(session, workdir, "agenda", ("ru",), "UZ-M-001")
    text = " ".join(pages)
    for expected in (
        "РЕСПУБЛИКА УЗБЕКИСТАН РЕСПУБЛИКА КАЗАХСТАН",
        "ПОВЕСТКА ДНЯ",
        "10:00 по времени Ташкента; 10:00 по времени Астаны",
        "1. 10:00–10:10 Вступительное слово сопредседателей",
        "2. 10:10–10:30 О ходе создания Международного центра",
        "4. 10:50–11:20 О перечне совместных инвестиционных проектов",
        "Скляр Роман Васильевич, Заместитель Премьер-Министра Республики Казахстан (Казахстан)",
        "Ахметова Айгерим Болатовна",
    ):
        assert squash(expected) in text, expected
    assert pages[0].endswith(squash(f"Повестка дня · UZ-M-001 · стр. 1 из {len(pages)}"))


def test_uzbek_and_kazakh_letters_come_out_intact(session, workdir):
    meeting = find_meeting(session, "UZ-M-003")
    Store(session).update(
        meeting,
        {"title_kk": "Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі", "title_uz": "Oʻoʻ Gʻgʻ maʼlumot sanʼat"},
    )
    kk = " ".join(render(session, workdir, "agenda", ("kk",), "UZ-M-003"))
    assert squash("Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі") in kk
    assert squash("КҮН ТӘРТІБІ") in kk and squash("Күн тәртібі · UZ-M-003 · 1-бет, барлығы") in kk
    assert squash("Ташкент уақытымен 11:00; Астана уақытымен 11:00") in kk
    uz = " ".join(render(session, workdir, "agenda", ("uz",), "UZ-M-003"))
    assert squash("Oʻoʻ Gʻgʻ maʼlumot sanʼat") in uz  # U+02BB and U+02BC, not look-alikes
    assert squash("KUN TARTIBI") in uz and squash("Kun tartibi · UZ-M-003 · 1-sahifa, jami") in uz
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(workdir / "agenda-uz.pdf").pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in name for name in fonts), fonts  # the shipped fonts, embedded


def test_bilingual_agenda_has_both_columns(session, workdir):
    pages = render(session, workdir, "agenda", ("ru", "uz"), "UZ-M-001")
    first = pages[0]
    assert squash("ПОВЕСТКА ДНЯ") in first and squash("KUN TARTIBI") in first
    assert (
        squash("Вступительное слово сопредседателей") in first
        and squash("Hamraislarning kirish soʻzi") in first
    )
    assert first.endswith(squash(f"стр. 1 из {len(pages)} / 1-sahifa, jami {len(pages)}"))


def test_minutes(session, workdir):
    meeting = find_meeting(session, "UZ-M-001")
    for k, text in enumerate(("Принять к сведению выступления.", "Поручить секретариатам."), start=10):
        Store(session).create(
            "decision",
            {"meeting": meeting.uuid, "agenda_item": meeting.agenda[0].uuid, "position": k, "text_ru": text},
        )
    session.refresh(meeting)
    text = " ".join(render(session, workdir, "minutes", ("ru", "kk"), "UZ-M-001"))
    for expected in (
        "ПРОТОКОЛ",
        "ХАТТАМА",
        "1.1. Принять к сведению выступления.",
        "1.2. Поручить секретариатам.",
        "2.1. Принять к сведению информацию о ходе создания МЦТЭС",
        "2.1. ХСЭЫО құру барысы туралы ақпарат назарға алынсын",
        "От узбекской стороны",
        "От казахстанской стороны",
        "Өзбекстан тарапынан",
        "С. Умурзаков",
        "Р. Скляр",
    ):
        assert squash(expected) in text, expected


def test_roadmap_landscape_with_sections(session, workdir):
    pages = render(session, workdir, "roadmap", ("ru",))
    reader = PdfReader(workdir / "roadmap-ru.pdf")
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape A4
    text = " ".join(pages)
    assert squash("«Дорожная карта» по расширению и углублению сотрудничества") in text
    assert (
        squash("I Промышленная кооперация") in text
        and squash("II Устранение барьеров во взаимной торговле") in text
    )
    assert squash("Ответственные исполнители") in text and squash("Просрочено") in text
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert page.endswith(squash(f"Дорожная карта · стр. {number} из {len(pages)}"))
        assert squash("Мероприятие") in page  # the header repeated on every page


def test_long_agenda_keeps_every_item_on_one_page(session, workdir):
    meeting = find_meeting(session, "UZ-M-002")
    store = Store(session)
    filler = "Рассмотрение хода работ по проектам промышленной кооперации и предложений сторон. " * 4
    for n in range(4, 41):
        store.create(
            "agenda_item",
            {
                "meeting": meeting.uuid,
                "position": n,
                "title_ru": f"Вопрос-{n}-начало. {filler}Вопрос-{n}-конец.",
                "duration_minutes": 5,
                "speakers": [meeting.cochair_uz.uuid],
            },
        )
    session.refresh(meeting)
    pages = render(session, workdir, "agenda", ("ru",), "UZ-M-002")
    assert len(pages) >= 4
    for n in range(4, 41):
        on = [
            k for k, page in enumerate(pages) if f"Вопрос-{n}-начало" in page or f"Вопрос-{n}-конец" in page
        ]
        assert len(on) == 1, (n, on)  # the item's beginning and end on the same page
        assert squash(f"Вопрос-{n}-начало") in pages[on[0]] and squash(f"Вопрос-{n}-конец") in pages[on[0]]
    # 10:00 + 30 + 20 + 15 minutes of the meeting's own three items, then five minutes each
    assert squash("40. 14:05–14:10 Вопрос-40-начало") in " ".join(pages)
    for number, page in enumerate(pages, start=1):
        assert page.endswith(squash(f"стр. {number} из {len(pages)}"))


def test_no_row_crosses_a_page_break(session, qapp):
    from PySide6.QtCore import QSizeF
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.paginate import first_cut_row, layout
    from app.ui.pdf_render import FOOTER_MM, setup_page

    document = build_document(session, "roadmap", ("ru", "kk"), today=TODAY)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    setup_page(printer, landscape=True)
    body = QSizeF(printer.width(), printer.height() - FOOTER_MM / 25.4 * printer.logicalDpiY())
    doc = layout(document.html, printer, body)
    assert doc.pageCount() > 3
    assert first_cut_row(doc, body.height()) is None


def test_printer_device_paints_the_same_document(session, workdir):
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.pdf_render import paint, setup_page

    document = build_document(session, "minutes", ("uz",), "UZ-M-002")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # as the preview and the print dialog use it
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(workdir / "printer.pdf"))
    setup_page(printer, landscape=False)
    pages = paint(printer, document.html)
    text = pages_text(workdir / "printer.pdf")
    assert len(text) == pages and squash("BAYONNOMA") in text[0]
    assert squash("3.1. Oʻzaro tan olish doirasida generik dori vositalarini") in " ".join(text)


# ---- the command line -----------------------------------------------------------------------------


def test_agenda_command(demo_path, workdir, qapp, capsys):
    out = workdir / "повестка.pdf"
    assert main(["agenda", "--db", str(demo_path), "--meeting", "UZ-M-001", "--pdf", str(out)]) == 0
    assert "PDF записан" in capsys.readouterr().out
    assert squash("ПОВЕСТКА ДНЯ") in pages_text(out)[0]
    out.unlink()
    assert (
        main(["agenda", "--db", str(demo_path), "--meeting", "3", "--pdf", str(out), "--lang", "uz+kk"]) == 0
    )
    assert squash("KUN TARTIBI") in pages_text(out)[0] and squash("КҮН ТӘРТІБІ") in pages_text(out)[0]
    with_uuid = workdir / "minutes.pdf"
    from app.services.database import Database

    with Database(demo_path) as db, db.session() as session:
        uuid = find_meeting(session, "UZ-M-002").uuid
    args = ["--lang", "kk", "agenda", "--db", str(demo_path), "--meeting", uuid, "--pdf", str(with_uuid)]
    assert main([*args, "--document", "minutes"]) == 0
    assert squash("ХАТТАМА") in pages_text(with_uuid)[0]
    roadmap = workdir / "карта.pdf"
    assert main(["roadmap-pdf", "--db", str(demo_path), "--pdf", str(roadmap), "--lang", "ru"]) == 0
    assert squash("Дорожная карта · стр. 1 из") in pages_text(roadmap)[0]


def test_agenda_command_refuses_bad_input(demo_path, workdir, qapp, capsys):
    out = workdir / "нет.pdf"
    base = ["agenda", "--db", str(demo_path), "--pdf", str(out)]
    assert main([*base, "--meeting", "UZ-M-042"]) == 2
    assert "Заседание UZ-M-042 не найдено" in capsys.readouterr().err
    assert main([*base, "--meeting", "1", "--lang", "en"]) == 2
    assert "Неизвестный язык en" in capsys.readouterr().err
    assert main([*base, "--meeting", "1", "--lang", "ru+ru"]) == 2
    assert (
        main(["agenda", "--db", str(demo_path), "--meeting", "1", "--pdf", str(workdir / "нет" / "x.pdf")])
        == 2
    )
    missing = workdir / "нет базы.sqlite"
    assert main(["agenda", "--db", str(missing), "--meeting", "1", "--pdf", str(out)]) == 2
    assert not missing.exists()
    with pytest.raises(SystemExit) as exc:
        main([*base, "--meeting", "1", "--document", "letter"])
    assert exc.value.code == 2
    assert not out.exists()


def test_agenda_command_headless_in_a_subprocess(demo_path, workdir):
    """No display and no QT_QPA_PLATFORM: the command falls back to Qt's offscreen platform."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = workdir / "agenda kk.pdf"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "agenda",
            "--db",
            str(demo_path),
            *("--meeting", "UZ-M-003"),
            *("--pdf", str(out), "--lang", "kk"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert squash("КҮН ТӘРТІБІ") in pages_text(out)[0]


def test_the_agenda_shows_its_time_against_the_slot_and_an_overrun_in_red(session, workdir):
    """UZ-M-001 runs from 10:00 to 12:00 and its agenda takes 1 h 30 min; cut to 11:00, the agenda
    overruns by half an hour: said under the agenda, in red, and the items past 11:00 in red."""
    pages = " ".join(render(session, workdir, "agenda", ("ru", "kk"), "UZ-M-001"))
    assert squash("Повестка дня: 1 ч 30 мин (отведённое время: 2 ч, 10:00–12:00)") in pages
    assert squash("Күн тәртібі: 1 сағ 30 мин (бөлінген уақыт: 2 сағ, 10:00–12:00)") in pages
    assert squash("Превышение") not in pages and 'class="over"' not in pages
    meeting = find_meeting(session, "UZ-M-001")
    Store(session).update(meeting, {"end_time": "11:00"})
    document = build_document(session, "agenda", ("uz",), "UZ-M-001", TODAY)
    over = "Ajratilgan vaqtdan 30 daq ortiq"
    assert f'<span class="over">{over}</span>' in document.html
    assert document.html.count('class="overdue"') == 2  # 10:50–11:20 and 11:20–11:30
    pages = " ".join(render(session, workdir, "agenda", ("uz",), "UZ-M-001"))
    assert squash("Kun tartibi: 1 soat 30 daq (ajratilgan vaqt: 1 soat, 10:00–11:00)") in pages
    assert squash(over) in pages


def test_the_agenda_lists_the_deadlines_postponed_since_the_previous_meeting(session, workdir):
    from sqlalchemy import select

    from app.models import Meeting, Postponement

    upcoming = session.scalars(select(Meeting).order_by(Meeting.meeting_date.desc())).first()
    previous = session.scalars(
        select(Meeting)
        .where(Meeting.meeting_date < upcoming.meeting_date)
        .order_by(Meeting.meeting_date.desc())
    ).first()
    moved = [
        p
        for p in session.scalars(select(Postponement))
        if previous.meeting_date < p.postponed_on <= upcoming.meeting_date
    ]
    assert moved  # the demo's postponements of this month
    for lang, title in (
        ("ru", "Сроки, перенесённые после предыдущего заседания"),
        ("kk", "Алдыңғы отырыстан кейін"),
    ):
        text = " ".join(render(session, workdir, "agenda", (lang,), upcoming.code))
        assert squash(title) in text
        for p in moved:
            assert squash(p.item.text("measure", lang)[:40]) in text
    ru = " ".join(render(session, workdir, "agenda", ("ru",), upcoming.code))
    for p in moved:
        assert squash(p.reason) in ru
    earlier = " ".join(render(session, workdir, "agenda", ("ru",), previous.code))
    assert squash("Сроки, перенесённые после предыдущего заседания") not in earlier  # none before it

"""The documents' HTML, built from the demo database: fast, no Qt."""

import re
from datetime import date, time

import pytest

from app.services.documents import build_document, find_meeting, parse_languages
from app.services.documents.common import start_in_capitals, start_times_text, time_slots
from app.services.documents.html import page, read_meta, split_table, split_tables
from app.services.documents.minutes import numbered_decisions
from app.services.errors import UserError
from app.services.roadmap_table import roadmap_table_rows
from app.services.store import Store
from tests.conftest import TODAY


def text_of(html: str) -> str:
    """The document's words, tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def session(demo_db):
    with demo_db.session() as session:
        yield session


def test_languages():
    assert parse_languages("uz") == ("uz",)
    assert parse_languages("ru+kk") == ("ru", "kk")
    assert parse_languages("kk+uz") == ("kk", "uz")
    for bad in ("en", "ru+ru", "ru+uz+kk", "", None, "ru+"):
        with pytest.raises(UserError):
            parse_languages(bad)


def test_meeting_by_code_number_or_uuid(session):
    first = find_meeting(session, "UZ-M-001")
    assert first.number == 1
    assert find_meeting(session, "uz-m-001") is first
    assert find_meeting(session, "1") is first
    assert find_meeting(session, first.uuid) is first
    with pytest.raises(UserError, match="UZ-M-099"):
        find_meeting(session, "UZ-M-099")
    Store(session).update(find_meeting(session, "2"), {"number": 1})
    with pytest.raises(UserError):
        find_meeting(session, "1")  # two meetings numbered 1: the code must be given


def test_time_slots_follow_the_minutes_allotted(session):
    meeting = find_meeting(session, "UZ-M-001")  # 10:00; 10, 20, 20, 30, 10 minutes
    slots = [f"{a:%H:%M}–{b:%H:%M}" for a, b in time_slots(meeting)]
    assert slots == ["10:00–10:10", "10:10–10:30", "10:30–10:50", "10:50–11:20", "11:20–11:30"]
    Store(session).update(meeting.agenda[2], {"duration_minutes": None})
    starts, ends = zip(*time_slots(meeting), strict=True)
    assert ends[2] is None and starts[2].strftime("%H:%M") == "10:30"
    assert starts[3] is None and ends[4] is None  # unknown once a duration is missing


def test_start_time_in_tashkent_and_astana_from_the_zone_database(session):
    meeting = find_meeting(session, "UZ-M-003")  # 11:00, given in Astana's zone
    assert [(zone, t.strftime("%H:%M")) for zone, t in start_in_capitals(meeting)] == [
        ("Asia/Tashkent", "11:00"),
        ("Asia/Almaty", "11:00"),  # one offset since Kazakhstan moved to UTC+5 in 2024
    ]
    meeting.meeting_date = date(2023, 11, 24)  # before that: Astana an hour ahead of Tashkent
    meeting.start_time = time(11, 0)
    assert start_times_text(meeting, "ru") == "10:00 по времени Ташкента; 11:00 по времени Астаны"
    meeting.timezone = "Asia/Tashkent"
    assert start_times_text(meeting, "uz") == "Toshkent vaqti bilan 11:00; Astana vaqti bilan 12:00"


def test_agenda_sheet_in_russian(session):
    doc = build_document(session, "agenda", ("ru",), "UZ-M-001")
    text = text_of(doc.html)
    for expected in (
        "РЕСПУБЛИКА УЗБЕКИСТАН",
        "РЕСПУБЛИКА КАЗАХСТАН",
        "Межправительственная рабочая группа по промышленной кооперации",
        "ПОВЕСТКА ДНЯ",
        "Заседание № 1",
        "10:00 по времени Ташкента; 10:00 по времени Астаны",
        "Видеоконференция",
        "Ташкент — Астана, видеоконференция",
        "Вступительное слово сопредседателей",
        "10:00–10:10",
        "11:20–11:30",
        "Умурзаков Сардор Уктамович, Заместитель Премьер-министра Республики Узбекистан (Узбекистан)",
        "Узбекская сторона",
        "Казахстанская сторона",
    ):
        assert expected in text, expected
    assert doc.default_name == "UZ-M-001-agenda-ru.pdf"
    meta = read_meta(doc.html)
    assert meta["x-orientation"] == "portrait"
    assert meta["x-footer"] == "Повестка дня · UZ-M-001 · стр. {page} из {pages}"


def test_agenda_sheet_in_uzbek_and_kazakh(session):
    uz = text_of(build_document(session, "agenda", ("uz",), "UZ-M-001").html)
    assert "KUN TARTIBI" in uz and "OʻZBEKISTON RESPUBLIKASI" in uz and "Hamraislarning kirish soʻzi" in uz
    assert "Toshkent vaqti bilan 10:00" in uz
    when = find_meeting(session, "UZ-M-001").meeting_date
    assert f"{when.year}-yil {when.day}-" in uz  # the official Uzbek date: 2026-yil 20-dekabr
    kk = text_of(build_document(session, "agenda", ("kk",), "UZ-M-003").html)
    when = find_meeting(session, "UZ-M-003").meeting_date
    assert f"{when.year} жылғы {when.day} " in kk
    assert "КҮН ТӘРТІБІ" in kk and "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ" in kk and "Ахметова Әйгерім Болатқызы" in kk
    assert "Астана уақытымен 11:00" in kk and "Уақыт (Астана)" in kk


def test_bilingual_columns_each_in_its_language(session):
    html = build_document(session, "agenda", ("ru", "kk"), "UZ-M-001").html
    text = text_of(html)
    assert "ПОВЕСТКА ДНЯ" in text and "КҮН ТӘРТІБІ" in text
    assert "Вступительное слово сопредседателей" in text and "Тең төрағалардың кіріспе сөзі" in text
    assert text.index("ПОВЕСТКА ДНЯ") < text.index("КҮН ТӘРТІБІ")  # the first language on the left
    assert read_meta(html)["x-footer"].startswith("Повестка дня / Күн тәртібі · UZ-M-001")


def test_text_falls_back_and_is_escaped(session):
    meeting = find_meeting(session, "UZ-M-001")
    Store(session).update(
        meeting.agenda[0], {"title_ru": "Итоги <b>года</b> & планы", "title_uz": None, "title_kk": ""}
    )
    html = build_document(session, "agenda", ("kk",), "UZ-M-001").html
    assert "Итоги &lt;b&gt;года&lt;/b&gt; &amp; планы" in html  # Russian when there is no Kazakh
    assert "<b>года</b>" not in html


def test_minutes_number_decisions_per_agenda_item(session):
    meeting = find_meeting(session, "UZ-M-001")
    store = Store(session)
    for k, text in enumerate(("Принять к сведению.", "Продолжить работу."), start=10):
        store.create(
            "decision",
            {"meeting": meeting.uuid, "agenda_item": meeting.agenda[0].uuid, "position": k, "text_ru": text},
        )
    store.create("decision", {"meeting": meeting.uuid, "position": 20, "text_ru": "Без пункта."})
    session.refresh(meeting)
    numbers = [
        (n, d.text("text", "ru"))
        for _item, _no, decisions in numbered_decisions(meeting)
        for n, d in decisions
    ]
    assert numbers[:2] == [("1.1", "Принять к сведению."), ("1.2", "Продолжить работу.")]
    assert [n for n, _ in numbers[2:]] == ["2.1", "3.1", "4.1", "6.1"]
    text = text_of(build_document(session, "minutes", ("ru",), "UZ-M-001").html)
    for expected in (
        "ПРОТОКОЛ",
        "заседания № 1 Межправительственной рабочей группы по промышленной кооперации",
        "Председательствовали:",
        "Присутствовали:",
        "1. Вступительное слово сопредседателей",
        "Решили:",
        "1.1. Принять к сведению.",
        "1.2. Продолжить работу.",
        "6. Прочие решения",
        "6.1. Без пункта.",
        "От узбекской стороны",
        "От казахстанской стороны",
        "С. Умурзаков",
        "Р. Скляр",
    ):
        assert expected in text.replace("&nbsp;", " "), expected


def test_roadmap_rows_in_order_with_sections_and_overdue(session):
    rows = roadmap_table_rows(session, "ru", TODAY)
    numbers = [r.number for r in rows]
    assert numbers[:4] == ["I", "1", "1.1", "1.2"]
    sections = [r for r in rows if r.is_section]
    assert [r.number for r in sections] == ["I", "II", "III"]
    assert all(not r.status and not r.deadline for r in sections)
    assert numbers.index("II") < numbers.index("III")
    assert any(r.overdue for r in rows)
    assert any(len(r.executors_uz) > 1 for r in rows)
    kk = roadmap_table_rows(session, "kk", TODAY)
    assert [r.number for r in kk] == numbers and kk[0].measure == "Өнеркәсіптік кооперация"


def test_printed_roadmap_says_overdue_and_lists_executors_one_per_line(session):
    doc = build_document(session, "roadmap", ("ru",), today=TODAY)
    overdue = sum(1 for r in roadmap_table_rows(session, "ru", TODAY) if r.overdue)
    assert doc.html.count("Просрочено") == overdue
    assert "МИВТ" not in doc.html and "Министерство инвестиций и внешней торговли" in doc.html


def test_roadmap_document(session):
    doc = build_document(session, "roadmap", ("ru", "uz"), today=TODAY)
    assert doc.landscape and read_meta(doc.html)["x-orientation"] == "landscape"
    text = text_of(doc.html)
    assert "по состоянию на 24 ноября 2026 г. / 2026-yil 24-noyabr holatiga" in text
    assert "Промышленная кооперация Sanoat kooperatsiyasi" in text  # a section row, both languages
    assert "Ответственные исполнители / Masʼul ijrochilar" in text
    assert doc.html.count('class="section"') == 3 * 3  # the number, and a cell per language


def test_footer_keeps_braces_of_a_code():
    html = page("T", "<p>x</p>", footer="A {{code}} {page}/{pages}")
    assert read_meta(html)["x-footer"].format(page=1, pages=2) == "A {code} 1/2"


TABLES = (
    "<p>a</p>"
    '<table border="1"><thead><tr><th>H</th></tr></thead><tr><td>1</td></tr><tr><td>2</td></tr>'
    "<tr><td><table><tr><td>nested</td></tr></table></td></tr><tr><td>4</td></tr></table>"
    '<table border="0"><tr><td>x</td></tr><tr><td>y</td></tr></table>'
)


def test_split_table_repeats_the_header_on_the_next_page():
    out = split_table(TABLES, 0, 4)  # the header row counts: row 4 is the fourth body row
    first, rest = out.split("page-break-before: always", 1)
    assert "<td>nested</td>" in first and "<td>4</td>" not in first  # a nested table's rows don't count
    assert rest.count("<thead><tr><th>H</th></tr></thead>") == 1 and "<td>4</td>" in rest
    assert "</table><p" in out


def test_split_before_the_first_row_moves_the_table():
    out = split_table(TABLES, 0, 1)
    assert out.count("<thead>") == 1
    assert out.index("page-break-before") < out.index('<table border="1">')
    second = split_table(TABLES, 1, 1)
    assert "<td>x</td></tr></table>" in second and second.count('<table border="0">') == 2
    with pytest.raises(ValueError):
        split_table(TABLES, 2, 0)


def test_split_tables_applies_every_cut():
    out = split_tables(TABLES, [(0, 2), (1, 1)])
    assert out.count("page-break-before") == 2 and out.count('<table border="1">') == 2


def test_a_bare_meeting_still_prints(session):
    """No title, time, place, co-chairs, participants, agenda or decisions: nothing breaks."""
    meeting = Store(session).create(
        "meeting",
        {"meeting_date": "2026-12-01", "timezone": "Asia/Tashkent", "format": "video", "status": "planned"},
    )
    session.flush()
    for kind in ("agenda", "minutes"):
        for langs in (("uz",), ("ru", "kk")):
            text = text_of(build_document(session, kind, langs, meeting.code).html)
            assert "hukumatlararo" in text or "Межправительственн" in text
            assert "None" not in text
    agenda = text_of(build_document(session, "agenda", ("ru",), meeting.code).html)
    assert "Время начала" not in agenda and "Участники" not in agenda


def test_dates_in_print_take_each_language_official_form():
    from app.services.formatting import format_date, format_date_as_of

    day = date(2026, 12, 20)
    assert format_date(day, "ru", style="long") == "20 декабря 2026\u202fг."  # a narrow no-break space
    assert format_date(day, "uz", style="long") == "2026-yil 20-dekabr"
    assert format_date(day, "kk", style="long") == "2026 жылғы 20 желтоқсан"
    assert format_date(date(2026, 9, 1), "uz", style="long") == "2026-yil 1-sentabr"
    # "as of": Kazakh puts the month in the locative, the others read as the long date
    assert format_date_as_of(day, "kk") == "2026 жылғы 20 желтоқсандағы"
    assert format_date_as_of(date(2026, 4, 5), "kk") == "2026 жылғы 5 сәуірдегі"
    assert format_date_as_of(day, "uz") == "2026-yil 20-dekabr"

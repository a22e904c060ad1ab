"""Every visible string is translated into ru, uz and kk, and the catalogs are up to date."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from app.i18n import _, set_language, translate_in
from app.models import ProjectStatus, RoadmapStatus, Side
from app.services.labels import fold, parse_enum

ROOT = Path(__file__).resolve().parent.parent


def catalog(lang):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def test_catalogs_complete_and_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n.py"), "check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_scripts_and_apostrophes():
    for message in catalog("uz"):
        if not message.id:
            continue
        text = message.string if isinstance(message.string, str) else " ".join(message.string)
        assert not re.search("[а-яА-ЯёЁ]", text), (message.id, text)
        assert not re.search(r"[oOgG]['‘’`]", text), (message.id, text)
    for message in catalog("kk"):
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if msgid and re.search("[a-zA-Z]{4}", msgid) and "{" not in msgid:
            text = message.string if isinstance(message.string, str) else " ".join(message.string)
            assert re.search("[а-яА-ЯәғқңөұүһіӘҒҚҢӨҰҮҺІ]", text) or text.isupper(), (message.id, text)


def test_language_switch_takes_effect_at_once():
    set_language("uz")
    assert _("Projects") == "Loyihalar"
    set_language("kk")
    assert _("Projects") == "Жобалар"
    assert translate_in("ru", "Projects") == "Проекты"


def test_search_folding():
    assert fold("Oʻzbekiston") == fold("O'zbekiston") == fold("Ozbekiston") == fold("O‘ZBEKISTON")
    assert fold("ҚАЗАҚСТАН") == fold("қазақстан")
    assert fold("Объём") == fold("объем")
    # Runs of any spaces (a non-breaking one from Word, a tab, a line break) count as one.
    assert fold("  Жүк\u00a0 автомобиль\tжәне\r\n  спецтехника ") == "жүк автомобиль және спецтехника"


def test_enums_understood_in_any_language():
    assert parse_enum(RoadmapStatus, "исполнено") is RoadmapStatus.DONE
    assert parse_enum(RoadmapStatus, "Bajarilgan") is RoadmapStatus.DONE
    assert parse_enum(RoadmapStatus, "ОРЫНДАЛДЫ") is RoadmapStatus.DONE
    assert parse_enum(ProjectStatus, "construction") is ProjectStatus.CONSTRUCTION
    assert parse_enum(Side, "Qozog'iston") is Side.KZ
    assert parse_enum(Side, "РУз") is Side.UZ
    assert parse_enum(RoadmapStatus, "maybe") is None


def test_no_translation_calls_inside_f_strings():
    """Babel cannot extract _("…") written inside an f-string: such a text would stay English."""
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"""f["'][^"']*\{\s*(_|ngettext|pgettext|translate_in)\(\s*["']""", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_dates_in_the_official_numeric_form_in_every_language():
    from datetime import date

    from app.services.formatting import format_date, format_deadline

    for lang in ("ru", "uz", "kk"):
        assert format_date(date(2026, 3, 5), lang) == "05.03.2026"
        assert format_deadline("date", date(2027, 12, 31), None, None, lang) == "31.12.2027"
    assert format_date(None, "ru") == ""

"""The catalogs say what the program means: every translation keeps its placeholders, Uzbek is
written in Latin letters only and Kazakh in Cyrillic only, in the catalogs and in the demo data;
the rewording of earlier labels is recorded and older workbooks' labels still read."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from app.models import MeetingStatus, ProjectStatus, RoadmapStatus
from app.services.fields import ENTITIES
from app.services.labels import parse_enum

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ru", "uz", "kk")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\d")
CYRILLIC = re.compile("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
# Latin words a Kazakh text may hold: command-line words, file types, language codes and names
# of products and keys. Abbreviations in capitals (PDF, UUID, UZ-M-001) are allowed as such.
KAZAKH_LATIN = {
    "agenda",
    "PostgreSQL",  # product and file names stay as they are
    "pgpass",
    "ask",
    "bomb",
    "zip",
    "ours",
    "theirs",
    "ru",
    "uz",
    "kk",
    "pdf",
    "xls",
    "xlsx",
    "xlsm",
    "Excel",
    "Enter",
    "Qt",
    "SQLite",
    "QazTrade",
    "LibreOffice",
    "OpenDocument",
}


def catalog(lang):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def forms(message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def kazakh_problems(text: str) -> list[str]:
    """Uzbek letters or Latin words in a Kazakh text (placeholders and options left out)."""
    text = re.sub(r"\{[a-z_]+\}|--[a-z-]+|\*\.[a-z]+|postgresql://", " ", text)  # a URL scheme
    found = ["ʻ"] if "ʻ" in text else []
    for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", text):
        word = word.rstrip("-")
        if word not in KAZAKH_LATIN and not re.fullmatch(r"[A-Z][A-Z0-9-]*", word):
            found.append(word)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_translation_keeps_the_placeholders_of_its_original(lang):
    for message in catalog(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = set(PLACEHOLDER.findall(ids[-1]))  # a plural's forms follow its plural msgid
        for form in forms(message):
            assert set(PLACEHOLDER.findall(form)) == wanted, (lang, message.id, form)
        if ids[0] == "Page &P of &N":  # Excel's page-number codes in a printed header
            assert all("&P" in f and "&N" in f for f in forms(message)), (lang, message.id)


def test_uzbek_is_latin_and_kazakh_is_cyrillic_in_the_catalogs():
    for message in catalog("uz"):
        for form in forms(message) if message.id else ():
            assert not CYRILLIC.search(form), (message.id, form)
    for message in catalog("kk"):
        for form in forms(message) if message.id else ():
            assert kazakh_problems(form) == [], (message.id, form)


def test_the_kazakh_check_catches_uzbek_words():
    assert kazakh_problems("Bajarilmoqda") == ["Bajarilmoqda"]
    assert kazakh_problems("Жол картасы: yoʻl") == ["ʻ", "yo", "l"]
    assert kazakh_problems("PDF-ке экспорттау (*.xlsx), --db, UZ-M-001, {path} Excel-де") == []


def test_uzbek_is_latin_and_kazakh_is_cyrillic_in_the_demo_data(demo_db):
    checked = 0
    with demo_db.session() as s:
        for entity in ENTITIES.values():
            texts = [f for f in entity.fields if f.lang in ("uz", "kk")]
            for record in s.scalars(select(entity.model)) if texts else ():
                for f in texts:
                    value = getattr(record, f.attribute)
                    if not value:
                        continue
                    checked += 1
                    if f.lang == "uz":
                        assert not CYRILLIC.search(value), (entity.key, f.key, value)
                    else:
                        assert kazakh_problems(value) == [], (entity.key, f.key, value)
    assert checked > 300


def test_the_reworded_list_holds_the_catalogs_texts():
    """locales/reworded.json names every msgid whose earlier translation was changed, with the
    texts of today: a merge of catalogs takes these over older ones (tools/i18n.py fill)."""
    reworded = json.loads((ROOT / "locales" / "reworded.json").read_text(encoding="utf-8"))
    assert len(reworded) > 50
    for lang in LANGS:
        by_key = {}
        for m in catalog(lang):
            if m.id:
                msgid = m.id if isinstance(m.id, str) else m.id[0]
                by_key[f"{m.context}||{msgid}" if m.context else msgid] = m.string
        for key, texts in reworded.items():
            expected = by_key[key]
            assert (list(expected) if isinstance(expected, tuple) else expected) == texts[lang], (lang, key)


def test_earlier_labels_of_statuses_still_read():
    """A workbook written by the earlier version carries the earlier wording of its statuses."""
    assert parse_enum(RoadmapStatus, "Жойылған") is RoadmapStatus.CANCELLED
    assert parse_enum(ProjectStatus, "Іске қосылды") is ProjectStatus.LAUNCHED
    assert parse_enum(ProjectStatus, "Toʻxtatilgan") is ProjectStatus.SUSPENDED
    assert parse_enum(ProjectStatus, "Тоқтатылған") is ProjectStatus.SUSPENDED
    assert parse_enum(MeetingStatus, "Oʻtkazildi") is MeetingStatus.HELD
    # and today's
    assert parse_enum(RoadmapStatus, "Күші жойылған") is RoadmapStatus.CANCELLED
    assert parse_enum(ProjectStatus, "Тоқтата тұрылған") is ProjectStatus.SUSPENDED

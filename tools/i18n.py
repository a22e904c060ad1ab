"""Translation catalogs: extract, update, fill in, check.

    python tools/i18n.py extract        # messages.pot from the code, then merge into ru/uz/kk .po
    python tools/i18n.py missing        # untranslated or fuzzy msgids as JSON: {"msgid": {"ru": "", ...}}
    python tools/i18n.py fill FILE.json # write translations from such a JSON file into the catalogs
    python tools/i18n.py check          # exit 1 if any catalog is incomplete or stale

Everything with Babel's own API, so that it runs the same on Windows and Linux.
"""

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
LANGS = ("ru", "uz", "kk")
KEYWORDS = {
    "_": None,
    "N_": None,
    "NP_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "translate_in": (2,),
    "QT_TRANSLATE_NOOP": (2,),
}
METHOD_MAP = [("main.py", "python"), ("app/**.py", "python")]


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    template = Catalog(project="secretariat-desk", msgid_bugs_address="", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        if filename.startswith(("tests", "tools", ".venv", "build")):
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, fuzzy=False)
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def write(lang: str, catalog: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True, omit_header=False, include_previous=False)


def cmd_extract() -> None:
    template = extract()
    LOCALES.mkdir(exist_ok=True)
    with (LOCALES / "messages.pot").open("wb") as f:
        write_po(f, template, width=100, sort_output=True, omit_header=True, no_location=True)
    for lang in LANGS:
        catalog = read(lang)
        # No fuzzy matching: a guessed translation is worse than an honest gap the check reports.
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        write(lang, catalog)


def key_of(message) -> str:
    """JSON key of a message: its msgid (the singular for plurals), prefixed by 'context||'."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context}||{msgid}" if message.context else msgid


def _missing(catalog: Catalog) -> list:
    out = []
    for message in catalog:
        if not message.id:
            continue
        string = message.string
        empty = not all(string) if isinstance(string, tuple) else not string
        if empty or message.fuzzy:
            out.append(message)
    return out


def cmd_missing() -> None:
    result: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        for message in _missing(read(lang)):
            result.setdefault(key_of(message), {code: "" for code in LANGS})
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()


def cmd_fill(path: str) -> None:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for lang in LANGS:
        catalog = read(lang)
        for message in catalog:
            if not message.id:
                continue
            entry = data.get(key_of(message))
            if not entry or not entry.get(lang):
                continue
            value = entry[lang]
            if isinstance(message.id, tuple):  # plural: the JSON gives a list of forms
                forms = value if isinstance(value, list) else [value]
                count = catalog.num_plurals
                message.string = tuple((forms + [forms[-1]] * count)[:count])
            else:
                message.string = value
            message.flags.discard("fuzzy")
        write(lang, catalog)


def cmd_check() -> int:
    template_ids = {key_of(m) for m in extract() if m.id}
    bad = 0
    for lang in LANGS:
        catalog = read(lang)
        ids = {key_of(m) for m in catalog if m.id}
        missing = _missing(catalog)
        stale = template_ids - ids
        if missing or stale:
            bad += 1
            print(f"{lang}: {len(missing)} untranslated/fuzzy, {len(stale)} not extracted yet")
    return 1 if bad else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "extract":
        cmd_extract()
    elif command == "missing":
        cmd_missing()
    elif command == "fill":
        cmd_fill(sys.argv[2])
    else:
        sys.exit(cmd_check())

"""Translations (gettext, English msgids) and the current language of the program.

Catalogs are `locales/<lang>/LC_MESSAGES/messages.po`; the compiled `.mo` is built from the `.po`
when missing or older (the bundle ships it compiled). The language can change at run time:
`_()` always answers in the current one, and listeners (the GUI) are told to retranslate.
"""

import gettext
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .paths import locales_dir

LANGUAGES = ("ru", "uz", "kk")
DEFAULT_LANGUAGE = "ru"
DOMAIN = "messages"

_current = DEFAULT_LANGUAGE
_catalogs: dict[str, gettext.NullTranslations] = {}
_listeners: list[Callable[[str], None]] = []


def _mo_path(lang: str) -> Path | None:
    po = locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        return mo
    if not po.exists():
        return None
    return _compile(po, mo)


def _compile(po: Path, mo: Path) -> Path:
    # Only in a checkout after the catalog changed: Babel is imported here, not at start-up.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale=po.parent.parent.name)
    targets = [mo, Path(tempfile.gettempdir()) / "secretariat-desk-mo" / po.parent.parent.name / mo.name]
    for target in targets:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            with tmp.open("wb") as f:
                write_mo(f, catalog)
            os.replace(tmp, target)
            return target
        except OSError:
            continue
    raise OSError(f"cannot write compiled catalog for {po}")


def catalog(lang: str) -> gettext.NullTranslations:
    if lang not in _catalogs:
        mo = _mo_path(lang)
        if mo is None:
            _catalogs[lang] = gettext.NullTranslations()
        else:
            with mo.open("rb") as f:
                _catalogs[lang] = gettext.GNUTranslations(f)
    return _catalogs[lang]


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    changed = lang != _current
    _current = lang
    catalog(lang)
    if changed:
        for listener in list(_listeners):
            listener(lang)


def current_language() -> str:
    return _current


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _(message: str) -> str:
    return catalog(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalog(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return catalog(_current).pgettext(context, message)


def translate_in(lang: str, message: str) -> str:
    """The message in a given language, whatever the current one (documents, workbooks)."""
    return catalog(lang).gettext(message)


def N_(message: str) -> str:
    """Marks a string for extraction; translated later, where it is shown."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Marks a string with a context (the same English word may need different translations)."""
    return context, message


def translate_label(label: str | tuple[str, str], lang: str | None = None) -> str:
    """A marked label (plain or with context) in `lang` (default: the current language)."""
    cat = catalog(lang or _current)
    if isinstance(label, tuple):
        return cat.pgettext(*label)
    return cat.gettext(label)

"""Switching the language at run time: Qt's translators follow, the choice is remembered, and
every open window retranslates itself (each widget that shows text has a `retranslate()`)."""

import sys

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ..i18n import on_language_changed
from .qt_translations import QtTranslations
from .settings import save_language

# Each language in its own name: never translated.
LANGUAGE_NAMES = {"ru": "Русский", "uz": "Oʻzbekcha", "kk": "Қазақша"}

_translations: QtTranslations | None = None


def install(app: QApplication, lang: str) -> None:
    """Once per process: Qt's translators for `lang`, and the listener for later switches."""
    global _translations
    if _translations is None:
        _translations = QtTranslations(app)
        on_language_changed(_switched)
    _translations.apply(lang)


def _switched(lang: str) -> None:
    if _translations is not None:
        _translations.apply(lang)
        # Qt's widgets (dialog buttons …) retranslate on a posted LanguageChange: deliver it now,
        # so that everything on screen changes together.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        follow_default_locale()
    save_language(lang)
    retranslate_all()


def follow_default_locale() -> None:
    """Widgets already made keep the locale they were made with (QLocale.setDefault reaches only
    new ones): a calendar pop-up went on naming months in Russian after a switch to Uzbek. Each
    window takes the new default again, and passes it to its children; pop-ups are windows too."""
    for widget in QApplication.topLevelWidgets():
        widget.unsetLocale()


def retranslate_all() -> None:
    for widget in QApplication.topLevelWidgets():
        retranslate = getattr(widget, "retranslate", None)
        if callable(retranslate) and not widget.property("closing"):
            retranslate()


def apply_font(app: QApplication) -> None:
    """A UI font with the Kazakh and Uzbek letters. Windows' default font for dialogs may lack
    some of them; Segoe UI has them all. Elsewhere the system's default is kept."""
    if sys.platform == "win32":
        font = QFont("Segoe UI", 9)
        app.setFont(font)

"""Help → User guide (F1): a short guide in the program's language, read offline from
app/resources/guide/<lang>/index.html with its pictures beside it (made by the program itself:
tools/screenshots.py --guide).

The guide names menus and buttons by their messages, [[&File]] or [[Apply]]: it shows them as the
program names them in the language of the moment, so the guide and the menus never disagree."""

import html
import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from ..i18n import _, current_language, pgettext
from ..paths import resources_dir
from .geometry import fit_to_screen

UI_NAME = re.compile(r"\[\[(.+?)\]\]")


def guide_folder(lang: str) -> Path:
    return resources_dir() / "guide" / lang


def ui_name(msgid: str) -> str:
    """A menu's or button's text as the program shows it, without its mnemonic and trailing dots.
    `context|text` names a text marked with a context (a filter's "Postponed")."""
    context, bar, bare = msgid.partition("|")
    text = pgettext(context, bare) if bar else _(msgid)
    text = re.sub(r"&(.)", r"\1", text)  # "&&" stays one "&"
    return text.removesuffix("…").strip()


def guide_html(lang: str) -> str:
    """The guide's HTML in `lang`, the program's names for its menus and buttons filled in."""
    source = (guide_folder(lang) / "index.html").read_text(encoding="utf-8")
    return UI_NAME.sub(lambda m: f"<b>{html.escape(ui_name(html.unescape(m[1])))}</b>", source)


class GuideWindow(QDialog):
    """Beside the main window, not in front of it: one reads and works at the same time."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("user_guide")
        self.setModal(False)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_text")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, (980, 700), "guide")  # its pictures at their size
        self.lang = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("User guide"))
        lang = current_language()
        if lang != self.lang:
            self.lang = lang
            folder = guide_folder(lang)
            # Pictures are found beside the page, and anchors within it keep working.
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
            self.browser.setSearchPaths([str(folder)])
            self.browser.setHtml(guide_html(lang))


def show_guide(window) -> GuideWindow:
    """The guide of this window, opened or brought to the front."""
    guide = window.findChild(GuideWindow, "user_guide")
    if guide is None:
        guide = GuideWindow(window)
    guide.retranslate()
    guide.show()
    guide.raise_()
    guide.activateWindow()
    return guide

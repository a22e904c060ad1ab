"""In every language the menu bar, each menu and each dialog give every Alt+letter to one
control only (in Uzbek Tahrir and Til were both T, in Kazakh Түзету and Тіл both Т)."""

import re

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from app.i18n import set_language
from app.models import Meeting, Organization, Person, Project, RoadmapItem, Sector
from app.services.documents import meeting_choices
from app.services.exchange.importing.importer import preview_import
from app.services.exchange.importing.reader import read_workbook
from app.ui.backup_dialog import BackupsDialog
from app.ui.first_run import FirstRunDialog
from app.ui.forms.record_form import RecordDialog
from app.ui.import_dialog import ImportPreviewDialog
from app.ui.meeting_editor import MeetingEditor
from app.ui.printing import DocumentDialog
from tests.exchange_files import export_file

LANGS = ("ru", "uz", "kk")


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def repeated(texts: list[str]) -> dict[str, list[str]]:
    """Mnemonic letter → the texts that share it, for letters given more than once."""
    by_letter: dict[str, list[str]] = {}
    for text in texts:
        letter = mnemonic(text)
        if letter:
            by_letter.setdefault(letter, []).append(text)
    return {letter: shared for letter, shared in by_letter.items() if len(shared) > 1}


def texts_of(window: QWidget) -> list[str]:
    """The texts in one window that can carry a mnemonic: buttons, labels of fields, group
    titles and tabs (menus are checked on their own)."""
    texts = [b.text() for b in window.findChildren(QAbstractButton)]
    texts += [label.text() for label in window.findChildren(QLabel) if label.buddy() is not None]
    texts += [box.title() for box in window.findChildren(QGroupBox)]
    for tabs in window.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return texts


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_the_check_sees_a_shared_letter():
    assert repeated(["&Tahrir", "&Til", "&Fayl"]) == {"t": ["&Tahrir", "&Til"]}
    assert repeated(["Ti&l", "&Tahrir", "Save && close"]) == {}


@pytest.mark.parametrize("lang", LANGS)
def test_menu_bar_and_menus(window, lang):
    set_language(lang)
    bar = window.menuBar()
    assert repeated([a.text() for a in bar.actions()]) == {}
    assert all(mnemonic(a.text()) for a in bar.actions())
    for menu in window.menus.values():
        assert repeated(menu_texts(menu)) == {}, menu.title()


@pytest.mark.parametrize("lang", LANGS)
def test_dialogs_and_qt_own_boxes_and_menus(window, ctx, demo_db, workdir, qtbot, lang):
    set_language(lang)
    session = ctx.session
    dialogs: list[QWidget] = []
    for entity, model in (
        ("project", Project),
        ("roadmap_item", RoadmapItem),
        ("organization", Organization),
        ("person", Person),
        ("sector", Sector),
    ):
        dialogs.append(RecordDialog(ctx, entity, session.scalar(select(model).limit(1))))
    dialogs.append(MeetingEditor(ctx, session.scalar(select(Meeting).limit(1))))
    dialogs.append(BackupsDialog(window))
    dialogs.append(FirstRunDialog(workdir / "новая.sqlite"))
    dialogs.append(DocumentDialog(window, meeting_choices(session, lang), None))
    dialogs.append(
        ImportPreviewDialog(demo_db, preview_import(demo_db, read_workbook(export_file(demo_db, workdir))))
    )
    yes_no = QMessageBox.StandardButton
    dialogs.append(
        QMessageBox(
            QMessageBox.Icon.Question, "", "", yes_no.Yes | yes_no.No | yes_no.YesToAll | yes_no.NoToAll
        )
    )
    dialogs.append(
        QMessageBox(QMessageBox.Icon.Question, "", "", yes_no.Save | yes_no.Discard | yes_no.Cancel)
    )
    files = QFileDialog(window)
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialogs.append(files)
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert repeated(texts_of(dialog)) == {}, (type(dialog).__name__, texts_of(dialog))
    line = QLineEdit()
    context_menu = line.createStandardContextMenu()
    assert repeated(menu_texts(context_menu)) == {}, menu_texts(context_menu)
    for menu in files.findChildren(QMenu):
        assert repeated(menu_texts(menu)) == {}, menu_texts(menu)

"""A newcomer knows what to do: an empty database says on every page how to start, with buttons
that do it (the demo data only into an empty database); F1 opens the user guide in the program's
language, its pictures shipped beside it."""

import re

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox
from sqlalchemy import func, select

from app.i18n import LANGUAGES, set_language
from app.models import Project
from app.services.errors import UserError
from app.services.first_start import initialise, is_empty, load_demo
from app.ui.empty_state import EmptyState
from app.ui.guide import UI_NAME, guide_folder, guide_html
from tests.conftest import TODAY
from tests.ui.conftest import on_modal

PAGES = ("dashboard", "projects", "roadmap", "meetings", "references", "history")


@pytest.fixture
def empty_window(empty_db, qt_language, qtbot):
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    initialise(empty_db, "UZ", "Каримова Н.", demo=False)
    ctx = AppContext(empty_db, today=lambda: TODAY)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    ctx.session.close()


def shown_empty_state(window, key: str) -> EmptyState | None:
    window.show_page(key)
    page = window.current_page()
    empty = page.findChild(EmptyState)
    return empty if empty is not None and empty.isVisible() else None


def test_an_empty_database_says_on_each_page_how_to_start(empty_window):
    for key in PAGES:
        empty = shown_empty_state(empty_window, key)
        assert empty is not None, key
        shown = {name for name, button in empty.buttons.items() if button.isVisible()}
        ways = {"import", "demo", "guide"} | (set() if key == "history" else {"first"})
        assert shown == ways, key
        assert empty.title.text()
        assert empty_window.screen().availableGeometry().contains(empty_window.frameGeometry()), key
    empty_window.show_page("references")
    for tab in range(3):  # organizations, people, sectors
        empty_window.references.setCurrentIndex(tab)
        assert empty_window.references.currentWidget().empty.isVisible()


def test_the_first_record_button_opens_its_form(empty_window):
    seen = {}

    def look(dialog):
        seen["form"] = dialog.objectName()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    for key, form in (
        ("projects", "form_project"),
        ("meetings", "form_meeting"),
        ("roadmap", "form_roadmap_item"),
    ):
        on_modal(look)
        shown_empty_state(empty_window, key).buttons["first"].click()
        assert seen.pop("form") == form
    on_modal(look)  # the dashboard's: the first project, on the projects page
    shown_empty_state(empty_window, "dashboard").buttons["first"].click()
    assert seen.pop("form") == "form_project" and empty_window.current_page() is empty_window.projects


def test_the_import_button_asks_for_the_other_sides_file(empty_window, monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a) or ("", ""))
    shown_empty_state(empty_window, "roadmap").buttons["import"].click()
    assert len(asked) == 1


def test_loading_the_demo_data_fills_the_empty_database(empty_window):
    db = empty_window.ctx.db
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    shown_empty_state(empty_window, "dashboard").buttons["demo"].click()
    assert not is_empty(db)
    assert shown_empty_state(empty_window, "dashboard") is None  # the dashboard shows the data
    assert empty_window.dashboard.status_list.count() > 0
    assert shown_empty_state(empty_window, "projects") is None
    assert empty_window.projects.model.rowCount() == 13
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Project)) == 13
    assert empty_window.ctx.undo_stack.count() == 0


def test_declining_the_demo_data_changes_nothing(empty_window):
    on_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    shown_empty_state(empty_window, "projects").buttons["demo"].click()
    assert is_empty(empty_window.ctx.db)
    assert shown_empty_state(empty_window, "projects") is not None


def test_the_demo_data_go_only_into_an_empty_database(empty_window, qtbot):
    """Once a record exists, the pages offer no demo data, and the service refuses it."""
    ctx = empty_window.ctx
    ctx.create("organization", {"name_ru": "МИВТ", "side": "UZ", "kind": "ministry"}, "Создать")
    empty = shown_empty_state(empty_window, "projects")
    assert empty is not None and not empty.buttons["demo"].isVisible()
    assert shown_empty_state(empty_window, "references") is None  # the organization is listed
    with pytest.raises(UserError):
        load_demo(ctx.db, "UZ", TODAY)


def test_a_database_with_records_shows_no_start_page(window):
    for key in PAGES:
        assert shown_empty_state(window, key) is None, key


def image_names(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_f1_opens_the_guide_in_the_programs_language_with_its_pictures(window, qtbot, lang):
    from app.ui.guide import GuideWindow

    set_language(lang)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(GuideWindow, "user_guide")
    assert guide is not None and guide.isVisible()
    document = guide.browser.document()
    html = guide_html(lang)
    title = re.search(r"<h1>(.*?)</h1>", html)[1]
    assert guide.browser.toPlainText().startswith(re.sub("<[^>]+>", "", title))
    names = image_names(html)
    assert {"exchange.png", "conflicts.png", "printing.png", "backups.png"} <= set(names)
    for name in names:
        picture = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert picture is not None and not picture.isNull(), name
        assert picture.width() > 200, name
    assert "[[" not in guide.browser.toHtml()


def test_the_guide_follows_a_language_switch(window, qtbot):
    from app.ui.guide import GuideWindow

    window.actions_by_name["user_guide"].trigger()
    guide = window.findChild(GuideWindow, "user_guide")
    assert "руководство пользователя" in guide.browser.toPlainText()
    window.actions_by_name["language_kk"].trigger()
    assert "пайдаланушы нұсқаулығы" in guide.browser.toPlainText()
    assert "Файл → Басқа тарап үшін экспорт" in guide.browser.toPlainText()


def test_the_guide_names_menus_and_buttons_by_the_programs_own_messages():
    """Each [[message]] of the guides is a message the program has, translated in every language:
    the guide shows the menus' and buttons' names as the program does."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for lang in LANGUAGES:
        with (root / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            translated = {
                f"{m.context}|{m.id}" if m.context else m.id: m.string
                for m in read_po(f)
                if m.id and m.string
            }
        source = (guide_folder(lang) / "index.html").read_text(encoding="utf-8")
        names = {m.replace("&amp;", "&") for m in UI_NAME.findall(source)}
        assert len(names) > 20, lang
        assert not names - set(translated), (lang, names - set(translated))
        for name in image_names(source):
            assert (guide_folder(lang) / name).is_file(), (lang, name)


def test_the_guide_pictures_stay_small():
    from pathlib import Path

    total = sum(p.stat().st_size for p in Path(guide_folder("ru")).parent.rglob("*.png"))
    assert total < 400_000

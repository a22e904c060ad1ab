"""The main window: every page opens, menus and shortcuts, status bar, optional actions."""

from PySide6.QtWidgets import QMessageBox

from app import __version__
from tests.ui.conftest import on_modal


def test_every_page_opens_with_its_data(window, qtbot):
    for key in ("dashboard", "projects", "roadmap", "meetings", "references", "history"):
        window.actions_by_name[f"page_{key}"].trigger()
        assert window.stack.currentWidget() is window.page(key)
    assert window.projects.model.rowCount() == 13
    assert window.meetings.model.rowCount() == 3
    assert window.organizations.model.rowCount() > 10
    assert window.history.model.rowCount() > 100
    assert [n.number for n in window.roadmap.model.roots] == ["I", "II", "III"]


def test_title_status_bar_and_menus(window):
    assert __version__ in window.windowTitle()
    assert "демо база.sqlite" in window.windowTitle()
    assert "демо база.sqlite" in window.db_label.text()
    assert "Узбекистан" in window.side_label.text()
    file_menu = [a.objectName() for a in window.menus["file"].actions() if a.objectName()]
    assert file_menu == [
        "action_new_database",
        "action_open_database",
        "action_server_database",
        "action_export",
        "action_export_roadmap_table",
        "action_import",
        "action_print_preview",
        "action_print",
        "action_save_pdf",
        "action_monthly_report",
        "action_backups",
        "action_quit",
    ]
    shortcuts = {name: a.shortcut().toString() for name, a in window.actions_by_name.items()}
    assert shortcuts["undo"] == "Ctrl+Z" and shortcuts["export"] == "Ctrl+E"
    assert shortcuts["page_roadmap"] == "Ctrl+3"


def test_about_shows_the_version(window, qtbot):
    seen = {}

    def read(box: QMessageBox):
        seen["text"] = box.text()
        box.close()

    on_modal(read)
    window.actions_by_name["about"].trigger()
    assert __version__ in seen["text"]


def test_a_long_overdue_list_ends_with_a_link_to_the_filtered_roadmap(window, qtbot, monkeypatch):
    from app.ui import dashboard

    monkeypatch.setattr(dashboard, "SHOWN_ITEMS", 3)
    window.dashboard.reload()
    overdue = window.dashboard.overdue_list
    assert overdue.count() == 4 and "ещё" in overdue.item(3).text()
    window.dashboard._activated(overdue.item(3))
    assert window.current_page() is window.roadmap
    assert window.roadmap.filters.checks["overdue"].isChecked()
    assert window.roadmap.visible_count() > 3

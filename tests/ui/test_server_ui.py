"""A shared database on a server in the window: offered at the first start, chosen in the File
menu, remembered without its password, and a server that cannot be used said so in the dialog."""

from PySide6.QtWidgets import QDialog

from app.services.settings import is_configured
from app.ui import application
from app.ui.first_run import FirstRunDialog
from app.ui.server_dialog import ServerDialog, open_server_database
from app.ui.settings import save_server, saved_server
from tests import pg
from tests.ui.conftest import on_modal

NOWHERE = "postgresql://karimova@127.0.0.1:1/secretariat"


def test_the_first_start_offers_a_server_and_says_why_it_cannot_be_reached(qtbot, qt_language, workdir):
    first = FirstRunDialog(workdir / "secretariat.sqlite", offer_server=True)
    qtbot.addWidget(first)
    first.show()
    assert first.server_button.text() == "Общая база данных на сервере…"
    seen = {}

    def try_and_give_up(dialog: ServerDialog):
        dialog.address.setText("postgresql://karimova@server.mift.uz/")
        dialog.accept()
        seen["no database"] = dialog.error.text()
        dialog.address.setText(NOWHERE)
        dialog.accept()
        seen["unreachable"] = dialog.error.text()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    on_modal(try_and_give_up)
    first.server_button.click()
    assert "не указана база данных" in seen["no database"]
    assert "Сервер базы данных недоступен" in seen["unreachable"] and "127.0.0.1" in seen["unreachable"]
    assert seen["open"] and first.isVisible() and first.server is None  # still choosing


def test_a_server_is_remembered_without_its_password(isolated_settings):
    save_server("postgresql://karimova:секрет@server.mift.uz/secretariat?sslmode=require")
    assert saved_server() == "postgresql://karimova@server.mift.uz/secretariat?sslmode=require"
    assert "секрет" not in isolated_settings.read_text(encoding="utf-8")
    save_server(None)
    assert saved_server() is None


def test_the_first_start_on_a_server_then_its_own_questions(qtbot, qt_language, workdir, server_db_url):
    url = server_db_url()  # an empty database the IT department made
    first = FirstRunDialog(workdir / "secretariat.sqlite", offer_server=True)
    qtbot.addWidget(first)

    def fill(dialog: ServerDialog):
        dialog.address.setText(url)
        dialog.accept()

    on_modal(fill)
    first.show()
    first.server_button.click()
    assert first.server == (url, True) and first.result() == QDialog.DialogCode.Rejected
    db, lock = application.open_location(url, readonly=False)
    try:
        assert db.is_server and lock is None and db.report.created
        assert not is_configured(db)  # the first person on it answers the first-start questions
        again = FirstRunDialog(db.location, offer_server=False)
        qtbot.addWidget(again)
        assert again.server_button is None and url.split("?")[0] in again.path.text()
    finally:
        db.close()


def test_the_file_menu_moves_the_window_onto_a_server(window, ctx, qtbot, server_db_url, pg_demo_template):
    url = server_db_url(pg_demo_template)

    def fill(dialog: ServerDialog):
        dialog.address.setText(url)
        dialog.remember.setChecked(False)
        dialog.accept()

    on_modal(fill)
    assert open_server_database(window)
    assert window.ctx.db.is_server and window.ctx.live is not None
    assert f"{pg.database_of(url)} @ " in window.windowTitle()
    assert saved_server() is None  # not asked to be remembered
    window.show_page("projects")
    assert window.projects.model.rowCount() == 13

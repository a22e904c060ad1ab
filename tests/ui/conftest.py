"""The real widgets on the demo database, with "today" pinned and settings in a temporary file."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    from app.ui.settings import use_ini_file

    use_ini_file(tmp_path / "settings.ini")
    yield tmp_path / "settings.ini"
    use_ini_file(None)


@pytest.fixture
def qt_language(qapp):
    from app.ui import language

    language.install(qapp, "ru")
    return language


@pytest.fixture
def ctx(demo_db, qt_language):
    from app.ui.context import AppContext

    context = AppContext(demo_db, today=lambda: TODAY)
    yield context
    context.session.close()


@pytest.fixture
def window(ctx, qtbot):
    from app.ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def on_modal(action, attempts: int = 200):
    """Run `action(dialog)` on the next modal dialog (message box, form) once it is shown."""

    def handle(left=attempts):
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible():
            if left:
                QTimer.singleShot(10, lambda: handle(left - 1))
            return
        action(widget)

    QTimer.singleShot(0, handle)


def visible_rows(page) -> list[list[str]]:
    model = page.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def item_of(window, node):
    """The roadmap item a node of the roadmap shows (the nodes keep texts and version, not it)."""
    from app.services.listing import record_by_uuid

    return record_by_uuid(window.ctx.session, "roadmap_item", node.uuid)

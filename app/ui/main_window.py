"""The main window: navigation between the pages, menus and toolbar with shortcuts, the status
bar with the database file and this copy's side."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from .. import __version__
from ..i18n import LANGUAGES, _, current_language, set_language
from ..services.database import Database
from ..services.errors import UserError
from ..services.labels import label
from .context import AppContext
from .empty_state import Starts
from .geometry import fit_to_screen
from .language import LANGUAGE_NAMES

PAGES = ("dashboard", "projects", "roadmap", "meetings", "references", "history", "exchanges")
DB_FILTER = "*.sqlite"


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, lock=None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.lock = lock
        self.setObjectName("main_window")
        # What an empty page offers (empty_state.py).
        self.starts = Starts(
            new_project=self.new_project,
            import_file=self.import_workbook,
            load_demo=self.load_demo,
            open_guide=self.show_guide,
            can_load_demo=self._can_load_demo,
            readonly=lambda: self.ctx.readonly,
        )
        # Pages are built the first time they are shown: start-up builds only the dashboard, and a
        # large roadmap or change history costs nothing until someone opens it.
        self._built: dict[str, Any] = {}  # the pages built so far, each its own kind of widget
        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        for _key in PAGES:
            self.stack.addWidget(QWidget())
            self.nav.addItem("")
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setMinimumWidth(150)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([160, 1190])  # on a 1366 px laptop the pages need the width
        self.setCentralWidget(splitter)

        self._make_actions()
        self._make_menus()
        self.db_label = QLabel()
        self.side_label = QLabel()
        # Not permanent: a message (someone else's changes shown, live_updates.py) covers it for a while.
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.side_label)
        ctx.undo_stack.canUndoChanged.connect(self._update_undo)
        ctx.undo_stack.canRedoChanged.connect(self._update_undo)
        ctx.undo_stack.indexChanged.connect(self._update_undo)
        ctx.failed.connect(lambda message: QMessageBox.warning(self, _("Undo"), message))
        ctx.reopened.connect(self._reopened)
        ctx.news.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.nav.setCurrentRow(0)
        fit_to_screen(self, (1360, 820), "main_window")
        self.retranslate()

    # ---- actions and menus ----------------------------------------------------------------------

    def _action(self, name: str, slot, shortcut=None) -> QAction:
        action = QAction(self)
        action.setObjectName(f"action_{name}")
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.triggered.connect(slot)
        self.actions_by_name[name] = action
        return action

    def _make_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        S = QKeySequence.StandardKey
        a = self._action
        a("new_database", self.new_database, "Ctrl+Shift+N")
        a("open_database", self.open_database, S.Open)
        a("server_database", self.open_server_database)
        a("export", self.export_workbook, "Ctrl+E")
        a("export_roadmap_table", self.export_roadmap_table, "Ctrl+Shift+E")
        a("import", self.import_workbook, "Ctrl+I")
        a("print_preview", lambda: self.print_chosen("preview"), "Ctrl+Shift+P")
        a("print", lambda: self.print_chosen("print"), S.Print)
        a("save_pdf", lambda: self.print_chosen("pdf"), "Ctrl+Shift+S")
        a("monthly_report", self.monthly_report)
        a("backups", self.show_backups, "Ctrl+B")
        a("quit", self.close, S.Quit if not QKeySequence(S.Quit).isEmpty() else "Ctrl+Q")
        a("undo", self.ctx.undo_stack.undo, S.Undo)
        a("redo", self.ctx.undo_stack.redo, [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        a("new_record", lambda: self._page_call("new_record"), S.New)
        a("open_record", lambda: self._page_call("open_selected"), "Ctrl+Return")
        a("delete_record", lambda: self._page_call("delete_selected"), "Ctrl+Delete")
        a("find", self.focus_search, S.Find)
        a("record_history", self.show_record_history, "Ctrl+H")
        a("operator", self.change_operator)
        a("refresh", self.refresh, S.Refresh if not QKeySequence(S.Refresh).isEmpty() else "F5")
        for i, key in enumerate(PAGES, start=1):
            a(f"page_{key}", lambda _checked=False, k=key: self.show_page(k), f"Ctrl+{i}")
        a(
            "user_guide",
            self.show_guide,
            S.HelpContents if not QKeySequence(S.HelpContents).isEmpty() else "F1",
        )
        a("about", self.about)
        self.language_group = QActionGroup(self)
        for lang in LANGUAGES:
            action = a(f"language_{lang}", lambda _checked=False, code=lang: set_language(code))
            action.setText(LANGUAGE_NAMES[lang])  # each language in its own name: never translated
            action.setCheckable(True)
            self.language_group.addAction(action)

    def _make_menus(self) -> None:
        act = self.actions_by_name
        bar = self.menuBar()
        self.menus = {}
        layout: dict[str, Sequence[str | None]] = {
            "file": [
                "new_database",
                "open_database",
                "server_database",
                None,
                "export",
                "export_roadmap_table",
                "import",
                None,
                "print_preview",
                "print",
                "save_pdf",
                "monthly_report",
                None,
                "backups",
                None,
                "quit",
            ],
            "edit": [
                "undo",
                "redo",
                None,
                "new_record",
                "open_record",
                "delete_record",
                None,
                "find",
                "record_history",
                None,
                "operator",
            ],
            "view": [*(f"page_{k}" for k in PAGES), None, "refresh"],
            "language": [f"language_{lang}" for lang in LANGUAGES],
            "help": ["user_guide", None, "about"],
        }
        for menu_key, names in layout.items():
            menu = bar.addMenu("")
            menu.setObjectName(f"menu_{menu_key}")
            self.menus[menu_key] = menu
            for name in names:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(act[name])
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("undo", "redo", None, "new_record", "open_record", "delete_record", None):
            if name is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(act[name])
        for name in ("print_preview", "export", "import"):
            self.toolbar.addAction(act[name])
        self.addToolBar(self.toolbar)

    def retranslate(self) -> None:
        texts = {
            "new_database": _("&New database…"),
            "open_database": _("&Open database…"),
            "server_database": _("Shared database on a &server…"),
            "export": _("&Export for the other side…"),
            "export_roadmap_table": _("Export the roadmap &table…"),
            "import": _("&Import from the other side…"),
            "print_preview": _("Print pre&view…"),
            "print": _("&Print…"),
            "save_pdf": _("Save as P&DF…"),
            "monthly_report": _("&Monthly report…"),
            "backups": _("&Backups…"),
            "quit": _("&Quit"),
            "undo": _("&Undo"),
            "redo": _("&Redo"),
            "new_record": _("&New record…"),
            "open_record": _("&Open record…"),
            "delete_record": _("&Delete record…"),
            "find": _("&Find"),
            "record_history": _("Record &history"),
            "operator": _("Operator's na&me…"),
            "refresh": _("Re&fresh"),
            "user_guide": _("User &guide"),
            "about": _("&About Secretariat desk"),
            "page_dashboard": _("Dashboard"),
            "page_projects": _("Projects"),
            "page_roadmap": _("Roadmap"),
            "page_meetings": _("Meetings"),
            "page_references": _("Reference lists"),
            "page_history": _("Change history"),
            "page_exchanges": _("Exchange"),
        }
        for name, text in texts.items():
            self.actions_by_name[name].setText(text)
        for name in ("new_record", "delete_record", "new_database", "import", "operator"):
            self.actions_by_name[name].setEnabled(not self.ctx.readonly)
        self.actions_by_name[f"language_{current_language()}"].setChecked(True)
        for menu_key, text in (
            ("file", _("&File")),
            ("edit", _("&Edit")),
            ("view", _("&View")),
            ("language", _("&Language")),
            ("help", _("&Help")),
        ):
            self.menus[menu_key].setTitle(text)
        for i, key in enumerate(PAGES):
            self.nav.item(i).setText(self.actions_by_name[f"page_{key}"].text())
        if "references" in self._built:
            for i, text in enumerate((_("Organizations"), _("People"), _("Sectors"))):
                self.references.setTabText(i, text)
        for key, page in self._built.items():
            if key == "references":
                for i in range(page.count()):
                    page.widget(i).retranslate()
            else:
                page.retranslate()
        self._update_title()
        self._update_undo()

    def _update_title(self) -> None:
        name, readonly = _("Secretariat desk"), _("read-only")
        self.setWindowTitle(
            f"{name} {__version__} — {self.ctx.db.name}" + (f" ({readonly})" if self.ctx.readonly else "")
        )
        self.db_label.setText(_("Database: {path}").format(path=self.ctx.db.shown))
        operator = self.ctx.operator
        side = _("Side: {side}").format(side=label(self.ctx.side))
        self.side_label.setText(f"{side} · {operator}" if operator else side)

    def _update_undo(self, *args) -> None:
        stack = self.ctx.undo_stack
        undo, redo = self.actions_by_name["undo"], self.actions_by_name["redo"]
        undo.setEnabled(stack.canUndo() and not self.ctx.readonly)
        redo.setEnabled(stack.canRedo() and not self.ctx.readonly)
        undo.setToolTip(_("Undo: {what}").format(what=stack.undoText()) if stack.canUndo() else _("Undo"))
        redo.setToolTip(_("Redo: {what}").format(what=stack.redoText()) if stack.canRedo() else _("Redo"))

    # ---- pages --------------------------------------------------------------------------------

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(PAGES.index(key))

    def _show_row(self, row: int) -> None:
        self.page(PAGES[row])
        self.stack.setCurrentIndex(row)

    def page(self, key: str):
        """The page, built (and put in its place in the stack) the first time it is asked for."""
        if key not in self._built:
            built = self._build(key)
            self._built[key] = built
            index = PAGES.index(key)
            placeholder = self.stack.widget(index)
            assert placeholder is not None  # every page has its place in the stack from the start
            self.stack.insertWidget(index, built)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if key == "references":
                self.retranslate()  # the tab titles
        return self._built[key]

    def _build(self, key: str):
        ctx = self.ctx
        starts = self.starts
        if key == "dashboard":
            from .dashboard import DashboardView

            return DashboardView(ctx, self.navigate, starts)
        from .tables.page import RecordTablePage  # with the forms and the ORM: not for the dashboard

        if key == "projects":
            return RecordTablePage(ctx, "project", starts=starts)
        if key == "roadmap":
            from .roadmap import RoadmapView

            return RoadmapView(ctx, starts)
        if key == "meetings":
            from .backlog_panel import MeetingsPage

            return MeetingsPage(ctx, opener=lambda uuid: self.open_meeting(uuid), starts=starts)
        if key == "references":
            tabs = QTabWidget()
            tabs.setObjectName("page_references")
            for entity_key in ("organization", "person", "sector"):
                tabs.addTab(RecordTablePage(ctx, entity_key, starts=starts), "")
            return tabs
        if key == "exchanges":
            from .exchanges_view import ExchangesView

            return ExchangesView(ctx)
        from .history_view import HistoryView

        return HistoryView(ctx, starts)

    def open_meeting(self, uuid: str) -> None:
        from .meeting_editor import open_meeting

        open_meeting(self.ctx, uuid, self)

    dashboard = property(lambda self: self.page("dashboard"))
    projects = property(lambda self: self.page("projects"))
    roadmap = property(lambda self: self.page("roadmap"))
    meetings = property(lambda self: self.page("meetings"))
    references = property(lambda self: self.page("references"))
    history = property(lambda self: self.page("history"))
    organizations = property(lambda self: self.references.widget(0))
    people = property(lambda self: self.references.widget(1))
    sectors = property(lambda self: self.references.widget(2))

    def current_page(self):
        page = self.stack.currentWidget()
        references = self._built.get("references")
        if references is not None and page is references:
            return references.currentWidget()
        return page

    def _page_call(self, method: str) -> None:
        page = self.current_page()
        if page is self._built.get("dashboard"):
            page = self.projects
            self.show_page("projects")
        target = getattr(page, method, None)
        if callable(target):
            target()

    def focus_search(self) -> None:
        search = getattr(self.current_page(), "search", None)
        if search is not None:
            search.setFocus()
            search.selectAll()

    def refresh(self) -> None:
        self.ctx.session.expire_all()
        self.ctx.changed.emit()

    def navigate(self, kind: str, key: str | None, value: Any) -> None:
        """Open what a dashboard entry counts: a filtered list, a roadmap item, a meeting."""
        if kind == "project":
            self.show_page("projects")
            self.projects.clear_filters()
            self.projects.set_filter(key, value)
        elif kind == "roadmap":
            self.show_page("roadmap")
            self.roadmap.set_filter(key, value)
        elif kind == "roadmap_items":  # exactly the items an entry counts, under a note saying which
            note, items = value
            self.show_page("roadmap")
            self.roadmap.show_items(items(), note)
        elif kind == "roadmap_item":
            self.show_page("roadmap")
            self.roadmap.select_uuid(value)
            self.roadmap.open_uuid(value)
        elif kind == "meeting":
            self.open_meeting(value)

    def show_record_history(self) -> None:
        page = self.current_page()
        uuid = page.selected_uuid() if hasattr(page, "selected_uuid") else None
        entity = getattr(page, "entity_key", "roadmap_item" if page is self._built.get("roadmap") else None)
        self.show_page("history")
        self.history.show_record(uuid, entity if uuid else None)

    def change_operator(self) -> None:
        from .operator_dialog import change_operator

        if change_operator(self) is not None:
            self._update_title()

    def printable_meeting(self) -> str | None:
        """The meeting to offer first when printing: the one selected on the Meetings page."""
        page = self.current_page()
        return page.selected_uuid() if page is self._built.get("meetings") else None

    # ---- exchange, printing, backups (their modules load when first used) ----------------------

    @property
    def database(self):
        return self.ctx.db

    def export_workbook(self) -> None:
        from .exchange_dialogs import export_dialog

        export_dialog(self)

    def export_roadmap_table(self) -> None:
        from .exchange_dialogs import export_roadmap_table_dialog

        export_roadmap_table_dialog(self)

    def import_workbook(self) -> None:
        from .import_dialog import import_dialog

        if import_dialog(self) is not None:
            # Undo steps recorded before the import would now write over what it brought.
            self.ctx.undo_stack.clear()
            self.refresh()

    def print_chosen(self, how: str) -> None:
        from . import printing

        document = printing.choose_document(self, self.ctx.db, self.printable_meeting())
        if document is None:
            return
        if how == "preview":
            printing.print_preview(self, document.html, document.title, document.landscape)
        elif how == "print":
            printing.print_document(self, document.html, document.title, document.landscape)
        else:
            printing.save_pdf(
                self,
                document.html,
                document.title,
                document.default_name,
                document.landscape,
                db_path=self.ctx.db.path,
            )

    def monthly_report(self) -> None:
        from .monthly_report_dialog import monthly_report_dialog

        monthly_report_dialog(self, self.ctx.today())

    # ---- starting: an empty database, the user guide -----------------------------------------

    def new_project(self) -> None:
        self.show_page("projects")
        self.projects.new_record()

    def _can_load_demo(self) -> bool:
        from ..services.first_start import is_empty

        return not self.ctx.readonly and is_empty(self.ctx.db)

    def load_demo(self) -> None:
        """The demo data into this empty database, after a word on what they are."""
        from ..services.first_start import load_demo
        from .busy import wait_cursor

        title = _("Load the demo data")
        answer = QMessageBox.question(
            self,
            title,
            _(
                "Fill this database with the demo data: 13 projects, the roadmap and three meetings? "
                "They are examples for trying the program out: keep real work in a database of its own."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with wait_cursor():
                load_demo(self.ctx.db, self.ctx.side, today=self.ctx.today())
        except UserError as exc:
            QMessageBox.warning(self, title, str(exc))
            return
        self.ctx.undo_stack.clear()  # the demo is not an undoable edit: no step may reach behind it
        self.refresh()

    def show_guide(self) -> None:
        from .guide import show_guide

        show_guide(self)

    def show_backups(self) -> None:
        from .backup_dialog import backups_dialog

        backups_dialog(self)

    # ---- database files -------------------------------------------------------------------------

    def _choose(self, save: bool) -> Path | None:
        folder = str(self.ctx.db.path.parent if self.ctx.db.path else Path.home())
        title = _("New database") if save else _("Open database")
        filters = _("Databases ({pattern})").format(pattern=DB_FILTER)
        if save:
            path, _chosen = QFileDialog.getSaveFileName(self, title, folder, filters)
        else:
            path, _chosen = QFileDialog.getOpenFileName(self, title, folder, filters)
        if not path:
            return None
        chosen = Path(path)
        return chosen.with_suffix(".sqlite") if save and not chosen.suffix else chosen

    def new_database(self) -> None:
        path = self._choose(save=True)
        if path is not None:
            if path.exists():
                QMessageBox.warning(
                    self, _("New database"), _("{path} already exists.").format(path=path.name)
                )
                return
            self.open_path(path, new=True)

    def open_database(self) -> None:
        path = self._choose(save=False)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path, new: bool = False) -> bool:
        """Switch to another database file; a clear message and no change when it cannot be used."""
        if self.ctx.db.path is not None and path.resolve() == self.ctx.db.path.resolve():
            return True
        from ..services.database.writer_lock import WINDOW, lock_database
        from ..services.failures import describe_failure, read_only_problem

        try:
            problem = read_only_problem(path)
            if problem:
                raise UserError(problem)
            lock = lock_database(path, WINDOW)
            try:
                db = Database(path, daily_backup=True)
                if new:
                    from ..services.first_start import initialise

                    initialise(db, self.ctx.side, self.ctx.operator, demo=False)
            except BaseException:
                lock.release()
                raise
        except (UserError, OSError) as exc:
            message = (describe_failure(exc) if isinstance(exc, OSError) else None) or str(exc)
            QMessageBox.critical(self, _("Open database"), message)
            return False
        old_lock, self.lock = self.lock, lock
        self.ctx.reopen(db)
        if old_lock is not None:
            old_lock.release()
        return True

    def open_server_database(self) -> None:
        from .server_dialog import open_server_database

        open_server_database(self)

    def _reopened(self) -> None:
        self._update_title()

    # ---- help and closing ---------------------------------------------------------------------

    def about(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("about")
        box.setWindowTitle(_("About Secretariat desk"))
        name = _("Secretariat desk")
        box.setText(f"<b>{name}</b> {__version__}")
        box.setInformativeText(
            _(
                "Records of the Uzbekistan–Kazakhstan intergovernmental working group on industrial "
                "cooperation: projects, the roadmap and meetings."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.exec()

    def closeEvent(self, event) -> None:
        self.setProperty("closing", True)
        stack = self.ctx.undo_stack
        for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.indexChanged):
            signal.disconnect(self._update_undo)
        self.ctx.close()
        if self.lock is not None:
            self.lock.release()
        super().closeEvent(event)

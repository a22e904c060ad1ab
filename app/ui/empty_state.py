"""What a page shows while it has nothing to show: what is missing, and buttons that start — add
the first record, import a file from the other side, load the demo data (into an empty database
only), or read the user guide. A newcomer's first screen says what to do next."""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ..i18n import N_, translate_label


@dataclass
class Starts:
    """The ways to start that the main window offers every page."""

    new_project: Callable[[], None]
    import_file: Callable[[], None]
    load_demo: Callable[[], None]
    open_guide: Callable[[], None]
    can_load_demo: Callable[[], bool]  # an empty database, not read-only
    readonly: Callable[[], bool]


# Per page (entity key, "dashboard" or "history"): what is missing, and the button that adds it.
TITLES = {
    "dashboard": (N_("No projects, roadmap items or meetings yet"), N_("Add the first project…")),
    "project": (N_("No projects yet"), N_("Add the first project…")),
    "roadmap_item": (N_("The roadmap is empty"), N_("Add the first roadmap item…")),
    "meeting": (N_("No meetings yet"), N_("Add the first meeting…")),
    "organization": (N_("No organizations yet"), N_("Add the first organization…")),
    "person": (N_("No people yet"), N_("Add the first person…")),
    "sector": (N_("No sectors yet"), N_("Add the first sector…")),
    "history": (N_("No changes recorded yet"), None),
}
FIRST_HINT = N_("A form opens; once saved, the record is listed here.")
HISTORY_HINT = N_(
    "Every change made in this copy or brought in by an import is listed here: who made it, when, "
    "the old value and the new one."
)
IMPORT = (
    N_("Import a file from the other side…"),
    N_(
        "The workbook the other side's secretariat sent by e-mail: you see what it brings, and "
        "nothing is added before you apply it."
    ),
)
DEMO = (
    N_("Load the demo data"),
    N_(
        "The 13 joint projects, the roadmap and three meetings of the working group, to try the "
        "program on. Only into an empty database."
    ),
)
GUIDE = (
    N_("Open the user guide"),
    N_("How to exchange files, settle conflicts, print and keep backups (F1)."),
)


class EmptyState(QWidget):
    def __init__(self, kind: str, starts: Starts, first: Callable[[], None] | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("empty_state")
        self.kind = kind
        self.starts = starts
        self.title = QLabel()
        self.title.setObjectName("empty_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.hint = QLabel()  # the history's: it has no first record to add
        self.hint.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        self.notes: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        ways = [("first", first), ("import", starts.import_file), ("demo", starts.load_demo)]
        ways.append(("guide", starts.open_guide))
        for row, (key, action) in enumerate(way for way in ways if way[1] is not None):
            button = QPushButton()
            button.setObjectName(f"start_{key}")
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.clicked.connect(action)
            note = QLabel()
            note.setWordWrap(True)
            note.setTextFormat(Qt.TextFormat.PlainText)
            self.buttons[key], self.notes[key] = button, note
            grid.addWidget(button, row, 0)
            grid.addWidget(note, row, 1)
        grid.setColumnStretch(1, 1)
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addSpacing(12)
        column.addLayout(grid)
        column.addStretch(1)
        box = QWidget()
        box.setLayout(column)
        box.setMaximumWidth(860)  # lines a reader's eye can follow, in the middle of a wide page
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(box, 12)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        title, first = TITLES[self.kind]
        self.title.setText(translate_label(title))
        self.hint.setText(translate_label(HISTORY_HINT))
        self.hint.setVisible(self.kind == "history")
        texts = {"first": (first, FIRST_HINT), "import": IMPORT, "demo": DEMO, "guide": GUIDE}
        for key, button in self.buttons.items():
            text, note = texts[key]
            assert text is not None  # only the history has no first record, and no button for it
            button.setText(translate_label(text))
            self.notes[key].setText(translate_label(note))
        self.refresh()

    def refresh(self) -> None:
        """The demo data are offered while the database is empty; nothing is added read-only."""
        readonly = self.starts.readonly()
        for key, button in self.buttons.items():
            button.setEnabled(key == "guide" or not readonly)
        if "demo" in self.buttons:
            offered = self.starts.can_load_demo()
            self.buttons["demo"].setVisible(offered)
            self.notes["demo"].setVisible(offered)

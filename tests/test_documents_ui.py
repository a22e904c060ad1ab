"""The printing functions the main window calls: the document chooser, preview, PDF file."""

from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QFileDialog

from app.i18n import set_language
from app.services.documents import build_document, find_meeting
from app.ui.printing import DocumentDialog, choose_document, print_preview, save_pdf


def meeting_uuid(db, ident: str) -> str:
    with db.session() as session:
        return find_meeting(session, ident).uuid


def when_modal(action) -> None:
    """Runs `action` on the modal dialog as soon as it shows (exec() blocks the test till then)."""

    def attempt():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, attempt)
        else:
            action(dialog)

    QTimer.singleShot(0, attempt)


def test_dialog_offers_kinds_meetings_and_languages(demo_db, qtbot):
    set_language("uz")
    uuid = meeting_uuid(demo_db, "UZ-M-002")
    dialog = DocumentDialog(None, [(uuid, "UZ-M-002"), ("x", "UZ-M-001")], uuid)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Hujjatni chop etish"
    assert [dialog.kind.itemText(i) for i in range(3)] == ["Kun tartibi", "Bayonnoma", "Yoʻl xaritasi"]
    assert dialog.language.currentData() == "uz"
    assert dialog.language.itemText(dialog.language.findData("ru+kk")) == "Русский + Қазақша"
    assert dialog.choice() == ("agenda", ("uz",), uuid)
    dialog.kind.setCurrentIndex(dialog.kind.findData("roadmap"))
    assert not dialog.meeting.isEnabled()
    assert dialog.choice() == ("roadmap", ("uz",), None)


def test_choose_document_builds_the_chosen_one(demo_db, qtbot):
    uuid = meeting_uuid(demo_db, "UZ-M-001")

    def pick_bilingual_minutes(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("minutes"))
        dialog.language.setCurrentIndex(dialog.language.findData("ru+uz"))
        dialog.accept()

    when_modal(pick_bilingual_minutes)
    document = choose_document(None, demo_db, uuid)
    assert document.kind == "minutes" and document.default_name == "UZ-M-001-minutes-ru+uz.pdf"
    assert "ПРОТОКОЛ" in document.html and "BAYONNOMA" in document.html
    when_modal(lambda dialog: dialog.reject())
    assert choose_document(None, demo_db, uuid) is None


def test_preview_paints_the_pages(demo_db, qtbot):
    with demo_db.session() as session:
        document = build_document(session, "roadmap", ("kk",))
    seen = {}

    def look_and_close(dialog):
        seen["pages"] = dialog.findChild(QPrintPreviewWidget).pageCount()
        dialog.reject()

    when_modal(look_and_close)
    print_preview(None, document.html, document.title)
    assert seen["pages"] > 1


def test_save_pdf_adds_the_extension(demo_db, qtbot, workdir, monkeypatch):
    with demo_db.session() as session:
        document = build_document(session, "agenda", ("ru",), "2")
    chosen = workdir / "повестка"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen), "PDF (*.pdf)"))
    path = save_pdf(None, document.html, document.title, document.default_name)
    assert path == workdir / "повестка.pdf"
    assert "ПОВЕСТКАДНЯ" in "".join(PdfReader(path).pages[0].extract_text().split())
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    assert save_pdf(None, document.html, document.title, document.default_name) is None


def test_save_pdf_never_writes_over_the_database_or_its_backups(demo_db, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.services.database.backup import backup_database

    backup = backup_database(demo_db.path, "manual")
    with demo_db.session() as session:
        document = build_document(session, "agenda", ("ru",), "2")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: warned.append(text)))
    kept = backup.read_bytes()
    for chosen in (backup.with_suffix(".pdf"), backup.parent / "повестка.pdf"):  # into the backups folder
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, c=chosen: (str(c), "PDF (*.pdf)"))
        assert (
            save_pdf(None, document.html, document.title, document.default_name, db_path=demo_db.path) is None
        )
    assert len(warned) == 2 and all("Выберите другой файл" in text for text in warned)
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name] and backup.read_bytes() == kept

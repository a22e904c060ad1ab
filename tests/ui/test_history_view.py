"""The change history page: sources, people and names in the language on screen, sorting by a
click on a column's header; the operator's name changed from the menu."""

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from app.i18n import translate_in
from app.models import ChangeAction, ChangeLog, Project, Side
from app.models.base import utcnow
from app.services.store import Store
from tests.exchange_files import Sheet, edit_workbook, export_file, import_file
from tests.ui.conftest import on_modal

CYRILLIC = re.compile("[а-яА-ЯёЁ]")
SOURCE, WHO, SIDE, ACTION, FIELD = 3, 1, 2, 4, 6


def column(page, index: int) -> list[str]:
    model = page.model
    return [model.index(r, index).data() for r in range(model.rowCount())]


def returned_file(ctx, workdir):
    """Our workbook comes back with one cell typed over by the other side."""
    path = export_file(ctx.db, workdir)

    def person(wb):
        sheet = Sheet(wb, "project")
        sheet.set(sheet.find("code", "UZ-P-001"), "jobs", 999)

    import_file(ctx.db, edit_workbook(path, person))
    return path


def test_sources_people_and_names_in_the_language_on_screen(window, ctx, workdir):
    path = returned_file(ctx, workdir)
    project = ctx.session.scalars(select(Project).where(Project.code == "UZ-P-002")).one()
    # A row written by an earlier version: the source in the language of the day, a Russian name.
    ctx.session.add(
        ChangeLog(
            at=utcnow(),
            operator="Иванова И.",
            side=Side.UZ,
            source="импорт: старый файл.xlsx",
            action=ChangeAction.UPDATE,
            entity="project",
            record_uuid=project.uuid,
            record_label="UZ-P-002 Производство тракторов",
            field="jobs",
            old_value="1",
            new_value="2",
        )
    )
    ctx.session.commit()
    ctx.changed.emit()
    window.show_page("history")
    page = window.history
    for lang in ("uz", "kk"):
        window.actions_by_name[f"language_{lang}"].trigger()
        sources = set(column(page, SOURCE))
        expected = {
            translate_in(lang, "Demo data"),
            translate_in(lang, "Our exchange workbook No. {number}, returned with edits: {file}").format(
                number=1, file=path.name
            ),
            translate_in(lang, "Import: {file}").format(file="старый файл.xlsx"),
        }
        assert sources == expected, lang
        returned = column(page, SOURCE).index(next(s for s in expected if path.name in s))
        assert page.model.index(returned, WHO).data() == translate_in(lang, "operator of the other side")
        assert page.model.index(returned, SIDE).data() == translate_in(lang, "Kazakhstan")
        if lang == "uz":  # nothing the program itself says is in Russian
            for index in (SOURCE, SIDE, ACTION, FIELD):
                texts = column(page, index)
                texts = [t.replace("старый файл.xlsx", "").replace(path.name, "") for t in texts]
                assert not any(CYRILLIC.search(t) for t in texts), index
            # The record of the old row is named as it is now, in Uzbek, not by its stored label.
            assert f"{translate_in(lang, 'Project')}: UZ-P-002 {project.name_uz}" in column(page, 5)
    window.actions_by_name["language_ru"].trigger()


def click_header(page, section: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_sorting_by_a_click_on_a_header(window, ctx):
    for name, code in (("Бекова Д.", "UZ-P-001"), ("Ахметова А.", "UZ-P-002")):
        Store(ctx.session, operator=name).update(
            ctx.session.scalars(select(Project).where(Project.code == code)).one(), {"jobs": 5}
        )
        ctx.session.commit()
    ctx.changed.emit()
    window.show_page("history")
    page = window.history
    assert column(page, WHO)[:2] == ["Ахметова А.", "Бекова Д."]  # the newest first
    click_header(page, WHO)
    people = ["Ахметова А.", "Бекова Д.", "—"]  # the demo data was made by nobody in particular
    assert list(dict.fromkeys(column(page, WHO))) == people  # A to Z
    assert page.table.horizontalHeader().sortIndicatorSection() == WHO
    click_header(page, WHO)
    assert list(dict.fromkeys(column(page, WHO))) == people[::-1]  # Z to A
    ctx.changed.emit()  # a reload keeps the chosen order
    assert list(dict.fromkeys(column(page, WHO))) == people[::-1]
    click_header(page, 0)
    ids = [row.id for row in page.model.rows]
    assert ids == sorted(ids, reverse=True)  # back to the newest first


def test_operator_renamed_from_the_menu(window, ctx):
    uuid = ctx.session.scalars(select(Project).where(Project.code == "UZ-P-001")).one().uuid
    ctx.rename_operator("Каримова Н.")
    ctx.update("project", uuid, {"jobs": 123}, "")
    seen = {}

    def rename(dialog):
        dialog.operator.setText("   ")
        dialog.accept()
        seen["error"] = dialog.error.isVisible() and dialog.error.text()
        dialog.operator.setText("  Юсупова   М. ")
        dialog.accept()

    on_modal(rename)
    window.actions_by_name["operator"].trigger()
    assert seen["error"] == "Введите своё имя: оно записывается при каждом изменении."
    assert ctx.operator == "Юсупова М." and "Юсупова М." in window.side_label.text()
    ctx.update("project", uuid, {"jobs": 321}, "")
    newest, before = ctx.session.scalars(select(ChangeLog).order_by(ChangeLog.id.desc()).limit(2))
    assert (newest.new_value, newest.operator) == ("321", "Юсупова М.")
    assert (before.new_value, before.operator) == ("123", "Каримова Н.")  # earlier changes keep theirs

"""The Exchange page: the files sent and received, and what changed here since the last one sent."""

from sqlalchemy import select

from app.models import Project
from app.services.store import Store
from tests.exchange_files import export_file


def edit(db, code: str, values: dict) -> None:
    with db.transaction() as s:
        Store(s).update(s.scalars(select(Project).where(Project.code == code)).one(), values)


def test_the_exchange_page_shows_them(window, workdir):
    export_file(window.ctx.db, workdir)
    edit(window.ctx.db, "UZ-P-001", {"jobs": 9})
    window.ctx.changed.emit()
    window.show_page("exchanges")
    page = window.page("exchanges")
    assert page.log.topLevelItemCount() == 1 and "№ 1" in page.log.topLevelItem(0).text(0)
    group = page.changes.topLevelItem(0)
    field = group.child(0).child(0)
    assert (field.text(1), field.text(2)) == ("450", "9")
    assert "1" in page.changes_title.text()

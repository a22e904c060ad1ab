"""One column sorted on its own in Excel ("Continue with the current selection", which is what a
protected sheet leaves when the whole table cannot be sorted): each value lands in another
record's row. The preview refuses those cells, naming the sort; nothing moves between records.
Real edits that only look a little like it are read as they are."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.models import Project
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.plan_sorted import MIN_MOVED, sorted_alone_message
from app.services.exchange.importing.reader import read_workbook
from app.services.exchange.importing.retranslate import retranslate
from app.services.exchange.workbook.expected import expected_for

from .exchange_files import Sheet, edit_workbook, export_file
from .pg import db_state

pytestmark = pytest.mark.backends


def _excel_key(value):
    """As Excel sorts: numbers and dates, then texts without regard to case; empty cells last."""
    if isinstance(value, (datetime, date)):
        return (0, value.toordinal())
    if isinstance(value, (int, float)):
        return (0, value)
    return (1, str(value).casefold())


def sort_column_alone(sheet: Sheet, key: str, first: int, last: int, reverse: bool = False) -> list:
    """The cells of one column in rows first..last sorted, the rest of each row left where it is."""
    column = sheet.col[key]
    cells = [sheet.ws.cell(r, column).value for r in range(first, last + 1)]
    filled = sorted((v for v in cells if v not in (None, "")), key=_excel_key, reverse=reverse)
    ordered = filled + [None] * (len(cells) - len(filled))
    for r, value in zip(range(first, last + 1), ordered, strict=True):
        sheet.ws.cell(r, column).value = value
    return ordered


def preview_of(db, path):
    return preview_import(db, read_workbook(path))


def sorted_errors(preview) -> list:
    start = sorted_alone_message("").partition("«")[0]
    return [e for e in preview.plan.errors if e.message.startswith(start)]


@pytest.mark.parametrize(
    ("entity", "key", "reverse", "rows"),
    [
        ("roadmap_item", "deadline", False, 10),
        ("project", "status", False, 10),
        ("project", "sector", True, 10),
        ("project", "jobs", True, 10),
        ("project", "total_cost", False, 10),
        ("roadmap_item", "executors_uz", False, 40),  # lists of names, as the cells write them
    ],
)
def test_a_column_sorted_on_its_own_is_refused(demo_db, workdir, entity, key, reverse, rows):
    path = export_file(demo_db, workdir)
    at = {}

    def person(wb):
        sheet = Sheet(wb, entity)
        first = 3 if entity == "project" else sheet.find("number", "1")
        last = min(first + rows - 1, sheet.ws.max_row)
        at["before"] = [sheet.get(r, key) for r in range(first, last + 1)]
        at["after"] = sort_column_alone(sheet, key, first, last, reverse)
        at["moved"] = {
            first + i for i, (a, b) in enumerate(zip(at["before"], at["after"], strict=True)) if a != b
        }

    edit_workbook(path, person)
    assert len(at["moved"]) >= MIN_MOVED
    before = db_state(demo_db)
    preview = preview_of(demo_db, path)
    errors = sorted_errors(preview)
    assert {e.row for e in errors} == at["moved"]
    assert all(e.key == key for e in errors)
    # each cell says what its row had when sent: the same values as the moved ones, back in place
    sent = [e.message.rpartition("было «")[2].removesuffix("».") for e in errors]
    assert sorted(sent) == sorted(str(e.value) for e in errors) and sent != [str(e.value) for e in errors]
    assert f"«{sent[0]}»" in retranslate(errors[0].message, "ru", "kk")
    with pytest.raises(Exception, match="ошиб"):
        apply_import(demo_db, preview)
    assert db_state(demo_db) == before
    # the other side is told what to do, in the language of their file
    assert "отмените сортировку столбца" in expected_for(errors[0], "ru")
    assert "ustun saralanishini bekor qiling" in expected_for(errors[0], "uz")


def test_the_rest_of_the_file_can_still_be_applied(demo_db, workdir):
    path = export_file(demo_db, workdir)

    def person(wb):
        projects = Sheet(wb, "project")
        sort_column_alone(projects, "jobs", 3, 12, reverse=True)
        projects.set(projects.find("code", "UZ-P-013"), "notes", "Примечание партнёра")

    edit_workbook(path, person)
    with demo_db.session() as s:
        jobs = {p.code: p.jobs for p in s.scalars(select(Project))}
    preview = preview_of(demo_db, path)
    assert sorted_errors(preview)
    apply_import(demo_db, preview, skip_invalid=True)
    with demo_db.session() as s:
        assert {p.code: p.jobs for p in s.scalars(select(Project))} == jobs
        assert (
            s.scalars(select(Project).where(Project.code == "UZ-P-013")).one().notes == "Примечание партнёра"
        )


def test_edits_that_only_look_a_little_like_a_sort_are_read(demo_db, workdir):
    path = export_file(demo_db, workdir)
    at = {}

    def person(wb):
        roadmap = Sheet(wb, "roadmap_item")
        # two deadlines swapped by hand
        a, b = roadmap.find("number", "1"), roadmap.find("number", "2")
        x, y = roadmap.get(a, "deadline"), roadmap.get(b, "deadline")
        roadmap.set(a, "deadline", y)
        roadmap.set(b, "deadline", x)
        projects = Sheet(wb, "project")
        # new sums, put in order by a person: not the old ones moved
        for i, r in enumerate(range(3, 8)):
            projects.set(r, "jobs", 1000 + i)
        # statuses changed every way, as a month brings: the same values moved, not in order
        rows = [projects.find("code", f"UZ-P-{n:03d}") for n in range(8, 14)]
        statuses = [projects.get(r, "status") for r in rows]
        moved = statuses[1:] + statuses[:1]
        assert sorted(moved, key=str.casefold) != moved != sorted(moved, key=str.casefold, reverse=True)
        for r, v in zip(rows, moved, strict=True):
            projects.set(r, "status", v)
        at["statuses"] = sum(a != b for a, b in zip(statuses, moved, strict=True))

    edit_workbook(path, person)
    preview = preview_of(demo_db, path)
    assert not preview.plan.errors, [(e.row, e.column, e.message) for e in preview.plan.errors]
    changed = {}
    for record in preview.plan.records:
        for change in record.changes:
            changed.setdefault((record.entity, change.key), 0)
            changed[(record.entity, change.key)] += 1
    assert at["statuses"] >= 5
    assert changed == {
        ("roadmap_item", "deadline"): 2,
        ("project", "jobs"): 5,
        ("project", "status"): at["statuses"],
    }
    apply_import(demo_db, preview)
    with demo_db.session() as s:
        assert s.scalars(select(Project).where(Project.code == "UZ-P-001")).one().jobs == 1000


def test_values_that_only_look_like_dates_or_sums_are_texts_in_the_order():
    """A note that reads like an impossible ISO date, a sum that is no number: ordered as the texts
    their cells show, never an exception in the middle of a preview."""
    from app.services.exchange.importing.plan_sorted import _cell_key
    from app.services.exchange.importing.present import Namer
    from app.services.fields import ENTITIES

    project, namer = ENTITIES["project"], Namer({}, lang="ru")
    assert _cell_key(project.field("notes"), "2027-13-45", namer) == (1, "2027-13-45")
    assert _cell_key(project.field("total_cost"), "много", namer)[0] == 1
    assert _cell_key(project.field("start_date"), "2027-03-15", namer) == (0, date(2027, 3, 15).toordinal())

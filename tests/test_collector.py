"""The cycle collector rests during an export and an import preview, and runs again after them,
also after one that failed."""

import gc

import pytest

from app.services.collector import collector_paused
from app.services.errors import UserError
from app.services.exchange.export.exporter import export_to_file
from app.services.exchange.importing.importer import preview_import
from app.services.exchange.importing.reader import read_workbook

from .exchange_files import edit_workbook


def test_the_collector_rests_while_a_workbook_is_written_read_and_planned(demo_db, workdir, monkeypatch):
    from app.services.exchange.export import sheets as export_sheets
    from app.services.exchange.importing import importer, reader

    seen = []

    def watching(module, name):
        real = getattr(module, name)

        def watched(*args, **kwargs):
            seen.append((name, gc.isenabled()))
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, watched)

    watching(export_sheets, "write_exchange_workbook")
    watching(reader, "read_row_checks")
    watching(importer, "plan_merge")
    out = workdir / "обмен.xlsx"
    export_to_file(demo_db, out, "ru")
    edit_workbook(out, lambda wb: None)  # saved again in "Excel": not the very file we sent
    preview_import(demo_db, read_workbook(out))
    assert {name for name, _running in seen} == {"write_exchange_workbook", "read_row_checks", "plan_merge"}
    assert not any(running for _name, running in seen)
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_failed_export(demo_db, workdir):
    with pytest.raises(UserError):
        export_to_file(demo_db, workdir / "нет такой папки" / "обмен.xlsx", "ru")
    assert gc.isenabled()


def test_nested_pauses_end_with_the_outer_one():
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()

"""Two copies — UZ and KZ — exchange real workbooks back and forth for several rounds with random edits on
both sides in between; conflicts are resolved by a rule (the UZ version wins, on both sides). At
the end both hold identical data. This is the property the whole exchange exists for."""

import os
import random
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.i18n import _
from app.models import Exchange, Organization, Person, ProgressReport, Project, RoadmapItem, RoadmapKind, Side
from app.services.database import Database
from app.services.exchange.importing.importer import apply_import, preview_import
from app.services.exchange.importing.reader import read_workbook
from app.services.exchange.workbook.snapshot import take_snapshot
from app.services.settings import SIDE, set_setting
from app.services.store import Store

from .exchange_files import Sheet, copy_row, edit_workbook, export_file

RULE = {Side.UZ: "ours", Side.KZ: "theirs"}  # the UZ value wins wherever both changed a field


def random_edit(db: Database, side: Side, data) -> None:
    with db.transaction() as s:
        store = Store(s, side=side)
        # A small pool of records, so that both sides often touch the same ones: conflicts are the point.
        projects = s.scalars(select(Project).order_by(Project.code).limit(2)).all()
        items = s.scalars(
            select(RoadmapItem)
            .where(RoadmapItem.kind == RoadmapKind.MEASURE)
            .order_by(RoadmapItem.code)
            .limit(3)
        ).all()
        orgs = s.scalars(
            select(Organization).where(Organization.side == side).order_by(Organization.id)
        ).all()
        op = data.draw(
            st.sampled_from(["project", "item", "executors", "new_item", "report", "delete", "person"])
        )
        if op == "project" and projects:
            p = data.draw(st.sampled_from(projects))
            field = data.draw(st.sampled_from(["jobs", "notes", "status"]))
            value = {
                "jobs": data.draw(st.integers(0, 5000)),
                "notes": data.draw(st.text(max_size=12)),
                "name_uz": data.draw(st.sampled_from(["Zavod", "Fabrika", "Klaster"])),
                "status": data.draw(st.sampled_from(["proposed", "financing", "launched"])),
                "total_cost": str(data.draw(st.integers(0, 10**9))),
            }[field]
            store.update(p, {field: value})
        elif op == "item" and items:
            item = data.draw(st.sampled_from(items))
            store.update(
                item,
                {
                    "status": data.draw(st.sampled_from(["in_progress", "done", "not_started"])),
                    "deadline": data.draw(
                        st.sampled_from(["2027-Q1", "permanent", "quarterly", "2027-03-01"])
                    ),
                },
            )
        elif op == "executors" and items and orgs:
            item = data.draw(st.sampled_from(items))
            chosen = data.draw(st.lists(st.sampled_from(orgs), max_size=3, unique=True))
            store.update(item, {f"executors_{side.value.lower()}": [o.uuid for o in chosen]})
        elif op == "new_item":
            parent = s.scalars(select(RoadmapItem).where(RoadmapItem.number == "II")).first()
            number = f"{side.value}.{data.draw(st.integers(1, 99))}"
            # A person does not number two items alike under one heading (the import refuses it).
            if s.scalar(select(RoadmapItem.id).where(RoadmapItem.number == number)) is None:
                store.create(
                    "roadmap_item",
                    {
                        "number": number,
                        "measure_ru": data.draw(st.sampled_from(["Мера", "Шаг", "Задача"])),
                        "parent": parent.uuid if parent else None,
                        "deadline": "2027-Q2",
                    },
                )
        elif op == "report" and items:
            store.create(
                "progress_report",
                {
                    "item": data.draw(st.sampled_from(items)).uuid,
                    "report_date": date(2026, 11, data.draw(st.integers(1, 28))).isoformat(),
                    "side": side.value,
                    "text": data.draw(st.sampled_from(["OK", "Готово"])),
                },
            )
        elif op == "delete":
            reports = s.scalars(select(ProgressReport).order_by(ProgressReport.id)).all()
            if reports:
                store.delete(data.draw(st.sampled_from(reports)))
        elif op == "person":
            people = s.scalars(select(Person).where(Person.side == side).order_by(Person.id)).all()
            if people:
                store.update(
                    data.draw(st.sampled_from(people)), {"phone": data.draw(st.sampled_from(["1", "2", ""]))}
                )


def send(db: Database):
    """Export a workbook and read it back: what the other side's program gets by e-mail."""
    return read_workbook(export_file(db, db.path.parent))


def sync(sender: Database, receiver: Database, receiver_side: Side) -> None:
    preview = preview_import(receiver, send(sender))
    assert not preview.plan.errors, [e.message for e in preview.plan.errors]
    apply_import(receiver, preview, on_conflict=RULE[receiver_side])


def records(db: Database):
    with db.session() as s:
        return take_snapshot(s).records


def both_changed(shared, uz, kz) -> set[tuple[str, str, str]]:
    """Fields (not reference lists, which merge as sets) changed on both sides to different values."""
    found = set()
    for entity, rows in shared.items():
        for uuid, base in rows.items():
            a, b = uz[entity].get(uuid), kz[entity].get(uuid)
            if a is None or b is None:
                continue
            for key, value in base.items():
                if a[key] != value and b[key] != value and a[key] != b[key] and not isinstance(value, list):
                    found.add((entity, uuid, key))
    return found


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), rounds=st.integers(2, 4), simultaneous=st.booleans())
def test_two_copies_converge(demo_template, tmp_path_factory, data, rounds, simultaneous):
    folder = tmp_path_factory.mktemp("обмен")
    shutil.copy(demo_template, folder / "uz.sqlite")
    uz = Database(folder / "uz.sqlite")
    kz = Database(folder / "kz.sqlite")
    with kz.transaction() as s:
        set_setting(s, SIDE, "KZ")
    try:
        sync(uz, kz, Side.KZ)
        shared = records(uz)
        for _ in range(rounds):
            for _ in range(data.draw(st.integers(0, 4))):
                random_edit(uz, Side.UZ, data)
            for _ in range(data.draw(st.integers(0, 4))):
                random_edit(kz, Side.KZ, data)
            if simultaneous:  # both send before either has read the other's file
                expected = both_changed(shared, records(uz), records(kz)) if shared else set()
                from_uz, from_kz = send(uz), send(kz)
                for receiver, incoming, side in ((kz, from_uz, Side.KZ), (uz, from_kz, Side.UZ)):
                    preview = preview_import(receiver, incoming)
                    assert not preview.plan.errors
                    flagged = {(r.entity, r.uuid, c.key) for r in preview.plan.records for c in r.conflicts}
                    assert expected <= flagged  # a person (here: the rule) decides each of them
                    apply_import(receiver, preview, on_conflict=RULE[side])
            else:
                sync(kz, uz, Side.UZ)
                sync(uz, kz, Side.KZ)
            now = records(uz)
            shared = now if now == records(kz) else None
        sync(kz, uz, Side.UZ)
        sync(uz, kz, Side.KZ)
        assert records(uz) == records(kz)
    finally:
        uz.close()
        kz.close()


def edit(db: Database, side: Side, number: str, values: dict) -> str:
    with db.transaction() as s:
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.number == number)).one()
        Store(s, side=side).update(item, values)
        return item.uuid


@pytest.mark.parametrize("first", [Side.KZ, Side.UZ])
def test_files_that_crossed_lose_no_change(demo_template, tmp_path, first):
    """Both sides send before either has read the other's file, one of them having changed an
    item's status. Next, KZ sets the status to what one of the crossed files had, and UZ to
    another value: KZ's change must come to a person as a conflict, not be read as no change and
    lost. A field only UZ changed since is taken as it is."""
    shutil.copy(demo_template, tmp_path / "uz.sqlite")
    uz, kz = Database(tmp_path / "uz.sqlite"), Database(tmp_path / "kz.sqlite")
    with kz.transaction() as s:
        set_setting(s, SIDE, "KZ")
    try:
        sync(uz, kz, Side.KZ)
        before = records(uz)["roadmap_item"]
        uuid = edit(uz if first == Side.UZ else kz, first, "1.1", {"status": "done"})
        old = before[uuid]["status"]
        assert old != "done"
        from_uz, from_kz = send(uz), send(kz)  # crossed
        apply_import(kz, preview_import(kz, from_uz), on_conflict="theirs")
        apply_import(uz, preview_import(uz, from_kz), on_conflict="ours")
        assert records(uz) == records(kz)
        other = "in_progress" if old != "in_progress" else "not_started"
        edit(uz, Side.UZ, "1.1", {"status": other})
        edit(kz, Side.KZ, "1.1", {"status": old})  # back to what one crossed file had
        notes = edit(uz, Side.UZ, "2", {"notes": "только УЗ"})
        preview = preview_import(kz, send(uz))
        plans = {r.uuid: r for r in preview.plan.records}
        status = next(c for c in plans[uuid].changes if c.key == "status")
        assert status.conflict and (status.ours, status.theirs) == (old, other)
        assert [(c.key, c.conflict) for c in plans[notes].changes] == [("notes", False)]
        crossed = _("the two files that crossed (ours of {sent}, theirs of {received})")
        assert preview.base_from.startswith(crossed.split("{")[0])
    finally:
        uz.close()
        kz.close()


# ---- program files and hand-edited returns, mixed, crossed, late and twice ----------------------

MIXED_EXAMPLES = int(os.environ.get("SECRETARIAT_EXAMPLES", "6"))


STATUSES = {"Выполнено": "done", "В работе": "in_progress", "Не начато": "not_started"}


def person_edits(path: Path, rnd: random.Random) -> dict[tuple[str, str], str]:
    """What the other side's people do to our workbook in Excel before sending it back: change
    texts and statuses, add a row (often by copying one), delete a row, sort. Returns the values
    typed into existing records: (uuid, field) → plain value."""
    typed: dict[tuple[str, str], str] = {}
    numbers = rnd.sample(range(3, 61), 3)  # rows added at once never share a number (that is an error)

    def edit(wb):
        sheet = Sheet(wb, "roadmap_item")
        last = sheet.ws.max_row
        for _n in range(rnd.randint(1, 3)):
            row = rnd.randint(3, last)
            action = rnd.choice(["text", "status", "add", "copy", "delete", "sort"])
            uuid = sheet.get(row, "uuid")
            if action == "text":
                key, value = rnd.choice(["notes", "measure_ru"]), rnd.choice(["Правка А", "Правка Б", "Ещё"])
                sheet.set(row, key, value)
                typed[(uuid, key)] = value
            elif action == "status":
                value = rnd.choice(list(STATUSES))
                sheet.set(row, "status", value)
                typed[(uuid, "status")] = STATUSES[value]
            elif action in ("add", "copy"):
                last += 1
                if action == "copy":
                    copy_row(sheet, row, last)
                sheet.set(last, "number", f"13.{numbers.pop()}")
                sheet.set(last, "measure_ru", "Мера, добавленная от руки")
            elif action == "delete":
                sheet.ws.delete_rows(row)
                for key in [k for k in typed if k[0] == uuid]:
                    del typed[key]
                last -= 1
            else:
                values = [[c.value for c in r] for r in sheet.ws.iter_rows(min_row=3, max_row=last)]
                rnd.shuffle(values)
                for i, line in enumerate(values):
                    for j, value in enumerate(line, start=1):
                        sheet.ws.cell(3 + i, j).value = value

    edit_workbook(path, edit)
    return {k: v for k, v in typed.items() if k[0]}


def take_in(db: Database, side: Side, path: Path):
    """Import a file as a person would: conflicts by the rule; a file with errors is sent back
    (here: left alone). Returns the preview."""
    preview = preview_import(db, read_workbook(path))
    if not preview.plan.errors:
        apply_import(db, preview, on_conflict=RULE[side], allow_mass_deletion=True)
    return preview


def exchanges(db: Database) -> int:
    with db.session() as s:
        return len(s.scalars(select(Exchange.id)).all())


@settings(
    max_examples=MIXED_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), seed=st.integers(0, 10**6), steps=st.integers(4, 14))
def test_program_files_and_hand_edited_returns_mixed(demo_template, tmp_path_factory, data, seed, steps):
    rnd = random.Random(seed)
    folder = tmp_path_factory.mktemp("обмен")
    shutil.copy(demo_template, folder / "uz.sqlite")
    dbs = {Side.UZ: Database(folder / "uz.sqlite"), Side.KZ: Database(folder / "kz.sqlite")}
    with dbs[Side.KZ].transaction() as s:
        set_setting(s, SIDE, "KZ")
    sent: dict[Side, list[Path]] = {Side.UZ: [], Side.KZ: []}
    taken: dict[Side, list[Path]] = {Side.UZ: [], Side.KZ: []}
    other = {Side.UZ: Side.KZ, Side.KZ: Side.UZ}
    earlier: dict[Path, set] = {}  # a file of ours → what was typed into its returned copies
    log = []
    try:
        take_in(dbs[Side.KZ], Side.KZ, export_file(dbs[Side.UZ], folder))
        for step in range(steps):
            side = data.draw(st.sampled_from([Side.UZ, Side.KZ]))
            op = data.draw(
                st.sampled_from(["edit", "edit", "export", "deliver", "deliver", "return", "again"])
            )
            log.append((op, side.value))
            if op == "edit":
                random_edit(dbs[side], side, data)
            elif op == "export":
                sent[side].append(export_file(dbs[side], folder))
            elif op == "deliver" and sent[side]:  # any of their files, perhaps an old one, perhaps late
                path = data.draw(st.sampled_from(sent[side]))
                take_in(dbs[other[side]], other[side], path)
                taken[other[side]].append(path)
            elif op == "return" and sent[side]:  # the other side's people edit one of our files
                path = data.draw(st.sampled_from(sent[side]))
                copy = folder / f"возврат {step}.xlsx"
                shutil.copy(path, copy)
                typed = person_edits(copy, rnd)
                preview = take_in(dbs[side], side, copy)
                assert not preview.plan.errors, [(e.row, e.column, e.message) for e in preview.plan.errors]
                taken[side].append(copy)
                # Every value typed is in, or went to a person as a conflict, or came already
                # with an earlier copy of the same file (and what we did since stays).
                flagged = {(r.uuid, c.key) for r in preview.plan.records for c in r.conflicts}
                now = records(dbs[side])["roadmap_item"]
                for (uuid, key), value in typed.items():
                    if (uuid, key) in flagged or uuid not in now or now[uuid][key] == value:
                        continue
                    assert (uuid, key, value) in earlier.get(path, set()), (log, uuid, key, value)
                earlier.setdefault(path, set()).update((u, k, v) for (u, k), v in typed.items())
            elif op == "again" and taken[side]:  # the same file imported once more: nothing new
                count = exchanges(dbs[side])
                preview = take_in(dbs[side], side, data.draw(st.sampled_from(taken[side])))
                assert preview.already_imported and exchanges(dbs[side]) == count
        for _ in range(2):
            take_in(dbs[Side.UZ], Side.UZ, export_file(dbs[Side.KZ], folder))
            take_in(dbs[Side.KZ], Side.KZ, export_file(dbs[Side.UZ], folder))
        assert records(dbs[Side.UZ]) == records(dbs[Side.KZ]), log
    finally:
        for db in dbs.values():
            db.close()

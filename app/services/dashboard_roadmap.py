"""The roadmap at a glance, for the dashboard: progress per side (done of total), overdue items per
responsible executor, postponements this month. Plain, portable SQL (sqlite3 before the ORM loads;
psycopg on a server), like the rest of the dashboard.

Each figure can name the items it counts, so that the dashboard's entry opens exactly those: the
small sets (overdue, postponed) are read with the figures, a side's items only when asked."""

from dataclasses import dataclass, field
from datetime import date

from ..models import RoadmapKind, RoadmapStatus, Side
from ..models.plain import org_label
from .database import Database

# A side's items: the measures one of its organizations executes. Cancelled measures are no
# longer to be done: they count neither as done nor in the total.
_MEASURES = "ri.kind = ? AND ri.status <> ?"
_SIDE_ITEMS = (
    "FROM roadmap_item ri JOIN roadmap_executor re ON re.roadmap_item_id = ri.id"
    " JOIN organization o ON o.id = re.organization_id WHERE " + _MEASURES
)


@dataclass
class SideProgress:
    side: Side | None  # None: the whole roadmap, items without an executor included
    done: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass
class Executor:
    id: int
    uuid: str
    side: Side
    short_name_ru: str | None
    short_name_uz: str | None
    short_name_kk: str | None
    name_ru: str | None
    name_uz: str | None
    name_kk: str | None

    def __post_init__(self):
        self.side = Side(self.side)

    def label(self, lang: str) -> str:
        texts = {code: getattr(self, f"name_{code}") for code in ("ru", "uz", "kk")}
        short = {code: getattr(self, f"short_name_{code}") for code in ("ru", "uz", "kk")}
        return org_label(short, texts, lang)


@dataclass
class ExecutorOverdue:
    executor: Executor | None  # None: overdue items with no executor named
    items: list[str]  # the items' uuids, in the order of the dashboard's overdue list


@dataclass
class Postponed:
    """The postponements recorded this month (by the date they were made)."""

    count: int = 0
    by_side: dict[Side, int] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)  # each postponed item once, in the order postponed


def progress(conn) -> list[SideProgress]:
    """Done of total for the Uzbek side, the Kazakh side and the whole roadmap. An item executed
    by both sides counts for each."""
    params = (RoadmapKind.MEASURE, RoadmapStatus.CANCELLED)
    done = RoadmapStatus.DONE
    per_side = {
        Side(side): (d, t)
        for side, d, t in conn.execute(
            "SELECT o.side, count(DISTINCT CASE WHEN ri.status = ? THEN ri.id END), count(DISTINCT ri.id) "
            + _SIDE_ITEMS
            + " GROUP BY o.side",
            (done, *params),
        )
    }
    whole_done, whole_total = conn.execute(
        "SELECT count(CASE WHEN ri.status = ? THEN 1 END), count(*) FROM roadmap_item ri WHERE " + _MEASURES,
        (done, *params),
    ).fetchone()
    rows = [SideProgress(side, *per_side.get(side, (0, 0))) for side in Side]
    return [*rows, SideProgress(None, whole_done, whole_total)]


def overdue_by_executor(conn, overdue: list, candidates_sql: str, params: tuple) -> list[ExecutorOverdue]:
    """`overdue`: the overdue items (dashboard rows, in order); `candidates_sql`, `params`: the
    condition on `roadmap_item` that read them, to read their executors without a list of ids."""
    wanted = {item.id for item in overdue}
    executors_of: dict[int, list[int]] = {}
    for item_id, org_id in conn.execute(
        "SELECT re.roadmap_item_id, re.organization_id FROM roadmap_executor re"
        " JOIN roadmap_item ON roadmap_item.id = re.roadmap_item_id " + candidates_sql,
        params,
    ):
        if item_id in wanted:
            executors_of.setdefault(item_id, []).append(org_id)
    by_org: dict[int | None, list[str]] = {}
    for item in overdue:
        for org_id in executors_of.get(item.id, [None]):
            by_org.setdefault(org_id, []).append(item.uuid)
    if not by_org:
        return []
    columns = "id, uuid, side, short_name_ru, short_name_uz, short_name_kk, name_ru, name_uz, name_kk"
    orgs = {row[0]: Executor(*row) for row in conn.execute(f"SELECT {columns} FROM organization")}
    rows = [
        ExecutorOverdue(orgs.get(org_id) if org_id is not None else None, uuids)
        for org_id, uuids in by_org.items()
    ]
    side_order = {side: i for i, side in enumerate(Side)}
    # The most overdue first; then by side and in the order the organizations were entered.
    return sorted(
        rows,
        key=lambda r: (
            -len(r.items),
            r.executor is None,
            side_order[r.executor.side] if r.executor else 0,
            r.executor.id if r.executor else 0,
        ),
    )


def postponed_in_month(conn, today: date) -> Postponed:
    first = today.replace(day=1)
    after = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    data = Postponed()
    seen = set()
    for side, uuid in conn.execute(
        "SELECT p.side, ri.uuid FROM postponement p JOIN roadmap_item ri ON ri.id = p.roadmap_item_id"
        " WHERE p.postponed_on >= ? AND p.postponed_on < ? ORDER BY p.postponed_on, p.id",
        (first.isoformat(), after.isoformat()),
    ):
        data.count += 1
        data.by_side[Side(side)] = data.by_side.get(Side(side), 0) + 1
        if uuid not in seen:
            seen.add(uuid)
            data.items.append(uuid)
    return data


def side_items(db: Database, side: Side | None) -> list[str]:
    """The items a side's progress counts (the whole roadmap's for None), in no particular order:
    the roadmap shows them in its own."""
    params = (RoadmapKind.MEASURE, RoadmapStatus.CANCELLED)
    with db.reader() as conn:
        if side is None:
            rows = conn.execute("SELECT ri.uuid FROM roadmap_item ri WHERE " + _MEASURES, params)
        else:
            rows = conn.execute("SELECT DISTINCT ri.uuid " + _SIDE_ITEMS + " AND o.side = ?", (*params, side))
        return [uuid for (uuid,) in rows]

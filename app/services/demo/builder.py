"""Builds the demo data set through the store, so that it is logged like any other input."""

import random
from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from ...models import ONGOING_VALUES, Side
from ..settings import SIDE, set_setting
from ..store import Store
from . import content as c

BASE_STEPS = 2  # sub-items per project in the realistic set; larger sets use more of PROJECT_STEPS
BASE_ITEMS = 3 + len(c.PROJECTS) * (1 + BASE_STEPS) + len(c.TRADE_MEASURES) + len(c.CENTRE_MEASURES)


def _tr(prefix: str, texts) -> dict:
    return {f"{prefix}_ru": texts[0], f"{prefix}_uz": texts[1], f"{prefix}_kk": texts[2]}


class _Builder:
    def __init__(self, store: Store, today: date, rng: random.Random):
        self.store = store
        self.today = today
        self.rng = rng
        self.orgs: dict[str, str] = {}
        self.people: dict[str, str] = {}
        self.sectors: dict[str, str] = {}
        self.number = 0
        self.later: list[tuple[str, date]] = []  # open items with a date still ahead, and that date

    def reference(self) -> None:
        for key, ru, uz, kk in c.SECTORS:
            self.sectors[key] = self.store.create("sector", _tr("name", (ru, uz, kk))).uuid
        for key, side, kind, short, *names in c.ORGANIZATIONS:
            org = self.store.create(
                "organization", {"side": side, "kind": kind, **_tr("short_name", short), **_tr("name", names)}
            )
            self.orgs[key] = org.uuid
        for key, side, org, *texts in c.PEOPLE:
            values = {"side": side, **_tr("full_name", texts[:3]), **_tr("position", texts[3:])}
            if org:
                values["organization"] = self.orgs[org]
            self.people[key] = self.store.create("person", values).uuid

    def projects(self, count: int) -> list[tuple[str, tuple[str, str, str]]]:
        made = []
        statuses = [
            "feasibility",
            "financing",
            "construction",
            "launched",
            "proposed",
            "financing",
            "construction",
            "feasibility",
            "suspended",
            "construction",
            "launched",
            "financing",
            "proposed",
        ]
        for i in range(count):
            sector, country, region, cost, jobs, capacity, ru, uz, kk, uz_p, kz_p = c.PROJECTS[
                i % len(c.PROJECTS)
            ]
            stage = i // len(c.PROJECTS)
            if stage:
                ru, uz, kk = (
                    f"{ru} (очередь {stage + 1})",
                    f"{uz} ({stage + 1}-navbat)",
                    f"{kk} ({stage + 1}-кезек)",
                )
            start = self.today - timedelta(days=400 - (i * 37) % 300)
            status = statuses[i % len(statuses)]
            values = {
                **_tr("name", (ru, uz, kk)),
                "sector": self.sectors[sector],
                "status": status,
                "country": country,
                "region": region,
                "total_cost": cost,
                "currency": "USD",
                "share_uz": "50" if i % 3 else "51",
                "share_kz": "50" if i % 3 else "49",
                "capacity": capacity,
                "jobs": jobs,
                "start_date": start.isoformat(),
                "launch_date": (start + timedelta(days=720)).isoformat(),
                "partners_uz": [self.orgs[k] for k in uz_p],
                "partners_kz": [self.orgs[k] for k in kz_p],
                "responsible": [self.orgs["mivt"], self.orgs["miir"]],
                "is_demo": True,
            }
            project = self.store.create("project", values)
            made.append((project.uuid, (ru, uz, kk)))
        return made

    def meeting(
        self,
        number: int,
        when: date,
        start: time,
        tz: str,
        fmt: str,
        place: str,
        title,
        status: str,
        agenda,
        decisions,
    ) -> list[str]:
        everyone = list(self.people.values())
        meeting = self.store.create(
            "meeting",
            {
                "number": number,
                **_tr("title", title),
                "meeting_date": when.isoformat(),
                "start_time": start.strftime("%H:%M"),
                "end_time": start.replace(hour=start.hour + 2).strftime("%H:%M"),  # two hours, as a rule
                "timezone": tz,
                "format": fmt,
                **_tr("place", c.PLACES[place]),
                "status": status,
                "cochair_uz": self.people["umurzakov"],
                "cochair_kz": self.people["sklyar"],
                "participants": everyone,
            },
        )
        items = []
        for pos, (ru, uz, kk, minutes, speakers) in enumerate(agenda, start=1):
            items.append(
                self.store.create(
                    "agenda_item",
                    {
                        "meeting": meeting.uuid,
                        "position": pos,
                        **_tr("title", (ru, uz, kk)),
                        "duration_minutes": minutes,
                        "speakers": [self.people[s] for s in speakers],
                    },
                ).uuid
            )
        made = []
        for pos, (item_pos, ru, uz, kk) in enumerate(decisions, start=1):
            made.append(
                self.store.create(
                    "decision",
                    {
                        "meeting": meeting.uuid,
                        "agenda_item": items[item_pos],
                        "position": pos,
                        **_tr("text", (ru, uz, kk)),
                    },
                ).uuid
            )
        return made

    def item(
        self,
        number: str,
        texts,
        parent: str | None = None,
        executors=((), ()),
        decision: str | None = None,
        project: str | None = None,
        section: bool = False,
        deadline: str | None = None,
    ) -> str:
        values = {
            "number": number,
            "kind": "section" if section else "measure",
            **_tr("measure", texts),
            "parent": parent,
            "decision": decision,
            "project": project,
        }
        if not section:
            values.update(self._schedule(deadline))
            values["executors_uz"] = [self.orgs[k] for k in executors[0]]
            values["executors_kz"] = [self.orgs[k] for k in executors[1]]
            values.update(_tr("completion_form", self.rng.choice(c.COMPLETION_FORMS)))
        item = self.store.create("roadmap_item", values)
        due = values.get("deadline", "")
        if not section and values["status"] != "done" and len(due) == 10 and due > self.today.isoformat():
            self.later.append((item.uuid, date.fromisoformat(due)))
        if not section and values["status"] in ("in_progress", "done"):
            self._reports(item.uuid, values["status"] == "done")
        return item.uuid

    def _schedule(self, deadline: str | None) -> dict:
        """Deadlines around today: some done, some overdue, some due within a month, some later."""
        roll = self.rng.random()
        if deadline in ONGOING_VALUES:  # done all along, or again every quarter …
            return {"deadline": deadline, "status": "in_progress"}
        offset = self.rng.randint(-200, 260)
        due = self.today + timedelta(days=offset)
        if roll < 0.2:
            quarter = (due.month - 1) // 3 + 1
            plan = {"deadline": f"{due.year}-Q{quarter}"}
        else:
            plan = {"deadline": due.isoformat()}
        if offset < 0:
            done = roll < 0.6 or roll > 0.9
            plan["status"] = "done" if done else self.rng.choice(["in_progress", "not_started"])
            if done:
                plan["completed_on"] = (due - timedelta(days=self.rng.randint(0, 20))).isoformat()
        elif offset <= 30:
            plan["status"] = "in_progress"
        else:
            plan["status"] = self.rng.choice(["not_started", "not_started", "in_progress"])
        return plan

    def _reports(self, item: str, done: bool) -> None:
        notes = c.PROGRESS_NOTES[-1:] if done else self.rng.sample(c.PROGRESS_NOTES[:4], 2)
        for k, (side, text) in enumerate(notes):
            when = self.today - timedelta(days=10 + 25 * (len(notes) - k) + self.rng.randint(0, 9))
            self.store.create(
                "progress_report", {"item": item, "report_date": when.isoformat(), "side": side, "text": text}
            )

    def postponements(self) -> None:
        """A few deadlines moved this month, each with its reason and side: the dashboard counts
        them, and the next meeting asks about them. The latest items are taken, so that the first
        sections (which the tests of deletions measure) keep their size."""
        first = self.today.replace(day=1)
        for (item, due), (days_ago, side, reason) in zip(self.later[::-1], c.POSTPONEMENTS, strict=False):
            self.store.create(
                "postponement",
                {
                    "item": item,
                    "postponed_on": max(first, self.today - timedelta(days=days_ago)).isoformat(),
                    "old_deadline": (due - timedelta(days=61)).isoformat(),
                    "new_deadline": due.isoformat(),
                    "reason": reason,
                    "side": side,
                },
            )

    def next_number(self) -> str:
        self.number += 1
        return str(self.number)


def build_demo(
    session: Session,
    *,
    today: date | None = None,
    scale: int | None = None,
    side: Side = Side.UZ,
    seed: int = 2026,
) -> dict[str, int]:
    """Fill an empty database with the demo data; `scale` is the number of roadmap items wanted."""
    today = today or date.today()
    set_setting(session, SIDE, side.value)
    store = Store(session, source="demo", side=side)
    b = _Builder(store, today, random.Random(seed))
    b.reference()
    total = scale or BASE_ITEMS
    factor = max(1.0, total / BASE_ITEMS)
    n_projects = max(len(c.PROJECTS), round(len(c.PROJECTS) * factor))
    n_meetings = max(3, round(3 * factor))
    projects = b.projects(n_projects)

    vc = today - timedelta(days=70)
    vc_decisions = b.meeting(
        1,
        vc,
        time(10, 0),
        "Asia/Tashkent",
        "video",
        "video",
        c.VIDEO_TITLE,
        "held",
        c.VIDEO_AGENDA,
        c.VIDEO_DECISIONS,
    )
    b.meeting(
        2,
        today - timedelta(days=20),
        time(10, 0),
        "Asia/Tashkent",
        "in_person",
        "tashkent",
        c.MEETING_TITLE,
        "held",
        c.WORKING_AGENDA,
        c.WORKING_DECISIONS,
    )
    b.meeting(
        3,
        today + timedelta(days=21),
        time(11, 0),
        "Asia/Almaty",
        "in_person",
        "astana",
        c.MEETING_TITLE,
        "planned",
        c.WORKING_AGENDA,
        [],
    )
    for extra in range(3, n_meetings):  # older meetings, for the larger data sets
        when = vc - timedelta(days=30 * (extra - 2))
        b.meeting(
            extra + 1,
            when,
            time(10, 0),
            "Asia/Tashkent",
            "video",
            "video",
            c.MEETING_TITLE,
            "held",
            c.WORKING_AGENDA,
            c.WORKING_DECISIONS,
        )

    # Sections II and III take their share first, so that every section is there at any size;
    # section I (the projects' measures) fills the rest.
    trade_n = max(len(c.TRADE_MEASURES), round(len(c.TRADE_MEASURES) * factor))
    centre_n = max(len(c.CENTRE_MEASURES), round(len(c.CENTRE_MEASURES) * factor))
    room = total - len(c.SECTIONS) - trade_n - centre_n
    steps = min(len(c.PROJECT_STEPS), max(BASE_STEPS, -(-room // len(projects)) - 1))
    section_one = b.item("I", c.SECTIONS[0][1:], section=True)
    for i, (project_uuid, names) in enumerate(projects):
        if room <= 0:
            break
        spec = c.PROJECTS[i % len(c.PROJECTS)]
        executors = (spec[9], spec[10])
        texts = tuple(t.format(name=n) for t, n in zip(c.PROJECT_MEASURE, names, strict=True))
        number = b.next_number()
        parent = b.item(number, texts, section_one, executors, vc_decisions[2], project_uuid)
        room -= 1
        for k, step in enumerate(c.PROJECT_STEPS[: min(steps, room)], start=1):
            b.item(f"{number}.{k}", step, parent, executors, vc_decisions[2], project_uuid)
            room -= 1
    for section, measures, count, decision in (
        (c.SECTIONS[1], c.TRADE_MEASURES, trade_n, vc_decisions[1]),
        (c.SECTIONS[2], c.CENTRE_MEASURES, centre_n, vc_decisions[0]),
    ):
        head = b.item(section[0], section[1:], section=True)
        for k in range(count):
            ru, uz, kk, uz_ex, kz_ex = measures[k % len(measures)]
            rhythm = "quarterly" if "Ежеквартально" in ru else None
            rhythm = "permanent" if ru.startswith("Обеспечить") else rhythm  # done all along
            b.item(
                b.next_number(),
                (ru, uz, kk),
                head,
                (uz_ex, kz_ex),
                decision,
                deadline=rhythm,
            )
    b.postponements()
    session.flush()
    return {"projects": n_projects, "meetings": n_meetings, "roadmap_items": total}

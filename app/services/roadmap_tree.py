"""The roadmap as a tree by its numbering: sections, their measures and sub-items."""

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import RoadmapItem, RoadmapKind, number_sort_key
from .listing import roadmap_items


@dataclass(eq=False, slots=True)  # ten thousand of them: no dict each
class Node:
    """An item's place in the roadmap's outline. `item`, the record with what its row shows, is
    read when the row is first needed (`load_items`): a large roadmap opens on its outline. A
    view keeps what it needs of it (its texts, and `version`, the version they show: an edit or a
    deletion started from the row is checked against it) and lets the record go."""

    id: int
    uuid: str
    number: str
    kind: RoadmapKind
    parent_id: int | None = None
    item: RoadmapItem | None = None
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    row: int = 0  # place among its siblings, kept so that a Qt model needs no search for it
    version: int | None = None  # of the record as its row shows it (None: not read, or deleted)
    # What a view shows of the item, worked out of its record (ui/roadmap/tree.py).
    place: int = 0  # in roadmap order
    texts: list[str] | None = None  # the cells' texts; None until the node is read
    state: str = ""  # "overdue", "due_soon" or ""
    search: str = ""  # the folded words a search looks in
    facets: dict[str, Any] | None = None  # what the filters look at


def build_tree(nodes: list[Node]) -> list[Node]:
    """Roots in number order, each node's children in number order. A node whose parent is not
    among `nodes` becomes a root, so that nothing is ever hidden."""
    by_id = {node.id: node for node in nodes}
    roots = []
    for node in nodes:
        parent = by_id.get(node.parent_id) if node.parent_id is not None else None
        if parent is not None:
            node.parent = parent
            parent.children.append(node)
        else:
            roots.append(node)

    def order(siblings: list[Node]) -> None:
        siblings.sort(key=lambda n: (number_sort_key(n.number), n.id))
        for row, n in enumerate(siblings):
            n.row = row
            order(n.children)

    order(roots)
    return roots


def outline(session: Session) -> list[Node]:
    """The roots of the roadmap's tree, read as five plain columns of each item (no records)."""
    columns = (RoadmapItem.id, RoadmapItem.uuid, RoadmapItem.number, RoadmapItem.kind, RoadmapItem.parent_id)
    return build_tree([Node(*row) for row in session.execute(select(*columns).order_by(RoadmapItem.id))])


def load_items(session: Session, nodes: list[Node]) -> None:
    """Reads the records of `nodes`, with what their rows show, into them (an item deleted since
    the outline was read stays None)."""
    by_id = {node.id: node for node in nodes}
    for item in roadmap_items(session, list(by_id)):
        by_id[item.id].item = item


def sections(session: Session) -> list[RoadmapItem]:
    """The items that hold others (the roadmap's parts I, II, III), in number order."""
    found = session.scalars(select(RoadmapItem).where(RoadmapItem.kind == RoadmapKind.SECTION)).all()
    return sorted(found, key=lambda i: number_sort_key(i.number))


def next_number(session: Session, section: RoadmapItem) -> str:
    """The number after the last item of `section`; when that number is taken elsewhere (the
    roadmap numbers on across sections), a sub-number of the last item instead."""
    taken = set(session.scalars(select(RoadmapItem.number)))
    children = sorted(section.children, key=lambda i: number_sort_key(i.number))
    if not children:
        candidate = f"{section.number}.1"
        last = None
    else:
        last = children[-1].number.strip()
        match = re.match(r"^(.*?)(\d+)$", last)
        candidate = f"{match.group(1)}{int(match.group(2)) + 1}" if match else f"{last}.1"
    base = last or section.number
    k = 1
    while candidate in taken:
        candidate = f"{base}.{k}"
        k += 1
    return candidate


_ROMAN = (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def _roman(n: int) -> str:
    out = ""
    for letters, value in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def proposed_number(session: Session, parent: RoadmapItem | None) -> str:
    """The number a new item is offered under `parent` (None: at the top level, where sections
    are numbered I, II … or 1, 2 …, as the roadmap already does)."""
    if parent is not None:
        return next_number(session, parent)
    taken = set(session.scalars(select(RoadmapItem.number)))
    tops = [
        n.strip() for n in session.scalars(select(RoadmapItem.number).where(RoadmapItem.parent_id.is_(None)))
    ]
    romans = {_roman(k): k for k in range(1, 50)}
    if tops and all(n in romans for n in tops):
        k = max(romans[n] for n in tops) + 1
        while _roman(k) in taken:
            k += 1
        return _roman(k)
    k = max((int(n) for n in tops if n.isdigit()), default=0) + 1
    while str(k) in taken:
        k += 1
    return str(k)

"""The roadmap as a tree by its numbering: sections, their measures and sub-items."""

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import RoadmapItem, RoadmapKind, number_sort_key
from .listing import all_records


@dataclass(eq=False)
class Node:
    item: RoadmapItem
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    row: int = 0  # place among its siblings, kept so that a Qt model needs no search for it


def build_tree(items: list[RoadmapItem]) -> list[Node]:
    """Roots in number order, each node's children in number order. An item whose parent is not
    in `items` becomes a root, so that nothing is ever hidden."""
    nodes = {item.id: Node(item) for item in items}
    roots = []
    for item in items:
        node = nodes[item.id]
        parent = nodes.get(item.parent_id) if item.parent_id is not None else None
        if parent is not None:
            node.parent = parent
            parent.children.append(node)
        else:
            roots.append(node)

    def order(siblings: list[Node]) -> None:
        siblings.sort(key=lambda n: (number_sort_key(n.item.number), n.item.id))
        for row, n in enumerate(siblings):
            n.row = row
            order(n.children)

    order(roots)
    return roots


def load_tree(session: Session) -> list[Node]:
    return build_tree(all_records(session, "roadmap_item"))


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

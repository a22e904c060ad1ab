"""What a roadmap row shows for each of Qt's roles, shared by the tree and the list of matches:
both read the same nodes, whose texts and mark are worked out once."""

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from ...models import RoadmapKind
from ..tables.columns import ROADMAP
from ..tables.model import (
    DUE_SOON_BACKGROUND,
    OVERDUE_BACKGROUND,
    STATE_ROLE,
    UUID_ROLE,
    header_data,
    marker,
    with_state,
)

if TYPE_CHECKING:
    from ...services import roadmap_tree

    class Node(roadmap_tree.Node):
        """For mypy: the outline's node with what RoadmapTreeModel puts on it to show it."""

        parent: "Node | None"
        children: list["Node"]  # type: ignore[assignment]  # the same nodes: every one is shown
        facets: dict[str, Any]  # set when the node is read
else:
    from ...services.roadmap_tree import Node

DISPLAY, _TOOLTIP, _BACKGROUND, _FONT, _DECORATION = (
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.DecorationRole,
    )
)
_UUID, _STATE = int(UUID_ROLE), int(STATE_ROLE)
ANSWERED = frozenset((DISPLAY, _TOOLTIP, _BACKGROUND, _FONT, _DECORATION, _UUID, _STATE))
_MARKS = {"overdue": QBrush(OVERDUE_BACKGROUND), "due_soon": QBrush(DUE_SOON_BACKGROUND)}
COLUMNS = len(ROADMAP.columns)
_MARKED = next(i for i, c in enumerate(ROADMAP.columns) if c.marks_state)  # the status column


def _bold():
    from PySide6.QtGui import QFont

    font = QFont()
    font.setBold(True)
    return font


def answer(node: Node, column: int, role: int):
    """What a cell of `node` shows for `role`. Painting asks about seven roles of every visible
    cell, as plain ints: most are answered None at once (comparing with Qt's enum members costs
    more than the answer)."""
    if role == DISPLAY:
        assert node.texts is not None  # the models read a node before it is shown
        return node.texts[column]
    if role == _DECORATION:
        return marker(node.state) if column == _MARKED and node.state else None
    if role == _TOOLTIP:
        assert node.texts is not None  # the models read a node before it is shown
        if column == _MARKED and node.state:
            return with_state(node.texts[column], node.state)
        return node.texts[1] if column == 1 else None
    if role == _UUID:
        return node.uuid
    if role == _STATE:
        return node.state
    if role == _BACKGROUND:
        return _MARKS.get(node.state)
    if node.kind == RoadmapKind.SECTION:  # _FONT
        return _bold()
    return None


TITLES = [column.label for column in ROADMAP.columns]


def header(section: int, orientation, role):
    return header_data(TITLES, section, orientation, role)

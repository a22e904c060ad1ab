"""The words typed in the roadmap's search box and the filters chosen, and the nodes they find.

A filter is declared, not programmed here: a `FilterSpec` in `tables.columns.FILTERS["roadmap_item"]`
(its drop-down or check box) and the facet of the same key in `ROADMAP`'s `facets` (each item's
value); the filter bar and this search pick both up."""

from typing import cast

from ...services.labels import fold
from ..tables.model import facet_matches
from .cells import Node

# A list of thousands of matches helps nobody and costs time to lay out: the first ones are
# shown, and typing more narrows them down.
MAX_MATCHES_SHOWN = 1000


class RoadmapSearch:
    """The words typed in the search box and the chosen filters, and the nodes they find."""

    REMEMBERED = 32  # searches whose matches are kept: erasing letters goes back through them

    def __init__(self):
        self.terms: list[str] = []
        self.filters: dict = {}
        self.match_count = 0
        self._matched: list[Node] | None = None  # the matches of the current search, in order
        self._found: dict[tuple, list[Node]] = {}  # the matches of recent searches

    def active(self) -> bool:
        return bool(self.terms or self.filters)

    def restart(self, nodes: list[Node]) -> list[Node]:
        """The nodes or their texts changed: the search and filters run afresh over `nodes`."""
        self._found.clear()
        return self._run(nodes)

    def set_search(self, text: str, nodes: list[Node]) -> list[Node]:
        terms = fold(text).split()
        # Typing on narrows what is already found: each old word is contained in a new one.
        narrower = self._matched is not None and all(any(o in n for n in terms) for o in self.terms)
        self.terms = terms
        # narrower only when there are matches
        return self._run(cast(list[Node], self._matched) if narrower else nodes)

    def set_filter(self, key: str, value, nodes: list[Node]) -> list[Node]:
        if value in (None, "", False):
            self.filters.pop(key, None)
        else:
            self.filters[key] = value
        return self._run(nodes)

    def _run(self, pool: list[Node]) -> list[Node]:
        """The nodes of `pool` that match, the first MAX_MATCHES_SHOWN of them (none when
        neither a word nor a filter is given); `match_count` says how many match in all."""
        if not self.active():
            self._matched, self.match_count = None, 0
            return []
        key = (tuple(self.terms), tuple(sorted(self.filters.items())))
        matches = self._found.get(key)
        if matches is None:
            matches = self._filter(pool)
            if len(self._found) >= self.REMEMBERED:
                self._found.clear()
            self._found[key] = matches
        self._matched = matches
        self.match_count = len(matches)
        return matches[:MAX_MATCHES_SHOWN]

    def _filter(self, pool: list[Node]) -> list[Node]:
        terms, filters = self.terms, self.filters
        if filters:
            return [n for n in pool if self._matches(n)]
        if len(terms) == 1:
            term = terms[0]
            return [n for n in pool if term in n.search]
        return [n for n in pool if all(t in n.search for t in terms)]

    def _matches(self, node: Node) -> bool:
        return all(t in node.search for t in self.terms) and all(
            facet_matches(node.facets.get(key), wanted) for key, wanted in self.filters.items()
        )

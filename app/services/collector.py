"""Python's cycle collector, paused for the length of one large batch step.

An export or an import at 100× makes hundreds of thousands of short-lived lists, dicts and rows
and next to no reference cycles. Every so often the collector walks every object alive to look
for cycles anyway; measured, that was 5–10 % of an export's and an import preview's time. Plain
reference counting still frees all the rest at once; whatever cycles the step leaves are
collected as usual once it is over.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Also a decorator. Nested or concurrent uses are harmless: only the one that found the
    collector running turns it back on."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()

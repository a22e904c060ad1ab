"""The actions that other parts of the program provide (exchange, printing, backups), looked up
by name when used: the window offers them when their module is installed, and disables them
otherwise, so that they can be wired without editing the window.

A handler is a function `handler(window, *args)` in a module under app.ui.
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

# action → (module, function)
HOOKS: dict[str, tuple[str, str]] = {
    "export": ("app.ui.exchange_dialogs", "export_dialog"),
    "import": ("app.ui.exchange_dialogs", "import_dialog"),
    "print_preview": ("app.ui.printing", "print_preview"),
    "print": ("app.ui.printing", "print_document"),
    "save_pdf": ("app.ui.printing", "save_pdf"),
    "backups": ("app.ui.backup_dialog", "backups_dialog"),
}


@dataclass(frozen=True)
class Printable:
    """What the current view would print: `kind` is 'agenda', 'minutes' or 'roadmap'; `uuid` is
    the meeting's for the first two."""

    kind: str
    uuid: str | None = None


def _module_present(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def available(action: str) -> bool:
    """True when the handler's module is there; the module is not imported (start-up stays light)."""
    module, _function = HOOKS[action]
    return _module_present(module)


def handler(action: str) -> Callable | None:
    module_name, function = HOOKS[action]
    if not _module_present(module_name):
        return None
    module = importlib.import_module(module_name)
    return getattr(module, function, None)


def call(action: str, window, *args):
    found = handler(action)
    if found is None:
        return None
    return found(window, *args)

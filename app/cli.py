"""The command line: the GUI by default, sub-commands for scripted use.

Exit codes (a stable contract): 0 done; 1 unexpected error; 2 the input is invalid (file,
argument); 3 conflicts left unresolved.
"""

import argparse
import importlib
import os
import sys
import traceback

from . import __version__
from .commands import COMMANDS
from .i18n import LANGUAGES, _, set_language

EXIT_OK, EXIT_ERROR, EXIT_INVALID, EXIT_CONFLICTS = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits with 2 too, which is our "invalid input"
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: {message}\n")


def _lang_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1].split("+")[0]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1].split("+")[0]
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        # In the bundle the usage names the executable that was run (secretariat-cli).
        prog=None if getattr(sys, "frozen", False) else "main.py",
        description=_("Secretariat desk of the Uzbekistan–Kazakhstan working group"),
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--db", help=_("database file"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of the program"))
    parser.add_argument("--readonly", action="store_true", help=_("open the database read-only"))
    subs = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        sub = subs.add_parser(name, help=_(module.__doc__.strip().splitlines()[0]))
        module.add_arguments(sub)
        sub.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from_argv(argv) or os.environ.get("SECRETARIAT_LANG")
    if lang in LANGUAGES:
        set_language(lang)
    args = build_parser().parse_args(argv)
    if args.command is None:
        from .ui.application import run_gui

        return run_gui(args)
    from .services.errors import UserError

    try:
        return args.module.run(args)
    except UserError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return EXIT_ERROR
    except Exception:
        traceback.print_exc()
        print(_("Unexpected error. Details are above."), file=sys.stderr)
        return EXIT_ERROR

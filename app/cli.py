"""The command line: the GUI by default, sub-commands for scripted use.

Exit codes (a stable contract): 0 done; 1 unexpected error; 2 the input is invalid (file,
argument); 3 conflicts or a mass deletion left for a person.
"""

import argparse
import contextlib
import importlib
import io
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


def named_commands(argv: list[str]) -> list[str] | None:
    """The sub-commands a parser of `argv` needs: the one it names, none for the window, or None
    for all of them (help, or a word argparse is to refuse with the list of commands). Building
    all fifteen imports their modules, a cost the window and each command need not pay."""
    takes_value = False
    for arg in argv:
        if takes_value:
            takes_value = False
        elif arg in ("--db", "--lang"):
            takes_value = True
        elif arg in ("-h", "--help"):
            return None
        elif not arg.startswith("-"):
            return [arg] if arg in COMMANDS else None
    return []


def build_parser(commands: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the given sub-commands (all of them by default)."""
    parser = _Parser(
        # In the bundle the usage names the executable that was run (secretariat-cli).
        prog=None if getattr(sys, "frozen", False) else "main.py",
        description=_("Secretariat desk of the Uzbekistan–Kazakhstan working group"),
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--db", help=_("database file"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of the program"))
    parser.add_argument("--readonly", action="store_true", help=_("open the database read-only"))
    if commands == []:
        parser.set_defaults(command=None)
        return parser
    subs = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        if commands is not None and name not in commands:
            continue
        module = importlib.import_module(module_name)
        assert module.__doc__ is not None  # the help text (the bundle keeps docstrings: optimize=0)
        sub = subs.add_parser(name, help=_(module.__doc__.strip().splitlines()[0]))
        module.add_arguments(sub)
        sub.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None, *, exiting: bool = False) -> int:
    """`exiting`: the process ends when this returns (main.py), not a caller that goes on (a test)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from_argv(argv) or os.environ.get("SECRETARIAT_LANG")
    if lang in LANGUAGES:
        set_language(lang)
    commands = named_commands(argv)
    unknown = commands is None
    if commands is not None:
        args, rest = build_parser(commands).parse_known_args(argv)
        unknown = bool(rest)
    if unknown:  # help, or argparse's own refusal, with every command listed
        args = build_parser().parse_args(argv)
    if args.command is None:
        from .ui.application import run_gui

        return run_gui(args)
    code = run_command(args)
    if exiting:
        _spare_the_last_collection()
    return code


def _spare_the_last_collection() -> None:
    """A sub-command is done and its output written: the objects still alive (SQLAlchemy's, the
    models', the modules') go to the collector's permanent generation, which the interpreter's
    last collection on the way out does not walk. That walk freed the module graph's cycles one
    by one: 0.07 s of CPU at the end of every command (`import --dry-run` at 10 000, issue 21),
    for memory the process returns at once. Open files and the database are closed by then; an
    object dropped now is still freed as usual, and the atexit functions run."""
    import gc

    gc.freeze()


def run_command(args: argparse.Namespace) -> int:
    """Runs a sub-command. Every failure ends as a message and an exit code; a traceback only for a
    bug. With --json the output is one JSON document: the command's, or {"error", "exit_code"}."""
    from .services.errors import UserError
    from .services.failures import describe_failure

    as_json = bool(getattr(args, "json", False))
    out = io.StringIO() if as_json else sys.stdout
    message: str | None
    try:
        with contextlib.redirect_stdout(out):
            code = args.module.run(args)
        if as_json:
            assert isinstance(out, io.StringIO)
            sys.stdout.write(out.getvalue())
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last words
        return code
    except BrokenPipeError:
        _silence_stdout()
        message = _(
            "The output was closed before the command finished; what it had not finished was not done."
        )
        return _fail(args, message, EXIT_INVALID, to_stdout=False)
    except UserError as exc:
        return _fail(args, str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return EXIT_ERROR
    except Exception as exc:
        message = describe_failure(exc)
        if message is not None:
            return _fail(args, message, EXIT_INVALID)
        traceback.print_exc()
        print(_("Unexpected error. Details are above."), file=sys.stderr)
        if as_json:
            _print_json({"error": _("Unexpected error: {error}").format(error=exc), "exit_code": EXIT_ERROR})
        return EXIT_ERROR


def _fail(args: argparse.Namespace, message: str, code: int, to_stdout: bool = True) -> int:
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    if to_stdout and getattr(args, "json", False):
        _print_json({"error": message, "exit_code": code})
    return code


def _print_json(document: dict) -> None:
    try:
        import json

        json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
        print(flush=True)
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
    """Whoever read our output has gone: what is still buffered for it goes nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass

"""merge a workbook from the other side into the database"""

import argparse
import json
import sys
from pathlib import Path

from ..i18n import LANGUAGES, N_, _, ngettext
from .common import add_db, open_db

N_("merge a workbook from the other side into the database")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument("file", metavar="FILE.xlsx", help=_("the workbook to import"))
    parser.add_argument("--dry-run", action="store_true", help=_("show what would change; change nothing"))
    parser.add_argument("--json", action="store_true", help=_("print the plan as JSON"))
    parser.add_argument(
        "--on-conflict",
        choices=("ask", "ours", "theirs"),
        default="ask",
        help=_("how to settle conflicts: ask (stop with exit code 3), keep ours, take theirs"),
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_(
            "apply the records without errors and leave out those with errors (exit code 0 if any applied)"
        ),
    )
    parser.add_argument(
        "--verbose", action="store_true", help=_("with --json: list the unchanged records too")
    )
    parser.add_argument(
        "--allow-mass-delete",
        action="store_true",
        help=_("apply a file that deletes many records (without it: stop with exit code 3)"),
    )
    parser.add_argument(
        "--errors-out",
        metavar="ERRORS.xlsx",
        help=_("when the file has errors, write it back for the other side with the errors marked"),
    )
    parser.add_argument(
        "--errors-lang", choices=LANGUAGES, help=_("the language of the error workbook (default: the file's)")
    )


def run(args: argparse.Namespace) -> int:
    from ..services.collector import collector_paused

    # From the first import of the exchange's modules on: loading them (SQLAlchemy, the mapped
    # classes) and opening the database make many objects and no garbage cycles to speak of, and
    # the collector's passes over them were 3 % of a dry run's CPU time (issue 21).
    with collector_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from ..services.exchange.importing.importer import apply_import, preview_import
    from ..services.exchange.importing.merge import Choice
    from ..services.exchange.importing.reader import read_workbook
    from ..services.outputs import check_output_target

    with open_db(args, write=not args.dry_run) as db:
        if args.errors_out:  # refused before anything is read, as every output is
            check_output_target(args.errors_out, db.path, inputs=[args.file])
        preview = preview_import(db, read_workbook(args.file))
        if args.on_conflict in ("ours", "theirs"):
            preview.plan.resolve_all(Choice(args.on_conflict))
        show(db, preview, args)
        stop = reason_to_stop(preview, args)
        if stop is not None or args.dry_run:
            return stop or 0
        done = apply_import(
            db,
            preview,
            on_conflict=args.on_conflict,
            allow_mass_deletion=args.allow_mass_delete,
            skip_invalid=args.skip_invalid,
        )
    if not args.json:
        print(_("Imported: {created} new, {updated} updated, {deleted} deleted.").format(**done))
        if done.get("left_out"):
            print(
                ngettext(
                    "Left out because of errors: {count} record.",
                    "Left out because of errors: {count} records.",
                    done["left_out"],
                ).format(count=done["left_out"])
            )
    return 0


def show(db, preview, args: argparse.Namespace) -> None:
    """The plan, as text or JSON, and the error workbook when asked for."""
    written = _errors_out(db, preview, args) if args.errors_out and preview.plan.errors else None
    if args.json:  # compact: a script reads it, and a large file's plan is long
        plan = preview.to_json(verbose=args.verbose)
        if args.errors_out:
            plan["errors_out"] = str(written.path) if written else None
        json.dump(plan, sys.stdout, ensure_ascii=False, separators=(",", ":"))
        print()
    else:
        print_plan(preview)
        if args.errors_out:
            _say_errors_out(written, args.errors_out)


def reason_to_stop(preview, args: argparse.Namespace) -> int | None:
    """The exit code when the plan cannot be applied as asked: 2 errors, 3 for a person to decide."""
    from ..services.exchange.importing.plan_checks import deletion_summary

    if preview.plan.errors and not (args.skip_invalid and preview.valid_count):
        return 2
    if preview.plan.unresolved():
        if not args.json:
            print(_("Conflicts left: run again with --on-conflict ours or theirs, or import in the program."))
        return 3
    if preview.mass_deletion and not args.allow_mass_delete:
        message = _(
            "The file deletes many records ({summary}); nothing was imported. Check the list, "
            "then run again with --allow-mass-delete."
        ).format(summary=deletion_summary(preview.plan))
        print(message, file=sys.stderr)
        return 3
    return None


def _errors_out(db, preview, args):
    """The partner's workbook with its errors marked (error_workbook.py)."""
    from ..services.exchange.importing.error_workbook import save_errors

    return save_errors(db, preview, Path(args.errors_out), args.errors_lang)


def _say_errors_out(written, path: str) -> None:
    if written is None:
        print(_("No errors: {path} was not written.").format(path=path))
        return
    print(
        ngettext(
            "The workbook for the other side, with {count} error marked: {path}",
            "The workbook for the other side, with {count} errors marked: {path}",
            written.errors,
        ).format(count=written.errors, path=written.path)
    )
    if written.lost:
        print("! " + _("Not kept from their file: {what}.").format(what=", ".join(written.lost)))


def print_plan(preview) -> None:
    from ..i18n import current_language
    from ..services.exchange.importing.present import Namer, field_label, kind_label, show_value
    from ..services.fields import ENTITIES

    plan = preview.plan
    print(_("File: {file}").format(file=preview.incoming.file_name))
    print(_("Base of the merge: {base}").format(base=preview.base_from))
    for note in plan.notes:
        print(f"! {note}")
    counts = plan.counts()
    print("  ".join(f"{kind_label(k)}: {counts[k]}" for k in counts))
    if any(r.deletion == "theirs" for r in plan.records):
        from ..services.exchange.importing.plan_checks import deletion_summary

        print(_("Deletions: {summary}").format(summary=deletion_summary(plan)))
    namer = Namer(preview.incoming.theirs.records, preview.ours.records, lang=current_language())
    for record in plan.records:
        if record.kind.value == "unchanged":
            continue
        entity = _(ENTITIES[record.entity].label)
        name = namer.name(record.entity, record.uuid)
        print(f"[{kind_label(record.kind.value)}] {entity}: {name} {record.where}".rstrip())
        for change in record.changes:
            name = field_label(record.entity, change.key)
            show = lambda v, c=change, r=record: show_value(r.entity, c.key, v, namer)  # noqa: E731
            if change.conflict:
                base, ours, theirs = _("base"), _("ours"), _("theirs")
                print(
                    f"    {name}: {base} {show(change.base)} | {ours} {show(change.ours)} | "
                    f"{theirs} {show(change.theirs)}"
                )
            else:
                print(f"    {name}: {show(change.ours)} → {show(change.result)}")
    if preview.left_out:
        print(
            ngettext(
                "With --skip-invalid, {count} record with errors is left out:",
                "With --skip-invalid, {count} records with errors are left out:",
                len(preview.left_out),
            ).format(count=len(preview.left_out))
        )
        for record in preview.left_out:
            name = namer.name(record.entity, record.uuid)
            print(f"  - {_(ENTITIES[record.entity].label)}: {name} {record.where}".rstrip())
    error = _("error")
    for issue in plan.errors:
        where = ", ".join(str(x) for x in (issue.sheet, issue.row, issue.column) if x not in (None, ""))
        value = f" ({issue.value})" if issue.value not in (None, "") else ""
        print(f"[{error}] {where}: {issue.message}{value}")

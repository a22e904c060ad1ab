"""Move Python modules of the app and rewrite every import of them (absolute, relative, dotted
strings in monkeypatches and configs). Used once to regroup app/services (issue 20); kept because a
branch made before the move is brought up to date with the same map: `python tools/move_modules.py`
rewrites the imports of every file in the tree (moving only the modules that still exist)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# old module → new module
MOVES = {
    "app.services.database": "app.services.database.opened",
    "app.services.db": "app.services.database.sqlite",
    "app.services.schema": "app.services.database.schema",
    "app.services.backup": "app.services.database.backup",
    "app.services.server": "app.services.database.server",
    "app.services.server_backup": "app.services.database.server_backup",
    "app.services.dblock": "app.services.database.writer_lock",
    "app.services.oslock": "app.services.database.os_lock",
    "app.services.location": "app.services.database.location",
    "app.services.storage": "app.services.database.network_share",
    "app.services.copying": "app.services.database.copying",
    "app.services.transfer": "app.services.database.transfer",
    "app.services.notices": "app.services.database.notices",
    "app.services.concurrency": "app.services.database.concurrency",
    "app.services.setup": "app.services.first_start",
    # The exchange in three parts: the workbook's format, writing it, reading and merging it.
    "app.services.exchange.export": "app.services.exchange.export.exporter",
    "app.services.exchange.export_sheets": "app.services.exchange.export.sheets",
    "app.services.exchange.export_io": "app.services.exchange.export.safe_write",
    "app.services.exchange.export_instructions": "app.services.exchange.export.instructions",
    "app.services.exchange.export_roadmap_table": "app.services.exchange.export.roadmap_table",
    "app.services.exchange.xlsx_style": "app.services.exchange.export.xlsx_style",
    "app.services.exchange.guard": "app.services.exchange.importing.guard",
    "app.services.exchange.reader": "app.services.exchange.importing.reader",
    "app.services.exchange.formulas": "app.services.exchange.importing.formulas",
    "app.services.exchange.refs": "app.services.exchange.importing.refs",
    "app.services.exchange.lookup": "app.services.exchange.importing.lookup",
    "app.services.exchange.lineage": "app.services.exchange.importing.lineage",
    "app.services.exchange.merge": "app.services.exchange.importing.merge",
    "app.services.exchange.plan_checks": "app.services.exchange.importing.plan_checks",
    "app.services.exchange.plan_minutes": "app.services.exchange.importing.plan_minutes",
    "app.services.exchange.plan_postponements": "app.services.exchange.importing.plan_postponements",
    "app.services.exchange.plan_json": "app.services.exchange.importing.plan_json",
    "app.services.exchange.partial": "app.services.exchange.importing.partial",
    "app.services.exchange.present": "app.services.exchange.importing.present",
    "app.services.exchange.importer": "app.services.exchange.importing.importer",
    "app.services.exchange.apply": "app.services.exchange.importing.apply",
    "app.services.exchange.credit": "app.services.exchange.importing.credit",
    "app.services.exchange.error_workbook": "app.services.exchange.importing.error_workbook",
    "app.services.exchange.retranslate": "app.services.exchange.importing.retranslate",
    "app.services.exchange.layout": "app.services.exchange.workbook.layout",
    "app.services.exchange.rowcheck": "app.services.exchange.workbook.rowcheck",
    "app.services.exchange.snapshot": "app.services.exchange.workbook.snapshot",
    "app.services.exchange.sizes": "app.services.exchange.workbook.sizes",
    "app.services.exchange.values": "app.services.exchange.workbook.values",
    "app.services.exchange.expected": "app.services.exchange.workbook.expected",
}
# The package keeps the old import path of its main class working for the rest of the program.
PACKAGE_INIT = (
    "app/services/database/__init__.py",
    '"""The database: one open database (opened.py) on a SQLite file (sqlite.py) or a PostgreSQL\n'
    "server (server.py), its schema and migrations (schema.py), backups, the one-writer lock, where it\n"
    'lives, copies between a laptop and a server, and the versions that keep two people apart."""\n\n'
    "from .opened import Database\n\n"
    '__all__ = ["Database"]\n',
)


def module_path(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".py")


def module_of(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def package_of(path: Path) -> str:
    module = module_of(path)
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def resolve(package: str, dots: int, rest: str) -> str:
    base = package.split(".")
    base = base[: len(base) - (dots - 1)] if dots > 1 else base
    return ".".join(base + ([rest] if rest else []))


def relative(package: str, target: str) -> str:
    """`target` as a relative import from a module of `package`."""
    here, there = package.split("."), target.split(".")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    dots = "." * (len(here) - common + 1)
    return dots + ".".join(there[common:])


def new_name(module: str) -> str:
    if any(module == new or module.startswith(new + ".") for new in MOVES.values()):
        return module  # moved already: a second run changes nothing
    for old, new in MOVES.items():
        if module == old or module.startswith(old + "."):
            return new + module[len(old) :]
    return module


FROM_RELATIVE = re.compile(r"^(\s*)from (\.+)([\w.]*) import (\(?[^\n]*)$", re.M)
DOTTED = re.compile(r"\bapp(?:\.\w+)+")


def rewrite(text: str, old_package: str, new_package: str) -> str:
    def from_relative(m: re.Match) -> str:
        indent, dots, rest, names = m.groups()
        target = resolve(old_package, len(dots), rest)
        moved = new_name(target)
        # `from .. import backup`: a module imported by name from its package
        single = re.fullmatch(r"(\w+)(\s+as\s+\w+)?(\s*#.*)?", names.strip())
        if (single and module_path(target + "." + single.group(1)).exists()) or (
            single and (target + "." + single.group(1)) in MOVES
        ):
            full = new_name(target + "." + single.group(1))
            parent, _, name = full.rpartition(".")
            tail = (single.group(2) or "") + (single.group(3) or "")
            return f"{indent}from {relative(new_package, parent)} import {name}{tail}"
        if target == "app.services.database" and moved == "app.services.database.opened":
            moved = "app.services.database"  # the package gives Database
        return f"{indent}from {relative(new_package, moved)} import {names}"

    text = FROM_RELATIVE.sub(from_relative, text)

    def dotted(m: re.Match) -> str:
        name = m.group(0)
        if name == "app.services.database":
            return name
        return new_name(name)

    return DOTTED.sub(dotted, text)


def _move(moves: list[tuple[Path, Path]]) -> None:
    for src, dst in moves:
        dst.parent.mkdir(parents=True, exist_ok=True)
        init = dst.parent / "__init__.py"  # a new package says what it holds (written by hand after)
        if not init.exists():
            init.write_text(f'"""{dst.parent.name}."""\n', encoding="utf-8")
            subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)
        subprocess.run(["git", "mv", str(src), str(dst)], cwd=ROOT, check=True)
    init = ROOT / PACKAGE_INIT[0]
    if init.read_text(encoding="utf-8").strip() == '"""database."""':
        init.write_text(PACKAGE_INIT[1], encoding="utf-8")


def _sources() -> list[Path]:
    skipped = {".venv", ".git", "bench-out", "build", "dist"}
    return [
        path
        for path in sorted(ROOT.rglob("*"))
        if path.suffix in (".py", ".toml", ".spec")
        and not skipped & set(path.parts)
        and path != Path(__file__).resolve()
    ]


def main() -> None:
    moves = [(module_path(old), module_path(new)) for old, new in MOVES.items() if module_path(old).exists()]
    _move(moves)
    old_of: dict[Path, Path] = {dst: src for src, dst in moves}
    for path in _sources():
        was = old_of.get(path, path)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py" and was.is_relative_to(ROOT / "app"):
            new_text = rewrite(text, package_of(was), package_of(path))
        else:
            new_text = DOTTED.sub(
                lambda m: m.group(0) if m.group(0) == "app.services.database" else new_name(m.group(0)), text
            )
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
    print(f"moved {len(moves)} modules", file=sys.stderr)


if __name__ == "__main__":
    main()

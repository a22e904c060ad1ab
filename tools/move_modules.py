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
    for old, new in MOVES.items():
        if module == old or module.startswith(old + "."):
            if old == "app.services.database" and module != old:  # already inside the package
                return module
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


def main() -> None:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    sources = [
        ROOT / f for f in files.split() if f.endswith((".py", ".toml", ".spec", ".md", ".cfg", ".ini"))
    ]
    sources += [p for p in (ROOT / "app").rglob("*.py") if p not in sources]
    moves = []
    for old, new in MOVES.items():
        src = module_path(old)
        if src.exists():
            moves.append((src, module_path(new)))
    for _src, dst in moves:
        dst.parent.mkdir(parents=True, exist_ok=True)
    old_of: dict[Path, Path] = {dst: src for src, dst in moves}
    for src, dst in moves:
        subprocess.run(["git", "mv", str(src), str(dst)], cwd=ROOT, check=True)
    init = ROOT / PACKAGE_INIT[0]
    if not init.exists():
        init.write_text(PACKAGE_INIT[1], encoding="utf-8")
        subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)
    seen = set()
    for path in sorted((ROOT).rglob("*")):
        if path.suffix not in (".py", ".toml", ".spec") or ".venv" in path.parts or ".git" in path.parts:
            continue
        if "bench-out" in path.parts or "build" in path.parts or "dist" in path.parts:
            continue
        if path in seen or path == Path(__file__).resolve():
            continue
        seen.add(path)
        was = old_of.get(path, path)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py" and (was.is_relative_to(ROOT / "app")):
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

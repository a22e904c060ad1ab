"""Run the built bundle the way a secretariat laptop would, headless, and hold its size to a budget.

    python tools/bundle_smoke.py [--build] [--dist dist/SecretariatDesk] [--budget-mib 180]

Runs each of demo, check, backup, restore, export, import, agenda and copy that the bundle's own
`--help` lists (a command that has not landed yet is skipped by that rule alone, so the test gets stricter
by itself), from folders with Cyrillic names and spaces, with the program folder made read-only
and checked unchanged afterwards. Expected texts come from this checkout's catalogs. Exit 0 when
everything passed; the size and what ran are printed either way.
"""

import argparse
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's app: expected texts, schema revision

_spec = importlib.util.spec_from_file_location("build_bundle", ROOT / "tools" / "build_bundle.py")
bb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bb)

# Measured on Linux: ~150 MiB, of which ICU's data (38 MiB) and ~30 MiB of system libraries are
# Linux-only (Windows' Qt uses the system's ICU). 180 leaves room for the GUI, fonts for printing
# and QtPdf or QtSvg if they are needed, but not for a stray QML, WebEngine or numpy (+30 … 200).
BUDGET_MIB = 180
TIMEOUT = 180  # seconds for one command; the first PDF builds the font cache
KNOWN_COMMANDS = ("check", "demo", "backup", "restore", "export", "import", "agenda", "copy")
EXE_SUFFIX = ".exe" if os.name == "nt" else ""


class Smoke:
    def __init__(self, dist: Path, sandbox: Path):
        self.dist = dist
        self.internal = dist / "_internal"
        self.failures: list[str] = []
        home = sandbox / "Пользователь Секретариат"
        self.cwd = home / "Рабочий стол"
        self.data = home / "Документы" / "Данные группы"
        self.tmp = home / "Временные файлы"
        for folder in (self.cwd, self.data, self.tmp):
            folder.mkdir(parents=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "SECRETARIAT_"))}
        self.env.update(
            QT_QPA_PLATFORM="offscreen",
            SECRETARIAT_NO_USER_SETTINGS="1",
            HOME=str(home),
            USERPROFILE=str(home),
            APPDATA=str(home / "AppData" / "Roaming"),
            LOCALAPPDATA=str(home / "AppData" / "Local"),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            TMPDIR=str(self.tmp),
            TEMP=str(self.tmp),
            TMP=str(self.tmp),
        )
        self.demo_db = self.data / "демо база.sqlite"
        self.workbook = self.data / "обмен UZ-KZ.xlsx"

    def check(self, ok: bool, message: str) -> bool:
        if not ok:
            self.failures.append(message)
            print(f"  FAIL: {message}")
        return ok

    def run(self, *args: object, exe: str = bb.CLI_NAME, quiet: bool = False) -> subprocess.CompletedProcess:
        command = [str(self.dist / (exe + EXE_SUFFIX)), *map(str, args)]
        started = time.monotonic()
        try:
            result = subprocess.run(
                command, cwd=self.cwd, env=self.env, capture_output=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            result = subprocess.CompletedProcess(command, -1, exc.stdout or b"", b"timed out")
        result.stdout = result.stdout.decode("utf-8", "replace")
        result.stderr = result.stderr.decode("utf-8", "replace")
        shown = " ".join(Path(a).name if os.sep in a else a for a in command[1:])
        result.shown = f"{exe} {shown}"
        print(f"  $ {result.shown}  → {result.returncode} ({time.monotonic() - started:.1f} s)")
        if result.returncode != 0 and not quiet:
            print(_indent(result.stdout + result.stderr))
        return result

    def succeeds(self, *args: object, **kwargs) -> subprocess.CompletedProcess | None:
        result = self.run(*args, **kwargs)
        ok = self.check(result.returncode == 0, f"{result.shown} exited with {result.returncode}")
        return result if ok else None


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.strip().splitlines()[-25:])


def integrity_line(lang: str) -> str:
    from app.i18n import translate_in

    return translate_in(lang, "Integrity: {result}").format(result="ok")


def schema_revision(db: Path) -> str | None:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


# The scenarios, one per command, in the order they run; later ones use what earlier ones made.


def check_fresh(s: Smoke) -> None:
    """`check` makes up no database; a new one (made by `demo`, as only it and the window's first
    start make one) is checked, at the migrations' head, in all three languages."""
    from app.models import SCHEMA_REVISION

    db = s.data / "новая база.sqlite"
    refused = s.run("check", "--db", db, quiet=True)  # only demo and the window make a database
    s.check(refused.returncode == 2 and not db.exists(), "check made up a database or did not refuse")
    s.succeeds("demo", "--db", db, "--scale", "10")  # a database the bundle's migrations made
    result = s.succeeds("check", "--db", db)
    if result:
        s.check(integrity_line("ru") in result.stdout, f"check did not print {integrity_line('ru')!r}")
        s.check(schema_revision(db) == SCHEMA_REVISION, "the bundle's migrations did not reach the head")
    for lang in ("uz", "kk"):  # the compiled catalogs are in the bundle and used
        result = s.succeeds("--lang", lang, "check", "--db", db)
        if result:
            s.check(
                integrity_line(lang) in result.stdout, f"check --lang {lang}: no {integrity_line(lang)!r}"
            )


def demo(s: Smoke) -> None:
    if s.succeeds("demo", "--db", s.demo_db):
        conn = sqlite3.connect(s.demo_db)
        projects = conn.execute("SELECT count(*) FROM project").fetchone()[0]
        conn.close()
        s.check(projects > 0, "demo wrote no projects")
        s.succeeds("check", "--db", s.demo_db)


def backup(s: Smoke) -> None:
    copy = s.data / "копия.sqlite"
    if s.succeeds("backup", "--db", s.demo_db, "--out", copy):
        s.check(copy.read_bytes()[:16] == b"SQLite format 3\x00", "backup wrote no database")


def restore(s: Smoke) -> None:
    copy = s.data / "копия.sqlite"
    if not copy.exists():
        s.succeeds("backup", "--db", s.demo_db, "--out", copy)
    s.succeeds("restore", "--db", s.demo_db, copy)


def export(s: Smoke) -> None:
    if s.succeeds("export", "--db", s.demo_db, "--out", s.workbook):
        try:
            with zipfile.ZipFile(s.workbook) as book:
                s.check("xl/workbook.xml" in book.namelist(), "export wrote no workbook")
        except (OSError, zipfile.BadZipFile) as exc:
            s.check(False, f"export wrote no workbook: {exc}")


def import_dry_run(s: Smoke) -> None:
    if not s.check(s.workbook.exists(), "import: no workbook to import (export did not run)"):
        return
    before = dump(s.demo_db)
    result = s.succeeds("import", "--db", s.demo_db, s.workbook, "--dry-run", "--json")
    if result:
        try:
            s.check(isinstance(json.loads(result.stdout), dict), "import --json printed no plan")
        except ValueError as exc:
            s.check(False, f"import --json printed no JSON: {exc}")
        s.check(dump(s.demo_db) == before, "import --dry-run changed the database")


def agenda(s: Smoke) -> None:
    pdf = s.data / "повестка дня.pdf"
    conn = sqlite3.connect(s.demo_db)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(meeting)")]
    row = conn.execute("SELECT * FROM meeting ORDER BY id LIMIT 1").fetchone()
    conn.close()
    # --meeting ID: tried as the meeting's code, number, id and UUID, the first that is accepted.
    candidates = [str(row[columns.index(c)]) for c in ("code", "number", "id", "uuid") if c in columns]
    for meeting in dict.fromkeys(candidates):
        result = s.run("agenda", "--db", s.demo_db, "--meeting", meeting, "--pdf", pdf, quiet=True)
        if result.returncode == 0:
            s.check(pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 1000, "agenda wrote no PDF")
            return
    print(_indent(result.stdout + result.stderr))
    s.check(False, f"agenda accepted none of the meeting's identifiers {candidates}")


def copy(s: Smoke) -> None:
    """A file into a new file (the copy that goes onto a server takes the same path), and the
    server's driver loaded: a server that does not answer is said so, not a missing module."""
    target = s.data / "копия для сервера.sqlite"
    if s.succeeds("copy", "--from", s.demo_db, "--to", target):  # the same rows (written in key order)
        rows = [sorted(line for line in dump(db) if line.startswith("INSERT")) for db in (target, s.demo_db)]
        s.check(rows[0] == rows[1], "copy changed the data")
    result = s.run("check", "--db", "postgresql://secretariat@127.0.0.1:1/secretariat", quiet=True)
    s.check(
        result.returncode == 2 and "127.0.0.1" in result.stderr and "Traceback" not in result.stderr,
        f"a server database: {result.stderr.strip()[:300]}",
    )


SCENARIOS: dict[str, Callable[[Smoke], None]] = {
    "check": check_fresh,
    "demo": demo,
    "backup": backup,
    "restore": restore,
    "export": export,
    "import": import_dry_run,
    "agenda": agenda,
    "copy": copy,
}


def listed_commands(help_text: str) -> list[str]:
    """The sub-commands in argparse's usage line: '{demo,check,…} ...'."""
    match = re.search(r"\{([\w,-]+)\}\s+\.\.\.", help_text)  # the usage line may wrap before "..."
    return match.group(1).split(",") if match else []


def check_gui(s: Smoke) -> None:
    """The window program starts headless and stays up (or ends cleanly) for a few seconds."""
    if not (ROOT / "app" / "ui").is_dir():
        print("  not checked: this checkout has no app/ui yet")
        return
    command = [str(s.dist / (bb.GUI_NAME + EXE_SUFFIX)), "--db", str(s.data / "окно.sqlite")]
    with subprocess.Popen(
        command, cwd=s.cwd, env=s.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    ) as window:
        try:
            out, _ = window.communicate(timeout=10)
            print(f"  $ {bb.GUI_NAME} --db окно.sqlite  → {window.returncode}")
            if not s.check(window.returncode == 0, "the window program failed to start"):
                print(_indent(out.decode("utf-8", "replace")))
        except subprocess.TimeoutExpired:
            window.kill()
            window.communicate()
            print(f"  $ {bb.GUI_NAME} --db окно.sqlite  → still running after 10 s: started")


def check_contents(s: Smoke) -> None:
    from app.services.formatting import BABEL_LOCALES

    inside = s.internal
    wanted = [
        Path("locales") / p.parent.relative_to(ROOT / "locales") / f"{p.stem}.mo"
        for p in (ROOT / "locales").glob("*/LC_MESSAGES/*.po")
    ]
    wanted += [
        p.relative_to(ROOT) for p in (ROOT / "migrations").rglob("*.py") if "__pycache__" not in p.parts
    ]
    resources = ROOT / "app" / "resources"
    wanted += [
        p.relative_to(ROOT) for p in resources.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}
    ]
    wanted += [Path("tzdata/zoneinfo/Asia/Tashkent"), Path("tzdata/zoneinfo/Asia/Almaty")]
    for code in ("root", *BABEL_LOCALES.values()):
        parts = code.split("_")
        wanted += [
            Path("babel/locale-data") / ("_".join(parts[:n]) + ".dat") for n in range(1, len(parts) + 1)
        ]
    for path in wanted:
        s.check((inside / path).is_file(), f"missing in the bundle: {path.as_posix()}")
    s.check(not list((inside / "locales").rglob("*.po")), "the bundle carries .po files")
    qm = {p.name for p in (inside / "PySide6").rglob("*.qm")}
    s.check(qm == {f"qtbase_{lang}.qm" for lang in bb.QT_LANGUAGES}, f"Qt translations: {sorted(qm)}")
    excluded = {name.removeprefix("PySide6.") for name in bb.excludes() if name.startswith("PySide6.")}
    strays = sorted(p.name for p in (inside / "PySide6").iterdir() if p.name.split(".")[0] in excluded)
    s.check(not strays, f"excluded Qt modules in the bundle: {strays}")


def folder_state(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def make_read_only(folder: Path) -> dict[Path, int]:
    """Like Program Files for a user; undone afterwards so the next build can replace the folder."""
    modes = {p: p.lstat().st_mode for p in [folder, *folder.rglob("*")] if not p.is_symlink()}
    for path, mode in modes.items():
        os.chmod(path, stat.S_IMODE(mode) & ~0o222)
    return modes


def report_size(dist: Path, budget_mib: float) -> bool:
    sizes: dict[str, int] = {}
    for path in dist.rglob("*"):
        if path.is_file() and not path.is_symlink():
            parts = path.relative_to(dist).parts
            key = "/".join(parts[:2]) if parts[0] == "_internal" and len(parts) > 2 else "/".join(parts)
            sizes[key] = sizes.get(key, 0) + path.stat().st_size
    total = sum(sizes.values()) / 2**20
    print("Largest parts:")
    for key, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {size / 2**20:7.1f} MiB  {key}")
    print(f"Bundle size: {total:.1f} MiB (budget {budget_mib:.0f} MiB)")
    return total <= budget_mib


def build() -> None:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "pyinstaller.spec"],
        cwd=ROOT,
        check=True,
    )
    print(f"Build took {time.monotonic() - started:.0f} s")


def smoke(dist: Path, budget_mib: float) -> int:
    dist = dist.resolve()
    sandbox = Path(tempfile.mkdtemp(prefix="bundle-smoke-"))
    s = Smoke(dist, sandbox)
    print(f"Bundle: {dist}\nSandbox: {s.cwd.parent}")
    print("Contents:")
    check_contents(s)
    before = folder_state(dist)
    modes = make_read_only(dist)
    ran, absent = [], []
    try:
        print("Version and help:")
        result = s.succeeds("--version")
        if result:
            s.check(result.stdout.strip() == bb.app_version(), f"--version printed {result.stdout.strip()!r}")
        result = s.run("--version", exe=bb.GUI_NAME)  # a windowed .exe prints nothing on Windows
        s.check(result.returncode == 0, f"{bb.GUI_NAME} --version failed")
        help_result = s.succeeds("--help")
        listed = listed_commands(help_result.stdout if help_result else "")
        s.check(bool(listed), "--help lists no sub-commands")
        for name in KNOWN_COMMANDS:
            if name not in listed:
                absent.append(name)
                continue
            print(f"{name}:")
            SCENARIOS[name](s)
            ran.append(name)
        for name in listed:
            if name not in SCENARIOS:  # a command this script does not know yet: it must at least load
                print(f"{name} (only --help):")
                s.succeeds(name, "--help")
        print("Window program:")
        check_gui(s)
    finally:
        for path, mode in modes.items():
            os.chmod(path, stat.S_IMODE(mode))
    s.check(folder_state(dist) == before, "running the program changed files in its own folder")
    s.check(not (s.tmp / "secretariat-desk-mo").exists(), "the bundle compiled catalogs at run time")
    shutil.rmtree(sandbox, ignore_errors=True)

    print(f"Commands run: {', '.join(ran) or 'none'}")
    print(f"Not in this build (not listed by --help): {', '.join(absent) or 'none'}")
    s.check(report_size(dist, budget_mib), f"the bundle is over its budget of {budget_mib:.0f} MiB")
    if s.failures:
        print(f"FAILED ({len(s.failures)}):\n" + "\n".join(f"  - {f}" for f in s.failures))
        return 1
    print("Bundle smoke test passed.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="build the bundle first")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / bb.GUI_NAME, help="the bundle's folder")
    parser.add_argument("--budget-mib", type=float, default=BUDGET_MIB, help="size budget in MiB")
    args = parser.parse_args()
    if args.build:
        build()
    if not (args.dist / (bb.CLI_NAME + EXE_SUFFIX)).is_file():
        print(f"No bundle at {args.dist}; build it with `pyinstaller --noconfirm --clean pyinstaller.spec`.")
        return 2
    return smoke(args.dist, args.budget_mib)


if __name__ == "__main__":
    sys.exit(main())

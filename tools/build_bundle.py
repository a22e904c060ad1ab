"""What pyinstaller.spec carries into the bundle and what it leaves out, computed at build time.

    python tools/build_bundle.py     # the same as `pyinstaller --noconfirm --clean pyinstaller.spec`, timed

The spec stays a short list of steps; the decisions live here, where the tests can read them:
compiled catalogs (.mo are build outputs, not committed), the Windows version resource generated
from app.__version__, the hidden imports that static analysis cannot see, and the filters that keep
Qt's and Babel's data for our three languages only.
"""

import ast
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGING = ROOT / "build" / "bundle-data"  # generated inputs of the build; git-ignored with build/

GUI_NAME = "SecretariatDesk"  # the window program; also the folder's name
CLI_NAME = "secretariat-cli"  # the same program as a console executable, for the sub-commands
PRODUCT = "Secretariat desk"
DESCRIPTION = "Records of the Uzbekistan–Kazakhstan working group on industrial cooperation"

# Python's UTF-8 mode in both executables: output piped from secretariat-cli is UTF-8 whatever
# the Windows code page (cp1251 has no oʻ), and open() reads and writes as in the tests. It has to
# be spelled "X utf8": PyInstaller silently ignores "X utf8_mode=1".
PYTHON_OPTIONS = [("X utf8", None, "OPTION")]

# Qt ships translations of its own dialogs for these; Uzbek is supplied by the program itself.
QT_LANGUAGES = ("ru", "kk")
# Babel's locale data: the program formats in ru_RU, uz_Latn_UZ and kk_KZ (services/formatting.py);
# root is every locale's parent, en the fallback of Babel's own defaults. The other ~1000 locales
# are 30 MB nobody reads.
BABEL_LOCALES = ("root", "en", "ru", "uz", "kk")

# Imported by name at run time, so invisible to PyInstaller's analysis of main.py.
HIDDEN_PACKAGES = (
    "app",  # the sub-commands are imported by name (app/commands/__init__.py COMMANDS)
    "alembic",  # the runtime Alembic loads while running migrations/env.py
    "defusedxml",  # openpyxl switches to it only when it is importable
    "openpyxl",  # import and export import these inside functions
    "python_calamine",
    "tzdata",  # zoneinfo's data on Windows, which has no system time zone database
    "xlsxwriter",  # the export imports it inside functions
    # A shared database on a server: psycopg loads its adapters by name (its compiled part,
    # psycopg_binary with libpq, is collected by PyInstaller's own hook for psycopg).
    "psycopg",
)
HIDDEN_MODULES = (
    # The window program's Qt modules. The GUI imports them itself; named here so that the
    # bundle is complete (plugins, Qt translations) even on a branch without app/ui.
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtPrintSupport",
    "logging.config",  # what an Alembic env.py commonly imports
    "sqlalchemy.dialects.postgresql.psycopg",  # SQLAlchemy picks it by the URL's name
)
# Sub-packages that never run in the program: test helpers and file templates.
SKIPPED_SUBPACKAGES = ("alembic.testing", "alembic.templates", "app.tests")

# Qt modules the program does not use, with their libraries, plugins and QML files. Each of these
# would otherwise arrive through a hook or a library dependency and cost megabytes. A module that
# app/ imports is never excluded (see excludes()).
# fmt: off
QT_EXCLUDED = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus", "QtDesigner", "QtGraphs",
    "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLabsStyleKit", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf",
    "QtPdfWidgets", "QtPositioning", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort",
    "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
    "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtXml",
)
# fmt: on
OTHER_EXCLUDED = (
    # Compiling catalogs is a build step: the bundle carries .mo files and never reads a .po.
    "babel.messages",
    # SQLAlchemy's asyncio support; it checks for greenlet and does without.
    "greenlet",
    # Mako (under Alembic) colours template tracebacks with it if present: 1.7 MB of lexers.
    "pygments",
    # Development tools that some libraries import optionally.
    "tkinter",
    "pytest",
    "hypothesis",
    "pypdf",
    "PyInstaller",
    "setuptools",
    "pip",
)
# Qt's software OpenGL renderer for Windows machines without a GPU driver (20 MB): widgets draw
# without OpenGL. Loaded by name at run time, so nothing links it and it can simply be left out.
DROPPED_FILES = frozenset({"opengl32sw.dll"})

# Qt plugin folders the program has no use for: they serve excluded modules (QML, networking,
# SQL, multimedia, …) or embedded Linux devices (EGLFS, evdev/TUIO input; TUIO links QtNetwork).
# fmt: off
QT_PLUGIN_DIRS_EXCLUDED = frozenset({
    "assetimporters", "bearer", "canbus", "designer", "egldeviceintegrations", "generic", "geometryloaders",
    "geoservices", "multimedia", "networkinformation", "position", "qmllint", "qmlls", "qmltooling",
    "renderers", "renderplugins", "sceneparsers", "scxmldatamodel", "sensors", "sqldrivers", "texttospeech",
    "tls", "webview",
})
# fmt: on
# Platform plugins for embedded screens and remote framebuffers (qvnc links QtNetwork). Kept:
# windows, direct2d, offscreen (headless runs), minimal, xcb and wayland.
QT_PLATFORMS_EXCLUDED = ("eglfs", "linuxfb", "minimalegl", "vkkhrdisplay", "vnc")


def app_constant(name: str) -> str:
    """A constant of app/__init__.py (__version__, ORG_NAME), read from this checkout's source file
    rather than imported: an installed copy of `app` elsewhere on sys.path cannot answer instead."""
    tree = ast.parse((ROOT / "app" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"app/__init__.py defines no {name}")


def app_version() -> str:
    """app.__version__: the one place the version lives."""
    return app_constant("__version__")


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' → (1, 2, 3, 0); a suffix such as 'rc1' or '.dev2' does not count."""
    numbers = []
    for part in version.split(".")[:4]:
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        numbers.append(int(digits or 0))
        if digits != part:
            break
    return (*numbers, 0, 0, 0, 0)[:4]


def version_file_text(version: str | None = None) -> str:
    """The Windows version resource in PyInstaller's text form (a VSVersionInfo expression)."""
    version = version or app_version()
    numbers = version_numbers(version)
    strings = {
        "CompanyName": app_constant("ORG_NAME"),
        "FileDescription": PRODUCT,
        "FileVersion": version,
        "InternalName": GUI_NAME,
        "Comments": DESCRIPTION,
        "OriginalFilename": f"{GUI_NAME}.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 040904B0: U.S. English, Unicode; the strings are the same in every language.
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers!r},
    prodvers={numbers!r},
    mask=0x3F,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
{string_structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def write_version_file(path: Path | None = None) -> Path:
    path = path or STAGING / "version_info.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_file_text(), encoding="utf-8")
    return path


def compile_catalogs(out_dir: Path | None = None) -> list[tuple[str, str]]:
    """Compile every locales/<lang>/LC_MESSAGES/*.po into out_dir; (source, destination) pairs."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out_dir = out_dir or STAGING / "locales"
    datas = []
    for po in sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        mo = out_dir / lang / "LC_MESSAGES" / po.with_suffix(".mo").name
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        with mo.open("wb") as f:
            write_mo(f, catalog)  # fuzzy entries stay out, as in app/i18n.py
        datas.append((str(mo), f"locales/{lang}/LC_MESSAGES"))
    if not datas:
        raise FileNotFoundError("no catalogs under locales/")
    return datas


def _tree(folder: Path, dest: str, keep) -> list[tuple[str, str]]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and keep(path):
            found.append((str(path), str(Path(dest, path.parent.relative_to(folder)).as_posix())))
    return found


def data_files() -> list[tuple[str, str]]:
    """Everything the program reads from disk at run time, at the place app/paths.py looks."""
    datas = compile_catalogs()
    # A Qt translation the program supplies itself (Qt has no Uzbek) may sit beside the catalogs.
    datas += _tree(ROOT / "locales", "locales", lambda p: p.suffix == ".qm")
    # Alembic reads the migration scripts from disk (script_location), not from the archive.
    datas += _tree(ROOT / "migrations", "migrations", lambda p: p.suffix == ".py")
    # Icon, fonts and whatever else app/resources holds; its Python modules are compiled in.
    resources = ROOT / "app" / "resources"
    if resources.is_dir():
        datas += _tree(resources, "app/resources", lambda p: p.suffix not in {".py", ".pyc"})
    return datas


def migration_imports() -> list[str]:
    """Modules the migration scripts import: they run from disk, so the analysis never saw them."""
    names = set()
    for script in (ROOT / "migrations").rglob("*.py"):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(names)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # the parent is a module, not a package
        return False


def hidden_imports() -> list[str]:
    """Whole packages imported by name or lazily, plus the migrations' imports. Needs PyInstaller."""
    from PyInstaller.utils.hooks import collect_submodules

    names = set(HIDDEN_MODULES)
    for package in HIDDEN_PACKAGES:
        names.update(collect_submodules(package, filter=lambda n: not n.startswith(SKIPPED_SUBPACKAGES)))
    # `from sqlalchemy import Column` names a class, not a module: only modules are passed on.
    names.update(name for name in migration_imports() if _is_module(name))
    return sorted(names)


def qt_modules_used(scripts: list[Path] | None = None) -> set[str]:
    """The PySide6 modules the program's own code imports (main.py and app/)."""
    used = set()
    for script in scripts or [ROOT / "main.py", *(ROOT / "app").rglob("*.py")]:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6"):
                modules = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            used.update(m.split(".")[1] for m in modules if m.startswith("PySide6."))
    return used


def excludes(used: set[str] | None = None) -> list[str]:
    """What the analysis must leave out. A Qt module the program starts to use is kept
    automatically (its size then shows in the smoke test's budget), never silently broken."""
    used = qt_modules_used() if used is None else used
    return [*(f"PySide6.{name}" for name in QT_EXCLUDED if name not in used), *OTHER_EXCLUDED]


def _unwanted_plugin(parts: list[str]) -> bool:
    """parts: a Qt plugin's path from its plugins folder down, e.g. ['platforms', 'qvnc.dll']."""
    if len(parts) < 2:
        return False
    if parts[0] in QT_PLUGIN_DIRS_EXCLUDED:
        return True
    stem = parts[-1].split(".")[0].removeprefix("lib")
    return parts[0] == "platforms" and stem.removeprefix("q") in QT_PLATFORMS_EXCLUDED


def keep_in_bundle(dest: str) -> bool:
    """Whether a collected file (its destination path inside the bundle) is worth carrying."""
    parts = Path(dest).as_posix().split("/")
    if parts[-1] in DROPPED_FILES:
        return False
    if parts[0] == "PySide6":
        if "translations" in parts:
            return parts[-1] in {f"qtbase_{lang}.qm" for lang in QT_LANGUAGES}
        if "plugins" in parts and _unwanted_plugin(parts[parts.index("plugins") + 1 :]):
            return False
        # Qt's libraries are never dropped by name: a kept one may link an "excluded" one (on Linux
        # QtGui links QtDBus). Excluding the Python modules keeps the unneeded ones out.
        return "qml" not in parts
    if parts[:2] == ["babel", "locale-data"]:
        return parts[-1].split(".")[0].split("_")[0] in BABEL_LOCALES
    return True


def limit_qt_plugins() -> None:
    """Keep unwanted Qt plugins out of the analysis itself, not only out of the folder: filtered
    afterwards, the libraries they link (QtNetwork, EGLFS, …) would already have been collected.
    PyInstaller's Qt hooks run in this process and collect plugins through this one method."""
    from PyInstaller.utils.hooks.qt import pyside6_library_info

    collect = pyside6_library_info.collect_plugins

    def collect_wanted(plugin_type):
        return [
            (src, dest)
            for src, dest in collect(plugin_type)
            if not _unwanted_plugin([plugin_type, Path(src).name])
        ]

    pyside6_library_info.collect_plugins = collect_wanted


def main() -> int:
    started = time.monotonic()
    code = subprocess.call(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "pyinstaller.spec"], cwd=ROOT
    )
    print(f"Build took {time.monotonic() - started:.0f} s; the bundle is dist/{GUI_NAME}/")
    return code


if __name__ == "__main__":
    sys.exit(main())

"""The bundle's recipe (tools/build_bundle.py) and the smoke test's rules, without building anything.

Building takes a minute and needs PyInstaller; CI does that after the tests (.ci/run). These tests
check the decisions the spec relies on: one version, the catalogs, what is carried and left out.
"""

import ast
import gettext
import importlib.util
import re
import struct
import tomllib
from pathlib import Path

import pytest

import app
from app.cli import build_parser, main
from app.commands import COMMANDS
from app.i18n import LANGUAGES, translate_in

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bb = _load("build_bundle")
smoke = _load("bundle_smoke")


# One version, in app/__init__.py


def test_pyproject_reads_the_version_from_app():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}


def test_cli_version_is_app_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == app.__version__


def test_the_version_resource_is_generated_from_app_version():
    assert bb.app_version() == app.__version__
    text = bb.version_file_text()
    numbers = bb.version_numbers(app.__version__)
    assert f"filevers={numbers!r}" in text and f"prodvers={numbers!r}" in text
    assert f"StringStruct('FileVersion', {app.__version__!r})" in text
    assert f"StringStruct('ProductVersion', {app.__version__!r})" in text
    assert f"StringStruct('CompanyName', {app.ORG_NAME!r})" in text
    # The spec passes the generated file, not a hand-written one.
    assert "bb.write_version_file()" in (ROOT / "pyinstaller.spec").read_text(encoding="utf-8")


def test_no_other_file_spells_out_the_version():
    literal = re.compile(rf"""["']{re.escape(app.__version__)}["']""")
    skip = {".venv", "build", "dist", ".git", "__pycache__"}
    offenders = [
        path.relative_to(ROOT).as_posix()
        for pattern in ("*.py", "*.toml", "*.spec", "*.cfg", "*.ini")
        for path in ROOT.rglob(pattern)
        if not skip.intersection(path.relative_to(ROOT).parts)
        and path != ROOT / "app" / "__init__.py"
        and literal.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == [], "read app.__version__ instead"


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("12.0.1", (12, 0, 1, 0)),
        ("2", (2, 0, 0, 0)),
        ("1.10.3rc1", (1, 10, 3, 0)),
        ("1.2.dev4", (1, 2, 0, 0)),
        ("1.2.3.4.5", (1, 2, 3, 4)),
    ],
)
def test_version_numbers(version, numbers):
    assert bb.version_numbers(version) == numbers


def test_version_file_is_a_vsversioninfo_expression():
    # PyInstaller evaluates the file with its versioninfo classes in scope; stand-ins record the call.
    def recorder(name):
        return lambda *a, **k: (name, a, k)

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct")
    scope = {name: recorder(name) for name in names}
    scope |= {"VarFileInfo": lambda *a: ("VarFileInfo", a), "VarStruct": lambda *a: ("VarStruct", a)}
    info = eval(bb.version_file_text("3.4.5"), {"__builtins__": {}}, scope)
    assert info[0] == "VSVersionInfo"
    fixed = info[2]["ffi"]
    assert fixed[0] == "FixedFileInfo" and fixed[2]["filevers"] == (3, 4, 5, 0)
    table = info[2]["kids"][0][1][0][0]
    strings = {entry[1][0]: entry[1][1] for entry in table[1][1]}
    assert strings["FileVersion"] == "3.4.5" and strings["OriginalFilename"] == "SecretariatDesk.exe"


# What the bundle carries


def test_compiled_catalogs_translate_like_the_program(tmp_path):
    datas = bb.compile_catalogs(tmp_path)
    assert sorted(dest for _src, dest in datas) == sorted(f"locales/{lang}/LC_MESSAGES" for lang in LANGUAGES)
    for src, dest in datas:
        lang = dest.split("/")[1]
        with open(src, "rb") as f:
            catalog = gettext.GNUTranslations(f)
        message = "Integrity: {result}"
        assert catalog.gettext(message) == translate_in(lang, message) != message


def test_data_files_put_everything_where_app_paths_looks(tmp_path, monkeypatch):
    monkeypatch.setattr(bb, "STAGING", tmp_path)  # the compiled catalogs go here, not into build/
    datas = bb.data_files()
    compiled = {dest for src, dest in datas if Path(src).is_relative_to(tmp_path)}
    assert compiled == {f"locales/{lang}/LC_MESSAGES" for lang in LANGUAGES}
    sources = {
        (Path(src).relative_to(ROOT).as_posix(), dest)
        for src, dest in datas
        if Path(src).is_relative_to(ROOT)
    }
    assert ("migrations/env.py", "migrations") in sources
    for version in (ROOT / "migrations" / "versions").glob("*.py"):
        assert (f"migrations/versions/{version.name}", "migrations/versions") in sources
    assert ("app/resources/icon.ico", "app/resources") in sources
    for lang in LANGUAGES:  # the user guide, read offline, with its pictures
        for name in ("index.html", "exchange.png", "conflicts.png", "printing.png", "backups.png"):
            assert (f"app/resources/guide/{lang}/{name}", f"app/resources/guide/{lang}") in sources
    assert not [s for s, _ in sources if s.endswith((".po", ".pot", ".pyc", ".mako")) or "__pycache__" in s]


def test_migration_imports_are_found():
    names = bb.migration_imports()
    assert {"alembic", "alembic.op", "sqlalchemy", "app.models"} <= set(names)


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_ru.qm", True),
        ("PySide6/translations/qtbase_kk.qm", True),  # the Windows wheel's layout
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_ru.qm", False),  # needs qtmultimedia_ru, which is not there
        ("PySide6/Qt/translations/qtdeclarative_ru.qm", False),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/platforms/qoffscreen.dll", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/plugins/sqldrivers/qsqlite.dll", False),
        ("PySide6/plugins/generic/qtuiotouchplugin.dll", False),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/plugins/printsupport/windowsprintersupport.dll", True),
        ("PySide6/Qt/lib/libQt6DBus.so.6", True),  # QtGui links it on Linux
        ("PySide6/Qt/qml/QtQuick/qmldir", False),
        ("PySide6/opengl32sw.dll", False),
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/uz_Latn_UZ.dat", True),
        ("babel/locale-data/kk_KZ.dat", True),
        ("babel/locale-data/de_DE.dat", False),
        ("babel/global.dat", True),
        ("tzdata/zoneinfo/Asia/Tashkent", True),
        ("locales/uz/LC_MESSAGES/messages.mo", True),
    ],
)
def test_keep_in_bundle(dest, kept):
    assert bb.keep_in_bundle(dest) is kept


def test_babel_data_for_every_locale_the_program_formats_in():
    from app.services.formatting import BABEL_LOCALES

    for code in BABEL_LOCALES.values():
        parts = code.split("_")
        for n in range(1, len(parts) + 1):
            assert bb.keep_in_bundle(f"babel/locale-data/{'_'.join(parts[:n])}.dat"), code


def test_a_qt_module_the_program_imports_is_never_excluded(tmp_path):
    script = tmp_path / "preview.py"
    script.write_text("from PySide6 import QtCore, QtPdf\nfrom PySide6.QtSql import QSqlDatabase\n")
    used = bb.qt_modules_used([script])
    assert used == {"QtCore", "QtPdf", "QtSql"}
    excluded = bb.excludes(used)
    assert "PySide6.QtPdf" not in excluded and "PySide6.QtSql" not in excluded
    assert "PySide6.QtWebEngineCore" in excluded and "PySide6.QtQml" in excluded
    assert {f"PySide6.{name}" for name in bb.qt_modules_used()}.isdisjoint(bb.excludes())


def test_the_gui_modules_are_carried_even_before_app_ui_exists():
    assert {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtPrintSupport"} <= set(
        bb.HIDDEN_MODULES
    )
    assert "app" in bb.HIDDEN_PACKAGES  # the sub-commands are imported by name


def test_no_multiprocessing_without_freeze_support():
    # A frozen program that starts processes must call multiprocessing.freeze_support() first.
    users = []
    for script in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(alias.name for alias in node.names)]
            if any(n.startswith("multiprocessing") or n == "ProcessPoolExecutor" for n in names):
                users.append(script.name)
    assert not users or "freeze_support()" in (ROOT / "main.py").read_text(encoding="utf-8"), users


def test_icon_files():
    ico = (ROOT / "app" / "resources" / "icon.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind) == (0, 1)
    edges = {struct.unpack_from("<B", ico, 6 + 16 * i)[0] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= edges
    png = (ROOT / "app" / "resources" / "icon.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (256, 256)
    assert len(ico) + len(png) < 100_000


# The smoke test's rule for which commands to run


def test_smoke_reads_the_commands_from_the_real_help():
    from app.i18n import set_language

    for lang in LANGUAGES:
        set_language(lang)
        assert smoke.listed_commands(build_parser().format_help()) == list(COMMANDS)


def test_smoke_knows_a_scenario_for_every_command_it_names():
    assert set(smoke.KNOWN_COMMANDS) == set(smoke.SCENARIOS)
    assert smoke.listed_commands("usage: x [--lang {ru,uz,kk}]") == []

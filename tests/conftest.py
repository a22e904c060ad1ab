import os

# Qt renders without a screen in tests; set before anything imports Qt. The screen is the one most
# ministry laptops have, 1366×768 less the 40 px Windows taskbar: Qt's offscreen platform has no
# taskbar, so its whole screen stands for the available area (laptop_screen.json).
os.environ["QT_QPA_PLATFORM"] = (
    "offscreen:configfile=" + os.path.join(os.path.dirname(os.path.abspath(__file__)), "laptop_screen.json")
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen"
    else os.environ["QT_QPA_PLATFORM"]
)
os.environ.setdefault("SECRETARIAT_NO_USER_SETTINGS", "1")

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.i18n import set_language
from tests import pg

# Demo data is built relative to "today"; tests pin it so that overdue/due-soon are stable.
TODAY = date(2026, 11, 24)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "backends: run on a SQLite file and on a PostgreSQL server (SECRETARIAT_TEST_PG; skipped without it)",
    )


def pytest_generate_tests(metafunc):
    """A test marked `backends` whose fixtures open a database runs once per kind of database."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("backends"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """ "sqlite" (every test), or "postgresql" (tests marked `backends`). The PostgreSQL runs are
    skipped only when SECRETARIAT_TEST_PG names no server."""
    name = getattr(request, "param", "sqlite")
    if name == "postgresql" and not pg.server_url():
        pytest.skip(f"no PostgreSQL server: set {pg.ENV}=postgresql://user@host/dbname")
    return name


@pytest.fixture(autouse=True, scope="session")
def _data_folder(tmp_path_factory):
    """The backups of server databases go to the data folder: a temporary one, not the profile's."""
    os.environ["SECRETARIAT_DATA_DIR"] = str(tmp_path_factory.mktemp("data-folder"))


@pytest.fixture(autouse=True)
def _russian():
    set_language("ru")
    yield
    set_language("ru")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder like a Windows profile path: Cyrillic letters and spaces."""
    folder = tmp_path / "Пользователь Секретариат" / "Данные папка"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from app.services.database import Database
    from app.services.demo import build_demo

    path = tmp_path_factory.mktemp("демо") / "demo.sqlite"
    with Database(path) as db, db.transaction() as session:
        build_demo(session, today=TODAY)
    return path


@pytest.fixture
def demo_path(demo_template: Path, workdir: Path) -> Path:
    """A fresh copy of the demo database for one test."""
    from app.services.database.backup import copy_database

    target = workdir / "демо база.sqlite"
    copy_database(demo_template, target)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=WAL")  # as the program keeps its databases
    conn.close()
    return target


@pytest.fixture(scope="session")
def pg_demo_template():
    """A server database with the demo data, the template of each test's own (PostgreSQL runs)."""
    if not pg.server_url():
        pytest.skip(f"no PostgreSQL server: set {pg.ENV}=postgresql://user@host/dbname")
    from app.services.database import Database
    from app.services.demo import build_demo

    name = pg.create_database(prefix="demo")
    with Database(pg.url_of(name)) as db, db.transaction() as session:
        build_demo(session, today=TODAY)
    yield name
    pg.drop_database(name)


@pytest.fixture(scope="session")
def pg_empty_template():
    """A server database with the schema and nothing else (the migrations run once, not per test)."""
    if not pg.server_url():
        pytest.skip(f"no PostgreSQL server: set {pg.ENV}=postgresql://user@host/dbname")
    from app.services.database import Database

    name = pg.create_database(prefix="empty")
    Database(pg.url_of(name)).close()
    yield name
    pg.drop_database(name)


@pytest.fixture
def server_db_url(request):
    """`make(template=None)`: the URL of a new database on the test server, dropped after the test."""
    made = []

    def make(template: str | None = None) -> str:
        if not pg.server_url():
            pytest.skip(f"no PostgreSQL server: set {pg.ENV}=postgresql://user@host/dbname")
        made.append(pg.create_database(template))
        return pg.url_of(made[-1])

    yield make
    for name in made:
        pg.drop_database(name)


@pytest.fixture
def demo_location(backend, request, server_db_url):
    """Where a fresh copy of the demo database is: a file, or a server's URL."""
    if backend == "postgresql":
        return server_db_url(request.getfixturevalue("pg_demo_template"))
    return request.getfixturevalue("demo_path")


@pytest.fixture
def empty_location(backend, request, server_db_url):
    if backend == "postgresql":
        return pg.new_identity(server_db_url(request.getfixturevalue("pg_empty_template")))
    return request.getfixturevalue("workdir") / "пустая.sqlite"


@pytest.fixture
def demo_db(demo_location):
    from app.services.database import Database

    db = Database(demo_location)
    yield db
    db.close()


@pytest.fixture
def empty_db(empty_location):
    from app.services.database import Database

    db = Database(empty_location)
    yield db
    db.close()


def file_bytes(path: Path) -> bytes:
    return Path(path).read_bytes()


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


@pytest.fixture
def pair_dbs(demo_location, backend, workdir, server_db_url, request):
    """The UZ copy with the demo data and an empty KZ copy of the other side."""
    from app.services.database import Database
    from app.services.settings import SIDE, set_setting

    uz = Database(demo_location)
    if backend == "postgresql":
        kz = Database(pg.new_identity(server_db_url(request.getfixturevalue("pg_empty_template"))))
    else:
        kz = Database(workdir / "kz копия.sqlite")
    with kz.transaction() as s:
        set_setting(s, SIDE, "KZ")
    yield uz, kz
    uz.close()
    kz.close()

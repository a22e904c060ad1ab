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

# Demo data is built relative to "today"; tests pin it so that overdue/due-soon are stable.
TODAY = date(2026, 11, 24)


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
    from app.services.backup import copy_database

    target = workdir / "демо база.sqlite"
    copy_database(demo_template, target)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=WAL")  # as the program keeps its databases
    conn.close()
    return target


@pytest.fixture
def demo_db(demo_path: Path):
    from app.services.database import Database

    db = Database(demo_path)
    yield db
    db.close()


@pytest.fixture
def empty_db(workdir: Path):
    from app.services.database import Database

    db = Database(workdir / "пустая.sqlite")
    yield db
    db.close()


def file_bytes(path: Path) -> bytes:
    return Path(path).read_bytes()


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


@pytest.fixture
def pair_dbs(demo_path, workdir):
    """The UZ copy with the demo data and an empty KZ copy of the other side."""
    from app.services.database import Database
    from app.services.settings import SIDE, set_setting

    uz = Database(demo_path)
    kz = Database(workdir / "kz копия.sqlite")
    with kz.transaction() as s:
        set_setting(s, SIDE, "KZ")
    yield uz, kz
    uz.close()
    kz.close()

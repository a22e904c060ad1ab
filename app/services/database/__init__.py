"""The database: one open database (opened.py) on a SQLite file (sqlite.py) or a PostgreSQL
server (server.py), its schema and migrations (schema.py), backups, the one-writer lock, where it
lives, copies between a laptop and a server, and the versions that keep two people apart."""

from .opened import Database

__all__ = ["Database"]

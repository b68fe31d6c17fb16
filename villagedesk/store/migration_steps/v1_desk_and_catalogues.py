"""Schema v1: the desk (one office), its settings, the catalogues and their items, the import history.

Frozen once released, as every step of this folder: a later change is a new step, never an
edit here.
"""

from __future__ import annotations

import sqlite_utils


def upgrade(db: sqlite_utils.Database) -> None:
    # one statement at a time: executescript would COMMIT the migration's transaction
    for sql in (
        """CREATE TABLE desk (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            desk_id TEXT NOT NULL,
            region_code TEXT NOT NULL,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            level TEXT NOT NULL,
            jurisdiction TEXT NOT NULL,
            organisations TEXT NOT NULL DEFAULT '[]',
            demo INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL)""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE catalogues (
            id INTEGER PRIMARY KEY,
            jurisdiction_code TEXT NOT NULL UNIQUE,
            jurisdiction_name TEXT NOT NULL,
            title TEXT NOT NULL,
            version TEXT NOT NULL,
            published TEXT NOT NULL DEFAULT '',
            publisher TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            digest TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL)""",
        """CREATE TABLE catalogue_items (
            id INTEGER PRIMARY KEY,
            catalogue_id INTEGER NOT NULL REFERENCES catalogues(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            code TEXT NOT NULL,
            list_key TEXT NOT NULL,
            title TEXT NOT NULL,
            basis TEXT NOT NULL,
            clause TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL,
            fields TEXT NOT NULL DEFAULT '{}',
            keywords TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            UNIQUE (catalogue_id, code))""",
        "CREATE INDEX catalogue_items_code ON catalogue_items(code)",
        "CREATE INDEX catalogue_items_list ON catalogue_items(active, list_key, position)",
        """CREATE TABLE catalogue_history (
            id INTEGER PRIMARY KEY,
            jurisdiction_code TEXT NOT NULL,
            version TEXT NOT NULL,
            digest TEXT NOT NULL,
            item_count INTEGER NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL)""",
    ):
        db.execute(sql)

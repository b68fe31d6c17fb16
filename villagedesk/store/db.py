"""Open a desk database with the settings that keep it safe, and run its migrations.

WAL so the window can read while a write is under way; foreign keys on; a busy timeout
so a second process waits instead of failing; FULL sync because an office's records must
survive a power cut. Transactions are explicit: `write()` takes the write lock first
(BEGIN IMMEDIATE), so two processes never interleave a read-then-write.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.store.private import create_private, private_dir, private_file

DB_FILENAME = "desk.sqlite3"
BUSY_TIMEOUT_MS = 15_000


def connect(path: Path | str, *, migrate: bool = True) -> sqlite_utils.Database:
    path = Path(path)
    if str(path) != ":memory:":
        _make_private(path)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        raise UserError(f"无法打开数据文件：{exc}", where=str(path)) from None
    if str(mode).lower() != "wal" and str(path) != ":memory:":
        conn.close()
        raise UserError("数据文件所在位置不支持 WAL 日志模式（只读或网络盘？）", where=str(path))
    db = sqlite_utils.Database(conn)
    if migrate:
        from villagedesk.store.migrations import migrate as run_migrations

        run_migrations(db)
    return db


@contextmanager
def write(db: sqlite_utils.Database):
    """One all-or-nothing write that holds the write lock from its first statement."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _make_private(path: Path) -> None:
    """The data folder 0700; the database and its -wal/-shm 0600 (SQLite gives new -wal and
    -shm files the database file's mode, so creating that one 0600 first is enough)."""
    if not path.parent.exists():
        return  # sqlite3 reports the missing folder in Chinese below
    try:
        private_dir(path.parent)
        if not path.exists():
            os.close(create_private(path))
    except FileExistsError:
        pass  # another process made it a moment ago
    except OSError:
        return  # read-only folder: opening reports it
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        private_file(name)


def backup(db: sqlite_utils.Database, folder: Path, label: str, keep: int = 5) -> Path:
    """A consistent copy of the open database (SQLite's online backup), taken before a risky
    step; only the newest `keep` copies with this label are kept. Private like the database
    (0600 in a 0700 folder); since schema v6 it holds no private key."""
    private_dir(folder)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"desk-{label}-{stamp}.sqlite3"
    os.close(create_private(target))
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    for old in sorted(folder.glob(f"desk-{label}-*.sqlite3"))[:-keep]:
        old.unlink()
    return target


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]

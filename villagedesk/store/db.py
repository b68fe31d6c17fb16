"""Open a desk database with the settings that keep it safe, and run its migrations.

WAL so the window can read while a write is under way; foreign keys on; a busy timeout
so a second process waits instead of failing; FULL sync because an office's records must
survive a power cut. Transactions are explicit: `write()` takes the write lock first
(BEGIN IMMEDIATE), so two processes never interleave a read-then-write.

The busy wait is short (5 s): a lock held longer is another window or a backup program,
and the clerk is better told so (core/errors.system_error) than kept waiting. A data
folder or database file that cannot be written (a CD, a read-only share, a copy on a
locked USB stick) is opened read-only, so looking up and verifying still work; any write
then fails with "数据文件夹只读…" and changes nothing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.files import create_private, private_dir, private_file
from villagedesk.store.transaction import schema_version, write  # noqa: F401  (db.write: what the stores import)

DB_FILENAME = "desk.sqlite3"
BUSY_TIMEOUT_MS = 5_000
# "1" opens every desk database read-only, as if its folder could not be written: tests run
# as root, whom no file mode stops, and an auditor may want to look without any risk
READ_ONLY_ENV = "VILLAGEDESK_READ_ONLY"


def read_only_reason(path: Path) -> str | None:
    """Why an existing database must be opened read-only ("file", "folder", "forced"), or None."""
    if os.environ.get(READ_ONLY_ENV) == "1":
        return "forced"
    if str(path) == ":memory:" or not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return "file"
    if not os.access(path.parent, os.W_OK):
        return "folder"  # SQLite must create the -wal and -shm files beside the database
    return None


def is_read_only(db: sqlite_utils.Database) -> bool:
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def connect(path: Path | str, *, migrate: bool = True, check=None, read_only: bool = False) -> sqlite_utils.Database:
    """`check(db)`, when given, runs before any migration writes (the start-up check of
    services/backup.py); whatever it raises closes the connection and reaches the caller.
    `read_only`: opened as if its folder could not be written (see `read_only_reason`)."""
    path = Path(path)
    if read_only or read_only_reason(path):
        return _connect_read_only(path, migrate=migrate, check=check)
    if str(path) != ":memory:":
        _make_private(path)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        from villagedesk.core.errors import system_error

        raise _full_disk(path) or system_error(exc) or UserError(f"无法打开数据文件：{exc}", where=str(path)) from None
    if str(mode).lower() != "wal" and str(path) != ":memory:":
        conn.close()
        raise UserError("数据文件所在位置不支持 WAL 日志模式（只读或网络盘？）", where=str(path))
    db = sqlite_utils.Database(conn)
    _check(db, check)
    if migrate:
        from villagedesk.store.migrations import migrate as run_migrations

        run_migrations(db)
    return db


def _check(db: sqlite_utils.Database, check) -> None:
    if check is None:
        return
    try:
        check(db)
    except BaseException:
        db.conn.close()
        raise


def _full_disk(path: Path) -> UserError | None:
    """SQLite says only "disk I/O error" when it cannot even create its -shm file on a full disk."""
    import shutil

    from villagedesk.core.errors import DISK_FULL, SystemFault

    try:
        return SystemFault(DISK_FULL, where=str(path)) if shutil.disk_usage(path.parent).free < 256 * 1024 else None
    except OSError:
        return None


def _connect_read_only(path: Path, *, migrate: bool, check=None) -> sqlite_utils.Database:
    """The database opened for reading only (SQLite URI mode=ro). In WAL mode a reader
    needs the -shm file; when the folder cannot hold one, the file is read as immutable,
    which is only safe when no -wal file holds changes not yet merged into it."""
    wal = path.with_name(path.name + "-wal")
    conn = None
    for query in ("mode=ro", "mode=ro&immutable=1"):
        if "immutable" in query and wal.exists() and wal.stat().st_size > 0:
            raise UserError("数据文件夹只读，而且其中的日志文件（desk.sqlite3-wal）还有未合并的记录，无法安全读取："
                            "请把整个数据文件夹复制到可以写入的位置后再打开", where=str(path))
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            break
        except sqlite3.OperationalError:
            if conn is not None:
                conn.close()
                conn = None
        except sqlite3.DatabaseError as exc:
            raise UserError(f"无法打开数据文件：{exc}", where=str(path)) from None
    if conn is None:
        raise UserError("数据文件夹只读，无法打开数据文件", where=str(path))
    db = sqlite_utils.Database(conn)
    _check(db, check)
    if migrate:
        from villagedesk.store.migration_steps import LATEST
        from villagedesk.store.migrations import migrate as run_migrations

        if 0 < schema_version(db) < LATEST:
            conn.close()
            raise UserError("数据文件需要升级到新版本，但数据文件夹只读：请把数据文件夹复制到可以写入的位置后再打开",
                            where=str(path))
        run_migrations(db)  # writes nothing at the latest version; refuses a newer data file
    return db


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
    """A checked copy of the open database (store/backup.take: online backup, temp name then
    rename, 0600); kept for callers of the earlier helper. Thinning is store/backup.thin's."""
    from villagedesk.store.backup import take

    return Path(take(db.conn, folder, label)["file"])

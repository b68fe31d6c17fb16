"""An open desk: its data folder and database, opened on first use. The CLI and the window
open one through services/desk_session.open_session (which also sets up a demo desk).

Opening it also removes what a crashed process left in the private temp folder (a
certificate drawn inside a transaction that never committed must not outlive it, issue #9
item 5); files of a process still running are kept (villagedesk.files.clear_leftovers).
Before that, the start-up check (services/startup_check.py) refuses a database that is damaged,
truncated, behind its last backup or from a newer program: it is never written to."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.store import desk_seat, desk_store
from villagedesk.store.db import DB_FILENAME, connect, write
from villagedesk.store.location import resolve_data_dir

__all__ = ["Session", "needs_upgrade", "resolve_data_dir"]  # the CLI and the window find the data folder through here


class Session:
    def __init__(self, data_dir: Path | str, *, read_only: bool = False):
        self.data_dir = Path(data_dir)
        self.read_only = read_only
        self._db = None
        self._desk_seen: tuple | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def db(self):
        if self._db is None:
            if self.read_only and not self.exists():
                raise UserError("数据文件不存在（只读打开时不会新建）", where=str(self.db_path))
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(f"无法创建数据文件夹：{exc.strerror}", where=str(self.data_dir)) from None
            from villagedesk.services import startup_check as backup

            # issue #13: a damaged, truncated or newer database is refused before anything writes
            backup.precheck_file(self.data_dir)
            self._db = connect(self.db_path, check=lambda db: backup.startup_check(self.data_dir, db),
                               read_only=self.read_only)
            if not self.read_only:
                from villagedesk.files import clear_leftovers

                clear_leftovers(self.data_dir)
                _seat(self._db)
        return self._db

    def exists(self) -> bool:
        return self.db_path.exists()

    def desk(self):
        """The desk row (a copy: callers may change it before saving), read again only when a
        commit changed the file: PRAGMA data_version counts other connections' commits,
        total_changes this connection's own (one issue asks for the desk four times)."""
        if self._db is None and not self.exists():
            return None
        db = self.db
        stamp = (db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes)
        if self._desk_seen is None or self._desk_seen[0] != stamp:
            self._desk_seen = (stamp, desk_store.get(db))
        found = self._desk_seen[1]
        return None if found is None else replace(found, organisations=[dict(o) for o in found.organisations])

    def require_desk(self):
        desk = self.desk()
        if desk is None:
            raise UserError("本机还没有设置办公室信息：请先运行 villagedesk init（或 villagedesk init --demo 使用演示数据）")
        return desk

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None
        self._desk_seen = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _seat(db) -> None:
    """A desk first opened on this PC (or from before schema v10) is seated here; a copy
    opened on another PC is not, and store/desk_seat.py stops it signing."""
    if desk_seat.state(db) == "free":
        with write(db):
            desk_seat.claim_if_free(db)


def needs_upgrade(data_dir: Path | str) -> bool:
    """Whether opening this desk will first upgrade its data file to this program's schema (a
    million entries take about half a minute once): the window then opens it off the UI thread
    with a note on screen. Read from the file's header, without opening it."""
    from villagedesk.store.backup import header_version
    from villagedesk.store.migrations import LATEST

    path = Path(data_dir) / DB_FILENAME
    return path.exists() and 0 < header_version(path) < LATEST

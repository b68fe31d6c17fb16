"""The start-up check: before anything writes to a desk's database, refuse one that is not a
database, truncated, from a newer program, damaged, or behind its last backup (issue #13).

Its own module because opening a Session runs it (services/session.py) and the backup
service works on an open Session: the check needs no Session, so no import runs back up.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.store import backup as store
from villagedesk.store.db import DB_FILENAME


def backup_folder(data_dir: Path) -> Path:
    return Path(data_dir) / store.BACKUP_DIR


def _parse_time(text) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


# files this process has quick_checked already: the window's background work opens a Session
# per task, and the head checks (milliseconds) are enough for those
_QUICK_CHECKED: set[tuple] = set()


def startup_check(data_dir: Path, db) -> None:
    """Raise a UserError (exit code 2) for a database that must not be written to."""
    path = Path(data_dir) / DB_FILENAME
    conn = db.conn
    try:
        problem = None
        st = path.stat()
        key = (str(path.resolve()), st.st_dev, st.st_ino)  # a restored or replaced file is checked again
        if key not in _QUICK_CHECKED and path.stat().st_size <= store.START_CHECK_MAX:
            problem = store.quick_check(conn)
            if problem is None:
                _QUICK_CHECKED.add(key)
        problem = problem or store.head_problem(conn)
        head = store.ledger_head(conn)
        recorded = store.read_manifest(data_dir).get("head") or {}
        if problem is None and recorded.get("entries"):
            if head["entries"] < recorded["entries"]:
                problem = (f"台账比上次备份时还少：上次备份时有 {recorded['entries']} 条，现在只有 {head['entries']} 条，"
                           "有记录丢失（可能是数据文件被旧的副本替换，或磁盘出错）")
            else:
                row = conn.execute("SELECT entry_hash FROM ledger_entries WHERE id = ?", [recorded["entries"]]).fetchone()
                if not row or row[0] != recorded.get("entry_hash"):
                    problem = ("台账与上次备份时记录的不一致（第 {n} 条不同）：数据文件可能被别的文件替换"
                               "（如从另一台电脑或另一个单位复制来的）").format(n=recorded["entries"])
    except sqlite3.DatabaseError as exc:
        from villagedesk.core.errors import system_error

        fault = system_error(exc)
        if fault is not None:
            raise fault from None
        problem = f"数据文件已损坏（{exc}）"
    if problem is not None:
        error = damaged(data_dir, problem, current_entries=_entries_or_none(conn))
        if "上次备份" in problem:  # the manifest's head: a fresh start on purpose is possible too
            error.message += (f"如果确实要换用这个数据文件（例如有意从头开始），请先把备份文件夹 {backup_folder(data_dir)} "
                              "改名或移到别处保存，再打开。")
        raise error


def precheck_file(data_dir: Path) -> None:
    """Before SQLite opens the file at all: not a database, truncated, or a newer version."""
    from villagedesk.store.migrations import LATEST

    path = Path(data_dir) / DB_FILENAME
    if not path.exists():
        return
    problem = store.header_problem(path)
    if problem is not None:
        raise damaged(data_dir, f"数据文件{problem}")
    try:  # the schema itself readable (a scribbled sqlite_master fails here, before any write)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)  # locked: connect says so
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError:
        pass  # locked, or a read-only folder without its -shm: store/db.connect says which
    except sqlite3.DatabaseError as exc:
        raise damaged(data_dir, f"数据文件已损坏（{exc}）") from None
    version = store.header_version(path)
    if version > LATEST:
        raise UserError(f"数据文件来自更新版本的村务桌面（数据版本 {version}，本程序只认识到 {LATEST}）：请安装新版本的"
                        f"村务桌面（能打开数据版本 {version} 的版本）后再打开；数据文件没有改动", where=str(path))


def _entries_or_none(conn) -> int | None:
    try:
        return store.ledger_head(conn)["count"]
    except sqlite3.DatabaseError:
        return None


def newest_good(data_dir: Path, *, region_code: str | None = None) -> dict | None:
    """The newest backup that passes its check (of this office when `region_code` is given)."""
    for path in store.backups(backup_folder(data_dir)):
        info = store.inspect(path)
        if info["problem"] is None and (not region_code or info["region_code"] == region_code):
            return info
    return None


class DamagedDesk(UserError):
    """The refusal of a damaged database; `backup` is the newest good backup's info (or None),
    so the window can offer to restore it."""

    def __init__(self, message: str, *, where: str = "", data_dir: Path | None = None, backup: dict | None = None):
        super().__init__(message, where=where)
        self.data_dir = data_dir
        self.backup = backup


def damaged(data_dir: Path, problem: str, *, current_entries: int | None = None) -> UserError:
    """The refusal for a damaged database: what is wrong, the newest good backup, what a
    restore would lose, and how to restore (the same words in the window and the CLI)."""
    path = Path(data_dir) / DB_FILENAME
    good = newest_good(data_dir)
    lines = [f"数据文件有问题：{problem}。为保护记录，程序不会写入这个文件。"]
    if good is None:
        lines.append("备份文件夹中没有完好的备份。请不要删除或覆盖这个数据文件，把整个数据文件夹复制一份保存后联系技术人员；"
                     "如有 U 盘上的备份，可运行 villagedesk restore 备份文件 恢复。")
    else:
        lost = ""
        if current_entries is not None and current_entries > good["entries"]:
            lost = f"恢复后，备份之后登记的 {current_entries - good['entries']} 条台账记录将不在数据文件中（损坏的文件会先另存一份）。"
        elif current_entries is None:
            lost = f"备份之后（{_when(good['taken_at'])} 以后）登记的记录无法从损坏的文件中读出，恢复后需按纸质记录补登。"
        newest = f"，最新编号 {good['newest_number']}" if good.get("newest_number") else ""
        lines.append(f"最新的完好备份：{good['file']}（{_when(good['taken_at'])}，台账 {good['entries']} 条{newest}）。{lost}")
        lines.append(f"恢复办法：运行 villagedesk restore \"{good['file']}\"。")
    return DamagedDesk("".join(lines), where=str(path), data_dir=Path(data_dir), backup=good)


def _when(text) -> str:
    when = _parse_time(text)
    return when.strftime("%Y-%m-%d %H:%M") if when else "时间不详"

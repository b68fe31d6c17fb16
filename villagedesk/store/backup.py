"""Backups of the desk database, and the checks that tell a good file from a damaged one.

A backup is taken with SQLite's online backup API (a consistent copy while the desk stays
open), in steps of PAGES_PER_STEP pages so a progress callback can report and the caller's
thread never waits on one long call. It is written under a hidden temp name
(`.desk-….sqlite3.part`), switched to rollback-journal mode (one self-contained file, no
-wal beside it), checked, flushed to disk and only then renamed to `desk-<label>-<stamp>.sqlite3`:
a file with the final name is always complete and checked. Files are 0600 in a 0700 folder.

The check of a written copy: `PRAGMA integrity_check` for files up to FULL_CHECK_MAX bytes,
`PRAGMA quick_check` above (a 1,000,000-entry ledger would take too long for the full one),
plus the ledger's head: the copy's newest entry rehashed, linked to the entry before it, the
entry count equal to the newest id (ids are gap-free), and the same entry with the same hash
in the source. The whole chain with signatures is `villagedesk ledger verify`.

Since schema v6 the database holds no private key (it is in keys/, store/key_file.py): a
backup of the database alone cannot sign; restoring on another PC needs keys/ too, or a new
key and the old one's revocation (docs/user-guide-zh.md, 备份与恢复).

The manifest (`backups/backups.json`) records the ledger head of the last backup; the
start-up check (`check_open`) refuses a database whose ledger is behind it (entries missing).
"""

from __future__ import annotations

import json
import os
import sqlite3
import struct
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.files import create_private, private_dir, private_file

BACKUP_DIR = "backups"
MANIFEST = "backups.json"
PAGES_PER_STEP = 16_384  # 64 MB at 4 KB pages: a handful of steps for a 1,000,000-entry ledger
FULL_CHECK_MAX = 64 * 1024 * 1024  # integrity_check up to this size, quick_check above
START_CHECK_MAX = 64 * 1024 * 1024  # quick_check at start-up up to this size (~0.3 s); above it in the background
STAMP = "%Y%m%d-%H%M%S-%f"
KEEP_MIGRATION_COPIES = 5  # desk-before-vN-…: the copies before schema changes, newest kept
DEFAULT_POLICY = {"daily_days": 14, "weekly_weeks": 8, "monthly_months": 12}
SQLITE_MAGIC = b"SQLite format 3\x00"


# ---------------------------------------------------------------- the file itself


def header_problem(path: Path) -> str | None:
    """What the first 100 bytes say is wrong with a database file (None: looks whole).

    Cheap enough for every start: not an SQLite file at all, a size that is not whole pages,
    or shorter than the page count its header records (a truncated copy)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        return f"无法读取（{exc.strerror}）"
    if size == 0:
        return None  # a new, empty database
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        return "不是数据库文件（可能是别的文件被改成了这个名字，或文件已损坏）"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "文件头已损坏"
    counter, pages, valid_for = struct.unpack(">I", head[24:28])[0], struct.unpack(">I", head[28:32])[0], struct.unpack(">I", head[92:96])[0]
    if size % page_size:
        return "文件不完整（大小不是整页，可能复制时中断或磁盘出错）"
    if pages and counter == valid_for and size < pages * page_size:
        return f"文件不完整（应有 {pages} 页，只有 {size // page_size} 页，可能复制时中断或磁盘出错）"
    return None


def header_version(path: Path) -> int:
    """PRAGMA user_version as the header holds it (offset 60), without opening the file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return 0
    return struct.unpack(">I", head[60:64])[0] if len(head) >= 64 and head.startswith(SQLITE_MAGIC) else 0


def quick_check(conn: sqlite3.Connection, *, full: bool = False) -> str | None:
    """None when SQLite finds the file sound; else its first complaint."""
    rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
    return None if rows and rows[0][0] == "ok" else (rows[0][0] if rows else "检查没有结果")


# ---------------------------------------------------------------- the ledger head


def has_ledger(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_entries'").fetchone() is not None


def ledger_head(conn: sqlite3.Connection) -> dict:
    """{"entries", "entry_hash", "count"}: the newest entry's id (ids are gap-free, so the
    number of entries there should be) and hash, and the rows actually there."""
    if not has_ledger(conn):
        return {"entries": 0, "entry_hash": "", "count": 0}
    own = 1099511627775  # this desk's own chain: stream 0 of schema v8 (store/migration_steps/v8_many_offices.py)
    row = conn.execute("SELECT id, entry_hash FROM ledger_entries WHERE id <= ? ORDER BY id DESC LIMIT 1", [own]).fetchone()
    # counted through the smallest index; bounded to this desk's chain only when others are held
    # (a rowid range would read the whole table: 1.5 s cold on a million entries)
    others = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_streams'").fetchone() and \
        conn.execute("SELECT 1 FROM ledger_streams WHERE stream <> 0 LIMIT 1").fetchone()
    if others:
        count = conn.execute("SELECT count(*) FROM ledger_entries WHERE id <= ?", [own]).fetchone()[0]
    else:
        count = conn.execute("SELECT count(*) FROM ledger_entries").fetchone()[0]
    return {"entries": row[0] if row else 0, "entry_hash": row[1] if row else "", "count": count}


def head_problem(conn: sqlite3.Connection) -> str | None:
    """The newest entry rehashed and linked to the one before it; no entry missing below it."""
    from villagedesk.core.ledger import ENTRY_COLUMNS
    from villagedesk.core.ledger import hash_of_values as _hash_of_row
    from villagedesk.store.migration_steps import LATEST

    if not has_ledger(conn) or conn.execute("PRAGMA user_version").fetchone()[0] != LATEST:
        return None  # an older schema's rows hash by its own rules: checked after migrating

    head = ledger_head(conn)
    if head["count"] != head["entries"]:
        return f"台账缺少记录（最新为第 {head['entries']} 条，实际只有 {head['count']} 条）"
    if not head["entries"]:
        return None
    cols = ", ".join(ENTRY_COLUMNS)
    rows = conn.execute(f"SELECT {cols} FROM ledger_entries WHERE id >= ? ORDER BY id", [head["entries"] - 1]).fetchall()
    newest = dict(zip(ENTRY_COLUMNS, rows[-1]))
    if _hash_of_row(rows[-1]) != newest["entry_hash"]:
        return f"台账最新一条（第 {newest['id']} 条）的内容与哈希不符"
    if len(rows) == 2 and newest["prev_hash"] != dict(zip(ENTRY_COLUMNS, rows[0]))["entry_hash"]:
        return f"台账最新一条（第 {newest['id']} 条）与前一条接不上"
    return None


# ---------------------------------------------------------------- taking a backup


def stamp_now() -> str:
    return datetime.now().strftime(STAMP)


def taken_at(path: Path) -> datetime | None:
    """When a backup was taken, from its name (desk-<label>-YYYYmmdd-HHMMSS-ffffff.sqlite3)."""
    parts = path.stem.split("-")
    try:
        return datetime.strptime("-".join(parts[-3:]), STAMP)
    except ValueError:
        return None


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    try:
        fd = os.open(str(folder), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _folder_error(exc: OSError, folder: Path) -> UserError:
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        text = "备份文件夹所在磁盘空间已满，备份没有写成（原有数据和旧备份都没有改动）：请腾出空间或换一个文件夹后重试"
    elif exc.errno == errno.EROFS:
        text = "备份文件夹只读（光盘或写保护的 U 盘），备份没有写成：请换一个文件夹或打开 U 盘的写保护开关"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        text = "没有权限写入备份文件夹，备份没有写成：请换一个文件夹"
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        text = "备份位置不是文件夹，备份没有写成：请换一个文件夹"
    else:
        text = f"无法写入备份文件夹（{exc.strerror}），备份没有写成"
    return UserError(text, where=str(folder))


def take(conn: sqlite3.Connection, folder: Path, label: str, *,
         progress: Callable[[float], None] | None = None, own_folder: bool = True) -> dict:
    """A checked copy of the database `conn` has open, into `folder`; returns what it holds.

    `progress(fraction)` is called after each step (it may raise to stop: the temp file is
    removed and nothing else changes). Any failure leaves no file with a backup's name.
    A folder the clerk picked (`own_folder` False, a USB stick) is created 0700 when missing
    but an existing one keeps its mode; the backup file itself is 0600 either way."""
    folder = Path(folder)
    try:
        if own_folder or not folder.exists():
            private_dir(folder)
        if not folder.is_dir():
            raise NotADirectoryError(20, "not a folder")
    except OSError as exc:
        raise _folder_error(exc, folder) from None
    _clear_stale_parts(folder)
    final = folder / f"desk-{label}-{stamp_now()}.sqlite3"
    tmp = folder / f".{final.name}.part"
    dest = None
    try:
        os.close(create_private(tmp, exclusive=False))
        dest = sqlite3.connect(str(tmp), isolation_level=None)

        def step(status, remaining, total):
            if progress is not None and total:
                progress(0.9 * (total - remaining) / total)

        conn.backup(dest, pages=PAGES_PER_STEP, progress=step)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        full = tmp.stat().st_size <= FULL_CHECK_MAX
        problem = quick_check(dest, full=full)
        if problem is None:
            problem = head_problem(dest)
        head = ledger_head(dest)
        if problem is None and head["entries"]:
            same = conn.execute("SELECT entry_hash FROM ledger_entries WHERE id = ?", [head["entries"]]).fetchone()
            if not same or same[0] != head["entry_hash"]:
                problem = "副本的台账与数据文件不一致"
        desk = _desk_row(dest)
        version = dest.execute("PRAGMA user_version").fetchone()[0]
        dest.close()
        dest = None
        if problem is not None:
            raise UserError(f"备份写出后检查不通过（{problem}）：这份备份已丢弃，旧备份都保留着。"
                            "数据文件本身可能已损坏：请运行 villagedesk ledger verify 检查，并联系技术人员", where=str(folder))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        _fsync_dir(folder)
    except OSError as exc:
        raise _folder_error(exc, folder) from None
    except sqlite3.OperationalError as exc:
        from villagedesk.core.errors import system_error

        fault = system_error(exc)
        if fault is not None and "full" in str(exc).lower():
            raise _folder_error(OSError(28, "No space left on device"), folder) from None
        raise fault or UserError(f"备份没有写成：{exc}", where=str(folder)) from None
    except sqlite3.DatabaseError as exc:  # a page of the source unreadable while copying
        raise UserError(f"备份没有写成，检查不通过：数据文件已损坏（{exc}）。旧备份都保留着；"
                        "请关闭程序后重新打开，按提示用最新的完好备份恢复", where=str(folder)) from None
    finally:
        if dest is not None:
            dest.close()
        if tmp.exists():
            tmp.unlink()
    if progress is not None:
        progress(1.0)
    private_file(final)
    return {"file": str(final), "label": label, "taken_at": datetime.now().isoformat(timespec="seconds"),
            "entries": head["entries"], "entry_hash": head["entry_hash"], "schema": version,
            "check": "integrity_check" if full else "quick_check", "size": final.stat().st_size,
            "region_code": desk.get("region_code", ""), "office": desk.get("name", "")}


def _clear_stale_parts(folder: Path, older_than_s: float = 3600) -> None:
    """Temp files of a backup killed midway (power cut, SIGKILL): never a backup, removed
    once they are an hour old (a younger one may be another process's backup under way)."""
    import time

    for part in folder.glob(".desk-*.sqlite3.part"):
        try:
            if time.time() - part.stat().st_mtime > older_than_s:
                part.unlink()
        except OSError:
            pass


def _desk_row(conn: sqlite3.Connection) -> dict:
    try:
        row = conn.execute("SELECT region_code, name, desk_id FROM desk WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return {}
    return {"region_code": row[0], "name": row[1], "desk_id": row[2]} if row else {}


# ---------------------------------------------------------------- reading a backup


def open_read_only(path: Path) -> sqlite3.Connection:
    """A backup opened for reading without writing anything beside it (a USB stick may be
    read-only): `immutable`, safe because a finished backup is never changed."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)


def inspect(path: Path, *, check: bool = True) -> dict:
    """What a backup file holds: office, newest number, entry count, date, and whether it is
    sound ("problem" None). Never raises for a damaged file: the problem says what is wrong."""
    path = Path(path)
    out = {"file": str(path), "taken_at": None, "office": "", "region_code": "", "desk_id": "", "entries": 0,
           "entry_hash": "", "newest_number": None, "newest_date": None, "schema": 0, "problem": None}
    stamp = taken_at(path)
    try:
        out["taken_at"] = (stamp or datetime.fromtimestamp(path.stat().st_mtime)).isoformat(timespec="seconds")
    except OSError:
        pass
    problem = header_problem(path)
    if problem is None and path.stat().st_size == 0:
        problem = "文件是空的"
    if problem is not None:
        out["problem"] = problem
        return out
    try:
        conn = open_read_only(path)
        try:
            out["schema"] = conn.execute("PRAGMA user_version").fetchone()[0]
            if check:
                problem = quick_check(conn, full=path.stat().st_size <= FULL_CHECK_MAX) or head_problem(conn)
            desk = _desk_row(conn)
            out.update(office=desk.get("name", ""), region_code=desk.get("region_code", ""), desk_id=desk.get("desk_id", ""))
            if not desk:
                problem = problem or "文件中没有办公室信息，不是村务桌面的数据文件"
            head = ledger_head(conn)
            out.update(entries=head["entries"], entry_hash=head["entry_hash"])
            if has_ledger(conn):
                row = conn.execute("SELECT number, issued_on FROM ledger_entries WHERE number IS NOT NULL "
                                   "ORDER BY id DESC LIMIT 1").fetchone()
                if row:
                    out.update(newest_number=row[0], newest_date=row[1])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problem = problem or f"文件已损坏（{exc}）"
    out["problem"] = problem
    return out


def backups(folder: Path) -> list[Path]:
    """The finished backups in a folder, newest first (temp files never listed)."""
    try:
        found = [p for p in Path(folder).glob("desk-*.sqlite3") if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: (taken_at(p) or datetime.min, p.name), reverse=True)


# ---------------------------------------------------------------- thinning


def thin(folder: Path, policy: dict | None = None, *, now: datetime | None = None, migration_only: bool = False) -> list[Path]:
    """Remove older backups beyond the policy: every copy of the last two days, then the
    newest of each day for `daily_days`, of each week for `weekly_weeks`, of each month for
    `monthly_months`; older ones go. The copies made before a schema change are kept apart
    (the newest KEEP_MIGRATION_COPIES). Files whose name has no date are never touched.
    Returns the files removed."""
    policy = {**DEFAULT_POLICY, **(policy or {})}
    now = now or datetime.now()
    removed, seen = [], set()
    migration = [p for p in backups(folder) if p.name.startswith("desk-before-v")]
    doomed = migration[KEEP_MIGRATION_COPIES:]
    for path in backups(folder):
        if migration_only or path.name.startswith("desk-before-v"):
            continue
        when = taken_at(path)
        if when is None:
            continue
        age = now - when
        if age < timedelta(days=2):
            continue
        bucket: tuple | None  # a day, an ISO week or a month
        if age < timedelta(days=policy["daily_days"]):
            bucket = ("d", when.date())
        elif age < timedelta(weeks=policy["weekly_weeks"]):
            bucket = ("w", tuple(when.isocalendar())[:2])
        elif age < timedelta(days=31 * policy["monthly_months"]):
            bucket = ("m", when.year, when.month)
        else:
            bucket = None
        if bucket is not None and bucket not in seen:
            seen.add(bucket)  # newest first: the first of a bucket is the one kept
            continue
        doomed.append(path)
    for path in doomed:
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass  # a read-only stick: the copy stays, which loses nothing
    return removed


# ---------------------------------------------------------------- the manifest


def manifest_path(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIR / MANIFEST


def read_manifest(data_dir: Path) -> dict:
    """{} when there is none or it cannot be read (a damaged manifest never stops the desk)."""
    try:
        data = json.loads(manifest_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(data_dir: Path, data: dict) -> None:
    """Through a temp file and a rename (0600), like every file the desk relies on."""
    path = manifest_path(data_dir)
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.part")
    with os.fdopen(create_private(tmp, exclusive=False), "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)

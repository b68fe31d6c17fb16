"""Backups and restore of the desk, and the start-up check, for the CLI and the window alike.

Automatic copies: daily while the window is open (ui/main_window.py), before every catalogue
import (services/catalogue.py), before a restore and before a schema migration
(store/migrations.py); all through store/backup.take into `<data>/backups/`, thinned by the
policy in the setting `backup_policy` (daily for two weeks, weekly for two months, monthly
for a year by default). `backup_now(to=…)` also writes a copy to a folder the clerk picks
(a USB stick).

The start-up check (`startup_check`, run by Session before any migration writes) refuses a
database that is not one, is truncated or damaged, or whose ledger is behind the last
backup's recorded head (entries missing): such a file is never written to; the refusal
names the newest good backup and what a restore would lose. On a file over
START_CHECK_MAX the full `quick_check` is left to the background (the window runs it after
opening; every backup checks its own copy), so that opening stays under a second.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from villagedesk.core.errors import UserError
from villagedesk.store import backup as store
from villagedesk.store.db import DB_FILENAME
from villagedesk.services.startup_check import _parse_time, backup_folder
from villagedesk.services.startup_check import (  # re-exported: callers of the backup service name them here
    DamagedDesk as DamagedDesk,
    damaged as damaged,
    newest_good as newest_good,
    precheck_file as precheck_file,
    startup_check as startup_check,
)

if TYPE_CHECKING:  # the type only: session.py opens a desk through this module's checks
    from villagedesk.services.session import Session

POLICY_SETTING = "backup_policy"
STALE_DAYS = 7  # the status bar warns when the last backup is older
DAILY_HOURS = 24  # the window takes one when the last is older


def policy(session: Session) -> dict:
    from villagedesk.store import desk_store

    value = desk_store.get_setting(session.db, POLICY_SETTING, None) if session.exists() else None
    return {**store.DEFAULT_POLICY, **(value if isinstance(value, dict) else {})}


def parse_policy(text: str) -> dict:
    """"14,8,12" → days of daily, weeks of weekly, months of monthly copies."""
    parts = [p.strip() for p in str(text).replace("，", ",").split(",")]
    try:
        days, weeks, months = (int(p) for p in parts)
    except ValueError:
        raise UserError("保留策略应为三个整数，用逗号分隔：按天保留的天数,按周保留的周数,按月保留的月数，如 14,8,12") from None
    if not (2 <= days <= 366 and 0 <= weeks <= 104 and 0 <= months <= 120):
        raise UserError("保留策略超出范围：天数 2–366，周数 0–104，月数 0–120")
    return {"daily_days": days, "weekly_weeks": weeks, "monthly_months": months}


def set_policy(session: Session, text: str) -> dict:
    from villagedesk.store import desk_store

    value = parse_policy(text)
    desk_store.set_setting(session.db, POLICY_SETTING, value)
    return value


# ---------------------------------------------------------------- taking backups


def backup_now(session: Session, *, label: str = "manual", to: Path | None = None,
               progress: Callable[[str, float], None] | None = None) -> dict:
    """A checked copy into backups/ (and into `to` too when given); the manifest records its
    ledger head; older copies are thinned. `progress(stage, fraction)` as Operation gives it."""
    session.require_desk()
    folder = backup_folder(session.data_dir)

    def tell(stage):
        return (lambda f: progress(stage, f)) if progress else None

    info = store.take(session.db.conn, folder, label, progress=tell("正在备份"))
    record(session.data_dir, info)
    store.thin(folder, policy(session))
    if to is not None:
        extra = store.take(session.db.conn, Path(to).expanduser(), label, progress=tell("正在备份到所选文件夹"),
                           own_folder=False)
        store.thin(Path(to).expanduser(), policy(session))
        info["copy"] = extra["file"]
    return info


def before_change(session: Session, label: str) -> dict | None:
    """The automatic copy before an import (None on a desk not set up yet, or with an empty
    ledger: it holds only the office and catalogues, which setup recreates from their files;
    this keeps first-run setup from writing a copy per catalogue it installs)."""
    if not session.exists() or session.desk() is None or not store.ledger_head(session.db.conn)["count"]:
        return None
    return backup_now(session, label=label)


def record(data_dir: Path, info: dict) -> None:
    """The manifest: the last backup and the ledger head the start-up check compares with."""
    data = store.read_manifest(data_dir)
    data["last"] = {k: info[k] for k in ("file", "label", "taken_at", "entries", "entry_hash", "check",
                                         "region_code", "office")}
    data["head"] = {"entries": info["entries"], "entry_hash": info["entry_hash"], "at": info["taken_at"]}
    try:
        store.write_manifest(data_dir, data)
    except OSError:
        pass  # the backup itself is written and checked; the next one records again


def status(session: Session) -> dict:
    """Where backups are, when the last ran and whether it is overdue (for 设置 and the status bar)."""
    folder = backup_folder(session.data_dir)
    last = store.read_manifest(session.data_dir).get("last") or {}
    when = _parse_time(last.get("taken_at"))
    if when is None:  # no manifest (an older desk): the newest file's name says when
        newest = next(iter(store.backups(folder)), None)
        when = store.taken_at(newest) if newest else None
        if newest:
            last = {"file": str(newest), "taken_at": when.isoformat(timespec="seconds") if when else None}
    if last.get("file") and (folder / Path(last["file"]).name).exists():  # this folder's, even if it was moved
        last = {**last, "file": str(folder / Path(last["file"]).name)}
    age = (datetime.now() - when) if when else None
    if age is None:  # never backed up: stale once the desk is a week old (the daily copy comes first)
        desk = session.desk()
        created = _parse_time(desk.created_at) if desk else None
        created = created.replace(tzinfo=None) if created else None
        stale = created is None or datetime.now() - created > timedelta(days=STALE_DAYS)
    else:
        stale = age > timedelta(days=STALE_DAYS)
    return {"folder": str(folder), "last": last or None, "last_at": when.isoformat(timespec="seconds") if when else None,
            "age_hours": round(age.total_seconds() / 3600, 1) if age else None,
            "stale": stale,
            "due": age is None or age > timedelta(hours=DAILY_HOURS),
            "count": len(store.backups(folder)), "policy": policy(session)}


def needs_background_check(session: Session) -> bool:
    """Whether the file is too big for the start-up quick_check, so the window runs
    `background_check` once it is up (what ui/backup_runner.py asks, without the store)."""
    try:
        return session.db_path.stat().st_size > store.START_CHECK_MAX
    except OSError:
        return False


def background_check(session: Session) -> str | None:
    """The full quick_check the start-up check leaves out on a big file (None: sound)."""
    return store.quick_check(session.db.conn)


# ---------------------------------------------------------------- restore


def describe(path: Path) -> dict:
    """What a backup file holds (for the question before a restore)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise UserError("找不到这个备份文件" if not path.exists() else "这不是一个文件", where=str(path))
    return store.inspect(path)


def restore(data_dir: Path, path: Path, *, other_office: bool = False,
            confirm: Callable[[dict], bool] | None = None) -> dict:
    """Replace the desk's database with a checked backup, the current one backed up first.

    Refused: a damaged backup, one of another office (unless `other_office`), one from a
    newer program, and any restore while another window or program has the desk open.
    `confirm(info)` is asked last (False: cancelled, nothing changed)."""
    from villagedesk.core.errors import Cancelled
    from villagedesk.store.migrations import LATEST

    data_dir = Path(data_dir)
    info = describe(path)
    source = Path(info["file"])
    if info["problem"] is not None:
        raise UserError(f"这份备份已损坏，不能用来恢复：{info['problem']}。请换一份备份", where=str(source))
    if info["schema"] > LATEST:
        raise UserError(f"这份备份来自更新版本的村务桌面（数据版本 {info['schema']}），请先安装新版本", where=str(source))
    current = data_dir / DB_FILENAME
    mine = _current_desk(current)
    info["current"] = mine
    if mine.get("region_code") and info["region_code"] != mine["region_code"] and not other_office:
        raise UserError(f"这份备份属于另一个单位（{info['office']}，区划代码 {info['region_code']}），"
                        f"而本机是 {mine.get('office') or '本单位'}（{mine['region_code']}）：没有恢复。"
                        "确实要换成另一个单位的数据，请加 --other-office", where=str(source))
    if confirm is not None and not confirm(info):
        raise Cancelled("已取消，数据文件没有改动")
    before = _save_current(data_dir, current)
    _replace(data_dir, source, current)
    data = store.read_manifest(data_dir)
    data["head"] = {"entries": info["entries"], "entry_hash": info["entry_hash"], "at": datetime.now().isoformat(timespec="seconds"),
                    "restored_from": str(source)}
    try:
        store.write_manifest(data_dir, data)
    except OSError:
        pass
    info["saved_current"] = before
    return info


def _current_desk(current: Path) -> dict:
    """The office of the database now in place, if it can be read at all."""
    if not current.exists() or store.header_problem(current) is not None:
        return {}
    try:
        conn = sqlite3.connect(f"{current.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT region_code, name FROM desk WHERE id = 1").fetchone()
            head = store.ledger_head(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return {}
    return {"region_code": row[0], "office": row[1], "entries": head["entries"]} if row else {"entries": head["entries"]}


def _exclusive(current: Path) -> sqlite3.Connection:
    """Our connection as the only one, or a refusal while another window has the desk open:
    leaving WAL mode needs every other connection closed (SQLite's rule)."""
    conn = sqlite3.connect(str(current), isolation_level=None, timeout=1)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise UserError("数据文件正被另一个窗口或程序使用：请先关闭村务桌面的所有窗口，再恢复；数据文件没有改动") from None
        raise
    return conn


def _save_current(data_dir: Path, current: Path) -> str | None:
    """The database in place, kept before it is replaced: a checked online backup when it is
    sound; a plain copy of the file (and its -wal) when it is damaged, never deleted."""
    if not current.exists():
        return None
    folder = backup_folder(data_dir)
    sound = store.header_problem(current) is None
    if sound:
        try:
            conn = _exclusive(current)
        except sqlite3.DatabaseError:
            sound = False
    if sound:
        try:
            return store.take(conn, folder, "before-restore")["file"]
        except Exception:  # noqa: BLE001 - damaged after all: its raw bytes are kept below instead
            pass
        finally:
            conn.close()
    try:
        from villagedesk.files import private_dir

        private_dir(folder)
        stamp = store.stamp_now()
        target = folder / f"damaged-{stamp}.sqlite3"  # not desk-*: never offered as a good backup nor thinned
        shutil.copy2(current, target)
        wal = current.with_name(current.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, folder / f"damaged-{stamp}.sqlite3-wal")
        os.chmod(target, 0o600)
    except OSError as exc:
        raise store._folder_error(exc, folder) from None
    return str(target)


def _replace(data_dir: Path, source: Path, current: Path) -> None:
    """The backup copied beside the database under a temp name, checked, then renamed over it."""
    from villagedesk.files import create_private

    tmp = data_dir / f".{DB_FILENAME}.restore"
    try:
        with open(source, "rb") as src, os.fdopen(create_private(tmp, exclusive=False), "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        if store.inspect(tmp)["problem"] is not None:
            raise UserError("复制到数据文件夹的备份检查不通过（磁盘可能有问题）：没有恢复，数据文件没有改动", where=str(tmp))
        for side in ("-wal", "-shm"):
            old = current.with_name(current.name + side)
            if old.exists():
                old.unlink()  # the current file was checkpointed and saved first (_save_current)
        os.replace(tmp, current)
        store._fsync_dir(data_dir)
    except OSError as exc:
        raise store._folder_error(exc, data_dir) from None
    finally:
        if tmp.exists():
            tmp.unlink()

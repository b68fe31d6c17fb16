"""The machine's faults in plain words (issue 9, part 7): a database locked by another
program, a full disk, a read-only data folder; and the private, rotated error log.

Tests run as root, whom file modes do not stop, so a read-only folder is made two ways:
VILLAGEDESK_READ_ONLY=1 (the same read-only open path, chosen explicitly), and where the
sandbox allows it a real read-only bind mount; a full disk is a real 3 MB tmpfs. The
mount tests are skipped where `mount` is refused."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import time
from pathlib import Path

import pytest

from villagedesk.core.errors import DB_LOCKED, DISK_FULL, READ_ONLY, SystemFault, system_error

ISSUE = ["cert", "issue", "--item", "533103-BL-01", "--applicant", "王芳", "--id-number", "11010519491231002X",
         "--purpose", "子女入学", "--field", "address=风平镇风平村三组12号", "--field", "residence_type=租住",
         "--field", "since=2019-03", "--handler", "张丽"]


@pytest.fixture
def logs(tmp_path):
    return {"VILLAGEDESK_LOG_DIR": str(tmp_path / "logs")}


@pytest.fixture
def issued(cli, demo_dir, tmp_path, logs):
    """The demo desk with one certificate: its payload."""
    out = cli(*ISSUE, "--out", str(tmp_path / "first.pdf"), "--json", data_dir=demo_dir, check_exit=0, env_extra=logs)
    return json.loads(out.stdout)["payload"]


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM ledger_entries").fetchone()[0]
    finally:
        conn.close()


# ---- a locked database ------------------------------------------------------------------

def test_a_write_while_another_program_holds_the_lock_fails_fast_in_plain_words(cli, demo_dir, tmp_path, logs,
                                                                                   snapshot):
    db = demo_dir / "desk.sqlite3"
    before = snapshot(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another window, or a backup program, mid-write
    try:
        started = time.perf_counter()
        proc = cli(*ISSUE, "--out", str(tmp_path / "c.pdf"), data_dir=demo_dir, check_exit=1, env_extra=logs)
        took = time.perf_counter() - started
        json_proc = cli("settings", "set", "handler", "李四", "--json", data_dir=demo_dir, check_exit=1, env_extra=logs)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.stderr.strip() == f"错误：{DB_LOCKED}" and "内部错误" not in proc.stderr
    assert took < 30, took  # gives up (5 s busy wait + start-up), not hangs (was 15 s, then 内部错误)
    assert json.loads(json_proc.stderr)["error"] == DB_LOCKED
    assert snapshot(db) == before and not (tmp_path / "c.pdf").exists()


# ---- a read-only data folder --------------------------------------------------------------

def test_read_only_desk_lists_and_verifies_but_refuses_writes(cli, demo_dir, tmp_path, logs, issued, snapshot):
    env = {**logs, "VILLAGEDESK_READ_ONLY": "1"}
    db = demo_dir / "desk.sqlite3"
    before = snapshot(db)
    listed = json.loads(cli("ledger", "list", "--json", data_dir=demo_dir, check_exit=0, env_extra=env).stdout)
    assert listed["total"] == 1
    verdict = json.loads(cli("verify", issued, "--json", data_dir=demo_dir, check_exit=0, env_extra=env).stdout)
    assert verdict["status"] == "valid"
    for args in (ISSUE + ["--out", str(tmp_path / "c.pdf")], ["settings", "set", "handler", "李四"]):
        proc = cli(*args, data_dir=demo_dir, check_exit=1, env_extra=env)
        assert proc.stderr.strip() == f"错误：{READ_ONLY}", proc.stderr
    assert snapshot(db) == before and _count(db) == 1


def test_what_decides_a_read_only_open(tmp_path, monkeypatch):
    from villagedesk.store import db as db_mod

    path = tmp_path / "desk.sqlite3"
    assert db_mod.read_only_reason(path) is None  # a new desk
    path.write_bytes(b"")
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path)
    assert db_mod.read_only_reason(path) == "file"
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != tmp_path)
    assert db_mod.read_only_reason(path) == "folder"
    monkeypatch.setenv(db_mod.READ_ONLY_ENV, "1")
    assert db_mod.read_only_reason(path) == "forced"


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def read_only_copy(demo_dir, tmp_path):
    """A real read-only mount of a copy of the demo folder (root cannot write it either)."""
    source = tmp_path / "source"
    shutil.copytree(demo_dir, source)
    target = tmp_path / "ro"
    target.mkdir()
    if not (_mount("--bind", str(source), str(target)) and _mount("-o", "remount,ro,bind", str(target))):
        subprocess.run(["umount", str(target)], capture_output=True)
        pytest.skip("this sandbox refuses mount")
    yield source, target
    subprocess.run(["umount", str(target)], capture_output=True)


def test_a_really_read_only_folder_still_lists_and_verifies(cli, read_only_copy, logs, tmp_path):
    source, target = read_only_copy
    for leftover in source.glob("desk.sqlite3-*"):  # a clean copy: no -shm to share, read as immutable
        leftover.unlink()
    assert json.loads(cli("ledger", "list", "--json", data_dir=target, check_exit=0, env_extra=logs).stdout)["total"] == 0
    proc = cli("settings", "set", "handler", "李四", data_dir=target, check_exit=1, env_extra=logs)
    assert READ_ONLY in proc.stderr


def test_a_read_only_folder_with_unmerged_wal_is_refused_not_misread(cli, read_only_copy, logs):
    source, target = read_only_copy
    (source / "desk.sqlite3-shm").unlink(missing_ok=True)
    (source / "desk.sqlite3-wal").write_bytes(b"\0" * 4096)  # as left by a crash: changes not yet merged
    proc = cli("ledger", "list", data_dir=target, check_exit=2, env_extra=logs)
    assert "未合并的记录" in proc.stderr and "复制到可以写入的位置" in proc.stderr


# ---- a full disk --------------------------------------------------------------------------

@pytest.fixture
def small_disk(demo_dir, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)):
        pytest.skip("this sandbox refuses mount")
    try:
        shutil.copytree(demo_dir, disk / "desk")
        for leftover in (disk / "desk").glob("desk.sqlite3-*"):
            leftover.unlink()
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def _fill(disk: Path, leave_kb: int) -> None:
    free = shutil.disk_usage(disk).free
    with (disk / "filler").open("wb") as fh:
        fh.write(b"\0" * max(free - leave_kb * 1024, 0))


@pytest.mark.parametrize("leave_kb", [0, 8])
def test_a_full_disk_is_said_plainly_and_the_ledger_is_unchanged(cli, small_disk, logs, snapshot, leave_kb):
    desk = small_disk / "desk"
    before = snapshot(desk / "desk.sqlite3")
    _fill(small_disk, leave_kb)
    proc = cli(*ISSUE, "--out", str(small_disk / "c.pdf"), data_dir=desk, check_exit=1, env_extra=logs)
    assert "磁盘空间已满" in proc.stderr and "内部错误" not in proc.stderr, proc.stderr
    (small_disk / "filler").unlink()
    assert snapshot(desk / "desk.sqlite3") == before


def test_a_file_write_that_runs_out_of_space_is_named(tmp_path):
    """ENOSPC from a file write (simulated: the error object itself, mapped in one place)."""
    import errno

    fault = system_error(OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "c.pdf")))
    assert isinstance(fault, SystemFault) and "磁盘空间已满" in fault.text() and "c.pdf" in fault.text()
    assert system_error(sqlite3.OperationalError("database or disk is full")).message == DISK_FULL
    assert system_error(sqlite3.OperationalError("database is locked")).message == DB_LOCKED
    assert system_error(sqlite3.OperationalError("attempt to write a readonly database")).message == READ_ONLY
    assert system_error(ValueError("a bug")) is None and system_error(sqlite3.OperationalError("no such table")) is None


# ---- the error log ------------------------------------------------------------------------

def test_the_error_log_is_private_rotated_and_not_in_the_temp_folder(tmp_path, monkeypatch):
    import logging
    import tempfile

    from villagedesk import error_log

    monkeypatch.delenv(error_log.LOG_DIR_ENV, raising=False)
    assert not str(error_log.log_dir()).startswith(tempfile.gettempdir())
    monkeypatch.setenv(error_log.LOG_DIR_ENV, str(tmp_path / "logs"))
    logger = logging.getLogger("villagedesk")
    saved = list(logger.handlers)
    logger.handlers = []
    try:
        path = error_log.setup()
        for n in range(3000):
            try:
                raise RuntimeError(f"boom {n} " + "x" * 1500)
            except RuntimeError as exc:
                error_log.log_exception(exc)
        for handler in logger.handlers:
            handler.close()
    finally:
        logger.handlers = saved
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    files = sorted(path.parent.iterdir())
    assert [f.name for f in files] == [error_log.LOG_NAME] + [f"{error_log.LOG_NAME}.{n}" for n in (1, 2, 3)]
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert all(f.stat().st_size <= error_log.MAX_BYTES for f in files)


def test_an_internal_error_on_the_command_line_names_the_private_log(tmp_path, logs):
    import sys

    ROOT = Path(__file__).resolve().parents[2]

    code = ("import villagedesk.cli as c\n"
            "c.COMMANDS['info'] = lambda args: 1 / 0  # a bug of ours\n"
            "raise SystemExit(c.main(['info']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          env=dict(os.environ, **logs))
    log = Path(logs["VILLAGEDESK_LOG_DIR"]) / "villagedesk-error.log"
    assert proc.returncode == 1 and "内部错误（ZeroDivisionError）" in proc.stderr and str(log) in proc.stderr
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_data_folder_that_vanished_is_named_in_plain_words(tmp_path):
    """A USB stick pulled out: SQLite cannot open the file any more (real error, not a made-up one)."""
    import shutil
    import sqlite3

    from villagedesk.core.errors import DB_UNREACHABLE, system_error

    stick = tmp_path / "U盘"
    stick.mkdir()
    sqlite3.connect(stick / "desk.sqlite3").close()
    shutil.rmtree(stick)
    with pytest.raises(sqlite3.OperationalError) as info:
        sqlite3.connect(stick / "desk.sqlite3").execute("SELECT 1")
    assert system_error(info.value).message == DB_UNREACHABLE

"""Backups, restore and the start-up check (issue #13 parts 1 and 2), on real SQLite files:
truncated copies, flipped bytes, a high user_version, another office's backup."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from villagedesk.core.errors import Cancelled, UserError
from villagedesk.services import backup, startup_check
from villagedesk.services.session import Session
from villagedesk.store import backup as store
from villagedesk.store.migrations import LATEST


def add_entries(session: Session, n: int) -> None:
    from villagedesk.store import key_store, ledger_store

    d = session.require_desk()
    signer = key_store.own_signer(session.db, office_code=d.region_code, office_name=d.name)
    batch = [{"kind": "issue", "series": "cert", "number_template": "{村简称}证〔{年}〕{n}号",
              "issued_on": date.today().isoformat(), "item_code": "533103-BL-01", "item_title": "居（租）住证明",
              "applicant": "王芳", "applicant_id": "533103199001011234", "subject_name": "王芳",
              "subject_id": "533103199001011234", "purpose": "子女入学", "handler": "张丽"} for _ in range(n)]
    ledger_store.append(session.db, batch, signer=signer)


@pytest.fixture
def desk(demo_dir):
    with Session(demo_dir) as session:
        add_entries(session, 5)
    return demo_dir


def take(data_dir: Path, **kw) -> dict:
    with Session(data_dir) as session:
        return backup.backup_now(session, **kw)


def test_a_backup_is_checked_private_and_recorded(desk):
    info = take(desk)
    path = Path(info["file"])
    assert path.parent == desk / "backups" and path.name.startswith("desk-manual-")
    assert info["entries"] == 5 and info["check"] == "integrity_check"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list((desk / "backups").glob(".*.part"))
    held = store.inspect(path)
    assert held["problem"] is None and held["entries"] == 5 and held["newest_number"]
    assert held["office"] and held["region_code"]
    # one self-contained file: no -wal beside it, and no private key in it
    assert not Path(f"{path}-wal").exists()
    conn = sqlite3.connect(path)
    cols = {r[1] for r in conn.execute("PRAGMA table_info(signing_keys)")}
    conn.close()
    assert "private_key" not in cols
    manifest = json.loads((desk / "backups" / "backups.json").read_text(encoding="utf-8"))
    assert manifest["head"]["entries"] == 5 and manifest["last"]["file"] == str(path)


def test_a_copy_goes_to_the_folder_the_clerk_picks(desk, tmp_path):
    info = take(desk, to=tmp_path / "usb")
    assert Path(info["copy"]).parent == tmp_path / "usb"
    assert store.inspect(Path(info["copy"]))["problem"] is None


def test_a_read_only_or_file_target_is_refused_in_chinese_and_leaves_nothing(desk, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(UserError) as exc:
        take(desk, to=blocker / "sub")
    assert "备份" in exc.value.message
    if os.geteuid() != 0:  # root writes anywhere: the mode test only means something for a user
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        with pytest.raises(UserError):
            take(desk, to=ro)


def test_a_failed_backup_leaves_no_complete_looking_file(desk):
    def stop(stage, fraction):
        if fraction > 0:
            raise Cancelled()

    with Session(desk) as session, pytest.raises(Cancelled):
        backup.backup_now(session, progress=stop)
    assert not list((desk / "backups").glob("desk-manual-*.sqlite3"))
    assert not list((desk / "backups").glob(".*"))


def test_thinning_keeps_daily_weekly_monthly(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    now = datetime(2026, 12, 5, 12, 0)
    for days in range(0, 500, 1):
        for hour in (9, 17):
            when = now - timedelta(days=days, hours=hour)
            (folder / f"desk-daily-{when.strftime(store.STAMP)}.sqlite3").write_bytes(b"")
    for v in range(3, 10):
        (folder / f"desk-before-v{v}-2020010{v % 10}-000000-000000.sqlite3").write_bytes(b"")
    store.thin(folder, now=now)
    kept = [store.taken_at(p) for p in store.backups(folder) if not p.name.startswith("desk-before-v")]
    ages = sorted((now - k).days for k in kept)
    assert max(ages) < 31 * 12 + 1
    recent = [a for a in ages if a < 2]
    assert len(recent) >= 3  # every copy of the last two days
    daily = {k.date() for k in kept if 2 <= (now - k).days < 14}
    assert len(daily) == len([k for k in kept if 2 <= (now - k).days < 14])  # one a day
    assert len([k for k in kept if 14 <= (now - k).days < 56]) <= 7  # about one a week
    assert len(list(folder.glob("desk-before-v*"))) == store.KEEP_MIGRATION_COPIES


def test_policy_is_a_setting(desk):
    with Session(desk) as session:
        assert backup.set_policy(session, "7,4,6") == {"daily_days": 7, "weekly_weeks": 4, "monthly_months": 6}
        assert backup.policy(session)["daily_days"] == 7
        with pytest.raises(UserError):
            backup.set_policy(session, "abc")


def test_status_says_where_and_when_and_whether_stale(desk):
    with Session(desk) as session:
        s = backup.status(session)
        assert s["last"] is None and s["due"] and not s["stale"]  # a new desk: the daily copy comes first
        session.db.execute("UPDATE desk SET created_at = ?", [(datetime.now() - timedelta(days=8)).isoformat()])
        assert backup.status(session)["stale"]
        backup.backup_now(session)
        s = backup.status(session)
        assert s["folder"] == str(desk / "backups") and not s["stale"] and not s["due"] and s["count"] == 1


def test_an_import_takes_a_backup_first(desk, catalogue_csv, tmp_path):
    from villagedesk.services import catalogue

    with Session(desk) as session:
        catalogue.import_catalogue(session, catalogue_csv(tmp_path / "c.csv"))
    assert list((desk / "backups").glob("desk-before-import-*.sqlite3"))


# ---------------------------------------------------------------- start-up check


def test_a_sound_desk_opens(desk):
    take(desk)
    with Session(desk) as session:
        assert session.require_desk()


def test_a_truncated_database_is_refused_and_never_written(desk):
    take(desk)
    db = desk / "desk.sqlite3"
    size = db.stat().st_size
    with open(db, "r+b") as fh:
        fh.truncate(size // 2 + 100)
    before = db.read_bytes()
    with pytest.raises(UserError) as exc:
        Session(desk).db
    text = exc.value.text()
    assert "不完整" in text and "不会写入" in text and "villagedesk restore" in text and "desk-manual-" in text
    assert db.read_bytes() == before


def test_flipped_bytes_are_found(desk):
    take(desk)
    db = desk / "desk.sqlite3"
    data = bytearray(db.read_bytes())
    page = 4096
    for i in range(2 * page + 200, len(data) - page, page):  # scribble inside every page but the first two
        data[i:i + 64] = bytes(64)
    db.write_bytes(bytes(data))
    with pytest.raises(UserError) as exc:
        Session(desk).db
    assert "不会写入" in exc.value.message


def test_not_a_database(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "desk.sqlite3").write_bytes("这不是数据库".encode() * 1000)
    with pytest.raises(UserError) as exc:
        Session(folder).db
    assert "不是数据库文件" in exc.value.message and "没有完好的备份" in exc.value.message


def test_a_database_from_a_newer_program_is_refused_with_the_version(desk):
    conn = sqlite3.connect(desk / "desk.sqlite3")
    conn.execute(f"PRAGMA user_version = {LATEST + 3}")
    conn.close()
    with pytest.raises(UserError) as exc:
        Session(desk).db
    assert f"数据版本 {LATEST + 3}" in exc.value.message and "新版本" in exc.value.message


def test_a_ledger_behind_its_last_backup_is_refused_and_the_loss_named(desk):
    old = take(desk)
    with Session(desk) as session:
        add_entries(session, 3)
    take(desk)
    # the database replaced by the older copy (a clerk copying a stick back): 3 entries missing
    shutil.copy(old["file"], desk / "desk.sqlite3")
    for side in ("-wal", "-shm"):
        Path(f"{desk / 'desk.sqlite3'}{side}").unlink(missing_ok=True)
    with pytest.raises(UserError) as exc:
        Session(desk).db
    assert "比上次备份时还少" in exc.value.message and "8 条" in exc.value.message
    assert "改名或移到别处" in exc.value.message
    # the way forward it names: the backups moved away, the older file opens
    (desk / "backups").rename(desk.parent / "backups-kept")
    with Session(desk) as session:
        assert store.ledger_head(session.db.conn)["entries"] == 5


def test_another_offices_database_under_this_desks_backups_is_refused(desk, tmp_path, demo_template):
    take(desk)
    other = tmp_path / "other"
    shutil.copytree(demo_template, other)
    with Session(other) as session:
        add_entries(session, 9)
    shutil.copy(other / "desk.sqlite3", desk / "desk.sqlite3")
    for side in ("-wal", "-shm"):
        Path(f"{desk / 'desk.sqlite3'}{side}").unlink(missing_ok=True)
    with pytest.raises(UserError) as exc:
        Session(desk).db
    assert "不一致" in exc.value.message


def test_the_cli_exits_2_with_the_same_words(desk, cli):
    take(desk)
    db = desk / "desk.sqlite3"
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size - 1000)
    proc = cli("info", data_dir=desk)
    assert proc.returncode == 2 and "不会写入" in proc.stderr and "villagedesk restore" in proc.stderr


# ---------------------------------------------------------------- restore


def test_restore_brings_back_a_backup_and_keeps_the_current_file(desk):
    old = take(desk)
    with Session(desk) as session:
        add_entries(session, 2)
    asked = []
    info = backup.restore(desk, Path(old["file"]), confirm=lambda i: asked.append(i) or True)
    assert asked and asked[0]["current"]["entries"] == 7 and asked[0]["entries"] == 5
    assert Path(info["saved_current"]).name.startswith("desk-before-restore-")
    assert store.inspect(Path(info["saved_current"]))["entries"] == 7
    with Session(desk) as session:  # the restored file passes the start-up check
        assert store.ledger_head(session.db.conn)["entries"] == 5
        add_entries(session, 1)


def test_restore_cancelled_changes_nothing(desk, snapshot):
    old = take(desk)
    before = snapshot(desk / "desk.sqlite3")
    with pytest.raises(Cancelled):
        backup.restore(desk, Path(old["file"]), confirm=lambda i: False)
    assert snapshot(desk / "desk.sqlite3") == before


def test_a_damaged_backup_is_refused(desk):
    old = Path(take(desk)["file"])
    with open(old, "r+b") as fh:
        fh.truncate(old.stat().st_size - 4096 - 7)
    with pytest.raises(UserError) as exc:
        backup.restore(desk, old, confirm=lambda i: True)
    assert "已损坏" in exc.value.message


def test_another_offices_backup_needs_other_office(desk, tmp_path):
    other = tmp_path / "o"
    with Session(other) as session:
        from villagedesk.services import desk as desk_service

        desk_service.init_desk(session, region_code="533103105202", name="芒市风平镇芒别村民委员会", level="village") \
            if hasattr(desk_service, "init_desk") else pytest.skip("no init_desk")
        info = backup.backup_now(session)
    with pytest.raises(UserError) as exc:
        backup.restore(desk, Path(info["file"]), confirm=lambda i: True)
    assert "另一个单位" in exc.value.message and "--other-office" in exc.value.message
    backup.restore(desk, Path(info["file"]), other_office=True, confirm=lambda i: True)


def test_restore_is_refused_while_another_connection_has_the_desk_open(desk):
    old = take(desk)
    with Session(desk) as session:
        session.db  # the window, say
        with pytest.raises(UserError) as exc:
            backup.restore(desk, Path(old["file"]), confirm=lambda i: True)
        assert "另一个窗口" in exc.value.message


def test_a_damaged_current_file_is_kept_as_it_was_and_the_backup_restored(desk):
    old = take(desk)
    db = desk / "desk.sqlite3"
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 2 + 10)
    damaged = db.read_bytes()
    info = backup.restore(desk, Path(old["file"]), confirm=lambda i: True)
    assert Path(info["saved_current"]).read_bytes() == damaged
    with Session(desk) as session:
        assert session.require_desk()


def test_cli_backup_and_restore(desk, cli):
    proc = cli("backup", "--json", data_dir=desk, check_exit=0)
    made = json.loads(proc.stdout)
    assert made["entries"] == 5
    proc = cli("restore", made["file"], data_dir=desk)  # not a terminal: asks for --yes
    assert proc.returncode == 2 and "--yes" in proc.stderr
    proc = cli("restore", made["file"], "--yes", data_dir=desk, check_exit=0)
    assert "已恢复" in proc.stdout and "台账 5 条" in proc.stdout
    proc = cli("backup", "--status", "--json", data_dir=desk, check_exit=0)
    assert json.loads(proc.stdout)["last_at"]
    proc = cli("restore", str(desk / "nothing.sqlite3"), "--yes", data_dir=desk)
    assert proc.returncode == 2 and "找不到" in proc.stderr


def test_a_desk_locked_by_another_program_is_told_plainly(desk):
    other = sqlite3.connect(desk / "desk.sqlite3", isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE settings SET value = value")
    try:
        with pytest.raises(UserError) as exc:
            Session(desk).db
        assert "占用" in exc.value.message or "另一个" in exc.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Session(desk) as session:
        assert session.require_desk()


def test_a_data_folder_copied_to_another_place_opens_and_knows_its_backups(desk, tmp_path):
    take(desk)
    moved = tmp_path / "copied"
    shutil.copytree(desk, moved)
    with Session(moved) as session:
        assert session.require_desk()
        s = backup.status(session)
        assert Path(s["last"]["file"]).parent == moved / "backups" and Path(s["last"]["file"]).exists()


def test_full_and_read_only_backup_folders_are_explained():
    import errno

    assert "空间已满" in store._folder_error(OSError(errno.ENOSPC, "full"), Path("/x")).message
    assert "只读" in store._folder_error(OSError(errno.EROFS, "ro"), Path("/x")).message
    assert "没有权限" in store._folder_error(OSError(errno.EACCES, "no"), Path("/x")).message


def test_a_damaged_backup_is_not_offered_and_the_good_one_is(desk):
    good = take(desk)
    bad = take(desk)
    with open(bad["file"], "r+b") as fh:
        fh.truncate(Path(bad["file"]).stat().st_size - 4096 - 3)
    assert backup.newest_good(desk)["file"] == good["file"]


def test_the_migration_copy_is_checked_and_complete(tmp_path):
    from villagedesk.store.db import connect

    folder = tmp_path / "m"
    folder.mkdir()
    db = connect(folder / "desk.sqlite3", migrate=False)
    from villagedesk.store.migrations import migrate

    migrate(db, target=3)
    db.conn.close()
    db = connect(folder / "desk.sqlite3")
    db.conn.close()
    copies = list((folder / "backups").glob("desk-before-v4-*.sqlite3"))
    assert copies and store.inspect(copies[0], check=True)["schema"] == 3
    assert not list((folder / "backups").glob(".*part"))
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600


def test_a_scribbled_ledger_page_is_found_by_the_quick_check(desk):
    take(desk)
    db = desk / "desk.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ledger_entries'").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * 4096
    data[start:start + 4096] = b"\xa5" * 4096  # the ledger's root page: garbage
    db.write_bytes(bytes(data))
    startup_check._QUICK_CHECKED.clear()  # as a new process would
    with pytest.raises(UserError) as exc:
        Session(desk).db
    assert "不会写入" in exc.value.message and "desk-manual-" in exc.value.message


def test_a_backup_from_a_newer_program_is_not_restored(desk):
    old = Path(take(desk)["file"])
    conn = sqlite3.connect(old)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(UserError) as exc:
        backup.restore(desk, old, confirm=lambda i: True)
    assert "更新版本" in exc.value.message


def test_the_cli_restores_over_a_damaged_desk(desk, cli):
    made = take(desk)
    db = desk / "desk.sqlite3"
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 2 + 10)
    cli("info", data_dir=desk, check_exit=2)
    proc = cli("restore", made["file"], "--yes", "--json", data_dir=desk, check_exit=0)
    assert json.loads(proc.stdout)["saved_current"].endswith(".sqlite3")
    assert "台账 5 条" in proc.stderr  # what it holds was shown
    cli("info", data_dir=desk, check_exit=0)


def test_a_usb_folder_keeps_its_mode(desk, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir(mode=0o755)
    usb.chmod(0o755)
    info = take(desk, to=usb)
    assert stat.S_IMODE(usb.stat().st_mode) == 0o755
    assert stat.S_IMODE(Path(info["copy"]).stat().st_mode) == 0o600

"""Upgrades: every historical schema opens, keeps its data and gains what came after."""

import sqlite3
from pathlib import Path

import pytest

from villagedesk.core.errors import UserError
from villagedesk.core.search_keys import parse_query
from villagedesk.store import catalogue_store, desk_store
from villagedesk.store.db import connect, schema_version
from villagedesk.store.migrations import LATEST

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HISTORICAL = sorted(FIXTURES.glob("desk_v*.sql"))


def _restore(sql_file: Path, target: Path) -> Path:
    conn = sqlite3.connect(target)
    conn.executescript(sql_file.read_text(encoding="utf-8"))
    conn.close()
    return target


def test_every_earlier_schema_version_has_a_fixture():
    versions = {int(p.stem.split("_v")[1]) for p in HISTORICAL}
    assert versions == set(range(1, LATEST)), "add tests/fixtures/desk_vN.sql when a migration is added"


@pytest.mark.parametrize("sql_file", HISTORICAL, ids=lambda p: p.stem)
def test_upgrade_keeps_data_and_makes_it_searchable(sql_file, tmp_path):
    path = _restore(sql_file, tmp_path / "desk.sqlite3")
    db = connect(path)
    assert schema_version(db) == LATEST
    desk = desk_store.get(db)
    assert desk.short_name == "风平村" and desk.demo
    assert desk_store.get_setting(db, "font_scale") == 1.25
    titles = [i.title for i, _ in catalogue_store.search(db, parse_query("居住"))]
    assert titles == ["居（租）住证明"]
    assert [i.title for i, _ in catalogue_store.search(db, parse_query("jzzm"))] == ["居（租）住证明"]
    assert [i.title for i, _ in catalogue_store.search(db, parse_query("拆"))] == ["拆迁拆违"]
    db.conn.close()
    # opening again is a no-op
    db = connect(path)
    assert schema_version(db) == LATEST
    db.conn.close()


def test_fresh_database_has_wal_foreign_keys_and_latest_version(tmp_path):
    db = connect(tmp_path / "desk.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert schema_version(db) == LATEST


def test_database_from_a_newer_program_is_refused_untouched(tmp_path):
    path = tmp_path / "desk.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(UserError, match="更新版本"):
        connect(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def test_a_file_that_is_not_a_database_gets_a_chinese_error(tmp_path):
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(UserError, match="无法打开数据文件"):
        connect(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


@pytest.mark.parametrize("sql_file", HISTORICAL, ids=lambda p: p.stem)
def test_upgrade_keeps_a_backup_of_the_old_file(sql_file, tmp_path):
    path = _restore(sql_file, tmp_path / "desk.sqlite3")
    old_version = int(sql_file.stem.split("_v")[1])
    connect(path).conn.close()
    [copy] = (tmp_path / "backups").glob("desk-before-v*.sqlite3")
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
    assert conn.execute("SELECT short_name FROM desk").fetchone()[0] == "风平村"
    conn.close()
    connect(path).conn.close()  # already current: no new copy
    assert len(list((tmp_path / "backups").glob("*.sqlite3"))) == 1


def test_a_new_desk_takes_no_backup(tmp_path):
    connect(tmp_path / "desk.sqlite3").conn.close()
    assert not (tmp_path / "backups").exists()


def test_a_ledger_from_schema_v3_upgrades_intact(tmp_path):
    from villagedesk.services.session import Session
    from villagedesk.services.verification import verify_ledger
    from villagedesk.store import ledger_store

    _restore(FIXTURES / "desk_v3.sql", tmp_path / "desk.sqlite3")
    session = Session(tmp_path)
    assert verify_ledger(session)["ok"]
    assert ledger_store.get_by_number(session.db, "风平村证〔2026〕2号")["status"] == "voided"
    assert ledger_store.get_by_number(session.db, "风平村证〔2026〕1号")["subject_name"] == "王𬌗"
    session.close()


def test_schema_v5_rebuilds_the_ledger_keeping_every_hash_and_takes_corrections(tmp_path, snapshot):
    """v4 → v5 widens the ledger's kinds (amend): the table is rebuilt with every row, id and
    hash as it was, its triggers and indexes back, foreign keys on again; a pending acceptance
    of v4 can then be corrected and issued, and `ledger verify` passes throughout."""
    from villagedesk.services.session import Session
    from villagedesk.services.verification import verify_ledger

    path = _restore(FIXTURES / "desk_v4.sql", tmp_path / "desk.sqlite3")
    old = sqlite3.connect(path)
    old.row_factory = sqlite3.Row
    rows_before = [dict(r) for r in old.execute("SELECT * FROM ledger_entries ORDER BY id").fetchall()]
    old.close()
    session = Session(tmp_path)
    db = session.db
    assert schema_version(db) == LATEST and db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # v8 adds the office and stream columns outside the hash; every row, id and hash is kept
    from villagedesk.core.ledger import ENTRY_COLUMNS

    cols = ", ".join(ENTRY_COLUMNS)
    assert db.execute(f"SELECT {cols} FROM ledger_entries ORDER BY id").fetchall() == [
        tuple(r[c] for c in ENTRY_COLUMNS) for r in rows_before]
    assert verify_ledger(session)["ok"]
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'ledger_entries'")}
    assert {"ledger_entries_no_update", "ledger_entries_no_delete", "ledger_entries_subject_id_tail",
            "ledger_entries_refers_to"} <= names
    assert not any("v5" in n for n in names)
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        db.execute("UPDATE ledger_entries SET handler = 'x' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError):  # an amend has no number, as the CHECK says
        db.execute("INSERT INTO ledger_entries (id, kind, number, created_at, issued_on, key_id, prev_hash, entry_hash, "
                   "entry_sig) VALUES (99, 'amend', 'x', '', '2026-01-01', '', '', '', '')")
    from villagedesk.store import key_store, ledger_store

    accepted = ledger_store.get_by_number(db, "风平村证受〔2026〕1号")
    assert accepted["status"] == "pending"
    desk = session.require_desk()
    signer = key_store.own_signer(db, office_code=desk.region_code, office_name=desk.name)
    ledger_store.append(db, [{"kind": "amend", "refers_to": accepted["id"], "handler": "张丽", "reason": "更正：家庭住址",
                              "fields": {"values": {"address": "风平镇风平村三组15号"}}, "materials": ["户口簿"],
                              "issued_on": "2026-11-25"}], signer=signer)
    [amend] = ledger_store.amendments(db, accepted["id"])
    assert amend["number"] is None and amend["status"] is None and amend["refers_to_number"] == accepted["number"]
    assert ledger_store.get(db, accepted["id"])["status"] == "pending"  # a correction does not close it
    assert verify_ledger(session)["ok"]
    ledger_store.rebuild_derived(db)
    assert verify_ledger(session)["ok"]
    # an acceptance recorded before receipts existed still prints one (with the correction)
    from pypdf import PdfReader

    from villagedesk.services import certificates

    printed = certificates.reprint(session, accepted["number"], out=None)  # into the data folder's 证明/
    text = "".join(PdfReader(printed["pdf"]).pages[0].extract_text().split())
    assert "受理回执" in text and "赵六" in text and "☑户口簿" in text
    session.close()


def test_a_failed_v5_step_leaves_the_v4_file_as_it_was(tmp_path, monkeypatch, snapshot):
    from villagedesk.store import migrations
    from villagedesk.store.migration_steps import v5_ledger_amendments

    path = _restore(FIXTURES / "desk_v4.sql", tmp_path / "desk.sqlite3")
    before = snapshot(path)

    def broken(db):
        v5_ledger_amendments.upgrade(db)
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS[:4], broken])
    with pytest.raises(RuntimeError):
        connect(path)
    assert snapshot(path) == before


def test_schema_v7_adds_append_only_refused_requests_to_a_v6_desk(tmp_path):
    """v6 → v7: the desk's data stays, refused_requests appears, takes a record (uuid, office
    code) and refuses to change or delete it."""
    from villagedesk.store import refused_store

    path = _restore(FIXTURES / "desk_v6.sql", tmp_path / "desk.sqlite3")
    db = connect(path)
    assert schema_version(db) == LATEST >= 7
    assert desk_store.get(db).short_name == "风平村"
    saved = refused_store.add(db, office={"region_code": "533103105202", "name": "风平村"}, received_on="2026-11-20",
                              department="县农业农村局", text="请村里负责拆除违章建筑", verdict="negative",
                              clauses=[{"id": "c"}], check_result={"verdict": "negative"})
    assert len(saved["record_uid"]) == 36 and saved["region_code"] == "533103105202"
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        db.execute("UPDATE refused_requests SET department = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        db.execute("DELETE FROM refused_requests")
    assert [r["department"] for r in refused_store.list_records(db)] == ["县农业农村局"]
    db.conn.close()

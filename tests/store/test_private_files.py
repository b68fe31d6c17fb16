"""The private key and personal data stay private (issue 9, part 4): the key leaves the
database for its own file, old copies lose it, and every file the desk writes is 0600 in
0700 folders (checked with os.stat; Windows relies on the profile ACL and DPAPI)."""

import os
import re
import shutil
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from villagedesk.core.errors import UserError
from villagedesk.store import key_file, key_store
from villagedesk.store.db import connect, schema_version
from villagedesk.store.migrations import LATEST

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V5 = FIXTURES / "desk_v5.sql"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="file modes are POSIX; Windows uses the profile ACL")


def _restore(sql_file: Path, target: Path) -> Path:
    conn = sqlite3.connect(target)
    conn.executescript(sql_file.read_text(encoding="utf-8"))
    conn.close()
    return target


def _v5_private_key() -> tuple[str, bytes]:
    line = next(x for x in V5.read_text(encoding="utf-8").splitlines() if x.startswith('INSERT INTO "signing_keys"'))
    key_id, private = re.match(r"INSERT INTO \"signing_keys\" VALUES\('([0-9a-f]{16})','Ed25519',X'([0-9A-F]{64})'", line).groups()
    return key_id, bytes.fromhex(private)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _files_with(folder: Path, secret: bytes) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and p.suffix != ".key" and secret in p.read_bytes())


def test_v6_moves_the_key_to_its_own_file_and_out_of_every_copy(tmp_path):
    key_id, private = _v5_private_key()
    folder = tmp_path / "desk"
    folder.mkdir()
    path = _restore(V5, folder / "desk.sqlite3")
    (folder / "backups").mkdir()
    old_backup = folder / "backups" / "desk-before-v5-20261101-090000-000000.sqlite3"
    shutil.copyfile(path, old_backup)  # a backup an earlier upgrade left, holding the key
    assert _files_with(folder, private)  # before: the key is in the clear in both files

    db = connect(path)
    assert schema_version(db) == LATEST
    assert "private_key" not in {r[1] for r in db.execute("PRAGMA table_info(signing_keys)")}
    assert key_file.load(folder, key_id) == private
    # not in the database, its WAL, the new pre-v6 backup or the old one
    assert _files_with(folder, private) == []
    backups = sorted((folder / "backups").glob("desk-*.sqlite3"))
    assert len(backups) == 2 and any("before-v6" in p.name for p in backups)
    for copy in backups:  # every ledger row is still there, only the key blanked
        conn = sqlite3.connect(copy)
        assert conn.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] >= 4
        assert conn.execute("SELECT private_key FROM signing_keys").fetchone()[0] == b""
        conn.close()
    # the desk signs with the same key as before and its ledger still verifies
    from villagedesk.services.session import Session
    from villagedesk.services.verification import verify_ledger

    desk = Session(folder).require_desk()
    signer = key_store.own_signer(db, office_code=desk.region_code, office_name=desk.name)
    assert signer.key_id_hex == key_id
    db.conn.close()
    with Session(folder) as session:
        assert verify_ledger(session)["ok"]
    assert [r["effective_on"] for r in key_store.revocations(connect(path))] == []


def test_a_restored_scrubbed_backup_uses_the_key_file(tmp_path):
    key_id, private = _v5_private_key()
    first = tmp_path / "first"
    first.mkdir()
    connect(_restore(V5, first / "desk.sqlite3")).conn.close()
    [pre_v6] = (first / "backups").glob("desk-before-v6-*.sqlite3")
    # the office restores the pre-v6 copy into a fresh folder: no key file there yet
    second = tmp_path / "second"
    second.mkdir()
    shutil.copyfile(pre_v6, second / "desk.sqlite3")
    with pytest.raises(UserError, match="找不到本机签名密钥文件"):
        connect(second / "desk.sqlite3")
    conn = sqlite3.connect(second / "desk.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    conn.close()
    # with the keys/ folder copied too, it upgrades
    shutil.copytree(first / "keys", second / "keys")
    db = connect(second / "desk.sqlite3")
    assert schema_version(db) == LATEST and key_file.load(second, key_id) == private
    db.conn.close()


def test_a_failed_v6_step_leaves_the_v5_database_as_it_was(tmp_path, monkeypatch, snapshot):
    from villagedesk.store import migrations
    from villagedesk.store.migration_steps import v6_private_key_out

    path = _restore(V5, tmp_path / "desk.sqlite3")
    before = snapshot(path)

    def broken(db):
        v6_private_key_out.upgrade(db)
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS[:5], broken])
    with pytest.raises(RuntimeError):
        connect(path)
    assert snapshot(path) == before


def test_a_missing_or_swapped_key_file_stops_signing_in_chinese(tmp_path):
    office = {"office_code": "533103105201", "office_name": "芒市风平镇风平村民委员会"}
    db = connect(tmp_path / "desk.sqlite3")
    signer = key_store.own_signer(db, **office)
    path = key_file.key_path(tmp_path, signer.key_id_hex)
    text = path.read_text(encoding="ascii")
    path.write_text(text.replace(text.split("data: ")[1].strip(), "A" * 43 + "="), encoding="ascii")
    with pytest.raises(UserError, match="不符"):
        key_store.own_signer(db, **office)
    path.write_text("junk", encoding="ascii")
    with pytest.raises(UserError, match="损坏|不是这把密钥"):
        key_store.own_signer(db, **office)
    path.unlink()
    with pytest.raises(UserError, match="找不到本机签名密钥文件"):
        key_store.own_signer(db, **office)
    db.conn.close()


@posix_only
def test_a_new_desk_is_private(tmp_path):
    from villagedesk.services import desk as desk_service
    from villagedesk.services.session import Session

    folder = tmp_path / "desk"
    with Session(folder) as session:
        desk_service.init_demo(session)
        desk = session.require_desk()
        key_store.own_signer(session.db, office_code=desk.region_code, office_name=desk.name)
        assert _mode(folder) == 0o700
        for name in ("desk.sqlite3", "desk.sqlite3-wal", "desk.sqlite3-shm"):
            assert _mode(folder / name) == 0o600, name
        assert _mode(folder / "keys") == 0o700
        [key] = (folder / "keys").iterdir()
        assert _mode(key) == 0o600 and "protection: file-permissions" in key.read_text(encoding="ascii")


@posix_only
def test_an_existing_open_desk_is_tightened_and_backups_are_private(tmp_path):
    path = _restore(V5, tmp_path / "desk.sqlite3")
    os.chmod(path, 0o644)
    os.chmod(tmp_path, 0o755)
    connect(path).conn.close()
    assert _mode(tmp_path) == 0o700 and _mode(path) == 0o600
    assert _mode(tmp_path / "backups") == 0o700
    assert {_mode(p) for p in (tmp_path / "backups").iterdir()} == {0o600}


@posix_only
def test_outputs_and_exports_are_private(demo_session, tmp_path):
    from villagedesk.services.outputs import output_file
    from villagedesk.spreadsheet.writer import write_csv

    target = output_file(demo_session.data_dir, "ledger", "台账")
    assert _mode(target.parent) == 0o700
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    write_csv(chosen / "台账.csv", [["姓名", "身份证号码"], ["王𬌗", "11010519491231002X"]])
    assert _mode(chosen / "台账.csv") == 0o600


@posix_only
def test_a_certificate_and_its_folder_are_private(demo_session, tmp_path):
    from datetime import date

    from villagedesk.services import certificates

    values = {"subject_name": "王𬌗", "subject_id": "11010519491231002X", "purpose": "子女入学",
              "addressee": "芒市教育体育局", "address": "风平镇风平村三组12号", "residence_type": "租住",
              "since": "2019-03", "owner": "李四"}
    issued = certificates.issue(demo_session, item_code="533103-BL-01", values=values, handler="张丽",
                                materials=["申请人居民身份证", "户口簿或居住证"], today=date(2026, 11, 23))
    pdf = Path(issued["pdf"])
    assert pdf.parent.parent.name == "证明" and _mode(pdf.parent.parent) == _mode(pdf.parent) == 0o700
    assert _mode(pdf) == 0o600
    chosen = certificates.reprint(demo_session, issued["number"], out=tmp_path / "重印.pdf")
    assert _mode(Path(chosen["pdf"])) == 0o600


def test_an_unreadable_old_backup_is_left_alone_and_no_copy_lingers(tmp_path):
    path = _restore(V5, tmp_path / "desk.sqlite3")
    (tmp_path / "backups").mkdir()
    junk = tmp_path / "backups" / "desk-before-v4-20260101-000000-000000.sqlite3"
    junk.write_bytes(b"not a database" * 50)
    connect(path).conn.close()
    assert junk.read_bytes() == b"not a database" * 50
    assert not list((tmp_path / "backups").glob(".*"))


def test_on_windows_the_key_file_holds_only_the_dpapi_blob(tmp_path, monkeypatch):
    """The Windows path, run here with a stand-in for CryptProtectData (reversible, so the
    round trip is checked): the file says `protection: dpapi` and holds no raw key; a DPAPI
    file taken to another system is refused in Chinese."""
    import types

    sealed = {}

    def fake_dpapi(data: bytes, *, protect: bool) -> bytes:
        if protect:
            blob = b"DPAPI" + bytes(b ^ 0x5A for b in data)
            sealed[blob] = data
            return blob
        return sealed[data]

    monkeypatch.setattr(key_file, "_dpapi", fake_dpapi)
    monkeypatch.setattr(key_file, "sys", types.SimpleNamespace(platform="win32"))
    raw = bytes(range(32))
    path = key_file.save(tmp_path, "0011223344556677", raw)
    import base64

    text = path.read_text(encoding="ascii")
    assert "protection: dpapi" in text and base64.b64encode(raw).decode() not in text
    assert key_file.load(tmp_path, "0011223344556677") == raw
    monkeypatch.setattr(key_file, "sys", types.SimpleNamespace(platform="linux"))
    key_file._LOADED.clear()  # another system: a fresh process, which has read no key yet
    with pytest.raises(UserError, match="Windows"):
        key_file.load(tmp_path, "0011223344556677")

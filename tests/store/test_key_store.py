"""Signing keys in real desk databases: made once, shared between offices, revoked, never lost."""

import base64
import hashlib
import multiprocessing
import sqlite3
from datetime import date

import pytest

from villagedesk.core.errors import UserError
from villagedesk.core.payload import (
    PayloadFields,
    content_digest,
    read_fields,
    seal,
    unpack,
    verify_envelope,
)
from villagedesk.store import key_file, key_store
from villagedesk.store.db import connect, write

OFFICE = {"office_code": "533103105201", "office_name": "芒市风平镇风平村民委员会"}
TOWNSHIP = {"office_code": "533103105000", "office_name": "芒市风平镇人民政府"}


@pytest.fixture
def db(tmp_path):
    (tmp_path / "village").mkdir()
    database = connect(tmp_path / "village" / "desk.sqlite3")
    yield database
    database.conn.close()


@pytest.fixture
def township_db(tmp_path):
    (tmp_path / "township").mkdir()
    database = connect(tmp_path / "township" / "desk.sqlite3")
    yield database
    database.conn.close()


def _fields(number="风平村证〔2026〕1号"):
    return PayloadFields("certificate", OFFICE["office_code"], number, "CN-BY-05", date(2026, 3, 14), "张三",
                         "533103********123X", content_digest({"n": number}))


def _dump(db) -> str:
    return "\n".join(db.conn.iterdump())


def test_own_key_is_made_once_and_signs(db):
    assert key_store.list_keys(db) == []
    with pytest.raises(UserError, match="还没有签名密钥"):
        key_store.export_public_key(db)
    signer = key_store.own_signer(db, **OFFICE)
    again = key_store.own_signer(db, **OFFICE)
    assert again.key_id == signer.key_id and again.public_key == signer.public_key
    assert signer.key_id == hashlib.sha256(signer.public_key).digest()[:8]
    assert signer.key_id_hex == signer.key_id.hex() and signer.alg == 1
    assert "_private" not in repr(signer)
    assert db.execute("SELECT count(*) FROM signing_keys").fetchone()[0] == 1

    envelope = unpack(seal(_fields(), key_id=signer.key_id, sign=signer.sign, alg=signer.alg))
    key = key_store.find_key(db, envelope.key_id)
    assert key.own and not key.revoked and key.office_name == OFFICE["office_name"]
    assert verify_envelope(envelope, key.public_key)
    assert read_fields(envelope).number == "风平村证〔2026〕1号"
    assert [k.key_id for k in key_store.list_keys(db)] == [signer.key_id]
    assert key_store.find_key(db, b"\x00" * 8) is None


def test_export_is_json_without_the_private_key(db):
    signer = key_store.own_signer(db, **OFFICE)
    data = key_store.export_public_key(db)
    assert data == {
        "format": "villagedesk-key/1",
        **OFFICE,
        "alg": "Ed25519",
        "key_id": signer.key_id_hex,
        "public_key": base64.b64encode(signer.public_key).decode(),
        "created_at": data["created_at"],
    }
    assert data["created_at"][:4].isdigit()
    private = key_file.load(key_store.data_dir_of(db), signer.key_id_hex)
    assert len(private) == 32
    assert base64.b64encode(private).decode() not in str(data)
    assert base64.b64encode(private).decode() not in str([k.to_dict() for k in key_store.list_keys(db)])


def test_a_renamed_desk_exports_its_current_name(db):
    signer = key_store.own_signer(db, **OFFICE)
    renamed = key_store.own_signer(db, office_code=OFFICE["office_code"], office_name="芒市风平镇风平社区居民委员会")
    assert renamed.key_id == signer.key_id
    assert key_store.export_public_key(db)["office_name"] == "芒市风平镇风平社区居民委员会"


@pytest.mark.parametrize(("code", "name"), [("5331031052", "风平村"), ("533103105201", " "), ("５３３１０３１０５２０１", "风平村")])
def test_own_signer_refuses_a_bad_office(db, code, name):
    with pytest.raises(UserError):
        key_store.own_signer(db, office_code=code, office_name=name)
    assert db.execute("SELECT count(*) FROM signing_keys").fetchone()[0] == 0


def test_own_signer_inside_the_callers_transaction(db):
    with write(db):
        signer = key_store.own_signer(db, **OFFICE)
        db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    assert key_store.own_signer(db, **OFFICE).key_id == signer.key_id


def test_a_second_active_key_is_impossible_even_past_the_code(db):
    key_store.own_signer(db, **OFFICE)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO signing_keys (key_id, alg, public_key, key_file, created_at) "
                   "VALUES ('00112233445566ff', 'Ed25519', x'00', 'keys/x.key', 'now')")


def test_the_township_trusts_the_village_key(db, township_db):
    signer = key_store.own_signer(db, **OFFICE)
    key_store.own_signer(township_db, **TOWNSHIP)
    exported = key_store.export_public_key(db)
    text = seal(_fields(), key_id=signer.key_id, sign=signer.sign)

    envelope = unpack(text)
    assert key_store.find_key(township_db, envelope.key_id) is None  # unknown issuer, before the import
    key = key_store.trust_key(township_db, exported, source="风平村公钥.json")
    assert not key.own and key.source == "风平村公钥.json" and key.office_name == OFFICE["office_name"]
    assert key.created_at == exported["created_at"]
    found = key_store.find_key(township_db, envelope.key_id)
    assert found == key and verify_envelope(envelope, found.public_key)
    # the same file again: nothing changes
    before = _dump(township_db)
    assert key_store.trust_key(township_db, exported, source="again.json") == key
    assert _dump(township_db) == before
    own_first = key_store.list_keys(township_db)
    assert [k.own for k in own_first] == [True, False]
    # its own key, exported and imported back, is a no-op too
    assert key_store.trust_key(db, exported, source="x").own


def test_another_key_under_a_known_key_id_is_refused(db, township_db):
    key_store.own_signer(db, **OFFICE)
    exported = key_store.export_public_key(db)
    key_store.trust_key(township_db, exported, source="a")
    forged = key_store.own_signer(township_db, **TOWNSHIP)
    # a forger cannot make another key with the same id; a changed file keeps the id and swaps the key
    bad = {**exported, "public_key": base64.b64encode(forged.public_key).decode()}
    with pytest.raises(UserError, match="与公钥不符"):
        key_store.trust_key(township_db, bad, source="b")
    township_db.execute("DROP TRIGGER trusted_keys_fixed")  # simulate a key id collision
    township_db.execute("UPDATE trusted_keys SET public_key = x'00' WHERE key_id = ?", [exported["key_id"]])
    before = _dump(township_db)
    with pytest.raises(UserError, match="已属于"):
        key_store.trust_key(township_db, exported, source="c")
    assert _dump(township_db) == before


def _valid_export() -> dict:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"format": "villagedesk-key/1", **TOWNSHIP, "alg": "Ed25519",
            "key_id": hashlib.sha256(public).hexdigest()[:16], "public_key": base64.b64encode(public).decode(),
            "created_at": "2026-03-01T09:00:00+08:00"}


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: ["not", "a", "dict"], ""),
        (lambda d: {**d, "format": "other/1"}, "format"),
        (lambda d: {k: v for k, v in d.items() if k != "office_code"}, "office_code"),
        (lambda d: {**d, "office_code": "53310310500"}, "office_code"),
        (lambda d: {**d, "office_name": ""}, "office_name"),
        (lambda d: {**d, "office_name": "风平镇\x07"}, "office_name"),
        (lambda d: {**d, "office_name": "镇" * 101}, "office_name"),
        (lambda d: {**d, "alg": "SM2"}, "alg"),
        (lambda d: {**d, "alg": "RSA"}, "alg"),
        (lambda d: {**d, "public_key": "不是base64"}, "public_key"),
        (lambda d: {**d, "public_key": base64.b64encode(bytes(31)).decode()}, "public_key"),
        (lambda d: {**d, "public_key": None}, "public_key"),
        (lambda d: {**d, "key_id": "xyz"}, "key_id"),
        (lambda d: {**d, "key_id": "0" * 16}, "key_id"),
        (lambda d: {**d, "created_at": 12}, "created_at"),
    ],
)
def test_a_bad_key_file_is_refused_in_chinese_and_changes_nothing(township_db, change, where):
    key_store.own_signer(township_db, **TOWNSHIP)
    before = _dump(township_db)
    with pytest.raises(UserError) as info:
        key_store.trust_key(township_db, change(_valid_export()), source="bad.json")
    wheres = [info.value.where] + [p.where for p in info.value.problems]
    assert where in wheres
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.text())
    assert _dump(township_db) == before


def test_several_faults_are_reported_together(township_db):
    with pytest.raises(UserError) as info:
        key_store.trust_key(township_db, {"format": "villagedesk-key/1", "alg": "Ed25519"}, source="x")
    assert {p.where for p in info.value.problems} >= {"office_code", "office_name", "public_key", "key_id"}


def test_revoking_another_office_key(db, township_db):
    key_store.own_signer(db, **OFFICE)
    exported = key_store.export_public_key(db)
    key_store.trust_key(township_db, exported, source="a")
    revoked = key_store.revoke_key(township_db, exported["key_id"].upper(), "村里的电脑丢失")
    assert revoked.revoked and revoked.revoked_reason == "村里的电脑丢失"
    assert key_store.find_key(township_db, revoked.key_id).revoked_at == revoked.revoked_at
    assert key_store.list_keys(township_db)[-1].key_id == revoked.key_id
    with pytest.raises(UserError, match="已于"):
        key_store.revoke_key(township_db, exported["key_id"], "again")
    with pytest.raises(UserError, match="不能重新信任"):
        key_store.trust_key(township_db, exported, source="again")
    with pytest.raises(sqlite3.IntegrityError, match="stays revoked"):
        township_db.execute("UPDATE trusted_keys SET revoked_at = NULL")


@pytest.mark.parametrize(("key_id", "reason", "match"), [
    ("00112233445566ff", "原因", "没有编号"),
    ("xyz", "原因", "不是密钥编号"),
    (None, "原因", "不是密钥编号"),
    ("00112233445566ff", "  ", "停用原因"),
])
def test_revoke_refuses_bad_input(db, key_id, reason, match):
    key_store.own_signer(db, **OFFICE)
    before = _dump(db)
    with pytest.raises(UserError, match=match):
        key_store.revoke_key(db, key_id, reason)
    assert _dump(db) == before


def test_revoking_the_own_key_makes_a_new_one_next_time(db):
    old = key_store.own_signer(db, **OFFICE)
    key_store.revoke_key(db, old.key_id_hex, "数据文件被复制，密钥可能泄露")
    new = key_store.own_signer(db, **OFFICE)
    assert new.key_id != old.key_id
    assert key_store.export_public_key(db)["key_id"] == new.key_id_hex
    keys = key_store.list_keys(db)
    assert [(k.key_id, k.own, k.revoked) for k in keys] == [(new.key_id, True, False), (old.key_id, True, True)]
    assert db.execute("SELECT count(*) FROM signing_keys WHERE retired_at IS NOT NULL").fetchone()[0] == 1


def test_keys_are_never_deleted_or_changed(db):
    signer = key_store.own_signer(db, **OFFICE)
    for sql in ("DELETE FROM signing_keys", "DELETE FROM trusted_keys",
                "UPDATE signing_keys SET key_file = 'keys/other.key'", "UPDATE trusted_keys SET public_key = x'00'",
                "UPDATE trusted_keys SET own = 0"):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(sql)
    assert key_store.own_signer(db, **OFFICE).public_key == signer.public_key


def _make_key(path, barrier, results):
    database = connect(path)
    barrier.wait()
    results.put(key_store.own_signer(database, **OFFICE).key_id_hex)
    database.conn.close()


def test_two_processes_at_once_end_with_one_key(tmp_path):
    path = tmp_path / "desk.sqlite3"
    connect(path).conn.close()
    ctx = multiprocessing.get_context("spawn")
    count = 4
    barrier, results = ctx.Barrier(count), ctx.Queue()
    workers = [ctx.Process(target=_make_key, args=(path, barrier, results)) for _ in range(count)]
    for w in workers:
        w.start()
    ids = {results.get(timeout=60) for _ in workers}
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    assert len(ids) == 1
    db = connect(path)
    assert db.execute("SELECT count(*) FROM signing_keys").fetchone()[0] == 1
    assert db.execute("SELECT key_id FROM trusted_keys WHERE own = 1").fetchall() == [(ids.pop(),)]
    db.conn.close()

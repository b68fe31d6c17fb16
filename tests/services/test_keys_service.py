"""Trusting, revoking and checking keys at real desks (issue 9, part 3): fingerprints, this
desk's own office code, second keys, small-order keys, revocation dates, and a desk that
changes office."""

import base64
import hashlib
import json
from datetime import date

import pytest

from villagedesk.core.errors import UserError
from villagedesk.core.key_fingerprint import fingerprint
from villagedesk.core.payload import PayloadFields, content_digest, seal
from villagedesk.services import desk as desk_service
from villagedesk.services import keys, verification
from villagedesk.services.session import Session
from villagedesk.store import key_store

TOWNSHIP = {"region_code": "533103105000", "name": "芒市风平镇人民政府", "level": "township"}
SMALL_ORDER_8 = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"


@pytest.fixture
def township(tmp_path):
    with Session(tmp_path / "township") as session:
        desk_service.init_desk(session, **TOWNSHIP)
        yield session


def _export(session, path):
    data = keys.export_data(session)
    path.write_text(json.dumps({k: v for k, v in data.items() if k != "fingerprint"}, ensure_ascii=False), encoding="utf-8")
    return data


def _payload(session, issued_on=date(2026, 3, 14), number="风平村证〔2026〕1号"):
    desk = session.require_desk()
    signer = key_store.own_signer(session.db, office_code=desk.region_code, office_name=desk.name)
    fields = PayloadFields("certificate", desk.region_code, number, "533103-BL-01", issued_on, "张三",
                           "533103********123X", content_digest({"n": number}))
    return seal(fields, key_id=signer.key_id, sign=signer.sign)


def issue_residence(session, out):
    """A real certificate in the ledger (as tests/services/test_certificates.py issues one)."""
    from villagedesk.services import certificates

    values = {"subject_name": "王𬌗", "subject_id": "11010519491231002X", "purpose": "子女入学",
              "addressee": "芒市教育体育局", "address": "风平镇风平村三组12号", "residence_type": "租住",
              "since": "2019-03", "owner": "李四"}
    return certificates.issue(session, item_code="533103-BL-01", values=values, handler="张丽",
                              materials=["申请人居民身份证", "户口簿或居住证"], today=date(2026, 11, 23), out=out)


def _key_file(path, public: bytes, **change):
    data = {"format": "villagedesk-key/1", "office_code": "533103105202", "office_name": "芒市风平镇另一村民委员会",
            "alg": "Ed25519", "key_id": hashlib.sha256(public).hexdigest()[:16],
            "public_key": base64.b64encode(public).decode(), "created_at": "2026-03-01T09:00:00+08:00", **change}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_inspect_shows_the_fingerprint_and_trust_keeps_it(demo_session, township, tmp_path, snapshot):
    exported = _export(demo_session, tmp_path / "village.json")
    before = snapshot(township.db_path)
    info = keys.inspect_key_file(township, tmp_path / "village.json")
    assert snapshot(township.db_path) == before  # looking changes nothing
    assert info["fingerprint"] == exported["fingerprint"] == fingerprint(base64.b64decode(exported["public_key"]))
    assert not info["already_trusted"] and not info["own_office"] and not info["second_key"]
    trusted = keys.trust_key_file(township, tmp_path / "village.json")
    assert trusted["fingerprint"] == info["fingerprint"]
    listed = {k["key_id"]: k for k in keys.list_keys(township)}
    assert listed[trusted["key_id"]]["fingerprint"] == info["fingerprint"]
    answer = verification.verify_text(township, _payload(demo_session))
    assert answer["status"] == "valid" and answer["issuer"]["fingerprint"] == info["fingerprint"]


def test_a_key_claiming_this_desks_own_office_is_refused(demo_session, tmp_path, snapshot):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    path = _key_file(tmp_path / "fake.json", public, office_code=demo_session.require_desk().region_code)
    assert keys.inspect_key_file(demo_session, path)["own_office"]
    _export(demo_session, tmp_path / "own.json")  # makes the desk's own key
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError, match="本机自己的办公室"):
        keys.trust_key_file(demo_session, path)
    with pytest.raises(UserError, match="本机自己的办公室"):
        keys.trust_key_file(demo_session, path, second_key=True)
    assert snapshot(demo_session.db_path) == before
    # its own exported key, read back, is no forgery: a no-op
    assert not keys.inspect_key_file(demo_session, tmp_path / "own.json")["own_office"]
    keys.trust_key_file(demo_session, tmp_path / "own.json")
    assert snapshot(demo_session.db_path) == before


def test_a_second_key_for_a_trusted_office_needs_explicit_confirmation(demo_session, township, tmp_path, snapshot):
    _export(demo_session, tmp_path / "first.json")
    keys.trust_key_file(township, tmp_path / "first.json")
    with Session(tmp_path / "copycat") as copycat:  # a fake desk set up with the same region code
        desk_service.init_demo(copycat)
        _export(copycat, tmp_path / "second.json")
    info = keys.inspect_key_file(township, tmp_path / "second.json")
    assert info["second_key"] and "第二把可能是伪造的" in info["warning"] and info["existing"]
    before = snapshot(township.db_path)
    with pytest.raises(UserError, match="--second-key"):
        keys.trust_key_file(township, tmp_path / "second.json")
    assert snapshot(township.db_path) == before
    second = keys.trust_key_file(township, tmp_path / "second.json", second_key=True)
    assert len(key_store.office_keys(township.db, second["office_code"])) == 2


@pytest.mark.parametrize("hex_key", [SMALL_ORDER_8, "01" + "00" * 31, "00" * 32])
def test_a_small_order_key_is_refused_where_keys_are_accepted(township, tmp_path, snapshot, hex_key):
    path = _key_file(tmp_path / "weak.json", bytes.fromhex(hex_key))
    before = snapshot(township.db_path)
    with pytest.raises(UserError) as info:
        keys.trust_key_file(township, path)
    assert "小阶点" in info.value.text()
    with pytest.raises(UserError):
        keys.inspect_key_file(township, path)
    assert snapshot(township.db_path) == before


def test_a_small_order_key_trusted_before_this_fix_verifies_nothing(township):
    """A weak key already in the trust list (added by an older version): verify refuses it."""
    weak = bytes.fromhex("01" + "00" * 31)
    key_id = hashlib.sha256(weak).hexdigest()[:16]
    township.db.execute("INSERT INTO trusted_keys (key_id, alg, public_key, office_code, office_name, own, added_at) "
                        "VALUES (?, 'Ed25519', ?, '533103105202', '伪造村', 0, 'x')", [key_id, weak])
    fields = PayloadFields("certificate", "533103105202", "伪造村证〔2026〕1号", "X", date(2026, 3, 1), "李四",
                           "", content_digest({}))
    forged = seal(fields, key_id=bytes.fromhex(key_id), sign=lambda data: weak + bytes(32))
    answer = verification.verify_text(township, forged)
    assert not answer["valid"] and "小阶点" in answer["explanation"]


@pytest.mark.parametrize("junk", [b"\xff\xfe not json", b"[" * 100000, b'{"format": 1}', b"{}", b"1" * 70000])
def test_a_junk_key_file_gets_a_chinese_error(township, tmp_path, snapshot, junk):
    path = tmp_path / "junk.json"
    path.write_bytes(junk)
    before = snapshot(township.db_path)
    with pytest.raises(UserError) as info:
        keys.trust_key_file(township, path)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.text())
    assert snapshot(township.db_path) == before


def test_a_missing_key_file_or_a_folder_gets_a_chinese_error(township, tmp_path):
    with pytest.raises(UserError, match="找不到公钥文件"):
        keys.inspect_key_file(township, tmp_path / "nothing.json")
    with pytest.raises(UserError, match="文件夹"):
        keys.trust_key_file(township, tmp_path)


def test_revocation_is_dated_recorded_and_used_by_verify(demo_session, township, tmp_path, snapshot):
    _export(demo_session, tmp_path / "village.json")
    key = keys.trust_key_file(township, tmp_path / "village.json")
    early, late = _payload(demo_session, date(2026, 3, 1)), _payload(demo_session, date(2026, 6, 1), "风平村证〔2026〕2号")
    before = snapshot(township.db_path)
    for bad, match in (("0011223344556677", "没有编号"), ("zz", "不是密钥编号")):
        with pytest.raises(UserError, match=match):
            keys.revoke(township, bad, "电脑被盗")
    for when, match in (("2026-13-01", "不是日期"), ("2999-01-01", "晚于今天")):
        with pytest.raises(UserError, match=match):
            keys.revoke(township, key["key_id"], "电脑被盗", effective_on=when)
    with pytest.raises(UserError, match="原因"):
        keys.revoke(township, key["key_id"], " ")
    assert snapshot(township.db_path) == before

    revoked = keys.revoke(township, key["key_id"], "村里电脑被盗", effective_on="2026-05-01")
    assert revoked["revoked_at"] == "2026-05-01" and revoked["revocations"][0]["reason"] == "村里电脑被盗"
    after = verification.verify_text(township, late)
    assert not after["valid"] and "签名密钥已被撤销（2026-05-01，原因：村里电脑被盗）" in after["explanation"]
    before_answer = verification.verify_text(township, early)
    assert before_answer["valid"] and "后来已于 2026-05-01 被撤销" in before_answer["explanation"]
    listed = {k["key_id"]: k for k in keys.list_keys(township)}[key["key_id"]]
    assert listed["revoked_at"] == "2026-05-01" and listed["revocations"][0]["effective_on"] == "2026-05-01"
    # a record: never removed or changed, and a revoked key is not trusted again
    import sqlite3

    for sql in ("DELETE FROM key_revocations", "UPDATE key_revocations SET reason = 'x'"):
        with pytest.raises(sqlite3.IntegrityError):
            township.db.execute(sql)
    with pytest.raises(UserError, match="不能重新信任"):
        keys.trust_key_file(township, tmp_path / "village.json")


def test_init_with_another_office_is_refused_once_the_ledger_has_entries(demo_session, tmp_path, snapshot):
    """Relabelling the key would make every certificate already issued verify as 内容被改动."""
    issued = issue_residence(demo_session, tmp_path / "c.pdf")
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError, match="--data-dir"):
        desk_service.init_desk(demo_session, **TOWNSHIP)
    with pytest.raises(UserError, match="不能用于"):
        key_store.own_signer(demo_session.db, office_code=TOWNSHIP["region_code"], office_name=TOWNSHIP["name"])
    assert snapshot(demo_session.db_path) == before
    assert verification.verify_text(demo_session, issued["payload"])["status"] == "valid"


def test_init_with_another_office_on_an_empty_ledger_makes_a_new_key(township, tmp_path):
    old = keys.export_data(township)
    village = {"region_code": "533103105201", "name": "芒市风平镇风平村民委员会", "level": "village"}
    desk_service.init_desk(township, **village)
    new = keys.export_data(township)
    assert new["office_code"] == village["region_code"] and new["key_id"] != old["key_id"]
    listed = {k["key_id"]: k for k in keys.list_keys(township)}
    assert listed[old["key_id"]]["revoked_at"] and "办公室改为" in listed[old["key_id"]]["revoked_reason"]
    # a payload signed now carries the new office and its signature verifies at this desk; the
    # ledger then decides, and it holds no such number (issue 9: the issuer's ledger decides)
    answer = verification.verify_text(township, _payload(township))
    assert answer["status"] == "not_in_ledger" and answer["issuer"]["office_code"] == village["region_code"], answer

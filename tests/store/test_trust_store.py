"""store/trust_store.py and the v9 columns of key_store on a real desk file: a list applied to
trusted_keys (never a delete; revocations as records), pins, enrolments; the desk's own key
is via 'own'."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from villagedesk.core import trust_list as tl
from villagedesk.core.errors import UserError
from villagedesk.core.payload import key_id_for
from villagedesk.store import key_store, trust_store
from villagedesk.store.transaction import write


def _public() -> bytes:
    return Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _entry(public: bytes, code="533103105202", name="另一村", level="village", **more) -> tl.Entry:
    return tl.Entry(code, name, level, key_id_for(public).hex(), public, **more)


def _list(serial: int, *entries: tl.Entry) -> tl.TrustList:
    county = _entry(_public(), "533103000000", "芒市人民政府", "county")
    return tl.TrustList("533103000000", "芒市人民政府", serial, "2026-12-05T09:00:00+08:00", "2099-12-31", county.key_id,
                        (county, *entries))


def _apply(db, trust_list, own=()):
    return trust_store.apply_list(db, trust_list, body=tl.canonical_bytes(trust_list.to_json()).decode(), signature="x",
                                  source="测试", own_key_ids=set(own))


def test_the_desks_own_key_is_via_own(demo_session):
    desk = demo_session.require_desk()
    signer = key_store.own_signer(demo_session.db, office_code=desk.region_code, office_name=desk.name)
    own = key_store.find_key(demo_session.db, signer.key_id)
    assert own.via == "own" and own.via_name == "本机" and own.desk_id == desk.desk_id
    data = own.to_dict()
    assert data["via"] == "own" and {"key_id", "fingerprint", "revoked_at", "own", "source"} <= set(data)


def test_a_hand_trusted_key_is_via_hand_until_the_list_names_it(demo_session):
    public = _public()
    key_store.trust_key(demo_session.db, {"format": key_store.KEY_FORMAT, "office_code": "533103105202",
                                          "office_name": "另一村", "alg": "Ed25519", "key_id": key_id_for(public).hex(),
                                          "public_key": base64.b64encode(public).decode(), "created_at": ""}, source="a.json")
    assert key_store.find_key(demo_session.db, key_id_for(public)).via == "hand"
    counts = _apply(demo_session.db, _list(1, _entry(public, name="芒市风平镇另一村民委员会", desk_id="d-2",
                                                         valid_until="2030-12-31")))
    assert counts["added"] == 1 and counts["updated"] == 1  # the county key added, the hand key now vouched for
    key = key_store.find_key(demo_session.db, key_id_for(public))
    assert (key.via, key.office_name, key.desk_id, key.valid_until) == ("trust-list", "芒市风平镇另一村民委员会", "d-2", "2030-12-31")
    assert key.outside_validity("2031-01-01") and not key.outside_validity("2030-12-31")


def test_revocations_are_records_and_nothing_is_deleted(demo_session):
    a, b = _public(), _public()
    _apply(demo_session.db, _list(1, _entry(a), _entry(b, code="533103105203")))
    count = demo_session.db.execute("SELECT count(*) FROM trusted_keys").fetchone()[0]
    _apply(demo_session.db, _list(2, _entry(a, revoked_on="2026-10-01", revoked_reason="电脑被盗")))
    assert demo_session.db.execute("SELECT count(*) FROM trusted_keys").fetchone()[0] == count + 1  # a new county key only
    revoked = key_store.find_key(demo_session.db, key_id_for(a))
    assert revoked.revoked_at == "2026-10-01" and "电脑被盗" in revoked.revoked_reason
    assert [r["effective_on"] for r in key_store.revocations(demo_session.db, key_id_for(a).hex())] == ["2026-10-01"]
    dropped = key_store.find_key(demo_session.db, key_id_for(b))
    assert dropped.valid_until == "2026-12-05" and not dropped.revoked  # no longer listed: valid up to the new list
    # applied again (a later list keeps the revocation): no second record
    _apply(demo_session.db, _list(3, _entry(a, revoked_on="2026-10-01", revoked_reason="电脑被盗")))
    assert len(key_store.revocations(demo_session.db, key_id_for(a).hex())) == 1


def test_a_list_revoking_the_desks_own_key_retires_it(demo_session):
    desk = demo_session.require_desk()
    signer = key_store.own_signer(demo_session.db, office_code=desk.region_code, office_name=desk.name)
    own = _entry(signer.public_key, desk.region_code, desk.name, "village", revoked_on="2026-11-01", revoked_reason="换电脑")
    _apply(demo_session.db, _list(1, own), own=[signer.key_id_hex])
    key = key_store.find_key(demo_session.db, signer.key_id)
    assert key.via == "own" and key.revoked_at == "2026-11-01" and key.office_name == desk.name
    assert key_store.own_signer(demo_session.db, office_code=desk.region_code, office_name=desk.name).key_id != signer.key_id


def test_another_public_key_under_a_known_id_refuses_the_whole_list(demo_session, snapshot):
    public = _public()
    _apply(demo_session.db, _list(1, _entry(public)))
    before = snapshot(demo_session.db_path)
    forged = tl.Entry("533103105202", "另一村", "village", key_id_for(public).hex(), _public())
    with pytest.raises(UserError, match="公钥与本机已有的同编号密钥不同"):
        _apply(demo_session.db, _list(2, _entry(_public(), code="533103105209"), forged))
    assert snapshot(demo_session.db_path) == before


def test_pins_and_enrolments(demo_session):
    db = demo_session.db
    a, b = _public(), _public()
    pin = trust_store.pin(db, county_code="533103000000", county_name="芒市", key_id=key_id_for(a).hex(), public_key=a,
                          fingerprint="F", confirmed_by="李")
    assert pin["public_key"] == a and len(trust_store.pins(db)) == 1
    trust_store.pin(db, county_code="533103000000", county_name="芒市", key_id=key_id_for(b).hex(), public_key=b,
                    fingerprint="G", confirmed_by="王")
    assert [p["key_id"] for p in trust_store.pins(db)] == [key_id_for(b).hex()]
    first, new = trust_store.add_enrolment(db, key_id=key_id_for(a).hex(), public_key=a, office_code="533103105202",
                                           office_name="另一村", desk_id="d", created_at="", bundle_sha256="", note="")
    again, new_again = trust_store.add_enrolment(db, key_id=key_id_for(a).hex(), public_key=a, office_code="533103105202",
                                                 office_name="另一村", desk_id="d", created_at="", bundle_sha256="x", note="")
    assert new and not new_again and again == first and first["status"] == "pending"
    assert trust_store.decide_enrolment(db, key_id_for(a).hex(), "listed", "")["status"] == "listed"
    assert trust_store.enrolments(db, "pending") == []


def test_an_apply_inside_an_outer_write_is_undone_with_it(demo_session, snapshot):
    before = snapshot(demo_session.db_path)
    with pytest.raises(ZeroDivisionError):
        with write(demo_session.db):
            _apply(demo_session.db, _list(1, _entry(_public())))
            1 / 0
    assert snapshot(demo_session.db_path) == before

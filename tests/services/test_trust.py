"""Keys and trust between real desks (issue #11 item 4): a village enrols with the county, the
county publishes a signed trust list, the township pins the county key and applies the list,
and verify says how the issuing key is trusted. Every refusal changes nothing."""

from __future__ import annotations

import base64
import json
import shutil
from datetime import date, timedelta

import pytest

from villagedesk.core import trust_list as tl
from villagedesk.core.errors import UserError
from villagedesk.services import desk as desk_service
from villagedesk.services import keys, trust, verification
from villagedesk.services.session import Session

COUNTY = {"region_code": "533103000000", "name": "芒市人民政府", "short_name": "芒市", "level": "county"}
TOWNSHIP = {"region_code": "533103105000", "name": "芒市风平镇人民政府", "short_name": "风平镇", "level": "township"}


@pytest.fixture(scope="session")
def desk_templates(tmp_path_factory):
    folders = {}
    for name, office in (("county", COUNTY), ("township", TOWNSHIP)):
        folder = tmp_path_factory.mktemp(f"{name}-template")
        with Session(folder) as session:
            desk_service.init_desk(session, **office)
        folders[name] = folder
    return folders


def _open(desk_templates, tmp_path, name: str, as_name: str | None = None):
    target = tmp_path / (as_name or name)
    shutil.copytree(desk_templates[name], target)
    return Session(target)


@pytest.fixture
def county(desk_templates, tmp_path):
    with _open(desk_templates, tmp_path, "county") as session:
        yield session


@pytest.fixture
def township(desk_templates, tmp_path):
    with _open(desk_templates, tmp_path, "township") as session:
        yield session


def _payload(session, issued_on=date(2026, 3, 14), number="风平村证〔2026〕1号"):
    from villagedesk.core.payload import PayloadFields, content_digest, seal
    from villagedesk.store import key_store

    desk = session.require_desk()
    signer = key_store.own_signer(session.db, office_code=desk.region_code, office_name=desk.name)
    fields = PayloadFields("certificate", desk.region_code, number, "533103-BL-01", issued_on, "张三",
                           "533103********123X", content_digest({"n": number}))
    return seal(fields, key_id=signer.key_id, sign=signer.sign)


def _listed(county, village) -> dict:
    """The village enrolled, accepted and published: the county's signed record."""
    record = trust.enrolment_record(village)
    trust.receive_enrolment(county, record, bundle_sha256="ab" * 32)
    trust.decide_enrolment(county, record["key_id"], accept=True)
    return trust.publish_trust_list(county)


def _pinned(township, record) -> dict:
    preview = trust.preview_trust_list(township, record)
    return trust.pin_county(township, record=record, confirmed_fingerprint=preview["fingerprint"], confirmed_by="李科长")


def test_a_village_key_travels_up_and_the_list_travels_down(county, township, demo_session):
    record = trust.enrolment_record(demo_session)
    assert record["office_code"] == "533103105201" and record["level"] == "village"
    assert record["desk_id"] == demo_session.require_desk().desk_id and len(record["key_id"]) == 16
    got = trust.receive_enrolment(township, record, bundle_sha256="ab" * 32)
    assert got == {"key_id": record["key_id"], "office_code": "533103105201", "status": "pending", "new": True,
                   "flagged": False, "note": ""}
    assert trust.receive_enrolment(township, record, bundle_sha256="cd" * 32)["new"] is False  # idempotent
    assert [e["key_id"] for e in trust.enrolments(township, "pending")] == [record["key_id"]]
    # the township passes it up as it holds it
    relayed = trust.enrolments(township)[0]
    assert trust.receive_enrolment(county, relayed, bundle_sha256="cd" * 32)["new"] is True
    decided = trust.decide_enrolment(county, record["key_id"], accept=True, note="电话核对 12-05")
    assert decided["status"] == "listed" and decided["note"] == "电话核对 12-05"
    published = trust.publish_trust_list(county, valid_days=30)
    assert published["list"]["serial"] == 1
    assert published["list"]["valid_until"] == (date.fromisoformat(published["list"]["issued_at"][:10]) + timedelta(days=30)).isoformat()
    assert trust.current_trust_list(county) == published
    preview = trust.preview_trust_list(township, published)
    assert preview["needs_pin"] and not preview["pinned"] and preview["outcome"] == "apply"
    assert {a["office_code"] for a in preview["added"]} == {"533103000000", "533103105201"}
    with pytest.raises(UserError, match="还没有固定县级密钥"):
        trust.apply_trust_list(township, published, source="U盘")
    pin = _pinned(township, published)
    assert pin["new"] and pin["confirmed_by"] == "李科长" and pin["county_code"] == "533103000000"
    applied = trust.apply_trust_list(township, published, source="U盘")
    assert applied["outcome"] == "apply" and applied["added"] == 2
    assert trust.apply_trust_list(township, published, source="U盘")["outcome"] == "unchanged"
    assert trust.current_trust_list(township) == published  # passed down unchanged
    assert trust.enrolments(township)[0]["status"] == "listed"
    answer = verification.verify_text(township, _payload(demo_session))
    assert answer["status"] == "valid" and answer["issuer"]["via"] == "trust-list"
    assert answer["issuer"]["trust"] == "经县级信任清单认可（第 1 版）" and "经县级信任清单认可（第 1 版）" in answer["explanation"]
    listed = {k["key_id"]: k for k in keys.list_keys(township)}
    assert listed[record["key_id"]]["via_name"] == "信任清单"
    assert listed[record["key_id"]]["desk_id"] == record["desk_id"]


def test_own_and_hand_trusted_keys_say_so(demo_session, township, tmp_path):
    own = verification.verify_text(demo_session, _payload(demo_session))
    assert own["issuer"]["trust"] == "本机密钥" and own["issuer"]["via"] == "own"
    data = keys.export_data(demo_session)
    path = tmp_path / "village.json"
    path.write_text(json.dumps({k: v for k, v in data.items() if k != "fingerprint"}, ensure_ascii=False), encoding="utf-8")
    keys.trust_key_file(township, path)
    answer = verification.verify_text(township, _payload(demo_session))
    assert answer["status"] == "valid" and answer["issuer"]["trust"] == "本机手工信任"
    assert "签名密钥：本机手工信任。" in answer["explanation"]
    assert [k["via"] for k in keys.list_keys(demo_session) if k["own"]] == ["own"]


def test_revocation_and_validity_travel_in_the_list(county, township, demo_session):
    record = _listed(county, demo_session)
    village_key = trust.enrolment_record(demo_session)["key_id"]
    _pinned(township, record)
    trust.apply_trust_list(township, record, source="U盘")
    keys.revoke(county, village_key, "电脑被盗", effective_on="2026-06-01")
    second = trust.publish_trust_list(county)
    preview = trust.preview_trust_list(township, second)
    assert preview["outcome"] == "apply" and preview["current_serial"] == 1 and preview["serial"] == 2
    assert [r["key_id"] for r in preview["revoked"]] == [village_key] and not preview["added"]
    counts = trust.apply_trust_list(township, second, source="U盘")
    assert counts["revoked"] == 1
    before = verification.verify_text(township, _payload(demo_session, issued_on=date(2026, 3, 14)))
    assert before["status"] == "valid" and "2026-06-01" in before["explanation"]
    after = verification.verify_text(township, _payload(demo_session, issued_on=date(2026, 7, 1),
                                                        number="风平村证〔2026〕2号"))
    assert after["status"] == "unknown_issuer" and after["revoked"] is True
    revocations = [k for k in keys.list_keys(township) if k["key_id"] == village_key][0]["revocations"]
    assert len(revocations) == 1 and revocations[0]["effective_on"] == "2026-06-01" and "电脑被盗" in revocations[0]["reason"]
    signer = trust.bundle_signer(township, village_key, on="2026-07-01")
    assert signer["revoked"] is True and "2026-06-01" in signer["reason"] and signer["via"] == "trust-list"
    assert trust.bundle_signer(township, village_key, on="2026-05-01")["revoked"] is False
    assert trust.bundle_signer(township, "0123456789abcdef", on="2026-05-01") is None
    assert trust.bundle_signer(township, "not hex", on="2026-05-01") is None


def test_a_key_outside_its_validity_is_refused_by_verify(county, township, demo_session):
    record = _listed(county, demo_session)
    _pinned(township, record)
    trust.apply_trust_list(township, record, source="U盘")
    village_key = trust.enrolment_record(demo_session)["key_id"]
    # the county lists a key only from a date (a key replacing another)
    county.db.execute("UPDATE trusted_keys SET valid_from = '2026-05-01' WHERE key_id = ?", [village_key])
    trust.apply_trust_list(township, trust.publish_trust_list(county), source="U盘")
    early = verification.verify_text(township, _payload(demo_session, issued_on=date(2026, 3, 14)))
    assert early["status"] == "unknown_issuer" and early["outside_validity"] and "2026-05-01" in early["explanation"]
    assert verification.verify_text(township, _payload(demo_session, issued_on=date(2026, 5, 2),
                                                        number="风平村证〔2026〕3号"))["status"] == "valid"
    assert trust.bundle_signer(township, village_key, on="2026-04-30")["revoked"] is True


def test_an_older_serial_is_previewed_as_older_and_refused(county, township, demo_session, snapshot):
    first = _listed(county, demo_session)
    second = trust.publish_trust_list(county)
    _pinned(township, second)
    trust.apply_trust_list(township, second, source="U盘")
    assert trust.preview_trust_list(township, first)["outcome"] == "older"
    before = snapshot(township.db_path)
    with pytest.raises(UserError, match="旧清单不能替换新清单"):
        trust.apply_trust_list(township, first, source="U盘")
    assert snapshot(township.db_path) == before


def test_a_list_signed_by_another_county_key_is_refused(county, township, demo_session, desk_templates, tmp_path, snapshot):
    record = _listed(county, demo_session)
    _pinned(township, record)
    trust.apply_trust_list(township, record, source="U盘")
    fake = _open(desk_templates, tmp_path, "county", "fake-county")
    forged = trust.publish_trust_list(fake)  # a second county desk: serial 1 again, another key
    fingerprint = tl.verify_record(forged).signer.fingerprint
    before = snapshot(township.db_path)
    for action in (lambda: trust.preview_trust_list(township, forged),
                   lambda: trust.apply_trust_list(township, forged, source="U盘")):
        with pytest.raises(UserError) as exc:
            action()
        assert "不是本机固定的县级密钥" in exc.value.message
    with pytest.raises(UserError, match="重新固定"):
        trust.pin_county(township, record=forged, confirmed_fingerprint=fingerprint)
    assert snapshot(township.db_path) == before
    # an explicit re-pin after the phone check takes the new key
    assert trust.pin_county(township, record=forged, confirmed_fingerprint=fingerprint, replace=True)["new"]
    # a county set up anew continues above the serials the desks hold
    assert trust.preview_trust_list(township, forged)["outcome"] == "older"
    renewed = trust.publish_trust_list(fake, serial=5)
    fake.close()
    assert trust.apply_trust_list(township, renewed, source="U盘")["serial"] == 5


def test_bad_lists_change_nothing(county, township, demo_session, snapshot, monkeypatch):
    record = _listed(county, demo_session)
    _pinned(township, record)
    before = snapshot(township.db_path)
    flipped = json.loads(json.dumps(record, ensure_ascii=False).replace("风平村民委员会", "风平村民委员 会"))
    bad = [
        (flipped, "签名与内容不符"),
        ({**record, "signature": ("B" if record["signature"][0] != "B" else "C") + record["signature"][1:]}, "签名与内容不符"),
        ({**record, "list": {**record["list"], "entries": "x"}}, "信任清单有误"),
        ({"format": "villagedesk-trust-list"}, "格式版本号"),
        ("not a dict", "JSON 对象"),
    ]
    for broken, words in bad:
        for action in (trust.preview_trust_list, lambda s, r: trust.apply_trust_list(s, r, source="U盘")):
            with pytest.raises(UserError) as exc:
                action(township, broken)
            assert words in exc.value.text()
    monkeypatch.setattr(trust, "today", lambda: date.today() + timedelta(days=400))
    with pytest.raises(UserError, match="过期"):
        trust.apply_trust_list(township, record, source="U盘")
    assert snapshot(township.db_path) == before


def test_a_wrong_fingerprint_does_not_pin(county, township, demo_session, snapshot):
    record = _listed(county, demo_session)
    right = trust.preview_trust_list(township, record)["fingerprint"]
    before = snapshot(township.db_path)
    wrong = right[:-1] + ("A" if right[-1] != "A" else "B")
    for typed in (wrong, "", right[:20]):
        with pytest.raises(UserError, match="指纹"):
            trust.pin_county(township, record=record, confirmed_fingerprint=typed)
    assert snapshot(township.db_path) == before
    assert trust.pin_county(township, record=record, confirmed_fingerprint=right.replace("-", " ").lower())["new"]
    assert not trust.pin_county(township, record=record, confirmed_fingerprint=right)["new"]  # the same again


def test_a_second_key_for_one_desk_stays_beside_it_flagged(county, demo_session):
    record = trust.enrolment_record(demo_session)
    trust.receive_enrolment(county, record, bundle_sha256="ab" * 32)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from villagedesk.core.payload import key_id_for

    public = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    other = {**record, "public_key": base64.b64encode(public).decode(), "key_id": key_id_for(public).hex()}
    got = trust.receive_enrolment(county, other, bundle_sha256="cd" * 32)
    assert got["new"] and got["flagged"] and "另一台电脑" in got["note"]
    assert len(trust.enrolments(county, "pending")) == 2
    refused = trust.decide_enrolment(county, other["key_id"], accept=False, note="复制的数据库")
    assert refused["status"] == "refused"
    published = trust.publish_trust_list(county)
    assert other["key_id"] not in {e["key_id"] for e in published["list"]["entries"]}


@pytest.mark.parametrize("change, words", [
    ({"public_key": "AAAA"}, "公钥"),
    ({"key_id": "0" * 16}, "与公钥不符"),
    ({"office_code": "533199105201"}, "辖区"),
    ({"office_code": "12"}, "区划代码"),
    ({"format": "other"}, "format"),
    ({"desk_id": 5}, "desk_id"),
])
def test_bad_enrolments_are_refused(county, demo_session, snapshot, change, words):
    record = {**trust.enrolment_record(demo_session), **change}
    before = snapshot(county.db_path)
    with pytest.raises(UserError) as exc:
        trust.receive_enrolment(county, record, bundle_sha256="ab" * 32)
    assert words in exc.value.text()
    assert snapshot(county.db_path) == before


def test_only_the_right_desks_do_each_step(county, township, demo_session):
    record = trust.enrolment_record(demo_session)
    with pytest.raises(UserError, match="村级桌面"):
        trust.receive_enrolment(demo_session, record, bundle_sha256="")
    trust.receive_enrolment(township, record, bundle_sha256="")
    with pytest.raises(UserError, match="只有县级桌面"):
        trust.decide_enrolment(township, record["key_id"], accept=True)
    with pytest.raises(UserError, match="只有县级桌面"):
        trust.publish_trust_list(township)
    with pytest.raises(UserError, match="有效天数"):
        trust.publish_trust_list(county, valid_days=0)
    with pytest.raises(UserError, match="没有编号"):
        trust.decide_enrolment(county, "0123456789abcdef", accept=True)
    assert trust.current_trust_list(township) is None


def test_a_township_applies_inside_an_outer_write_all_or_nothing(county, township, demo_session, snapshot):
    """The sync import applies the list inside its own transaction: a later failure undoes it."""
    from villagedesk.store.transaction import write

    record = _listed(county, demo_session)
    _pinned(township, record)
    before = snapshot(township.db_path)
    with pytest.raises(RuntimeError):
        with write(township.db):
            trust.apply_trust_list(township, record, source="U盘")
            raise RuntimeError("the bundle's next part failed")
    assert snapshot(township.db_path) == before
    with write(township.db):
        assert trust.apply_trust_list(township, record, source="U盘")["added"] == 2
    assert trust.status(township)["current"]["serial"] == 1


def test_a_list_from_another_county_is_refused(county, demo_session, desk_templates, tmp_path):
    record = _listed(county, demo_session)
    with Session(tmp_path / "elsewhere") as other:
        desk_service.init_desk(other, region_code="533102105000", name="瑞丽市勐卯镇人民政府", short_name="勐卯镇",
                               level="township")
        with pytest.raises(UserError, match="其他县"):
            trust.preview_trust_list(other, record)

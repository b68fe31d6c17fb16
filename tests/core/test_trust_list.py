"""The county's trust list document (core/trust_list.py): canonical bytes, signature, strict
parsing with the field named, the difference between two lists, fingerprints by phone."""

from __future__ import annotations

import copy
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from villagedesk.core import trust_list as tl
from villagedesk.core.errors import UserError
from villagedesk.core.key_fingerprint import fingerprint
from villagedesk.core.payload import key_id_for

COUNTY = "533103000000"


def _key():
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return private, public


def _entry(public: bytes, code: str, name: str, level: str, **more) -> tl.Entry:
    return tl.Entry(code, name, level, key_id_for(public).hex(), public, **more)


@pytest.fixture(scope="module")
def county_key():
    return _key()


def make_list(county_key, *entries: tl.Entry, serial: int = 1, valid_until: str = "2099-12-31") -> tuple[tl.TrustList, dict]:
    private, public = county_key
    signer = _entry(public, COUNTY, "芒市人民政府", "county", desk_id="desk-county")
    doc = tl.TrustList(COUNTY, "芒市人民政府", serial, "2026-12-05T09:00:00+08:00", valid_until,
                       signer.key_id, (signer, *entries))
    return doc, tl.sign(doc, private.sign)


def test_a_signed_list_verifies_and_parses_back(county_key):
    _, village = _key()
    entry = _entry(village, "533103105201", "芒市风平镇风平村民委员会", "village", desk_id="d1",
                   valid_from="2026-01-01", valid_until="2030-12-31")
    doc, record = make_list(county_key, entry)
    again = tl.verify_record(json.loads(json.dumps(record)))  # through a file: the same bytes are recomputed
    assert set(again.entries) == set(doc.entries) and again.serial == doc.serial
    assert again.entry(entry.key_id) == entry and again.signer.level == "county"
    # canonical bytes: sorted keys, compact, UTF-8 (not \\u escapes)
    raw = tl.canonical_bytes(record["list"])
    assert "芒市".encode() in raw and b": " not in raw and raw == tl.canonical_bytes(json.loads(raw))


def test_canonical_bytes_do_not_depend_on_key_order(county_key):
    _, record = make_list(county_key)
    shuffled = dict(reversed(list(record["list"].items())))
    assert tl.canonical_bytes(shuffled) == tl.canonical_bytes(record["list"])


@pytest.mark.parametrize("path, value", [
    (("list", "county_name"), "芒市人民政 府"),
    (("list", "serial"), 2),
    (("list", "valid_until"), "2100-01-01"),
    (("list", "entries", 0, "office_name"), "别的单位"),
])
def test_any_change_breaks_the_signature(county_key, path, value):
    _, record = make_list(county_key)
    changed = copy.deepcopy(record)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(UserError) as exc:
        tl.verify_record(changed)
    assert "签名与内容不符" in exc.value.message and exc.value.where == "signature"


def test_a_flipped_byte_in_the_file_is_refused(county_key):
    _, record = make_list(county_key)
    text = json.dumps(record, ensure_ascii=False)
    at = text.index("芒市人民政府")
    flipped = text[:at] + "茫" + text[at + 1:]
    with pytest.raises(UserError, match="签名与内容不符"):
        tl.verify_record(json.loads(flipped))
    sig = record["signature"]
    bad_sig = {**record, "signature": ("B" if sig[0] != "B" else "C") + sig[1:]}
    with pytest.raises(UserError, match="签名与内容不符"):
        tl.verify_record(bad_sig)


def test_a_list_signed_by_a_village_key_is_refused(county_key):
    private, public = _key()
    village = _entry(public, "533103105201", "风平村", "village")
    doc = tl.TrustList(COUNTY, "芒市人民政府", 1, "2026-12-05T09:00:00+08:00", "2099-12-31", village.key_id, (village,))
    with pytest.raises(UserError) as exc:
        tl.verify_record(tl.sign(doc, private.sign))
    assert any(p.where == "list.signer_key_id" and "不是本县" in p.message for p in exc.value.problems)


def _problems(record) -> dict[str, str]:
    with pytest.raises(UserError) as exc:
        tl.verify_record(record)
    return {p.where: p.message for p in exc.value.problems} or {exc.value.where: exc.value.message}


@pytest.mark.parametrize("change, where, words", [
    (lambda d: d.update(county_code="53310300000"), "list.county_code", "12 位数字"),
    (lambda d: d.update(county_code="533103105000"), "list.county_code", "不是县级"),
    (lambda d: d.update(serial=1.0), "list.serial", "正整数"),
    (lambda d: d.update(serial=True), "list.serial", "正整数"),
    (lambda d: d.update(serial=0), "list.serial", "正整数"),
    (lambda d: d.update(issued_at="昨天"), "list.issued_at", "ISO"),
    (lambda d: d.update(valid_until="2026-02-30"), "list.valid_until", "不是有效日期"),
    (lambda d: d.update(valid_until="2020-01-01"), "list.valid_until", "早于签发日期"),
    (lambda d: d.update(extra=1), "list.extra", "不认识"),
    (lambda d: d.pop("county_name"), "list.county_name", "缺少"),
    (lambda d: d.update(entries={}), "list.entries", "列表"),
    (lambda d: d["entries"][0].update(level="province"), "list.entries[0].level", "级别"),
    (lambda d: d["entries"][0].update(alg="SM2"), "list.entries[0].alg", "不支持"),
    (lambda d: d["entries"][0].update(public_key="AAAA"), "list.entries[0].public_key", "32 字节"),
    (lambda d: d["entries"][0].update(key_id="0" * 16), "list.entries[0].key_id", "与公钥不符"),
    (lambda d: d["entries"][0].update(valid_from="2026/01/01"), "list.entries[0].valid_from", "YYYY-MM-DD"),
    (lambda d: d["entries"][0].update(revoked={"effective_on": "2026-01-01"}), "list.entries[0].revoked", "effective_on"),
    (lambda d: d["entries"][0].update(office_name="风\x07平"), "list.entries[0].office_name", "控制字符"),
    (lambda d: d["entries"].append(dict(d["entries"][0])), "list.entries[1].key_id", "重复"),
    (lambda d: d["entries"][0].update(public_key="x" * 44), "list.entries[0].public_key", "Base64"),
])
def test_malformed_lists_name_the_field(county_key, change, where, words):
    _, record = make_list(county_key)
    bad = copy.deepcopy(record)
    change(bad["list"])
    problems = _problems(bad)
    assert where in problems and words in problems[where], problems


@pytest.mark.parametrize("record, where, words", [
    ([], "", "JSON 对象"),
    ({"format": "other"}, "format", "format"),
    ({"format": tl.FORMAT, "version": 2}, "version", "升级"),
    ({"format": tl.FORMAT, "version": 1, "list": None, "signature": ""}, "list", "清单内容"),
])
def test_not_a_trust_list(record, where, words):
    with pytest.raises(UserError) as exc:
        tl.verify_record(record)
    assert exc.value.where == where and words in exc.value.message


def test_a_bad_signature_field(county_key):
    _, record = make_list(county_key)
    with pytest.raises(UserError, match="64 字节"):
        tl.verify_record({**record, "signature": "abc"})


def test_the_difference_between_two_lists(county_key):
    _, a = _key()
    _, b = _key()
    _, c = _key()
    ea = _entry(a, "533103105201", "风平村", "village")
    eb = _entry(b, "533103105202", "另一村", "village")
    ec = _entry(c, "533103105000", "风平镇", "township")
    old, _ = make_list(county_key, ea, eb)
    eb_revoked = tl.Entry(eb.office_code, eb.office_name, eb.level, eb.key_id, eb.public_key,
                          revoked_on="2026-11-01", revoked_reason="电脑被盗")
    ea_renamed = tl.Entry(ea.office_code, "芒市风平镇风平村民委员会", ea.level, ea.key_id, ea.public_key,
                          valid_until="2030-12-31")
    new, _ = make_list(county_key, ea_renamed, eb_revoked, ec, serial=2)
    changes = tl.diff(old, new)
    assert [x["key_id"] for x in changes["added"]] == [ec.key_id]
    assert [x["key_id"] for x in changes["revoked"]] == [eb.key_id]
    assert changes["revoked"][0]["revoked_reason"] == "电脑被盗"
    (changed,) = changes["changed"]
    assert changed["key_id"] == ea.key_id and changed["fields"] == ["office_name", "valid_until"]
    assert changed["before"]["office_name"] == "风平村" and changed["after"]["valid_until"] == "2030-12-31"
    dropped, _ = make_list(county_key, ea_renamed, serial=3)
    gone = tl.diff(new, dropped)["changed"]
    assert {x["key_id"] for x in gone} == {eb.key_id, ec.key_id} and all(x["fields"] == ["listed"] for x in gone)
    assert [x["key_id"] for x in tl.diff(None, old)["added"]] == [old.signer_key_id, ea.key_id, eb.key_id]


def test_fingerprint_groups_are_read_aloud_and_compared_loosely(county_key):
    _, public = county_key
    groups = tl.fingerprint_groups(public)
    assert groups == fingerprint(public) and len(groups.split("-")) == 8
    assert tl.same_fingerprint(groups.lower().replace("-", " "), public)
    assert tl.same_fingerprint(" " + groups.replace("-", "") + " ", public)
    assert not tl.same_fingerprint(groups[:-1] + ("A" if groups[-1] != "A" else "B"), public)
    assert not tl.same_fingerprint("", public)


def test_the_list_expires_after_its_last_day(county_key):
    from datetime import date

    doc, _ = make_list(county_key, valid_until="2026-12-31")
    assert not doc.expired(date(2026, 12, 31)) and doc.expired(date(2027, 1, 1))


def test_the_worked_example_in_the_docs_verifies():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "formats" / "trust-list.md").read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)\n```", text, re.S)]
    record = next(b for b in blocks if b.get("format") == tl.FORMAT)
    checked = tl.verify_record(record)
    assert checked.serial == 3 and checked.signer.fingerprint == "2KML-X5XR-66DB-VJJU-WZ3M-IYK2-66KX-S344"
    assert len(tl.canonical_bytes(record["list"])) == 1221
    revoked = [e for e in checked.entries if e.revoked_on]
    assert [(e.revoked_on, e.valid_until) for e in revoked] == [("2026-11-20", "2026-11-19")]

"""The county's trust list (信任清单): which public keys belong to which office, from when to
when, and which are revoked — signed by the county desk's key and carried down to every
township and village desk (issue #11 item 4, docs/formats/trust-list.md).

Pure: the document, its canonical bytes, Ed25519 signing and checking, strict parsing and
the difference between two lists. What a desk does with a list (pins, stored lists,
`trusted_keys`) is store/trust_store.py and services/trust.py.

Why canonical JSON and not the QR envelope's binary format: a trust list is read by people
(the worked example in the docs, a county officer opening the file), it is not size-bound,
and sorted-key compact UTF-8 JSON of strings, integers, lists and objects only (no floats)
has exactly one byte form, so what was signed is recomputed from the parsed document.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from villagedesk.core.ed25519_checks import is_weak_public_key
from villagedesk.core.errors import Problem, UserError
from villagedesk.core.key_fingerprint import fingerprint
from villagedesk.core.payload import key_id_for
from villagedesk.core.text import control_chars

FORMAT = "villagedesk-trust-list"
VERSION = 1
LEVELS = ("village", "township", "county")
MAX_ENTRIES = 100_000
_CODE = re.compile(r"[0-9]{12}")
_HEX_ID = re.compile(r"[0-9a-f]{16}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DOC_FIELDS = {"format", "version", "county_code", "county_name", "serial", "issued_at", "valid_until",
               "signer_key_id", "entries"}
_ENTRY_FIELDS = {"office_code", "office_name", "level", "key_id", "alg", "public_key", "desk_id", "valid_from",
                 "valid_until", "revoked"}
_RECORD_FIELDS = {"format", "version", "list", "signature"}
# what a changed entry is compared by (key id and public key are the entry's identity)
_COMPARED = ("office_code", "office_name", "level", "desk_id", "valid_from", "valid_until", "revoked")


@dataclass(frozen=True)
class Entry:
    """One key of one office as the county lists it."""

    office_code: str
    office_name: str
    level: str  # village | township | county
    key_id: str  # 16 hex digits: the first 8 bytes of SHA-256 of the public key
    public_key: bytes
    desk_id: str = ""
    valid_from: str | None = None  # YYYY-MM-DD, or no lower bound
    valid_until: str | None = None  # YYYY-MM-DD (the last valid day), or no end
    revoked_on: str | None = None  # YYYY-MM-DD: certificates dated on or after it are not valid
    revoked_reason: str = ""
    alg: str = "Ed25519"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def to_json(self) -> dict:
        return {
            "office_code": self.office_code, "office_name": self.office_name, "level": self.level,
            "key_id": self.key_id, "alg": self.alg, "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "desk_id": self.desk_id, "valid_from": self.valid_from, "valid_until": self.valid_until,
            "revoked": ({"effective_on": self.revoked_on, "reason": self.revoked_reason}
                        if self.revoked_on else None),
        }


@dataclass(frozen=True)
class TrustList:
    county_code: str
    county_name: str
    serial: int
    issued_at: str  # ISO date-time with offset
    valid_until: str  # YYYY-MM-DD, the last day the list may be applied
    signer_key_id: str
    entries: tuple[Entry, ...]

    def to_json(self) -> dict:
        return {
            "format": FORMAT, "version": VERSION, "county_code": self.county_code, "county_name": self.county_name,
            "serial": self.serial, "issued_at": self.issued_at, "valid_until": self.valid_until,
            "signer_key_id": self.signer_key_id,
            "entries": [e.to_json() for e in sorted(self.entries, key=lambda e: (e.office_code, e.key_id))],
        }

    @property
    def signer(self) -> Entry:
        """The entry of the key that signed the list (parse_list checks it is there)."""
        return next(e for e in self.entries if e.key_id == self.signer_key_id)

    def entry(self, key_id: str) -> Entry | None:
        return next((e for e in self.entries if e.key_id == key_id), None)

    def expired(self, today: date) -> bool:
        return today.isoformat() > self.valid_until


def canonical_bytes(document: dict) -> bytes:
    """The one byte form that is signed: sorted keys, no spaces, UTF-8 (not \\u escapes)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def sign(trust_list: TrustList, sign_bytes) -> dict:
    """The record a desk stores and a bundle carries: the document and its signature.
    `sign_bytes` is the county desk's Signer.sign (the private key never comes here)."""
    document = trust_list.to_json()
    signature = sign_bytes(canonical_bytes(document))
    return {"format": FORMAT, "version": VERSION, "list": document,
            "signature": base64.b64encode(signature).decode("ascii")}


def verify_record(record: dict) -> TrustList:
    """The list in a record, parsed strictly and its signature checked against the signer's
    own entry. UserError (Chinese, naming the field) for anything else; says nothing yet about
    whether the signer is the county key this desk pinned (services/trust.py does that)."""
    if not isinstance(record, dict):
        raise UserError("不是村务桌面的信任清单（内容应是一个 JSON 对象）")
    if record.get("format") != FORMAT:
        raise UserError(f"不是村务桌面的信任清单（format 应为 {FORMAT}）", where="format")
    _check_version(record.get("version"), "version")
    unknown = sorted(set(record) - _RECORD_FIELDS)
    if unknown:
        raise UserError(f"信任清单中有不认识的字段：{'、'.join(map(str, unknown))[:200]}", where="format")
    document = record.get("list")
    trust_list = parse_list(document)
    assert isinstance(document, dict)  # parse_list refused anything else
    signature_text = record.get("signature")
    try:
        signature = base64.b64decode(signature_text if isinstance(signature_text, str) else "", validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if len(signature) != 64:
        raise UserError("信任清单的签名不是 64 字节的 Base64：文件被改动过或不完整", where="signature")
    try:
        Ed25519PublicKey.from_public_bytes(trust_list.signer.public_key).verify(signature, canonical_bytes(document))
    except InvalidSignature:
        raise UserError("信任清单的签名与内容不符：清单在签发后被改动过，或是伪造的，已拒绝", where="signature") from None
    return trust_list


def parse_list(document) -> TrustList:
    """The list document checked field by field; every problem is listed, then refused."""
    if not isinstance(document, dict):
        raise UserError("信任清单缺少清单内容（list 应是一个 JSON 对象）", where="list")
    if document.get("format") != FORMAT:
        raise UserError(f"清单内容的 format 应为 {FORMAT}", where="list.format")
    _check_version(document.get("version"), "list.version")
    problems: list[Problem] = []

    def bad(where: str, message: str) -> None:
        problems.append(Problem("error", message, where))

    for name in sorted(set(document) - _DOC_FIELDS):
        bad(f"list.{name}"[:80], "不认识的字段")
    county_code = _code(document, "county_code", "list.county_code", bad)
    if county_code and county_code[6:] != "000000":
        bad("list.county_code", f"“{county_code}”不是县级区划代码（后 6 位应为 0）")
    county_name = _text(document, "county_name", "list.county_name", 100, bad)
    serial = document.get("serial")
    if not isinstance(serial, int) or isinstance(serial, bool) or not 1 <= serial < 2**53:
        bad("list.serial", "版本号应为正整数")
        serial = 0
    issued_at = document.get("issued_at")
    if not isinstance(issued_at, str) or not _is_datetime(issued_at):
        bad("list.issued_at", "签发时间应为 ISO 日期时间（如 2026-12-05T09:00:00+08:00）")
        issued_at = ""
    valid_until = _date(document.get("valid_until"), "list.valid_until", bad, required=True) or ""
    if issued_at and valid_until and valid_until < issued_at[:10]:
        bad("list.valid_until", "有效期截止日早于签发日期")
    signer_key_id = document.get("signer_key_id")
    if not isinstance(signer_key_id, str) or not _HEX_ID.fullmatch(signer_key_id):
        bad("list.signer_key_id", "应为 16 位小写十六进制数字")
        signer_key_id = ""
    entries_raw = document.get("entries")
    entries: list[Entry] = []
    if not isinstance(entries_raw, list):
        bad("list.entries", "应为列表")
        entries_raw = []
    elif len(entries_raw) > MAX_ENTRIES:
        bad("list.entries", f"条目过多（{len(entries_raw)} 条，最多 {MAX_ENTRIES} 条）")
        entries_raw = []
    seen: set[str] = set()
    for n, raw in enumerate(entries_raw):
        entry = _entry(raw, f"list.entries[{n}]", bad)
        if entry is None:
            continue
        if entry.key_id in seen:
            bad(f"list.entries[{n}].key_id", f"密钥 {entry.key_id} 重复出现")
        seen.add(entry.key_id)
        entries.append(entry)
    if signer_key_id and not problems:
        signer = next((e for e in entries if e.key_id == signer_key_id), None)
        if signer is None:
            bad("list.signer_key_id", "签名密钥不在清单条目中")
        elif signer.office_code != county_code or signer.level != "county":
            bad("list.signer_key_id", f"签名密钥属于 {signer.office_name}（{signer.office_code}），不是本县（{county_code}）的县级密钥")
        elif signer.revoked_on:
            bad("list.signer_key_id", "签名密钥在清单中已被撤销")
    if problems:
        raise UserError("信任清单有误，没有采用", problems=problems)
    return TrustList(county_code, county_name, serial, issued_at, valid_until, signer_key_id, tuple(entries))


def _check_version(version, where: str) -> None:
    if not isinstance(version, int) or isinstance(version, bool):
        raise UserError("信任清单缺少格式版本号", where=where)
    if version > VERSION:
        raise UserError(f"信任清单是较新的格式（第 {version} 版），本程序只认识第 {VERSION} 版：请先升级村务桌面", where=where)
    if version != VERSION:
        raise UserError(f"信任清单的格式版本 {version} 不认识", where=where)


def _code(data: dict, name: str, where: str, bad) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        bad(where, f"“{str(value)[:20]}”不是 12 位数字的区划代码")
        return ""
    return value


def _text(data: dict, name: str, where: str, limit: int, bad, *, required: bool = True) -> str:
    value = data.get(name)
    if not isinstance(value, str) or (required and not value.strip()):
        bad(where, "缺少或为空")
        return ""
    if len(value) > limit or control_chars(value):
        bad(where, f"过长（超过 {limit} 个字符）或含有控制字符")
        return ""
    return value


def _date(value, where: str, bad, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        bad(where, "应为日期 YYYY-MM-DD" + ("" if required else "（或 null）"))
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        bad(where, f"“{value}”不是有效日期")
        return None
    return value


def _is_datetime(value: str) -> bool:
    if len(value) > 40:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _entry(raw, where: str, bad) -> Entry | None:
    if not isinstance(raw, dict):
        bad(where, "应为 JSON 对象")
        return None
    errors: list[tuple[str, str]] = []

    def err(w: str, m: str) -> None:
        errors.append((w, m))

    for name in sorted(set(raw) - _ENTRY_FIELDS):
        err(f"{where}.{name}"[:100], "不认识的字段")
    office_code = _code(raw, "office_code", f"{where}.office_code", err)
    office_name = _text(raw, "office_name", f"{where}.office_name", 100, err)
    level = raw.get("level")
    if level not in LEVELS:
        err(f"{where}.level", "级别应为 village、township 或 county")
    if raw.get("alg") != "Ed25519":
        err(f"{where}.alg", f"签名算法“{str(raw.get('alg'))[:20]}”不支持（应为 Ed25519）")
    public_key = b""
    text = raw.get("public_key")
    try:
        public_key = base64.b64decode(text if isinstance(text, str) else "", validate=True)
        Ed25519PublicKey.from_public_bytes(public_key)
    except (binascii.Error, ValueError):
        err(f"{where}.public_key", "不是有效的 Ed25519 公钥（应为 32 字节的 Base64）")
        public_key = b""
    if public_key and is_weak_public_key(public_key):
        err(f"{where}.public_key", "是无效的弱公钥（小阶点），已拒绝")
        public_key = b""
    key_id = raw.get("key_id")
    if not isinstance(key_id, str) or not _HEX_ID.fullmatch(key_id):
        err(f"{where}.key_id", "应为 16 位小写十六进制数字")
    elif public_key and key_id_for(public_key).hex() != key_id:
        err(f"{where}.key_id", "与公钥不符")
    desk_id = _text(raw, "desk_id", f"{where}.desk_id", 64, err, required=False)
    valid_from = _date(raw.get("valid_from"), f"{where}.valid_from", err)
    valid_until = _date(raw.get("valid_until"), f"{where}.valid_until", err)
    if valid_from and valid_until and valid_until < valid_from:
        err(f"{where}.valid_until", "有效期截止日早于起始日")
    revoked_on, reason = None, ""
    revoked = raw.get("revoked")
    if revoked is not None:
        if not isinstance(revoked, dict) or set(revoked) != {"effective_on", "reason"}:
            err(f"{where}.revoked", "应为 null 或 {effective_on, reason}")
        else:
            revoked_on = _date(revoked.get("effective_on"), f"{where}.revoked.effective_on", err, required=True)
            reason = _text(revoked, "reason", f"{where}.revoked.reason", 500, err)
    for w, m in errors:
        bad(w, m)
    if errors:
        return None
    assert isinstance(key_id, str) and isinstance(level, str)
    return Entry(office_code, office_name, level, key_id, public_key, desk_id, valid_from, valid_until,
                 revoked_on, reason)


def diff(old: TrustList | None, new: TrustList) -> dict:
    """What applying `new` over `old` changes, as lists of dicts for the preview:
    added (keys new to the list), revoked (keys whose revocation is new), changed (other
    fields of a key, or a key the new list no longer carries), each with the fields shown."""
    before = {e.key_id: e for e in (old.entries if old else ())}
    after = {e.key_id: e for e in new.entries}
    added, revoked, changed = [], [], []
    for key_id, entry in sorted(after.items(), key=lambda kv: (kv[1].office_code, kv[0])):
        was = before.get(key_id)
        if entry.revoked_on and (was is None or not was.revoked_on):
            revoked.append(_shown(entry))
        if was is None:
            added.append(_shown(entry))
            continue
        fields = [name for name in _COMPARED if name != "revoked" and getattr(was, name) != getattr(entry, name)]
        if was.revoked_on and entry.revoked_on and (was.revoked_on, was.revoked_reason) != (entry.revoked_on, entry.revoked_reason):
            fields.append("revoked")
        if fields:
            changed.append({**_shown(entry), "fields": fields,
                            "before": {f: _value(was, f) for f in fields}, "after": {f: _value(entry, f) for f in fields}})
    for key_id, was in sorted(before.items()):
        if key_id not in after:
            changed.append({**_shown(was), "fields": ["listed"], "before": {"listed": True}, "after": {"listed": False}})
    return {"added": added, "revoked": revoked, "changed": changed}


def _value(entry: Entry, name: str):
    if name == "revoked":
        return {"effective_on": entry.revoked_on, "reason": entry.revoked_reason} if entry.revoked_on else None
    return getattr(entry, name)


def _shown(entry: Entry) -> dict:
    return {"key_id": entry.key_id, "office_code": entry.office_code, "office_name": entry.office_name,
            "level": entry.level, "fingerprint": entry.fingerprint, "valid_from": entry.valid_from,
            "valid_until": entry.valid_until, "revoked_on": entry.revoked_on, "revoked_reason": entry.revoked_reason}


def fingerprint_groups(public_key: bytes) -> str:
    """The key's fingerprint in the short groups read over the phone (core/key_fingerprint)."""
    return fingerprint(public_key)


def same_fingerprint(typed: str, public_key: bytes) -> bool:
    """Whether what the officer typed is this key's fingerprint, ignoring spaces, dashes and case."""
    return bool(typed) and normalise_fingerprint(typed) == normalise_fingerprint(fingerprint(public_key))


def normalise_fingerprint(text: str) -> str:
    return re.sub(r"[\s\-－—_]", "", str(text or "")).upper()

"""The signed QR payload of a certificate or refusal notice: `VD1:` + Base45 of a compact
binary envelope (byte layout: docs/formats/qr-payload.md).

Pure: no I/O and no key storage; the caller hands in a signing function or a public key.
Order of trust, as in the EU digital COVID certificate: `unpack` reads only what finds the
key (format version, algorithm, key id); `verify_envelope` checks the signature; only then
does `read_fields` parse the body. Nothing in the body is looked at before that.
The text stays in the QR alphanumeric set (upper-case Base45), so a code of realistic
content fits QR version 13 at error correction Q and survives a handheld scanner.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from villagedesk.core import base45
from villagedesk.core.errors import UserError

PREFIX = "VD1:"
FORMAT_VERSION = 1
ED25519 = 1
SM2 = 2  # reserved: a county may move to 国密 SM2 later; no verifier yet
ALG_NAMES = {ED25519: "Ed25519", SM2: "SM2"}
SIGNATURE_LENGTH = {ED25519: 64}
KEY_ID_LENGTH = 8
DIGEST_LENGTH = 16
KINDS = {"certificate": 1, "refusal": 2}
KIND_LABELS = {"certificate": "证明", "refusal": "不予出具告知单"}
EPOCH = date(2000, 1, 1)
MAX_QR_TEXT = 352  # alphanumeric capacity of QR version 13 at error correction Q
MAX_SCANNED_TEXT = 4296  # the most any QR code holds in alphanumeric mode (version 40-L)

FIELD_LABELS = {
    "kind": "类别",
    "office_code": "出具单位区划代码",
    "number": "证明编号",
    "item_code": "事项编码",
    "issued_on": "出具日期",
    "holder_name": "姓名",
    "id_masked": "身份证号（部分隐藏）",
    "digest": "内容摘要",
}

_ID_NIBBLES = "0123456789X*"
_MAX_DAYS = (date.max - EPOCH).days
_OTHER_VERSION = re.compile(r"VD(\d+):")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
# characters that are in no signed field: controls, surrogates and the invisible format
# characters (Cf: U+202E RLO, U+200B ZWSP, U+2066 LRI, U+FEFF …) that make a field look
# other than it is (Unicode TR #36 §2.1, TR #9 bidi overrides)
_FORBIDDEN_CATEGORIES = ("Cc", "Cf", "Cs")


def number_year_problem(number: str, issued_on: date) -> str | None:
    """Why `number` cannot belong to a certificate issued on `issued_on`: numbers count per
    year (core/numbering.py, GB/T 9704-2012 7.2.5 〔年〕), so a number that names years, none of
    them the issue year, is not one this program issued. None when it is consistent."""
    years = {int(m.group(0)) for m in _YEAR.finditer(number)}
    if years and issued_on.year not in years:
        shown = "、".join(str(y) for y in sorted(years))
        return f"证明编号「{number}」中的年份 {shown} 与出具日期 {issued_on.isoformat()} 的年份不符"
    return None


def format_character_problem(value: str) -> str | None:
    """A Chinese reason when `value` holds a control, surrogate or invisible format character."""
    for ch in value:
        category = unicodedata.category(ch)
        if category in _FORBIDDEN_CATEGORIES:
            kind = "不可见的格式字符" if category == "Cf" else "控制字符"
            return f"含有{kind} U+{ord(ch):04X}"
    return None


class MalformedPayload(UserError):
    """Scanned text that is not a readable VillageDesk payload; `reason` is a stable code
    (empty, not_ours, unsupported_version, too_long, bad_base45, truncated, bad_envelope,
    unsupported_alg, bad_body, year_mismatch, format_character) for callers that sort answers."""

    def __init__(self, message: str, reason: str, position: int | None = None):
        self.reason = reason
        self.position = position
        super().__init__(message)


@dataclass(frozen=True)
class PayloadFields:
    """What the QR code vouches for. `digest` ties it to the full certificate content."""

    kind: str  # certificate | refusal
    office_code: str  # 12-digit statistical region code of the issuing office
    number: str  # ledger number, e.g. 风平村证〔2026〕12号
    item_code: str
    issued_on: date
    holder_name: str  # exactly as written, characters outside the BMP included
    id_masked: str  # e.g. 533103********123X; may be empty for a refusal
    digest: bytes  # content_digest() of the full content

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "office_code": self.office_code,
            "number": self.number,
            "item_code": self.item_code,
            "issued_on": self.issued_on.isoformat(),
            "holder_name": self.holder_name,
            "id_masked": self.id_masked,
            "digest": self.digest.hex(),
        }


@dataclass(frozen=True)
class Envelope:
    """A payload taken apart but not yet trusted: the signature is still unchecked."""

    version: int
    alg: int
    key_id: bytes
    body: bytes
    signed_bytes: bytes  # everything before the signature
    signature: bytes

    @property
    def key_id_hex(self) -> str:
        return self.key_id.hex()

    @property
    def alg_name(self) -> str:
        return ALG_NAMES.get(self.alg, f"未知算法 {self.alg}")


def content_digest(content: dict) -> bytes:
    """SHA-256 (first 16 bytes) of canonical JSON: sorted keys, no spaces, UTF-8 as is.
    Only JSON types: a date must already be text, so the digest cannot depend on how a
    library happens to print it."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).digest()[:DIGEST_LENGTH]


def key_id_for(public_key: bytes) -> bytes:
    """First 8 bytes of SHA-256 of the raw public key: names the key, proves nothing."""
    return hashlib.sha256(public_key).digest()[:KEY_ID_LENGTH]


# --- sealing ---------------------------------------------------------------------------


def seal(fields: PayloadFields, *, key_id: bytes, sign: Callable[[bytes], bytes], alg: int = ED25519) -> str:
    """The QR text for `fields`, signed by `sign` over version, algorithm, key id and body."""
    if alg not in ALG_NAMES:
        raise ValueError(f"unknown signature algorithm {alg}")
    if len(key_id) != KEY_ID_LENGTH:
        raise ValueError("key id must be 8 bytes")
    body = _encode_body(fields)
    signed = bytes([FORMAT_VERSION, alg]) + bytes(key_id) + _varint(len(body)) + body
    signature = bytes(sign(signed))
    expected = SIGNATURE_LENGTH.get(alg)
    if expected is not None and len(signature) != expected:
        raise ValueError(f"{ALG_NAMES[alg]} signature must be {expected} bytes, got {len(signature)}")
    text = PREFIX + base45.encode(signed + signature)
    if len(text) > MAX_QR_TEXT:
        longest = max(("number", "item_code", "holder_name", "id_masked"), key=lambda f: len(getattr(fields, f).encode()))
        raise UserError(
            f"二维码内容 {len(text)} 个字符，超过 QR 版本 13（纠错等级 Q）能容纳的 {MAX_QR_TEXT} 个；"
            f"最长的一项是{FIELD_LABELS[longest]}，请缩短",
            where=FIELD_LABELS[longest],
        )
    return text


def _encode_body(f: PayloadFields) -> bytes:
    if f.kind not in KINDS:
        raise UserError(f"类别“{f.kind}”不是 证明 或 不予出具告知单", where=FIELD_LABELS["kind"])
    if not (isinstance(f.office_code, str) and len(f.office_code) == 12 and f.office_code.isascii() and f.office_code.isdigit()):
        raise UserError(f"“{f.office_code}”不是 12 位数字的区划代码", where=FIELD_LABELS["office_code"])
    if not isinstance(f.issued_on, date):
        raise UserError("出具日期不是日期", where=FIELD_LABELS["issued_on"])
    days = (_as_date(f.issued_on) - EPOCH).days
    if days < 0:
        raise UserError(f"出具日期 {f.issued_on.isoformat()} 早于 2000-01-01", where=FIELD_LABELS["issued_on"])
    if not isinstance(f.digest, (bytes, bytearray)) or len(f.digest) != DIGEST_LENGTH:
        raise UserError("内容摘要必须是 16 个字节", where=FIELD_LABELS["digest"])
    year_problem = number_year_problem(f.number, _as_date(f.issued_on)) if isinstance(f.number, str) else None
    if year_problem:
        raise UserError(year_problem, where=FIELD_LABELS["number"])
    out = bytearray([KINDS[f.kind]])
    out += int(f.office_code).to_bytes(5, "big")
    out += _varint(days)
    for name in ("number", "item_code", "holder_name"):
        value = getattr(f, name)
        _check_text(name, value, required=True)
        raw = value.encode("utf-8")
        out += _varint(len(raw)) + raw
    _check_text("id_masked", f.id_masked, required=False)
    out += _encode_id_masked(f.id_masked)
    out += f.digest
    return bytes(out)


def _as_date(value: date) -> date:
    return date(value.year, value.month, value.day)  # a datetime counts by its calendar day


def _check_text(name: str, value: object, *, required: bool) -> None:
    label = FIELD_LABELS[name]
    if not isinstance(value, str):
        raise UserError("不是文字", where=label)
    if required and not value.strip():
        raise UserError("不能为空", where=label)
    problem = format_character_problem(value)
    if problem:
        raise UserError(problem, where=label)


def _encode_id_masked(value: str) -> bytes:
    """Digits, X and * (a masked ID number) go two to a byte; anything else as UTF-8.
    Header varint: length × 2 + 1 when packed, byte length × 2 when UTF-8."""
    if value and all(ch in _ID_NIBBLES for ch in value):
        nibbles = [_ID_NIBBLES.index(ch) for ch in value] + ([15] if len(value) % 2 else [])
        packed = bytes(nibbles[i] << 4 | nibbles[i + 1] for i in range(0, len(nibbles), 2))
        return _varint(len(value) * 2 + 1) + packed
    raw = value.encode("utf-8")
    return _varint(len(raw) * 2) + raw


def _varint(n: int) -> bytes:
    """Unsigned LEB128: 7 bits a byte, low bits first, high bit = more follows."""
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


# --- reading ---------------------------------------------------------------------------


def unpack(text: str) -> Envelope:
    """Take scanned text apart, tolerating what scanners add (surrounding white space, CR/LF,
    full-width characters from an input method, lower case). Nothing here is trusted yet:
    look up the key by `key_id`, then `verify_envelope`, then `read_fields`."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        raise MalformedPayload("没有收到二维码内容", "empty")
    # the last character of Base45 is never a space (a final group's top digit is ≤ 32 or ≤ 5),
    # so trimming cannot cut into the payload
    text = unicodedata.normalize("NFKC", text).strip().upper()
    if not text:
        raise MalformedPayload("内容是空的：没有扫到二维码，或扫码枪没有输入任何字符", "empty")
    if not text.startswith(PREFIX):
        raise _not_ours(text)
    if len(text) > MAX_SCANNED_TEXT:
        raise MalformedPayload(f"内容有 {len(text)} 个字符，比任何二维码能装下的都长，不是村务桌面的证明二维码", "too_long")
    try:
        data = base45.decode(text[len(PREFIX) :], start=len(PREFIX) + 1)
    except base45.Base45Error as exc:
        raise MalformedPayload(f"二维码内容有误（扫描不完整或被改动）：{exc.message}", "bad_base45", exc.position) from None
    reader = _Reader(data, truncated_reason="truncated")
    version = reader.byte()
    if version != FORMAT_VERSION:
        raise MalformedPayload(f"前缀是 {PREFIX}，内容却标为第 {version} 版格式，前后不一致", "bad_envelope")
    alg = reader.byte()
    key_id = reader.take(KEY_ID_LENGTH)
    body = reader.take(reader.varint())
    signed_end = reader.pos
    signature = data[signed_end:]
    expected = SIGNATURE_LENGTH.get(alg)
    if (expected is not None and len(signature) < expected) or not signature:
        raise MalformedPayload(_TRUNCATED, "truncated")
    if expected is not None and len(signature) > expected:
        raise MalformedPayload(f"签名后面多出 {len(signature) - expected} 个字节，内容被改动过", "bad_envelope")
    return Envelope(version, alg, key_id, body, data[:signed_end], signature)


def verify_envelope(envelope: Envelope, public_key: bytes) -> bool:
    """True only when `public_key` is the key the envelope names and its signature holds."""
    if envelope.alg not in SIGNATURE_LENGTH:
        name = ALG_NAMES.get(envelope.alg)
        what = f"{name} 签名算法" if name else f"编号为 {envelope.alg} 的签名算法"
        raise MalformedPayload(f"本程序还不支持{what}，请升级村务桌面", "unsupported_alg")
    public_key = bytes(public_key)
    if key_id_for(public_key) != envelope.key_id:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(envelope.signature, envelope.signed_bytes)
    except InvalidSignature:
        return False
    return True


def read_fields(envelope: Envelope) -> PayloadFields:
    """The signed fields. Call only after `verify_envelope` returned True: before that the
    body is whatever anyone typed. A body that does not parse (a bug of the issuing
    program, or a newer format under the same version) raises MalformedPayload."""
    r = _Reader(envelope.body, truncated_reason="bad_body")
    kind_byte = r.byte()
    kind = next((k for k, v in KINDS.items() if v == kind_byte), None)
    if kind is None:
        raise MalformedPayload(f"类别编号 {kind_byte} 未知（可能来自更新版本的村务桌面）", "bad_body")
    office = int.from_bytes(r.take(5), "big")
    if office > 999_999_999_999:
        raise MalformedPayload("出具单位区划代码超过 12 位", "bad_body")
    days = r.varint()
    if days > _MAX_DAYS:
        raise MalformedPayload("出具日期超出范围", "bad_body")
    number, item_code, holder_name = (r.text(name) for name in ("number", "item_code", "holder_name"))
    id_masked = r.id_masked()
    digest = r.take(DIGEST_LENGTH)
    if r.pos != len(envelope.body):
        raise MalformedPayload(f"内容末尾多出 {len(envelope.body) - r.pos} 个字节（可能来自更新版本的村务桌面）", "bad_body")
    issued_on = EPOCH + timedelta(days=days)
    year_problem = number_year_problem(number, issued_on)
    if year_problem:
        raise MalformedPayload(year_problem + "，不是本程序出具的编号", "year_mismatch")
    return PayloadFields(kind, f"{office:012d}", number, item_code, issued_on, holder_name, id_masked, digest)


_TRUNCATED = "内容不完整：只扫到了一部分，或被截短了；请重新扫描"


def _not_ours(text: str) -> MalformedPayload:
    other = _OTHER_VERSION.match(text)
    if other:
        return MalformedPayload(
            f"这是第 {int(other.group(1))} 版格式（{other.group(0)}）的村务桌面二维码，本程序只认识 {PREFIX}，请升级村务桌面",
            "unsupported_version",
        )
    if text.startswith("HC1:"):
        hint = "这是欧盟数字新冠证书的二维码"
    elif text.startswith(("HTTP://", "HTTPS://", "WWW.")):
        hint = "这是一个网址"
    else:
        preview = "".join(ch if ch.isprintable() else "�" for ch in text[:16]) + ("…" if len(text) > 16 else "")
        hint = f"扫到的是“{preview}”"
    return MalformedPayload(f"不是村务桌面证明的二维码（应以 {PREFIX} 开头）：{hint}", "not_ours")


class _Reader:
    def __init__(self, data: bytes, *, truncated_reason: str):
        self.data, self.pos, self.reason = data, 0, truncated_reason

    def _short(self) -> MalformedPayload:
        if self.reason == "truncated":
            return MalformedPayload(_TRUNCATED, "truncated")
        return MalformedPayload("签名内容的结构不对，读不出各项（可能来自更新版本的村务桌面）", self.reason)

    def byte(self) -> int:
        return self.take(1)[0]

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise self._short()
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def _bad(self, message: str) -> MalformedPayload:
        return MalformedPayload(message, "bad_envelope" if self.reason == "truncated" else self.reason)

    def varint(self) -> int:
        value = 0
        for shift in range(0, 28, 7):
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                if byte == 0 and shift:
                    raise self._bad("长度字段的写法不规范，内容被改动过")
                return value
        raise self._bad("长度字段过长，内容被改动过")

    def text(self, name: str, length: int | None = None) -> str:
        raw = self.take(self.varint() if length is None else length)
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedPayload(f"{FIELD_LABELS[name]}不是有效的 UTF-8 文字", "bad_body") from None
        problem = format_character_problem(value)
        if problem:
            reason = "format_character" if "格式字符" in problem else "bad_body"
            raise MalformedPayload(f"{FIELD_LABELS[name]}{problem}，签名的内容不可采信", reason)
        return value

    def id_masked(self) -> str:
        header = self.varint()
        length, packed = header >> 1, header & 1
        if not packed:
            return self.text("id_masked", length)
        raw = self.take((length + 1) // 2)
        nibbles = [n for b in raw for n in (b >> 4, b & 0x0F)]
        if any(n >= len(_ID_NIBBLES) for n in nibbles[:length]) or any(n != 15 for n in nibbles[length:]):
            raise MalformedPayload("身份证号（部分隐藏）的编码不对", "bad_body")
        return "".join(_ID_NIBBLES[n] for n in nibbles[:length])

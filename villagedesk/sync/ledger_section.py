"""A run of one office's ledger chain in a bundle, packed small and unpacked with its
hashes recomputed (docs/formats/bundle.md, "ledger").

What is left out, because the receiver derives it: `id` (positions run from `first`),
`prev_hash` and `entry_hash` (the chain is rehashed on arrival: a changed byte changes the
hash, which the signatures then refuse), and the signatures of entries that a later
signature of the same key vouches for (docs/formats/ledger.md: each hash covers the one
before). Kept: every other column, column by column (similar values side by side pack
best), the QR payloads as their bytes (base45 costs a third more), and the signature of
the last entry of each key's run and of the last entry — the signed chain head.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import json.encoder
import re
import struct
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from villagedesk.core import base45
from villagedesk.core import ledger as rules
from villagedesk.core.bundle_format import bundle_error
from villagedesk.core.payload import PREFIX

# the columns a section carries, in HASHED_COLUMNS order
COLUMNS: tuple[str, ...] = tuple(c for c in rules.HASHED_COLUMNS if c not in ("id", "prev_hash", "payload"))
_INT_OR_NONE = frozenset({"year", "seq", "refers_to", "replaces"})
_TEXT_OR_NONE = frozenset({"number", "series", "due_on"})
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_I_ID = rules.COLUMN["id"]
_I_PREV = rules.COLUMN["prev_hash"]
_I_PAYLOAD = rules.COLUMN["payload"]
_I_KEY = rules.COLUMN["key_id"]
_I_HASH = rules.COLUMN["entry_hash"]
_I_SIG = rules.COLUMN["entry_sig"]


def checkpoints(entries: Sequence[Sequence[Any]]) -> list[int]:
    """Indexes of the entries whose signature a section carries: the last of each key's run,
    and the last."""
    out = [i for i in range(len(entries) - 1) if entries[i][_I_KEY] != entries[i + 1][_I_KEY]]
    if entries:
        out.append(len(entries) - 1)
    return out


def pack(entries: Sequence[Sequence[Any]]) -> tuple[bytes, bytes]:
    """(columns JSON, payload bytes) of consecutive entries in ENTRY_COLUMNS order."""
    by_column = list(zip(*entries)) or [()] * len(rules.ENTRY_COLUMNS)  # one C pass, not one per column
    values: dict[str, Sequence] = {c: by_column[rules.COLUMN[c]] for c in COLUMNS}  # tuples dump as lists
    texts = by_column[_I_PAYLOAD]
    blobs: list[bytes | None] = []
    for lo in range(0, len(texts), _CHUNK):
        blobs += _payloads_bytes(texts[lo:lo + _CHUNK])
    raw: dict[str, str] = {}
    for i in [i for i, blob in enumerate(blobs) if blob is None]:
        raw[str(i)] = texts[i]
        blobs[i] = b""
    sizes = list(map(len, blobs))  # type: ignore[arg-type]  # no None left
    varints = map(_VARINTS.__getitem__ if max(sizes, default=0) < len(_VARINTS) else _varint, sizes)
    signatures = {str(i): entries[i][_I_SIG] for i in checkpoints(entries)}
    doc = {"columns": values, "payload_text": raw, "signatures": signatures}
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
            b"".join(itertools.chain.from_iterable(zip(varints, blobs))))  # type: ignore[arg-type]


# Base45 by table, a whole payload per C call (core/base45 checks one character at a time,
# which is right for a scanned code and 30 times too slow for 100,000 payloads)
_A = base45.ALPHABET
_ENC2 = [_A[n % 45] + _A[n // 45 % 45] + _A[n // 2025] for n in range(65536)]
_ENC1 = [_A[n % 45] + _A[n // 45] for n in range(256)]
_DEC3 = {t: n for n, t in enumerate(_ENC2)}
_DEC2 = {t: bytes((n,)) for n, t in enumerate(_ENC1)}
_TRIPLES = re.compile(r"...", re.S)


def _b45encode(data: bytes) -> str:
    full = len(data) - len(data) % 2
    text = "".join(map(_ENC2.__getitem__, struct.unpack(f">{full // 2}H", data[:full])))
    return text + _ENC1[data[-1]] if full < len(data) else text


def _b45decode(text: str) -> bytes | None:
    """The bytes, or None for text that is not strict Base45."""
    rest = len(text) % 3
    if rest == 1:
        return None
    try:
        values = list(map(_DEC3.__getitem__, _TRIPLES.findall(text, 0, len(text) - rest)))
        blob = struct.pack(f">{len(values)}H", *values)
        return blob + _DEC2[text[-2:]] if rest else blob
    except KeyError:
        return None


def _payload_bytes(text: str) -> bytes | None:
    """A QR payload as the bytes it encodes, which give back exactly this text (the tables
    hold only canonical groups, so what decodes encodes back the same)."""
    if not text or not text.startswith(PREFIX):
        return None
    return _b45decode(text[len(PREFIX):]) or None  # "VD1:" alone travels as text (no bytes read back as "")


# Base45 for a few thousand payloads at once, with no Python step per group of three: the
# characters become digit bytes (bytes.translate), the three digits of every group go into
# 24-bit lanes of three big integers, and lo + 45·mid + 2025·hi is one multiply-add of those
# integers (no lane can carry: 44 + 45·44 + 2025·44 < 2**24). A lane above 65535, or a
# character outside the alphabet, is what the tables would refuse.
_CHUNK = 4096
_DIGIT = bytes(_A.index(chr(b)) if chr(b) in _A else 255 for b in range(256))


def _payloads_bytes(texts: Sequence[str]) -> list[bytes | None]:
    """_payload_bytes of each text (the same answers), the Base45 of all decoded together."""
    p = len(PREFIX)
    out: list[bytes | None] = [None] * len(texts)
    which = [i for i, t in enumerate(texts) if t.startswith(PREFIX) and len(t) > p and (len(t) - p) % 3 != 1]
    cuts = [len(texts[i]) - (len(texts[i]) - p) % 3 for i in which]
    joined = "".join([texts[i][p:c] for i, c in zip(which, cuts)])
    if not joined.isascii():
        return [_payload_bytes(t) for t in texts]
    digits = joined.encode("ascii").translate(_DIGIT)
    groups = len(digits) // 3
    if b"\xff" in digits:
        return [_payload_bytes(t) for t in texts]
    lanes = []
    for k in range(3):
        lane = bytearray(3 * groups)
        lane[2::3] = digits[k::3]
        lanes.append(int.from_bytes(lane, "big"))
    total = (lanes[0] + 45 * lanes[1] + 2025 * lanes[2]).to_bytes(3 * groups, "big")
    if total[0::3].count(0) != groups:  # a group above 65535
        return [_payload_bytes(t) for t in texts]
    blob = bytearray(2 * groups)
    blob[0::2] = total[1::3]
    blob[1::2] = total[2::3]
    at = 0
    for i, c in zip(which, cuts):
        end = at + (c - p) // 3 * 2
        tail = texts[i][c:]
        if tail:
            pair = _DEC2.get(tail)
            if pair is None:
                return [_payload_bytes(t) for t in texts]
            out[i] = bytes(blob[at:end]) + pair
        else:
            out[i] = bytes(blob[at:end])
        at = end
    return out


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


_VARINTS = [_varint(n) for n in range(16384)]  # every payload's length, one or two bytes


def _payloads(data: bytes, count: int) -> list[bytes]:
    out, at = [], 0
    for _ in range(count):
        n = shift = 0
        while True:
            if at >= len(data) or shift > 21:
                raise bundle_error("台账分节的二维码数据不完整")
            byte = data[at]
            at += 1
            n |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if at + n > len(data):
            raise bundle_error("台账分节的二维码数据不完整")
        out.append(data[at:at + n])
        at += n
    if at != len(data):
        raise bundle_error("台账分节的二维码数据有多余内容")
    return out


def unpack(doc_bytes: bytes, payload_bytes: bytes, *, first: int, prev_hash: str) -> list[rules.Entry]:
    """The entries of a section, positions from `first`, each hashed on the one before
    (starting from `prev_hash`); entry_sig is the carried signature or ''. Every value's type
    is checked, so nothing a bundle holds reaches SQLite or the hash as a list or a float."""
    try:
        doc = json.loads(doc_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bundle_error("台账分节不是有效的 JSON") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("columns"), dict):
        raise bundle_error("台账分节的格式不对")
    cols = doc["columns"]
    if set(cols) != set(COLUMNS) or any(not isinstance(v, list) for v in cols.values()):
        raise bundle_error("台账分节的列不对（不是本版本写出的，或被改动过）")
    count = len(cols["kind"])
    if any(len(v) != count for v in cols.values()):
        raise bundle_error("台账分节各列的条数不一致")
    for c, vals in cols.items():
        bad = _first_bad_type(c, vals)
        if bad is not None:
            raise bundle_error(f"台账分节第 {first + bad} 条的「{rules.LABELS.get(c, c)}」类型不对或过长")
    raw_text = doc.get("payload_text", {})
    signatures = doc.get("signatures", {})
    if not isinstance(raw_text, dict) or not isinstance(signatures, dict):
        raise bundle_error("台账分节的格式不对")
    payload_list = _payloads(payload_bytes, count)
    texts: list[str] = []
    for lo in range(0, count, _CHUNK):
        texts += _payload_texts(payload_list[lo:lo + _CHUNK])
    for k, special in raw_text.items():
        i = int(k) if isinstance(k, str) and k.isascii() and k.isdigit() else -1
        if 0 <= i < count and str(i) == k and special is not None:
            if not isinstance(special, str) or payload_list[i]:
                raise bundle_error(f"台账分节第 {first + i} 条的二维码数据不对")
            texts[i] = special
    for k, v in signatures.items():
        if not (isinstance(k, str) and k.isascii() and k.isdigit() and int(k) < count and isinstance(v, str)
                and len(v) <= 200):
            raise bundle_error("台账分节的签名列表不对")
    sigs = [""] * count
    for k, v in signatures.items():
        if str(int(k)) == k:
            sigs[int(k)] = v
    ids = range(first, first + count)
    columns = [ids if c == "id" else None if c == "prev_hash" else texts if c == "payload" else cols[c]
               for c in rules.HASHED_COLUMNS]
    try:
        hashes = _chain_hashes(columns, prev_hash)
    except UnicodeEncodeError:  # a lone surrogate ("\\ud800" in the JSON): no entry holds one
        raise bundle_error("台账分节含有无效的字符（被改动过）") from None
    columns[_I_PREV] = [prev_hash, *hashes[:-1]]
    columns += (hashes, sigs)
    return list(map(rules.Entry._make, zip(*columns)))


_enc = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str


def _json_text(column: str, values: Sequence[Any], *, lead: str = "", end: str = "") -> list[str]:
    """lead + '"column":value' + end for each value (str, int or None, as unpack has checked),
    the value exactly as core.ledger's canonical JSON writes it."""
    key = f'{lead}"{column}":'
    if isinstance(values, range):
        return [key + repr(v) + end for v in values]
    distinct = set(values)
    if len(distinct) * 4 < len(values):  # a handler, an item, a date: each written once
        table = {v: key + ("null" if v is None else _enc(v) if type(v) is str else int.__repr__(v)) + end
                 for v in distinct}
        return list(map(table.__getitem__, values))
    if set(map(type, distinct)) == {str}:
        out = list(map(key.__add__, map(_enc, values)))
    else:
        out = [key + ("null" if v is None else _enc(v) if type(v) is str else int.__repr__(v)) for v in values]
    return [t + end for t in out] if end else out


def _chain_hashes(columns: list, prev_hash: str) -> list[str]:
    """rules.hash_of_values of every entry, each on the one before: the canonical JSON is
    built column by column (C loops), a few thousand entries at a time (the texts of a whole
    section would cost a few hundred MB), as the text before the one value that waits for the
    previous hash (prev_hash) and the text after it."""
    names = rules.HASHED_COLUMNS
    last = len(names) - 1
    sha256 = hashlib.sha256
    out: list[str] = []
    prev, quoted = prev_hash.encode("utf-8"), _enc(prev_hash).encode("utf-8")
    for lo in range(0, len(columns[0]), _CHUNK):
        part: list[Sequence[Any]] = [() if i == _I_PREV else c[lo:lo + _CHUNK] for i, c in enumerate(columns)]
        before = [_json_text(names[i], part[i], lead="{" if i == 0 else "",
                             end=',"prev_hash":' if i == _I_PREV - 1 else "") for i in range(_I_PREV)]
        after = [_json_text(names[i], part[i], lead="," if i == _I_PREV + 1 else "", end="}" if i == last else "")
                 for i in range(_I_PREV + 1, last + 1)]
        heads = list(map(str.encode, map(",".join, zip(*before))))
        tails = list(map(str.encode, map(",".join, zip(*after))))
        for head, tail in zip(heads, tails):
            h = sha256(b"".join((prev, head, quoted, tail))).hexdigest()
            out.append(h)
            prev = h.encode("ascii")
            quoted = b'"' + prev + b'"'
    return out


# Base45 of byte pairs the other way round, also in lanes: n // 45 is n · 93207 >> 22 for
# every n < 65536 (tests/sync/test_fast_paths.py checks all of them), so the three digits
# of every pair come from a few multiplications of big integers with 40-bit lanes (n · 93207
# < 2**33), the bits that a shift brings down from the lane above masked off.
_DIV45, _SHIFT = 93207, 22
_TO_CHAR = bytes(ord(_A[i]) if i < 45 else 0 for i in range(256))


def _b45_pairs(data: bytes) -> str:
    """The Base45 of an even number of bytes: what _ENC2 gives pair by pair."""
    m = len(data) // 2
    if not m:
        return ""
    lane = bytearray(5 * m)
    lane[3::5] = data[0::2]
    lane[4::5] = data[1::2]
    n = int.from_bytes(lane, "big")
    mask = int.from_bytes(b"\0\0\0\x07\xff" * m, "big")  # 11 bits: n // 45 < 2**11
    q = ((n * _DIV45) >> _SHIFT) & mask
    q2 = ((q * _DIV45) >> _SHIFT) & mask
    out = bytearray(3 * m)
    out[0::3] = (n - 45 * q).to_bytes(5 * m, "big")[4::5]
    out[1::3] = (q - 45 * q2).to_bytes(5 * m, "big")[4::5]
    out[2::3] = q2.to_bytes(5 * m, "big")[4::5]
    return out.translate(_TO_CHAR).decode("ascii")


def _payload_texts(blobs: Sequence[bytes]) -> list[str]:
    """PREFIX + Base45 of each non-empty blob ('' for none), all encoded in one table pass."""
    groups = _b45_pairs(b"".join([b[:len(b) - len(b) % 2] for b in blobs]))
    out: list[str] = []
    at = 0
    for b in blobs:
        if not b:
            out.append("")
            continue
        end = at + len(b) // 2 * 3
        out.append(PREFIX + groups[at:end] + _ENC1[b[-1]] if len(b) % 2 else PREFIX + groups[at:end])
        at = end
    return out


# a bundle's entry holds no longer text than a desk's own checks let in: a field of a megabyte is no record
_LIMITS = {c: rules.max_length(c) for c in COLUMNS}


def _first_bad_type(column: str, values: list) -> int | None:
    kinds = set(map(type, values))
    limit = _LIMITS[column]
    if column in _INT_OR_NONE:
        if kinds <= {int, type(None)} and all(0 <= v < 2 ** 53 for v in values if v is not None):
            return None
    elif kinds <= ({str, type(None)} if column in _TEXT_OR_NONE else {str}):
        if max(map(len, filter(None, values)), default=0) <= limit:
            return None
    if column in _INT_OR_NONE:
        ok = lambda v: v is None or (type(v) is int and 0 <= v < 2 ** 53)  # noqa: E731
    elif column in _TEXT_OR_NONE:
        ok = lambda v: v is None or (type(v) is str and len(v) <= limit)  # noqa: E731
    else:
        ok = lambda v: type(v) is str and len(v) <= limit  # noqa: E731
    for i, v in enumerate(values):
        if not ok(v):
            return i
    return None


def check_dates(entries: Sequence[rules.Entry]) -> None:
    """Dates are dates (YYYY-MM-DD that exist) and created_at an ISO date and time: the
    township's views sort and count by them, whoever signed the entries. Each distinct value
    is parsed once. (Not in `unpack`, which stays a codec of any values.)"""
    for column, parse, may_be_none, label in (("issued_on", date.fromisoformat, False, "开具日期"),
                                              ("due_on", date.fromisoformat, True, "办结期限"),
                                              ("created_at", datetime.fromisoformat, False, "登记时间")):
        i = rules.COLUMN[column]
        bad = set()
        for v in {e[i] for e in entries}:
            if v is None and may_be_none:
                continue
            try:
                if not isinstance(v, str) or (column != "created_at" and not _DATE.fullmatch(v)):
                    raise ValueError
                parse(v)
            except ValueError:
                bad.add(v)
        if bad:
            e = next(e for e in entries if e[i] in bad)
            raise bundle_error(f"台账第 {e.id} 条的「{label}」不是有效的日期：{str(e[i])[:40]}")

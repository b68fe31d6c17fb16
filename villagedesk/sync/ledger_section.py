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

import json
import re
import struct
from collections.abc import Sequence
from typing import Any

from villagedesk.core import base45
from villagedesk.core import ledger as rules
from villagedesk.core.bundle_format import bundle_error
from villagedesk.core.payload import PREFIX

# the columns a section carries, in HASHED_COLUMNS order
COLUMNS: tuple[str, ...] = tuple(c for c in rules.HASHED_COLUMNS if c not in ("id", "prev_hash", "payload"))
_INT_OR_NONE = frozenset({"year", "seq", "refers_to", "replaces"})
_TEXT_OR_NONE = frozenset({"number", "series", "due_on"})
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
    values: dict[str, list] = {c: [e[rules.COLUMN[c]] for e in entries] for c in COLUMNS}
    payloads = bytearray()
    raw: dict[str, str] = {}
    for i, e in enumerate(entries):
        blob = _payload_bytes(e[_I_PAYLOAD])
        if blob is None:
            raw[str(i)] = e[_I_PAYLOAD]
            blob = b""
        payloads += _varint(len(blob)) + blob
    signatures = {str(i): entries[i][_I_SIG] for i in checkpoints(entries)}
    doc = {"columns": values, "payload_text": raw, "signatures": signatures}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), bytes(payloads)


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
    return _b45decode(text[len(PREFIX):])


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


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
            raise bundle_error(f"台账分节第 {first + bad} 条的「{rules.LABELS.get(c, c)}」类型不对")
    raw_text = doc.get("payload_text", {})
    signatures = doc.get("signatures", {})
    if not isinstance(raw_text, dict) or not isinstance(signatures, dict):
        raise bundle_error("台账分节的格式不对")
    payload_list = _payloads(payload_bytes, count)
    texts: list[str] = []
    for i, blob in enumerate(payload_list):
        special = raw_text.get(str(i))
        if special is not None:
            if not isinstance(special, str) or blob:
                raise bundle_error(f"台账分节第 {first + i} 条的二维码数据不对")
            texts.append(special)
        else:
            texts.append(PREFIX + _b45encode(blob) if blob else "")
    for k, v in signatures.items():
        if not (isinstance(k, str) and k.isdigit() and int(k) < count and isinstance(v, str) and len(v) <= 200):
            raise bundle_error("台账分节的签名列表不对")
    out: list[rules.Entry] = []
    placeholder = [""] * count
    columns = [range(first, first + count) if c == "id" else placeholder if c == "prev_hash" else texts
               if c == "payload" else cols[c] for c in rules.HASHED_COLUMNS]
    prev = prev_hash
    hash_of = rules.hash_of_values
    make = rules.Entry._make
    for i, row in enumerate(zip(*columns)):
        values = list(row)
        values[_I_PREV] = prev
        h = hash_of(values)
        values += (h, signatures.get(str(i), ""))
        out.append(make(values))
        prev = h
    return out


def _first_bad_type(column: str, values: list) -> int | None:
    kinds = set(map(type, values))
    if column in _INT_OR_NONE:
        if kinds <= {int, type(None)} and all(0 <= v < 2 ** 53 for v in values if v is not None):
            return None
    elif kinds <= ({str, type(None)} if column in _TEXT_OR_NONE else {str}):
        if max(map(len, filter(None, values)), default=0) < 100_000:
            return None
    if column in _INT_OR_NONE:
        ok = lambda v: v is None or (type(v) is int and 0 <= v < 2 ** 53)  # noqa: E731
    elif column in _TEXT_OR_NONE:
        ok = lambda v: v is None or (type(v) is str and len(v) < 100_000)  # noqa: E731
    else:
        ok = lambda v: type(v) is str and len(v) < 1_000_000  # noqa: E731
    for i, v in enumerate(values):
        if not ok(v):
            return i
    return None

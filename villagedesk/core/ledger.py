"""The certificate-issuance ledger's rules, apart from any storage.

A ledger is one chain of entries per desk (a *stream*): append-only, hash-chained, signed,
with gap-free numbers (DESIGN.md "Data that must never be lost or forged", issue #3 items
4–5, DOMAIN.md §8). Everything here is pure, so the same rules judge this desk's own
SQLite rows, another office's rows on a township desk and the records of a USB bundle
before they touch a database (issue #10 item 1):

- `clean_request` says whether a clerk's request may become an entry (Chinese errors);
- `entry_hash` / `signed_message` are the hash format (docs/formats/ledger.md);
- `precondition` / `effects` are what a void, reissue, amendment or decision may do to
  the entry it points at, and how statuses change;
- `Replay` walks any iterable of entries in chain order and names the first one that breaks
  a rule: link, hash, numbering, pointers, key segments (whose signatures the caller checks,
  see `Replay.checkpoints`).

Statuses are keys (`Status`); the Chinese words are labels for the edge (`STATUS_LABELS`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from villagedesk.core.errors import UserError
from villagedesk.core.text import control_chars

ZERO_HASH = "0" * 64

KINDS = ("issue", "refuse", "accept", "void", "amend")  # amend: schema v5
SERIES_OF_KIND: dict[str, str | None] = {"issue": "cert", "refuse": "refusal", "accept": "accept", "void": None,
                                         "amend": None}
KIND_NAMES = {"issue": "证明", "refuse": "不予出具告知", "accept": "受理登记", "void": "作废登记", "amend": "更正登记"}
# pointers to another entry: no number, no state of their own, never met by a search for a person or item
STATELESS = ("void", "amend")


class Status(StrEnum):
    """A document's status, stored and compared as these keys (schema v8)."""

    VALID = "valid"
    VOIDED = "voided"
    REISSUED = "reissued"
    PENDING = "pending"
    ISSUED = "issued"
    REFUSED = "refused"


OVERDUE = "overdue"  # never stored: a pending acceptance past its due date, computed at read time
STATUS_LABELS: dict[str, str] = {
    Status.VALID: "有效", Status.VOIDED: "作废", Status.REISSUED: "已重新出具", Status.PENDING: "待出具",
    Status.ISSUED: "已出具", Status.REFUSED: "不予出具", OVERDUE: "逾期",
}
INITIAL_STATUS: dict[str, Status] = {"issue": Status.VALID, "refuse": Status.REFUSED, "accept": Status.PENDING}

# Every column of an entry that its hash covers, in the order the canonical JSON sorts them
# (code-point order of the names). Only entry_hash and entry_sig are outside it; prev_hash is
# both covered here and written in front of the JSON. Changing this list changes every hash.
HASHED_COLUMNS: tuple[str, ...] = tuple(sorted((
    "id", "kind", "series", "year", "seq", "number", "created_at", "issued_on",
    "item_code", "item_title", "item_list", "basis", "form_id",
    "applicant", "applicant_id", "phone", "subject_name", "subject_id",
    "purpose", "addressee", "materials", "verification", "decision_record",
    "handler", "reviewer", "recipient", "fields", "body", "due_on",
    "refers_to", "replaces", "reason", "note", "payload", "key_id", "prev_hash",
)))
ENTRY_COLUMNS: tuple[str, ...] = HASHED_COLUMNS + ("entry_hash", "entry_sig")
COLUMN = {c: i for i, c in enumerate(ENTRY_COLUMNS)}


class Entry(NamedTuple):
    """One ledger entry as stored: the hashed columns in the order the canonical JSON sorts
    them, then entry_hash and entry_sig. A tuple, so a row read from SQLite or a bundle is one
    (`Entry._make(row)`) and `Replay` reads it by position at full speed; `id` is the entry's
    position in its chain, `refers_to`/`replaces` positions in the same chain, `materials`
    and `fields` JSON text as hashed."""

    addressee: str
    applicant: str
    applicant_id: str
    basis: str
    body: str
    created_at: str
    decision_record: str
    due_on: str | None
    fields: str
    form_id: str
    handler: str
    id: int
    issued_on: str
    item_code: str
    item_list: str
    item_title: str
    key_id: str
    kind: str
    materials: str
    note: str
    number: str | None
    payload: str
    phone: str
    prev_hash: str
    purpose: str
    reason: str
    recipient: str
    refers_to: int | None
    replaces: int | None
    reviewer: str
    seq: int | None
    series: str | None
    subject_id: str
    subject_name: str
    verification: str
    year: int | None
    entry_hash: str
    entry_sig: str


assert Entry._fields == ENTRY_COLUMNS  # the hash format names them; never reorder

# what a request may set; the ledger fills id, series, year, seq, number, created_at, key_id
# and the chain columns
_FIXED = {"id", "series", "year", "seq", "number", "created_at", "key_id", "prev_hash", "entry_hash", "entry_sig"}
SETTABLE = tuple(c for c in HASHED_COLUMNS if c not in _FIXED)
# what the issuing service may add once the entry has its number (the payload, the body it
# printed): not the columns whose rules `clean_request` has already checked
SEALABLE = frozenset(SETTABLE) - {"kind", "refers_to", "replaces", "issued_on", "due_on"}

LABELS = {
    "kind": "类别", "issued_on": "开具日期", "item_code": "事项编码", "item_title": "证明事项", "item_list": "所属清单",
    "basis": "依据", "form_id": "式样", "applicant": "申请人", "applicant_id": "申请人身份证号码", "phone": "联系电话",
    "subject_name": "被证明人", "subject_id": "被证明人身份证号码", "purpose": "用途", "addressee": "致送单位",
    "materials": "佐证材料", "verification": "核实方式", "decision_record": "村民（代表）会议/法律顾问意见",
    "handler": "经办人", "reviewer": "审核人", "recipient": "领取人", "fields": "表单内容", "body": "证明正文",
    "due_on": "办结期限", "refers_to": "关联记录", "replaces": "所替换的证明", "reason": "原因", "note": "备注",
    "payload": "二维码内容",
}
_ONE_LINE = {"item_code", "item_title", "item_list", "form_id", "applicant", "applicant_id", "phone", "subject_name",
             "subject_id", "addressee", "handler", "reviewer", "recipient", "payload"}
_VOID_COLUMNS = {"kind", "refers_to", "reason", "handler", "reviewer", "issued_on", "note"}
# a correction of an accepted request carries the corrected form values and materials, and
# nothing a search by person or item would meet (the acceptance keeps those)
_AMEND_COLUMNS = {"kind", "refers_to", "reason", "handler", "issued_on", "note", "fields", "materials"}
_LONG = {"body", "fields", "materials"}
_MAX_ONE_LINE, _MAX_TEXT, _MAX_LONG = 200, 5_000, 100_000
_MAX_PAYLOAD = 4_296  # a scanned QR text can be at most this long (version 40-L alphanumeric)


def max_length(column: str) -> int:
    """The longest text a desk lets into a column: what it types (clean_value) and what a
    bundle from another desk may carry (sync.ledger_section), whoever signed it."""
    return (_MAX_LONG if column in _LONG else _MAX_PAYLOAD if column == "payload"
            else _MAX_ONE_LINE if column in _ONE_LINE else _MAX_TEXT)

INT_COLUMNS = frozenset({"refers_to", "replaces"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# ---------------------------------------------------------------- hashing


def canonical_json(content: Any) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# canonical_json without the sort, for dicts built in HASHED_COLUMNS order (already sorted)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_PREV = HASHED_COLUMNS.index("prev_hash")
_N_HASHED = len(HASHED_COLUMNS)
_sha256 = hashlib.sha256


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The hash of an entry from its HASHED_COLUMNS (the mapping may hold more keys); a view
    with materials and fields parsed hashes the same as the stored row.

    entry_hash = SHA-256 hex of UTF-8 (prev_hash + canonical JSON of HASHED_COLUMNS: keys
    sorted, no spaces, non-ASCII kept, NULL as null, materials/fields as their JSON text)."""
    content = {c: entry.get(c) for c in HASHED_COLUMNS}
    for c in ("materials", "fields"):
        if not isinstance(content[c], str):
            content[c] = canonical_json(content[c])
    return _sha256((str(entry["prev_hash"]) + _ENCODE(content)).encode("utf-8")).hexdigest()


def hash_of_values(values: Sequence[Any]) -> str:
    """entry_hash of an entry given as values in ENTRY_COLUMNS (or HASHED_COLUMNS) order: the
    fast path of replay, with no dict of names built by the caller."""
    return _sha256((values[_PREV] + _ENCODE(dict(zip(HASHED_COLUMNS, values)))).encode("utf-8")).hexdigest()


def _hash_or_none(values: Sequence[Any]) -> str | None:
    """hash_of_values, or None for a row no entry can be (bytes, a non-text prev_hash: written
    behind the program's back), which then matches no stored hash."""
    try:
        return hash_of_values(values)
    except (TypeError, ValueError):
        return None


def signed_message(entry: Mapping[str, Any]) -> bytes:
    """What entry_sig signs: the 32 bytes of entry_hash."""
    return bytes.fromhex(entry["entry_hash"])


def entry_label(entry_id: int, number: str | None, kind: str = "") -> str:
    """How a message names an entry: 第 12 条记录（风平村证〔2026〕12号）."""
    return f"第 {entry_id} 条记录（{number or KIND_NAMES.get(kind, '作废登记')}）"


# ---------------------------------------------------------------- requests


@dataclass(frozen=True, slots=True)
class Request:
    """A checked request: entry columns (text values as stored), the number template."""

    columns: dict[str, Any]
    number_template: str | None = None

    @property
    def kind(self) -> str:
        return str(self.columns["kind"])


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _valid_date(value: Any, label: str) -> str:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise UserError(f"{label}应写成 年-月-日（如 2026-03-01）：{value!r}", where=label)
    try:
        date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{label}不是真实的日期：{value}", where=label) from None
    return value


def clean_value(column: str, value: Any) -> Any:
    """The value as stored (JSON text for materials and fields), or a Chinese UserError."""
    label = LABELS.get(column, column)
    if column in INT_COLUMNS:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise UserError(f"{label}应是台账中的记录序号：{value!r}", where=label)
        return value
    if column in ("issued_on", "due_on"):
        return None if value is None else _valid_date(value, label)
    if column == "materials":
        if isinstance(value, str):
            value = _parse_json(value, label, list)
        if not isinstance(value, (list, tuple)) or not all(isinstance(x, str) for x in value):
            raise UserError(f"{label}应是文字列表", where=label)
        for x in value:
            clean_value("_material", x)
        value = canonical_json(list(value))
    elif column == "fields":
        if isinstance(value, str):
            value = _parse_json(value, label, dict)
        if not isinstance(value, dict):
            raise UserError(f"{label}应是“字段: 值”的表", where=label)
        try:
            value = canonical_json(value)
        except (TypeError, ValueError):
            raise UserError(f"{label}含有不能保存的值", where=label) from None
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise UserError(f"{label}应是文字：{value!r}", where=label)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UserError(f"{label}含有无效的字符（不成对的代理项）", where=label) from None
    limit = max_length(column)
    if len(value) > limit:
        raise UserError(f"{label}过长（{len(value)} 个字，最多 {limit} 个）", where=label)
    bad = (control_chars(value) + ([c for c in value if c in "\t\r\n"] if column in _ONE_LINE else [])
           + [c for c in value if c == "\x00"])
    if bad:
        raise UserError(f"{label}含有不可见的控制字符：" + "、".join(f"U+{ord(c):04X}" for c in sorted(set(bad))),
                        where=label)
    return value


def _parse_json(text: str, label: str, kind: type) -> Any:
    from villagedesk.core.userjson import parse_user_json

    value = parse_user_json(text, what=label)  # nesting, 5000-digit numbers: Chinese errors
    if not isinstance(value, kind):
        raise UserError(f"{label}的格式不对", where=label)
    return value


def clean_request(req: Mapping[str, Any]) -> Request:
    """A clerk's request checked against the rules of its kind (ValueError for a caller's
    programming mistake, UserError for what a person typed)."""
    req = dict(req)
    template = req.pop("number_template", None)
    series = req.pop("series", "__default__")
    unknown = sorted(set(req) - set(SETTABLE))
    if unknown:
        raise ValueError(f"ledger request has unknown or ledger-owned keys: {unknown}")
    kind = req.get("kind")
    if kind not in KINDS:
        raise UserError(f"台账记录的类别不对：{kind!r}（应为 issue、refuse、accept、void 或 amend）", where="类别")
    if series != "__default__" and series != SERIES_OF_KIND[kind]:
        raise ValueError(f"series {series!r} does not go with kind {kind!r}")
    clean = {c: clean_value(c, v) for c, v in req.items() if c != "kind"}
    clean["kind"] = kind
    if kind == "void":
        # a void entry is a pointer and a reason; searches by person or item never meet one
        extra = sorted(c for c, v in clean.items() if c not in _VOID_COLUMNS and v not in (None, "", "[]", "{}"))
        if extra:
            raise ValueError(f"a void entry holds only {sorted(_VOID_COLUMNS)}, not {extra}")
        if not clean.get("refers_to"):
            raise UserError("作废时要指明作废哪一份证明", where="关联记录")
        if not (clean.get("reason") or "").strip():
            raise UserError("作废必须写明原因", where="原因")
        if clean.get("replaces"):
            raise UserError("作废登记不能替换证明", where="所替换的证明")
    if kind == "amend":
        extra = sorted(c for c, v in clean.items() if c not in _AMEND_COLUMNS and v not in (None, "", "[]", "{}"))
        if extra:
            raise ValueError(f"an amend entry holds only {sorted(_AMEND_COLUMNS)}, not {extra}")
        if not clean.get("refers_to"):
            raise UserError("更正时要指明更正哪一件受理", where="关联记录")
        if clean.get("fields") in (None, "", "{}"):
            raise UserError("更正登记要写明更正后的内容", where="表单内容")
    if kind == "accept":
        if not clean.get("due_on"):
            raise UserError("受理登记要写明办结期限", where="办结期限")
        if clean.get("refers_to") or clean.get("replaces"):
            raise UserError("受理登记不能关联其他记录", where="关联记录")
    elif clean.get("due_on"):
        raise UserError("只有受理登记有办结期限", where="办结期限")
    if kind == "refuse" and clean.get("replaces"):
        raise UserError("不予出具告知不能替换证明", where="所替换的证明")
    if template is not None and not isinstance(template, str):
        raise UserError("编号格式应是文字", where="编号格式")
    return Request(clean, template)


def draft(request: Request, *, entry_id: int, created_at: str, prev_hash: str, key_id: str,
          number: Callable[[str, int], tuple[int, str]] | None = None) -> dict[str, Any]:
    """The entry a request becomes at chain position `entry_id` (not yet hashed or signed).
    `number(series, year) -> (seq, number)` is asked for the next number of a numbered kind."""
    entry: dict[str, Any] = {c: None for c in HASHED_COLUMNS}
    entry.update({c: "" for c in SETTABLE if c not in INT_COLUMNS and c not in ("due_on", "issued_on")})
    entry.update(materials="[]", fields="{}")
    entry.update(request.columns)
    entry.update(id=entry_id, created_at=created_at, issued_on=request.columns.get("issued_on") or created_at[:10],
                 key_id=key_id, prev_hash=prev_hash)
    series = SERIES_OF_KIND[entry["kind"]]
    if series:
        if number is None:
            raise ValueError("a numbered kind needs a number source")
        year = int(entry["issued_on"][:4])
        seq, text = number(series, year)
        entry.update(series=series, year=year, seq=seq, number=text)
    return entry


def seal(entry: dict[str, Any], extra: Mapping[str, Any], *, sign: Callable[[bytes], bytes]) -> dict[str, Any]:
    """The entry with what the issuing service added once it had its number (payload, body …),
    hashed on its predecessor and signed. Returns a new dict."""
    wrong = sorted(k for k in extra if k not in SEALABLE)
    if wrong:
        raise ValueError(f"sealing may not set ledger-owned or unknown columns: {wrong}")
    out = dict(entry)
    out.update({c: clean_value(c, v) for c, v in extra.items()})
    out["entry_hash"] = entry_hash(out)
    out["entry_sig"] = sign(signed_message(out)).hex()
    return out


# ---------------------------------------------------------------- state rules


def precondition(kind: str, which: str, ref: int, target_kind: str | None, target_status: str | None,
                 target_number: str | None) -> str | None:
    """Why an entry of `kind` may not point (`which`: refers_to or replaces) at entry `ref`
    of target_kind in target_status, or None."""
    name = f"第 {ref} 条记录（{target_number}）" if target_number else f"第 {ref} 条记录"
    if target_kind is None:
        return f"台账中没有第 {ref} 条记录"
    status = target_status
    label = STATUS_LABELS.get(status or "", status)
    if which == "replaces":
        if target_kind != "issue":
            return f"{name}不是证明，不能重新出具"
        if status == Status.VALID:
            return f"重新出具前要先作废原证明 {name}（可在同一次操作中先作废再出具）"
        if status == Status.REISSUED:
            return f"原证明 {name}已经重新出具过，不能再次重新出具"
        return None if status == Status.VOIDED else f"{name}的状态是“{label}”，不能重新出具"
    if kind == "amend":
        if target_kind != "accept":
            return f"只能更正尚未办结的受理登记；{name}是{KIND_NAMES[target_kind]}"
        if status != Status.PENDING:
            return f"受理登记 {target_number or ref} 已经办结（{label}），不能再更正"
        return None
    if kind == "void":
        if target_kind != "issue":
            return f"只能作废证明；{name}是{KIND_NAMES[target_kind]}"
        if status != Status.VALID:
            return f"证明 {target_number} 已经作废（状态：{label}），不能再次作废"
        return None
    # issue/refuse after an acceptance
    if target_kind != "accept":
        return f"{name}不是受理登记"
    if status != Status.PENDING:
        return f"受理登记 {target_number} 已经办结（{label}），不能再次出具或不予出具"
    return None


@dataclass(frozen=True, slots=True)
class StateChange:
    """One status change an entry makes: `target` is a chain position in the same stream;
    closed_by / replaced_by are left as they were when None is not meant (see `keeps`)."""

    target: int
    status: Status
    updated_at: str
    closed_by: int | None = None
    replaced_by: int | None = None
    keeps: tuple[str, ...] = ()  # the link fields this change leaves alone


def effects(entry: Mapping[str, Any]) -> list[StateChange]:
    """The state changes an entry makes: its own initial state, and its targets'."""
    at, own, kind = entry["created_at"], entry["id"], entry["kind"]
    out: list[StateChange] = []
    if kind == "amend":
        return out  # the acceptance stays pending; its newest correction is read from the chain
    if kind in INITIAL_STATUS:
        out.append(StateChange(own, INITIAL_STATUS[kind], at))
    if kind == "void":
        out.append(StateChange(entry["refers_to"], Status.VOIDED, at, closed_by=own, keeps=("replaced_by",)))
    elif entry.get("refers_to"):
        out.append(StateChange(entry["refers_to"], Status.ISSUED if kind == "issue" else Status.REFUSED, at,
                               closed_by=own, keeps=("replaced_by",)))
    if entry.get("replaces"):
        out.append(StateChange(entry["replaces"], Status.REISSUED, at, replaced_by=own, keeps=("closed_by",)))
    return out


# ---------------------------------------------------------------- replay

State = tuple[str, int | None, int | None, str]  # status, closed_by, replaced_by, updated_at


@dataclass(frozen=True, slots=True)
class Problem:
    entry_id: int
    number: str | None
    problem: str

    def to_dict(self) -> dict[str, Any]:
        return {"entry_id": self.entry_id, "number": self.number, "problem": self.problem}


@dataclass(slots=True)
class Checkpoint:
    """The last entry of a run signed by one key: its signature vouches for every entry up
    to it, because each hash covers the one before (docs/formats/ledger.md)."""

    entry_id: int
    number: str | None
    key_id: str
    entry_hash: str
    entry_sig: str
    first_id: int  # the first entry of this key's run (where a search for a bad signature starts)


_I_ID, _I_KIND, _I_NUMBER = COLUMN["id"], COLUMN["kind"], COLUMN["number"]
_I_PREV, _I_HASH, _I_SIG, _I_KEY = COLUMN["prev_hash"], COLUMN["entry_hash"], COLUMN["entry_sig"], COLUMN["key_id"]
_I_SERIES, _I_YEAR, _I_SEQ, _I_ISSUED = COLUMN["series"], COLUMN["year"], COLUMN["seq"], COLUMN["issued_on"]
_I_REFERS, _I_REPLACES, _I_CREATED = COLUMN["refers_to"], COLUMN["replaces"], COLUMN["created_at"]
_KIND_CODE = {k: i + 1 for i, k in enumerate(KINDS)}
# what the replay reads of an entry besides its hash check, in this order
LIGHT_COLUMNS = ("id", "kind", "number", "series", "year", "seq", "issued_on", "created_at", "refers_to", "replaces",
                 "key_id", "prev_hash", "entry_hash", "entry_sig")
_LIGHT_INDEX = tuple(COLUMN[c] for c in LIGHT_COLUMNS)


@dataclass
class Replay:
    """Replays one stream's entries in chain order and stops at the first broken rule.

    Feed it rows in ENTRY_COLUMNS order (`feed`), from SQLite, a bundle or a list. What it
    checks for every entry: position (1, 2, 3 …), the link to the previous hash, the hash of
    the content, series and year against kind and date, gap-free numbers per series and year,
    and that a void, reissue, amendment or decision points at an entry it may change. What it
    leaves to the caller: signatures — it collects `checkpoints` (the last entry of each key's
    run, and the head), and `check(row)` may add a per-entry check (a full verification
    checks every signature there). `states` is the replayed status of every entry that a
    later entry changed; the rest have their INITIAL_STATUS."""

    check: Callable[[tuple], str | None] | None = None
    number_of: Callable[[int], str | None] | None = None  # a target's number, for messages only
    prev: str = ZERO_HASH
    count: int = 0
    problem: Problem | None = None
    checkpoints: list[Checkpoint] = field(default_factory=list)
    states: dict[int, State] = field(default_factory=dict)
    kinds: bytearray = field(default_factory=bytearray)
    last_seq: dict[tuple[str, int], int] = field(default_factory=dict)
    _run: Checkpoint | None = None

    def feed_all(self, rows: Iterable[Sequence[Any]]) -> Problem | None:
        for row in rows:
            if self.feed(row) is not None:
                break
        return self.finish()

    def feed(self, r: Sequence[Any]) -> Problem | None:
        """Take the next entry, a whole row in ENTRY_COLUMNS order (its hash is computed here);
        returns the first problem (and keeps returning it)."""
        if self.problem is not None:
            return self.problem
        if r[_I_PREV] == self.prev and _hash_or_none(r) != r[_I_HASH]:
            return self._stop(r[_I_ID], r[_I_NUMBER], r[_I_KIND], "的内容与哈希不符：记录在程序外被修改")
        if self.check is not None and r[_I_PREV] == self.prev and r[_I_KIND] in _KIND_CODE:
            problem = self.check(tuple(r))
            if problem:
                return self._stop(r[_I_ID], r[_I_NUMBER], r[_I_KIND], f"的签名无效：{problem}")
        return self.feed_light(tuple(r[i] for i in _LIGHT_INDEX))

    def feed_light(self, r: Sequence[Any]) -> Problem | None:
        """Take the next entry as LIGHT_COLUMNS whose content hash the caller has already
        compared with its entry_hash (the store does it inside SQLite)."""
        if self.problem is not None:
            return self.problem
        eid, kind, number, series_, year, seq, issued_on, created_at, refers_to, replaces, key_id, prev, ehash, esig = r
        expected = self.count + 1
        if prev != self.prev:
            gone = "前面的记录被删除或插入" if eid != expected else "与前一条记录接不上"
            return self._stop(eid, number, kind, f"与前一条记录的哈希接不上：{gone}，或记录在程序外被修改")
        if kind not in _KIND_CODE:
            return self._stop(eid, number, kind, f"类别“{kind}”不是台账的类别")
        series = SERIES_OF_KIND[kind]
        if series != series_ or (series and (number is None or year != _year(issued_on or ""))):
            return self._stop(eid, number, kind, "的编号系列或年份与类别、开具日期不符")
        if series:
            key = (series, year)
            want = self.last_seq.get(key, 0) + 1
            if seq != want:
                return self._stop(eid, number, kind, f"编号不连续：{year} 年本系列应为第 {want} 号，这里是第 {seq} 号")
            self.last_seq[key] = want
        elif number is not None:
            return self._stop(eid, number, kind, "不应有编号")
        if eid != expected:
            return self._stop(eid, number, kind, f"序号不连续：应为第 {expected} 条，或记录在程序外被删除、插入")
        kinds = self.kinds
        if eid >= len(kinds):
            kinds.extend(b"\0" * (eid + 1 - len(kinds) + 4096))
        kinds[eid] = _KIND_CODE[kind]
        if refers_to or replaces:
            problem = self._pointers(eid, kind, number, created_at, refers_to, replaces)
            if problem is not None:
                return problem
        run = self._run
        if run is not None and run.key_id != key_id:
            self.checkpoints.append(run)
            run = None
        if run is None:
            self._run = Checkpoint(eid, number, key_id, ehash, esig, eid)
        else:
            run.entry_id, run.number, run.entry_hash, run.entry_sig = eid, number, ehash, esig
        self.prev = ehash
        self.count = eid
        return None

    def _pointers(self, eid: int, kind: str, number: str | None, created_at: str, refers_to: int | None,
                  replaces: int | None) -> Problem | None:
        kinds = self.kinds
        for which, target in (("refers_to", refers_to), ("replaces", replaces)):
            if target:
                tk = KINDS[kinds[target] - 1] if 0 < target < eid and kinds[target] else None
                status = self.status_of(target, tk)
                problem = precondition(kind, which, target, tk, status, None)
                if problem:
                    tn = self.number_of(target) if self.number_of and tk else None
                    problem = precondition(kind, which, target, tk, status, tn)
                    return self._stop(eid, number, kind, f"不合规则：{problem}")
        entry = {"id": eid, "kind": kind, "created_at": created_at, "refers_to": refers_to, "replaces": replaces}
        for change in effects(entry):
            if change.target == eid:
                continue
            old = self.states.get(change.target) or (INITIAL_STATUS[KINDS[kinds[change.target] - 1]], None, None, "")
            self.states[change.target] = (
                change.status,
                old[1] if "closed_by" in change.keeps else change.closed_by,
                old[2] if "replaced_by" in change.keeps else change.replaced_by,
                change.updated_at)
        return None

    def finish(self) -> Problem | None:
        """The problem, if any; otherwise the head's key run becomes the last checkpoint."""
        if self.problem is None and self._run is not None:
            self.checkpoints.append(self._run)
            self._run = None
        return self.problem

    def status_of(self, target: int, target_kind: str | None) -> str | None:
        if target_kind is None:
            return None
        state = self.states.get(target)
        return state[0] if state else INITIAL_STATUS.get(target_kind)

    def expected_state(self, entry_id: int, kind: str, created_at: str) -> State | None:
        """What the state table should hold for an entry (None for a void or amendment)."""
        if kind in STATELESS:
            return None
        return self.states.get(entry_id) or (INITIAL_STATUS[kind], None, None, created_at)

    def _stop(self, eid: int, number: str | None, kind: str, text: str) -> Problem:
        label = entry_label(eid, number, kind)
        self.problem = Problem(eid, number, f"{label}{text}")
        return self.problem


def _year(issued_on: str) -> int | None:
    try:
        return int(issued_on[:4])
    except ValueError:
        return None


def first_bad_signature(lo: int, hi: int, signature_ok: Callable[[int], bool]) -> int:
    """The first entry in lo..hi whose signature fails, when hi's fails and the chain's hashes
    are whole: a good signature on entry n vouches for every entry up to n (each hash covers
    the one before), so the entries with good signatures are a prefix and a binary search
    finds where it ends with log2(n) signature checks."""
    while lo < hi:
        mid = (lo + hi) // 2
        if signature_ok(mid):
            lo = mid + 1
        else:
            hi = mid
    return lo

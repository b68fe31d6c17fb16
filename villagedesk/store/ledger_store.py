"""The certificate-issuance ledger: append-only, hash-chained, gap-free numbers.

Why it is built this way (DESIGN.md "Data that must never be lost or forged", issue #3 items
4–5, DOMAIN.md §8):

- One row per entry in chain order. A correction is a new entry: 作废 (void) points at the
  certificate it voids, a reissue points at the certificate it replaces, a correction of an
  accepted request not yet issued (amend, schema v5) points at the acceptance and carries the
  corrected form values and materials; the newest one is in force. Triggers refuse
  UPDATE and DELETE (ledger_schema.V3_LEDGER).
- entry_hash = SHA-256 hex of UTF-8 (prev_hash + canonical JSON of the columns in
  ledger_schema.HASHED_COLUMNS — every column but entry_hash and entry_sig — keys sorted,
  no spaces, non-ASCII kept as is, NULL as null, `materials`/`fields` as their stored JSON
  text). The first entry's prev_hash is 64 zeros. entry_sig = hex of the desk key's
  signature over the 32 raw bytes of entry_hash (`signed_message`), key_id names the key.
  An edit made behind the app's back changes a hash; `verify` names the first such entry.
- Numbers: seq = max(seq) + 1 of the series and year, read under the write lock of the
  same BEGIN IMMEDIATE transaction that inserts the entry. Two processes queue on the lock;
  a kill before COMMIT loses the entry and its number together, so the next entry takes
  the same number: no gap, no duplicate.
- Status is derived: `ledger_state` holds each document's current status, written in the
  same transaction as each append, rebuildable from the chain (`rebuild_derived`) and
  checked against it by `verify`.

Limit: a chain alone cannot show that its newest entries were cut off together with their
state rows; the head hash would need an anchor outside this file (a sync bundle).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from datetime import date, datetime

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.core.numbering import DEFAULT_TEMPLATES, format_number
from villagedesk.core.text import control_chars, fold
from villagedesk.store.transaction import write
from villagedesk.store.ledger_schema import HASHED_COLUMNS

ZERO_HASH = "0" * 64

KINDS = ("issue", "refuse", "accept", "void", "amend")  # amend: schema v5 (ledger_schema.V5_KINDS)
SERIES_OF_KIND = {"issue": "cert", "refuse": "refusal", "accept": "accept", "void": None, "amend": None}
KIND_NAMES = {"issue": "证明", "refuse": "不予出具告知", "accept": "受理登记", "void": "作废登记", "amend": "更正登记"}
# pointers to another entry: no number, no state of their own, never met by a search for a person or item
STATELESS = ("void", "amend")

VALID, VOIDED, REISSUED, PENDING, ISSUED, REFUSED = "有效", "作废", "已重新出具", "待出具", "已出具", "不予出具"
OVERDUE = "逾期"  # never stored: a pending acceptance past its due date, computed at read time
STATUSES = (VALID, VOIDED, REISSUED, PENDING, ISSUED, REFUSED)
STATUS_KEYS = {VALID: "valid", VOIDED: "voided", REISSUED: "reissued", PENDING: "pending", ISSUED: "issued", REFUSED: "refused"}
_INITIAL_STATUS = {"issue": VALID, "refuse": REFUSED, "accept": PENDING}

ENTRY_COLUMNS = HASHED_COLUMNS + ("entry_hash", "entry_sig")
_PREV = HASHED_COLUMNS.index("prev_hash")
_SELECT_ENTRY = ", ".join(f"e.{c}" for c in ENTRY_COLUMNS)

# what a request may set; the store fills id, series, year, seq, number, created_at,
# key_id and the chain columns
_FIXED = {"id", "series", "year", "seq", "number", "created_at", "key_id", "prev_hash", "entry_hash", "entry_sig"}
SETTABLE = tuple(c for c in HASHED_COLUMNS if c not in _FIXED)

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
# what seal() may add: not the columns whose rules append has already checked
_SEALABLE = set(SETTABLE) - {"kind", "refers_to", "replaces", "issued_on", "due_on"}
_VOID_COLUMNS = {"kind", "refers_to", "reason", "handler", "reviewer", "issued_on", "note"}
# a correction of an accepted request carries the corrected form values and materials, and
# nothing a search by person or item would meet (the acceptance keeps those)
_AMEND_COLUMNS = {"kind", "refers_to", "reason", "handler", "issued_on", "note", "fields", "materials"}
_LONG = {"body", "fields", "materials"}
_MAX_ONE_LINE, _MAX_TEXT, _MAX_LONG = 200, 5_000, 100_000
_MAX_PAYLOAD = 4_296  # a scanned QR text can be at most this long (version 40-L alphanumeric)
_INT_COLUMNS = {"refers_to", "replaces"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# ---------------------------------------------------------------- hashing


def canonical_json(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# canonical_json without the sort, for dicts built in HASHED_COLUMNS order (already sorted)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def entry_hash(row: dict) -> str:
    """The hash of an entry from its HASHED_COLUMNS (row may hold more keys); a view from
    `get`, with materials and fields parsed, hashes the same as the stored row."""
    content = {c: row.get(c) for c in HASHED_COLUMNS}
    for c in ("materials", "fields"):
        if not isinstance(content[c], str):
            content[c] = canonical_json(content[c])
    return hashlib.sha256((row["prev_hash"] + _ENCODER.encode(content)).encode("utf-8")).hexdigest()


def _hash_of_row(r: tuple) -> str:
    """entry_hash of a row selected as ENTRY_COLUMNS (the fast path of verify)."""
    return hashlib.sha256((r[_PREV] + _ENCODER.encode(dict(zip(HASHED_COLUMNS, r)))).encode("utf-8")).hexdigest()


def signed_message(row: dict) -> bytes:
    """What entry_sig signs: the 32 bytes of entry_hash."""
    return bytes.fromhex(row["entry_hash"])


def entry_label(entry_id: int, number: str | None, kind: str = "") -> str:
    """How a message names an entry: 第 12 条记录（风平村证〔2026〕12号）."""
    return f"第 {entry_id} 条记录（{number or KIND_NAMES.get(kind, '作废登记')}）"


# ---------------------------------------------------------------- requests


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _valid_date(value, label: str) -> str:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise UserError(f"{label}应写成 年-月-日（如 2026-03-01）：{value!r}", where=label)
    try:
        date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{label}不是真实的日期：{value}", where=label) from None
    return value


def _clean_value(column: str, value):
    label = LABELS.get(column, column)
    if column in _INT_COLUMNS:
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
            _clean_value("_material", x)
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
    limit = (_MAX_LONG if column in _LONG else _MAX_PAYLOAD if column == "payload"
             else _MAX_ONE_LINE if column in _ONE_LINE else _MAX_TEXT)
    if len(value) > limit:
        raise UserError(f"{label}过长（{len(value)} 个字，最多 {limit} 个）", where=label)
    bad = control_chars(value) + ([c for c in value if c in "\t\r\n"] if column in _ONE_LINE else []) + [c for c in value if c == "\x00"]
    if bad:
        raise UserError(f"{label}含有不可见的控制字符：" + "、".join(f"U+{ord(c):04X}" for c in sorted(set(bad))), where=label)
    return value


def _parse_json(text: str, label: str, kind: type):
    from villagedesk.core.userjson import parse_user_json

    value = parse_user_json(text, what=label)  # nesting, 5000-digit numbers: Chinese errors
    if not isinstance(value, kind):
        raise UserError(f"{label}的格式不对", where=label)
    return value


def _clean_request(req: dict) -> tuple[dict, Callable | None, str | None]:
    req = dict(req)
    seal = req.pop("seal", None)
    template = req.pop("number_template", None)
    series = req.pop("series", "__default__")
    unknown = sorted(set(req) - set(SETTABLE))
    if unknown:
        raise ValueError(f"ledger request has unknown or store-owned keys: {unknown}")
    kind = req.get("kind")
    if kind not in KINDS:
        raise UserError(f"台账记录的类别不对：{kind!r}（应为 issue、refuse、accept、void 或 amend）", where="类别")
    if series != "__default__" and series != SERIES_OF_KIND[kind]:
        raise ValueError(f"series {series!r} does not go with kind {kind!r}")
    clean = {c: _clean_value(c, v) for c, v in req.items() if c != "kind"}
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
    if seal is not None and not callable(seal):
        raise ValueError("seal must be callable")
    return clean, seal, template


# ---------------------------------------------------------------- state rules


def _precondition(kind: str, entry: dict, target_kind: str | None, target_state: tuple | None, target_number: str | None,
                  which: str) -> str | None:
    """Why an entry may not refer to its target (refers_to or replaces), or None."""
    ref = entry.get(which)
    name = f"第 {ref} 条记录（{target_number}）" if target_number else f"第 {ref} 条记录"
    if target_kind is None:
        return f"台账中没有第 {ref} 条记录"
    status = target_state[0] if target_state else None
    if which == "replaces":
        if target_kind != "issue":
            return f"{name}不是证明，不能重新出具"
        if status == VALID:
            return f"重新出具前要先作废原证明 {name}（可在同一次操作中先作废再出具）"
        if status == REISSUED:
            return f"原证明 {name}已经重新出具过，不能再次重新出具"
        return None if status == VOIDED else f"{name}的状态是“{status}”，不能重新出具"
    if kind == "amend":
        if target_kind != "accept":
            return f"只能更正尚未办结的受理登记；{name}是{KIND_NAMES[target_kind]}"
        if status != PENDING:
            return f"受理登记 {target_number or ref} 已经办结（{status}），不能再更正"
        return None
    if kind == "void":
        if target_kind != "issue":
            return f"只能作废证明；{name}是{KIND_NAMES[target_kind]}"
        if status != VALID:
            return f"证明 {target_number} 已经作废（状态：{status}），不能再次作废"
        return None
    # issue/refuse after an acceptance
    if target_kind != "accept":
        return f"{name}不是受理登记"
    if status != PENDING:
        return f"受理登记 {target_number} 已经办结（{status}），不能再次出具或不予出具"
    return None


def _effects(entry: dict) -> list[tuple[int, dict]]:
    """The state changes an entry makes: its own initial state, and its targets'."""
    at = entry["created_at"]
    own = entry["id"]
    out = []
    if entry["kind"] == "amend":
        return out  # the acceptance stays pending; its newest correction is read from the chain
    if entry["kind"] in _INITIAL_STATUS:
        out.append((own, {"status": _INITIAL_STATUS[entry["kind"]], "closed_by": None, "replaced_by": None, "updated_at": at}))
    if entry["kind"] == "void":
        out.append((entry["refers_to"], {"status": VOIDED, "closed_by": own, "updated_at": at}))
    elif entry.get("refers_to"):
        out.append((entry["refers_to"], {"status": ISSUED if entry["kind"] == "issue" else REFUSED, "closed_by": own, "updated_at": at}))
    if entry.get("replaces"):
        out.append((entry["replaces"], {"status": REISSUED, "replaced_by": own, "updated_at": at}))
    return out


def _write_effects(db, entry: dict) -> None:
    for target, change in _effects(entry):
        if target == entry["id"]:
            db.execute("INSERT INTO ledger_state (entry_id, status, closed_by, replaced_by, updated_at) VALUES (?,?,?,?,?)",
                       [target, change["status"], None, None, change["updated_at"]])
        else:
            cols = ", ".join(f"{k} = ?" for k in change)
            db.execute(f"UPDATE ledger_state SET {cols} WHERE entry_id = ?", [*change.values(), target])
    if entry["item_code"] or entry["item_title"]:
        db.execute("INSERT OR IGNORE INTO ledger_items (item_code, item_title) VALUES (?, ?)", [entry["item_code"], entry["item_title"]])


# ---------------------------------------------------------------- append


def append(db: sqlite_utils.Database, requests: list[dict], *, signer) -> list[dict]:
    """Append entries in one BEGIN IMMEDIATE transaction: all of them or none.

    A request holds entry columns (SETTABLE; `kind` required), optionally `series` (must
    match the kind), `number_template` (None: DEFAULT_TEMPLATES of the series) and
    `seal(entry) -> dict of extra columns`, called inside the transaction once the entry has
    its id, number, year, seq, created_at and issued_on. Entries are applied in list order:
    put a void before the reissue that replaces it. Returns the stored entries (as `get`)."""
    if not requests:
        raise ValueError("append needs at least one request")
    cleaned = [_clean_request(r) for r in requests]
    key_id = signer.key_id_hex
    ids = []
    with write(db):
        desk = db.execute("SELECT short_name FROM desk WHERE id = 1").fetchone()
        if desk is None:
            raise UserError("本机还没有设置办公室信息：请先运行 villagedesk init")
        short_name = desk[0]
        head = db.execute("SELECT id, entry_hash FROM ledger_entries ORDER BY id DESC LIMIT 1").fetchone()
        last_id, prev = head if head else (0, ZERO_HASH)
        now = _now()
        for req, seal, template in cleaned:
            entry = {c: None for c in HASHED_COLUMNS}
            entry.update({c: "" for c in SETTABLE if c not in _INT_COLUMNS and c not in ("due_on", "issued_on")})
            entry.update(materials="[]", fields="{}")
            entry.update(req)
            entry.update(id=last_id + 1, created_at=now, issued_on=req.get("issued_on") or now[:10])
            kind = entry["kind"]
            for which in ("refers_to", "replaces"):
                if entry.get(which):
                    t = db.execute("SELECT e.kind, e.number, s.status FROM ledger_entries e LEFT JOIN ledger_state s "
                                   "ON s.entry_id = e.id WHERE e.id = ?", [entry[which]]).fetchone()
                    problem = _precondition(kind, entry, t and t[0], t and (t[2],), t and t[1], which)
                    if problem:
                        raise UserError(problem, where=LABELS[which])
            series = SERIES_OF_KIND[kind]
            if series:
                year = int(entry["issued_on"][:4])
                seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM ledger_entries WHERE series = ? AND year = ?",
                                 [series, year]).fetchone()[0]
                number = format_number(template or DEFAULT_TEMPLATES[series], short_name=short_name, year=year, seq=seq)
                entry.update(series=series, year=year, seq=seq, number=number)
            entry.update(key_id=key_id, prev_hash=prev)
            if seal is not None:
                extra = seal(dict(entry)) or {}
                wrong = sorted(k for k in extra if k not in _SEALABLE)
                if wrong:
                    raise ValueError(f"seal returned store-owned or unknown columns: {wrong}")
                entry.update({c: _clean_value(c, v) for c, v in extra.items()})
            entry["entry_hash"] = entry_hash(entry)
            entry["entry_sig"] = signer.sign(signed_message(entry)).hex()
            try:
                db.execute(f"INSERT INTO ledger_entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})",
                           [entry[c] for c in ENTRY_COLUMNS])
            except sqlite3.IntegrityError as exc:
                if "ledger_entries.number" in str(exc):
                    raise UserError(f"编号 {entry['number']} 已被占用：证明、不予出具告知、受理登记的编号格式不能相同",
                                    where="编号格式") from None
                raise
            _write_effects(db, entry)
            ids.append(entry["id"])
            last_id, prev = entry["id"], entry["entry_hash"]
    return rows(db, ids)


# ---------------------------------------------------------------- reading


def rows(db: sqlite_utils.Database, ids: list[int], *, today: date | None = None) -> list[dict]:
    """The entries with these ids, in the order given, with status and links."""
    if not ids:
        return []
    today = (today or date.today()).isoformat()
    found = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        cur = db.execute(
            f"SELECT {_SELECT_ENTRY}, s.status, s.closed_by, s.replaced_by, s.updated_at FROM ledger_entries e "
            f"LEFT JOIN ledger_state s ON s.entry_id = e.id WHERE e.id IN ({', '.join('?' * len(part))})", part)
        for r in cur.fetchall():
            found[r[0 + ENTRY_COLUMNS.index("id")]] = r
    linked = {x for r in found.values() for x in (r[-3], r[-2], _col(r, "refers_to"), _col(r, "replaces")) if x}
    links = {}
    linked -= set(found)
    if linked:
        linked = sorted(linked)
        for chunk in range(0, len(linked), 500):
            part = linked[chunk:chunk + 500]
            for r in db.execute(f"SELECT id, kind, number, created_at, reason, issued_on FROM ledger_entries WHERE id IN "
                                f"({', '.join('?' * len(part))})", part).fetchall():
                links[r[0]] = {"id": r[0], "kind": r[1], "number": r[2], "created_at": r[3], "reason": r[4],
                               "issued_on": r[5]}
    for r in found.values():
        links[_col(r, "id")] = {"id": _col(r, "id"), "kind": _col(r, "kind"), "number": _col(r, "number"),
                                "created_at": _col(r, "created_at"), "reason": _col(r, "reason"),
                                "issued_on": _col(r, "issued_on")}
    return [_view(found[i], links, today) for i in ids if i in found]


def _col(r: tuple, name: str):
    return r[ENTRY_COLUMNS.index(name)]


def _view(r: tuple, links: dict, today: str) -> dict:
    """A stored row (materials and fields stay JSON text, as hashed) plus derived keys:
    status (STATUS_KEYS value, None for a void entry), status_name (Chinese, 逾期 when an
    acceptance is past due), overdue, the linked entries and their numbers."""
    d = dict(zip(ENTRY_COLUMNS, r))
    stored, closed_by, replaced_by, updated_at = r[len(ENTRY_COLUMNS):]
    d["status"] = STATUS_KEYS.get(stored)
    d["overdue"] = bool(stored == PENDING and d["due_on"] and d["due_on"] < today)
    d["status_name"] = d["display_status"] = OVERDUE if d["overdue"] else (stored or KIND_NAMES.get(d["kind"], KIND_NAMES["void"]))
    d["status_updated_at"] = updated_at
    d["closed_by"] = links.get(closed_by)
    d["voided_by"] = links.get(closed_by) if stored in (VOIDED, REISSUED) else None
    d["void_reason"] = d["voided_by"]["reason"] if d["voided_by"] else ""
    d["replaced_by"] = links.get(replaced_by)
    d["refers_to_entry"] = links.get(d["refers_to"])
    d["replaces_entry"] = links.get(d["replaces"])
    for key in ("closed_by", "replaced_by", "refers_to_entry", "replaces_entry"):
        d[key.removesuffix("_entry") + "_number"] = (d[key] or {}).get("number")
    return d


def get(db: sqlite_utils.Database, entry_id: int) -> dict | None:
    found = rows(db, [entry_id])
    return found[0] if found else None


def get_by_number(db: sqlite_utils.Database, number: str) -> dict | None:
    row = db.execute("SELECT id FROM ledger_entries WHERE number = ?", [number]).fetchone()
    return get(db, row[0]) if row else None


def amendments(db: sqlite_utils.Database, accept_id: int) -> list[dict]:
    """The corrections of an accepted request, oldest first (the newest holds the values in force)."""
    found = [r[0] for r in db.execute("SELECT id FROM ledger_entries WHERE refers_to = ? AND kind = 'amend' ORDER BY id",
                                      [accept_id]).fetchall()]
    return rows(db, found)


def head(db: sqlite_utils.Database) -> dict:
    """The chain's newest entry: {"entries", "entry_hash"} (for anchoring elsewhere)."""
    row = db.execute("SELECT id, entry_hash FROM ledger_entries ORDER BY id DESC LIMIT 1").fetchone()
    return {"entries": row[0] if row else 0, "entry_hash": row[1] if row else ZERO_HASH}


# ---------------------------------------------------------------- search

# a source narrower than this drives the query through its index; wider ones are dense
# enough that walking the entries newest first finds a page quickly
_DRIVER_CAP = 20_000
_TOP = "\U0010ffff"


class _Query:
    """Filters as SQL: `preds` test one entry (alias e, state alias s); `sources` are
    indexed subqueries of candidate ids, at least one of which holds every match."""

    def __init__(self, db, *, text="", number=None, name=None, id_number=None, item=None, date_from=None,
                 date_to=None, status=None, kind=None, before_id=None, today=None):
        self.preds: list[tuple[str, list]] = []
        self.sources: list[list[tuple[str, list]]] = []
        self.join_state = False
        self.empty = False
        self.status_only = None  # (stored statuses, overdue date or None, before_id) when status is the only filter
        today = (today or date.today()).isoformat()
        if kind:
            self._add("e.kind = ?", [kind], "SELECT id FROM ledger_entries WHERE kind = ?", [kind])
        elif not (text or number or name or id_number or item or status):
            # those filters never match a void entry (no number, person or item; no state)
            self.preds.append(("e.kind NOT IN ('void', 'amend')", []))
        if text:
            alts = self._text_alternatives(db, text)
            if not alts:
                self.empty = True
            else:
                self.preds.append(("(" + " OR ".join(p for p, _, _, _ in alts) + ")", [x for _, a, _, _ in alts for x in a]))
                self.sources.append([(s, b) for _, _, s, b in alts])
        if number:
            self._add("e.number >= ? AND e.number < ?", [number, number + _TOP],
                      "SELECT id FROM ledger_entries WHERE number >= ? AND number < ?", [number, number + _TOP])
        if name:
            alts = [self._prefix("applicant", name), self._prefix("subject_name", name)]
            self._add_alts(alts)
        if id_number:
            self._add_alts(self._id_alternatives(id_number.upper()))
        if item:
            alt = _item_alternative(db, item, exact_code=True)
            if alt is None:
                self.empty = True
            else:
                self._add(*alt)
        if date_from or date_to:
            lo, hi = date_from or "0000-00-00", date_to or "9999-99-99"
            self._add("e.issued_on BETWEEN ? AND ?", [lo, hi], "SELECT id FROM ledger_entries WHERE issued_on BETWEEN ? AND ?", [lo, hi])
        if status:
            by_key = {v: k for k, v in STATUS_KEYS.items()} | {"overdue": OVERDUE}
            wanted = [by_key.get(x, x) for x in ([status] if isinstance(status, str) else list(status))]
            if kind in STATELESS:
                self.empty = True
            stored = sorted({PENDING if s == OVERDUE else s for s in wanted})
            marks = ", ".join("?" * len(stored))
            self.join_state = True
            pred = f"s.status IN ({marks})"
            args = list(stored)
            if OVERDUE in wanted and PENDING not in wanted:
                others = [s for s in stored if s != PENDING]
                pred = "(s.status = ? AND e.due_on < ?" + (f" OR s.status IN ({', '.join('?' * len(others))}))" if others else ")")
                args = [PENDING, today, *others]
            self._add(pred, args, f"SELECT entry_id FROM ledger_state WHERE status IN ({marks})", stored)
            if not (kind or text or number or name or id_number or item or date_from or date_to):
                only_overdue = OVERDUE in wanted and PENDING not in wanted and stored == [PENDING]
                if only_overdue or OVERDUE not in wanted or PENDING in wanted:
                    self.status_only = (stored, today if only_overdue else None, before_id)
        if before_id is not None:
            self.preds.append(("e.id < ?", [before_id]))

    def _add(self, pred, args, source, source_args):
        self.preds.append((pred, args))
        self.sources.append([(source, source_args)])

    def _add_alts(self, alts):
        self.preds.append(("(" + " OR ".join(p for p, _, _, _ in alts) + ")", [x for _, a, _, _ in alts for x in a]))
        self.sources.append([(s, b) for _, _, s, b in alts])

    @staticmethod
    def _prefix(column, value):
        return (f"(e.{column} >= ? AND e.{column} < ?)", [value, value + _TOP],
                f"SELECT id FROM ledger_entries WHERE {column} >= ? AND {column} < ?", [value, value + _TOP])

    @staticmethod
    def _id_alternatives(q):
        if len(q) < 4:
            return [(f"e.{c} = ?", [q], f"SELECT id FROM ledger_entries WHERE {c} = ?", [q]) for c in ("applicant_id", "subject_id")]
        return [(f"(substr(e.{c}, -4) = ? AND substr(e.{c}, -{len(q)}) = ?)", [q[-4:], q],
                 f"SELECT id FROM ledger_entries WHERE substr({c}, -4) = ? AND substr({c}, -{len(q)}) = ?", [q[-4:], q])
                for c in ("applicant_id", "subject_id")]

    def _text_alternatives(self, db, text):
        alts = [self._prefix("number", text), self._prefix("applicant", text), self._prefix("subject_name", text)]
        if re.fullmatch(r"\d{1,7}", text):
            alts.append(("e.seq = ?", [int(text)], "SELECT id FROM ledger_entries WHERE seq = ?", [int(text)]))
        if re.fullmatch(r"\d{4,17}[\dXx]?|\d{3}[\dXx]", text):
            alts += self._id_alternatives(text.upper())
        alt = _item_alternative(db, text)
        if alt:
            alts.append(alt)
        return alts

    def from_clause(self, *, scan: bool) -> str:
        # a walk keeps the entries as the outer loop (CROSS JOIN) so it runs in id order
        return "FROM ledger_entries AS e" + (" NOT INDEXED" if scan else "") + (
            f" {'CROSS ' if scan else ''}JOIN ledger_state AS s ON s.entry_id = e.id" if self.join_state else "")

    def where(self, driver: tuple[str, list] | None) -> tuple[str, list]:
        parts = [p for p, _ in self.preds]
        args = [x for _, a in self.preds for x in a]
        if driver:
            parts.append(f"e.id IN ({driver[0]})")
            args += driver[1]
        return (" WHERE " + " AND ".join(parts)) if parts else "", args

    def driver(self, db) -> tuple[str, list] | None:
        """The narrowest source, as one subquery, if it is narrow enough to read whole."""
        # matches cluster (a date range, an item used only in some years), so a walk may pass
        # most of the chain before it finds them: only wide sources are left to the walk
        best, best_n = None, _DRIVER_CAP + 1
        for alternatives in self.sources:
            n = 0
            for sql, args in alternatives:  # bounded counts of each part: UNION would read them all
                n += db.execute(f"SELECT count(*) FROM (SELECT 1 FROM ({sql}) LIMIT ?)", [*args, best_n - n]).fetchone()[0]
                if n >= best_n:
                    break
            if n < best_n:
                best, best_n = alternatives, n
        if best is None:
            return None
        return " UNION ".join(sql for sql, _ in best), [x for _, args in best for x in args]


def _item_keys(code: str, title: str) -> tuple[str, ...]:
    """What a typed item text is compared with: the code, the title, and the title without
    its bracketed part or brackets (居（租）住证明 → 居住证明, 居租住证明)."""
    t = fold(title)
    return fold(code), t, re.sub(r"[（(][^）)]*[）)]", "", t), re.sub(r"[（()）]", "", t)


def _matching_items(db, text: str, *, exact_code: bool = False) -> list[tuple[str, str]]:
    """(code, title) of the items whose code or title contains the text (the ledger has seen
    few items); with exact_code, items whose code equals the text are the only answer."""
    folded = fold(text)
    items = db.execute("SELECT item_code, item_title FROM ledger_items").fetchall()
    if exact_code:
        exact = sorted((c, t) for c, t in items if fold(c) == folded)
        if exact:
            return exact
    return sorted((c, t) for c, t in items if any(folded in k for k in _item_keys(c, t)))


def _item_alternative(db, text: str, *, exact_code: bool = False):
    pairs = _matching_items(db, text, exact_code=exact_code)
    if not pairs:
        return None
    codes = sorted({c for c, _ in pairs})
    marks = ", ".join("?" * len(codes))
    flat = [x for pair in pairs for x in pair]
    return (f"(e.item_code, e.item_title) IN (VALUES {', '.join(['(?, ?)'] * len(pairs))})", flat,
            f"SELECT id FROM ledger_entries WHERE item_code IN ({marks})", codes)


def _page_sql(db, q: _Query, *, order: str, offset: int = 0, limit: int | None = None) -> tuple[str, list]:
    direction = "ASC" if order == "asc" else "DESC"
    if q.status_only is not None:
        # status alone: the state index holds each status's ids in order, no entry is read
        stored, overdue_before, before_id = q.status_only
        where = [f"s.status IN ({', '.join('?' * len(stored))})"]
        args = list(stored)
        if overdue_before:
            where.append("s.entry_id IN (SELECT id FROM ledger_entries WHERE id = s.entry_id AND due_on < ?)")
            args.append(overdue_before)
        if before_id is not None:
            where.append("s.entry_id < ?")
            args.append(before_id)
        sql = f"SELECT s.entry_id FROM ledger_state AS s WHERE {' AND '.join(where)} ORDER BY s.entry_id {direction}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return sql, args
    driver = q.driver(db)
    where, args = q.where(driver)
    tail = f" ORDER BY e.id {direction}"
    if limit is not None:
        tail += " LIMIT ? OFFSET ?"
        args = [*args, limit, offset]
    return f"SELECT e.id {q.from_clause(scan=driver is None)}{where}{tail}", args


def _ordered_ids(db, q: _Query, *, order: str, offset: int = 0, limit: int | None = None) -> list[int]:
    if q.empty:
        return []
    sql, args = _page_sql(db, q, order=order, offset=offset, limit=limit)
    return [r[0] for r in db.execute(sql, args).fetchall()]


def query_plan(db: sqlite_utils.Database, **filters) -> list[str]:
    """EXPLAIN QUERY PLAN of the page query `search` would run (for tests and tuning)."""
    sql, args = _page_sql(db, _Query(db, **filters), order="desc", limit=100)
    return [r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", args).fetchall()]


def search(db: sqlite_utils.Database, *, text: str = "", number: str | None = None, name: str | None = None,
           id_number: str | None = None, item: str | None = None, date_from: str | None = None, date_to: str | None = None,
           status: str | list[str] | None = None, kind: str | None = None, offset: int = 0, limit: int = 100,
           order: str = "desc", before_id: int | None = None, today: date | None = None) -> list[dict]:
    """One page of entries, newest first by default.

    Free `text` matches a number (exact or prefix), a name (applicant or subject, prefix),
    an ID number (whole, or its last 4+ characters), a sequence number (digits only) or an
    item (code or title, substring). kind None lists documents (issue/refuse/accept); "void"
    lists the void entries. status: one or more of STATUSES or OVERDUE. For deep scrolling
    pass before_id (keyset: the last id of the previous page, with order "desc") or use `ids`."""
    q = _Query(db, text=text, number=number, name=name, id_number=id_number, item=item, date_from=date_from,
               date_to=date_to, status=status, kind=kind, before_id=before_id, today=today)
    return rows(db, _ordered_ids(db, q, order=order, offset=offset, limit=limit), today=today)


def ids(db: sqlite_utils.Database, *, order: str = "desc", **filters) -> list[int]:
    """Every matching entry id in order: the row → id map of a virtual table view."""
    if not any(v for k, v in filters.items() if k != "today"):
        direction = "ASC" if order == "asc" else "DESC"
        return [r[0] for r in db.execute(f"SELECT entry_id FROM ledger_state ORDER BY entry_id {direction}").fetchall()]
    return _ordered_ids(db, _Query(db, **filters), order=order)


def count(db: sqlite_utils.Database, **filters) -> int:
    """How many entries `search` would page through with these filters."""
    filters.pop("offset", None), filters.pop("limit", None), filters.pop("order", None)
    if not any(v for k, v in filters.items() if k != "today"):
        return db.execute("SELECT count(*) FROM ledger_state").fetchone()[0]
    q = _Query(db, **filters)
    if q.empty:
        return 0
    if q.status_only is not None:
        sql, args = _page_sql(db, q, order="asc")
        return db.execute(f"SELECT count(*) FROM ({sql})", args).fetchone()[0]
    driver = q.driver(db)
    where, args = q.where(driver)
    return db.execute(f"SELECT count(*) {q.from_clause(scan=False)}{where}", args).fetchone()[0]


def pending(db: sqlite_utils.Database, today: date | None = None) -> list[dict]:
    """Accepted requests not yet issued or refused, earliest due first, each with `overdue`."""
    found = [r[0] for r in db.execute(
        "SELECT s.entry_id FROM ledger_state s JOIN ledger_entries e ON e.id = s.entry_id "
        "WHERE s.status = ? ORDER BY e.due_on, e.id", [PENDING]).fetchall()]
    return rows(db, found, today=today)


# ---------------------------------------------------------------- verify and rebuild


def _walk(db) -> Iterable[tuple[tuple, dict]]:
    cur = db.conn.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM ledger_entries ORDER BY id")
    while True:
        batch = cur.fetchmany(2000)
        if not batch:
            return
        for r in batch:
            yield r, dict(zip(ENTRY_COLUMNS, r))


def _derive(db, check: Callable[[tuple, dict], tuple[int, str | None, str] | None] | None = None):
    """Replay the chain: (states changed by later entries, kinds by id, entries, first problem).

    `check(row tuple, entry)` may report (entry id, number, problem) for the entry; replay stops at the
    first problem found, by the check or by the state rules."""
    kinds = bytearray()
    codes = {k: i + 1 for i, k in enumerate(KINDS)}
    changed: dict[int, tuple] = {}
    n = 0
    for raw, entry in _walk(db):
        n += 1
        if check is not None:
            problem = check(raw, entry)
            if problem:
                return changed, kinds, n, problem
        eid = entry["id"]
        if eid >= len(kinds):
            kinds.extend(b"\0" * (eid + 1 - len(kinds) + 1024))
        kinds[eid] = codes[entry["kind"]]
        for which in ("refers_to", "replaces"):
            target = entry.get(which)
            if target:
                tk = KINDS[kinds[target] - 1] if target < len(kinds) and kinds[target] else None
                state = changed.get(target) or ((_INITIAL_STATUS.get(tk),) if tk else None)
                problem = _precondition(entry["kind"], entry, tk, state, None, which)
                if problem:
                    number = db.execute("SELECT number FROM ledger_entries WHERE id = ?", [target]).fetchone()
                    problem = _precondition(entry["kind"], entry, tk, state, number and number[0], which)
                    return changed, kinds, n, (eid, entry["number"], f"{entry_label(eid, entry['number'], entry['kind'])}不合规则：{problem}")
        for target, change in _effects(entry):
            if target == eid:
                continue
            old = changed.get(target) or (_INITIAL_STATUS[KINDS[kinds[target] - 1]], None, None, None)
            new = (change["status"], change.get("closed_by", old[1]), change.get("replaced_by", old[2]), change["updated_at"])
            changed[target] = new
    return changed, kinds, n, None


def verify(db: sqlite_utils.Database, *, check_signature: Callable[[dict], str | None] | None) -> dict:
    """Check the whole ledger: hashes and chain links, signatures (check_signature(entry) →
    None or a Chinese problem; None to skip), gap-free numbering per series and year, the
    rules of void/reissue/acceptance, and the state table against the chain.

    Returns {"ok", "entries", "first_bad": None | {"entry_id", "number", "problem"}}."""
    state = {"prev": ZERO_HASH, "expected_id": 1}
    last_seq: dict[tuple, int] = {}

    def check(raw: tuple, entry: dict):
        eid, number, kind = entry["id"], entry["number"], entry["kind"]
        label = entry_label(eid, number, kind)
        if entry["prev_hash"] != state["prev"]:
            gone = "前面的记录被删除或插入" if eid != state["expected_id"] else "与前一条记录接不上"
            return eid, number, f"{label}与前一条记录的哈希接不上：{gone}，或记录在程序外被修改"
        if _hash_of_row(raw) != entry["entry_hash"]:
            return eid, number, f"{label}的内容与哈希不符：记录在程序外被修改"
        if check_signature is not None:
            problem = check_signature(entry)
            if problem:
                return eid, number, f"{label}的签名无效：{problem}"
        series = SERIES_OF_KIND.get(kind)
        if series != entry["series"] or (series and (number is None or entry["year"] != int(entry["issued_on"][:4]))):
            return eid, number, f"{label}的编号系列或年份与类别、开具日期不符"
        if series:
            key = (series, entry["year"])
            expected = last_seq.get(key, 0) + 1
            if entry["seq"] != expected:
                return eid, number, (f"{label}编号不连续：{entry['year']} 年本系列应为第 {expected} 号，"
                                     f"这里是第 {entry['seq']} 号")
            last_seq[key] = expected
        state["prev"] = entry["entry_hash"]
        state["expected_id"] = eid + 1
        return None

    changed, kinds, n, problem = _derive(db, check)
    if problem is None:
        dup = db.execute("SELECT number, min(id) FROM ledger_entries WHERE number IS NOT NULL GROUP BY number "
                         "HAVING count(*) > 1 ORDER BY min(id) LIMIT 1").fetchone()
        if dup:
            problem = (dup[1], dup[0], f"编号 {dup[0]} 在台账中出现了不止一次")
    if problem is None:
        problem = _check_state_table(db, changed)
    return {"ok": problem is None, "entries": n,
            "first_bad": None if problem is None else {"entry_id": problem[0], "number": problem[1], "problem": problem[2]}}


def _check_state_table(db, changed: dict) -> tuple | None:
    cur = db.conn.execute(
        "SELECT e.id, e.kind, e.number, e.created_at, s.entry_id, s.status, s.closed_by, s.replaced_by, s.updated_at "
        "FROM ledger_entries e LEFT JOIN ledger_state s ON s.entry_id = e.id ORDER BY e.id")
    while True:
        batch = cur.fetchmany(5000)
        if not batch:
            break
        for eid, kind, number, created_at, sid, *stored in batch:
            if kind in STATELESS:
                if sid is not None:
                    return eid, number, f"{entry_label(eid, number, kind)}在状态表中不应有状态：状态表在程序外被修改"
                continue
            expected = changed.get(eid) or (_INITIAL_STATUS[kind], None, None, created_at)
            if sid is None:
                return eid, number, f"{entry_label(eid, number, kind)}在状态表中缺失：状态表在程序外被修改（可重建状态表）"
            if tuple(stored) != tuple(expected):
                return eid, number, (f"{entry_label(eid, number, kind)}的状态表与台账不符：状态表写“{stored[0]}”，"
                                     f"按台账应为“{expected[0]}”（状态表在程序外被修改，可重建状态表）")
    orphan = db.execute("SELECT entry_id FROM ledger_state WHERE entry_id NOT IN (SELECT id FROM ledger_entries) "
                        "ORDER BY entry_id LIMIT 1").fetchone()
    if orphan:
        return orphan[0], None, f"状态表中有第 {orphan[0]} 条记录，台账里却没有：台账记录被删除"
    return None


def rebuild_derived(db: sqlite_utils.Database) -> dict:
    """Rewrite ledger_state and ledger_items from the chain, in one transaction."""
    with write(db):
        changed, kinds, n, problem = _derive(db)
        if problem:
            raise UserError(f"台账本身有问题，不能据此重建状态表：{problem[2]}")
        db.execute("DELETE FROM ledger_state")
        db.execute("DELETE FROM ledger_items")
        db.execute("INSERT INTO ledger_state (entry_id, status, closed_by, replaced_by, updated_at) "
                   "SELECT id, CASE kind WHEN 'issue' THEN ? WHEN 'refuse' THEN ? ELSE ? END, NULL, NULL, created_at "
                   "FROM ledger_entries WHERE kind NOT IN ('void', 'amend')", [VALID, REFUSED, PENDING])
        db.conn.executemany("UPDATE ledger_state SET status = ?, closed_by = ?, replaced_by = ?, updated_at = ? WHERE entry_id = ?",
                            [(*v, k) for k, v in changed.items()])
        db.execute("INSERT OR IGNORE INTO ledger_items (item_code, item_title) SELECT DISTINCT item_code, item_title "
                   "FROM ledger_entries WHERE item_code <> '' OR item_title <> ''")
    return {"entries": n, "changed": len(changed)}

"""The certificate-issuance ledger in SQLite: the append transaction, reads, search, and
the replay of what is stored (the rules themselves are `core/ledger.py`).

Why it is built this way (DESIGN.md "Data that must never be lost or forged", issue #3 items
4–5, issue #10 items 1–2, DOMAIN.md §8):

- One row per entry; a stream's entries in chain order. The row id is `stream << 40 |
  position` (schema v8, `store/migration_steps/v8_many_offices.py`): this desk's own chain is stream 0, so its
  row ids are the positions; other offices' chains (synced in) live beside it. Triggers
  refuse UPDATE and DELETE.
- Appending: `appending(db, key_id=…)` opens BEGIN IMMEDIATE and hands out drafts
  (`Appender.draft`: position, number, created_at, prev_hash, all rules checked against the
  stored state); the issuing service adds its payload and PDF, seals the draft with
  `core.ledger.seal` and `Appender.insert`s it; COMMIT when the block ends. The lock is held
  from the number to the insert, so two processes queue; a kill before COMMIT loses the
  entry and its number together: no gap, no duplicate. Nothing here calls back up.
- Status is derived: `ledger_state` holds each document's current status key, written in
  the same transaction as each append, rebuildable from the chain (`rebuild_derived`) and
  checked against it by `verify`.

Limit: a chain alone cannot show that its newest entries were cut off together with their
state rows; the head hash needs an anchor outside this file (backups' manifest, a sync bundle).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import sqlite_utils

from villagedesk.core import ledger as rules
from villagedesk.core.errors import UserError
from villagedesk.core.ledger import (  # re-exported: the names callers used before core/ledger.py
    ENTRY_COLUMNS, HASHED_COLUMNS, KIND_NAMES, KINDS, LABELS, OVERDUE, SERIES_OF_KIND, SETTABLE, STATELESS,
    STATUS_LABELS, ZERO_HASH, Status, canonical_json, entry_hash, entry_label, signed_message,
)
from villagedesk.core.numbering import DEFAULT_TEMPLATES, format_number
from villagedesk.core.text import fold
from villagedesk.store import desk_seat
from villagedesk.store.transaction import write

__all__ = ["ENTRY_COLUMNS", "HASHED_COLUMNS", "KIND_NAMES", "KINDS", "LABELS", "OVERDUE", "SERIES_OF_KIND", "SETTABLE",
           "STATELESS", "STATUS_LABELS", "ZERO_HASH", "Status", "canonical_json", "entry_hash", "entry_label",
           "signed_message"]

OWN_STREAM = 0
STREAM_SHIFT = 40  # the row id is stream << 40 | position (schema v8, migration_steps/v8_many_offices.py)
_POSITION = (1 << STREAM_SHIFT) - 1
VALID, VOIDED, REISSUED, PENDING, ISSUED, REFUSED = (Status.VALID.value, Status.VOIDED.value, Status.REISSUED.value,
                                                     Status.PENDING.value, Status.ISSUED.value, Status.REFUSED.value)
STATUSES = tuple(s.value for s in Status)
_INITIAL_STATUS = {k: v.value for k, v in rules.INITIAL_STATUS.items()}
_SELECT_ENTRY = ", ".join(f"e.{c}" for c in ENTRY_COLUMNS)
_LIGHT_INDEX = tuple(rules.COLUMN[c] for c in rules.LIGHT_COLUMNS)
_INSERT = (f"INSERT INTO ledger_entries (office, stream, {', '.join(ENTRY_COLUMNS)}) "
           f"VALUES (?, ?, {', '.join('?' * len(ENTRY_COLUMNS))})")


def row_id(stream: int, position: int) -> int:
    """The row id of an entry: its stream and its position in that stream's chain."""
    return (stream << STREAM_SHIFT) | position


def _hash_of_row(r: Sequence[Any]) -> str:
    """entry_hash of a row selected as ENTRY_COLUMNS of stream 0 (backups check the head with it)."""
    return rules.hash_of_values(r)


# ---------------------------------------------------------------- append


class Appender:
    """The open append transaction of this desk's own chain (see the module docstring)."""

    def __init__(self, db: sqlite_utils.Database, *, key_id: str, office: str, short_name: str):
        self.db = db
        self.key_id = key_id
        self.office = office
        self.short_name = short_name
        head = db.execute("SELECT id, entry_hash FROM ledger_entries WHERE id <= ? ORDER BY id DESC LIMIT 1",
                          [_POSITION]).fetchone()
        self.last_id: int = head[0] if head else 0
        self.prev: str = head[1] if head else ZERO_HASH
        self.created_at = rules.now()
        self.ids: list[int] = []
        self.inserted: list[dict[str, Any]] = []  # the entries as stored, in order (no status: see `rows`)
        self._draft: dict[str, Any] | None = None

    def draft(self, request: dict | rules.Request) -> dict[str, Any]:
        """The next entry for a request: its rules checked against the stored state, with its
        position, number, created_at and prev_hash; not yet stored (see `insert`)."""
        if self._draft is not None:
            raise ValueError("insert the previous draft first")
        req = request if isinstance(request, rules.Request) else rules.clean_request(request)
        kind = req.kind
        for which in ("refers_to", "replaces"):
            ref = req.columns.get(which)
            if ref:
                t = self.db.execute("SELECT e.kind, e.number, s.status FROM ledger_entries e LEFT JOIN ledger_state s "
                                    "ON s.entry_id = e.id WHERE e.id = ? AND e.id <= ?", [ref, _POSITION]).fetchone()
                problem = rules.precondition(kind, which, ref, t and t[0], t and t[2], t and t[1])
                if problem:
                    raise UserError(problem, where=LABELS[which])

        def number(series: str, year: int) -> tuple[int, str]:
            seq = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM ledger_entries WHERE series = ? AND year = ? "
                                  "AND office = ?", [series, year, self.office]).fetchone()[0]
            return seq, format_number(req.number_template or DEFAULT_TEMPLATES[series], short_name=self.short_name,
                                      year=year, seq=seq)

        self._draft = rules.draft(req, entry_id=self.last_id + 1, created_at=self.created_at, prev_hash=self.prev,
                                  key_id=self.key_id, number=number)
        return dict(self._draft)

    def insert(self, entry: dict[str, Any]) -> int:
        """Store the sealed draft (core.ledger.seal); only what sealing may add may differ."""
        drafted, self._draft = self._draft, None
        if drafted is None:
            raise ValueError("no draft to insert")
        changed = sorted(c for c in HASHED_COLUMNS if c not in rules.SEALABLE and entry.get(c) != drafted[c])
        if changed:
            raise ValueError(f"a sealed entry may not change {changed}")
        if entry.get("entry_hash") != entry_hash(entry) or not entry.get("entry_sig"):
            raise ValueError("the entry is not sealed: hash or signature missing")
        try:
            self.db.execute(_INSERT, [self.office, OWN_STREAM, *(entry[c] for c in ENTRY_COLUMNS)])
        except sqlite3.IntegrityError as exc:
            if "ledger_entries.number" in str(exc):
                raise UserError(f"编号 {entry['number']} 已被占用：证明、不予出具告知、受理登记的编号格式不能相同",
                                where="编号格式") from None
            raise
        _write_effects(self.db, entry)
        self.ids.append(entry["id"])
        self.inserted.append(entry)
        self.last_id, self.prev = entry["id"], entry["entry_hash"]
        return entry["id"]

    def add(self, request: dict | rules.Request, *, sign: Callable[[bytes], bytes],
            extra: dict[str, Any] | None = None) -> int:
        """Draft, seal and insert in one step (a void, an amendment: nothing to draw)."""
        return self.insert(rules.seal(self.draft(request), extra or {}, sign=sign))


@contextmanager
def appending(db: sqlite_utils.Database, *, key_id: str) -> Iterator[Appender]:
    """One BEGIN IMMEDIATE transaction on this desk's own chain: every entry inserted in it is
    committed together when the block ends, or none if it raises."""
    with write(db):
        desk = db.execute("SELECT short_name, region_code FROM desk WHERE id = 1").fetchone()
        if desk is None:
            raise UserError("本机还没有设置办公室信息：请先运行 villagedesk init")
        desk_seat.require_here(db)  # a copied database writes no entry before it re-enrols
        yield Appender(db, key_id=key_id, office=desk[1], short_name=desk[0])


def append(db: sqlite_utils.Database, requests: list[dict], *, signer) -> list[dict]:
    """Append entries that need nothing drawn, in one transaction: all of them or none.
    Applied in list order (put a void before the reissue that replaces it). Returns the
    stored entries (as `get`)."""
    if not requests:
        raise ValueError("append needs at least one request")
    cleaned = [rules.clean_request(r) for r in requests]
    with appending(db, key_id=signer.key_id_hex) as tx:
        for req in cleaned:
            tx.add(req, sign=signer.sign)
    return rows(db, tx.ids)


def _write_effects(db, entry: dict, base: int = 0) -> None:
    """The state rows an entry changes; `entry["id"]` is its position, `base` its stream's row id 0."""
    for change in rules.effects(entry):
        target = base | change.target
        if change.target == entry["id"]:
            db.execute("INSERT INTO ledger_state (entry_id, status, closed_by, replaced_by, updated_at) VALUES (?,?,?,?,?)",
                       [target, change.status.value, None, None, change.updated_at])
            continue
        db.execute(*_state_update(change, base))
    if entry["item_code"] or entry["item_title"]:
        db.execute("INSERT OR IGNORE INTO ledger_items (item_code, item_title) VALUES (?, ?)",
                   [entry["item_code"], entry["item_title"]])


def _state_update(change: rules.StateChange, base: int) -> tuple[str, list[Any]]:
    """The UPDATE of an earlier entry's state row that a void, reissue or decision makes."""
    values = _state_values(change, base)
    return (f"UPDATE ledger_state SET {', '.join(f'{c} = ?' for c in values)} WHERE entry_id = ?",
            [*values.values(), base | change.target])


def _state_values(change: rules.StateChange, base: int) -> dict[str, Any]:
    """The state columns a void, reissue or decision sets on an earlier entry (a link it keeps is left out)."""
    values: dict[str, Any] = {"status": change.status.value, "updated_at": change.updated_at}
    for link in ("closed_by", "replaced_by"):
        if link not in change.keeps:
            value = getattr(change, link)
            values[link] = None if value is None else base | value
    return values


# ---------------------------------------------------------------- reading


def rows(db: sqlite_utils.Database, ids: list[int], *, today: date | None = None) -> list[dict]:
    """The entries with these ids, in the order given, with status and links."""
    if not ids:
        return []
    day = (today or date.today()).isoformat()
    found: dict[int, tuple] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        cur = db.execute(
            f"SELECT {_SELECT_ENTRY}, s.status, s.closed_by, s.replaced_by, s.updated_at FROM ledger_entries e "
            f"LEFT JOIN ledger_state s ON s.entry_id = e.id WHERE e.id IN ({', '.join('?' * len(part))})", part)
        for r in cur.fetchall():
            found[r[0 + ENTRY_COLUMNS.index("id")]] = r
    linked = {x for r in found.values() for x in (r[-3], r[-2], _local(r, "refers_to"), _local(r, "replaces")) if x}
    links: dict[int, dict[str, Any]] = {}
    linked -= set(found)
    if linked:
        wanted = sorted(linked)
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk:chunk + 500]
            for r in db.execute(f"SELECT id, kind, number, created_at, reason, issued_on FROM ledger_entries WHERE id IN "
                                f"({', '.join('?' * len(part))})", part).fetchall():
                links[r[0]] = {"id": r[0], "kind": r[1], "number": r[2], "created_at": r[3], "reason": r[4],
                               "issued_on": r[5]}
    for r in found.values():
        links[_col(r, "id")] = {"id": _col(r, "id"), "kind": _col(r, "kind"), "number": _col(r, "number"),
                                "created_at": _col(r, "created_at"), "reason": _col(r, "reason"),
                                "issued_on": _col(r, "issued_on")}
    return [_view(found[i], links, day) for i in ids if i in found]


def _col(r: tuple, name: str):
    return r[rules.COLUMN[name]]


def _local(r: tuple, name: str) -> int | None:
    """The row id of the entry a row points at (refers_to / replaces are positions in its stream)."""
    position = r[rules.COLUMN[name]]
    return None if not position else (r[rules.COLUMN["id"]] & ~_POSITION) | position


def _view(r: tuple, links: dict, today: str) -> dict:
    """A stored row (materials and fields stay JSON text, as hashed) plus derived keys:
    status (a Status key, None for a void entry), status_name (its Chinese label, 逾期 when
    an acceptance is past due), overdue, the linked entries and their numbers. `id` is the
    row id (for this desk's own entries, the position in its chain)."""
    d = dict(zip(ENTRY_COLUMNS, r))
    stored, closed_by, replaced_by, updated_at = r[len(ENTRY_COLUMNS):]
    d["status"] = stored
    d["overdue"] = bool(stored == PENDING and d["due_on"] and d["due_on"] < today)
    d["status_name"] = d["display_status"] = (STATUS_LABELS[OVERDUE] if d["overdue"] else
                                             STATUS_LABELS.get(stored) or KIND_NAMES.get(d["kind"], KIND_NAMES["void"]))
    d["status_updated_at"] = updated_at
    d["closed_by"] = links.get(closed_by)
    d["voided_by"] = links.get(closed_by) if stored in (VOIDED, REISSUED) else None
    d["void_reason"] = d["voided_by"]["reason"] if d["voided_by"] else ""
    d["replaced_by"] = links.get(replaced_by)
    d["refers_to_entry"] = links.get(_local(r, "refers_to"))
    d["replaces_entry"] = links.get(_local(r, "replaces"))
    for key in ("closed_by", "replaced_by", "refers_to_entry", "replaces_entry"):
        d[key.removesuffix("_entry") + "_number"] = (d[key] or {}).get("number")
    return d


def get(db: sqlite_utils.Database, entry_id: int) -> dict | None:
    found = rows(db, [entry_id])
    return found[0] if found else None


def get_by_number(db: sqlite_utils.Database, number: str, *, office: str | None = None) -> dict | None:
    """The entry with this number: of this desk's own chain, or of `office`'s chains."""
    if office is None:
        row = db.execute("SELECT id FROM ledger_entries WHERE number = ? AND id <= ?", [number, _POSITION]).fetchone()
    else:
        row = db.execute("SELECT id FROM ledger_entries WHERE number = ? AND office = ?", [number, office]).fetchone()
    return get(db, row[0]) if row else None


def amendments(db: sqlite_utils.Database, accept_id: int) -> list[dict]:
    """The corrections of an accepted request, oldest first (the newest holds the values in force)."""
    base = accept_id & ~_POSITION
    found = [r[0] for r in db.execute("SELECT id FROM ledger_entries WHERE refers_to = ? AND kind = 'amend' "
                                      "AND id BETWEEN ? AND ? ORDER BY id",
                                      [accept_id & _POSITION, base, base | _POSITION]).fetchall()]
    return rows(db, found)


def head(db: sqlite_utils.Database) -> dict:
    """The chain's newest entry: {"entries", "entry_hash"} (for anchoring elsewhere)."""
    row = db.execute("SELECT id, entry_hash FROM ledger_entries WHERE id <= ? ORDER BY id DESC LIMIT 1",
                     [_POSITION]).fetchone()
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
                 date_to=None, status=None, kind=None, before_id=None, today=None, office=None, scope="own"):
        self.preds: list[tuple[str, list]] = []
        self.sources: list[list[tuple[str, list]]] = []
        self.join_state = False
        self.empty = False
        self.status_only = None  # (stored statuses, overdue date or None, before_id) when status is the only filter
        today = (today or date.today()).isoformat()
        # scope "all": every office's chains held here (a township or county desk's
        # consolidated ledger); "own": this desk's own chain (stream 0), as a village searches
        self.all_offices = scope == "all"
        if scope not in ("own", "all"):
            raise ValueError(f"scope must be 'own' or 'all', not {scope!r}")
        if not self.all_offices and _holds_other_streams(db):
            self.preds.append(("e.id <= ?", [_POSITION]))
        offices = [office] if isinstance(office, str) else sorted(set(office or ()))
        if offices:
            marks = ", ".join("?" * len(offices))
            if date_from or date_to:  # one office's dates: the (office, issued_on) index
                lo, hi = date_from or "0000-00-00", date_to or "9999-99-99"
                self._add(f"e.office IN ({marks})", offices,
                          f"SELECT id FROM ledger_entries WHERE office IN ({marks}) AND issued_on BETWEEN ? AND ?",
                          [*offices, lo, hi])
            else:
                self._add(f"e.office IN ({marks})", offices,
                          f"SELECT id FROM ledger_entries WHERE office IN ({marks})", offices)
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
            by_label = {label: key for key, label in STATUS_LABELS.items()}
            wanted = [by_label.get(x, x) for x in ([status] if isinstance(status, str) else list(status))]
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
                if (only_overdue or OVERDUE not in wanted or PENDING in wanted) and not offices:
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
        if not q.all_offices and _holds_other_streams(db):
            where.append("s.entry_id <= ?")
            args.append(_POSITION)
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
    where_sql, args = q.where(driver)
    tail = f" ORDER BY e.id {direction}"
    if limit is not None:
        tail += " LIMIT ? OFFSET ?"
        args = [*args, limit, offset]
    return f"SELECT e.id {q.from_clause(scan=driver is None)}{where_sql}{tail}", args


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
           order: str = "desc", before_id: int | None = None, today: date | None = None,
           office: str | list[str] | None = None, scope: str = "own") -> list[dict]:
    """One page of entries, newest first by default.

    Free `text` matches a number (exact or prefix), a name (applicant or subject, prefix),
    an ID number (whole, or its last 4+ characters), a sequence number (digits only) or an
    item (code or title, substring). kind None lists documents (issue/refuse/accept); "void"
    lists the void entries. status: one or more of STATUSES or OVERDUE. For deep scrolling
    pass before_id (keyset: the last id of the previous page, with order "desc") or use `ids`.
    scope "own" (the default) searches this desk's own chain; "all" every office's chain held
    here (the consolidated ledger, ordered by row id: office stream, then chain position);
    `office` (a code or codes) keeps those offices' entries only."""
    q = _Query(db, text=text, number=number, name=name, id_number=id_number, item=item, date_from=date_from,
               date_to=date_to, status=status, kind=kind, before_id=before_id, today=today, office=office, scope=scope)
    return rows(db, _ordered_ids(db, q, order=order, offset=offset, limit=limit), today=today)


def ids(db: sqlite_utils.Database, *, order: str = "desc", **filters) -> list[int]:
    """Every matching entry id in order: the row → id map of a virtual table view."""
    if not any(v for k, v in filters.items() if k not in ("today", "scope")):
        direction = "ASC" if order == "asc" else "DESC"
        bound = (1 << 63) - 1 if filters.get("scope") == "all" else _POSITION
        return [r[0] for r in db.execute(f"SELECT entry_id FROM ledger_state WHERE entry_id <= ? ORDER BY entry_id {direction}",
                                         [bound]).fetchall()]
    return _ordered_ids(db, _Query(db, **filters), order=order)


def count(db: sqlite_utils.Database, **filters) -> int:
    """How many entries `search` would page through with these filters."""
    filters.pop("offset", None), filters.pop("limit", None), filters.pop("order", None)
    if not any(v for k, v in filters.items() if k not in ("today", "scope")):
        if filters.get("scope") != "all" and _holds_other_streams(db):  # a rowid range reads the whole table: only when it must
            return db.execute("SELECT count(*) FROM ledger_state WHERE entry_id <= ?", [_POSITION]).fetchone()[0]
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
        "WHERE s.status = ? AND s.entry_id <= ? ORDER BY e.due_on, e.id", [PENDING, _POSITION]).fetchall()]
    return rows(db, found, today=today)




# ---------------------------------------------------------------- other offices' chains


def add_office(db: sqlite_utils.Database, *, code: str, name: str = "", short_name: str = "", level: str = "") -> None:
    """An office whose records this database holds (a village on a township desk); its names
    are updated, never its `own` mark."""
    db.execute("INSERT INTO offices (code, name, short_name, level, own, added_at) VALUES (?, ?, ?, ?, 0, ?) "
               "ON CONFLICT(code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, "
               "level = excluded.level", [code, name, short_name, level, rules.now()])


def stream_of(db: sqlite_utils.Database, office: str, desk_id: str, *, create: bool = False) -> int | None:
    """The stream number of an office's chain written by one desk (created when asked)."""
    row = db.execute("SELECT stream FROM ledger_streams WHERE office = ? AND desk_id = ?", [office, desk_id]).fetchone()
    if row is not None or not create:
        return row[0] if row else None
    number = db.execute("SELECT coalesce(max(stream), 0) + 1 FROM ledger_streams").fetchone()[0]
    db.execute("INSERT INTO ledger_streams (stream, office, desk_id, own, added_at) VALUES (?, ?, ?, 0, ?)",
               [number, office, desk_id, rules.now()])
    return number


def hand_over(db: sqlite_utils.Database, stream: int, desk_id: str) -> None:
    """The chain is written by another desk from now on (it re-enrolled): its stream keeps
    every entry and answers to the new desk id. In the caller's transaction."""
    db.execute("UPDATE ledger_streams SET desk_id = ? WHERE stream = ?", [desk_id, stream])


def streams(db: sqlite_utils.Database) -> list[dict]:
    """Every chain held here: stream, office, desk id, own, entries, head hash."""
    out = []
    for stream, office, desk_id, own in db.execute(
            "SELECT stream, office, desk_id, own FROM ledger_streams ORDER BY stream").fetchall():
        lo, hi = stream_bounds(stream)
        row = db.execute("SELECT id, entry_hash FROM ledger_entries WHERE id BETWEEN ? AND ? ORDER BY id DESC LIMIT 1",
                         [lo, hi]).fetchone()
        out.append({"stream": stream, "office": office, "desk_id": desk_id, "own": bool(own),
                    "entries": (row[0] & _POSITION) if row else 0, "entry_hash": row[1] if row else ZERO_HASH})
    return out


def append_stream(db: sqlite_utils.Database, *, office: str, desk_id: str, entries: Sequence[Sequence[Any]],
                  hashed: bool = False) -> dict:
    """Append another office's entries (core.ledger.Entry or any tuple in its order, `id` their position) to its chain
    here, in one transaction: they must continue the stored chain by every rule of
    core.ledger.Replay (replayed over what is stored and the new entries before anything is
    written), or nothing is stored. Entries already stored (same position, same hash) are
    skipped; the same position with another hash is refused. Signatures are the caller's to
    check (the sync service knows which keys the county trusts). `hashed`: the caller computed
    each entry_hash from its content (a bundle's entries are rehashed as they are unpacked), so
    the replay does not hash them again. Returns {"stream", "added"}."""
    if office == db.execute("SELECT code FROM offices WHERE own = 1").fetchone()[0]:
        raise UserError("这些记录声称属于本机自己的办公室：本机的台账只能由本机追加", where="办公室")
    with write(db):
        if db.execute("SELECT 1 FROM offices WHERE code = ?", [office]).fetchone() is None:
            add_office(db, code=office)
        stream = stream_of(db, office, desk_id, create=True)
        assert stream is not None
        base = row_id(stream, 0)
        replay = rules.Replay()
        stored = 0
        for e in walk(db, stream=stream):
            replay.feed(e)
            stored += 1
        new: list[rules.Entry] = []
        for given in entries:
            try:
                e = given if type(given) is rules.Entry else rules.Entry._make(given)
            except TypeError:
                raise UserError(f"{office} 的台账记录格式不对（应有 {len(ENTRY_COLUMNS)} 项），已拒绝（没有写入任何记录）") from None
            if isinstance(e.id, bool) or not isinstance(e.id, int) or not 1 <= e.id <= _POSITION:
                raise UserError(f"{office} 的台账记录序号不对：{e.id!r}，已拒绝（没有写入任何记录）")
            if e.id <= stored:
                have = db.execute("SELECT entry_hash FROM ledger_entries WHERE id = ?", [base | e.id]).fetchone()
                if have is None or have[0] != e.entry_hash:
                    raise UserError(f"{office} 的台账第 {e.id} 条与本机已存的不同：同一条记录有两个版本，已拒绝（没有写入任何记录）")
                continue
            if (replay.feed_light([e[i] for i in _LIGHT_INDEX]) if hashed else replay.feed(e)) is not None:
                break
            new.append(e)
        problem = replay.finish()
        if problem is not None:
            raise UserError(f"{office} 的台账不能接上本机已存的部分：{problem.problem}（没有写入任何记录）")
        conn = db.conn
        # a big run's index pages stay in memory until the commit instead of being spilled and
        # read back (16 indexes over random names and ID numbers): a third less time at 100,000
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        if len(new) > 2000:
            conn.execute(f"PRAGMA cache_size = {_BIG_CACHE_KIB}")
        try:
            conn.executemany(_INSERT, ([office, stream, base | e.id, *e[_AFTER_ID:]] if _ID_AT == 0 else
                                       [office, stream, *e[:_ID_AT], base | e.id, *e[_ID_AT + 1:]] for e in new))
            _write_effects_many(conn, new, base)
        finally:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")
    return {"stream": stream, "added": len(new)}


_ID_AT = rules.COLUMN["id"]
_AFTER_ID = _ID_AT + 1
_BIG_CACHE_KIB = -131072  # 128 MiB at most, taken only as pages are touched


def _write_effects_many(conn: sqlite3.Connection, entries: Sequence[rules.Entry], base: int) -> None:
    """_write_effects for a run of entries (a synced chain): a change to an entry of the run is
    made to its state row before the row is written, so the rows go in one executemany (a
    void used to split it, 2,000 statements for 100,000 entries); changes to entries stored
    before run as UPDATEs in chain order; then the items seen."""
    inserts: list[list[Any]] = []
    pending: dict[int, list[Any]] = {}  # position → its new state row, not written yet
    updates: list[tuple[str, list[Any]]] = []
    items = set()
    effects, initial = rules.effects, rules.INITIAL_STATUS
    for e in entries:
        if e.kind in initial and not e.refers_to and not e.replaces:  # what effects() gives such an entry
            pending[e.id] = row = [base | e.id, initial[e.kind].value, None, None, e.created_at]
            inserts.append(row)
        else:
            for change in effects({"id": e.id, "kind": e.kind, "created_at": e.created_at, "refers_to": e.refers_to,
                                   "replaces": e.replaces}):
                if change.target == e.id:
                    pending[e.id] = row = [base | e.id, change.status.value, None, None, change.updated_at]
                    inserts.append(row)
                elif (found := pending.get(change.target)) is None:  # stored before this run: updated in chain order
                    updates.append(_state_update(change, base))
                else:  # the same change made to the row before it is written
                    for column, value in _state_values(change, base).items():
                        found[_STATE_COLUMN[column]] = value
        if e.item_code or e.item_title:
            items.add((e.item_code, e.item_title))
    for sql, args in updates:
        conn.execute(sql, args)
    conn.executemany("INSERT INTO ledger_state (entry_id, status, closed_by, replaced_by, updated_at) VALUES (?,?,?,?,?)",
                     inserts)
    conn.executemany("INSERT OR IGNORE INTO ledger_items (item_code, item_title) VALUES (?, ?)", sorted(items))


_STATE_COLUMN = {"status": 1, "closed_by": 2, "replaced_by": 3, "updated_at": 4}  # in a ledger_state row as inserted


def _holds_other_streams(db: sqlite_utils.Database) -> bool:
    """Whether other offices' chains are stored here (a township desk): only then do this
    desk's searches need the own-stream bound, so a village's queries keep their plans."""
    return db.execute("SELECT 1 FROM ledger_streams WHERE stream <> 0 LIMIT 1").fetchone() is not None


# ---------------------------------------------------------------- verify and rebuild


def stream_bounds(stream: int) -> tuple[int, int]:
    """The first and last row id a stream's entries may have (for `id BETWEEN ? AND ?`)."""
    return row_id(stream, 1), row_id(stream, _POSITION)


def position_of(rid: int) -> int:
    """An entry's position in its stream's chain, from its row id."""
    return rid & _POSITION


def walk(db: sqlite_utils.Database, *, stream: int = OWN_STREAM, batch: int = 4000, start: int = 1,
         stop: int | None = None) -> Iterator[rules.Entry]:
    """A stream's entries in chain order (positions `start`…`stop`), `id` as the position."""
    lo, hi = stream_bounds(stream)
    lo, hi = max(lo, row_id(stream, start)), min(hi, row_id(stream, stop)) if stop is not None else hi
    cur = db.conn.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM ledger_entries WHERE id BETWEEN ? AND ? ORDER BY id",
                          [lo, hi])
    at = rules.COLUMN["id"]
    make = rules.Entry._make
    while True:
        rows_ = cur.fetchmany(batch)
        if not rows_:
            return
        if stream == OWN_STREAM:
            yield from map(make, rows_)
        else:
            for r in rows_:
                yield make((*r[:at], r[at] & _POSITION, *r[at + 1:]))


def stream_head(db: sqlite_utils.Database, stream: int) -> tuple[int, str]:
    """(position, entry_hash) of a stream's newest entry; (0, ZERO_HASH) when it is empty."""
    lo, hi = stream_bounds(stream)
    row = db.execute("SELECT id, entry_hash FROM ledger_entries WHERE id BETWEEN ? AND ? ORDER BY id DESC LIMIT 1",
                     [lo, hi]).fetchone()
    return ((row[0] & _POSITION), row[1]) if row else (0, ZERO_HASH)


def hash_at(db: sqlite_utils.Database, stream: int, position: int) -> str | None:
    """The stored entry_hash at a position of a stream (ZERO_HASH before the first)."""
    if position == 0:
        return ZERO_HASH
    row = db.execute("SELECT entry_hash FROM ledger_entries WHERE id = ?", [row_id(stream, position)]).fetchone()
    return row[0] if row else None


def _entry_at(db, stream: int, position: int) -> dict:
    r = db.conn.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM ledger_entries WHERE id = ?",
                        [row_id(stream, position)]).fetchone()
    d = dict(zip(ENTRY_COLUMNS, r))
    d["id"] = position
    return d


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# the canonical JSON of core.ledger.entry_hash built by SQLite's json_object (same escaping as
# Python's json with ensure_ascii=False, tests/store/test_ledger_verify_fast.py), the position as id
# (a BLOB, which no entry holds and JSON cannot, becomes a text with NUL, which no entry holds
# either: the hash differs instead of the query failing)
_HASH_SQL = "vd_sha256(e.prev_hash || json_object({}))".format(", ".join(
    f"'{c}', " + (f"(e.id & {_POSITION})" if c == "id" else f"iif(typeof(e.{c}) = 'blob', char(0) || hex(e.{c}), e.{c})")
    for c in HASHED_COLUMNS))
_LIGHT_SQL = ", ".join(f"(e.id & {_POSITION})" if c == "id" else f"e.{c}" for c in rules.LIGHT_COLUMNS)


def verify(db: sqlite_utils.Database, *, check_signature: Callable[[dict], str | None] | None,
           check_entry: Callable[[tuple], str | None] | None = None, every_signature: bool = False,
           stream: int = OWN_STREAM, progress: Callable[[int, int], None] | None = None) -> dict:
    """Check a stream (this desk's own by default): every hash and chain link, gap-free
    numbering per series and year, the rules of void/reissue/acceptance (core.ledger.Replay),
    `check_entry(row)` on every entry, the signatures, and the state table against the chain.

    Signatures (check_signature(entry) → None or a Chinese problem; None skips them): with
    `every_signature`, each entry's; otherwise the last entry of each key's run and the head
    (a good signature there vouches for every entry before it, each hash covering the one
    before); when one fails, a binary search names the first entry whose signature fails.
    Without a per-entry check, SQLite builds each entry's canonical JSON and the hashes are
    compared in one pass with the state table; a row whose hash differs there is hashed again
    by core.ledger before it is called changed.
    Returns {"ok", "entries", "first_bad": None | {"entry_id", "number", "problem"}}."""
    total = head(db)["entries"] if stream == OWN_STREAM else 0
    lo, hi = stream_bounds(stream)

    def number_of(position: int) -> str | None:
        row = db.execute("SELECT number FROM ledger_entries WHERE id = ?", [row_id(stream, position)]).fetchone()
        return row[0] if row else None

    def per_entry(r: tuple) -> str | None:
        if every_signature and check_signature is not None:
            problem = check_signature(dict(zip(ENTRY_COLUMNS, r)))
            if problem:
                return problem
        return check_entry(r) if check_entry is not None else None

    slow = every_signature or check_entry is not None
    replay = rules.Replay(check=per_entry if slow else None, number_of=number_of)
    state_problem: rules.Problem | None = None
    differs: dict[int, tuple] = {}
    if slow:
        for r in walk(db, stream=stream):
            if replay.feed(r) is not None:
                break
            if progress is not None and replay.count % 20_000 == 0:
                progress(replay.count, total)
    else:
        db.conn.create_function("vd_sha256", 1, _sha256_hex, deterministic=True)
        cur = db.conn.execute(
            f"SELECT {_LIGHT_SQL}, {_HASH_SQL} = e.entry_hash, s.entry_id IS NOT NULL, s.status, s.closed_by, s.replaced_by, "
            f"s.updated_at FROM ledger_entries e LEFT JOIN ledger_state s ON s.entry_id = e.id "
            f"WHERE e.id BETWEEN ? AND ? ORDER BY e.id", [lo, hi])
        n_light = len(rules.LIGHT_COLUMNS)
        stateless, initial = STATELESS, _INITIAL_STATUS
        feed_light = replay.feed_light
        while True:
            batch = cur.fetchmany(4000)
            if not batch:
                break
            for r in batch:
                if r[n_light]:
                    if feed_light(r[:n_light]) is not None:
                        break
                elif replay.feed(_full_row(db, stream, r[0])) is not None:
                    break
                kind = r[1]
                has_state = r[n_light + 1]
                if kind in stateless:
                    if has_state and state_problem is None:
                        state_problem = rules.Problem(r[0], r[2], f"{entry_label(r[0], r[2], kind)}在状态表中不应有状态：状态表在程序外被修改")
                elif not has_state:
                    if state_problem is None:
                        state_problem = rules.Problem(r[0], r[2], f"{entry_label(r[0], r[2], kind)}在状态表中缺失：状态表在程序外被修改（可重建状态表）")
                elif r[n_light + 2:] != (initial[kind], None, None, r[7]):
                    differs[r[0]] = r[n_light + 2:]
            else:
                if progress is not None:
                    progress(replay.count, total)
                continue
            break
    problem = replay.finish()
    if problem is None and check_signature is not None and not every_signature:
        problem = _check_checkpoints(db, stream, replay.checkpoints, check_signature)
    if problem is None:
        dup = db.execute("SELECT number, min(id) FROM ledger_entries WHERE number IS NOT NULL AND id BETWEEN ? AND ? "
                         "GROUP BY number HAVING count(*) > 1 ORDER BY min(id) LIMIT 1", [lo, hi]).fetchone()
        if dup:
            problem = rules.Problem(dup[1] & _POSITION, dup[0], f"编号 {dup[0]} 在台账中出现了不止一次")
    if problem is None:
        if slow:
            problem = _check_state_table(db, replay, stream)
        else:
            problem = _first_state_problem(db, replay, stream, state_problem, differs)
    if progress is not None:
        progress(replay.count, total)
    return {"ok": problem is None, "entries": replay.count, "first_bad": None if problem is None else problem.to_dict()}


def _full_row(db, stream: int, position: int) -> tuple:
    r = db.conn.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM ledger_entries WHERE id = ?",
                        [row_id(stream, position)]).fetchone()
    at = rules.COLUMN["id"]
    return (*r[:at], position, *r[at + 1:])


def _first_state_problem(db, replay: rules.Replay, stream: int, found: rules.Problem | None,
                         differs: dict[int, tuple]) -> rules.Problem | None:
    """The state table against the replay, from one pass: rows that differ from their initial
    state (`differs`) and entries a later entry changed (`replay.states`) must agree."""
    base = row_id(stream, 0)
    candidates = [] if found is None else [found]
    for position in sorted(set(differs) | set(replay.states)):
        if candidates and position > candidates[0].entry_id:
            break
        kind = KINDS[replay.kinds[position] - 1]
        expected = replay.states.get(position)
        want = None if expected is None else (expected[0], None if expected[1] is None else base | expected[1],
                                              None if expected[2] is None else base | expected[2], expected[3])
        stored = differs.get(position)
        if stored is not None and tuple(stored) == want:
            continue
        number = db.execute("SELECT number FROM ledger_entries WHERE id = ?", [base | position]).fetchone()[0]
        shown = stored[0] if stored is not None else _INITIAL_STATUS[kind]
        wanted = want[0] if want is not None else _INITIAL_STATUS[kind]
        candidates.append(rules.Problem(position, number, (
            f"{entry_label(position, number, kind)}的状态表与台账不符：状态表写“{STATUS_LABELS.get(shown, shown)}”，"
            f"按台账应为“{STATUS_LABELS.get(wanted, wanted)}”（状态表在程序外被修改，可重建状态表）")))
        break
    if candidates:
        return min(candidates, key=lambda p: p.entry_id)
    return _orphan_state(db, stream)


def _orphan_state(db, stream: int) -> rules.Problem | None:
    """A state row whose entry is gone: an entry deleted behind the program's back."""
    lo, hi = stream_bounds(stream)
    orphan = db.execute("SELECT entry_id FROM ledger_state WHERE entry_id BETWEEN ? AND ? AND entry_id NOT IN "
                        "(SELECT id FROM ledger_entries) ORDER BY entry_id LIMIT 1", [lo, hi]).fetchone()
    if orphan:
        position = orphan[0] & _POSITION
        return rules.Problem(position, None, f"状态表中有第 {position} 条记录，台账里却没有：台账记录被删除")
    return None


def _check_checkpoints(db, stream: int, checkpoints: list[rules.Checkpoint],
                       check_signature: Callable[[dict], str | None]) -> rules.Problem | None:
    for cp in checkpoints:
        if check_signature(_entry_at(db, stream, cp.entry_id)) is None:
            continue
        bad = rules.first_bad_signature(cp.first_id, cp.entry_id,
                                        lambda p: check_signature(_entry_at(db, stream, p)) is None)
        entry = _entry_at(db, stream, bad)
        reason = check_signature(entry) or "签名与内容不符"
        return rules.Problem(bad, entry["number"], f"{entry_label(bad, entry['number'], entry['kind'])}的签名无效：{reason}")
    return None


def _check_state_table(db, replay: rules.Replay, stream: int) -> rules.Problem | None:
    lo, hi = stream_bounds(stream)
    base = row_id(stream, 0)
    cur = db.conn.execute(
        "SELECT e.id, e.kind, e.number, e.created_at, s.entry_id, s.status, s.closed_by, s.replaced_by, s.updated_at "
        "FROM ledger_entries e LEFT JOIN ledger_state s ON s.entry_id = e.id WHERE e.id BETWEEN ? AND ? ORDER BY e.id",
        [lo, hi])
    while True:
        batch = cur.fetchmany(5000)
        if not batch:
            break
        for eid, kind, number, created_at, sid, *stored in batch:
            position = eid & _POSITION
            label = entry_label(position, number, kind)
            expected = replay.expected_state(position, kind, created_at)
            if expected is None:
                if sid is not None:
                    return rules.Problem(position, number, f"{label}在状态表中不应有状态：状态表在程序外被修改")
                continue
            if sid is None:
                return rules.Problem(position, number, f"{label}在状态表中缺失：状态表在程序外被修改（可重建状态表）")
            want = (expected[0], None if expected[1] is None else base | expected[1],
                    None if expected[2] is None else base | expected[2], expected[3])
            if tuple(stored) != want:
                return rules.Problem(position, number, (
                    f"{label}的状态表与台账不符：状态表写“{STATUS_LABELS.get(stored[0], stored[0])}”，"
                    f"按台账应为“{STATUS_LABELS.get(want[0], want[0])}”（状态表在程序外被修改，可重建状态表）"))
    return _orphan_state(db, stream)


def rebuild_derived(db: sqlite_utils.Database, *, stream: int = OWN_STREAM) -> dict:
    """Rewrite a stream's ledger_state (and ledger_items) from its chain, in one transaction."""
    lo, hi = stream_bounds(stream)
    base = row_id(stream, 0)
    with write(db):
        replay = rules.Replay()
        problem = replay.feed_all(walk(db, stream=stream))
        if problem:
            raise UserError(f"台账本身有问题，不能据此重建状态表：{problem.problem}")
        db.execute("DELETE FROM ledger_state WHERE entry_id BETWEEN ? AND ?", [lo, hi])
        db.execute("INSERT INTO ledger_state (entry_id, status, closed_by, replaced_by, updated_at) "
                   "SELECT id, CASE kind WHEN 'issue' THEN ? WHEN 'refuse' THEN ? ELSE ? END, NULL, NULL, created_at "
                   "FROM ledger_entries WHERE kind NOT IN ('void', 'amend') AND id BETWEEN ? AND ?",
                   [VALID, REFUSED, PENDING, lo, hi])
        db.conn.executemany("UPDATE ledger_state SET status = ?, closed_by = ?, replaced_by = ?, updated_at = ? WHERE entry_id = ?",
                            [(s, None if c is None else base | c, None if r is None else base | r, at, base | k)
                             for k, (s, c, r, at) in replay.states.items()])
        db.execute("DELETE FROM ledger_items")
        db.execute("INSERT OR IGNORE INTO ledger_items (item_code, item_title) SELECT DISTINCT item_code, item_title "
                   "FROM ledger_entries WHERE item_code <> '' OR item_title <> ''")
    return {"entries": replay.count, "changed": len(replay.states)}

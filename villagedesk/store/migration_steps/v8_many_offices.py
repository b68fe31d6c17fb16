"""Schema v8: one database holds the ledgers of many offices (issue #10 item 2).

Frozen once released, and self-contained: the step below is plain SQL and never calls the
live ledger code, so it upgrades every earlier database the same way whatever the program
becomes (as Electrum's wallet upgrades do).

- `offices`: every office whose records this desk holds; this desk's own office is marked
  `own` (from the `desk` row).
- `ledger_streams`: one chain per (office, desk). Stream 0 is this desk's own. A desk that
  writes an office's chain is named by its stored desk id.
- `ledger_entries` is keyed by (stream, position in the stream's chain): the row id is
  `stream << 40 | position`, so this desk's own entries keep their ids (stream 0) and every
  index that ends in the row id still lists a stream's entries in chain order. The hashed
  `id` of an entry is its position, and `refers_to` / `replaces` are positions in the same
  stream; `office` and `stream` are outside the hash (the signing key binds an entry to its
  office, docs/formats/ledger.md). Numbers are unique per office, sequences per office,
  series and year.
- `ledger_state.status` holds keys (valid, voided …) instead of the Chinese words.
"""

from __future__ import annotations

import sqlite3

STREAM_SHIFT = 40  # a stream holds up to 2^40 - 1 entries; the row id is stream << 40 | position

_OLD_INDEXES = (
    "ledger_entries_seq", "ledger_entries_kind", "ledger_entries_issued_on", "ledger_entries_item",
    "ledger_entries_applicant", "ledger_entries_subject", "ledger_entries_applicant_id", "ledger_entries_subject_id",
    "ledger_entries_applicant_id_tail", "ledger_entries_subject_id_tail", "ledger_entries_refers_to",
)

V8_TABLES: tuple[str, ...] = (
    """CREATE TABLE offices (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        short_name TEXT NOT NULL DEFAULT '',
        level TEXT NOT NULL DEFAULT '',
        own INTEGER NOT NULL DEFAULT 0 CHECK (own IN (0, 1)),
        added_at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX offices_own ON offices(own) WHERE own = 1",
    """CREATE TABLE ledger_streams (
        stream INTEGER PRIMARY KEY CHECK (stream >= 0 AND stream < 8388608),
        office TEXT NOT NULL REFERENCES offices(code),
        desk_id TEXT NOT NULL,
        own INTEGER NOT NULL DEFAULT 0 CHECK (own IN (0, 1)),
        added_at TEXT NOT NULL,
        UNIQUE (office, desk_id),
        CHECK ((stream = 0) = (own = 1)))""",
)

_COLUMNS = (
    "id", "kind", "series", "year", "seq", "number", "created_at", "issued_on", "item_code", "item_title",
    "item_list", "basis", "form_id", "applicant", "applicant_id", "phone", "subject_name", "subject_id", "purpose",
    "addressee", "materials", "verification", "decision_record", "handler", "reviewer", "recipient", "fields",
    "body", "due_on", "refers_to", "replaces", "reason", "note", "payload", "key_id", "prev_hash", "entry_hash",
    "entry_sig",
)

V8_LEDGER: tuple[str, ...] = (
    """CREATE TABLE ledger_entries_v8 (
        id INTEGER PRIMARY KEY,
        office TEXT NOT NULL,
        stream INTEGER NOT NULL REFERENCES ledger_streams(stream),
        kind TEXT NOT NULL CHECK (kind IN ('issue', 'refuse', 'accept', 'void', 'amend')),
        series TEXT CHECK (series IN ('cert', 'refusal', 'accept')),
        year INTEGER,
        seq INTEGER CHECK (seq >= 1),
        number TEXT,
        created_at TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        item_code TEXT NOT NULL DEFAULT '',
        item_title TEXT NOT NULL DEFAULT '',
        item_list TEXT NOT NULL DEFAULT '',
        basis TEXT NOT NULL DEFAULT '',
        form_id TEXT NOT NULL DEFAULT '',
        applicant TEXT NOT NULL DEFAULT '',
        applicant_id TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        subject_name TEXT NOT NULL DEFAULT '',
        subject_id TEXT NOT NULL DEFAULT '',
        purpose TEXT NOT NULL DEFAULT '',
        addressee TEXT NOT NULL DEFAULT '',
        materials TEXT NOT NULL DEFAULT '[]',
        verification TEXT NOT NULL DEFAULT '',
        decision_record TEXT NOT NULL DEFAULT '',
        handler TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        recipient TEXT NOT NULL DEFAULT '',
        fields TEXT NOT NULL DEFAULT '{}',
        body TEXT NOT NULL DEFAULT '',
        due_on TEXT,
        refers_to INTEGER CHECK (refers_to >= 1),
        replaces INTEGER CHECK (replaces >= 1),
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        payload TEXT NOT NULL DEFAULT '',
        key_id TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        entry_hash TEXT NOT NULL,
        entry_sig TEXT NOT NULL,
        CHECK ((id >> 40) = stream AND (id & 1099511627775) >= 1),
        CHECK ((kind IN ('void', 'amend')) = (number IS NULL)),
        UNIQUE (number, office),
        UNIQUE (series, year, seq, office))""",
    f"INSERT INTO ledger_entries_v8 (office, stream, {', '.join(_COLUMNS)}) "
    f"SELECT (SELECT region_code FROM desk WHERE id = 1), 0, {', '.join(_COLUMNS)} FROM ledger_entries ORDER BY id",
    "DROP TABLE ledger_entries",
    "ALTER TABLE ledger_entries_v8 RENAME TO ledger_entries",
    # searches: each index ends in the row id, so one value's entries come out in chain order
    "CREATE INDEX ledger_entries_seq ON ledger_entries(seq)",
    "CREATE INDEX ledger_entries_kind ON ledger_entries(kind)",
    "CREATE INDEX ledger_entries_issued_on ON ledger_entries(issued_on)",
    "CREATE INDEX ledger_entries_item ON ledger_entries(item_code, item_title)",
    "CREATE INDEX ledger_entries_applicant ON ledger_entries(applicant)",
    "CREATE INDEX ledger_entries_subject ON ledger_entries(subject_name)",
    "CREATE INDEX ledger_entries_applicant_id ON ledger_entries(applicant_id)",
    "CREATE INDEX ledger_entries_subject_id ON ledger_entries(subject_id)",
    "CREATE INDEX ledger_entries_applicant_id_tail ON ledger_entries(substr(applicant_id, -4))",
    "CREATE INDEX ledger_entries_subject_id_tail ON ledger_entries(substr(subject_id, -4))",
    "CREATE INDEX ledger_entries_refers_to ON ledger_entries(refers_to) WHERE refers_to IS NOT NULL",
    "CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN "
    "SELECT RAISE(ABORT, '证明台账只能追加，不能修改：更正请作废后重新出具'); END",
    "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries BEGIN "
    "SELECT RAISE(ABORT, '证明台账只能追加，不能删除：错误的证明请作废'); END",
    # the state table is derived: its statuses become keys
    "UPDATE ledger_state SET status = CASE status WHEN '有效' THEN 'valid' WHEN '作废' THEN 'voided' "
    "WHEN '已重新出具' THEN 'reissued' WHEN '待出具' THEN 'pending' WHEN '已出具' THEN 'issued' "
    "WHEN '不予出具' THEN 'refused' ELSE status END",
)


def upgrade(db) -> None:
    """The v8 step: offices and streams from the desk row, the ledger rebuilt under its new
    keys with every row, hash and id kept (checked before the step commits)."""
    conn: sqlite3.Connection = db.conn
    before = conn.execute("SELECT count(*), coalesce(max(id), 0), coalesce(sum(length(entry_hash)), 0) "
                          "FROM ledger_entries").fetchone()
    for sql in V8_TABLES:
        conn.execute(sql)
    desk = conn.execute("SELECT region_code, name, short_name, level, desk_id, created_at FROM desk WHERE id = 1").fetchone()
    if desk is not None:
        code, name, short_name, level, desk_id, created_at = desk
        conn.execute("INSERT INTO offices (code, name, short_name, level, own, added_at) VALUES (?, ?, ?, ?, 1, ?)",
                     [code, name, short_name, level, created_at])
        conn.execute("INSERT INTO ledger_streams (stream, office, desk_id, own, added_at) VALUES (0, ?, ?, 1, ?)",
                     [code, desk_id, created_at])
    elif before[0]:
        raise RuntimeError("ledger entries without a desk row: cannot say whose they are")
    for name in _OLD_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    for sql in V8_LEDGER:
        conn.execute(sql)
    after = conn.execute("SELECT count(*), coalesce(max(id), 0), coalesce(sum(length(entry_hash)), 0) "
                         "FROM ledger_entries").fetchone()
    if tuple(after) != tuple(before):
        raise RuntimeError(f"ledger rebuild lost rows: {before} -> {after}")
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"ledger rebuild broke foreign keys: {broken[:3]}")

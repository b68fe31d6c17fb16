"""Schema v5: a correction of an accepted request before it is issued (kind 'amend') is a ledger
entry of its own, unnumbered like a void (issue #8 item 5).

Frozen once released: a later change is a new step, never an edit here (this SQL was
store/ledger_schema.V5_LEDGER_AMEND). SQLite cannot alter a CHECK constraint, so the table is
rebuilt with the same columns (the hashes do not change: they cover the values, not the
table's definition), then its indexes and triggers come back.
"""

from __future__ import annotations

import sqlite_utils

from villagedesk.store.migration_steps.v3_ledger_and_keys import V3_LEDGER

_V3_TABLE = V3_LEDGER[0]
_V5_TABLE = (_V3_TABLE
             .replace("CREATE TABLE ledger_entries (", "CREATE TABLE ledger_entries_v5 (")
             .replace("CHECK (kind IN ('issue', 'refuse', 'accept', 'void'))",
                      "CHECK (kind IN ('issue', 'refuse', 'accept', 'void', 'amend'))")
             .replace("CHECK ((kind = 'void') = (number IS NULL))",
                      "CHECK ((kind IN ('void', 'amend')) = (number IS NULL))"))
assert _V5_TABLE.count("'amend'") == 2 and "ledger_entries_v5 (" in _V5_TABLE
_V3_INDEXES_AND_TRIGGERS = tuple(s for s in V3_LEDGER[1:] if " ON ledger_entries" in s)

V5_LEDGER_AMEND: tuple[str, ...] = (
    _V5_TABLE,
    "INSERT INTO ledger_entries_v5 SELECT * FROM ledger_entries ORDER BY id",
    "DROP TABLE ledger_entries",
    "ALTER TABLE ledger_entries_v5 RENAME TO ledger_entries",
    *_V3_INDEXES_AND_TRIGGERS,
    # the corrections and the void of one entry: found by what they refer to
    "CREATE INDEX ledger_entries_refers_to ON ledger_entries(refers_to) WHERE refers_to IS NOT NULL",
)


def upgrade(db: sqlite_utils.Database) -> None:
    """The ledger takes corrections of accepted requests (kind 'amend'): the table is rebuilt
    with the wider CHECK constraints, every row, hash and id kept (foreign keys are off while
    migrating, see `migrate`, and checked before the step commits)."""
    before = db.execute("SELECT count(*), coalesce(max(id), 0) FROM ledger_entries").fetchone()
    for sql in V5_LEDGER_AMEND:
        db.execute(sql)
    after = db.execute("SELECT count(*), coalesce(max(id), 0) FROM ledger_entries").fetchone()
    if tuple(after) != tuple(before):
        raise RuntimeError(f"ledger rebuild lost rows: {before} -> {after}")
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"ledger rebuild broke foreign keys: {broken[:3]}")

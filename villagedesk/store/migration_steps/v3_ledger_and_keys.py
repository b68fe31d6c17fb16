"""Schema v3: the certificate-issuance ledger and the signing keys.

Frozen once released: a later change is a new step, never an edit here (this SQL was
store/key_schema.V3_KEYS and store/ledger_schema.V3_LEDGER).

`signing_keys` holds this desk's own private keys (raw bytes until v6 moved them to files).
At most one is active (retired_at NULL). `trusted_keys` holds the public keys whose
signatures this desk accepts, its own included (own = 1). Neither table loses a row or
changes key material: certificates and ledger entries signed with a key must stay
checkable, so a key is retired or revoked, never deleted (the triggers refuse it).

`ledger_entries` is the ledger itself, one row per entry in chain order, append-only (the
triggers refuse UPDATE and DELETE, DESIGN.md "Data that must never be lost or forged").
`ledger_state` and `ledger_items` are derived from it, kept in the same transaction as
each append and rebuildable from the chain.
"""

from __future__ import annotations

import sqlite_utils

V3_KEYS: tuple[str, ...] = (
    """CREATE TABLE signing_keys (
        key_id TEXT PRIMARY KEY CHECK (length(key_id) = 16),
        alg TEXT NOT NULL CHECK (alg IN ('Ed25519', 'SM2')),
        private_key BLOB NOT NULL,
        public_key BLOB NOT NULL,
        created_at TEXT NOT NULL,
        retired_at TEXT)""",
    # one active key, even if two processes slipped past the application's own check
    "CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys(retired_at IS NULL) WHERE retired_at IS NULL",
    """CREATE TRIGGER signing_keys_keep BEFORE DELETE ON signing_keys
        BEGIN SELECT RAISE(ABORT, 'signing keys are retired, never deleted'); END""",
    """CREATE TRIGGER signing_keys_fixed BEFORE UPDATE OF key_id, alg, private_key, public_key, created_at ON signing_keys
        BEGIN SELECT RAISE(ABORT, 'a signing key never changes'); END""",
    """CREATE TRIGGER signing_keys_retired_stays BEFORE UPDATE OF retired_at ON signing_keys WHEN OLD.retired_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a retired signing key stays retired'); END""",
    """CREATE TABLE trusted_keys (
        key_id TEXT PRIMARY KEY CHECK (length(key_id) = 16),
        alg TEXT NOT NULL CHECK (alg IN ('Ed25519', 'SM2')),
        public_key BLOB NOT NULL,
        office_code TEXT NOT NULL,
        office_name TEXT NOT NULL,
        own INTEGER NOT NULL DEFAULT 0 CHECK (own IN (0, 1)),
        created_at TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        revoked_at TEXT,
        revoked_reason TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX trusted_keys_office ON trusted_keys(office_code)",
    """CREATE TRIGGER trusted_keys_keep BEFORE DELETE ON trusted_keys
        BEGIN SELECT RAISE(ABORT, 'trusted keys are revoked, never deleted'); END""",
    """CREATE TRIGGER trusted_keys_fixed BEFORE UPDATE OF key_id, alg, public_key, own, added_at ON trusted_keys
        BEGIN SELECT RAISE(ABORT, 'a trusted key never changes'); END""",
    """CREATE TRIGGER trusted_keys_revoked_stays BEFORE UPDATE OF revoked_at, revoked_reason ON trusted_keys
        WHEN OLD.revoked_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a revoked key stays revoked'); END""",
)

V3_LEDGER: tuple[str, ...] = (
    """CREATE TABLE ledger_entries (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('issue', 'refuse', 'accept', 'void')),
        series TEXT CHECK (series IN ('cert', 'refusal', 'accept')),
        year INTEGER,
        seq INTEGER CHECK (seq >= 1),
        number TEXT UNIQUE,
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
        refers_to INTEGER REFERENCES ledger_entries(id),
        replaces INTEGER REFERENCES ledger_entries(id),
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        payload TEXT NOT NULL DEFAULT '',
        key_id TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        entry_hash TEXT NOT NULL,
        entry_sig TEXT NOT NULL,
        CHECK ((kind = 'void') = (number IS NULL)),
        UNIQUE (series, year, seq))""",
    # searches: each index ends in the rowid, so one value's entries come out in chain order
    "CREATE INDEX ledger_entries_seq ON ledger_entries(seq)",
    "CREATE INDEX ledger_entries_kind ON ledger_entries(kind)",
    "CREATE INDEX ledger_entries_issued_on ON ledger_entries(issued_on)",
    "CREATE INDEX ledger_entries_item ON ledger_entries(item_code, item_title)",
    "CREATE INDEX ledger_entries_applicant ON ledger_entries(applicant)",
    "CREATE INDEX ledger_entries_subject ON ledger_entries(subject_name)",
    "CREATE INDEX ledger_entries_applicant_id ON ledger_entries(applicant_id)",
    "CREATE INDEX ledger_entries_subject_id ON ledger_entries(subject_id)",
    # the last four characters of an ID number: what a clerk types from a card held up
    "CREATE INDEX ledger_entries_applicant_id_tail ON ledger_entries(substr(applicant_id, -4))",
    "CREATE INDEX ledger_entries_subject_id_tail ON ledger_entries(substr(subject_id, -4))",
    "CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN "
    "SELECT RAISE(ABORT, '证明台账只能追加，不能修改：更正请作废后重新出具'); END",
    "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries BEGIN "
    "SELECT RAISE(ABORT, '证明台账只能追加，不能删除：错误的证明请作废'); END",
    # status of every issue/refuse/accept entry (void entries have none); closed_by is the
    # entry that last changed it (the void, or the issue/refuse that ended an acceptance),
    # replaced_by the certificate reissued in place of a voided one
    """CREATE TABLE ledger_state (
        entry_id INTEGER PRIMARY KEY REFERENCES ledger_entries(id),
        status TEXT NOT NULL,
        closed_by INTEGER,
        replaced_by INTEGER,
        updated_at TEXT NOT NULL)""",
    "CREATE INDEX ledger_state_status ON ledger_state(status)",
    # the items the ledger has seen: a free-text search matches titles here, then reads the
    # entries by item code through the index instead of scanning every title
    """CREATE TABLE ledger_items (
        item_code TEXT NOT NULL,
        item_title TEXT NOT NULL,
        PRIMARY KEY (item_code, item_title)) WITHOUT ROWID""",
)


def upgrade(db: sqlite_utils.Database) -> None:
    for sql in (*V3_KEYS, *V3_LEDGER):
        db.execute(sql)

"""Tables, indexes and triggers of schema v3 for the certificate-issuance ledger.

Frozen once released: a later change is a new migration step, never an edit here.

`ledger_entries` is the ledger itself, one row per entry in chain order, append-only (the
triggers refuse UPDATE and DELETE, DESIGN.md "Data that must never be lost or forged").
`ledger_state` and `ledger_items` are derived from it, kept in the same transaction as
each append and rebuildable from the chain (`ledger_store.rebuild_derived`).
"""

# The columns an entry's hash covers are core.ledger.HASHED_COLUMNS (the hash format, not the schema).

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


# Schema v5: a correction of an accepted request before it is issued (kind 'amend') is a ledger
# entry of its own, unnumbered like a void (issue #8 item 5). SQLite cannot alter a CHECK
# constraint, so the table is rebuilt with the same columns (the hashes do not change: they
# cover the values, not the table's definition), then its indexes and triggers come back.
V5_KINDS = ("issue", "refuse", "accept", "void", "amend")
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

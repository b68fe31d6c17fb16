"""Schema v9: USB sync between desks (issue #11).

Frozen once released, self-contained plain SQL.

- `sync_bundles`: every bundle this desk wrote or read, one row per event, never changed
  (what was exported, imported, held, refused and why).
- `sync_held`: a bundle that continues a chain this desk does not yet hold up to its start;
  kept whole (its bytes) and applied when the gap fills.
- `sync_conflicts`: the same record id arriving with other content (a chain forked by a
  copied database, an edited record): the other version is kept beside the stored one and
  flagged, never written over it.
- `sync_acks`: what another office says it holds of this desk's records (carried back in
  its bundles), so an export by default sends only what the addressee has not acknowledged.
- `county_pins`: the county key this desk trusts, pinned once the officer confirmed its
  fingerprint; `trust_lists`: every trust list the county signed and this desk accepted;
  `key_enrolments`: desks' keys sent up for the county to list.
- `trusted_keys` learns how a key came to be trusted (`via`: own, hand, trust-list), its
  validity and the desk that holds it.
- `catalogue_history` keeps each version's content and what changed from the one before.
- Indexes for the consolidated ledger (a township or county desk holds many offices).
"""

from __future__ import annotations

V9_SYNC: tuple[str, ...] = (
    """CREATE TABLE sync_bundles (
        id INTEGER PRIMARY KEY,
        bundle_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
        kind TEXT NOT NULL,
        source_office TEXT NOT NULL,
        source_desk TEXT NOT NULL,
        key_id TEXT NOT NULL,
        addressee TEXT NOT NULL,
        created_at TEXT NOT NULL,
        format INTEGER NOT NULL,
        file_name TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('written', 'applied', 'nothing-new', 'held', 'conflict', 'refused')),
        reason TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '{}',
        recorded_at TEXT NOT NULL)""",
    "CREATE INDEX sync_bundles_sha ON sync_bundles(sha256)",
    "CREATE INDEX sync_bundles_source ON sync_bundles(source_office, recorded_at)",
    """CREATE TRIGGER sync_bundles_keep BEFORE DELETE ON sync_bundles
        BEGIN SELECT RAISE(ABORT, '同步记录只能追加，不能删除'); END""",
    """CREATE TRIGGER sync_bundles_fixed BEFORE UPDATE ON sync_bundles
        BEGIN SELECT RAISE(ABORT, '同步记录只能追加，不能修改'); END""",
    """CREATE TABLE sync_held (
        sha256 TEXT PRIMARY KEY,
        office TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        first_position INTEGER NOT NULL,
        file_name TEXT NOT NULL DEFAULT '',
        bundle BLOB NOT NULL,
        reason TEXT NOT NULL,
        held_at TEXT NOT NULL)""",
    """CREATE TABLE sync_conflicts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        office TEXT NOT NULL,
        desk_id TEXT NOT NULL DEFAULT '',
        record_key TEXT NOT NULL,
        kept_hash TEXT NOT NULL,
        other_hash TEXT NOT NULL,
        other TEXT NOT NULL,
        bundle_sha256 TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        found_at TEXT NOT NULL,
        UNIQUE (kind, office, desk_id, record_key, other_hash))""",
    """CREATE TABLE sync_acks (
        peer_office TEXT NOT NULL,
        kind TEXT NOT NULL,
        office TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        entry_hash TEXT NOT NULL DEFAULT '',
        acked_at TEXT NOT NULL,
        PRIMARY KEY (peer_office, kind, office, desk_id))""",
    """CREATE TABLE county_pins (
        county_code TEXT PRIMARY KEY,
        county_name TEXT NOT NULL DEFAULT '',
        key_id TEXT NOT NULL CHECK (length(key_id) = 16),
        public_key BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        pinned_at TEXT NOT NULL,
        confirmed_by TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE trust_lists (
        id INTEGER PRIMARY KEY,
        county_code TEXT NOT NULL,
        serial INTEGER NOT NULL,
        issued_at TEXT NOT NULL,
        valid_until TEXT NOT NULL DEFAULT '',
        key_id TEXT NOT NULL,
        body TEXT NOT NULL,
        signature TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (county_code, serial))""",
    """CREATE TABLE key_enrolments (
        key_id TEXT PRIMARY KEY CHECK (length(key_id) = 16),
        alg TEXT NOT NULL DEFAULT 'Ed25519',
        public_key BLOB NOT NULL,
        office_code TEXT NOT NULL,
        office_name TEXT NOT NULL DEFAULT '',
        desk_id TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT '',
        received_at TEXT NOT NULL,
        bundle_sha256 TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'listed', 'refused')),
        note TEXT NOT NULL DEFAULT '')""",
    "ALTER TABLE trusted_keys ADD COLUMN via TEXT NOT NULL DEFAULT 'hand'",
    "ALTER TABLE trusted_keys ADD COLUMN valid_from TEXT",
    "ALTER TABLE trusted_keys ADD COLUMN valid_until TEXT",
    "ALTER TABLE trusted_keys ADD COLUMN desk_id TEXT NOT NULL DEFAULT ''",
    "UPDATE trusted_keys SET via = 'own' WHERE own = 1",
    "ALTER TABLE catalogue_history ADD COLUMN previous_version TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE catalogue_history ADD COLUMN content BLOB",
    "ALTER TABLE catalogue_history ADD COLUMN changes TEXT NOT NULL DEFAULT '{}'",
    # the consolidated ledger: one office's entries by date, and reports per office and month
    "CREATE INDEX ledger_entries_office_issued ON ledger_entries(office, issued_on)",
    "CREATE INDEX refused_requests_office ON refused_requests(region_code, received_on)",
    "CREATE INDEX sign_audits_office ON sign_audits(region_code, created_at)",
    # consolidated views
    # the report's counts per office, month, item and kind read in this index's order (no
    # sort of a county's million entries); item_list lets the must-not check read it alone
    "CREATE INDEX ledger_entries_report ON ledger_entries(office, substr(issued_on, 1, 7), item_code, item_title, kind, "
    "issued_on, item_list)",
)


def upgrade(db) -> None:
    """The v9 step: new tables and columns only; no row is rewritten."""
    for sql in V9_SYNC:
        db.execute(sql)

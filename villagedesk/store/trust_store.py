"""The county's trust as this desk keeps it (schema v9): the pinned county key, every trust
list accepted, the keys desks sent up for listing (enrolments), and a list applied to
`trusted_keys`.

Keys are never deleted (the v3 triggers): applying a list inserts keys it names, marks keys
it vouches for `via = 'trust-list'` with their validity and desk, and records a revocation
the way `key revoke` does (trusted_keys.revoked_at + a key_revocations row). A key this desk
already revoked stays revoked with its own date (the trigger keeps it). Every write goes
through `store.transaction.write`, which is a savepoint inside the sync import's transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.core.trust_list import Entry, TrustList
from villagedesk.store.transaction import write


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


# -- the pinned county key -------------------------------------------------------------------

def pins(db: sqlite_utils.Database) -> list[dict]:
    rows = db.execute("SELECT county_code, county_name, key_id, public_key, fingerprint, pinned_at, confirmed_by "
                      "FROM county_pins ORDER BY pinned_at, county_code").fetchall()
    return [{"county_code": r[0], "county_name": r[1], "key_id": r[2], "public_key": bytes(r[3]), "fingerprint": r[4],
             "pinned_at": r[5], "confirmed_by": r[6]} for r in rows]


def pin(db: sqlite_utils.Database, *, county_code: str, county_name: str, key_id: str, public_key: bytes,
        fingerprint: str, confirmed_by: str) -> dict:
    """Pin (or re-pin) the county key: a desk trusts one county key at a time, so any other
    pin is replaced in the same transaction (the service asks for `replace` before that)."""
    with write(db):
        db.execute("DELETE FROM county_pins WHERE county_code != ? OR key_id != ?", [county_code, key_id])
        db.execute("INSERT INTO county_pins (county_code, county_name, key_id, public_key, fingerprint, pinned_at, confirmed_by) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(county_code) DO NOTHING",
                   [county_code, county_name, key_id, public_key, fingerprint, _now(), confirmed_by])
    return next(p for p in pins(db) if p["county_code"] == county_code)


# -- stored trust lists -----------------------------------------------------------------------

_LIST_COLUMNS = "county_code, serial, issued_at, valid_until, key_id, body, signature, imported_at"


def _list_row(row) -> dict:
    return {"county_code": row[0], "serial": row[1], "issued_at": row[2], "valid_until": row[3], "key_id": row[4],
            "body": row[5], "signature": row[6], "imported_at": row[7]}


def latest_list(db: sqlite_utils.Database, county_code: str | None = None) -> dict | None:
    """The newest stored list (of one county, or of any: a desk follows one county)."""
    where, args = ("WHERE county_code = ?", [county_code]) if county_code else ("", [])
    row = db.execute(f"SELECT {_LIST_COLUMNS} FROM trust_lists {where} ORDER BY serial DESC, id DESC LIMIT 1",
                     args).fetchone()
    return _list_row(row) if row else None


def stored_list(db: sqlite_utils.Database, county_code: str, serial: int) -> dict | None:
    row = db.execute(f"SELECT {_LIST_COLUMNS} FROM trust_lists WHERE county_code = ? AND serial = ?",
                     [county_code, serial]).fetchone()
    return _list_row(row) if row else None


def next_serial(db: sqlite_utils.Database, county_code: str) -> int:
    return int(db.execute("SELECT COALESCE(MAX(serial), 0) + 1 FROM trust_lists WHERE county_code = ?",
                          [county_code]).fetchone()[0])


def apply_list(db: sqlite_utils.Database, trust_list: TrustList, *, body: str, signature: str, source: str,
               own_key_ids: set[str]) -> dict:
    """Store the list and bring `trusted_keys` in line with it, all or nothing. Returns counts.
    `own_key_ids`: this desk's own keys — they stay via 'own' (a revocation still applies)."""
    counts = {"added": 0, "updated": 0, "revoked": 0, "unlisted": 0, "unchanged": 0}
    listed_source = f"县级信任清单第 {trust_list.serial} 版（{source}）"[:500]
    now = _now()
    with write(db):
        db.execute(f"INSERT INTO trust_lists ({_LIST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [trust_list.county_code, trust_list.serial, trust_list.issued_at, trust_list.valid_until,
                    trust_list.signer_key_id, body, signature, now])
        for entry in trust_list.entries:
            _apply_entry(db, entry, listed_source, now, entry.key_id in own_key_ids, counts)
        listed = {e.key_id for e in trust_list.entries}
        # a township holding a village's enrolment sees it listed once the county's list says so
        db.conn.executemany("UPDATE key_enrolments SET status = 'listed' WHERE key_id = ? AND status = 'pending'",
                       [[k] for k in sorted(listed)])
        day = trust_list.issued_at[:10]
        for key_id, valid_until in db.execute("SELECT key_id, valid_until FROM trusted_keys WHERE via = 'trust-list'").fetchall():
            if key_id not in listed and (valid_until is None or valid_until > day):
                # the county no longer lists it: certificates it signed before this list stay valid
                db.execute("UPDATE trusted_keys SET valid_until = ? WHERE key_id = ?", [day, key_id])
                counts["unlisted"] += 1
    return counts


def _apply_entry(db, entry: Entry, source: str, now: str, own: bool, counts: dict) -> None:
    row = db.execute("SELECT public_key, office_code, office_name, via, valid_from, valid_until, desk_id, revoked_at "
                     "FROM trusted_keys WHERE key_id = ?", [entry.key_id]).fetchone()
    if row is None:
        db.execute("INSERT INTO trusted_keys (key_id, alg, public_key, office_code, office_name, own, created_at, added_at, "
                   "source, revoked_at, revoked_reason, via, valid_from, valid_until, desk_id) "
                   "VALUES (?, 'Ed25519', ?, ?, ?, 0, '', ?, ?, NULL, '', 'trust-list', ?, ?, ?)",
                   [entry.key_id, entry.public_key, entry.office_code, entry.office_name, now, source,
                    entry.valid_from, entry.valid_until, entry.desk_id])
        counts["added"] += 1
    elif bytes(row[0]) != entry.public_key:
        raise UserError(f"信任清单中密钥 {entry.key_id} 的公钥与本机已有的同编号密钥不同，已拒绝整份清单", where="entries")
    else:
        via = "own" if own else "trust-list"
        wanted = (entry.office_code, entry.office_name, via, entry.valid_from, entry.valid_until,
                  entry.desk_id or row[6])
        if own:  # the desk's own key keeps its own office and desk; the list adds its validity
            wanted = (row[1], row[2], via, entry.valid_from, entry.valid_until, row[6])
        if tuple(row[1:7]) != wanted:
            db.execute("UPDATE trusted_keys SET office_code = ?, office_name = ?, via = ?, valid_from = ?, valid_until = ?, "
                       "desk_id = ? WHERE key_id = ?", [*wanted, entry.key_id])
            counts["updated"] += 1
        elif not (entry.revoked_on and row[7] is None):
            counts["unchanged"] += 1
    if entry.revoked_on:
        revoked_at = db.execute("SELECT revoked_at FROM trusted_keys WHERE key_id = ?", [entry.key_id]).fetchone()[0]
        if revoked_at is None:
            reason = f"县级信任清单：{entry.revoked_reason}"[:500]
            db.execute("UPDATE trusted_keys SET revoked_at = ?, revoked_reason = ? WHERE key_id = ?",
                       [entry.revoked_on, reason, entry.key_id])
            db.execute("INSERT INTO key_revocations (key_id, effective_on, reason, recorded_at) VALUES (?, ?, ?, ?)",
                       [entry.key_id, entry.revoked_on, reason, now])
            if own:
                db.execute("UPDATE signing_keys SET retired_at = ? WHERE key_id = ? AND retired_at IS NULL", [now, entry.key_id])
            counts["revoked"] += 1


# -- enrolments --------------------------------------------------------------------------------

_ENROL_COLUMNS = "key_id, alg, public_key, office_code, office_name, desk_id, created_at, received_at, bundle_sha256, status, note"


def _enrolment(row) -> dict:
    return {"key_id": row[0], "alg": row[1], "public_key": bytes(row[2]), "office_code": row[3], "office_name": row[4],
            "desk_id": row[5], "created_at": row[6], "received_at": row[7], "bundle_sha256": row[8], "status": row[9],
            "note": row[10]}


def enrolment(db: sqlite_utils.Database, key_id: str) -> dict | None:
    row = db.execute(f"SELECT {_ENROL_COLUMNS} FROM key_enrolments WHERE key_id = ?", [key_id]).fetchone()
    return _enrolment(row) if row else None


def enrolments(db: sqlite_utils.Database, status: str | None = None) -> list[dict]:
    where, args = ("WHERE status = ?", [status]) if status else ("", [])
    rows = db.execute(f"SELECT {_ENROL_COLUMNS} FROM key_enrolments {where} ORDER BY received_at, office_code, key_id",
                      args).fetchall()
    return [_enrolment(r) for r in rows]


def add_enrolment(db: sqlite_utils.Database, *, key_id: str, public_key: bytes, office_code: str, office_name: str,
                  desk_id: str, created_at: str, bundle_sha256: str, note: str) -> tuple[dict, bool]:
    """Store a key sent up for listing as pending; the same key again changes nothing.
    Returns (the enrolment, whether it is new)."""
    with write(db):
        existing = enrolment(db, key_id)
        if existing is not None:
            return existing, False
        db.execute(f"INSERT INTO key_enrolments ({_ENROL_COLUMNS}) VALUES (?, 'Ed25519', ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                   [key_id, public_key, office_code, office_name, desk_id, created_at, _now(), bundle_sha256, note])
        found = enrolment(db, key_id)
    assert found is not None
    return found, True


def decide_enrolment(db: sqlite_utils.Database, key_id: str, status: str, note: str) -> dict:
    with write(db):
        db.execute("UPDATE key_enrolments SET status = ?, note = CASE WHEN ? = '' THEN note ELSE ? END WHERE key_id = ?",
                   [status, note, note, key_id])
        found = enrolment(db, key_id)
    assert found is not None
    return found

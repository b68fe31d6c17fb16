"""What the desk remembers of sync (schema v9): every bundle written or read, bundles held
until the gap before them fills, conflicts kept beside what is stored, and what other
offices acknowledged holding."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import sqlite_utils

from villagedesk.core.bundle_format import written_at
from villagedesk.core.errors import UserError
from villagedesk.store.transaction import write


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def record_bundle(db: sqlite_utils.Database, *, bundle_id: str, direction: str, kind: str, source_office: str,
                  source_desk: str, key_id: str, addressee: str, created_at: str, fmt: int, file_name: str,
                  sha256: str, size: int, status: str, reason: str = "", summary: dict | None = None) -> int:
    with write(db):
        cur = db.execute(
            "INSERT INTO sync_bundles (bundle_id, direction, kind, source_office, source_desk, key_id, addressee, "
            "created_at, format, file_name, sha256, size, status, reason, summary, recorded_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [bundle_id, direction, kind, source_office, source_desk, key_id, addressee, created_at, fmt, file_name,
             sha256, size, status, reason[:2000], json.dumps(summary or {}, ensure_ascii=False), _now()])
        return int(cur.lastrowid or 0)


def bundles(db: sqlite_utils.Database, *, direction: str | None = None, limit: int = 200) -> list[dict]:
    sql = ("SELECT id, bundle_id, direction, kind, source_office, source_desk, key_id, addressee, created_at, format, "
           "file_name, sha256, size, status, reason, summary, recorded_at FROM sync_bundles")
    args: list = []
    if direction:
        sql += " WHERE direction = ?"
        args.append(direction)
    sql += " ORDER BY id DESC LIMIT ?"
    args.append(limit)
    keys = ("id", "bundle_id", "direction", "kind", "source_office", "source_desk", "key_id", "addressee",
            "created_at", "format", "file_name", "sha256", "size", "status", "reason", "summary", "recorded_at")
    out = []
    for r in db.execute(sql, args).fetchall():
        d = dict(zip(keys, r))
        d["summary"] = json.loads(d["summary"] or "{}")
        out.append(d)
    return out


def _applied_heads(db: sqlite_utils.Database, office: str) -> Iterator[tuple[str, str, dict]]:
    """(recorded_at, created_at, head) of every bundle imported here that brought (or
    repeated) a section of one of `office`'s chains, the latest imported first."""
    for recorded_at, created_at, summary in db.execute(
            "SELECT recorded_at, created_at, summary FROM sync_bundles WHERE direction = 'in' "
            "AND status IN ('applied', 'nothing-new') AND summary LIKE ? ORDER BY id DESC", [f"%{office}%"]):
        try:
            heads = json.loads(summary or "{}").get("heads", [])
        except ValueError:
            continue
        for head in heads:
            if isinstance(head, dict) and head.get("office") == office:
                yield recorded_at or "", created_at, head


def last_applied_head(db: sqlite_utils.Database, office: str, desk_id: str) -> tuple[str, int] | None:
    """(created_at, position) of the newest bundle whose section of this chain was stored:
    a later bundle from the same desk that ends before it says the chain was cut short."""
    best = None
    for _recorded_at, created_at, head in _applied_heads(db, office):
        if head.get("desk_id") == desk_id:
            if best is None or written_at(created_at) > written_at(best[0]):
                best = (created_at, int(head.get("to", 0)))
    return best


def last_received_at(db: sqlite_utils.Database, office: str) -> str:
    """When a bundle last brought one of `office`'s chains here ('' when none has)."""
    return next((recorded_at for recorded_at, _created_at, _head in _applied_heads(db, office)), "")


# ---------------------------------------------------------------- held bundles


def hold(db: sqlite_utils.Database, *, sha256: str, office: str, desk_id: str, first_position: int, file_name: str,
         data: bytes, reason: str) -> None:
    with write(db):
        db.execute("INSERT OR IGNORE INTO sync_held (sha256, office, desk_id, first_position, file_name, bundle, reason, "
                   "held_at) VALUES (?,?,?,?,?,?,?,?)", [sha256, office, desk_id, first_position, file_name, data,
                                                         reason, _now()])


def held(db: sqlite_utils.Database) -> list[dict]:
    return [{"sha256": r[0], "office": r[1], "desk_id": r[2], "first_position": r[3], "file_name": r[4],
             "reason": r[5], "held_at": r[6]}
            for r in db.execute("SELECT sha256, office, desk_id, first_position, file_name, reason, held_at "
                                "FROM sync_held ORDER BY held_at, sha256").fetchall()]


def held_data(db: sqlite_utils.Database, sha256: str) -> bytes | None:
    row = db.execute("SELECT bundle FROM sync_held WHERE sha256 = ?", [sha256]).fetchone()
    return bytes(row[0]) if row else None


def release(db: sqlite_utils.Database, sha256: str) -> None:
    with write(db):
        db.execute("DELETE FROM sync_held WHERE sha256 = ?", [sha256])


# ---------------------------------------------------------------- conflicts


def add_conflict(db: sqlite_utils.Database, *, kind: str, office: str, desk_id: str, record_key: str, kept_hash: str,
                 other_hash: str, other: str, bundle_sha256: str, reason: str) -> bool:
    """Keep the other version beside the stored one; True when it is new."""
    with write(db):
        cur = db.execute(
            "INSERT OR IGNORE INTO sync_conflicts (kind, office, desk_id, record_key, kept_hash, other_hash, other, "
            "bundle_sha256, reason, found_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [kind, office, desk_id, record_key, kept_hash, other_hash, other, bundle_sha256, reason, _now()])
        return bool(cur.rowcount)


def conflicts(db: sqlite_utils.Database, *, open_only: bool = False) -> list[dict]:
    """Every conflict kept, with how it was closed (`resolved_at` empty while open)."""
    keys = ("id", "kind", "office", "desk_id", "record_key", "kept_hash", "other_hash", "bundle_sha256", "reason",
            "found_at", "resolved_at", "resolved_by", "resolution")
    return [dict(zip(keys, r)) for r in db.execute(
        "SELECT c.id, c.kind, c.office, c.desk_id, c.record_key, c.kept_hash, c.other_hash, c.bundle_sha256, c.reason, "
        "c.found_at, coalesce(r.resolved_at, ''), coalesce(r.resolved_by, ''), coalesce(r.note, '') "
        "FROM sync_conflicts c LEFT JOIN sync_conflict_resolutions r ON r.conflict_id = c.id "
        + ("WHERE r.conflict_id IS NULL " if open_only else "") + "ORDER BY c.id").fetchall()]


def resolve_conflict(db: sqlite_utils.Database, conflict_id: int, *, note: str, by: str) -> dict:
    """Close a conflict the officer looked into; both versions stay as they are."""
    with write(db):
        found = next((c for c in conflicts(db) if c["id"] == conflict_id), None)
        if found is None:
            raise UserError(f"没有编号为 {conflict_id} 的同步冲突（见 sync status）", where="冲突编号")
        if found["resolved_at"]:
            raise UserError(f"冲突 {conflict_id} 已于 {found['resolved_at'][:10]} 处理过：{found['resolution']}", where="冲突编号")
        db.execute("INSERT INTO sync_conflict_resolutions (conflict_id, resolved_at, resolved_by, note) VALUES (?,?,?,?)",
                   [conflict_id, _now(), by, note])
    return next(c for c in conflicts(db) if c["id"] == conflict_id)


# ---------------------------------------------------------------- acknowledgements


def acknowledge(db: sqlite_utils.Database, *, peer_office: str, kind: str, office: str, desk_id: str, position: int,
                entry_hash: str) -> None:
    """What `peer_office` says it holds; only ever moves forward."""
    with write(db):
        db.execute(
            "INSERT INTO sync_acks (peer_office, kind, office, desk_id, position, entry_hash, acked_at) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(peer_office, kind, office, desk_id) DO UPDATE SET "
            "position = excluded.position, entry_hash = excluded.entry_hash, acked_at = excluded.acked_at "
            "WHERE excluded.position >= sync_acks.position",
            [peer_office, kind, office, desk_id, position, entry_hash, _now()])


def rename_desk(db: sqlite_utils.Database, office: str, old: str, new: str) -> None:
    """What others acknowledged of a chain now written under a new desk id (a re-enrolment)
    stays acknowledged, so the next export is still only what is new."""
    db.execute("UPDATE sync_acks SET desk_id = ? WHERE office = ? AND desk_id = ?", [new, office, old])


def acked(db: sqlite_utils.Database, peer_office: str, office: str, desk_id: str, kind: str = "ledger") -> tuple[int, str]:
    row = db.execute("SELECT position, entry_hash FROM sync_acks WHERE peer_office = ? AND kind = ? AND office = ? "
                     "AND desk_id = ?", [peer_office, kind, office, desk_id]).fetchone()
    return (int(row[0]), row[1]) if row else (0, "")


def acks(db: sqlite_utils.Database) -> list[dict]:
    keys = ("peer_office", "kind", "office", "desk_id", "position", "entry_hash", "acked_at")
    return [dict(zip(keys, r)) for r in db.execute(f"SELECT {', '.join(keys)} FROM sync_acks ORDER BY peer_office, office")]

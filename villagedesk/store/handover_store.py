"""Chains handed from one desk to another (schema v10): a village that re-enrolled on a new PC
continues its chain under a new desk id, and every desk its chain travels to learns from which
position. Append-only; services/desk_identity.py writes the village's own, services/sync.py
those that arrive in bundles."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

_COLUMNS = ("position", "from_desk", "to_desk", "prev_hash", "from_key", "to_key", "reason", "at")


def record(db: sqlite_utils.Database, *, stream: int, office: str, position: int, from_desk: str, to_desk: str,
           prev_hash: str, from_key: str = "", to_key: str = "", reason: str = "", at: str = "") -> bool:
    """Keep one handover (False: this desk already knew it). Runs in the caller's transaction."""
    cur = db.execute(
        "INSERT INTO stream_handovers (stream, office, position, from_desk, to_desk, prev_hash, from_key, to_key, reason, at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(office, from_desk) DO NOTHING",
        [stream, office, position, from_desk, to_desk, prev_hash, from_key, to_key, reason,
         at or datetime.now(UTC).astimezone().isoformat(timespec="seconds")])
    return cur.rowcount > 0


def of_stream(db: sqlite_utils.Database, stream: int) -> list[dict]:
    """The handovers of one chain, oldest first, as bundles carry them."""
    return [dict(zip(_COLUMNS, r)) for r in db.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM stream_handovers WHERE stream = ? ORDER BY position, id", [stream])]


def handed_over(db: sqlite_utils.Database, office: str, desk_id: str) -> tuple[int, int, str] | None:
    """(stream, position, successor) when `desk_id` handed `office`'s chain over: from that
    position on, the chain is the successor's, and anything that desk writes there is a fork."""
    row = db.execute("SELECT stream, position, to_desk FROM stream_handovers WHERE office = ? AND from_desk = ?",
                     [office, desk_id]).fetchone()
    return (int(row[0]), int(row[1]), row[2]) if row else None

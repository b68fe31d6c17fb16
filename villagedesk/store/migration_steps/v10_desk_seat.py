"""Schema v10: which PC holds the desk, a chain handed from one desk to another, conflicts closed (issue #11).

Frozen once released, self-contained plain SQL.

- `desk.seat`: a digest of this desk's id and the PC's machine id (store/desk_seat.py), set the
  first time the desk opens on a PC. A database copied or restored onto a second PC finds
  another seat there and signs nothing until it re-enrols, so two PCs never write one chain.
- `stream_handovers`: a chain continued by a newly enrolled desk (the PC was replaced, the
  database restored elsewhere): from which position, from which desk and key to which, and the
  hash the chain had there. Kept on the village that re-enrolled and on every desk its chain
  travels to, so an old PC still writing after the handover is told apart. Append-only.
- `sync_conflict_resolutions`: a conflict the officer looked into and closed, with who, when
  and what was found. The conflict and both versions stay; only the flag stops. Append-only.
"""

from __future__ import annotations

V10_DESK_SEAT: tuple[str, ...] = (
    "ALTER TABLE desk ADD COLUMN seat TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE stream_handovers (
        id INTEGER PRIMARY KEY,
        stream INTEGER NOT NULL,
        office TEXT NOT NULL,
        position INTEGER NOT NULL CHECK (position >= 1),
        from_desk TEXT NOT NULL,
        to_desk TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        from_key TEXT NOT NULL DEFAULT '',
        to_key TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        UNIQUE (office, from_desk),
        CHECK (from_desk <> to_desk)
    )""",
    "CREATE INDEX stream_handovers_by_stream ON stream_handovers (stream, position)",
    """CREATE TRIGGER stream_handovers_keep BEFORE DELETE ON stream_handovers
        BEGIN SELECT RAISE(ABORT, '台账移交记录只能追加，不能删除'); END""",
    """CREATE TRIGGER stream_handovers_fixed BEFORE UPDATE ON stream_handovers
        BEGIN SELECT RAISE(ABORT, '台账移交记录只能追加，不能修改'); END""",
    """CREATE TABLE sync_conflict_resolutions (
        conflict_id INTEGER PRIMARY KEY REFERENCES sync_conflicts (id),
        resolved_at TEXT NOT NULL,
        resolved_by TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL)""",
    """CREATE TRIGGER sync_conflict_resolutions_keep BEFORE DELETE ON sync_conflict_resolutions
        BEGIN SELECT RAISE(ABORT, '冲突的处理记录只能追加，不能删除'); END""",
    """CREATE TRIGGER sync_conflict_resolutions_fixed BEFORE UPDATE ON sync_conflict_resolutions
        BEGIN SELECT RAISE(ABORT, '冲突的处理记录只能追加，不能修改'); END""",
)


def upgrade(db) -> None:
    """The v10 step: one column and two tables; no row is rewritten."""
    for sql in V10_DESK_SEAT:
        db.execute(sql)

"""The desk's own identity (one row) and its settings (key → JSON value)."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import sqlite_utils

from villagedesk.store import desk_seat
from villagedesk.store.db import write


@dataclass
class Desk:
    region_code: str
    name: str  # full legal name of the issuing office
    short_name: str  # 风平村: used in certificate numbers
    level: str  # village | township | county
    jurisdiction: str  # rule/catalogue set id, e.g. yunnan-dehong
    # {"role", "name", "derived"?}: the approved full names printouts use (derived: proposed from
    # the legal name at init and not yet typed or confirmed by the clerk)
    organisations: list[dict] = field(default_factory=list)
    demo: bool = False
    desk_id: str = ""  # stored, never derived from hardware
    created_at: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def get(db: sqlite_utils.Database) -> Desk | None:
    row = db.execute(
        "SELECT region_code, name, short_name, level, jurisdiction, organisations, demo, desk_id, created_at FROM desk WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return Desk(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), bool(row[6]), row[7], row[8])


def save(db: sqlite_utils.Database, desk: Desk, after=None) -> Desk:
    """Create or update the desk row; `after(db)` runs in the same transaction."""
    with write(db):
        existing = get(db)
        seat = db.execute("SELECT seat FROM desk WHERE id = 1").fetchone()
        desk.desk_id = existing.desk_id if existing else str(uuid.uuid4())
        desk.created_at = existing.created_at if existing else datetime.now(UTC).astimezone().isoformat(timespec="seconds")
        db.execute(
            "INSERT OR REPLACE INTO desk (id, desk_id, region_code, name, short_name, level, jurisdiction, organisations, demo, "
            "created_at, seat) VALUES (1,?,?,?,?,?,?,?,?,?,?)",
            [desk.desk_id, desk.region_code, desk.name, desk.short_name, desk.level, desk.jurisdiction,
             json.dumps(desk.organisations, ensure_ascii=False), int(desk.demo), desk.created_at,
             seat[0] if seat else (desk_seat.here(desk.desk_id) or "")],
        )
        _register_own_office(db, desk)
        if after is not None:
            after(db)
    return desk


def _register_own_office(db: sqlite_utils.Database, desk: Desk) -> None:
    """This desk's office among the offices the database holds, and its own ledger stream
    (stream 0, schema v8). The region code can only change while the ledger is empty
    (services/desk.init_desk refuses it otherwise)."""
    db.execute("UPDATE offices SET own = 0 WHERE own = 1 AND code <> ?", [desk.region_code])
    db.execute("INSERT INTO offices (code, name, short_name, level, own, added_at) VALUES (?, ?, ?, ?, 1, ?) "
               "ON CONFLICT(code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, "
               "level = excluded.level, own = 1",
               [desk.region_code, desk.name, desk.short_name, desk.level, desk.created_at])
    db.execute("INSERT INTO ledger_streams (stream, office, desk_id, own, added_at) VALUES (0, ?, ?, 1, ?) "
               "ON CONFLICT(stream) DO UPDATE SET office = excluded.office, desk_id = excluded.desk_id",
               [desk.region_code, desk.desk_id, desk.created_at])


def reseat(db: sqlite_utils.Database, *, desk_id: str, seat: str) -> None:
    """This desk becomes a new desk on this PC (a re-enrolment): a new id, seated here.
    Runs in the caller's transaction (services/desk_identity.py hands its chain over too)."""
    db.execute("UPDATE desk SET desk_id = ?, seat = ? WHERE id = 1", [desk_id, seat])


def get_setting(db: sqlite_utils.Database, key: str, default=None):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(db: sqlite_utils.Database, key: str, value) -> None:
    with write(db):
        put_setting(db, key, value)


def put_setting(db: sqlite_utils.Database, key: str, value) -> None:
    """Within a transaction the caller holds (e.g. `save(..., after=)`: the desk and its
    经办人 saved together or not at all)."""
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, json.dumps(value, ensure_ascii=False)])

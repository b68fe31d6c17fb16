"""Refused department requests kept on the desk (schema v7, store/refused_schema.py).

Append-only: a record is what the clerk reported to the township, so it is never edited;
each has a uuid and the office's code, so sync can carry it up without renumbering.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.store.db import write

_COLUMNS = ("id, record_uid, desk_id, region_code, office_name, created_at, received_on, department, request_text, "
            "verdict, clauses, check_result, note")


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _row(r) -> dict:
    return {"id": r[0], "record_uid": r[1], "desk_id": r[2], "region_code": r[3], "office_name": r[4],
            "created_at": r[5], "received_on": r[6], "department": r[7], "text": r[8], "verdict": r[9],
            "clauses": json.loads(r[10]), "check_result": json.loads(r[11]), "note": r[12]}


def add(db: sqlite_utils.Database, *, office: dict, received_on: str, department: str, text: str, verdict: str,
        clauses: list, check_result: dict, note: str = "") -> dict:
    """Store one record in its own transaction; returns it as stored."""
    row = {
        "record_uid": str(uuid.uuid4()), "desk_id": office.get("desk_id", ""), "region_code": office["region_code"],
        "office_name": office.get("name", ""), "created_at": _now(), "received_on": received_on,
        "department": department, "request_text": text, "verdict": verdict,
        "clauses": json.dumps(clauses, ensure_ascii=False), "check_result": json.dumps(check_result, ensure_ascii=False),
        "note": note,
    }
    with write(db):
        cur = db.execute(f"INSERT INTO refused_requests ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                         list(row.values()))
        record_id = cur.lastrowid
        assert record_id is not None  # set by every INSERT into a rowid table
    return get(db, record_id)


def get(db: sqlite_utils.Database, record_id: int | str) -> dict:
    key = "record_uid" if isinstance(record_id, str) and not record_id.isdigit() else "id"
    row = db.execute(f"SELECT {_COLUMNS} FROM refused_requests WHERE {key} = ?", [record_id]).fetchone()
    if row is None:
        raise UserError(f"没有编号为「{record_id}」的拒绝事项记录")
    return _row(row)


def list_records(db: sqlite_utils.Database, *, date_from: str | None = None, date_to: str | None = None) -> list[dict]:
    """Oldest first by the day the request arrived, optionally within [date_from, date_to]."""
    where, args = [], []
    if date_from:
        where.append("received_on >= ?")
        args.append(date_from)
    if date_to:
        where.append("received_on <= ?")
        args.append(date_to)
    sql = f"SELECT {_COLUMNS} FROM refused_requests"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [_row(r) for r in db.execute(sql + " ORDER BY received_on, id", args).fetchall()]

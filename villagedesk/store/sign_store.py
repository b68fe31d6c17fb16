"""Signboard audits kept on the desk: the inventory as entered and the result as shown."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.store.db import write

_COLUMNS = "id, audit_uid, desk_id, region_code, office_name, created_at, rules_id, rules_version, sign_count, ok, summary"


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def save_audit(db: sqlite_utils.Database, *, office: dict, inventory: dict, result: dict, rules_id: str,
               rules_version: str) -> dict:
    """Store one audit in its own transaction; returns its summary row."""
    row = {
        "audit_uid": str(uuid.uuid4()), "desk_id": office.get("desk_id", ""), "region_code": office.get("region_code", ""),
        "office_name": office.get("name", ""), "created_at": _now(), "rules_id": rules_id, "rules_version": rules_version,
        "sign_count": len(result.get("signs", [])), "ok": int(bool(result.get("ok"))),
        "summary": json.dumps(result.get("summary", {}), ensure_ascii=False),
        "inventory": json.dumps(inventory, ensure_ascii=False), "result": json.dumps(result, ensure_ascii=False),
    }
    with write(db):
        cur = db.execute(
            f"INSERT INTO sign_audits ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        audit_id = cur.lastrowid
        assert audit_id is not None  # set by every INSERT into a rowid table
    return get_audit(db, audit_id, full=False)


def _summary(r) -> dict:
    return {"id": r[0], "audit_uid": r[1], "desk_id": r[2], "region_code": r[3], "office_name": r[4], "created_at": r[5],
            "rules_id": r[6], "rules_version": r[7], "sign_count": r[8], "ok": bool(r[9]), "summary": json.loads(r[10])}


def list_audits(db: sqlite_utils.Database, limit: int = 100) -> list[dict]:
    """Newest first, without the stored documents."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM sign_audits ORDER BY id DESC LIMIT ?", [max(1, int(limit))]).fetchall()
    return [_summary(r) for r in rows]


def get_audit(db: sqlite_utils.Database, audit_id: int | str, *, full: bool = True) -> dict:
    """One audit by number or uid; with `full`, its inventory and result too."""
    key = "audit_uid" if isinstance(audit_id, str) and not audit_id.isdigit() else "id"
    row = db.execute(f"SELECT {_COLUMNS}, inventory, result FROM sign_audits WHERE {key} = ?", [audit_id]).fetchone()
    if row is None:
        raise UserError(f"没有编号为「{audit_id}」的牌子摸排记录")
    out = _summary(row)
    if full:
        out["inventory"] = json.loads(row[11])
        out["result"] = json.loads(row[12])
    return out

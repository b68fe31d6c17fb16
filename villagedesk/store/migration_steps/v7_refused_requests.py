"""Schema v7: department requests the clerk refused after a 准入 check.

Frozen once released: a later change is a new step, never an edit here (this SQL was
store/refused_schema.V7_REFUSED). A row is kept for the township (28号 二(三)8 反映; 三(二)
常态化监管) and carried up by sync later, so it has a globally unique id (uuid) and the
office's code; rows are only appended (a trigger refuses UPDATE and DELETE), so what was
reported stays what was recorded.
"""

from __future__ import annotations

import sqlite_utils

V7_REFUSED: tuple[str, ...] = (
    """CREATE TABLE refused_requests (
        id INTEGER PRIMARY KEY,
        record_uid TEXT NOT NULL UNIQUE,
        desk_id TEXT NOT NULL DEFAULT '',
        region_code TEXT NOT NULL,
        office_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        received_on TEXT NOT NULL,
        department TEXT NOT NULL,
        request_text TEXT NOT NULL,
        verdict TEXT NOT NULL,
        clauses TEXT NOT NULL DEFAULT '[]',
        check_result TEXT NOT NULL DEFAULT '{}',
        note TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX refused_requests_received ON refused_requests(received_on, id)",
    """CREATE TRIGGER refused_requests_no_update BEFORE UPDATE ON refused_requests
        BEGIN SELECT RAISE(ABORT, '拒绝事项记录只能追加，不能修改'); END""",
    """CREATE TRIGGER refused_requests_no_delete BEFORE DELETE ON refused_requests
        BEGIN SELECT RAISE(ABORT, '拒绝事项记录只能追加，不能删除'); END""",
)


def upgrade(db: sqlite_utils.Database) -> None:
    """Refused department requests, kept for the township's 情况反映 and for sync."""
    for sql in V7_REFUSED:
        db.execute(sql)

"""Schema v4: signboard inventories and their audit results.

Frozen once released: a later change is a new step, never an edit here (this SQL was
store/sign_schema.V4_SIGNS). An audit row keeps the inventory exactly as entered and the
result exactly as shown, with the rule set's id and version, so the township can collect and
re-read it later.
"""

from __future__ import annotations

import sqlite_utils

V4_SIGNS: tuple[str, ...] = (
    """CREATE TABLE sign_audits (
        id INTEGER PRIMARY KEY,
        audit_uid TEXT NOT NULL UNIQUE,
        desk_id TEXT NOT NULL DEFAULT '',
        region_code TEXT NOT NULL DEFAULT '',
        office_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        rules_id TEXT NOT NULL,
        rules_version TEXT NOT NULL,
        sign_count INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        summary TEXT NOT NULL DEFAULT '{}',
        inventory TEXT NOT NULL,
        result TEXT NOT NULL)""",
    "CREATE INDEX sign_audits_created ON sign_audits(created_at)",
)


def upgrade(db: sqlite_utils.Database) -> None:
    for sql in V4_SIGNS:
        db.execute(sql)

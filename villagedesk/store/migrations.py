"""Forward-only schema migrations keyed on PRAGMA user_version.

The steps themselves are frozen modules in store/migration_steps/ (one per version; adding
a version is one module and one line there). This module runs them: each step in its own
transaction together with the version bump, so a crash leaves the file at the old or the
new version, never between; a copy of the file is taken before an upgrade (store/backup.py);
an upgrade across v6 moves the private keys to their files and out of old backups first.
Never edit a released step: add one.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.store.migration_steps import LATEST, upgrade_to
from villagedesk.store.migration_steps import v6_private_key_out as keys_out
from villagedesk.store.transaction import schema_version, write

MIGRATIONS = [upgrade_to(version) for version in range(1, LATEST + 1)]  # MIGRATIONS[n] brings version n to n + 1
KEYS_OUT = keys_out.VERSION  # from this version on, no private key in the database or its backups


def migrate(db: sqlite_utils.Database, *, target: int = LATEST) -> int:
    current = schema_version(db)
    if current > LATEST:
        raise UserError(f"数据文件来自更新版本的村务桌面（数据版本 {current}，本程序只认识到 {LATEST}），请升级程序")
    if 0 < current < target:
        # an office's records before a schema change: keep a copy beside the database
        path = db.execute("PRAGMA database_list").fetchone()[2]
        if path:
            # checked, written under a temp name, 0600 (store/backup.py); thinned apart from daily copies
            from villagedesk.store.backup import BACKUP_DIR, take, thin

            take(db.conn, Path(path).parent / BACKUP_DIR, f"before-v{current + 1}")
            thin(Path(path).parent / BACKUP_DIR, migration_only=True)
    if 3 <= current < KEYS_OUT <= target:
        # the keys go to their files first, then the copies lose theirs (never a ledger row)
        keys_out.save_key_files(db)
        keys_out.scrub_backups(db)
    # a step may rebuild a table others refer to (SQLite's documented way to change a
    # constraint): foreign keys are off while the steps run (the pragma cannot change inside
    # a transaction) and such a step checks them itself before it commits
    foreign_keys = db.execute("PRAGMA foreign_keys").fetchone()[0]
    if current < target and foreign_keys:
        db.execute("PRAGMA foreign_keys = OFF")
    start, secure = current, current < KEYS_OUT <= target
    if secure:
        db.execute("PRAGMA secure_delete = ON")
    try:
        while current < target:
            with write(db):
                # re-read under the write lock: another process may have migrated meanwhile
                current = schema_version(db)
                if current >= target:
                    break
                MIGRATIONS[current](db)
                current += 1
                db.execute(f"PRAGMA user_version = {current}")
    finally:
        if foreign_keys:
            db.execute("PRAGMA foreign_keys = ON")
        if secure:
            db.execute("PRAGMA secure_delete = OFF")
    if secure and 0 < start:
        # the freed pages that held the key were zeroed (secure_delete); VACUUM rebuilds the
        # file and the checkpoints empty the WAL, so no old page survives in either
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return current

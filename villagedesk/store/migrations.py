"""Forward-only schema migrations keyed on PRAGMA user_version.

Each step runs in its own transaction together with the version bump, so a crash leaves
the file at the old or the new version, never between. Never edit a released step: add one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.store.db import schema_version, write


def _v1_desk_and_catalogues(db: sqlite_utils.Database) -> None:
    # one statement at a time: executescript would COMMIT the migration's transaction
    for sql in (
        """CREATE TABLE desk (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            desk_id TEXT NOT NULL,
            region_code TEXT NOT NULL,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            level TEXT NOT NULL,
            jurisdiction TEXT NOT NULL,
            organisations TEXT NOT NULL DEFAULT '[]',
            demo INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL)""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE catalogues (
            id INTEGER PRIMARY KEY,
            jurisdiction_code TEXT NOT NULL UNIQUE,
            jurisdiction_name TEXT NOT NULL,
            title TEXT NOT NULL,
            version TEXT NOT NULL,
            published TEXT NOT NULL DEFAULT '',
            publisher TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            digest TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL)""",
        """CREATE TABLE catalogue_items (
            id INTEGER PRIMARY KEY,
            catalogue_id INTEGER NOT NULL REFERENCES catalogues(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            code TEXT NOT NULL,
            list_key TEXT NOT NULL,
            title TEXT NOT NULL,
            basis TEXT NOT NULL,
            clause TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL,
            fields TEXT NOT NULL DEFAULT '{}',
            keywords TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            UNIQUE (catalogue_id, code))""",
        "CREATE INDEX catalogue_items_code ON catalogue_items(code)",
        "CREATE INDEX catalogue_items_list ON catalogue_items(active, list_key, position)",
        """CREATE TABLE catalogue_history (
            id INTEGER PRIMARY KEY,
            jurisdiction_code TEXT NOT NULL,
            version TEXT NOT NULL,
            digest TEXT NOT NULL,
            item_count INTEGER NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL)""",
    ):
        db.execute(sql)


def _v2_search_index(db: sqlite_utils.Database) -> None:
    for sql in (
        # compact rows, one per item, scanned by short pinyin queries: active and list_key
        # are copied here so a search never joins the wide catalogue_items rows
        """CREATE TABLE item_search (
            item_id INTEGER PRIMARY KEY REFERENCES catalogue_items(id) ON DELETE CASCADE,
            active INTEGER NOT NULL DEFAULT 1,
            list_key TEXT NOT NULL,
            title TEXT NOT NULL,
            other TEXT NOT NULL,
            pinyin TEXT NOT NULL,
            initials TEXT NOT NULL,
            syllables TEXT NOT NULL,
            kw_short TEXT NOT NULL)""",
        "CREATE VIRTUAL TABLE item_fts USING fts5(title, other, initials, pinyin, kw_pinyin, tokenize = 'trigram')",
        # syllable-start suffixes (|juzhuzheng|zhuzheng|…), read by id for long pinyin queries only
        """CREATE TABLE item_pinyin (
            item_id INTEGER PRIMARY KEY REFERENCES catalogue_items(id) ON DELETE CASCADE,
            starts TEXT NOT NULL,
            kw_starts TEXT NOT NULL)""",
        # each character of an item's title: the index of one- and two-character queries
        """CREATE TABLE item_chars (
            ch TEXT NOT NULL,
            item_id INTEGER NOT NULL,
            PRIMARY KEY (ch, item_id)) WITHOUT ROWID""",
    ):
        db.execute(sql)
    from villagedesk.store.catalogue_store import index_items

    ids = [r[0] for r in db.execute("SELECT id FROM catalogue_items ORDER BY id").fetchall()]
    index_items(db, ids)


def _v3_ledger_and_keys(db: sqlite_utils.Database) -> None:
    from villagedesk.store.key_schema import V3_KEYS
    from villagedesk.store.ledger_schema import V3_LEDGER

    for sql in (*V3_KEYS, *V3_LEDGER):
        db.execute(sql)


def _v4_signboards(db: sqlite_utils.Database) -> None:
    from villagedesk.store.sign_schema import V4_SIGNS

    for sql in V4_SIGNS:
        db.execute(sql)


def _v5_ledger_amendments(db: sqlite_utils.Database) -> None:
    """The ledger takes corrections of accepted requests (kind 'amend'): the table is rebuilt
    with the wider CHECK constraints, every row, hash and id kept (foreign keys are off while
    migrating, see `migrate`, and checked before the step commits)."""
    from villagedesk.store.ledger_schema import V5_LEDGER_AMEND

    before = db.execute("SELECT count(*), coalesce(max(id), 0) FROM ledger_entries").fetchone()
    for sql in V5_LEDGER_AMEND:
        db.execute(sql)
    after = db.execute("SELECT count(*), coalesce(max(id), 0) FROM ledger_entries").fetchone()
    if tuple(after) != tuple(before):
        raise RuntimeError(f"ledger rebuild lost rows: {before} -> {after}")
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"ledger rebuild broke foreign keys: {broken[:3]}")


def _v7_refused_requests(db: sqlite_utils.Database) -> None:
    """Refused department requests, kept for the township's 情况反映 and for sync."""
    from villagedesk.store.refused_schema import V7_REFUSED

    for sql in V7_REFUSED:
        db.execute(sql)


def _v8_many_offices(db: sqlite_utils.Database) -> None:
    from villagedesk.store.ledger_schema_v8 import upgrade

    upgrade(db)


def _data_dir(db: sqlite_utils.Database) -> Path | None:
    path = db.execute("PRAGMA database_list").fetchone()[2]
    return Path(path).parent if path else None


def _save_key_files(db: sqlite_utils.Database) -> None:
    """Every private key still in the database, into its file (idempotent; checked against
    the public key, so a damaged row never becomes the desk's key)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from villagedesk.store import key_file

    columns = {r[1] for r in db.execute("PRAGMA table_info(signing_keys)").fetchall()}
    if "private_key" not in columns:
        return
    folder = _data_dir(db)
    for key_id, private, public in db.execute("SELECT key_id, private_key, public_key FROM signing_keys").fetchall():
        if folder is None:
            raise RuntimeError("an in-memory desk cannot keep its private key in a file")
        if not private:  # a backup scrubbed by this step, restored: the file must be there
            raw = key_file.load(folder, key_id)
        else:
            raw = bytes(private)
        derived = Ed25519PrivateKey.from_private_bytes(raw).public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        if derived != bytes(public):
            raise UserError(f"密钥 {key_id} 的私钥与公钥不符，数据文件可能被改动过：升级已停止，数据未改动")
        key_file.save(folder, key_id, raw)


def _v6_private_key_out(db: sqlite_utils.Database) -> None:
    """The private key moves to its own file (store/key_file.py) and revocations become
    records (store/key_schema.py). `migrate` runs this with secure_delete on and then
    VACUUMs, so the old key bytes do not stay behind in free pages or the WAL."""
    from villagedesk.store.key_schema import V6_SIGNING_KEYS

    _save_key_files(db)
    for sql in V6_SIGNING_KEYS:
        db.execute(sql)


def scrub_backup(path: Path) -> bool:
    """Blank the private key in a backup made before v6 (the copy keeps every ledger row;
    the key is in keys/). Rewritten through a temp file and a rename, so a crash leaves the
    old copy or the new one. Returns whether the file held a key."""
    import os
    import shutil

    from villagedesk.store.private import create_private, private_file

    tmp = path.with_name(f".{path.name}.scrub")
    if tmp.exists():
        tmp.unlink()  # left by a crash during an earlier scrub
    with open(path, "rb") as src, os.fdopen(create_private(tmp), "wb") as dst:
        shutil.copyfileobj(src, dst)
    private_file(path)
    try:
        held = _blank_keys(tmp)
    except BaseException:
        tmp.unlink()  # never leave a second copy of the key behind
        raise
    if held:
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    else:
        tmp.unlink()
    return held


def _blank_keys(path: Path) -> bool:
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(signing_keys)").fetchall()}
        held = "private_key" in columns and conn.execute(
            "SELECT count(*) FROM signing_keys WHERE length(private_key) > 0").fetchone()[0] > 0
        if held:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA secure_delete = ON")
            trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'signing_keys_fixed'").fetchone()
            conn.execute("BEGIN")
            conn.execute("DROP TRIGGER IF EXISTS signing_keys_fixed")
            conn.execute("UPDATE signing_keys SET private_key = x''")
            if trigger:
                conn.execute(trigger[0])
            conn.execute("COMMIT")
            conn.execute("VACUUM")
    finally:
        conn.close()
    return held


def _scrub_backups(db: sqlite_utils.Database) -> None:
    folder = _data_dir(db)
    if folder is None or not (folder / "backups").is_dir():
        return
    for path in sorted((folder / "backups").glob("desk-*.sqlite3")):
        try:
            scrub_backup(path)
        except (OSError, sqlite3.DatabaseError):
            pass  # an unreadable copy is left as it is: never deleted (ARCHITECTURE.md, Data)


MIGRATIONS = [_v1_desk_and_catalogues, _v2_search_index, _v3_ledger_and_keys, _v4_signboards, _v5_ledger_amendments,
              _v6_private_key_out, _v7_refused_requests, _v8_many_offices]
KEYS_OUT = 6  # from this version on, no private key in the database or its backups
LATEST = len(MIGRATIONS)


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
        _save_key_files(db)
        _scrub_backups(db)
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

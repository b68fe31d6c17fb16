"""Schema v6: the private key leaves the database for its own file, and revocations become records.

Frozen once released: a later change is a new step, never an edit here (the SQL was
store/key_schema.V6_SIGNING_KEYS). The key files are written by store/key_file.py, the
module of that file format (format 1 is what it writes and what it reads); this step calls
nothing else of the live store. `migrations.migrate` also calls `save_key_files` and
`scrub_backups` before any step runs when an upgrade crosses v6: the keys go to their
files first, then the copies under backups/ lose theirs (never a ledger row).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.files import create_private, private_file
from villagedesk.store import key_file

VERSION = 6  # from this version on, no private key in the database or its backups

# v6: the private key leaves the database (store/key_file.py); the table keeps the public key
# and the key file's name. Rebuilt (a column cannot be dropped under these triggers) with every
# id and date kept. Revocations become records of their own, appended, never changed: the
# date from which a key is no longer trusted, why, and when this desk wrote it down.
V6_SIGNING_KEYS: tuple[str, ...] = (
    """CREATE TABLE signing_keys_v6 (
        key_id TEXT PRIMARY KEY CHECK (length(key_id) = 16),
        alg TEXT NOT NULL CHECK (alg IN ('Ed25519', 'SM2')),
        public_key BLOB NOT NULL,
        key_file TEXT NOT NULL,
        created_at TEXT NOT NULL,
        retired_at TEXT)""",
    "INSERT INTO signing_keys_v6 (key_id, alg, public_key, key_file, created_at, retired_at) "
    "SELECT key_id, alg, public_key, 'keys/desk-' || key_id || '.key', created_at, retired_at FROM signing_keys",
    "DROP TABLE signing_keys",
    "ALTER TABLE signing_keys_v6 RENAME TO signing_keys",
    "CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys(retired_at IS NULL) WHERE retired_at IS NULL",
    """CREATE TRIGGER signing_keys_keep BEFORE DELETE ON signing_keys
        BEGIN SELECT RAISE(ABORT, 'signing keys are retired, never deleted'); END""",
    """CREATE TRIGGER signing_keys_fixed BEFORE UPDATE OF key_id, alg, public_key, key_file, created_at ON signing_keys
        BEGIN SELECT RAISE(ABORT, 'a signing key never changes'); END""",
    """CREATE TRIGGER signing_keys_retired_stays BEFORE UPDATE OF retired_at ON signing_keys WHEN OLD.retired_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a retired signing key stays retired'); END""",
    """CREATE TABLE key_revocations (
        id INTEGER PRIMARY KEY,
        key_id TEXT NOT NULL REFERENCES trusted_keys(key_id),
        effective_on TEXT NOT NULL CHECK (length(effective_on) = 10),
        reason TEXT NOT NULL,
        recorded_at TEXT NOT NULL)""",
    "CREATE INDEX key_revocations_key ON key_revocations(key_id)",
    """CREATE TRIGGER key_revocations_keep BEFORE DELETE ON key_revocations
        BEGIN SELECT RAISE(ABORT, 'a revocation is a record: never deleted'); END""",
    """CREATE TRIGGER key_revocations_fixed BEFORE UPDATE ON key_revocations
        BEGIN SELECT RAISE(ABORT, 'a revocation is a record: never changed'); END""",
    # revocations made before v6 become records too
    "INSERT INTO key_revocations (key_id, effective_on, reason, recorded_at) "
    "SELECT key_id, substr(revoked_at, 1, 10), revoked_reason, revoked_at FROM trusted_keys WHERE revoked_at IS NOT NULL",
)


def _data_dir(db: sqlite_utils.Database) -> Path | None:
    path = db.execute("PRAGMA database_list").fetchone()[2]
    return Path(path).parent if path else None


def save_key_files(db: sqlite_utils.Database) -> None:
    """Every private key still in the database, into its file (idempotent; checked against
    the public key, so a damaged row never becomes the desk's key)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

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


def upgrade(db: sqlite_utils.Database) -> None:
    """The private key moves to its own file (store/key_file.py) and revocations become
    records. `migrate` runs this with secure_delete on and then VACUUMs, so the old key bytes
    do not stay behind in free pages or the WAL."""
    save_key_files(db)
    for sql in V6_SIGNING_KEYS:
        db.execute(sql)


def scrub_backup(path: Path) -> bool:
    """Blank the private key in a backup made before v6 (the copy keeps every ledger row;
    the key is in keys/). Rewritten through a temp file and a rename, so a crash leaves the
    old copy or the new one. Returns whether the file held a key."""
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


def scrub_backups(db: sqlite_utils.Database) -> None:
    folder = _data_dir(db)
    if folder is None or not (folder / "backups").is_dir():
        return
    for path in sorted((folder / "backups").glob("desk-*.sqlite3")):
        try:
            scrub_backup(path)
        except (OSError, sqlite3.DatabaseError):
            pass  # an unreadable copy is left as it is: never deleted (ARCHITECTURE.md, Data)

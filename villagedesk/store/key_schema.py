"""Tables of schema v3 for the desk's signing keys and the offices it trusts.

Frozen once released: a later change is a new migration step, never an edit here.

`signing_keys` holds this desk's own private keys (raw bytes; why in the database:
store/key_store.py). At most one is active (retired_at NULL). `trusted_keys` holds the
public keys whose signatures this desk accepts, its own included (own = 1). Key ids are
the hex of core.payload.key_id_for(public_key). Neither table loses a row or changes key
material: certificates and ledger entries signed with a key must stay checkable, so a key
is retired or revoked, never deleted (the triggers refuse it).
"""

V3_KEYS: tuple[str, ...] = (
    """CREATE TABLE signing_keys (
        key_id TEXT PRIMARY KEY CHECK (length(key_id) = 16),
        alg TEXT NOT NULL CHECK (alg IN ('Ed25519', 'SM2')),
        private_key BLOB NOT NULL,
        public_key BLOB NOT NULL,
        created_at TEXT NOT NULL,
        retired_at TEXT)""",
    # one active key, even if two processes slipped past the application's own check
    "CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys(retired_at IS NULL) WHERE retired_at IS NULL",
    """CREATE TRIGGER signing_keys_keep BEFORE DELETE ON signing_keys
        BEGIN SELECT RAISE(ABORT, 'signing keys are retired, never deleted'); END""",
    """CREATE TRIGGER signing_keys_fixed BEFORE UPDATE OF key_id, alg, private_key, public_key, created_at ON signing_keys
        BEGIN SELECT RAISE(ABORT, 'a signing key never changes'); END""",
    """CREATE TRIGGER signing_keys_retired_stays BEFORE UPDATE OF retired_at ON signing_keys WHEN OLD.retired_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a retired signing key stays retired'); END""",
    """CREATE TABLE trusted_keys (
        key_id TEXT PRIMARY KEY CHECK (length(key_id) = 16),
        alg TEXT NOT NULL CHECK (alg IN ('Ed25519', 'SM2')),
        public_key BLOB NOT NULL,
        office_code TEXT NOT NULL,
        office_name TEXT NOT NULL,
        own INTEGER NOT NULL DEFAULT 0 CHECK (own IN (0, 1)),
        created_at TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        revoked_at TEXT,
        revoked_reason TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX trusted_keys_office ON trusted_keys(office_code)",
    """CREATE TRIGGER trusted_keys_keep BEFORE DELETE ON trusted_keys
        BEGIN SELECT RAISE(ABORT, 'trusted keys are revoked, never deleted'); END""",
    """CREATE TRIGGER trusted_keys_fixed BEFORE UPDATE OF key_id, alg, public_key, own, added_at ON trusted_keys
        BEGIN SELECT RAISE(ABORT, 'a trusted key never changes'); END""",
    """CREATE TRIGGER trusted_keys_revoked_stays BEFORE UPDATE OF revoked_at, revoked_reason ON trusted_keys
        WHEN OLD.revoked_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a revoked key stays revoked'); END""",
)


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

"""The one way the store writes: `write(db)` = BEGIN IMMEDIATE … COMMIT, and the schema version.

Apart from store/db.py (which opens the file and runs the migrations) so that the
migrations and every store module can take the write lock without importing the module
that opens the database: no import circle (tests/test_layering.py).
"""

from __future__ import annotations

from contextlib import contextmanager

import sqlite_utils


@contextmanager
def write(db: sqlite_utils.Database):
    """One all-or-nothing write that holds the write lock from its first statement.

    Inside another `write` it is a savepoint: a sync import applies a bundle's ledger,
    catalogue and trust list through the stores' own writes, and all of it commits or none."""
    conn = db.conn
    if conn.in_transaction:
        with _savepoint(conn):
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


@contextmanager
def _savepoint(conn):
    conn.execute("SAVEPOINT vd_write")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK TO vd_write")
            conn.execute("RELEASE vd_write")
        raise
    else:
        conn.execute("RELEASE vd_write")

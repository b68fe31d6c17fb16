"""store.transaction.write: one all-or-nothing write, nestable so that a sync import can
apply a bundle's parts through the stores' own writes and commit all or none."""

from __future__ import annotations

import pytest

from villagedesk.store.db import connect
from villagedesk.store.transaction import write


def _db(tmp_path):
    db = connect(tmp_path / "desk.sqlite3")
    db.execute("CREATE TABLE t (v INTEGER)")
    return db


def test_an_inner_write_commits_only_with_the_outer_one(tmp_path):
    db = _db(tmp_path)
    with pytest.raises(RuntimeError):
        with write(db):
            db.execute("INSERT INTO t VALUES (1)")
            with write(db):
                db.execute("INSERT INTO t VALUES (2)")
            raise RuntimeError("the bundle's last part failed")
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_a_failed_inner_write_undoes_only_itself_when_the_caller_handles_it(tmp_path):
    db = _db(tmp_path)
    with write(db):
        db.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ValueError):
            with write(db):
                db.execute("INSERT INTO t VALUES (2)")
                raise ValueError("refused")
        db.execute("INSERT INTO t VALUES (3)")
    assert [r[0] for r in db.execute("SELECT v FROM t ORDER BY v")] == [1, 3]

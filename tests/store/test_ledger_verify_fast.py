"""The fast `ledger verify` (issue #10 item 7): SQLite builds each entry's canonical JSON, the
state table is checked in the same pass, signatures at key-run checkpoints; it must judge
exactly as the slow path (core.ledger hashing every row, every signature) does."""

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.store.test_ledger_store import SIGNER, add, cert
from villagedesk.core import ledger as rules
from villagedesk.store import ledger_store as L
from villagedesk.store.db import connect

_ENCODE = rules._ENCODE


@pytest.fixture
def db(demo_session):
    return demo_session.db


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_sqlite_json_object_writes_the_same_canonical_json_as_python(value):
    conn = sqlite3.connect(":memory:")
    assert conn.execute("SELECT json_object('k', ?, 'n', NULL, 'i', 7)", [value]).fetchone()[0] == _ENCODE(
        {"k": value, "n": None, "i": 7})


def test_fast_and_every_signature_verification_agree(db):
    for i in range(30):
        e = add(db, cert(applicant=f"王{i}", body="兹证明\n“引号”\\反斜杠 /斜杠 <>&"))[0]
        if i % 7 == 3:
            add(db, dict(kind="void", refers_to=e["id"], reason="写错"))
    fast = L.verify(db, check_signature=SIGNER.check)
    full = L.verify(db, check_signature=SIGNER.check, every_signature=True)
    assert fast == full == {"ok": True, "entries": 34, "first_bad": None}


def _tamper(path, *sql):
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS ledger_entries_no_update")
    for s in sql:
        conn.execute(s)
    conn.commit()
    conn.close()


def test_an_edited_entry_is_named_by_both_paths(db, demo_dir):
    for i in range(10):
        add(db, cert(applicant=f"李{i}"))
    _tamper(demo_dir / "desk.sqlite3", "UPDATE ledger_entries SET applicant = '李鬼' WHERE id = 6")
    db2 = connect(demo_dir / "desk.sqlite3")
    for every in (False, True):
        bad = L.verify(db2, check_signature=SIGNER.check, every_signature=every)["first_bad"]
        assert bad["entry_id"] == 6 and "内容与哈希不符" in bad["problem"]


def test_progress_is_reported_and_reaches_the_end(db):
    for i in range(5):
        add(db, cert(applicant=f"赵{i}"))
    seen = []
    assert L.verify(db, check_signature=None, progress=lambda done, total: seen.append((done, total)))["ok"]
    assert seen[-1] == (5, 5)


def test_a_value_of_the_wrong_type_written_behind_the_program_is_named_not_a_crash(db, demo_dir):
    """A forger or a broken tool writes a BLOB or a number where text belongs: SQLite's JSON
    cannot hold a BLOB, Python's cannot hash bytes; both paths name the entry instead."""
    for i in range(4):
        add(db, cert(applicant=f"周{i}"))
    _tamper(demo_dir / "desk.sqlite3", "UPDATE ledger_entries SET note = X'00FF' WHERE id = 3")
    db2 = connect(demo_dir / "desk.sqlite3")
    for every in (False, True):
        bad = L.verify(db2, check_signature=SIGNER.check, every_signature=every)["first_bad"]
        assert bad["entry_id"] == 3 and "内容与哈希不符" in bad["problem"]
    _tamper(demo_dir / "desk.sqlite3", "UPDATE ledger_entries SET note = '', year = 2026.5 WHERE id = 3")
    bad = L.verify(connect(demo_dir / "desk.sqlite3"), check_signature=SIGNER.check)["first_bad"]
    assert bad["entry_id"] == 3

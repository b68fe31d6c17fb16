"""No gap, no duplicate, no half-written entry: two processes issuing at once, and a process
killed (SIGKILL) at random moments, many of them inside a transaction."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from villagedesk.store import ledger_store as L
from villagedesk.store.db import connect

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = b"\x01" * 32

# appends `count` entries one transaction at a time; every 5th is a reissue (void + issue in
# one transaction), every 7th a refusal; the seal sleeps to hold the transaction open a while
CHILD = r"""
import sys, time
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from villagedesk.store.db import connect
from villagedesk.core import ledger as rules
from villagedesk.store import ledger_store as L

class Signer:
    key = Ed25519PrivateKey.from_private_bytes(b"\x01" * 32)
    key_id_hex = "0101010101010101"
    def sign(self, data):
        return self.key.sign(data)

path, count, tag, pause = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
db = connect(path)

def append(requests, signer):
    # the issue path: the last entry is drafted, held a while (drawing), then sealed
    with L.appending(db, key_id=signer.key_id_hex) as tx:
        for r in requests[:-1]:
            tx.add(r, sign=signer.sign)
        entry = tx.draft(requests[-1])
        time.sleep(pause)
        tx.insert(rules.seal(entry, {"payload": "VD1:" + entry["number"]}, sign=signer.sign))
    return L.rows(db, tx.ids)

last = None
for i in range(count):
    base = dict(kind="issue", applicant=f"{tag}{i}", item_code="CN-BY-05", item_title="居（租）住证明")
    if i % 5 == 4 and last is not None:
        requests = [dict(kind="void", refers_to=last, reason="重开"), dict(base, replaces=last)]
    elif i % 7 == 6:
        requests = [dict(base, kind="refuse")]
    else:
        requests = [base]
    out = append(requests, Signer())
    last = out[-1]["id"] if out[-1]["kind"] == "issue" else last
    if i == 0:
        print("started", flush=True)
"""


def check_signature(entry):
    key = Ed25519PrivateKey.from_private_bytes(SEED).public_key()
    try:
        key.verify(bytes.fromhex(entry["entry_sig"]), L.signed_message(entry))
    except (InvalidSignature, ValueError):
        return "签名与内容不符"
    return None


def child(path, count, tag, pause=0.0):
    return subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(count), tag, str(pause)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def numbers_by_series(path):
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        out = {}
        for series, year, seq in conn.execute("SELECT series, year, seq FROM ledger_entries WHERE series IS NOT NULL ORDER BY id"):
            out.setdefault((series, year), []).append(seq)
        return out
    finally:
        conn.close()


def assert_whole(path):
    db = connect(path)
    try:
        result = L.verify(db, check_signature=check_signature)
        assert result["ok"], result
        for key, seqs in numbers_by_series(path).items():
            assert seqs == list(range(1, len(seqs) + 1)), key  # in chain order: no gap, no duplicate
        half = db.execute("SELECT count(*) FROM ledger_entries e WHERE e.kind = 'issue' AND e.payload = ''").fetchone()[0]
        assert half == 0  # every entry was sealed in its own transaction
        return result["entries"]
    finally:
        db.conn.close()


def test_two_processes_issuing_at_once_share_one_gap_free_sequence(demo_dir):
    path = demo_dir / "desk.sqlite3"
    procs = [child(path, 200, tag) for tag in ("甲", "乙")]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    conn = sqlite3.connect(path)
    applicants = [r[0] for r in conn.execute("SELECT applicant FROM ledger_entries WHERE kind <> 'void'")]
    conn.close()
    assert sum(a.startswith("甲") for a in applicants) == 200 and sum(a.startswith("乙") for a in applicants) == 200
    per_series = numbers_by_series(path)
    issued = sum(len(v) for v in per_series.values())
    assert issued == 400
    assert_whole(path)


@pytest.mark.parametrize("delays", [(0.0, 0.05, 0.11, 0.23, 0.37, 0.52, 0.8)])
def test_kill_9_at_random_moments_leaves_a_whole_ledger(demo_dir, delays):
    path = demo_dir / "desk.sqlite3"
    before = 0
    for n, delay in enumerate(delays):
        proc = child(path, 100_000, f"第{n}轮", pause=0.004 * (n % 3))
        assert proc.stdout.readline().strip() == "started", proc.stderr.read()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        entries = assert_whole(path)
        assert entries > before
        before = entries
    # and the desk goes on numbering where it stopped
    done = child(path, 3, "之后")
    assert done.wait(timeout=60) == 0, done.stderr.read()
    assert assert_whole(path) == before + 3

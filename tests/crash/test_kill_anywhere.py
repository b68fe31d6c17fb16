"""Issue 13 part 3: kill the desk (SIGKILL) at random moments while it issues, voids, imports
a catalogue and writes a backup — 100 kills in all — and after every one: the database is
intact, the ledger chain verifies, numbers are gap-free and unique per series and year, every
file that looks like a backup is a whole one, no printout names a number the ledger lacks, and
a catalogue import is either whole or absent.

One worker process per round (tests/crash/worker.py) runs its scenario in a loop until it is
killed; the test then checks the folder it left. A scenario is one entry in SCENARIOS: its
kill share, and a check of whether this build can run it at all (`villagedesk backup`
arrives on another branch; until then that scenario is skipped)."""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from villagedesk.files import PRIVATE_TEMP
from villagedesk.render.pdf_meta import read_payload
from villagedesk.services.session import Session
from villagedesk.services.verification import verify_ledger

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WORKER = HERE / "worker.py"
TOTAL_KILLS = 100


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# the kill test of the ledger store already knows how to read numbers per series and year
numbers_by_series = _load(ROOT / "tests" / "store" / "test_ledger_durability.py", "_ledger_durability").numbers_by_series
worker = _load(WORKER, "_crash_worker")


def has_cli_command(name: str) -> bool:
    from villagedesk.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return name in sub.choices


SCENARIOS = {
    # name: (share of the kills, can this build run it?)
    "issue": (3, lambda: True),
    "void": (3, lambda: True),
    "import": (3, lambda: True),
    "backup": (2, lambda: has_cli_command("backup")),
}


def kills_for(name: str) -> int:
    """The 100 kills shared among the scenarios this build can run."""
    able = {n: share for n, (share, can) in SCENARIOS.items() if can()}
    total = sum(able.values())
    counts = {n: TOTAL_KILLS * share // total for n, share in able.items()}
    counts[next(iter(counts))] += TOTAL_KILLS - sum(counts.values())
    return counts.get(name, 0)


# ---- the checks after a kill --------------------------------------------------------------

def check_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    for key, seqs in numbers_by_series(path).items():  # also runs integrity_check
        assert seqs == list(range(1, len(seqs) + 1)), key  # no gap, no duplicate, in chain order


def ledger_payloads(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT payload FROM ledger_entries WHERE payload <> ''")}
    finally:
        conn.close()


def check_printouts(folders: list[Path], data_dir: Path) -> int:
    """Every PDF outside the private temp folder carries a payload the ledger has; no
    half-copied .part file is left beside a certificate."""
    payloads = ledger_payloads(data_dir / "desk.sqlite3")
    seen = 0
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file() or PRIVATE_TEMP in path.relative_to(folder).parts:
                continue
            # a half-copied certificate (a backup's own .part temp file is fine: it is no .sqlite3)
            assert not (path.name.endswith(".part") and ".pdf" in path.name), path
            if path.suffix == ".pdf":
                assert read_payload(path) in payloads, f"{path} 的编号不在台账中"
                seen += 1
    return seen


def check_backups(data_dir: Path) -> int:
    """Whatever is named like a backup (*.sqlite3 besides the desk itself) opens and is whole."""
    count = 0
    for path in data_dir.rglob("*.sqlite3"):
        if path == data_dir / "desk.sqlite3" or PRIVATE_TEMP in path.relative_to(data_dir).parts:
            continue
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", path
            conn.execute("SELECT count(*) FROM ledger_entries").fetchone()  # a desk's database, not an empty file
        finally:
            conn.close()
        count += 1
    return count


def check_catalogue(data_dir: Path, said: list[str]) -> None:
    """The installed generated catalogue is the one before the killed import or the one it
    brought — its own item count and every title of its own version, never a mix."""
    started = [line.split()[1] for line in said if line.startswith("importing ")]
    if not started:
        return
    conn = sqlite3.connect(data_dir / "desk.sqlite3")
    try:
        row = conn.execute("SELECT id, version FROM catalogues WHERE version LIKE ?",
                           [f"{worker.IMPORT_JURISDICTION_VERSION_BASE}.%"]).fetchone()
        if row is None:  # no import ever committed (the first was killed each time)
            assert not any(line.startswith("imported ") for line in said)
            return
        cid, version = row
        newest = started[-1]
        before = f"{worker.IMPORT_JURISDICTION_VERSION_BASE}.{int(newest.split('.')[1]) - 1}"
        assert version in (newest, before), (version, newest)
        titles = [r[0] for r in conn.execute("SELECT title FROM catalogue_items WHERE catalogue_id = ?", [cid])]
        assert len(titles) == worker.expected_items(version), (version, len(titles))
        assert all(t.endswith(f"（{version}）") for t in titles), version
        history = conn.execute("SELECT version, item_count FROM catalogue_history ORDER BY id DESC LIMIT 1").fetchone()
        assert history == (version, len(titles))
    finally:
        conn.close()


def check_reopened(data_dir: Path) -> int:
    """Open the desk as the next start would: leftovers cleared, the chain verifies."""
    with Session(data_dir) as session:
        session.db  # noqa: B018 — opening clears the dead worker's private temp files
        temp = data_dir / PRIVATE_TEMP
        assert not temp.is_dir() or not list(temp.iterdir())
        report = verify_ledger(session)
        assert report["ok"], report
        return report.get("entries", 0)


# ---- the test -----------------------------------------------------------------------------

def _until_a_file_in(folder: Path, within: float) -> None:
    """Return the moment a file appears in the folder (or after `within` seconds)."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            with os.scandir(folder) as found:
                if any(True for _ in found):
                    return
        except FileNotFoundError:
            pass


def start(scenario: str, data_dir: Path, out: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, str(WORKER), scenario, str(data_dir), str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.crash
@pytest.mark.slow
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_killed_at_random_moments_nothing_is_lost(scenario, demo_dir, tmp_path):
    if not SCENARIOS[scenario][1]():
        pytest.skip(f"这个版本还没有 {scenario} 功能")
    rounds = kills_for(scenario)
    rng = random.Random(f"crash-{scenario}")
    out = tmp_path / "out"
    out.mkdir()
    said: list[str] = []
    progress = []
    inside = 0  # kills that left a drawn certificate behind: they landed inside an issue
    temp = demo_dir / PRIVATE_TEMP

    def kill_round(wait) -> bool:
        """Start a worker, wait as told, kill it, check everything; True if the kill left a
        drawn certificate behind (it landed inside an issue)."""
        proc = start(scenario, demo_dir, out)
        first = proc.stdout.readline().strip()
        assert first == "started", (first, proc.stderr.read())
        wait()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        said.extend(proc.stdout.read().split("\n"))
        assert "Traceback" not in proc.stderr.read()
        check_database(demo_dir / "desk.sqlite3")
        check_printouts([demo_dir, out], demo_dir)
        check_backups(demo_dir)
        check_catalogue(demo_dir, said)
        left = temp.is_dir() and any(temp.iterdir())
        progress.append(check_reopened(demo_dir))
        return left

    for n in range(rounds):
        # mostly short waits: most kills land inside a step (number taken, PDF drawn, commit, copy)
        pause = rng.uniform(0.0, 0.15) if n % 3 else rng.uniform(0.15, 0.8)
        inside += kill_round(lambda pause=pause: time.sleep(pause))
    if scenario in ("issue", "void"):
        # a drawn certificate sits in .tmp/ for about a millisecond of an issue's five, so random
        # kills may all miss it on a busy machine: aim a few at it, killing the moment it shows
        for _ in range(40):
            if inside:
                break
            inside += kill_round(lambda: _until_a_file_in(temp, within=5.0))
    # the workers got somewhere, and the desk goes on working where the last one stopped
    assert progress[-1] > progress[0] or scenario == "import"
    # the kills did land inside the work, not only between steps
    if scenario == "import":
        started = sum(line.startswith("importing ") for line in said)
        finished = sum(line.startswith("imported ") for line in said)
        assert finished >= 2 and started - finished >= 3, (started, finished)
    elif scenario in ("issue", "void"):
        assert inside >= 1, inside
    done = start(scenario, demo_dir, out)
    assert done.stdout.readline().strip() == "started", done.stderr.read()
    time.sleep(0.5)
    done.terminate()
    done.wait(timeout=30)
    check_database(demo_dir / "desk.sqlite3")
    check_reopened(demo_dir)


# ---- the checks themselves catch what they are for (no kills: quick) -----------------------

def test_a_half_written_backup_is_caught(demo_dir):
    folder = demo_dir / "backups"
    folder.mkdir()
    whole = (demo_dir / "desk.sqlite3").read_bytes()
    (folder / "good.sqlite3").write_bytes(whole)
    assert check_backups(demo_dir) == 1
    (folder / "cut.sqlite3").write_bytes(whole[: len(whole) // 2])
    with pytest.raises((AssertionError, sqlite3.DatabaseError)):
        check_backups(demo_dir)


def test_a_printout_the_ledger_lacks_is_caught(demo_dir, tmp_path):
    from villagedesk.services import certificates

    with Session(demo_dir) as session:
        made = certificates.issue(session, item_code=worker.ITEM, materials=worker.MATERIALS, handler="张丽",
                                  today=worker.TODAY, out=tmp_path / "a.pdf", values=worker.values(1))
    assert check_printouts([tmp_path], demo_dir) == 1
    conn = sqlite3.connect(demo_dir / "desk.sqlite3")
    # the ledger refuses deletes by triggers: dropped here only to fake a lost entry
    triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ledger_entries'")]
    for name in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DELETE FROM ledger_entries WHERE number = ?", [made["number"]])
    conn.commit()
    conn.close()
    with pytest.raises(AssertionError, match="不在台账中"):
        check_printouts([tmp_path], demo_dir)


def test_a_mixed_catalogue_is_caught(demo_dir, tmp_path, catalogue_csv):
    from villagedesk.services import catalogue

    path = catalogue_csv(tmp_path / "c.csv", version="2099.1", generated=worker.expected_items("2099.1"))
    with Session(demo_dir) as session:
        catalogue.import_catalogue(session, path, allow_warnings=True)
    check_catalogue(demo_dir, ["importing 2099.1", "imported 2099.1"])
    check_catalogue(demo_dir, ["importing 2099.1", "imported 2099.1", "importing 2099.2"])  # killed inside 2099.2
    conn = sqlite3.connect(demo_dir / "desk.sqlite3")
    conn.execute("UPDATE catalogue_items SET title = '调解第0起民间纠纷（2099.2）' WHERE id = "
                 "(SELECT max(id) FROM catalogue_items)")
    conn.commit()
    conn.close()
    with pytest.raises(AssertionError):
        check_catalogue(demo_dir, ["importing 2099.1", "imported 2099.1", "importing 2099.2"])

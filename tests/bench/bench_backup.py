"""Backup and start-up check figures of issue #13, printed as one JSON document:

- backup_s: a checked backup (online backup in steps + quick_check or integrity_check + the
  ledger head check + fsync + rename) of the big ledger (budget 10 s);
- backup_max_gap_s: the longest the main thread waited for the GIL while the backup ran in
  a thread, as the window's event loop would (the window must never freeze: budget 0.2 s);
- startup_s: opening the desk (services/session.Session: header check, schema read, ledger
  head against the last backup's, no full quick_check above START_CHECK_MAX) (budget 1 s);
- quick_check_s: the full PRAGMA quick_check the start-up check leaves to the background.

The ledger is tests/bench/bench_ledger.py's (built once, kept in the temp folder).
Run alone: .venv/bin/python tests/bench/bench_backup.py [--entries N]
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def bench(desk_dir: Path) -> dict:
    from villagedesk.services import backup
    from villagedesk.services.session import Session
    from villagedesk.store import backup as store

    work = Path(tempfile.mkdtemp(prefix="villagedesk-bench-backup-"))
    try:
        with Session(desk_dir) as session:
            session.db  # opened once, so the file is in the page cache as on a working PC
            result: dict = {}

            # the backup in a thread with a connection of its own, as the window's Operation does
            def threaded():
                with Session(desk_dir) as own:
                    t = time.perf_counter()
                    result["info"] = store.take(own.db.conn, work, "bench")
                    result["s"] = time.perf_counter() - t

            thread = threading.Thread(target=threaded)
            gaps, last = [], time.perf_counter()
            thread.start()
            while thread.is_alive():
                time.sleep(0.01)
                now = time.perf_counter()
                gaps.append(now - last - 0.01)
                last = now
            thread.join()
            info = result["info"]
            backup.record(desk_dir, info)  # the start-up check below compares with this head
        t = time.perf_counter()
        with Session(desk_dir) as session:
            session.db
            session.require_desk()
        startup = time.perf_counter() - t
        conn = store.open_read_only(desk_dir / "desk.sqlite3")
        t = time.perf_counter()
        store.quick_check(conn)
        quick = time.perf_counter() - t
        conn.close()
        return {"entries": info["entries"], "db_mb": round((desk_dir / "desk.sqlite3").stat().st_size / 2**20, 1),
                "backup_s": round(result["s"], 2), "backup_check": info["check"],
                "backup_max_gap_s": round(max(gaps or [0]), 3), "startup_s": round(startup, 3),
                "quick_check_s": round(quick, 2)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    import argparse

    from bench_ledger import big_desk

    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    print(json.dumps({"backup": bench(big_desk(args.entries))}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

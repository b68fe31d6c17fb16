"""USB sync (issue #11): export of a village's 100,000 real certificates (budget ≤ 5 s, ≤ 150
bytes an entry), the township's import and verification of that bundle (≤ 10 s), and the same
bundle imported again (≤ 2 s, adding nothing). The village is bench_verify's desk of real
certificates (built once and kept in the temp folder).

Run alone: .venv/bin/python tests/bench/bench_sync.py [--entries N]
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_verify import desk_of as big_desk  # noqa: E402


def bench_sync(entries: int = 100_000) -> dict:
    from villagedesk.core.key_fingerprint import fingerprint
    from villagedesk.services import desk, sync
    from villagedesk.services.session import Session
    from villagedesk.sync import container

    work = Path(tempfile.mkdtemp(prefix="vd-bench-sync-"))
    try:
        village_dir = work / "village"
        shutil.copytree(big_desk(entries), village_dir)
        stick = work / "stick"
        stick.mkdir()
        with Session(village_dir) as village, Session(work / "township") as township:
            desk.init_desk(township, region_code="533103105000", name="芒市风平镇人民政府", level="township",
                           short_name="风平镇", jurisdiction="yunnan-dehong")
            t = time.perf_counter()
            written = sync.export_bundle(village, stick)
            export_s = time.perf_counter() - t
            count = written["counts"]["ledger"]
            key = container.read(container.read_file(Path(written["file"]))).manifest.public_key
            t = time.perf_counter()
            first = sync.import_bundle(township, written["file"], trust_fingerprint=fingerprint(key))
            import_s = time.perf_counter() - t
            t = time.perf_counter()
            again = sync.import_bundle(township, written["file"])
            again_s = time.perf_counter() - t
        return {
            "entries": count,
            "export_s": round(export_s, 2), "export_budget_s": 5,
            "bytes_per_entry": round(written["size"] / count, 1), "bytes_budget": 150,
            "import_and_verify_s": round(import_s, 2), "import_budget_s": 10, "imported": first["added"],
            "import_again_s": round(again_s, 2), "import_again_budget_s": 2, "added_again": again["added"],
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    n = int(sys.argv[sys.argv.index("--entries") + 1]) if "--entries" in sys.argv else 100_000
    print(json.dumps(bench_sync(n), ensure_ascii=False, indent=2))

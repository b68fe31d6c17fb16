"""Benchmarks of issue #4 (signboards), printed as one JSON document.

Run: installer/dev.sh bench signs   (or: .venv/bin/python tests/bench/bench_signs.py)
Budgets: one sign checked ≤ 2 ms; an audit of 50 signs ≤ 100 ms; a spec sheet PDF ≤ 300 ms;
1:1 tiles of a 35×200 cm strip ≤ 2 s.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures" / "signs"


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> int:
    from villagedesk.services import desk, signs
    from villagedesk.services.session import Session

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        session = Session(work / "desk")
        desk.init_demo(session)
        strip = json.loads((FIXTURES / "dehong-party-strip.json").read_text(encoding="utf-8"))
        standard = signs.standard_specs(session)
        # a village office's full inventory: the standard signs, function-room doors, a few wrong ones
        inventory = list(standard)
        for i in range(50 - len(inventory)):
            inventory.append({"name": f"第{i + 1}会议室", "kind": "door", "width_cm": 30, "height_cm": 15,
                              "background": "#FFFFFF", "text_colour": "#000000", "font": "标准宋体",
                              "direction": "horizontal", "placement": "room_door", "room": f"R{i}",
                              "scripts": ["zh"], "decorated": i % 7 == 0})
        signs.check_sign(session, strip)  # warm: rules, character tables, catalogue
        check = timed(lambda: signs.check_sign(session, strip), 500)
        audit = timed(lambda: signs.audit(session, inventory, save=False), 40)
        spec_out = work / "spec.pdf"
        signs.spec_pdf(session, strip, spec_out)  # warm: fonts registered
        spec = timed(lambda: signs.spec_pdf(session, strip, spec_out, overwrite=True), 20)
        tiles = timed(lambda: signs.spec_pdf(session, strip, work / "tiles.pdf", tiles=True, overwrite=True), 5)
        session.close()
    result = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "check_ms_p50": round(statistics.median(check), 3), "check_ms_p95": round(percentile(check, 95), 3),
        "check_budget_ms": 2,
        "audit_50_ms_p50": round(statistics.median(audit), 2), "audit_50_ms_max": round(max(audit), 2),
        "audit_budget_ms": 100, "audit_signs": len(inventory),
        "spec_pdf_ms_p50": round(statistics.median(spec), 1), "spec_pdf_ms_max": round(max(spec), 1),
        "spec_pdf_budget_ms": 300,
        "tiles_35x200_ms_p50": round(statistics.median(tiles), 1), "tiles_35x200_ms_max": round(max(tiles), 1),
        "tiles_budget_ms": 2000,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmarks of the foundation, printed as one JSON document (figures of issue #2).

Run: installer/dev.sh bench   (or: .venv/bin/python tests/bench/run.py)
The 准入 check figure alone: .venv/bin/python tests/bench/run.py --task-check
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def bench_import_and_search(work: Path) -> dict:
    from catalogue_data import write_catalogue

    from villagedesk.services import catalogue, desk
    from villagedesk.services.session import Session

    xlsx = write_catalogue(work / "county-10000.xlsx")
    session = Session(work / "desk")
    desk.init_demo(session)
    t0 = time.perf_counter()
    report = catalogue.import_catalogue(session, xlsx)
    import_s = time.perf_counter() - t0
    assert report["items"] == 10_000, report

    queries = {
        "one_char": ["居", "证", "保", "拆", "村", "低", "防", "户"],
        "two_chars": ["居住", "低保", "征兵", "防火", "纠纷", "证明", "养老", "禁毒"],
        "three_plus": ["最低生活保障", "森林防火", "居住证明", "人口普查入户", "民发〔2020〕", "退役军人"],
        "pinyin_initials": ["jzzm", "dbsq", "zb", "j", "slfh", "rkpc"],
        "pinyin_full": ["juzhu", "zhengbing", "senlin", "yanglao", "ju", "dibao"],
    }
    for q in sum(queries.values(), []):  # warm the page cache once
        catalogue.search(session, q)
    timings: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for kind, qs in queries.items():
        for _ in range(15):
            for q in qs:
                t = time.perf_counter()
                hits[q] = len(catalogue.search(session, q))
                timings.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
    every = sum(timings.values(), [])
    session.close()
    return {
        "catalogue_import_10000_xlsx_s": round(import_s, 3),
        "catalogue_import_budget_s": 5.0,
        "search_p95_ms": round(percentile(every, 95), 2),
        "search_p50_ms": round(percentile(every, 50), 2),
        "search_budget_p95_ms": 20.0,
        "search_p95_ms_by_kind": {k: round(percentile(v, 95), 2) for k, v in timings.items()},
        "search_queries": len(every),
        "search_zero_hit_queries": sorted(q for q, n in hits.items() if n == 0),
    }


def bench_help() -> dict:
    runs = []
    for _ in range(10):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "villagedesk", "--help"], capture_output=True, check=True, cwd=ROOT)
        runs.append(time.perf_counter() - t)
    return {"help_wall_s_median": round(statistics.median(runs), 3), "help_wall_s_max": round(max(runs), 3),
            "help_budget_s": 0.3}


def bench_window(work: Path) -> dict:
    """Process start → main window shown, from the app's own report (offscreen)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), VILLAGEDESK_EXIT_AFTER_SHOW="1")
    data = work / "window-desk"
    subprocess.run([sys.executable, "-m", "villagedesk", "--data-dir", str(data), "init", "--demo"], check=True,
                   capture_output=True, cwd=ROOT)
    runs = []
    for _ in range(5):
        t = time.time()
        try:
            proc = subprocess.run([sys.executable, "-m", "villagedesk", "--data-dir", str(data)], capture_output=True,
                                  text=True, env=env, cwd=ROOT, timeout=30)
        except subprocess.TimeoutExpired:
            return {"window_shown_s": None, "window_error": "the window did not report being shown within 30 s"}
        shown = [line for line in proc.stdout.splitlines() if line.startswith("window-shown ")]
        if not shown:
            return {"window_shown_s": None, "window_error": (proc.stderr or proc.stdout)[-500:]}
        runs.append(float(shown[0].split()[1]) - t)
    return {"window_shown_s_median": round(statistics.median(runs), 3), "window_shown_s_max": round(max(runs), 3),
            "window_budget_s": 1.5}


def bench_task_check(work: Path) -> dict:
    """准入 check (catalogue match + burden rules + role reading) over the request set of
    tests/data/burden_requests.json on the demo desk; runnable alone: run.py --task-check."""
    from villagedesk.services import admission, desk
    from villagedesk.services.session import Session

    requests = json.loads((ROOT / "tests" / "data" / "burden_requests.json").read_text(encoding="utf-8"))["requests"]
    texts = [r["text"] for r in requests]
    session = Session(work / "task-desk")
    desk.init_demo(session)
    for text in texts:  # warm: rule files read, catalogue pages cached
        admission.check_task(session, text)
    runs = []
    for _ in range(5):
        for text in texts:
            t = time.perf_counter()
            admission.check_task(session, text)
            runs.append((time.perf_counter() - t) * 1000)
    session.close()
    return {"task_check_p95_ms": round(percentile(runs, 95), 2), "task_check_p50_ms": round(percentile(runs, 50), 2),
            "task_check_budget_p95_ms": 20.0, "task_check_requests": len(runs)}


def bench_catalogue_diff() -> dict:
    """What changed between two versions of a 10,000-item county catalogue (shown before the
    county's update is applied, issue 11 item 5)."""
    sys.path.insert(0, str(ROOT / "tests" / "core"))
    from test_catalogue_diff import ten_thousand_items_and_their_next_version

    from villagedesk.core.catalogue_diff import diff_items

    old, new = ten_thousand_items_and_their_next_version()
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        diff_items(old, new).to_dict()
        runs.append((time.perf_counter() - t) * 1000)
    return {"catalogue_diff_10000_ms": round(statistics.median(runs), 1), "catalogue_diff_budget_ms": 1000}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "--task-check" in sys.argv:  # this figure alone
            print(json.dumps(bench_task_check(work), ensure_ascii=False, indent=2))
            return 0
        result = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
        result.update(bench_help())
        result.update(bench_import_and_search(work))
        result.update(bench_task_check(work))
        result.update(bench_catalogue_diff())
        if "--no-window" not in sys.argv:
            result.update(bench_window(work))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

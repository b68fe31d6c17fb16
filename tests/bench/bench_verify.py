"""`ledger verify` on a ledger of real certificates (issue #10 item 7): µs per entry at 100,000
and 1,000,000 entries (budget 20 µs, 1M ≤ 20 s), and the every-signature mode for comparison.

Each entry is what `cert issue` stores: a numbered certificate whose QR payload is signed, the
entry hashed on the one before and signed (two Ed25519 signatures an entry); every 50th issue is
followed by a void. The desks are built once through the store's own append transaction (5,000
entries a transaction) and kept in the temp folder for the next run.

Run alone: .venv/bin/python tests/bench/bench_verify.py [--entries N ...] [--full-sample N]
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from bench_ledger import GIVEN, ITEMS, SURNAMES, id_number  # noqa: E402


def build(folder: Path, entries: int) -> None:
    from villagedesk.core import ledger as rules
    from villagedesk.services import desk
    from villagedesk.services.certificates import _payload
    from villagedesk.services.session import Session
    from villagedesk.store import key_store, ledger_store

    rng = random.Random(2026)
    with Session(folder) as session:
        desk.init_demo(session)
        d = session.require_desk()
        signer = key_store.own_signer(session.db, office_code=d.region_code, office_name=d.name)
        start = date(2017, 1, 1)
        per_day = max(1, entries // 3600)
        done = 0
        last_issue = None
        while done < entries:
            with ledger_store.appending(session.db, key_id=signer.key_id_hex) as tx:
                for _ in range(min(5000, entries - done)):
                    day = (start + timedelta(days=done // per_day)).isoformat()
                    done += 1
                    if last_issue and done % 51 == 0:
                        tx.add({"kind": "void", "refers_to": last_issue, "reason": "信息有误", "handler": "张丽",
                                "issued_on": day}, sign=signer.sign)
                        last_issue = None
                        continue
                    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
                    code, title = rng.choice(ITEMS)
                    idn = id_number(rng)
                    entry = tx.draft({
                        "kind": "issue", "number_template": "{村简称}证〔{年}〕{n}号", "issued_on": day,
                        "item_code": code, "item_title": title, "applicant": name, "applicant_id": idn,
                        "subject_name": name, "subject_id": idn, "purpose": rng.choice(["子女入学", "申请助学金", "办理居住证"]),
                        "addressee": "芒市教育体育局", "handler": "张丽", "form_id": "residence",
                        "body": f"兹证明{name}（身份证号码：{idn}）系我村村民，现居住在我村，情况属实。"})
                    payload = _payload(signer, d, entry, "certificate")
                    last_issue = tx.insert(rules.seal(entry, {"payload": payload}, sign=signer.sign))


def desk_of(entries: int) -> Path:
    folder = Path(tempfile.gettempdir()) / f"villagedesk-bench-verify-{entries}"
    marker = folder / "complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        build(folder / "desk", entries)
        marker.write_text(f"built in {time.perf_counter() - t:.0f} s\n")
    return folder / "desk"


def bench_verify(sizes: list[int], full_sample: int = 0) -> dict:
    from villagedesk.services.session import Session
    from villagedesk.services.verification import verify_ledger

    out: dict = {"ledger_verify_budget_us_per_entry": 20}
    for n in sizes:
        folder = desk_of(n)
        with Session(folder) as session:
            t = time.perf_counter()
            result = verify_ledger(session)
            seconds = time.perf_counter() - t
        assert result["ok"], result
        out[f"ledger_verify_{n}_s"] = round(seconds, 2)
        out[f"ledger_verify_{n}_us_per_entry"] = round(seconds / result["entries"] * 1e6, 1)
    if full_sample:
        folder = desk_of(full_sample)
        with Session(folder) as session:
            t = time.perf_counter()
            result = verify_ledger(session, every_signature=True)
            seconds = time.perf_counter() - t
        assert result["ok"], result
        out[f"ledger_verify_every_signature_{full_sample}_us_per_entry"] = round(seconds / result["entries"] * 1e6, 1)
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    sizes = [int(args[i + 1]) for i, a in enumerate(args) if a == "--entries"] or [100_000, 1_000_000]
    full = int(args[args.index("--full-sample") + 1]) if "--full-sample" in args else 0
    print(json.dumps(bench_verify(sizes, full), ensure_ascii=False, indent=2))

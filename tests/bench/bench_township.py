"""The consolidated ledger of a county-sized desk: 300 villages × 3,000 entries (issue #11
figures: search p95 ≤ 50 ms, report ≤ 1 s). Prints one JSON document.

The desk is built fast: ten village chains are generated with core.ledger's own functions
(draft, numbering, entry_hash: valid chains, every hash real; signatures are dummies, nothing
here verifies them) and each village takes one of them under its own office code (the office
is outside the hash), written by a bulk insert of entries and their states. Kept in the temp
folder for the next run.

Run alone: .venv/bin/python tests/bench/bench_township.py [--villages N] [--entries N]
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_ledger import GIVEN, ITEMS, SURNAMES, id_number  # noqa: E402

TOWNSHIP = "533103000000"
TEMPLATES = 10


def chain(rng: random.Random, entries: int, short_name: str) -> list[tuple]:
    """One village's chain: issues, refusals, acceptances (some closed, some overdue) and voids."""
    from villagedesk.core import ledger as rules
    from villagedesk.core.numbering import DEFAULT_TEMPLATES, format_number

    out: list[tuple] = []
    prev = rules.ZERO_HASH
    seqs: dict[tuple[str, int], int] = {}
    valid: list[int] = []
    pending: list[int] = []
    day = date(2024, 1, 1)
    step = (date(2026, 11, 30) - day).days / entries
    for n in range(1, entries + 1):
        on = (day + timedelta(days=int(n * step))).isoformat()
        roll = rng.random()
        code, title = rng.choice(ITEMS)
        person = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        req: dict = {"kind": "issue", "item_code": code, "item_title": title, "item_list": "cert_retained",
                     "applicant": person, "applicant_id": id_number(rng), "purpose": "办事", "handler": "岩温",
                     "issued_on": on}
        if roll < 0.04 and valid:
            req = {"kind": "void", "refers_to": valid.pop(rng.randrange(len(valid))), "reason": "打印错误",
                   "handler": "岩温", "issued_on": on}
        elif roll < 0.10:
            req["kind"] = "accept"
            req["due_on"] = (date.fromisoformat(on) + timedelta(days=10)).isoformat()
        elif roll < 0.14:
            req["kind"] = "refuse"
        elif roll < 0.19 and pending:
            req["refers_to"] = pending.pop(0)
        request = rules.clean_request(req)

        def number(series: str, year: int) -> tuple[int, str]:
            seq = seqs.get((series, year), 0) + 1
            seqs[(series, year)] = seq
            return seq, format_number(DEFAULT_TEMPLATES[series], short_name=short_name, year=year, seq=seq)

        entry = rules.draft(request, entry_id=n, created_at=f"{on}T10:00:00+08:00", prev_hash=prev, key_id="0" * 16,
                            number=number)
        entry["entry_hash"] = rules.entry_hash(entry)
        entry["entry_sig"] = "00" * 64
        prev = entry["entry_hash"]
        if req["kind"] == "issue" and not req.get("refers_to"):
            valid.append(n)
        if req["kind"] == "accept":
            pending.append(n)
        out.append(tuple(entry[c] for c in rules.ENTRY_COLUMNS))
    return out


def build(folder: Path, villages: int, entries: int) -> None:
    from villagedesk.core import ledger as rules
    from villagedesk.services import desk
    from villagedesk.services.session import Session
    from villagedesk.store import ledger_store
    from villagedesk.store.transaction import write

    rng = random.Random(2026)
    templates = [chain(rng, entries, f"样{i}村") for i in range(TEMPLATES)]
    replays = []
    for t in templates:
        replay = rules.Replay()
        assert replay.feed_all(t) is None, replay.problem  # the generated chains are valid
        replays.append(replay)
    with Session(folder) as session:
        desk.init_desk(session, region_code=TOWNSHIP, name="芒市人民政府", level="county", short_name="芒市", handler="张")
        db = session.db
        cols = ", ".join(rules.ENTRY_COLUMNS)
        insert = f"INSERT INTO ledger_entries (office, stream, {cols}) VALUES (?, ?, {', '.join('?' * len(rules.ENTRY_COLUMNS))})"
        at = rules.COLUMN["id"]
        for v in range(villages):
            office = f"533103{100 + v // 20:03d}{200 + v % 20:03d}"
            t, replay = templates[v % TEMPLATES], replays[v % TEMPLATES]
            with write(db):
                ledger_store.add_office(db, code=office, name=f"样{v}村民委员会", short_name=f"样{v}村", level="village")
                stream = ledger_store.stream_of(db, office, f"desk-{v}", create=True)
                base = stream << ledger_store.STREAM_SHIFT
                db.conn.executemany(insert, ((office, stream, *r[:at], base | r[at], *r[at + 1:]) for r in t))
                states = []
                for r in t:
                    kind, position = r[rules.COLUMN["kind"]], r[at]
                    state = replay.expected_state(position, kind, r[rules.COLUMN["created_at"]])
                    if state is not None:
                        s, closed, replaced, when = state
                        states.append((base | position, s, None if closed is None else base | closed,
                                       None if replaced is None else base | replaced, when))
                db.conn.executemany("INSERT INTO ledger_state (entry_id, status, closed_by, replaced_by, updated_at) "
                                    "VALUES (?, ?, ?, ?, ?)", states)
        with write(db):
            db.execute("INSERT OR IGNORE INTO ledger_items (item_code, item_title) SELECT DISTINCT item_code, item_title "
                       "FROM ledger_entries WHERE item_code <> ''")



def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--entries", type=int, default=3000)
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / f"villagedesk-bench-township-{args.villages}x{args.entries}"
    built_s = None
    if not (folder / "desk.sqlite3").exists():
        t = time.perf_counter()
        build(folder, args.villages, args.entries)
        built_s = round(time.perf_counter() - t, 1)

    from villagedesk.services import township
    from villagedesk.services.session import Session

    rng = random.Random(7)
    with Session(folder) as s:
        offices = [o for o in township.offices(s)["offices"] if not o["own"]]
        sample = s.db.execute("SELECT applicant, applicant_id, number FROM ledger_entries WHERE kind = 'issue' "
                              "ORDER BY random() LIMIT 40").fetchall()
        queries = []
        for applicant, ident, number in sample:
            o = rng.choice(offices)["code"]
            queries += [{"text": applicant[:2]}, {"name": applicant}, {"id_number": ident[-6:]}, {"number": number},
                        {"text": number[:6]}, {"office": o}, {"office": o, "date_from": "2026-01-01", "date_to": "2026-03-31"},
                        {"item": "家庭经济困难"}, {"status": "overdue"}, {"date_from": "2025-06-01", "date_to": "2025-06-30"},
                        {"office": o, "status": "voided"}, {"office": o, "text": applicant[:1]}, {}]
        page, counts = [], []
        for q in queries:
            page.append(timed(lambda q=q: township.list_entries(s, limit=100, with_total=False, **q)))
            counts.append(timed(lambda q=q: township.count_entries(s, **q)))
        report = [timed(lambda: township.report(s)) for _ in range(3)]
        by_office = [timed(lambda: township.report(s, chart_by="office")) for _ in range(2)]
        offices_ms = timed(lambda: township.offices(s))
        flags_ms = timed(lambda: township.flags(s))
        total = s.db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0]

    def p95(xs):
        return round(statistics.quantiles(xs, n=20)[-1], 1)

    print(json.dumps({
        "villages": args.villages, "entries_per_village": args.entries, "entries": total, "built_s": built_s,
        "search_queries": len(page), "search_page_p95_ms": p95(page), "search_page_max_ms": round(max(page), 1),
        "search_page_budget_ms": 50, "count_p95_ms": p95(counts), "count_max_ms": round(max(counts), 1),
        "report_ms": round(min(report), 1), "report_max_ms": round(max(report), 1), "report_by_office_ms": round(min(by_office), 1),
        "report_budget_ms": 1000, "offices_ms": round(offices_ms, 1), "flags_ms": round(flags_ms, 1),
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

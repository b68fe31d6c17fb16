"""Drawing alone (issue #10 item 8), printed as one JSON document: a certificate, a refusal
notice and a 受理回执 from their doc dict to PDF bytes (no file, no fsync), and the QR matrix
alone; p50/p95 in ms over warm runs in one process, each run a different document (200 of
each, varying names, ID numbers, addresses, purposes and QR codes). Target: a certificate
p50 ≤ 1.2 ms, QR included.

Run: .venv/bin/python tests/bench/bench_render.py [--runs 300]
A tree without the bytes functions (before issue #10) is measured too: its file-writing
functions are given a writer that keeps the bytes in memory, so both figures are doc → bytes.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PAYLOAD = "VD1:" + "6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3" * 5 + "QX"  # 235 characters, version 11
NAMES = ["王𬌗", "李明", "张丽华", "赵六", "欧阳晓东", "岩温", "玉香", "孙八", "周建国", "吴芳"]
PURPOSES = ["子女入学", "办理居住证", "申请公租房", "银行开户", "办理社保", "领取补贴", "车辆上户"]
ITEMS = ["家庭经济困难情况证明", "居（租）住证明", "亲属关系证明", "无犯罪记录情况说明", "生产经营情况证明"]


def id_number(i: int) -> str:
    """A different 18-character ID number for each document, as real entries have."""
    return f"5331{i % 90 + 10:02d}19{i % 70 + 30:02d}{i % 12 + 1:02d}{i % 28 + 1:02d}{i * 37 % 900 + 100:03d}{'0123456789X'[i % 11]}"


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def certificate(i: int) -> dict:
    """A different certificate for each i: name, ID number, address, owner, purpose, number,
    date and QR code all vary, as a day's issuing gives (the page shares only its fixed wording)."""
    name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else NAMES[i * 7 % len(NAMES)][-1])
    purpose = PURPOSES[i % len(PURPOSES)]
    return {
        "paper": "A4", "title": "居（租）住证明", "number": f"风平村证〔2026〕{i + 1}号", "addressee": "芒市教育体育局",
        "paragraphs": [
            f"兹证明{name}，公民身份号码{id_number(i)}，自{2000 + i % 25}年{i % 12 + 1}月起居住在风平镇风平村"
            f"{i % 9 + 1}组{i % 50 + 1}号（租住），至今为本村（社区）实际居住人员。"
            f"该房屋所有权人为{NAMES[(i + 3) % len(NAMES)]}。",
            f"此证明仅用于{purpose}，自出具之日起三个月内有效。"],
        "closing": "特此证明。", "issuer": "芒市风平镇风平村民委员会", "date_text": "二〇二六年十一月二十三日",
        "handler": "张丽", "phone": "0692-2123456", "attestation": None,
        "qr_payload": PAYLOAD[:-6] + f"{i:06d}",  # a different code each time, as issuing gives
        "verify_hint": "用村务桌面“证明核验”扫描二维码，可核验真伪和是否作废", "demo": False,
        "signed_content": {"number": f"风平村证〔2026〕{i + 1}号", "subject_name": name,
                           "subject_id": id_number(i), "purpose": purpose},
    }


def notice(i: int) -> dict:
    return {
        "number": f"风平村不予证〔2026〕{i + 1}号", "applicant": NAMES[i % len(NAMES)] + NAMES[i * 3 % len(NAMES)][-1],
        "request": {"title": "婚姻状况证明", "list": "不应出具证明事项"},
        "reason": "该事项已列入《不应由基层群众性自治组织出具证明事项清单（第一批）》（民发〔2020〕20号），村级组织不应出具。",
        "clauses": [{"document": "民发〔2020〕20号", "clause": "第1项",
                     "text": "婚姻状况证明：申请人可通过婚姻登记机关查询，或以书面承诺代替。"}],
        "channel": "到婚姻登记机关查询", "department": "芒市民政局婚姻登记处",
        "issuer": "芒市风平镇风平村民委员会", "date_text": "二〇二六年十一月二十三日", "handler": "张丽",
        "phone": "0692-2123456", "qr_payload": PAYLOAD[:-6] + f"{i:06d}", "demo": False,
    }


def receipt(i: int) -> dict:
    return {
        "paper": "A5", "number": f"风平村证受〔2026〕{i + 1}号", "issuer": "芒市风平镇风平村民委员会",
        "applicant": NAMES[i % len(NAMES)], "id_masked": id_number(i)[:6] + "********" + id_number(i)[-4:],
        "subject": "", "item": ITEMS[i % len(ITEMS)],
        "materials": [{"name": "申请人居民身份证", "received": True}, {"name": "户口簿", "received": i % 2 == 0}],
        "due_text": "二〇二六年十一月二十六日", "working_days": 3, "phone": "0692-2123456", "handler": "张丽",
        "date_text": "二〇二六年十一月二十三日", "demo": False,
    }


def _in_memory(render_to_file):
    """doc → bytes through a tree's file-writing function, its atomic write kept in memory."""
    import villagedesk.files as files

    def render(doc: dict) -> bytes:
        kept = io.BytesIO()
        original = files.atomic_write
        files.atomic_write = lambda path, write: write(kept)
        try:
            render_to_file(doc, Path("unused.pdf"))
        finally:
            files.atomic_write = original
        return kept.getvalue()

    return render


def renderers() -> dict:
    from villagedesk.render import acceptance_receipt, certificate as cert, refusal_notice

    out = {}
    for name, module, fn, make in (("certificate", cert, "render_certificate", certificate),
                                   ("refusal_notice", refusal_notice, "render_refusal_notice", notice),
                                   ("receipt", acceptance_receipt, "render_acceptance_receipt", receipt)):
        fast = getattr(module, fn + "_bytes", None)
        out[name] = (fast or _in_memory(getattr(module, fn)), make)
    return out


def timed(fn, args, runs: int) -> dict:
    for a in args[:20]:  # warm: fonts registered, tables built
        fn(a)
    times = []
    for i in range(runs):
        a = args[i % len(args)]
        t = time.perf_counter()
        fn(a)
        times.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": round(statistics.median(times), 3), "p95_ms": round(percentile(times, 95), 3)}


def main() -> int:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 300
    from villagedesk.render import certificate as cert, qr

    result: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "runs": runs,
                    "bytes_functions": hasattr(cert, "render_certificate_bytes")}
    for name, (render, make) in renderers().items():
        docs = [make(i) for i in range(200)]  # 200 different documents, not one again and again
        sizes = [len(render(d)) for d in docs[:5]]
        result[name] = {**timed(render, docs, runs), "bytes": round(statistics.mean(sizes))}
    payloads = [certificate(i)["qr_payload"] for i in range(50)]
    result["qr_matrix"] = timed(qr.qr_matrix, payloads, runs)
    if hasattr(qr, "_rows"):
        result["qr_rows"] = timed(qr._rows, payloads, runs)  # what the page draws from
    result["certificate_budget_p50_ms"] = 1.2  # issue #10 item 8: cert issue well under 5 ms
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmarks of issue #3 (certificates), printed as one JSON document.

Run: installer/dev.sh bench certificates   (or: .venv/bin/python tests/bench/bench_certificates.py)
Only the `verify --pdf` figure: add --verify-pdf-only.
LibreOffice (soffice) is used for the side-by-side figure when it is installed; the bench
says so when it is not.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
NAMES = ["王𬌗", "李明", "张丽华", "赵六", "欧阳晓东", "岩温", "玉香", "孙八", "周建国", "吴芳"]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def _values(i: int) -> dict:
    return {"subject_name": NAMES[i % len(NAMES)], "subject_id": "11010519491231002X", "purpose": "子女入学",
            "addressee": "芒市教育体育局", "address": f"风平镇风平村{i % 9 + 1}组{i % 50 + 1}号", "residence_type": "租住",
            "since": "2019-03", "owner": "李四"}


def bench_issue(work: Path) -> dict:
    from villagedesk.services import certificates, desk
    from villagedesk.services.session import Session
    from villagedesk.services.verification import verify_text

    session = Session(work / "desk")
    desk.init_demo(session)
    out = work / "pdf"
    out.mkdir()
    # warm: fonts registered, forms loaded, key made
    certificates.issue(session, item_code="533103-BL-01", values=_values(0), materials=["申请人居民身份证"],
                       handler="张丽", today=TODAY, out=out / "warm.pdf")
    single = []
    payloads = []
    for i in range(60):
        t = time.perf_counter()
        r = certificates.issue(session, item_code="533103-BL-01", values=_values(i), materials=["申请人居民身份证"],
                               handler="张丽", today=TODAY, out=out / f"s{i}.pdf")
        single.append((time.perf_counter() - t) * 1000)
        payloads.append(r["payload"])
    t = time.perf_counter()
    for i in range(1000):
        certificates.issue(session, item_code="533103-BL-01", values=_values(i), materials=["申请人居民身份证"],
                           handler="张丽", today=TODAY, out=out / f"b{i}.pdf")
    batch_s = time.perf_counter() - t
    verify_ms = []
    for p in payloads * 5:
        t = time.perf_counter()
        answer = verify_text(session, p)
        verify_ms.append((time.perf_counter() - t) * 1000)
        assert answer["status"] == "valid", answer
    session.close()
    return {
        "issue_ms_p50": round(statistics.median(single), 2), "issue_ms_p95": round(percentile(single, 95), 2),
        "issue_budget_ms_p50": 35,
        "batch_1000_s": round(batch_s, 2), "batch_budget_s": 35,
        "verify_ms_p50": round(statistics.median(verify_ms), 3), "verify_ms_p95": round(percentile(verify_ms, 95), 3),
        "verify_budget_ms": 5,
        "per_certificate_ms": round(batch_s, 3),  # 1000 certificates: seconds == ms per certificate
    }


def bench_verify_pdf(work: Path) -> dict:
    """`verify --pdf` including the page-text comparison (issue #9: ≤ 200 ms), at the issuing
    desk (the ledger supplies the signed text) and at a township without the ledger."""
    from villagedesk.services import certificates, desk
    from villagedesk.services.session import Session
    from villagedesk.services.verification import verify_pdf
    from villagedesk.store import key_store

    village = Session(work / "verify-desk")
    desk.init_demo(village)
    out = work / "verify-pdf"
    out.mkdir()
    pdfs = [certificates.issue(village, item_code="533103-BL-01", values=_values(i), materials=["申请人居民身份证"],
                               handler="张丽", today=TODAY, out=out / f"v{i}.pdf")["pdf"] for i in range(20)]
    township = Session(work / "verify-township")
    key_store.trust_key(township.db, key_store.export_public_key(village.db), source="bench")
    figures = {}
    for name, session in (("desk", village), ("township", township)):
        verify_pdf(session, pdfs[0])  # warm: pdfium loaded
        times = []
        for path in pdfs * 3:
            t = time.perf_counter()
            answer = verify_pdf(session, path)
            times.append((time.perf_counter() - t) * 1000)
            assert answer["status"] == "valid" and answer["page_compared"], answer
        figures[f"verify_pdf_{name}_ms_p50"] = round(statistics.median(times), 2)
        figures[f"verify_pdf_{name}_ms_p95"] = round(percentile(times, 95), 2)
    village.close()
    township.close()
    return {**figures, "verify_pdf_budget_ms": 200}


def _docx(path: Path, name: str, address: str) -> None:
    """A Word certificate as a mail merge would leave it: title, number, body, signature, date."""
    paragraphs = [("居（租）住证明", True), ("风平村证〔2026〕12号", False), ("芒市教育体育局：", False),
                  (f"兹证明{name}，男，身份证号码：11010519491231002X，自2019年3月起居住在{address}（租住），"
                   "至今为本村（社区）实际居住人员。", False),
                  ("该房屋所有权人为李四。", False), ("此证明仅用于子女入学。", False), ("特此证明。", False),
                  ("芒市风平镇风平村民委员会", False), ("二〇二六年十一月二十三日", False), ("经办人：张丽", False)]
    def run(text: str, bold: bool) -> str:
        centre = '<w:jc w:val="center"/>' if bold else ""
        weight = "<w:b/>" if bold else ""
        size = 44 if bold else 32
        return (f'<w:p><w:pPr>{centre}</w:pPr><w:r><w:rPr><w:rFonts w:ascii="SimSun" w:eastAsia="SimSun"/>'
                f'{weight}<w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')

    body = "".join(run(text, bold) for text, bold in paragraphs)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   f'<w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')


def bench_libreoffice(work: Path, vd_ms: float) -> dict:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return {"libreoffice": "not installed (apt-get install libreoffice-writer-nogui); side-by-side figure skipped"}
    folder = work / "docx"
    folder.mkdir()
    files = []
    for i in range(10):
        path = folder / f"c{i}.docx"
        _docx(path, NAMES[i], f"风平镇风平村{i + 1}组{i + 3}号")
        files.append(path)
    profile = work / "lo-profile"
    env = {**os.environ, "HOME": str(work)}
    base = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work / "lo-out")]
    subprocess.run(base + [str(files[0])], capture_output=True, env=env, timeout=300)  # first start makes the profile
    singles = []
    for f in files[:3]:  # one conversion per certificate, as a clerk does it
        t = time.perf_counter()
        subprocess.run(base + [str(f)], capture_output=True, env=env, timeout=300, check=True)
        singles.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    subprocess.run(base + [str(f) for f in files], capture_output=True, env=env, timeout=600, check=True)
    batched = (time.perf_counter() - t) * 1000 / len(files)
    produced = len(list((work / "lo-out").glob("*.pdf")))
    return {"libreoffice_ms_per_certificate_single": round(statistics.median(singles), 1),
            "libreoffice_ms_per_certificate_batched": round(batched, 1), "libreoffice_pdfs": produced,
            "speedup_vs_single": round(statistics.median(singles) / vd_ms, 1),
            "speedup_vs_batched": round(batched / vd_ms, 1), "speedup_budget": 20}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
        if "--verify-pdf-only" in sys.argv:  # the one figure of issue #9 part 2, in seconds
            result.update(bench_verify_pdf(work))
            print(json.dumps(result, ensure_ascii=False, indent=2))
            return 0
        result.update(bench_issue(work))
        result.update(bench_verify_pdf(work))
        result.update(bench_libreoffice(work, result["issue_ms_p50"]))
        if "--no-ledger" not in sys.argv:
            from bench_ledger import bench_ledger

            result.update(bench_ledger(work))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())

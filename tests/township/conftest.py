"""A township desk (风平镇) holding three villages' real ledgers: the demo village's real
certificates issued through the services, and two more villages' chains appended through
the ledger store, each village with its own office code. Built once per run, copied per test."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.store.test_ledger_store import SIGNER
from tests.services.test_certificates import issue_residence

TOWNSHIP = "533103105000"
DEMO = "533103105202"  # the demo desk (风平村)
PADI = "533103105203"  # 帕底村: many voids, an overdue acceptance, a must-not certificate
MANGBIE = "533103105204"  # 芒别村: silent since early 2025
TODAY = date(2026, 11, 30)
RESIDENCE = ("533103-BL-01", "居住证明")
FORBIDDEN = ("533103-BY-01", "收入证明")  # on the demo catalogue's 不应出具证明事项 list


def issue(**kw) -> dict:
    base = dict(kind="issue", item_code=RESIDENCE[0], item_title=RESIDENCE[1], item_list="cert_retained",
                applicant="张三", applicant_id="53310319900101123X", purpose="办理入学", addressee="芒市教育局",
                materials=["户口簿"], fields={"住址": "三组"}, body="兹证明。", handler="岩温")
    base.update(kw)
    return base


def _village(root: Path, code: str, name: str, short: str):
    from villagedesk.services import desk as desk_service
    from villagedesk.services.session import Session

    session = Session(root / code)
    desk_service.init_desk(session, region_code=code, name=name, level="village", short_name=short, handler="岩温")
    return session


def _build(root: Path, demo_template: Path) -> Path:
    from villagedesk.services import certificates
    from villagedesk.services import desk as desk_service
    from villagedesk.services.session import Session
    from villagedesk.store import ledger_store as L
    from villagedesk.store import refused_store

    township_dir = root / "township"
    with Session(township_dir) as township:
        desk_service.init_desk(township, region_code=TOWNSHIP, name="芒市风平镇人民政府", level="township",
                               short_name="风平镇", handler="岩香")
        db = township.db

        # the demo village: real certificates, printed, signed, one voided
        demo_dir = root / "demo"
        shutil.copytree(demo_template, demo_dir)
        with Session(demo_dir) as demo:
            pdfs = root / "pdfs"
            pdfs.mkdir()
            first = issue_residence(demo, pdfs, name="a.pdf")
            issue_residence(demo, pdfs, name="b.pdf", subject_name="李四")
            certificates.void(demo, first["number"], reason="住址写错", handler="张丽")
            L.append_stream(db, office=DEMO, desk_id=demo.require_desk().desk_id, entries=list(L.walk(demo.db)))

        # 帕底村: 25 certificates in 2026, 10 voided; a must-not one; an acceptance past due
        padi = _village(root, PADI, "芒市风平镇帕底村民委员会", "帕底村")
        with padi:
            made = L.append(padi.db, [issue(applicant=f"岩{i}号", issued_on=f"2026-0{1 + i % 9}-1{i % 10}")
                                      for i in range(25)], signer=SIGNER)
            L.append(padi.db, [dict(kind="void", refers_to=e["id"], reason="打印错误", issued_on="2026-10-01")
                               for e in made[:10]], signer=SIGNER)
            L.append(padi.db, [issue(item_code=FORBIDDEN[0], item_title=FORBIDDEN[1], item_list="cert_forbidden",
                                     applicant="玉波", issued_on="2026-10-05")], signer=SIGNER)
            L.append(padi.db, [issue(kind="accept", applicant="岩应", due_on="2026-11-10", issued_on="2026-11-01")],
                     signer=SIGNER)
            L.append_stream(db, office=PADI, desk_id=padi.require_desk().desk_id, entries=list(L.walk(padi.db)))

        # 芒别村: 22 certificates in early 2025, one voided, nothing since
        mangbie = _village(root, MANGBIE, "芒市风平镇芒别村民委员会", "芒别村")
        with mangbie:
            made = L.append(mangbie.db, [issue(applicant=f"线{i}", issued_on=f"2025-0{1 + i % 3}-0{1 + i % 9}")
                                         for i in range(22)], signer=SIGNER)
            L.append(mangbie.db, [dict(kind="void", refers_to=made[0]["id"], reason="重复", issued_on="2025-03-20")],
                     signer=SIGNER)
            L.append_stream(db, office=MANGBIE, desk_id=mangbie.require_desk().desk_id, entries=list(L.walk(mangbie.db)))

        for code, name in ((DEMO, "风平村民委员会"), (PADI, "帕底村民委员会"), (MANGBIE, "芒别村民委员会")):
            L.add_office(db, code=code, name=name, short_name=name[:3], level="village")
        refused_store.add(db, office={"region_code": PADI, "name": "帕底村民委员会"}, received_on="2026-09-02",
                          department="芒市某局", text="要求村委会负责辖区安全生产检查", verdict="negative", clauses=[],
                          check_result={})
        refused_store.add(db, office={"region_code": DEMO, "name": "风平村民委员会"}, received_on="2026-10-12",
                          department="芒市某中心", text="要求村里出具收入证明", verdict="cert_forbidden", clauses=[],
                          check_result={})
        db.execute("INSERT INTO sign_audits (audit_uid, region_code, office_name, created_at, rules_id, rules_version, "
                   "sign_count, ok, summary, inventory, result) VALUES ('a1', ?, '帕底村民委员会', '2026-10-20T10:00:00+08:00', "
                   "'yunnan-dehong', '1', 4, 1, '{}', '[]', '{}')", [PADI])
        db.execute("INSERT INTO sync_bundles (bundle_id, direction, kind, source_office, source_desk, key_id, addressee, "
                   "created_at, format, sha256, size, status, recorded_at) VALUES ('b1', 'in', 'ledger', ?, 'd', "
                   "'0123456789abcdef', ?, '2026-11-20T09:00:00+08:00', 1, 'x', 10, 'applied', '2026-11-20T09:00:00+08:00')",
                   [PADI, TOWNSHIP])
        db.execute("INSERT INTO sync_conflicts (kind, office, desk_id, record_key, kept_hash, other_hash, other, "
                   "bundle_sha256, reason, found_at) VALUES ('ledger-cut', ?, 'd', '23', 'a', 'b', ?, 'x', "
                   "'帕底村的台账只有 20 条，而它以前签署过 23 条', '2026-11-21T09:00:00+08:00')",
                   [PADI, json.dumps({})])
    return township_dir


@pytest.fixture(scope="session")
def township_template(tmp_path_factory, demo_template) -> Path:
    return _build(tmp_path_factory.mktemp("township-template"), demo_template)


@pytest.fixture
def township_dir(township_template, tmp_path) -> Path:
    target = tmp_path / "township"
    shutil.copytree(township_template, target)
    return target


@pytest.fixture
def township(township_dir):
    from villagedesk.services.session import Session

    with Session(township_dir) as session:
        yield session

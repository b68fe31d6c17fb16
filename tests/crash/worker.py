"""One long-running worker for the crash test (tests/crash/test_kill_anywhere.py): it does one
kind of work over and over on a desk until the test kills it with SIGKILL.

    python tests/crash/worker.py SCENARIO DATA_DIR OUT_DIR

It prints "started" once the desk is open and, before each step whose outcome the test must
judge, a line saying what it is about to do ("importing 2099.7"), so the test knows the old
and the new state a killed step may leave. Scenarios are the keys of STEPS; adding one is a
function here and an entry in the test's SCENARIOS."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))  # write_catalogue_csv lives in tests/conftest.py

from villagedesk.services import catalogue, certificates  # noqa: E402
from villagedesk.services.session import Session  # noqa: E402

TODAY = date(2026, 11, 23)
ITEM = "533103-BL-01"
MATERIALS = ["申请人居民身份证"]
IMPORT_JURISDICTION_VERSION_BASE = 2099


def values(i: int) -> dict:
    return {"subject_name": "王𬌗", "subject_id": "11010519491231002X", "purpose": "子女入学",
            "address": f"风平镇风平村{i}号", "residence_type": "租住", "since": "2019-03"}


def issue_one(session: Session, out: Path, i: int, **more) -> dict:
    # half into the desk's own 证明/<year>/ folder, half to a folder the clerk chose
    target = None if i % 2 == 0 else out / f"{os.getpid()}-{i}.pdf"
    return certificates.issue(session, item_code=ITEM, materials=MATERIALS, handler="张丽", today=TODAY,
                              out=target, values=values(i), **more)


def run_issue(session: Session, out: Path):
    for i in range(10**9):
        issue_one(session, out, i)
        yield


def run_void(session: Session, out: Path):
    """Issue, then void it (作废) or reissue it (void + issue in one transaction)."""
    for i in range(10**9):
        made = issue_one(session, out, 2 * i)
        if i % 2:
            certificates.void(session, made["number"], reason="填写有误", handler="张丽", today=TODAY)
        else:
            issue_one(session, out, 2 * i + 1, replaces_number=made["number"], void_reason="地址有误")
        yield


def expected_items(version: str) -> int:
    """How many items the generated catalogue of this version has: differs from version to
    version, so a mix of two imports shows in the count."""
    return 120 + 17 * (int(version.split(".")[1]) % 5)


def run_import(session: Session, out: Path):
    from conftest import write_catalogue_csv  # tests/conftest.py: the template's shape, generated rows

    from villagedesk.core.catalogue import template_rows

    code = dict(template_rows()[0])["辖区代码"]
    installed = {c["jurisdiction_code"]: c for c in catalogue.list_catalogues(session)}
    current = installed.get(code, {}).get("version")
    minor = int(current.split(".")[1]) if current and current.startswith(f"{IMPORT_JURISDICTION_VERSION_BASE}.") else 0
    while True:
        minor += 1
        version = f"{IMPORT_JURISDICTION_VERSION_BASE}.{minor}"
        path = write_catalogue_csv(out / f"catalogue-{minor}.csv", version=version, generated=expected_items(version))
        print(f"importing {version}", flush=True)
        catalogue.import_catalogue(session, path, allow_warnings=True)
        print(f"imported {version}", flush=True)
        path.unlink()
        yield


def run_backup(session: Session, out: Path):
    """A certificate, then `villagedesk backup` in this process (so the kill can land inside it)."""
    from villagedesk.cli import main

    for i in range(10**9):
        issue_one(session, out, i)
        main(["--data-dir", str(session.data_dir), "backup"])
        yield


STEPS = {"issue": run_issue, "void": run_void, "import": run_import, "backup": run_backup}


def main() -> None:
    scenario, data_dir, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    session = Session(data_dir)
    session.require_desk()
    steps = STEPS[scenario](session, out)
    print("started", flush=True)
    for _ in steps:
        pass


if __name__ == "__main__":
    main()

"""Importing a USB stick's worth of bundles in one go (issue #11: "imports the bundles of twenty
villages in any order, any number of times"): services/sync_batch.py and `villagedesk sync
import FILE FILE… | --folder DIR`. Real desks (tests/sync/conftest.py), real bundles: several
villages' continuing exports, shuffled, with a duplicate, a tampered file, a misaddressed one,
one signed by a key nobody trusts and one that only enrols its key."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from tests.sync.conftest import COUNTY, TOWNSHIP, issue, key_print
from villagedesk.core.errors import Cancelled, UserError
from villagedesk.services import desk, sync, sync_batch
from villagedesk.services.session import Session
from villagedesk.store import ledger_store, sync_store

DEMO = "533103105201"  # the demo desk (风平村)
OTHERS = {"533103105203": ("芒市风平镇帕底村民委员会", "帕底村"), "533103105204": ("芒市风平镇芒别村民委员会", "芒别村"),
          "533103105205": ("芒市风平镇那目村民委员会", "那目村")}


@pytest.fixture
def villages(tmp_path, village):
    """The demo village and three more, each a desk of its own under 风平镇."""
    out = {DEMO: village}
    opened = []
    for code, (name, short) in OTHERS.items():
        s = Session(tmp_path / f"v{code}")
        desk.init_desk(s, region_code=code, name=name, level="village", short_name=short, jurisdiction="yunnan-dehong",
                       demo=True)  # the demo catalogues: the certificates of tests/sync/conftest.issue
        out[code] = s
        opened.append(s)
    yield out
    for s in opened:
        s.close()


def _export_from(session, folder: Path, *, start: int | None = None, **kw) -> str:
    """An export that starts at `start` (as if the township had acknowledged start - 1)."""
    if start is not None and start > 1:
        d = session.require_desk()
        sync_store.acknowledge(session.db, peer_office=TOWNSHIP, kind="ledger", office=d.region_code, desk_id=d.desk_id,
                               position=start - 1, entry_hash=ledger_store.hash_at(session.db, 0, start - 1) or "")
    return sync.export_bundle(session, folder, **kw)["file"]


def _entries(township, office: str) -> int:
    return sum(c["entries"] for c in ledger_store.streams(township.db) if c["office"] == office)


def _stick(villages, township, tmp_path) -> dict:
    """A township that trusts three villages (their first bundles imported by phone check), and
    a stick with ~20 bundles: four continuing exports of each, a duplicate, a full re-export, a
    tampered copy, a misaddressed one, the fourth village's first bundle (enrolment: waits for its
    key) and its ledger-only bundle (unknown key: needs the phone check)."""
    work = tmp_path / "written"
    work.mkdir()
    trusted = [DEMO, "533103105203", "533103105204"]
    for code in trusted:
        issue(villages[code], tmp_path, 1)
        first = _export_from(villages[code], work)
        sync.import_bundle(township, first, trust_fingerprint=key_print(first))
    files: dict[str, list[str]] = {}
    for code in trusted:
        files[code] = []
        for _ in range(4):
            start = ledger_store.streams(villages[code].db)[0]["entries"] + 1
            issue(villages[code], tmp_path, 2)
            files[code].append(_export_from(villages[code], work, start=start, kinds=["ledger"]))
    full = _export_from(villages["533103105203"], work, full=True, kinds=["ledger"])
    odd = tmp_path / "odd"
    odd.mkdir()
    stick = tmp_path / "usb"
    stick.mkdir()
    for n, f in enumerate([x for code in trusted for x in files[code]] + [full]):
        shutil.copy(f, stick / f"b{n:02d}-{Path(f).name}")
    shutil.copy(files[DEMO][0], stick / "copy-of-first.vdbundle")  # the same file twice
    tampered = bytearray(Path(files["533103105204"][1]).read_bytes())
    tampered[len(tampered) // 2] ^= 0x55
    (stick / "tampered.vdbundle").write_bytes(bytes(tampered))
    misaddressed = _export_from(villages["533103105204"], odd, to_office=COUNTY, kinds=["ledger"])
    shutil.copy(misaddressed, stick / "for-the-county.vdbundle")
    new_village = villages["533103105205"]
    issue(new_village, tmp_path, 2)
    shutil.copy(_export_from(new_village, odd), stick / "navillage-first.vdbundle")
    shutil.copy(_export_from(new_village, odd, kinds=["ledger"]), stick / "navillage-ledger.vdbundle")
    (stick / ".vd-4242-abcd.vdbundle").write_bytes(b"half written")  # an export's temp file
    (stick / "notes.txt").write_text("not a bundle")
    (stick / "sub").mkdir()
    shutil.copy(files[DEMO][0], stick / "sub" / "nested.vdbundle")
    # shuffle the names so the folder order is no help: a continuation comes before its predecessor
    names = sorted(p for p in stick.iterdir() if p.name.startswith("b"))
    random.Random(11).shuffle(names)
    for n, p in enumerate(names):
        p.rename(stick / f"z{len(names) - n:02d}.vdbundle")
    return {"stick": stick, "files": files, "trusted": trusted}


def test_a_stick_of_twenty_bundles_previews_imports_and_adds_nothing_the_second_time(villages, township, tmp_path):
    s = _stick(villages, township, tmp_path)
    stick = s["stick"]
    listed = sync_batch.list_bundles(stick)
    names = [p.name for p in listed]
    assert ".vd-4242-abcd.vdbundle" not in names and "notes.txt" not in names and "nested.vdbundle" not in names
    assert len(listed) == 18
    before = {c: _entries(township, c) for c in s["trusted"]}

    plan = sync_batch.preview_folder(township, stick)
    by_name = {r["file"]: r for r in plan["files"]}
    assert by_name["tampered.vdbundle"]["status"] == "refused" and by_name["tampered.vdbundle"]["reason"]
    assert not by_name["tampered.vdbundle"]["reason"].startswith("不能导入")  # the status says it once
    assert by_name["for-the-county.vdbundle"]["status"] == "refused"
    assert "不是本机" in by_name["for-the-county.vdbundle"]["reason"]
    assert by_name["navillage-first.vdbundle"]["status"] == "held"
    assert by_name["navillage-ledger.vdbundle"]["status"] == "check"
    assert by_name["navillage-ledger.vdbundle"]["fingerprint"] == key_print(stick / "navillage-ledger.vdbundle")
    copy = by_name["copy-of-first.vdbundle"]
    twins = [r for r in plan["files"] if r["sha256"] == copy["sha256"]]
    assert len(twins) == 2 and copy["source"]["office"] == DEMO
    assert [r["status"] for r in twins] == ["apply", "nothing-new"] and "同一个包" in twins[1]["reason"]
    # every continuation's gap is filled by a file before it in the batch: none is planned as held
    continuing = [r for r in plan["files"] if r["file"].startswith("z") and r is not twins[1]]
    assert len(continuing) == 12 and all(r["status"] == "apply" for r in continuing), [
        (r["file"], r["status"], r["reason"]) for r in continuing]
    assert plan["totals"]["new_entries"] == 24  # 3 villages × 4 exports × 2, the full re-export counted once
    # import order: each village's exports by the position they start at
    starts = [(r["source"]["office"], min(c["from"] for c in r["_parts"])) for r in plan["files"] if r["_parts"]
              and r["status"] == "apply"]
    for code in s["trusted"]:
        mine = [n for o, n in starts if o == code]
        assert mine == sorted(mine)
    assert plan["files"][-1]["status"] in ("refused", "check")
    json.dumps(sync_batch.public(plan), ensure_ascii=False)  # the CLI's --json

    told = []
    summary = sync_batch.import_batch(township, listed, progress=lambda d, t, text: told.append((d, t, text)))
    assert not summary["cancelled"]
    done = {r["file"]: r for r in summary["files"]}
    assert done["tampered.vdbundle"]["status"] == "refused" and done["for-the-county.vdbundle"]["status"] == "refused"
    assert done["navillage-ledger.vdbundle"]["status"] == "check"
    assert done["navillage-first.vdbundle"]["status"] == "held"
    for code in s["trusted"]:
        assert _entries(township, code) == before[code] + 8
    assert summary["totals"]["added"] == 24 and summary["totals"]["refused"] == 2 and summary["totals"]["check"] == 1
    assert summary["totals"]["held"] == 1 and summary["totals"]["files"] == 18
    assert summary["new_offices"] == []  # the three were known; 那目村's chain waits for its key
    assert told[-1][0] == told[-1][1] == 18 and any("z" in t for _, _, t in told)
    assert not sync_batch.exit_ok(summary)
    # every file is in the sync log, the refused ones with their reason
    log = sync.status(township)["imports"]
    assert any(b["file_name"] == "tampered.vdbundle" and b["status"] == "refused" and b["reason"] for b in log)

    again = sync_batch.import_batch(township, sync_batch.list_bundles(stick))
    assert again["totals"]["added"] == 0
    for code in s["trusted"]:
        assert _entries(township, code) == before[code] + 8
    assert {r["status"] for r in again["files"] if r["file"].startswith("z")} == {"nothing-new"}
    replan = sync_batch.preview_folder(township, stick)
    assert all(r["status"] == "nothing-new" for r in replan["files"] if r["file"].startswith("z"))


def test_a_continuation_held_before_is_applied_by_the_batch_that_fills_its_gap(villages, township, tmp_path, stick):
    v = villages[DEMO]
    issue(v, tmp_path, 1)
    first = _export_from(v, stick)
    sync.import_bundle(township, first, trust_fingerprint=key_print(first))
    issue(v, tmp_path, 2)
    second = _export_from(v, stick, start=2, kinds=["ledger"])  # 2–3
    issue(v, tmp_path, 2)
    third = _export_from(v, stick, start=4, kinds=["ledger"])  # 4–5
    issue(v, tmp_path, 1)
    fourth = _export_from(v, stick, start=6, kinds=["ledger"])  # 6
    assert sync.import_bundle(township, fourth)["status"] == "held"  # alone, it waits for 2–5
    plan = sync_batch.preview_batch(township, [third, second])
    assert [r["file"] for r in plan["files"]] == [Path(second).name, Path(third).name]  # 2–3 goes first
    summary = sync_batch.import_batch(township, [third, second])
    assert [r["status"] for r in summary["files"]] == ["applied", "applied"]
    assert summary["released"] and summary["released"][0]["file"] == Path(fourth).name
    assert summary["totals"]["added"] == 5 and _entries(township, DEMO) == 6
    assert not sync.status(township)["held"]


def test_cancel_between_files_leaves_each_file_whole_or_untouched(villages, township, tmp_path, stick):
    v = villages[DEMO]
    issue(v, tmp_path, 1)
    first = _export_from(v, stick)
    sync.import_bundle(township, first, trust_fingerprint=key_print(first))
    parts = []
    for start in (2, 4, 6, 8):
        issue(v, tmp_path, 2)
        parts.append(_export_from(v, stick, start=start, kinds=["ledger"]))
    calls = []

    def progress(done, total, text):
        calls.append(done)
        if done >= 2 and float(done).is_integer():  # the clerk pressed 取消 while the second file went in
            raise Cancelled()

    def at_once(done, total, text):
        raise Cancelled()
    with pytest.raises(Cancelled):  # while the files are still being checked: nothing was imported
        sync_batch.import_batch(township, parts, progress=at_once)
    assert _entries(township, DEMO) == 1
    summary = sync_batch.import_batch(township, parts, progress=progress)
    assert summary["cancelled"]
    assert [r["status"] for r in summary["files"]] == ["applied", "applied", "cancelled", "cancelled"]
    assert _entries(township, DEMO) == 5  # 1 + two whole files, nothing of the others
    log = {b["file_name"] for b in sync.status(township)["imports"]}
    assert Path(parts[2]).name not in log and Path(parts[3]).name not in log
    rest = sync_batch.import_batch(township, parts)
    assert [r["status"] for r in rest["files"]] == ["nothing-new", "nothing-new", "applied", "applied"]
    assert _entries(township, DEMO) == 9


def test_a_cancel_inside_a_file_finishes_that_file_first(villages, township, tmp_path, stick):
    v = villages[DEMO]
    issue(v, tmp_path, 1)
    first = _export_from(v, stick)
    sync.import_bundle(township, first, trust_fingerprint=key_print(first))
    issue(v, tmp_path, 2)
    a = _export_from(v, stick, start=2, kinds=["ledger"])
    issue(v, tmp_path, 2)
    b = _export_from(v, stick, start=4, kinds=["ledger"])
    state = {"cancelled": False}

    def progress(done, total, text):
        if 0 < done < 1:
            state["cancelled"] = True
        if state["cancelled"]:
            raise Cancelled()

    summary = sync_batch.import_batch(township, [a, b], progress=progress)
    assert [r["status"] for r in summary["files"]] == ["applied", "cancelled"] and _entries(township, DEMO) == 3


def test_bad_input_is_a_chinese_error(township, tmp_path):
    with pytest.raises(UserError, match="找不到这个文件夹"):
        sync_batch.list_bundles(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "a.txt").write_text("x")
    with pytest.raises(UserError, match="没有同步包"):
        sync_batch.preview_folder(township, empty)
    with pytest.raises(UserError, match="没有选择"):
        sync_batch.preview_batch(township, [])
    (empty / "UPPER.VDBUNDLE").write_bytes(b"")
    plan = sync_batch.preview_folder(township, empty)
    assert [r["file"] for r in plan["files"]] == ["UPPER.VDBUNDLE"] and plan["files"][0]["status"] == "refused"
    missing = sync_batch.import_batch(township, [tmp_path / "gone.vdbundle"])
    assert missing["files"][0]["status"] == "refused" and "找不到" in missing["files"][0]["reason"]


# ---- the command line ------------------------------------------------------------------


def _cli(capsys, *argv) -> tuple[int, str]:
    from villagedesk.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().out


def test_the_command_line_imports_a_folder_and_several_files(villages, township, tmp_path, stick, capsys):
    v = villages[DEMO]
    issue(v, tmp_path, 1)
    first = _export_from(v, stick)
    sync.import_bundle(township, first, trust_fingerprint=key_print(first))
    folder = tmp_path / "usb"
    folder.mkdir()
    issue(v, tmp_path, 2)
    a = _export_from(v, folder, start=2, kinds=["ledger"])
    issue(v, tmp_path, 2)
    b = _export_from(v, folder, start=4, kinds=["ledger"])
    data = str(township.data_dir)

    code, out = _cli(capsys, "--data-dir", data, "sync", "import", "--folder", str(folder), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["imported"] is False and len(doc["preview"]["files"]) == 2
    assert all(not k.startswith("_") for r in doc["preview"]["files"] for k in r)
    assert _entries(township, DEMO) == 1
    code, out = _cli(capsys, "--data-dir", data, "sync", "import", "--folder", str(folder))  # no tty: asks for --yes
    assert code == 0 and "--yes" in out and "状态/原因" in out and _entries(township, DEMO) == 1
    (folder / "bad.vdbundle").write_bytes(b"PK\x03\x04 nothing")
    code, out = _cli(capsys, "--data-dir", data, "sync", "import", "--folder", str(folder), "--yes", "--json")
    doc = json.loads(out)
    assert code == 1 and doc["totals"]["added"] == 4 and doc["totals"]["refused"] == 1
    assert _entries(township, DEMO) == 5
    code, out = _cli(capsys, "--data-dir", data, "sync", "import", a, b, "--yes")
    assert code == 0 and "新增台账 0 条" in out and "共 2 个" in out
    # one file: exactly as before
    code, out = _cli(capsys, "--data-dir", data, "sync", "import", a, "--json")
    assert code == 0 and set(json.loads(out)) == {"preview", "imported"} and "file" in json.loads(out)["preview"]
    code, out = _cli(capsys, "--data-dir", data, "sync", "import", a, b, "--trust-fingerprint", "AAAA")
    assert code != 0
    code, out = _cli(capsys, "--data-dir", data, "sync", "import", a, "--folder", str(folder))
    assert code != 0

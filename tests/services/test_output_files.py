"""Issue #9 items 1 and 5: every writer refuses to replace a file it did not make (without
overwrite), checks the suffix, never writes into the data folder's own files; a certificate is
drawn in the private temp folder and published only after COMMIT; a bad --out burns no number;
a publish failure after COMMIT says truthfully that the entry is in the ledger."""

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pypdf
import pytest

from villagedesk import files
from villagedesk.core.errors import UserError
from villagedesk.render.pdf_meta import read_payload
from villagedesk.services import catalogue, certificates, ledger, outputs, signs
from villagedesk.services.catalogue_print import print_catalogue
from villagedesk.services.session import Session
from villagedesk.store import ledger_store
from villagedesk.store.db import DB_FILENAME

TODAY = date(2026, 11, 23)
RESIDENCE = "533103-BL-01"
VALUES = {"subject_name": "王芳", "subject_id": "11010519491231002X", "purpose": "子女入学",
          "address": "风平镇风平村3号", "residence_type": "租住", "since": "2019-03"}
HARDSHIP = "533103-BL-02"
HARDSHIP_VALUES = {"subject_name": "赵六", "subject_id": "11010519491231002X", "purpose": "申请助学金",
                   "address": "风平镇风平村三组12号", "household_size": "4", "annual_income": "12000",
                   "hardship_reason": "因病", "hardship_details": "家中老人长期患病"}
FOREIGN = b"SQLite format 3\x00 a database under another name\n"  # not of any type we write


def issue(session, **kw):
    return certificates.issue(session, item_code=RESIDENCE, values=dict(VALUES), materials=["申请人居民身份证"],
                              handler="张丽", today=TODAY, **kw)


def outside_private(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and files.PRIVATE_TEMP not in p.relative_to(folder).parts]


# ---- the neutral module -----------------------------------------------------------------

def test_constants_match_the_store_and_the_printout_folders():
    assert files.DATA_MARKER == DB_FILENAME
    assert set(files.PRINTOUT_FOLDERS) == set(outputs.FOLDERS.values())


def test_check_output_refuses_folders_suffixes_missing_folders_and_existing_files(tmp_path):
    with pytest.raises(UserError, match="文件夹，请写上文件名"):
        files.check_output(tmp_path, suffix=".pdf")
    with pytest.raises(UserError, match=r"应以 \.pdf 结尾"):
        files.check_output(tmp_path / "a.txt", suffix=".pdf")
    with pytest.raises(UserError, match=r"\.xlsx 或 \.csv"):
        files.check_output(tmp_path / "a.pdf", suffix=(".xlsx", ".csv"))
    with pytest.raises(UserError, match="目标文件夹不存在"):
        files.check_output(tmp_path / "none" / "a.pdf", suffix=".pdf")
    existing = tmp_path / "a.pdf"
    existing.write_bytes(b"%PDF-1.4 ours")
    with pytest.raises(UserError, match="已存在.*--overwrite"):
        files.check_output(existing, suffix=".pdf")
    assert files.check_output(existing, suffix=".pdf", overwrite=True) == existing
    foreign = tmp_path / "letter.pdf"
    foreign.write_bytes(FOREIGN)
    with pytest.raises(UserError, match="不是PDF文件，不会覆盖"):
        files.check_output(foreign, suffix=".pdf", overwrite=True)
    assert files.check_output(tmp_path / "new.PDF", suffix=".pdf") == tmp_path / "new.PDF"


@pytest.mark.parametrize("suffix,ours,theirs", [
    (".xlsx", b"PK\x03\x04rest", b"SQLite format 3\x00"),
    (".json", b'\xef\xbb\xbf {"key_id": 1}', b"SQLite format 3\x00"),
    (".csv", "编码,名称\r\n".encode("utf-8-sig"), b"SQLite format 3\x00\x00\x01"),
    (".pdf", b"", b"\x89PNG\r\n"),
])
def test_overwrite_replaces_only_a_file_of_the_same_type(tmp_path, suffix, ours, theirs):
    (tmp_path / f"ours{suffix}").write_bytes(ours)
    (tmp_path / f"theirs{suffix}").write_bytes(theirs)
    files.check_output(tmp_path / f"ours{suffix}", suffix=suffix, overwrite=True)
    with pytest.raises(UserError, match="不会覆盖"):
        files.check_output(tmp_path / f"theirs{suffix}", suffix=suffix, overwrite=True)


@pytest.mark.parametrize("inside", [DB_FILENAME + ".pdf", "desk.sqlite3-wal.json", "backups/b.json", "keys/own.json",
                                    "表单/居住证明.pdf", ".tmp/x.pdf", "x.pdf", "证明.pdf"])
def test_nothing_is_written_into_the_data_folder_s_own_files(demo_dir, inside):
    target = demo_dir / inside
    target.parent.mkdir(parents=True, exist_ok=True)
    for data_dir in (demo_dir, None):  # named, or found by its desk.sqlite3
        with pytest.raises(UserError, match="不能写在数据文件夹"):
            files.check_output(target, suffix=target.suffix, data_dir=data_dir, overwrite=True)
    if target.parent.name != files.PRIVATE_TEMP:  # the private folder is written by the desk itself
        with pytest.raises(UserError, match="不能写在数据文件夹"):
            files.atomic_write(target, lambda fh: fh.write(b"{}"))
    assert not target.exists()


def test_the_printout_folders_of_the_data_folder_may_be_written(demo_dir):
    for folder in files.PRINTOUT_FOLDERS:
        (demo_dir / folder).mkdir(exist_ok=True)
        assert files.check_output(demo_dir / folder / "a.pdf", suffix=".pdf", data_dir=demo_dir)


def test_a_link_to_the_database_is_not_a_way_in(demo_dir, tmp_path):
    link = tmp_path / "innocent.pdf"
    link.symlink_to(demo_dir / DB_FILENAME)
    before = (demo_dir / DB_FILENAME).read_bytes()
    with pytest.raises(UserError, match="不能写在数据文件夹|不会覆盖"):
        files.check_output(link, suffix=".pdf", overwrite=True)
    with pytest.raises(UserError):
        files.atomic_write(link, lambda fh: fh.write(b"%PDF-1.4"))
    assert (demo_dir / DB_FILENAME).read_bytes() == before


def test_atomic_write_never_replaces_a_file_of_another_type(tmp_path):
    target = tmp_path / "sheet.xlsx"
    target.write_bytes(FOREIGN)
    with pytest.raises(UserError, match="不会覆盖"):
        files.atomic_write(target, lambda fh: fh.write(b"PK\x03\x04"))
    assert target.read_bytes() == FOREIGN and os.listdir(tmp_path) == ["sheet.xlsx"]


def test_publish_across_filesystems_copies_then_renames(tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second filesystem here")
    temp = tmp_path / "123-abc.pdf"
    temp.write_bytes(b"%PDF-1.4 signed")
    dest = shm / f"vd-test-{os.getpid()}.pdf"
    try:
        files.publish(temp, dest)
        assert dest.read_bytes() == b"%PDF-1.4 signed" and not temp.exists()
        assert not [p for p in shm.iterdir() if p.name.endswith(f"{dest.name}.part")]
    finally:
        dest.unlink(missing_ok=True)


def test_a_half_copied_file_a_killed_process_left_on_the_other_drive_goes_at_the_next_publish(tmp_path):
    """The stick is pulled, or the program killed, in the middle of a copy to another drive:
    the hidden .part file it left there is removed when the next certificate is published to
    that folder; a live process's is kept."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second filesystem here")
    folder = shm / f"vd-test-parts-{os.getpid()}"
    folder.mkdir()
    dead = 2 ** 22 + 29
    while files.pid_alive(dead):
        dead += 1
    stale = folder / f".vd-{dead}-0123abcd-风平村证〔2026〕3号.pdf.part"
    live = folder / f".vd-{os.getpid()}-89abcdef-风平村证〔2026〕4号.pdf.part"
    other = folder / ".vd-notes.part"  # not ours: never touched
    for p in (stale, live, other):
        p.write_bytes(b"%PDF-1.4 half")
    temp = tmp_path / "123-abc.pdf"
    temp.write_bytes(b"%PDF-1.4 signed")
    try:
        files.publish(temp, folder / "风平村证〔2026〕5号.pdf")
        assert sorted(p.name for p in folder.iterdir()) == sorted([live.name, other.name, "风平村证〔2026〕5号.pdf"])
    finally:
        shutil.rmtree(folder)


def test_leftovers_of_dead_processes_are_removed_and_a_live_one_s_kept(demo_dir):
    private = files.private_temp_dir(demo_dir)
    assert oct(private.stat().st_mode & 0o777) == "0o700"
    dead = 2 ** 22 + 17  # above Linux's default pid_max: no such process
    while files.pid_alive(dead):
        dead += 1
    mine = files.private_temp(demo_dir, "风平村证〔2026〕1号.pdf")
    mine.write_bytes(b"%PDF-1.4 drawing now")
    theirs = private / f"{dead}-0123456789ab.pdf"
    theirs.write_bytes(b"%PDF-1.4 signed, never committed")
    half = private / f".vd-{dead}-xyz.pdf"
    half.write_bytes(b"%PDF")
    old_style = demo_dir / "证明" / "2026" / f".风平村证〔2026〕7号.pdf.{dead}.part"
    old_style.parent.mkdir(parents=True, exist_ok=True)
    old_style.write_bytes(b"%PDF-1.4 left by an earlier version")
    with Session(demo_dir) as session:
        session.db  # opening the desk clears them
    assert mine.exists() and not theirs.exists() and not half.exists() and not old_style.exists()


# ---- every writer: an existing file only with overwrite --------------------------------

def _writers(session, tmp_path):
    spec = signs.standard_specs(session)[0]
    inventory = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "signs" / "demo-inventory.json")
                           .read_text(encoding="utf-8"))
    return {
        "issue": (".pdf", lambda out, ow: issue(session, out=out, overwrite=ow)),
        "accept": (".pdf", lambda out, ow: certificates.accept(
            session, item_code=HARDSHIP, values=dict(HARDSHIP_VALUES), handler="张丽", today=TODAY,
            materials=list(certificates.prepare(session, HARDSHIP)["materials"])[:2], out=out, overwrite=ow)),
        "refuse": (".pdf", lambda out, ow: certificates.refuse(session, item_code="CN-BY-08", applicant="李四",
                                                                handler="张丽", today=TODAY, out=out, overwrite=ow)),
        "ledger export": (".xlsx", lambda out, ow: ledger.export_xlsx(session, out, overwrite=ow)),
        "ledger print": (".pdf", lambda out, ow: ledger.print_pdf(session, out, overwrite=ow)),
        "catalogue template": (".csv", lambda out, ow: catalogue.export_template(out, overwrite=ow)),
        "catalogue print": (".pdf", lambda out, ow: print_catalogue(session, out, overwrite=ow)),
        "sign spec": (".pdf", lambda out, ow: signs.spec_pdf(session, spec, out, overwrite=ow)),
        "sign audit": (".pdf", lambda out, ow: signs.audit_pdf(session, inventory, out, save=False, overwrite=ow)),
    }


WRITERS = ["issue", "accept", "refuse", "ledger export", "ledger print", "catalogue template", "catalogue print",
           "sign spec", "sign audit"]


@pytest.mark.parametrize("name", WRITERS)
def test_every_writer_refuses_an_existing_file_without_overwrite(demo_session, demo_dir, tmp_path, snapshot, name):
    issue(demo_session)  # something in the ledger to export
    suffix, write = _writers(demo_session, tmp_path)[name]
    target = tmp_path / f"existing{suffix}"
    target.write_bytes(FOREIGN)
    before = snapshot(demo_dir / DB_FILENAME)
    with pytest.raises(UserError, match="已存在.*--overwrite"):
        write(target, False)
    with pytest.raises(UserError, match="不会覆盖"):  # not even with overwrite: it is not a file of ours
        write(target, True)
    assert target.read_bytes() == FOREIGN
    assert snapshot(demo_dir / DB_FILENAME) == before  # no number taken, nothing stored
    with pytest.raises(UserError, match="结尾"):
        write(tmp_path / "report.txt", False)
    with pytest.raises(UserError, match="不能写在数据文件夹"):
        write(demo_dir / f"{DB_FILENAME}{suffix}", True)
    assert snapshot(demo_dir / DB_FILENAME) == before
    fresh = tmp_path / f"fresh{suffix}"
    write(fresh, False)
    assert files.looks_like(fresh, suffix) and fresh.stat().st_size > 0
    write(fresh, True)  # its own file, replaced when asked


def test_reprint_refuses_an_existing_file_and_replaces_its_own_default(demo_session, tmp_path):
    r = issue(demo_session)
    target = tmp_path / "again.pdf"
    target.write_bytes(FOREIGN)
    with pytest.raises(UserError, match="已存在"):
        certificates.reprint(demo_session, r["number"], out=target)
    with pytest.raises(UserError, match="不会覆盖"):
        certificates.reprint(demo_session, r["number"], out=target, overwrite=True)
    assert target.read_bytes() == FOREIGN
    again = certificates.reprint(demo_session, r["number"], out=None)  # 证明/2026/<number>.pdf: drawn by the desk
    assert again["pdf"] == r["pdf"] and read_payload(Path(again["pdf"])) == r["payload"]


def test_sign_spec_checks_the_tiles_file_before_writing_the_sheet(demo_session, tmp_path):
    spec = signs.standard_specs(demo_session)[0]
    (tmp_path / "s-tiles.pdf").write_bytes(FOREIGN)
    with pytest.raises(UserError, match="s-tiles.pdf.*已存在"):
        signs.spec_pdf(demo_session, spec, tmp_path / "s.pdf", tiles=True)
    assert not (tmp_path / "s.pdf").exists()


# ---- certificates: the temp folder, publishing after COMMIT, a bad path burns no number ----

def test_an_issue_leaves_nothing_but_the_published_pdf(demo_session, demo_dir, tmp_path):
    r = issue(demo_session, out=tmp_path / "c.pdf")
    assert os.listdir(tmp_path) == ["desk", "c.pdf"] or sorted(os.listdir(tmp_path)) == ["c.pdf", "desk"]
    assert read_payload(tmp_path / "c.pdf") == r["payload"]
    assert list((demo_dir / files.PRIVATE_TEMP).iterdir()) == []
    r2 = issue(demo_session)
    assert Path(r2["pdf"]).parent == demo_dir / "证明" / "2026"
    assert list((demo_dir / files.PRIVATE_TEMP).iterdir()) == []


@pytest.mark.parametrize("case", ["directory", "missing folder", "file as folder", "suffix", "data folder"])
def test_a_bad_out_is_refused_before_the_transaction(demo_session, demo_dir, tmp_path, snapshot, case):
    out = {"directory": tmp_path, "missing folder": tmp_path / "E盘" / "c.pdf",
           "file as folder": tmp_path / "plain.txt" / "c.pdf", "suffix": tmp_path / "c.docx",
           "data folder": demo_dir / "backups" / "c.pdf"}[case]
    (tmp_path / "plain.txt").write_text("x")
    before = snapshot(demo_dir / DB_FILENAME)
    with pytest.raises(UserError) as caught:
        issue(demo_session, out=out)
    assert "数据未被修改" not in caught.value.message and any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    with pytest.raises(UserError):
        certificates.accept(demo_session, item_code=HARDSHIP, values=dict(HARDSHIP_VALUES), handler="张丽", today=TODAY,
                            materials=list(certificates.prepare(demo_session, HARDSHIP)["materials"])[:2], out=out)
    with pytest.raises(UserError):
        certificates.refuse(demo_session, item_code="CN-BY-08", applicant="李四", handler="张丽", today=TODAY, out=out)
    assert snapshot(demo_dir / DB_FILENAME) == before
    assert issue(demo_session)["number"] == "风平村证〔2026〕1号"  # no number was used


def _break_the_destination_after_drawing(monkeypatch):
    """A real filesystem fault between the COMMIT and the publish: the destination becomes a
    folder once the PDF is drawn (as a USB stick pulled out or a full disk would fail it)."""
    real_draw, real_receipt = certificates._draw, certificates._draw_receipt
    state = {}

    def draw(entry, desk, temp, kind, session=None):
        real_draw(entry, desk, temp, kind, session)
        state["dest"].mkdir()

    def receipt(session, entry, desk, temp):
        real_receipt(session, entry, desk, temp)
        state["dest"].mkdir()

    monkeypatch.setattr(certificates, "_draw", draw)
    monkeypatch.setattr(certificates, "_draw_receipt", receipt)
    return state


@pytest.mark.parametrize("kind", ["issue", "accept", "refuse"])
def test_a_publish_failure_after_commit_says_the_entry_is_recorded(demo_session, demo_dir, tmp_path, monkeypatch, kind):
    state = _break_the_destination_after_drawing(monkeypatch)
    state["dest"] = tmp_path / "c.pdf"
    with pytest.raises(certificates.PublishFailed) as caught:
        if kind == "issue":
            issue(demo_session, out=state["dest"])
        elif kind == "accept":
            certificates.accept(demo_session, item_code=HARDSHIP, values=dict(HARDSHIP_VALUES), handler="张丽",
                                today=TODAY, out=state["dest"],
                                materials=list(certificates.prepare(demo_session, HARDSHIP)["materials"])[:2])
        else:
            certificates.refuse(demo_session, item_code="CN-BY-08", applicant="李四", handler="张丽", today=TODAY,
                                out=state["dest"])
    number = caught.value.number
    assert ledger_store.get_by_number(demo_session.db, number) is not None
    text = caught.value.message
    assert text.startswith(f"已登记台账（编号 {number}），但 PDF 未能写到 {state['dest']}：")
    assert f"cert reprint {number}" in text and "数据未被修改" not in text
    assert caught.value.to_dict()["recorded"] is True and caught.value.exit_code == 1
    assert list((demo_dir / files.PRIVATE_TEMP).iterdir()) == []  # the signed temp file does not stay behind
    monkeypatch.undo()
    again = certificates.reprint(demo_session, number, out=tmp_path / "again.pdf")
    assert number in "".join(pypdf.PdfReader(again["pdf"]).pages[0].extract_text().split())


def test_a_crash_inside_the_transaction_leaves_the_pdf_only_in_the_private_folder(demo_dir, tmp_path):
    """kill -9 right after the certificate is drawn, before COMMIT (a real child process)."""
    import signal
    import subprocess
    import sys

    child = r"""
import os, signal, sys
from datetime import date
from pathlib import Path
from villagedesk.services import certificates
from villagedesk.services.session import Session

real = certificates._draw
def draw(*a, **kw):
    real(*a, **kw)
    os.kill(os.getpid(), signal.SIGKILL)  # the PDF is drawn and signed; the ledger has not committed
certificates._draw = draw
certificates.issue(Session(Path(sys.argv[1])), item_code="533103-BL-01", materials=["申请人居民身份证"],
                   handler="张丽", today=date(2026, 11, 23), out=Path(sys.argv[2]) if sys.argv[2] else None,
                   values={"subject_name": "王芳", "subject_id": "11010519491231002X", "purpose": "子女入学",
                           "address": "风平镇风平村3号", "residence_type": "租住", "since": "2019-03"})
"""
    root = Path(__file__).resolve().parents[2]
    outside = tmp_path / "out"
    outside.mkdir()
    for out in (outside / "c.pdf", None):
        args = [sys.executable, "-c", child, str(demo_dir), str(out) if out else ""]
        proc = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=120)
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        # the second start removed what the first one left: one signed file, and it is private
        left = list((demo_dir / files.PRIVATE_TEMP).iterdir())
        assert len(left) == 1 and read_payload(left[0])
        assert outside_private(outside) == []
        assert [p for p in outside_private(demo_dir) if p.suffix in (".pdf", ".part")] == []
    with Session(demo_dir) as session:
        assert ledger_store.get_by_number(session.db, "风平村证〔2026〕1号") is None
        assert list((demo_dir / files.PRIVATE_TEMP).iterdir()) == []  # removed at the next start
        assert issue(session)["number"] == "风平村证〔2026〕1号"

"""core/crash_report.py: the report a clerk sends has the facts and no villager's ID number or name."""

from __future__ import annotations

import re
from datetime import datetime

from villagedesk.core import crash_report
from villagedesk.core.crash_report import build_report, default_file_name, mask_personal
from villagedesk import error_log
from villagedesk.error_log import read_log_tail

ID18 = "11010519491231002X"
ID15 = "110105491231002"
UNMASKED_ID = re.compile(r"(?<!\d)\d{15,}")


def _raise(payload):
    def inner(record):
        raise ValueError(f"could not draw {record!r}")

    inner(payload)


def _exception():
    try:
        _raise({"applicant": "王芳", "id_number": ID18, "note": f"申请人：李四光 旧证 {ID15}"})
    except ValueError as exc:
        return exc


def test_id_numbers_of_both_lengths_are_masked_like_the_qr_code():
    text = mask_personal(f"a {ID18} b {ID18.lower()} c {ID15} d ｛１１０１０５１９４９１２３１００２Ｘ｝")
    assert ID18 not in text and ID15 not in text and ID18.lower() not in text
    assert "110105********002X" in text and "110105******002" in text
    assert not UNMASKED_ID.search(text)


def test_short_numbers_and_timestamps_are_left_alone():
    line = "2026-12-05 09:10:11,123 ERROR villagedesk.ui: entry 1234567 at 0x7f00aa"
    assert mask_personal(line) == line


def test_labelled_names_keep_only_their_first_character():
    text = mask_personal("姓名：王芳 申请人 李四光 被证明人=欧阳娜娜 {'applicant': '赵六'} handler='张丽'")
    for name in ("王芳", "李四光", "欧阳娜娜", "赵六", "张丽"):
        assert name not in text
    assert "姓名：王*" in text and "'applicant': '赵*'" in text


def test_known_names_are_masked_anywhere():
    assert mask_personal("打印 王芳 的证明，王芳已签字", names=["王芳", " ", "王"]) == "打印 王* 的证明，王*已签字"


def test_report_has_the_facts_and_nothing_unmasked(tmp_path):
    log = tmp_path / "villagedesk-error.log"
    log.write_text("".join(f"2026-12-05 09:00:{i:02d} ERROR old line {i}\n" for i in range(100))
                   + f"2026-12-05 09:01:00 ERROR issue failed for 申请人：王芳 {ID18}\n", encoding="utf-8")
    exc = _exception()
    when = datetime(2026, 12, 5, 9, 10, 11)
    report = build_report(exc, version="0.1.0", platform="Windows-10-10.0.19045-SP0", python="3.11.7",
                          qt="6.11.3", log_lines=read_log_tail(log), when=when, names=["张丽"], where="IssuePage")
    assert report.startswith("村务桌面错误报告")
    for fact in ("程序版本：0.1.0", "Windows-10", "Python：3.11.7", "Qt：6.11.3", "出错位置：IssuePage",
                 "发生了什么：ValueError: could not draw", "Traceback (most recent call last)", "in inner",
                 "2026-12-05 09:01:00", "时间：2026-12-05 09:10:11"):
        assert fact in report, fact
    assert not UNMASKED_ID.search(report)
    for name in ("王芳", "李四光"):
        assert name not in report
    assert "old line 99" in report and "old line 0\n" not in report  # only the end of the log


def test_log_tail_reads_the_rotated_file_too_and_survives_no_log(tmp_path):
    log = tmp_path / "x.log"
    assert read_log_tail(None) == [] and read_log_tail(log) == []
    (tmp_path / "x.log.1").write_text("older\n", encoding="utf-8")
    log.write_bytes(b"newer\n" + b"\xff broken utf-8\n")
    assert read_log_tail(log) == ["older", "newer", "\ufffd broken utf-8"]


def test_a_huge_log_is_read_only_from_its_end(tmp_path, monkeypatch):
    monkeypatch.setattr(error_log, "MAX_LOG_BYTES", 1000)
    log = tmp_path / "x.log"
    log.write_text("".join(f"line {i:05d}\n" for i in range(10000)), encoding="utf-8")
    tail = read_log_tail(log, lines=5)
    assert tail == [f"line {i:05d}" for i in range(9995, 10000)]


def test_report_without_an_exception_object_and_with_an_empty_message():
    report = build_report(None, traceback_text="Traceback ...\nKeyError", version="0.1.0", platform="Linux",
                          python="3.11", when=datetime(2026, 1, 2), log_lines=[])
    assert "发生了什么：KeyError" in report and "（最后 0 行）" in report
    assert crash_report.summary(RuntimeError()) == "RuntimeError"


def test_default_file_name():
    assert default_file_name(datetime(2026, 12, 5, 9, 10, 11)) == "村务桌面错误报告-20261205-091011.txt"


def test_an_exception_whose_str_fails_and_a_log_given_as_a_generator():
    class Nasty(Exception):
        def __str__(self):
            raise RuntimeError("no")

    report = build_report(Nasty(), version="0.1.0", platform="Linux", python="3.11", when=datetime(2026, 1, 2),
                          log_lines=(f"line {i} {ID18}" for i in range(3)))
    assert "发生了什么：Nasty" in report and "（最后 3 行）" in report and "line 2 110105********002X" in report

"""The 经办人 (issue 8 part 3): a desk setting, required on every printout, never the computer's
login name. One place decides it (settings.handler_for): the name given for the printout, else
the setting, else a Chinese refusal — and then nothing is issued and no number is burnt."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import certificates, settings
from villagedesk.store import ledger_store

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 23)
RESIDENCE = "533103-BL-01"
HARDSHIP = "533103-BL-02"
VALUES = {"subject_name": "王𬌗", "subject_id": "11010519491231002X", "purpose": "子女入学", "addressee": "芒市教育体育局",
          "address": "风平镇风平村三组12号", "residence_type": "租住", "since": "2019-03", "owner": "李四"}
MATERIALS = ["申请人居民身份证", "户口簿或居住证"]
BAD_HANDLERS = [
    ("甲" * 21, "过长"),
    ("张\x07丽", "姓名"),  # a control character
    ("张丽\u200b", "姓名"),  # an invisible one
    ("张丽2", "姓名"),
    ("<张丽>", "姓名"),
]


def issue(session, tmp_path, **kw):
    kw.setdefault("out", tmp_path / "c.pdf")
    return certificates.issue(session, item_code=RESIDENCE, values=dict(VALUES), materials=MATERIALS, today=TODAY, **kw)


def every_printout(session, tmp_path, handler=""):
    """Each service that names a 经办人, called without one unless `handler` is given."""
    yield "issue", lambda: issue(session, tmp_path, handler=handler)
    yield "accept", lambda: certificates.accept(
        session, item_code=HARDSHIP, values={"subject_name": "王𬌗", "subject_id": "11010519491231002X",
                                             "purpose": "申请助学金", "address": "风平村3组12号", "household_size": "4",
                                             "annual_income": "12000", "hardship_reason": "因病",
                                             "hardship_details": "户主长期患病"},
        materials=["申请人居民身份证"], handler=handler, today=TODAY)
    yield "refuse", lambda: certificates.refuse(session, item_code="CN-BY-08", applicant="李四", handler=handler,
                                                today=TODAY, out=tmp_path / "n.pdf")


def test_without_a_handler_setting_nothing_is_issued(demo_session, tmp_path, snapshot, monkeypatch):
    monkeypatch.setenv("USER", "administrator")
    monkeypatch.setenv("USERNAME", "administrator")
    assert settings.get_settings(demo_session)["handler"] == ""
    before = snapshot(demo_session.db_path)
    for _name, call in every_printout(demo_session, tmp_path):
        with pytest.raises(UserError) as exc:
            call()
        assert exc.value.message == "尚未设置经办人：请在 设置 中填写，或用 --handler 指定"
    assert snapshot(demo_session.db_path) == before  # no entry, no number taken
    assert not (tmp_path / "c.pdf").exists() and not (tmp_path / "n.pdf").exists()
    # once there is one, the first number is still number 1
    settings.set_setting(demo_session, "handler", "张丽")
    assert issue(demo_session, tmp_path)["number"] == "风平村证〔2026〕1号"


def test_the_setting_is_printed_and_a_given_name_wins(demo_session, tmp_path):
    settings.set_setting(demo_session, "handler", "张丽")
    first = issue(demo_session, tmp_path, out=tmp_path / "a.pdf")
    second = issue(demo_session, tmp_path, out=tmp_path / "b.pdf", handler=" 岩应 ")
    assert "经办人：张丽" in pypdf.PdfReader(first["pdf"]).pages[0].extract_text()
    assert "经办人：岩应" in pypdf.PdfReader(second["pdf"]).pages[0].extract_text()
    entry = ledger_store.get_by_number(demo_session.db, first["number"])
    assert entry["handler"] == "张丽"
    assert ledger_store.get_by_number(demo_session.db, second["number"])["handler"] == "岩应"
    # every other printout takes the setting too
    for name, call in every_printout(demo_session, tmp_path):
        if name == "issue":
            continue
        r = call()
        assert ledger_store.get_by_number(demo_session.db, r["number"])["handler"] == "张丽", name
    voided = certificates.void(demo_session, first["number"], reason="地址写错")
    assert voided["voided"] == first["number"]


def test_void_needs_a_handler_too(demo_session, tmp_path, snapshot):
    settings.set_setting(demo_session, "handler", "张丽")
    number = issue(demo_session, tmp_path)["number"]
    settings.set_setting(demo_session, "handler", "")  # cleared
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError, match="尚未设置经办人"):
        certificates.void(demo_session, number, reason="地址写错")
    assert snapshot(demo_session.db_path) == before
    certificates.void(demo_session, number, reason="地址写错", handler="岩应")


@pytest.mark.parametrize("bad,said", BAD_HANDLERS)
def test_a_bad_handler_is_refused_in_chinese_and_nothing_is_issued(demo_session, tmp_path, snapshot, bad, said):
    settings.set_setting(demo_session, "handler", "张丽")
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError) as exc:
        issue(demo_session, tmp_path, handler=bad)
    assert "经办人" in exc.value.text() and said in exc.value.text()
    with pytest.raises(UserError):
        settings.set_setting(demo_session, "handler", bad)  # nor stored as the setting
    assert snapshot(demo_session.db_path) == before
    assert settings.get_settings(demo_session)["handler"] == "张丽"


def test_blank_given_names_fall_back_to_the_setting(demo_session, tmp_path):
    settings.set_setting(demo_session, "handler", "张丽")
    for blank in ("", "   ", None, "\n"):
        assert settings.handler_for(demo_session, blank) == "张丽"


def test_the_old_key_default_handler_is_still_read_and_shown(demo_session):
    from villagedesk.store import desk_store

    desk_store.set_setting(demo_session.db, "default_handler", "李明")  # as an earlier version stored it
    shown = settings.get_settings(demo_session)
    assert shown["handler"] == "李明" and shown["default_handler"] == "李明"
    assert settings.handler_for(demo_session) == "李明"
    settings.set_setting(demo_session, "default-handler", "张丽")  # the old name still sets it
    assert settings.get_settings(demo_session)["handler"] == "张丽"
    settings.set_setting(demo_session, "handler", "")
    assert settings.get_settings(demo_session)["handler"] == ""  # cleared means cleared


def test_no_code_reads_the_login_name():
    """The login name is never a default: no getpass, getuser, getlogin or USER/USERNAME lookups."""
    pattern = re.compile(r"getpass|getuser|getlogin|environ(\.get)?\(?\[?[\"'](USER|USERNAME|LOGNAME)[\"']")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "villagedesk").rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if pattern.search(line)]
    assert found == []


# ---- the command line -------------------------------------------------------------------------

ISSUE = ["--demo", "cert", "issue", "--item", RESIDENCE, "--applicant", "王𬌗", "--id-number", "11010519491231002X",
         "--purpose", "子女入学", "--field", "address=风平镇风平村三组12号", "--field", "residence_type=租住",
         "--field", "since=2019-03"]


def test_cli_issues_with_the_setting_and_refuses_without_one(cli, tmp_path):
    data = tmp_path / "desk"
    cli("init", "--demo", data_dir=data, check_exit=0)
    # a login name in the environment is not a 经办人
    proc = cli(*ISSUE, "--out", str(tmp_path / "x.pdf"), data_dir=data, check_exit=2,
               env_extra={"USER": "administrator", "USERNAME": "administrator", "LOGNAME": "administrator"})
    assert "尚未设置经办人：请在 设置 中填写，或用 --handler 指定" in proc.stderr and "Traceback" not in proc.stderr
    assert json.loads(cli("--demo", "ledger", "list", "--json", data_dir=data, check_exit=0).stdout)["entries"] == []
    assert not (tmp_path / "x.pdf").exists()

    cli("--demo", "settings", "set", "handler", "张丽", data_dir=data, check_exit=0)
    shown = json.loads(cli("--demo", "settings", "show", "--json", data_dir=data, check_exit=0).stdout)
    assert shown["handler"] == "张丽" and shown["default_handler"] == "张丽"  # the old key kept for scripts
    issued = json.loads(cli(*ISSUE, "--out", str(tmp_path / "c.pdf"), "--json", data_dir=data, check_exit=0).stdout)
    listed = json.loads(cli("--demo", "ledger", "list", "--json", data_dir=data, check_exit=0).stdout)["entries"]
    assert [(e["number"], e["handler"]) for e in listed] == [(issued["number"], "张丽")]
    proc = cli(*ISSUE, "--handler", "张丽\x07", data_dir=data, check_exit=2)
    assert "经办人" in proc.stderr
    proc = cli("--demo", "settings", "set", "handler", "x" * 21, data_dir=data, check_exit=2)
    assert "过长" in proc.stderr

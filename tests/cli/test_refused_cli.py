"""`task check --record`, `task refused`, `task report`: one step from the check to a record,
then a 情况反映 PDF; bad input leaves the desk as it was."""

import json
import re

from pypdf import PdfReader

from villagedesk.store.db import DB_FILENAME


def test_record_list_and_report_from_the_command_line(cli, demo_dir, tmp_path):
    r = cli("task", "check", "请村委会负责拆除辖区内的违章建筑", "--record", "--department", "县农业农村局",
            "--date", "2026-11-20", "--json", data_dir=demo_dir, check_exit=0)
    out = json.loads(r.stdout)
    assert out["verdict"] and out["clauses"] and out["recorded"]["department"] == "县农业农村局"
    r = cli("task", "refused", "--json", data_dir=demo_dir, check_exit=0)
    listed = json.loads(r.stdout)
    assert listed["count"] == 1 and listed["records"][0]["record_uid"] == out["recorded"]["record_uid"]
    assert "县农业农村局" in cli("task", "refused", data_dir=demo_dir, check_exit=0).stdout
    pdf = tmp_path / "情况反映.pdf"
    r = cli("task", "report", "--out", str(pdf), "--from", "2026-11-01", "--to", "2026-11-30", data_dir=demo_dir,
            check_exit=0)
    assert "已生成情况反映" in r.stdout
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(pdf)).pages))
    assert "县农业农村局" in text and "拆除辖区内的违章建筑" in text and "二(一)1" in text


def test_plain_check_records_nothing_and_bad_input_changes_nothing(cli, demo_dir, snapshot):
    before = snapshot(demo_dir / DB_FILENAME)
    cli("task", "check", "请村委会负责拆除辖区内的违章建筑", data_dir=demo_dir, check_exit=0)
    for extra, message in ((["--record"], "部门"), (["--record", "--department", "县局", "--date", "2026-02-30"], "日期")):
        r = cli("task", "check", "请村委会负责拆除辖区内的违章建筑", *extra, data_dir=demo_dir)
        assert r.returncode != 0 and message in r.stderr
    r = cli("task", "check", "", "--record", "--department", "县局", data_dir=demo_dir)
    assert r.returncode != 0 and "请输入" in r.stderr
    assert snapshot(demo_dir / DB_FILENAME) == before
    r = cli("task", "report", "--out", str(demo_dir.parent / "r.pdf"), data_dir=demo_dir)
    assert r.returncode != 0 and "没有记录的拒绝事项" in r.stderr

"""`villagedesk township …` on a real township desk: JSON shapes, files written, Chinese errors."""

import json

from tests.township.conftest import PADI


def test_offices_report_flags_and_summary_as_json(cli, township_dir, tmp_path):
    r = json.loads(cli("township", "offices", "--json", data_dir=township_dir, check_exit=0).stdout)
    assert r["count"] == 3 and {"code", "entries", "last_entry_on", "last_bundle_at"} <= set(r["offices"][0])
    rep = json.loads(cli("township", "report", "--by", "office", "--json", "--pdf", str(tmp_path / "r.pdf"),
                         "--xlsx", str(tmp_path / "r.xlsx"), data_dir=township_dir, check_exit=0).stdout)
    assert rep["totals"]["issued"] == 50 and rep["chart"]["by"] == "office"
    assert [f["file"] for f in rep["files"]] == [str(tmp_path / "r.xlsx"), str(tmp_path / "r.pdf")]
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    fl = json.loads(cli("township", "flags", "--json", data_dir=township_dir, check_exit=0).stdout)
    assert {"flags", "counts", "rules", "silent_since"} <= set(fl) and fl["counts"]["chain_broken"] == 1
    led = cli("township", "ledger", "--office", PADI, "--status", "voided", data_dir=township_dir, check_exit=0).stdout
    assert "共 10 条" in led and "帕底村民委员会" in led
    text = cli("township", "summary", "--txt", str(tmp_path / "s.txt"), data_dir=township_dir, check_exit=0).stdout
    assert "一、工作基本情况" in text and (tmp_path / "s.txt").exists()
    human = cli("township", "report", data_dir=township_dir, check_exit=0).stdout
    assert "按村：" in human and "█" in human


def test_bad_input_exits_2_in_chinese(cli, township_dir, demo_dir, tmp_path):
    r = cli("township", "ledger", "--office", "533103999999", data_dir=township_dir, check_exit=2)
    assert "没有办公室" in r.stderr and r.stdout == ""
    r = cli("township", "report", "--from", "2026-05-01", "--to", "2026-01-01", data_dir=township_dir, check_exit=2)
    assert "晚于" in r.stderr
    r = cli("township", "report", "--pdf", str(tmp_path / "无" / "r.pdf"), data_dir=township_dir, check_exit=2)
    assert "文件夹不存在" in r.stderr
    r = cli("township", "offices", data_dir=demo_dir, check_exit=2)
    assert "数据包" in r.stderr

"""The command line through a real subprocess: JSON on stdout, Chinese errors, exit codes."""

import json

import pytest


def test_help_loads_no_heavy_module(cli):
    import subprocess
    import sys

    code = ("import sys, villagedesk.cli as c\n"
            "try:\n    c.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('PySide6', 'reportlab', 'openpyxl', 'pypinyin', 'sqlite_utils') if m in sys.modules]\n"
            "print(heavy, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stderr.strip() == "[]"
    assert "catalogue" in proc.stdout


def test_init_demo_then_search_show_and_task_check(cli, tmp_path):
    d = tmp_path / "desk"
    out = cli("--json", "init", "--demo", data_dir=d, check_exit=0)
    doc = json.loads(out.stdout)
    assert doc["desk"]["short_name"] == "风平村" and doc["desk"]["region_code"] == "533103105201"

    info = json.loads(cli("info", "--json", data_dir=d, check_exit=0).stdout)
    assert info["desk"]["demo"] is True

    export = cli("catalogue", "export-template", str(tmp_path / "t.xlsx"), data_dir=d, check_exit=0)
    assert "已写出模板" in export.stdout
    cli("catalogue", "import", str(tmp_path / "t.xlsx"), data_dir=d, check_exit=0)

    found = json.loads(cli("catalogue", "search", "低保", "--json", data_dir=d, check_exit=0).stdout)
    assert found["results"][0]["code"] == "533103-XZ-01"
    shown = json.loads(cli("catalogue", "show", "533103-XZ-01", "--json", data_dir=d, check_exit=0).stdout)
    assert shown["list_name"] == "协助政府工作事项"
    assert {"label": "责任部门", "value": "芒市民政局"} in shown["details"]

    listed = json.loads(cli("--json", "catalogue", "list", data_dir=d, check_exit=0).stdout)
    assert any(c["jurisdiction_code"] == "533103" and c["applies"] for c in listed["catalogues"])

    task = json.loads(cli("task", "check", "请村委会负责辖区环境整治", "--json", data_dir=d, check_exit=0).stdout)
    assert task["verdict"] == "negative"
    assert task["clauses"][0]["clause"] == "二(一)1"

    human = cli("task", "check", "请村委会负责辖区环境整治", data_dir=d, check_exit=0)
    assert "负面清单" in human.stdout and "二(一)1" in human.stdout


@pytest.mark.parametrize("args, message", [
    (["catalogue", "show", "NO-SUCH"], "找不到编码"),
    (["catalogue", "search", "居", "--list", "好人好事"], "未知的清单"),
    (["catalogue", "import", "/no/such/file.xlsx"], "找不到文件"),
    (["task", "check", "   "], "请输入"),
    (["settings", "set", "font-scale", "abc"], "应为数字"),
])
def test_bad_input_exits_2_with_chinese_on_stderr(cli, demo_dir, args, message):
    proc = cli(*args, data_dir=demo_dir, check_exit=2)
    assert message in proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr


def test_json_errors_are_json_on_stderr(cli, demo_dir, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    proc = cli("--json", "catalogue", "import", str(bad), data_dir=demo_dir, check_exit=2)
    assert proc.stdout == ""
    assert "Excel" in json.loads(proc.stderr)["error"]


def test_commands_before_init_say_what_to_do(cli, tmp_path):
    proc = cli("info", data_dir=tmp_path / "new", check_exit=2)
    assert "villagedesk init" in proc.stderr


def test_init_rejects_bad_office_details(cli, tmp_path):
    proc = cli("init", "--region-code", "53310310520", "--name", "风平村", "--level", "village",
               data_dir=tmp_path / "d", check_exit=2)
    assert "12 位数字" in proc.stderr
    proc = cli("init", "--region-code", "533103105000", "--name", "风平镇人民政府", "--level", "village",
               data_dir=tmp_path / "d", check_exit=2)
    assert "乡镇级代码" in proc.stderr
    proc = cli("init", "--region-code", "533103105201", "--name", "風平村民委員會", "--level", "village",
               data_dir=tmp_path / "d", check_exit=2)
    assert "繁体字" in proc.stderr


def test_real_init_derives_short_name_and_jurisdiction(cli, tmp_path):
    out = cli("--json", "init", "--region-code", "500112133212", "--name", "重庆市渝北区统景镇江口村村民委员会",
              "--level", "village", data_dir=tmp_path / "d", check_exit=0)
    desk = json.loads(out.stdout)["desk"]
    assert desk["short_name"] == "江口村" and desk["jurisdiction"] == "chongqing-yubei"


def test_argparse_errors_are_chinese_and_exit_2(cli, tmp_path):
    proc = cli("catalogue", "frobnicate", data_dir=tmp_path, check_exit=2)
    assert "参数错误" in proc.stderr


def test_region_search_finds_bundled_codes(cli, tmp_path):
    out = json.loads(cli("--json", "region", "search", "江口", data_dir=tmp_path, check_exit=0).stdout)
    assert {"code": "500112133212", "name": "江口村村民委员会", "level": "village",
            "path": "渝北区 › 统景镇 › 江口村村民委员会"} in out["regions"]
    assert "内置区划中没有" in cli("region", "search", "不存在的村", data_dir=tmp_path, check_exit=0).stdout


def test_catalogue_print_and_commands_need_an_office(cli, demo_dir, tmp_path):
    out = json.loads(cli("--json", "catalogue", "print", "--out", str(tmp_path / "wall.pdf"), "--list", "负面",
                         data_dir=demo_dir, check_exit=0).stdout)
    assert out["lists"] == ["负面清单"] and (tmp_path / "wall.pdf").read_bytes().startswith(b"%PDF")
    fresh = tmp_path / "fresh"
    for args in (["catalogue", "search", "居住"], ["catalogue", "list"], ["catalogue", "show", "CN-BY-01"],
                 ["task", "check", "拆除违章建筑"]):
        proc = cli(*args, data_dir=fresh, check_exit=2)
        assert "villagedesk init" in proc.stderr
    assert not (fresh / "desk.sqlite3").exists()


def test_township_desk_takes_its_township_name_as_short_name(cli, tmp_path):
    out = cli("--json", "init", "--region-code", "533103105000", "--name", "芒市风平镇人民政府", "--level", "township",
              data_dir=tmp_path / "t", check_exit=0)
    assert json.loads(out.stdout)["desk"]["short_name"] == "风平镇"


def test_language_can_be_chosen_before_the_office_is_set_up(cli, tmp_path):
    fresh = tmp_path / "fresh"
    assert "language = en" in cli("settings", "set", "language", "en", data_dir=fresh, check_exit=0).stdout
    assert "villagedesk init" in cli("settings", "set", "font-scale", "1.2", data_dir=fresh, check_exit=2).stderr

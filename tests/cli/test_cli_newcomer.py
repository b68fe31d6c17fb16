"""What a newcomer meets first on the command line: argparse's own messages in Chinese (exit
code 2 kept), output folders made when missing, a clear Chinese message instead of Qt's xcb
abort when there is no display, and the README's commands as they really answer."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from villagedesk.cli import NO_DISPLAY, chinese_argparse_message, missing_display

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = re.compile(r"usage:|the following arguments|invalid choice|unrecognized arguments|expected one argument|"
                     r"show this help|positional arguments|options:|invalid int value|argument ")


@pytest.mark.parametrize("args, chinese", [
    (["cert", "issue", "--item"], "参数 --item 后面需要一个值"),
    (["cert", "refuse"], "缺少必需的参数：--applicant"),
    (["cert"], "缺少必需的参数：操作"),
    (["cert", "frobnicate"], "无效的选择 'frobnicate'（可选：'form'"),
    (["info", "--bogus", "x"], "无法识别的参数：--bogus x"),
    (["init", "--level", "mayor"], "参数 --level：无效的选择 'mayor'"),
    (["catalogue", "search", "居住", "--limit", "abc"], "参数 --limit：不是整数：'abc'"),
    (["ledger", "print"], "缺少必需的参数：--out"),
])
def test_argument_errors_are_chinese_and_exit_2(cli, tmp_path, args, chinese):
    proc = cli(*args, data_dir=tmp_path / "desk")
    assert proc.returncode == 2, proc.stderr
    assert chinese in proc.stderr
    assert proc.stderr.startswith("用法：villagedesk")
    assert "参数错误：" in proc.stderr
    assert not ENGLISH.search(proc.stderr), proc.stderr
    assert proc.stdout == ""
    assert not (tmp_path / "desk").exists()  # nothing was created by a refused command line


@pytest.mark.parametrize("args", [["--help"], ["cert", "--help"], ["cert", "issue", "-h"], ["sign", "spec", "--help"]])
def test_help_is_chinese(cli, args):
    proc = cli(*args, check_exit=0)
    assert proc.stdout.startswith("用法：villagedesk")
    assert "-h, --help" in proc.stdout and "显示本帮助并退出" in proc.stdout
    assert "选项:" in proc.stdout
    assert not ENGLISH.search(proc.stdout), proc.stdout


def test_unknown_argparse_wording_passes_unchanged():
    assert chinese_argparse_message("something new") == "something new"
    assert chinese_argparse_message("argument --x: something new") == "参数 --x：something new"


def test_out_and_export_folders_are_made_when_missing(cli, demo_dir, tmp_path):
    out = tmp_path / "新文件夹" / "二级"
    cli("cert", "issue", "--item", "533103-BL-01", "--applicant", "王芳", "--id-number", "11010519491231002X",
        "--purpose", "子女入学", "--field", "address=风平镇风平村三组12号", "--field", "residence_type=租住",
        "--field", "since=2019-03", "--handler", "张丽", "--out", str(out / "c" / "证明.pdf"), data_dir=demo_dir, check_exit=0)
    assert (out / "c" / "证明.pdf").is_file()
    cli("cert", "refuse", "--item", "CN-BY-05", "--applicant", "李四", "--handler", "张丽",
        "--out", str(out / "r" / "告知单.pdf"), data_dir=demo_dir, check_exit=0)
    assert (out / "r" / "告知单.pdf").is_file()
    cli("catalogue", "print", "--out", str(out / "cp" / "目录.pdf"), data_dir=demo_dir, check_exit=0)
    cli("catalogue", "export-template", str(out / "tp" / "模板.xlsx"), data_dir=demo_dir, check_exit=0)
    cli("ledger", "export", str(out / "le" / "台账.xlsx"), data_dir=demo_dir, check_exit=0)
    cli("ledger", "print", "--out", str(out / "lp" / "台账.pdf"), data_dir=demo_dir, check_exit=0)
    cli("key", "export", str(out / "k" / "公钥.json"), data_dir=demo_dir, check_exit=0)
    for name in ("cp/目录.pdf", "tp/模板.xlsx", "le/台账.xlsx", "lp/台账.pdf", "k/公钥.json"):
        assert (out / name).is_file(), name


def test_out_folder_that_cannot_be_made_is_a_chinese_error(cli, demo_dir, tmp_path, snapshot):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    before = snapshot(demo_dir / "desk.sqlite") if (demo_dir / "desk.sqlite").exists() else None
    proc = cli("ledger", "print", "--out", str(blocker / "sub" / "台账.pdf"), data_dir=demo_dir)
    assert proc.returncode == 2
    assert "无法建立文件夹：路径中有同名的文件" in proc.stderr
    if before is not None:
        assert snapshot(demo_dir / "desk.sqlite") == before


@pytest.mark.parametrize("command", [[], ["gui"], ["--demo"]])
def test_window_without_a_display_says_so_in_chinese(tmp_path, command):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONIOENCODING"] = "utf-8"
    env["VILLAGEDESK_DATA_DIR"] = str(tmp_path / "data")
    proc = subprocess.run([sys.executable, "-m", "villagedesk", *command], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=60)
    if sys.platform.startswith(("win", "darwin")):
        pytest.skip("a window needs no DISPLAY here")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip() == NO_DISPLAY
    assert "xcb" not in proc.stderr
    assert not (tmp_path / "data").exists()


def test_missing_display_rules():
    assert missing_display({}, "linux")
    assert not missing_display({"DISPLAY": ":0"}, "linux")
    assert not missing_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not missing_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert missing_display({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert missing_display({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, "linux")
    assert not missing_display({}, "win32")
    assert not missing_display({}, "darwin")


def test_readme_acceptance_number_is_the_one_accept_prints(cli, demo_dir):
    proc = cli("--json", "cert", "accept", "--item", "533103-BL-02", "--applicant", "王芳", "--id-number", "11010519491231002X",
               "--purpose", "申请救助", "--field", "address=风平镇风平村三组12号", "--field", "household_size=3",
               "--field", "annual_income=12000", "--field", "hardship_reason=因病", "--field", "hardship_details=长期住院",
               "--handler", "张丽", data_dir=demo_dir, check_exit=0)
    number = json.dumps(json.loads(proc.stdout), ensure_ascii=False)
    found = re.search(r"风平村[^\"]*受〔\d{4}〕1号", number)
    assert found, number
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    accepted = re.search(r"--accepted (\S+)", readme).group(1)
    year = re.search(r"〔(\d{4})〕", found.group(0)).group(1)
    assert accepted.replace("〔2026〕", f"〔{year}〕") == found.group(0)


def test_readme_keeps_the_two_commands_and_says_where_demo_data_lives():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:20])
    assert "bash installer/dev.sh demo" in first_screen and "bash installer/dev.sh test" in first_screen
    assert "villagedesk info --demo" in readme

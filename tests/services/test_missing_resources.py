"""Issue 13 bad input: a missing font or resource file of the program itself (a half-copied
install, an antivirus quarantine) is said plainly in Chinese with the way forward, never as an
internal error, and nothing is issued."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, run_cli

ISSUE = ["cert", "issue", "--item", "533103-BL-01", "--applicant", "王芳", "--id-number", "11010519491231002X",
         "--purpose", "子女入学", "--field", "address=风平镇风平村三组12号", "--field", "residence_type=租住",
         "--field", "since=2019-03", "--handler", "张丽"]


@pytest.fixture
def broken_install(tmp_path):
    """A copy of the program's data files, for a test to remove one from."""
    root = tmp_path / "install"
    root.mkdir()
    shutil.copytree(ROOT / "resources", root / "resources")
    shutil.copytree(ROOT / "forms", root / "forms")
    return root


def cli(install, desk, *args, code):
    return run_cli(*args, data_dir=desk, check_exit=code, env_extra={"VILLAGEDESK_RESOURCES": str(install)})


def test_a_missing_font_refuses_to_issue_and_names_the_file(broken_install, tmp_path):
    desk = tmp_path / "desk"
    cli(broken_install, desk, "init", "--demo", code=0)
    (broken_install / "resources" / "fonts" / "VillageDeskSerifSC-Regular.ttf").unlink()
    proc = cli(broken_install, desk, *ISSUE, code=2)
    assert "程序文件不完整" in proc.stderr and "VillageDeskSerifSC-Regular.ttf" in proc.stderr
    assert "重新安装" in proc.stderr and "内部错误" not in proc.stderr
    assert "风平村证" not in cli(broken_install, desk, "ledger", "list", code=0).stdout  # nothing issued


def test_a_missing_jurisdiction_rule_file_is_not_replaced_by_the_national_rules(broken_install, tmp_path):
    desk = tmp_path / "desk"
    cli(broken_install, desk, "init", "--demo", code=0)
    (broken_install / "resources" / "rules" / "yunnan-dehong.json").unlink()
    proc = cli(broken_install, desk, "sign", "standard", "--out-dir", str(tmp_path / "规格"), code=2)
    assert "程序文件不完整" in proc.stderr and "yunnan-dehong.json" in proc.stderr
    assert not (tmp_path / "规格").exists() or not any((tmp_path / "规格").iterdir())

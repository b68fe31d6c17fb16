"""Issue #9 items 1 and 5 on the command line: `key export` onto the ledger, onto an existing
file or with a wrong suffix is refused and leaves the file as it was; --overwrite replaces only a
file of the same type; `--out` a folder burns no number and says so in Chinese."""

import json

import pytest

from tests.conftest import db_snapshot

ISSUE = ["cert", "issue", "--item", "533103-BL-01", "--applicant", "王芳", "--id-number", "11010519491231002X",
         "--purpose", "子女入学", "--field", "address=风平镇风平村三组12号", "--field", "residence_type=租住",
         "--field", "since=2019-03", "--handler", "张丽"]


@pytest.fixture
def desk(demo_dir):
    return demo_dir


def test_key_export_onto_the_ledger_is_refused_and_the_ledger_is_whole(desk, cli):
    db = desk / "desk.sqlite3"
    before = db.read_bytes()
    proc = cli("key", "export", str(db), data_dir=desk)
    assert proc.returncode == 2 and "内部错误" not in proc.stderr, proc.stderr
    assert "结尾" in proc.stderr or "数据文件夹" in proc.stderr
    for name in ("desk.sqlite3.json", "backups/key.json", "keys/own.json"):
        (desk / name).parent.mkdir(exist_ok=True)
        proc = cli("key", "export", str(desk / name), "--overwrite", data_dir=desk)
        assert proc.returncode == 2 and "不能写在数据文件夹" in proc.stderr, proc.stderr
        assert not (desk / name).exists()
    assert db.read_bytes() == before
    assert cli("ledger", "verify", data_dir=desk).returncode == 0


def test_key_export_refuses_an_existing_file_and_a_wrong_suffix(desk, cli, tmp_path):
    letter = tmp_path / "公钥.json"
    letter.write_text("[1, 2, 3]\n", encoding="utf-8")
    proc = cli("key", "export", str(letter), data_dir=desk)
    assert proc.returncode == 2 and "已存在" in proc.stderr and "--overwrite" in proc.stderr
    assert letter.read_text(encoding="utf-8") == "[1, 2, 3]\n"
    text = tmp_path / "公钥.txt"
    proc = cli("key", "export", str(text), data_dir=desk)
    assert proc.returncode == 2 and ".json 结尾" in proc.stderr and not text.exists()
    report = tmp_path / "报告.json"
    report.write_bytes(b"%PDF-1.4 not json")
    proc = cli("key", "export", str(report), "--overwrite", data_dir=desk)
    assert proc.returncode == 2 and "不会覆盖" in proc.stderr and report.read_bytes() == b"%PDF-1.4 not json"
    proc = cli("key", "export", str(letter), "--overwrite", "--json", data_dir=desk)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(letter.read_text(encoding="utf-8"))["key_id"] == json.loads(proc.stdout)["key_id"]


def test_out_a_folder_uses_no_number_and_says_so_truthfully(desk, cli, tmp_path):
    before = db_snapshot(desk / "desk.sqlite3")
    proc = cli(*ISSUE, "--out", str(tmp_path), data_dir=desk)
    assert proc.returncode == 2, proc.stderr
    assert "文件夹" in proc.stderr and "内部错误" not in proc.stderr and "数据未被修改" not in proc.stderr
    assert db_snapshot(desk / "desk.sqlite3") == before
    out = tmp_path / "c.pdf"
    first = json.loads(cli(*ISSUE, "--out", str(out), "--json", data_dir=desk, check_exit=0).stdout)
    assert first["number"] == "风平村证〔2026〕1号" or first["number"].endswith("〕1号")
    again = cli(*ISSUE, "--out", str(out), data_dir=desk)  # the same name again: refused, no number
    assert again.returncode == 2 and "已存在" in again.stderr
    proc = cli(*ISSUE, "--out", str(out), "--overwrite", "--json", data_dir=desk, check_exit=0)
    assert json.loads(proc.stdout)["number"].endswith("〕2号")


@pytest.mark.parametrize("args", [
    ["ledger", "export", "{out}.xlsx"], ["ledger", "print", "--out", "{out}.pdf"],
    ["catalogue", "export-template", "{out}.xlsx"], ["catalogue", "print", "--out", "{out}.pdf"],
])
def test_other_writers_need_overwrite_on_the_command_line(desk, cli, tmp_path, args):
    out = str(tmp_path / "表")
    args = [a.format(out=out) for a in args]
    cli(*ISSUE, data_dir=desk, check_exit=0)
    cli(*args, data_dir=desk, check_exit=0)
    proc = cli(*args, data_dir=desk)
    assert proc.returncode == 2 and "已存在" in proc.stderr and "--overwrite" in proc.stderr
    cli(*args, "--overwrite", data_dir=desk, check_exit=0)


def test_sign_standard_out_dir_needs_overwrite_and_not_the_data_folder(desk, cli, tmp_path):
    folder = tmp_path / "规格"
    cli("sign", "standard", "--out-dir", str(folder), data_dir=desk, check_exit=0)
    written = sorted(p.name for p in folder.iterdir())
    proc = cli("sign", "standard", "--out-dir", str(folder), data_dir=desk)
    assert proc.returncode == 2 and "已存在" in proc.stderr
    cli("sign", "standard", "--out-dir", str(folder), "--overwrite", data_dir=desk, check_exit=0)
    assert sorted(p.name for p in folder.iterdir()) == written
    # any folder of the data folder but the printout folders is refused, and not even created
    proc = cli("sign", "standard", "--out-dir", str(desk / "别处"), data_dir=desk)
    assert proc.returncode == 2 and "不能写在数据文件夹" in proc.stderr and not (desk / "别处").exists()
    keys_before = sorted(p.name for p in (desk / "keys").iterdir()) if (desk / "keys").exists() else []
    proc = cli("sign", "standard", "--out-dir", str(desk / "keys"), data_dir=desk)
    assert proc.returncode == 2 and "不能写在数据文件夹" in proc.stderr
    assert (sorted(p.name for p in (desk / "keys").iterdir()) if (desk / "keys").exists() else []) == keys_before

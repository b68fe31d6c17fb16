"""`villagedesk key trust|revoke|list|export` as a clerk runs them (issue 9, part 3): the
fingerprint is shown and confirmed, scripts say --yes, refusals are Chinese and change nothing."""

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ISSUE = ["cert", "issue", "--item", "533103-BL-01", "--applicant", "王𬌗", "--id-number", "11010519491231002X",
         "--purpose", "子女入学", "--field", "address=风平镇风平村三组12号", "--field", "residence_type=租住",
         "--field", "since=2019-03", "--handler", "张丽"]
TOWNSHIP = ["init", "--region-code", "533103105000", "--name", "芒市风平镇人民政府", "--level", "township"]


@pytest.fixture
def offices(tmp_path, cli):
    village, township = tmp_path / "village", tmp_path / "township"
    cli("init", "--demo", data_dir=village, check_exit=0)
    cli(*TOWNSHIP, data_dir=township, check_exit=0)
    exported = json.loads(cli("--demo", "key", "export", str(tmp_path / "village.json"), "--json",
                              data_dir=village, check_exit=0).stdout)
    return village, township, exported, tmp_path / "village.json"


def test_trust_shows_the_fingerprint_and_wants_a_confirmation(offices, cli, snapshot):
    village, township, exported, key_path = offices
    assert len(exported["fingerprint"].split("-")) == 8
    before = snapshot(township / "desk.sqlite3")
    refused = cli("key", "trust", str(key_path), data_dir=township, check_exit=2)  # no TTY, no --yes
    assert exported["fingerprint"] in refused.stderr and "--yes" in refused.stderr and "电话" in refused.stderr
    assert snapshot(township / "desk.sqlite3") == before
    trusted = json.loads(cli("key", "trust", str(key_path), "--yes", "--json", data_dir=township, check_exit=0).stdout)
    assert trusted["fingerprint"] == exported["fingerprint"] and trusted["key_id"] == exported["key_id"]
    listed = cli("key", "list", data_dir=township, check_exit=0).stdout
    assert exported["fingerprint"] in listed


def test_revoke_on_the_command_line(offices, cli, snapshot):
    village, township, exported, key_path = offices
    cli("key", "trust", str(key_path), "--yes", data_dir=township, check_exit=0)
    before = snapshot(township / "desk.sqlite3")
    unknown = cli("key", "revoke", "0011223344556677", "--reason", "误信任", data_dir=township, check_exit=2)
    assert "没有编号" in unknown.stderr and "Traceback" not in unknown.stderr
    assert snapshot(township / "desk.sqlite3") == before
    done = json.loads(cli("key", "revoke", exported["key_id"], "--reason", "误信任", "--date", "2026-01-01", "--json",
                          data_dir=township, check_exit=0).stdout)
    assert done["revoked_at"] == "2026-01-01" and done["revocations"][0]["reason"] == "误信任"
    listed = cli("key", "list", data_dir=township, check_exit=0).stdout
    assert "已撤销：2026-01-01（误信任）" in listed


def test_init_with_another_region_code_and_a_ledger_is_refused(offices, cli, tmp_path, snapshot):
    village = offices[0]
    issued = json.loads(cli("--demo", *ISSUE, "--out", str(tmp_path / "c.pdf"), "--json", data_dir=village,
                            check_exit=0).stdout)
    database = village / "desk.sqlite3"
    before = snapshot(database)
    refused = cli(*TOWNSHIP, data_dir=village, check_exit=2)
    assert "--data-dir" in refused.stderr and "533103105201" in refused.stderr
    assert snapshot(database) == before
    answer = json.loads(cli("--demo", "verify", issued["payload"], "--json", data_dir=village, check_exit=0).stdout)
    assert answer["status"] == "valid"


@pytest.mark.skipif(sys.platform == "win32", reason="pty is POSIX")
def test_an_interactive_clerk_answers_y_or_n(offices, snapshot):
    import pty
    import subprocess

    _village, township, exported, key_path = offices
    cmd = [sys.executable, "-m", "villagedesk", "--data-dir", str(township), "key", "trust", str(key_path)]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    before = snapshot(township / "desk.sqlite3")
    for answer, code in ((b"n\n", 2), (b"y\n", 0)):
        leader, follower = pty.openpty()
        proc = subprocess.Popen(cmd, stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
        os.close(follower)
        os.write(leader, answer)
        out, err = proc.communicate(timeout=120)
        os.close(leader)
        assert proc.returncode == code, err.decode()
        assert exported["fingerprint"] in err.decode() and "[y/N]" in err.decode()
        if code == 2:
            assert snapshot(township / "desk.sqlite3") == before
    assert exported["key_id"] in out.decode()

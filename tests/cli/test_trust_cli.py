"""`villagedesk key enrolments …` and `key trust-list publish|show|pin|apply` (issue #11 item 4):
--json shapes, exit 2 and nothing changed for bad input."""

from __future__ import annotations

import json

import pytest

COUNTY = ["init", "--region-code", "533103000000", "--name", "芒市人民政府", "--short-name", "芒市", "--level", "county"]
TOWNSHIP = ["init", "--region-code", "533103105000", "--name", "芒市风平镇人民政府", "--level", "township"]


@pytest.fixture
def desks(tmp_path, cli, demo_dir):
    county, township = tmp_path / "county", tmp_path / "township"
    cli(*COUNTY, data_dir=county, check_exit=0)
    cli(*TOWNSHIP, data_dir=township, check_exit=0)
    from villagedesk.services import trust
    from villagedesk.services.session import Session

    with Session(demo_dir) as village, Session(county) as county_session:
        record = trust.enrolment_record(village)
        trust.receive_enrolment(county_session, record, bundle_sha256="ab" * 32)
    return county, township, record


def _json(proc):
    return json.loads(proc.stdout)


def test_the_county_lists_a_key_and_the_township_pins_and_applies(desks, cli, tmp_path, snapshot):
    county, township, record = desks
    pending = _json(cli("key", "enrolments", "--json", data_dir=county, check_exit=0))["enrolments"]
    assert [(e["key_id"], e["status"]) for e in pending] == [(record["key_id"], "pending")]
    assert record["key_id"] in cli("key", "enrolments", data_dir=county, check_exit=0).stdout
    bad = cli("key", "enrolments", "accept", "xyz", data_dir=county, check_exit=2)
    assert "密钥编号" in bad.stderr and "Traceback" not in bad.stderr
    accepted = _json(cli("key", "enrolments", "accept", record["key_id"], "--note", "已电话核对", "--json",
                         data_dir=county, check_exit=0))
    assert accepted["status"] == "listed"
    out = tmp_path / "清单.json"
    published = _json(cli("key", "trust-list", "publish", "--days", "30", "--out", str(out), "--json",
                          data_dir=county, check_exit=0))
    assert published["list"]["serial"] == 1 and published["file"] == str(out)
    assert json.loads(out.read_text(encoding="utf-8"))["signature"] == published["signature"]
    before_county = snapshot(county / "desk.sqlite3")
    exists = cli("key", "trust-list", "publish", "--out", str(out), data_dir=county, check_exit=2)
    assert "Traceback" not in exists.stderr and snapshot(county / "desk.sqlite3") == before_county  # no new serial
    shown = _json(cli("key", "trust-list", "show", "--json", data_dir=county, check_exit=0))
    assert shown["current"]["serial"] == 1 and shown["pin"]["county_code"] == "533103000000"
    fingerprint = shown["pin"]["fingerprint"]

    database = township / "desk.sqlite3"
    before = snapshot(database)
    refused = cli("key", "trust-list", "apply", str(out), data_dir=township, check_exit=2)
    assert "还没有固定县级密钥" in refused.stderr and fingerprint in refused.stderr
    wrong = cli("key", "trust-list", "pin", str(out), "--fingerprint", "AAAA-BBBB", "--json", data_dir=township, check_exit=2)
    assert "指纹" in json.loads(wrong.stderr)["error"]
    tampered = tmp_path / "改过.json"
    tampered.write_text(out.read_text(encoding="utf-8").replace("风平村民委员会", "风平村民委会"), encoding="utf-8")
    assert "签名与内容不符" in cli("key", "trust-list", "pin", str(tampered), "--fingerprint", fingerprint,
                                   data_dir=township, check_exit=2).stderr
    broken = tmp_path / "坏.json"
    broken.write_text('{"format": 1', encoding="utf-8")
    assert "不是有效的 JSON" in cli("key", "trust-list", "apply", str(broken), data_dir=township, check_exit=2).stderr
    assert snapshot(database) == before
    pinned = _json(cli("key", "trust-list", "pin", str(out), "--fingerprint", fingerprint.lower().replace("-", " "),
                       "--by", "李科长", "--json", data_dir=township, check_exit=0))
    assert pinned["new"] and pinned["confirmed_by"] == "李科长"
    applied = _json(cli("key", "trust-list", "apply", str(out), "--json", data_dir=township, check_exit=0))
    assert applied["outcome"] == "apply" and applied["added"] == 2 and applied["preview"]["serial"] == 1
    again = cli("key", "trust-list", "apply", str(out), data_dir=township, check_exit=0)
    assert "没有变化" in again.stdout
    listed = cli("key", "list", data_dir=township, check_exit=0).stdout
    assert "信任（信任清单）" in listed
    assert "第 1 版" in cli("key", "trust-list", "show", data_dir=township, check_exit=0).stdout


def test_a_village_desk_cannot_publish(cli, demo_dir):
    refused = cli("key", "trust-list", "publish", data_dir=demo_dir, check_exit=2)
    assert "只有县级桌面" in refused.stderr
    assert "尚未固定" in cli("key", "trust-list", "show", data_dir=demo_dir, check_exit=0).stdout
    assert cli("key", "trust-list", "publish", "--days", "x", data_dir=demo_dir).returncode == 2

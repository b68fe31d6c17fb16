"""`villagedesk sign …`: exit codes 0/1/2, one JSON document with --json, errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "signs"
PARTY = str(FIXTURES / "dehong-party-strip.json")


def test_check_a_correct_sign_exits_0(cli, demo_dir):
    proc = cli("sign", "check", PARTY, "--json", data_dir=demo_dir, check_exit=0)
    doc = json.loads(proc.stdout)
    assert doc["ok"] is True and doc["findings"] == [] and doc["rules"]["id"] == "yunnan-dehong"
    human = cli("sign", "check", PARTY, data_dir=demo_dir, check_exit=0)
    assert "符合规则" in human.stdout


def test_check_a_wrong_sign_exits_1_with_one_line_per_finding(cli, demo_dir, tmp_path):
    spec = json.loads(Path(PARTY).read_text(encoding="utf-8"))
    spec.update(font="黑体", text_colour="#000000", name="风平村党支部")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    doc = json.loads(cli("sign", "check", str(path), "--json", data_dir=demo_dir, check_exit=1).stdout)
    assert doc["ok"] is False
    for f in doc["findings"]:
        assert set(f) >= {"rule", "category", "severity", "message", "source"}
    human = cli("sign", "check", str(path), data_dir=demo_dir, check_exit=1).stdout
    lines = [line for line in human.splitlines() if line.startswith("  ")]
    assert len(lines) == len(doc["findings"]) and all("依据" in line for line in lines)
    assert any(line.startswith("  错误：字体「黑体」") and "二(二)8" in line for line in lines)


def test_rules_option_overrides_the_desk(cli, demo_dir, tmp_path):
    spec = dict(json.loads(Path(PARTY).read_text(encoding="utf-8")), width_cm=50)
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    cli("sign", "check", str(path), data_dir=demo_dir, check_exit=1)
    doc = json.loads(cli("sign", "check", str(path), "--rules", "national", "--json", data_dir=demo_dir, check_exit=0).stdout)
    assert doc["rules"]["id"] == "national"
    proc = cli("sign", "check", str(path), "--rules", "beijing", data_dir=demo_dir, check_exit=2)
    assert "没有规则集" in proc.stderr


@pytest.mark.parametrize("content", ["[1, 2, 3]", "42", "{ broken", "", '{"清单": "机制牌子保留目录"}'])
def test_unreadable_specs_exit_2_with_chinese_on_stderr(cli, demo_dir, tmp_path, content):
    path = tmp_path / "spec.json"
    path.write_text(content, encoding="utf-8")
    proc = cli("sign", "check", str(path), data_dir=demo_dir, check_exit=2)
    assert proc.stdout == "" and proc.stderr.startswith("错误：") and "Traceback" not in proc.stderr
    proc = cli("sign", "check", str(path), "--json", data_dir=demo_dir, check_exit=2)
    assert json.loads(proc.stderr)["error"]


def test_missing_file_exits_2(cli, demo_dir, tmp_path):
    proc = cli("sign", "check", str(tmp_path / "nope.json"), data_dir=demo_dir, check_exit=2)
    assert "找不到" in proc.stderr


def test_audit_exit_codes_and_json(cli, demo_dir, tmp_path):
    proc = cli("sign", "audit", str(FIXTURES / "demo-inventory.json"), "--json", data_dir=demo_dir, check_exit=1)
    doc = json.loads(proc.stdout)
    assert set(doc) >= {"ok", "signs", "missing", "findings", "summary", "saved"}
    assert doc["summary"] == {"keep": 5, "replace": 0, "remove": 3, "missing": 3}
    history = json.loads(cli("sign", "history", "--json", data_dir=demo_dir, check_exit=0).stdout)
    assert history["audits"][0]["id"] == doc["saved"]["id"]
    std = tmp_path / "std"
    std.mkdir()
    cli("sign", "standard", "--out-dir", str(std), data_dir=demo_dir, check_exit=0)
    specs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(std.glob("*.json"))]
    assert len(specs) == 6
    inventory = tmp_path / "inv.json"
    inventory.write_text(json.dumps({"format": "villagedesk-sign-inventory/1", "signs": specs}, ensure_ascii=False), encoding="utf-8")
    cli("sign", "audit", str(inventory), "--no-save", data_dir=demo_dir, check_exit=0)
    inventory.write_text('{"signs": 5}', encoding="utf-8")
    cli("sign", "audit", str(inventory), data_dir=demo_dir, check_exit=2)


def test_proof_exit_codes(cli, demo_dir, tmp_path):
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (70, 400), "#FFFFFF")
    ImageDraw.Draw(img).rectangle((20, 40, 50, 360), fill="#EE1C25")
    img.save(tmp_path / "proof.png")
    doc = json.loads(cli("sign", "proof", str(tmp_path / "proof.png"), "--spec", PARTY, "--json", data_dir=demo_dir,
                         check_exit=0).stdout)
    assert set(doc["measured"]) >= {"aspect", "background", "text_colour"}
    img.resize((200, 400)).save(tmp_path / "wide.png")
    cli("sign", "proof", str(tmp_path / "wide.png"), "--spec", PARTY, data_dir=demo_dir, check_exit=1)
    (tmp_path / "fake.png").write_text("hello", encoding="utf-8")
    proc = cli("sign", "proof", str(tmp_path / "fake.png"), "--spec", PARTY, data_dir=demo_dir, check_exit=2)
    assert "fake.png" in proc.stderr


def test_rules_listing(cli, demo_dir):
    doc = json.loads(cli("sign", "rules", "--json", data_dir=demo_dir, check_exit=0).stdout)
    assert {r["id"] for r in doc["rule_sets"]} == {"national", "yunnan-dehong", "jilin-yanbian", "chongqing-yubei"}
    text = cli("sign", "rules", "jilin-yanbian", data_dir=demo_dir, check_exit=0).stdout
    assert "script_order" in text and "language.korean" in text

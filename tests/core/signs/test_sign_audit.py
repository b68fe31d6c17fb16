"""The village audit of the demo office: missing signs, 对口挂牌, two signs on one room door."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from villagedesk.core.signs.audit import audit
from villagedesk.core.signs.spec import parse_inventory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "signs"

CATALOGUE = [  # the national baseline's interior items (fields as the service hands them in)
    {"code": "CN-PZ-07", "title": "村级综合服务机构标牌", "sign_kind": "square", "placement": "interior", "name_pattern": ""},
    {"code": "CN-PZ-08", "title": "集合式服务功能指引标牌", "sign_kind": "guide", "placement": "interior", "name_pattern": ""},
    {"code": "CN-PZ-09", "title": "功能区域简明标牌", "sign_kind": "door", "placement": "room_door", "name_pattern": ""},
]


@pytest.fixture
def result(dehong, office):
    inventory = json.loads((FIXTURES / "demo-inventory.json").read_text(encoding="utf-8"))
    return audit(parse_inventory(inventory, dehong), dehong, office=office, catalogue_signs=CATALOGUE)


def _sign(result, name):
    return next(s for s in result["signs"] if s["name"] == name)


def test_missing_required_signs_with_expected_names(result):
    missing = {m["role"]: m for m in result["missing"]}
    assert set(missing) == {"supervision", "service_center", "civilization_station"}
    assert missing["supervision"]["expected_name"] == "芒市风平镇风平村村务监督委员会"
    assert missing["supervision"]["expected_from"] == "approved"
    assert missing["service_center"]["expected_name"] == "芒市风平镇风平村党群服务中心"
    assert missing["service_center"]["source"]["clause"] == "二(二)7"
    assert sum(f["rule"] == "count.required" for f in result["findings"]) == 3


def test_verdicts(result):
    assert _sign(result, "中共芒市风平镇风平村总支部委员会")["verdict"] == "keep"
    assert _sign(result, "芒市风平镇风平村民委员会")["verdict"] == "keep"
    assert _sign(result, "芒市风平镇风平村股份经济合作社")["verdict"] == "keep"  # #1A1A1A is black, 美术宋体 is Song
    extra = _sign(result, "芒市风平镇风平村综治中心")
    assert extra["verdict"] == "remove" and any(f["rule"] == "count.counterpart" for f in extra["findings"])
    second_committee = _sign(result, "风平村委会")
    assert second_committee["verdict"] == "remove"  # a second committee sign outside, and abbreviated
    assert any("简称" in f["message"] for f in second_committee["findings"])


def test_one_sign_per_room_door(result):
    door = [f for f in result["findings"] if f["rule"] == "count.room_door"]
    assert len(door) == 1 and door[0]["room"] == "201" and door[0]["source"]["clause"] == "二(二)7"
    assert _sign(result, "党员活动室")["verdict"] == "keep"
    second = _sign(result, "妇女之家")
    assert second["verdict"] == "remove" and any("201" in r for r in second["reasons"])
    assert any("对口挂牌" in r for r in second["reasons"])  # 妇女之家 is a counterpart sign as well


def test_summary_and_shape(result):
    assert result["summary"] == {"keep": 5, "replace": 0, "remove": 3, "missing": 3}
    assert result["ok"] is False
    for s in result["signs"]:
        assert set(s) >= {"index", "name", "kind", "verdict", "findings", "reasons"} and s["reasons"]


def test_replace_when_a_kept_sign_breaks_a_rule(dehong, office):
    specs = parse_inventory([{"name": "芒市风平镇风平村民委员会", "kind": "strip", "width_cm": 40, "height_cm": 200,
                              "background": "#FFFFFF", "text_colour": "#000000", "font": "黑体", "direction": "vertical",
                              "placement": "exterior"}], dehong)
    r = audit(specs, dehong, office=office, catalogue_signs=CATALOGUE)
    s = r["signs"][0]
    assert s["verdict"] == "replace" and len(s["reasons"]) == 2


def test_a_complete_correct_set_is_ok(dehong, office):
    from villagedesk.core.signs import names

    specs = []
    for req in dehong.required_signs:
        name, _ = names.expected_name(req["role"], office, dehong.organisations)
        strip = req["kind"] == "strip"
        specs.append({"name": name, "kind": req["kind"], "width_cm": 35 if strip else 60, "height_cm": 200 if strip else 40,
                      "background": "#FFFFFF", "text_colour": "#EE1C25" if req["role"] == "party" else "#000000",
                      "font": "宋体", "direction": "vertical" if strip else "horizontal", "placement": "exterior"})
    r = audit(parse_inventory(specs, dehong), dehong, office=office, catalogue_signs=CATALOGUE)
    assert r["ok"] and r["summary"] == {"keep": 6, "replace": 0, "remove": 0, "missing": 0}


def test_exact_duplicates_are_removed(dehong, office):
    door = {"name": "党员活动室", "kind": "door", "width_cm": 30, "height_cm": 15, "background": "#FFFFFF", "text_colour": "#000000",
            "font": "宋体", "direction": "horizontal", "placement": "interior"}
    r = audit(parse_inventory([door, door], dehong), dehong, office=office, catalogue_signs=CATALOGUE + [
        {"code": "X", "title": "简明标牌", "sign_kind": "door", "placement": "interior", "name_pattern": ""}])
    assert [s["verdict"] for s in r["signs"]] == ["keep", "remove"]


def test_an_unreadable_sign_does_not_stop_the_audit(dehong, office):
    r = audit(parse_inventory([3, "x", {"name": ""}], dehong), dehong, office=office, catalogue_signs=CATALOGUE)
    assert [s["verdict"] for s in r["signs"]] == ["replace", "replace", "replace"]
    assert r["summary"]["missing"] == 6

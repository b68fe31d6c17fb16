"""对口挂牌: a department's sign hung at the village is an error in a single-sign check as it
is in the audit (one judgement, checker.counterpart_findings), citing 二(二)6 / 二(二)7."""

from __future__ import annotations

import pytest

from villagedesk.core.signs.audit import audit
from villagedesk.core.signs.checker import check_sign
from villagedesk.core.signs.spec import parse_inventory, spec_from_dict

BASE = {"background": "#FFFFFF", "text_colour": "#000000", "font": "标准宋体", "direction": "horizontal", "decorated": False}
CATALOGUE = [  # the national baseline's interior items and Mangshi's 便民服务站 (as the service hands them in)
    {"code": "CN-PZ-07", "title": "村级综合服务机构标牌", "sign_kind": "square", "placement": "interior", "name_pattern": ""},
    {"code": "CN-PZ-08", "title": "集合式服务功能指引标牌", "sign_kind": "guide", "placement": "interior", "name_pattern": ""},
    {"code": "CN-PZ-09", "title": "功能区域简明标牌", "sign_kind": "door", "placement": "room_door", "name_pattern": ""},
    {"code": "533103-PZ-03", "title": "便民服务站标牌", "sign_kind": "square", "placement": "interior",
     "name_pattern": "{村名}便民服务站"},
]
SQUARE = dict(BASE, kind="square", width_cm=60, height_cm=40)
DOOR = dict(BASE, kind="door", width_cm=30, height_cm=15, placement="room_door", room="203")

COUNTERPARTS = [  # (spec, why)
    (dict(SQUARE, name="芒市农业农村局驻村工作站", placement="exterior"), "工作站"),
    (dict(SQUARE, name="芒市农业农村局驻村工作站", placement="interior"), "工作站"),
    (dict(SQUARE, name="风平村妇女之家", placement="interior"), "妇女之家"),
    (dict(SQUARE, name="风平村老兵之家", placement="interior"), "之家"),
    (dict(DOOR, name="禁毒工作站"), "禁毒"),
    (dict(SQUARE, name="風平村婦女之家", placement="interior"), "妇女之家"),  # traditional characters too
    (dict(SQUARE, name="风平村人口学校", placement="exterior"), None),  # outside and not in the catalogue
]
RETAINED = [
    dict(SQUARE, name="芒市风平镇风平村便民服务站", placement="interior"),
    dict(DOOR, name="党员活动室"),
    dict(SQUARE, name="风平村综合服务大厅", placement="interior"),
]


def _counterpart(result):
    return [f for f in result["findings"] if f["rule"] == "count.counterpart"]


@pytest.mark.parametrize("spec, marker", COUNTERPARTS)
def test_a_counterpart_sign_is_an_error_in_the_single_check(check, spec, marker):
    result = check(spec, catalogue_signs=CATALOGUE)
    found = _counterpart(result)
    assert len(found) == 1 and found[0]["severity"] == "error" and not result["ok"], found
    f = found[0]
    assert "对口挂牌" in f["message"] and "应摘除" in f["message"]
    if marker:
        assert f"「{marker}」" in f["message"] or f["message"].startswith(f"「{marker}」")
    assert f["source"]["clause"] == "二(二)7" and "不得要求村级组织对口挂牌" in f["source"]["quote"]
    assert f["source"]["file"] == "policy/yunnan-dehong-plan.txt"


@pytest.mark.parametrize("spec", RETAINED)
def test_retained_signs_are_not_counterparts(check, spec):
    assert _counterpart(check(spec, catalogue_signs=CATALOGUE)) == []


def test_the_audit_and_the_check_agree_sign_by_sign(dehong, office):
    specs = [s for s, _ in COUNTERPARTS] + RETAINED
    result = audit(parse_inventory(specs, dehong), dehong, office=office, catalogue_signs=CATALOGUE)
    for spec, entry in zip(specs, result["signs"]):
        single = check_sign(spec_from_dict(spec, dehong), dehong, office=office, catalogue_signs=CATALOGUE)
        single_error = any(f["severity"] == "error" for f in _counterpart(single))
        assert single_error == (entry["verdict"] == "remove"), (spec["name"], entry["verdict"])
        assert _counterpart(single) == [f for f in entry["findings"] if f["rule"] == "count.counterpart"]


def test_national_cites_the_central_opinion(load, office):
    national = load("national")
    result = check_sign(spec_from_dict(dict(SQUARE, name="风平村妇女之家", placement="interior"), national), national,
                        office=office, catalogue_signs=CATALOGUE)
    f = _counterpart(result)[0]
    assert f["severity"] == "error" and f["source"]["file"] == "policy/central-opinion-2022-28.txt"
    assert f["source"]["clause"] == "二(二)6"


def test_without_a_catalogue_the_name_fragments_still_count(check):
    result = check(dict(SQUARE, name="芒市农业农村局驻村工作站", placement="interior"), office=None)
    assert _counterpart(result)[0]["severity"] == "error"
    assert _counterpart(check(dict(SQUARE, name="风平村人口学校", placement="interior"), office=None)) == []


def test_an_only_suspicious_fragment_is_a_warning_to_check(check):
    result = check(dict(SQUARE, name="综合办公室", placement="interior"), catalogue_signs=CATALOGUE)
    found = _counterpart(result)
    assert len(found) == 1 and found[0]["severity"] == "warning" and "请核实" in found[0]["message"]
    assert result["ok"]


def test_a_name_that_is_only_the_fragment_is_not_repeated(check):
    f = _counterpart(check(dict(DOOR, name="妇女之家"), catalogue_signs=CATALOGUE))[0]
    assert f["message"].startswith("「妇女之家」是上级部门要求的对口挂牌")

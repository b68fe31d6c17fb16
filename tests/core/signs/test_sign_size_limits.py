"""Size limits as written: "不超过35cm" means 35.0 passes and 35.1 or 35.4 do not, for every
kind and rule set, whether the size is given in cm, mm or m; a measuring tolerance applies
only when the desk sets one, and then every finding it changes says so."""

from __future__ import annotations

import pytest

from villagedesk.core.signs.checker import check_sign, tenths_of_mm
from villagedesk.core.signs.spec import spec_from_dict

BASE = {"background": "#FFFFFF", "text_colour": "#000000", "font": "标准宋体", "scripts": ["zh"], "decorated": False}
# one sign per kind, of the right organisation so that only the size is in question
SIGNS = {
    "strip": dict(BASE, name="芒市风平镇风平村民委员会", kind="strip", direction="vertical", placement="exterior"),
    "square": dict(BASE, name="芒市风平镇风平村便民服务站", kind="square", direction="horizontal", placement="interior"),
    "door": dict(BASE, name="党员活动室", kind="door", direction="horizontal", placement="room_door", room="201"),
}
DEHONG_LIMITS = {"strip": (35, 200), "square": (60, 40), "door": (30, 15)}  # 德宏州方案 二(二)8


def size_findings(rules, kind, width, height, office=None, tolerance=0.0):
    spec = spec_from_dict(dict(SIGNS[kind], width_cm=width, height_cm=height), rules)
    result = check_sign(spec, rules, office=office, size_tolerance_cm=tolerance)
    return [f for f in result["findings"] if f["rule"] == "size.max" or f["rule"].startswith("spec.width")
            or f["rule"].startswith("spec.height")], result


@pytest.mark.parametrize("kind", ["strip", "square", "door"])
@pytest.mark.parametrize("side", ["width", "height"])
@pytest.mark.parametrize("excess, passes", [(0, True), (0.1, False), (0.4, False), (0.0000001, True)])
def test_dehong_limits_at_the_boundary(dehong, office, kind, side, excess, passes):
    max_w, max_h = DEHONG_LIMITS[kind]
    w, h = (max_w + excess, max_h) if side == "width" else (max_w, max_h + excess)
    found, result = size_findings(dehong, kind, w, h, office)
    size = [f for f in found if f["rule"] == "size.max"]
    if passes:
        assert size == [], (w, h, size)
    else:
        assert len(size) == 1 and size[0]["severity"] == "error" and not result["ok"]
        assert size[0]["key"] == f"{side}_cm"
        assert size[0]["source"]["clause"] == "二(二)8" and "不超过35cm" in size[0]["source"]["quote"]
        assert f"{max_w:g}×{max_h:g}" in size[0]["message"]


@pytest.mark.parametrize("kind", ["strip", "square", "door"])
@pytest.mark.parametrize("unit, factor", [("mm", 10), ("毫米", 10), ("m", 0.01), ("米", 0.01)])
def test_mm_and_m_input_at_the_boundary(dehong, office, kind, unit, factor):
    max_w, max_h = DEHONG_LIMITS[kind]

    def text(cm):
        return f"{round(cm * factor, 6):g}{unit}"

    found, _ = size_findings(dehong, kind, text(max_w), text(max_h), office)
    assert not [f for f in found if f["rule"] == "size.max"]
    assert any(f["severity"] == "warning" and "已换算为" in f["message"] for f in found)  # the unit is said
    for excess in (0.1, 0.4):
        found, result = size_findings(dehong, kind, text(max_w + excess), text(max_h), office)
        size = [f for f in found if f["rule"] == "size.max"]
        assert size and size[0]["severity"] == "error" and not result["ok"], (kind, unit, excess)
        found, result = size_findings(dehong, kind, text(max_w), text(max_h + excess), office)
        assert [f for f in found if f["rule"] == "size.max" and f["severity"] == "error"], (kind, unit, excess)


def test_a_float_from_a_conversion_is_exactly_the_limit(dehong, office):
    for width in (35.00000000000001, 35.0000001, 350 * 0.1, 3.5 * 10):
        found, result = size_findings(dehong, "strip", width, 200, office)
        assert not [f for f in found if f["rule"] == "size.max"], width
    assert tenths_of_mm(35.00000000000001) == tenths_of_mm(35) == 3500
    assert tenths_of_mm(35.4) == 3540 and tenths_of_mm(0.1 + 0.2) == 30


@pytest.mark.parametrize("rules_id", ["national", "jilin-yanbian", "chongqing-yubei"])
@pytest.mark.parametrize("kind", ["strip", "square", "door"])
def test_rule_sets_without_limits_say_so_and_never_fail_on_size(load, rules_id, kind):
    rules = load(rules_id)
    max_w, max_h = DEHONG_LIMITS[kind]
    for w, h in ((max_w, max_h), (max_w + 0.1, max_h), (max_w + 0.4, max_h + 0.4)):
        found, _ = size_findings(rules, kind, w, h)
        size = [f for f in found if f["rule"] == "size.max"]
        assert len(size) == 1 and size[0]["severity"] == "info" and "未规定" in size[0]["message"]


def test_no_rule_set_carries_a_hidden_tolerance(load):
    for rules_id in ("national", "yunnan-dehong", "jilin-yanbian", "chongqing-yubei"):
        assert "size_tolerance_cm" not in load(rules_id).parameters


def test_a_tolerance_set_by_the_desk_is_said_in_the_finding(dehong, office):
    found, result = size_findings(dehong, "strip", 35.4, 200, office, tolerance=0.5)
    size = [f for f in found if f["rule"] == "size.max"]
    assert result["ok"] and len(size) == 1 and size[0]["severity"] == "info"
    assert "按容差 0.5 cm 判定" in size[0]["message"] and "35.4" in size[0]["message"]
    found, result = size_findings(dehong, "strip", 35.5, 200, office, tolerance=0.5)  # at max + tolerance
    assert result["ok"]
    found, result = size_findings(dehong, "door", 30, 15.6, office, tolerance=0.5)
    size = [f for f in found if f["rule"] == "size.max"]
    assert not result["ok"] and size[0]["severity"] == "error" and "按容差 0.5 cm 判定" in size[0]["message"]
    # within the limit the tolerance plays no part and is not mentioned
    found, _ = size_findings(dehong, "square", 60, 40, office, tolerance=0.5)
    assert not [f for f in found if f["rule"] == "size.max"]


def test_a_tolerance_never_applies_by_default(dehong, office):
    found, result = size_findings(dehong, "strip", 35.4, 200, office)
    assert not result["ok"] and "容差" not in found[0]["message"]

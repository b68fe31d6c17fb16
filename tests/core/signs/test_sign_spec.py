"""Reading a spec: every bad field becomes a finding naming its key; only a non-spec is refused."""

from __future__ import annotations

import pytest

from villagedesk.core.errors import UserError
from villagedesk.core.signs.spec import parse_inventory, parse_spec


def _problems(spec, key=None):
    return [p for p in spec.problems if key is None or p.get("key") == key]


def test_a_complete_spec_reads_clean(party_spec):
    spec = parse_spec(party_spec)
    assert spec.problems == []
    assert (spec.kind, spec.width_cm, spec.height_cm, spec.direction, spec.placement) == ("strip", 35, 200, "vertical", "exterior")
    assert spec.to_dict()["text_colour"] == "#EE1C25"


def test_chinese_values_are_accepted(party_spec):
    spec = parse_spec(dict(party_spec, kind="条牌", direction="竖排", placement="外部", scripts=["朝鲜文", "汉文"]))
    assert (spec.kind, spec.direction, spec.placement, spec.scripts) == ("strip", "vertical", "exterior", ["ko", "zh"])


@pytest.mark.parametrize("value, words", [(-35, "大于 0"), (0, "大于 0"), (0.5, "太小"), (2000, "太大"), ("35×200", "读不出"),
                                          (True, "数字"), (None, "缺少"), ([35], "数字"), (float("nan"), "有效"), ("abc", "读不出")])
def test_bad_sizes_are_errors_naming_the_key(party_spec, value, words):
    spec = parse_spec(dict(party_spec, width_cm=value))
    problems = _problems(spec, "width_cm")
    assert problems and problems[0]["severity"] == "error" and words in problems[0]["message"]
    assert spec.width_cm is None


@pytest.mark.parametrize("value, cm, warned", [("35", 35, False), ("35cm", 35, False), ("35 厘米", 35, False),
                                               ("35公分", 35, False), ("350 mm", 35, True), ("350毫米", 35, True),
                                               ("0.35m", 35, True), ("３５ｃｍ", 35, False)])
def test_sizes_with_units(party_spec, value, cm, warned):
    spec = parse_spec(dict(party_spec, width_cm=value))
    assert spec.width_cm == cm
    warnings = _problems(spec, "width_cm")
    assert bool(warnings) == warned
    if warned:
        assert warnings[0]["severity"] == "warning" and "换算" in warnings[0]["message"]


def test_colour_names_are_findings_with_the_hex(party_spec):
    spec = parse_spec(dict(party_spec, text_colour="红色", background="white"))
    text = _problems(spec, "text_colour")[0]
    assert text["severity"] == "error" and text["category"] == "colour" and "#EE1C25" in text["message"]
    assert "#FFFFFF" in _problems(spec, "background")[0]["message"]


def test_empty_and_overlong_names(party_spec):
    assert "为空" in _problems(parse_spec(dict(party_spec, name="  ")), "name")[0]["message"]
    long = _problems(parse_spec(dict(party_spec, name="村" * 500)), "name")[0]
    assert long["severity"] == "error" and "500 字" in long["message"]
    assert _problems(parse_spec(dict(party_spec, name=42)), "name")[0]["severity"] == "error"


def test_unknown_keys_are_named_with_a_guess(party_spec):
    spec = parse_spec(dict(party_spec, widht_cm=35, colour_of_frame="#000"))
    msgs = {p["key"]: p["message"] for p in spec.problems}
    assert "width_cm" in msgs["widht_cm"] and "colour_of_frame" in msgs
    assert all(p["severity"] == "warning" for p in spec.problems)


def test_aliases_are_read_with_a_warning(party_spec):
    data = dict(party_spec)
    data["text_color"] = data.pop("text_colour")
    spec = parse_spec(data)
    assert spec.text_colour == "#EE1C25" and "text_colour" in spec.problems[0]["message"]


def test_missing_optional_fields_default_with_a_note(party_spec):
    data = {k: party_spec[k] for k in ("name", "kind", "width_cm", "height_cm")}
    spec = parse_spec(data)
    assert (spec.direction, spec.placement, spec.scripts, spec.decorated) == ("vertical", "exterior", ["zh"], False)
    keys = {p["key"] for p in spec.problems}
    assert {"direction", "placement", "background", "text_colour", "font"} <= keys
    assert not any(p["severity"] == "error" for p in spec.problems)


@pytest.mark.parametrize("data, words", [([1, 2], "数组"), (3, "数字"), ("条牌", "文字"), (None, "空值"),
                                         ({"清单": "机制牌子保留目录", "编码": "CN-PZ-01"}, "没有 name"),
                                         ({"format": "villagedesk-sign-inventory/1", "signs": []}, "sign audit")])
def test_what_is_not_a_spec_is_refused(data, words):
    with pytest.raises(UserError, match=words):
        parse_spec(data)


@pytest.mark.parametrize("field, value", [("kind", "圆牌"), ("direction", "斜排"), ("placement", "屋顶"), ("scripts", ["en"]),
                                          ("scripts", []), ("decorated", "maybe"), ("font", 12), ("name_ko", ["x"])])
def test_bad_choices_are_errors(party_spec, field, value):
    spec = parse_spec(dict(party_spec, **{field: value}))
    assert any(p["severity"] == "error" and p["key"] == field for p in spec.problems)


def test_inventory_forms(party_spec):
    assert len(parse_inventory([party_spec, party_spec])) == 2
    assert len(parse_inventory({"format": "villagedesk-sign-inventory/1", "signs": [party_spec]})) == 1
    specs = parse_inventory({"signs": [party_spec, 7]})
    assert specs[1].problems[0]["severity"] == "error" and "第 2 块" in specs[1].problems[0]["message"]
    for bad, words in [({"signs": 3}, "数组"), ({"format": "x", "signs": []}, "format"), (party_spec, "sign check"), ({"a": 1}, "不是牌子清单")]:
        with pytest.raises(UserError, match=words):
            parse_inventory(bad)

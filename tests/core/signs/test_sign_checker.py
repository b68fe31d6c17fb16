"""The checker: a correct Dehong party strip passes; each category has a failing example,
and every finding cites its clause."""

from __future__ import annotations

import pytest

from villagedesk.core.signs.checker import check_sign
from villagedesk.core.signs.spec import parse_spec

BASE = {"background": "#FFFFFF", "text_colour": "#000000", "font": "标准宋体", "scripts": ["zh"], "decorated": False}


def _errors(result, category=None):
    return [f for f in result["findings"] if f["severity"] == "error" and (category is None or f["category"] == category)]


def test_correct_dehong_party_strip_passes_without_remarks(check, party_spec):
    result = check(party_spec)
    assert result["ok"] and result["findings"] == [] and result["role"] == "party"


def test_every_finding_has_the_shape_and_cites_a_source(check):
    result = check(dict(BASE, name="風平村委会", kind="strip", width_cm=200, height_cm=50, font="黑体", decorated=True,
                        direction="horizontal", text_colour="#EE1C25", background="#FFFF00", placement="interior"))
    assert not result["ok"]
    for f in result["findings"]:
        assert set(f) >= {"rule", "category", "severity", "message", "source"}
        assert f["source"]["document"]
        if f["source"]["file"].startswith("policy/"):
            assert f["source"]["clause"] and f["source"]["quote"]
    assert {f["category"] for f in _errors(result)} >= {"size", "direction", "colour", "font", "name", "characters",
                                                          "placement", "decoration"}


COMMITTEE = dict(BASE, name="芒市风平镇风平村民委员会", kind="strip", width_cm=35, height_cm=200, direction="vertical",
                 placement="exterior")


def test_committee_strip_passes(check):
    assert check(COMMITTEE)["findings"] == []


@pytest.mark.parametrize("change, rule, category", [
    ({"width_cm": 40}, "size.max", "size"),
    ({"height_cm": 220}, "size.max", "size"),
    ({"width_cm": 200, "height_cm": 35}, "size.shape", "direction"),  # a strip lying flat
    ({"direction": "horizontal"}, "direction.kind", "direction"),
    ({"kind": "square", "width_cm": 60, "height_cm": 40, "direction": "horizontal"}, "size.kind", "size"),
    ({"text_colour": "#EE1C25"}, "colour.text", "colour"),
    ({"background": "#D4A017"}, "colour.background", "colour"),
    ({"font": "黑体"}, "font.family", "font"),
    ({"font": "楷体"}, "font.family", "font"),
    ({"font": "仿宋_GB2312"}, "font.family", "font"),
    ({"font": "微软雅黑"}, "font.family", "font"),
    ({"name": "风平村委会"}, "name.abbreviation", "name"),
    ({"name": "九龙村委会"}, "name.approved", "name"),
    ({"name": "芒市风平镇风平村民委員會"}, "characters.standard", "characters"),
    ({"name": "芒市风平镇风平村民委员会ABC"}, "characters.script", "characters"),
    ({"placement": "interior"}, "placement.kind", "placement"),
    ({"decorated": True}, "decoration.none", "decoration"),
])
def test_each_category_has_a_failing_example(check, change, rule, category):
    result = check(dict(COMMITTEE, **change))
    assert not result["ok"]
    assert any(f["rule"] == rule and f["category"] == category and f["severity"] == "error" for f in result["findings"]), result


def test_a_flat_strip_of_the_right_size_is_only_a_shape_finding(check):
    rules = {f["rule"] for f in check(dict(COMMITTEE, width_cm=200, height_cm=35))["findings"]}
    assert "size.shape" in rules and "size.max" not in rules


def test_traditional_characters_get_opencc_suggestions(check):
    msgs = [f["message"] for f in check(dict(COMMITTEE, name="芒市风平镇风平村民委員會"))["findings"] if f["rule"] == "characters.standard"]
    assert "「員」是繁体字，应写作「员」" in msgs and "「會」是繁体字，应写作「会」" in msgs


@pytest.mark.parametrize("short, full", [("村委会", "村民委员会"), ("村监委", "村务监督委员会"), ("监委会", "村务监督委员会"),
                                         ("经合社", "经济合作社"), ("股份社", "股份经济合作社"), ("党群中心", "党群服务中心")])
def test_abbreviations_suggest_the_full_form(check, short, full):
    result = check(dict(BASE, name=f"芒市风平镇{short}", kind="strip", width_cm=35, height_cm=200, direction="vertical", placement="exterior"))
    msg = next(f["message"] for f in result["findings"] if f["rule"] == "name.abbreviation")
    assert short in msg and full in msg


def test_full_forms_are_not_abbreviations(check):
    for name in ("中国共产党芒市风平镇风平村支部委员会", "中共芒市风平镇风平村委员会", "芒市风平镇风平村新时代文明实践站"):
        result = check(dict(BASE, name=name, kind="strip", width_cm=35, height_cm=200, direction="vertical", placement="exterior"))
        assert not [f for f in result["findings"] if f["rule"] == "name.abbreviation"], name
    result = check(dict(BASE, name="芒市风平镇风平村文明实践站", kind="square", width_cm=60, height_cm=40, placement="exterior"))
    assert any(f["rule"] == "name.abbreviation" and "新时代文明实践站" in f["message"] for f in result["findings"])


@pytest.mark.parametrize("text, ok", [("#C00000", True), ("#8B0000", True), ("#EE1C25", True), ("#000000", False), ("#FFC0CB", False)])
def test_party_red_by_family(check, party_spec, text, ok):
    assert check(dict(party_spec, text_colour=text))["ok"] is ok


def test_a_distant_red_is_only_a_note(check, party_spec):
    result = check(dict(party_spec, text_colour="#8B0000"))
    assert result["ok"] and [f["severity"] for f in result["findings"]] == ["info"]


@pytest.mark.parametrize("text", ["#1A1A1A", "#333333", "#000000"])
def test_near_black_is_black(check, text):
    assert check(dict(COMMITTEE, text_colour=text))["findings"] == []


@pytest.mark.parametrize("font", ["宋体", "标准宋体", "美术宋体", "思源宋体", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun",
                                  "华文宋体", "方正书宋", "方正小标宋简体", "华文中宋", "STSong"])
def test_song_faces_pass(check, font):
    assert check(dict(COMMITTEE, font=font))["findings"] == []


def test_unknown_font_is_a_warning(check):
    result = check(dict(COMMITTEE, font="阿里巴巴普惠体X"))
    assert result["ok"] and result["findings"][0]["severity"] == "warning" and "不认识字体" in result["findings"][0]["message"]


def test_organisation_is_inferred_from_the_name(check, party_spec):
    assert check(dict(party_spec, name="中国共产党芒市风平镇风平村总支部委员会"))["role"] == "party"
    assert check(dict(COMMITTEE, name="芒市风平镇风平村村务监督委员会"))["role"] == "supervision"
    assert check(dict(COMMITTEE, name="芒市风平镇风平村股份经济合作社"))["role"] == "collective"
    assert check(dict(COMMITTEE, name="風平村黨群服務中心", kind="square", width_cm=60, height_cm=40,
                      direction="horizontal"))["role"] == "service_center"


def test_given_organisation_wins(check):
    result = check(dict(COMMITTEE, organisation="party"))
    assert any(f["rule"] == "colour.text" for f in result["findings"])


def test_guide_sign_outside_is_a_placement_error(check):
    result = check(dict(BASE, name="服务功能指引", kind="guide", width_cm=60, height_cm=40, direction="horizontal", placement="exterior"))
    assert any(f["rule"] == "placement.kind" for f in _errors(result))


def test_national_rules_only_warn_about_style(load, office):
    national = load("national")
    spec = parse_spec(dict(COMMITTEE, font="黑体", width_cm=50, height_cm=300))
    result = check_sign(spec, national, office=office)
    assert result["ok"]
    assert {f["rule"]: f["severity"] for f in result["findings"]} == {"font.family": "warning", "size.max": "info"}


def test_without_an_office_names_follow_the_patterns(check):
    result = check(dict(COMMITTEE, name="九龙村委会"), office=None)
    assert {f["rule"] for f in result["findings"]} == {"name.abbreviation", "name.approved"}
    assert check(dict(COMMITTEE, name="九龙村民委员会"), office=None)["findings"] == []


def test_catalogue_unknown_sign_is_flagged(check):
    catalogue = [{"code": "CN-PZ-09", "title": "功能区域简明标牌", "sign_kind": "door", "placement": "room_door", "name_pattern": ""}]
    result = check(dict(BASE, name="风平村综治中心", kind="square", width_cm=60, height_cm=40, direction="horizontal",
                        placement="exterior"), catalogue_signs=catalogue)
    found = [f for f in result["findings"] if f["rule"] == "count.counterpart"]
    assert found and found[0]["severity"] == "error" and not result["ok"]  # 对口挂牌, as the audit says


def _yanbian_office():
    return {"name": "延吉市依兰镇光明村民委员会", "short_name": "光明村",
            "organisations": [{"role": "committee", "name": "延吉市依兰镇光明村民委员会"}]}


def test_yanbian_needs_korean_and_says_what_awaits_confirmation(load):
    import json
    from pathlib import Path

    rules = load("jilin-yanbian")
    data = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "signs" / "yanbian-committee.json").read_text(encoding="utf-8"))
    result = check_sign(parse_spec(data), rules, office=_yanbian_office())
    assert result["ok"]
    infos = [f for f in result["findings"] if f["severity"] == "info"]
    assert any(f["rule"] == "language.layout" and "待州县确认" in f["message"] for f in infos)
    for change, words in [({"name_ko": ""}, "name_ko"), ({"scripts": ["zh"]}, "ko"), ({"name_ko": "Gwangmyeong"}, "不全是朝鲜文")]:
        bad = check_sign(parse_spec(dict(data, **change)), rules, office=_yanbian_office())
        errs = [f for f in bad["findings"] if f["rule"] == "language.korean"]
        assert errs and errs[0]["category"] == "language" and words in errs[0]["message"]
        assert not bad["ok"]


def test_hangul_in_the_chinese_name_is_pointed_to_name_ko(load):
    rules = load("jilin-yanbian")
    result = check_sign(parse_spec(dict(COMMITTEE, name="光明村民委员会광명", name_ko="광명촌민위원회", scripts=["ko", "zh"])), rules)
    assert any(f["rule"] == "characters.script" and "name_ko" in f["message"] for f in result["findings"])

"""core/org_names: where the place ends in a legal name, and the names proposed from it."""

from __future__ import annotations

import pytest

from villagedesk import resources
from villagedesk.core import org_names

DATA = resources.read_json("names", "org-names.json")
ABBREVIATIONS = resources.read_json("rules", "national.json")["abbreviations"]


@pytest.mark.parametrize("name,place,kind", [
    ("江口村村民委员会", "江口村", "village"),
    ("重庆市渝北区统景镇江口村村民委员会", "重庆市渝北区统景镇江口村", "village"),
    ("江口村民委员会", "江口村", "village"),
    ("芒市风平镇风平村民委员会", "芒市风平镇风平村", "village"),
    ("仙仁洞村民委员会", "仙仁洞村", "village"),
    ("兴侨社区居民委员会", "兴侨社区", "community"),
    ("向阳社区", "向阳社区", "community"),
    ("光进村", "光进村", "village"),
    (" 江口村 村民委员会 ", "江口村", "village"),  # spaces as pasted
    ("西南里居民委员会", "", ""),  # 居民委员会 without 社区: the place is not known
    ("九龙村委会", "", ""),  # a statistical short form is not a legal name
    ("风平镇人民政府", "", ""),
    ("村民委员会", "", ""),
    ("村", "", ""),
    ("", "", ""),
])
def test_place_of(name, place, kind):
    assert org_names.place_of(name) == (place, kind)


def test_village_names_have_village_once():
    got = {o["role"]: o["name"] for o in org_names.derive("江口村村民委员会", "village", DATA)}
    assert got == {"party": "中共江口村支部委员会", "committee": "江口村村民委员会", "supervision": "江口村村务监督委员会",
                   "collective": "江口村股份经济合作社", "service_center": "江口村党群服务中心",
                   "civilization_station": "江口村新时代文明实践站"}
    assert org_names.derive("江口村", "village", DATA)[1] == {"role": "committee", "name": "江口村民委员会", "derived": True}


def test_communities_get_no_village_words_and_no_guessed_collective():
    got = {o["role"]: o["name"] for o in org_names.derive("兴侨社区居民委员会", "village", DATA)}
    assert got["supervision"] == "兴侨社区居务监督委员会" and got["committee"] == "兴侨社区居民委员会"
    assert "collective" not in got and not any("村" in n for n in got.values())


def test_townships_and_counties_get_nothing():
    assert org_names.derive("芒市风平镇人民政府", "township", DATA) == []
    assert org_names.derive("江口村村民委员会", "county", DATA) == []


@pytest.mark.parametrize("name,said", [
    ("九龙村委会", "「村委会」是简称或统计用名称，不是批准的全称（应写作「村民委员会」，如「九龙村民委员会」）"),
    ("城关居委会", "如「城关居民委员会」"),
    ("江口村村委", "如「江口村村民委员会」"),
    ("江口村党支部", "「党支部」"),
    ("江口村监委会", "「村监委」"),
])
def test_short_forms_are_named_with_the_full_form(name, said):
    assert said in org_names.short_form_problem(name, ABBREVIATIONS)
    assert "如「江口村务监督委员会会」" not in org_names.short_form_problem(name, ABBREVIATIONS)


@pytest.mark.parametrize("name", ["江口村村民委员会", "中共江口村支部委员会", "中共江口村总支部委员会", "江口村村务监督委员会",
                                  "江口村新时代文明实践站", "兴侨社区居民委员会"])
def test_full_names_pass(name):
    assert org_names.short_form_problem(name, ABBREVIATIONS) == ""


def test_not_registered_names_the_role_and_where_to_fill_it_in():
    assert org_names.not_registered("collective") == "未登记村集体经济组织的批准全称，请在“设置”的“单位信息”中填写"

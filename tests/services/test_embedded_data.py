"""The shipped catalogues and policy quotes: valid, complete and true to their sources."""

import json
import re
from pathlib import Path

import pytest

from villagedesk import resources
from villagedesk.services import admission, catalogue

SHARED_POLICY = Path(__file__).resolve().parents[3] / "shared" / "policy"

NATIONAL_20 = ["亲属关系证明", "居民身份信息证明", "户口登记项目内容变更申请证明", "居民养犬证明", "无犯罪记录证明",
               "社区戒毒社区康复人员情况证明（表现证明）", "人员失踪证明", "婚姻状况证明", "出生证明", "健在证明",
               "死亡证明", "疾病状况证明", "残疾状况证明", "婚育状况证明", "居民就业状况证明", "居民个人档案证明",
               "居民财产证明", "遗产继承权证明", "市场主体住所证明", "证件遗失证明"]
REQUIRED_RETAINED = ["居", "家庭经济困难情况证明", "权属来源证明", "贫困学生证明", "学生参加活动情况反馈证明",
                     "收养人婚姻状况和抚养教育能力证明"]


@pytest.mark.parametrize("path", resources.embedded_catalogues(), ids=lambda p: p.name)
def test_embedded_catalogue_is_valid_without_warnings(path):
    checked = catalogue.check_file(path)
    assert checked["warnings"] == []
    assert all(i.basis for i in checked["catalogue"].items)


def test_national_baseline_holds_the_twenty_items_in_order(demo_session):
    items = [i for i in catalogue.list_items(demo_session, "不应出具") if i["jurisdiction_code"] == "000000"]
    assert [i["title"] for i in items] == NATIONAL_20
    negative = {i["title"] for i in catalogue.list_items(demo_session, "负面") if i["jurisdiction_code"] == "000000"}
    assert {"行政执法", "拆迁拆违", "招商引资", "安全生产"} <= negative
    exterior = [i for i in catalogue.list_items(demo_session, "牌子")
                if i["jurisdiction_code"] == "000000" and {"label": "悬挂位置", "value": "外部"} in i["details"]]
    assert len(exterior) == 6


@pytest.mark.parametrize("path", [p for p in resources.embedded_catalogues() if not p.name.startswith("000000")],
                         ids=lambda p: p.name)
def test_each_demo_county_retains_the_six_certificates_and_marks_demo_items(path):
    cat = catalogue.check_file(path)["catalogue"]
    retained = [i.title for i in cat.items if i.list_key == "cert_retained"]
    for title in REQUIRED_RETAINED:
        assert any(t.startswith(title) or t == title for t in retained), (path.name, title)
    assert all(i.origin in ("demo", "county", "prefectural") for i in cat.items)
    assert any(i.origin == "demo" for i in cat.items)


def test_demo_desk_applies_national_and_mangshi_only(demo_session):
    applies = {c["jurisdiction_code"] for c in catalogue.list_catalogues(demo_session) if c["applies"]}
    assert applies == {"000000", "533103"}
    results = catalogue.search(demo_session, "居住")
    assert results[0]["title"] == "居（租）住证明" and results[0]["jurisdiction_code"] == "533103"


@pytest.mark.parametrize("query", ["居住", "jzzm", "juzhu", "居", "ju zhu", "JZZM", "居住證明"])
def test_clerk_finds_the_residence_certificate(demo_session, query):
    titles = [r["title"] for r in catalogue.search(demo_session, query, limit=10)]
    assert "居（租）住证明" in titles, titles


def test_search_ranks_exact_then_prefix_then_substring_then_other_fields(demo_session):
    results = catalogue.search(demo_session, "婚姻状况证明", limit=20)
    assert results[0]["title"] == "婚姻状况证明" and results[0]["rank"] == 0
    ranks = [r["rank"] for r in results]
    assert ranks == sorted(ranks)
    two = catalogue.search(demo_session, "死亡")
    assert two[0]["title"] == "死亡证明"
    basis = catalogue.search(demo_session, "民发")
    assert basis and all(r["rank"] == 3 for r in basis)


@pytest.mark.parametrize("text, verdict", [
    ("请村委会负责辖区内违章建筑的拆除工作", "negative"),
    ("请村里统计辖区企业安全生产隐患并负责整改", "negative"),
    ("请村里开具无犯罪记录证明", "cert_forbidden"),
    ("请出具收养人婚姻状况证明", "cert_retained"),
    ("请村委会调解两户村民的宅基地纠纷", "autonomy"),
    ("组织村民观看露天电影", "unlisted"),
])
def test_admission_check_on_the_demo_catalogues(demo_session, text, verdict):
    result = admission.check_task(demo_session, text)
    assert result["verdict"] == verdict, (result["verdict"], [m["title"] for m in result["matches"]])
    if verdict in ("negative", "unlisted"):
        assert any(c["clause"] == "二(一)1" for c in result["clauses"])


def test_admission_check_refuses_empty_and_overlong_text(demo_session):
    from villagedesk.core.errors import UserError

    with pytest.raises(UserError, match="请输入"):
        admission.check_task(demo_session, " \n ")
    with pytest.raises(UserError, match="过长"):
        admission.check_task(demo_session, "拆" * 2001)


@pytest.mark.skipif(not SHARED_POLICY.is_dir(), reason="shared/policy is not beside the checkout")
def test_every_quoted_clause_is_verbatim_in_its_policy_text():
    clauses = json.loads(resources.resource("policy", "clauses.json").read_text(encoding="utf-8"))["clauses"]
    for key, clause in clauses.items():
        source = re.sub(r"\s+", "", (SHARED_POLICY / Path(clause["file"]).name).read_text(encoding="utf-8"))
        assert clause["text"] in source, key


def test_init_again_keeps_a_newer_county_catalogue(demo_session, tmp_path):
    from villagedesk.core.catalogue import template_rows
    from villagedesk.services import desk
    from villagedesk.spreadsheet.writer import write_csv

    meta, header, rows = template_rows()
    meta = [[k, "2099.1" if k == "目录版本" else v] for k, v in meta]
    write_csv(tmp_path / "new.csv", meta + [[]] + [header] + rows)
    catalogue.import_catalogue(demo_session, tmp_path / "new.csv")
    result = desk.init_demo(demo_session)
    outcomes = {r["file"].rsplit("/", 1)[-1]: r["outcome"] for r in result["catalogues_installed"]}
    assert outcomes["533103-mangshi.csv"] == "kept_installed"
    assert outcomes["000000-national.csv"] == "unchanged"
    mangshi = [c for c in catalogue.list_catalogues(demo_session) if c["jurisdiction_code"] == "533103"]
    assert mangshi[0]["version"] == "2099.1"


def test_a_real_office_gets_the_national_baseline_but_no_demo_catalogue(empty_session):
    from villagedesk.services import desk

    result = desk.init_desk(empty_session, region_code="533103105202", name="芒市风平镇那目村民委员会", level="village")
    assert [r["file"].rsplit("/", 1)[-1] for r in result["catalogues_installed"]] == ["000000-national.csv"]
    assert [c["jurisdiction_code"] for c in catalogue.list_catalogues(empty_session)] == ["000000"]
    assert all(i["origin"] != "demo" for i in catalogue.list_items(empty_session))
    # the demo county file can still be imported on purpose
    catalogue.import_catalogue(empty_session, resources.resource("catalogues", "533103-mangshi.csv"))
    assert catalogue.search(empty_session, "居住")[0]["title"] == "居（租）住证明"

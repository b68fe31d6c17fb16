"""The burden rule files: quotes verbatim in the policy texts, broken files refused with a
Chinese message naming file and rule, and hostile requests answered with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from villagedesk import resources
from villagedesk.core.admission import check_task
from villagedesk.core.burdens import build, quote_problems, read
from villagedesk.core.errors import UserError

SHARED_POLICY = Path(__file__).resolve().parents[3] / "shared" / "policy"
BURDENS = resources.resource("burdens")
JURISDICTIONS = [j["id"] for j in resources.jurisdictions()]


def _load(name: str) -> tuple[str, dict]:
    return f"burdens/{name}.json", json.loads((BURDENS / f"{name}.json").read_text(encoding="utf-8"))


def _rules(name: str):
    return build([_load("national")] + ([_load(name)] if name != "national" else []))


def test_every_jurisdiction_has_a_rule_file_inheriting_national():
    for j in JURISDICTIONS:
        name, data = _load(j)
        assert data["id"] == j
        assert data["inherits"] == (None if j == "national" else "national"), name


@pytest.mark.skipif(not SHARED_POLICY.is_dir(), reason="shared/policy is not beside the checkout")
@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_rule_quotes_its_clause_verbatim(jurisdiction):
    texts = {f"policy/{p.name}": p.read_text(encoding="utf-8") for p in SHARED_POLICY.glob("*.txt")}
    assert quote_problems(_rules(jurisdiction), texts) == []


def test_the_quote_check_notices_a_changed_quote():
    rules = _rules("national")
    texts = {"policy/central-opinion-2022-28.txt": "什么也没有"}
    problems = quote_problems(rules, texts)
    assert problems and all("central-opinion-2022-28.txt" in p for p in problems)


def test_a_jurisdiction_cites_its_own_clause_and_can_make_a_rule_strict():
    dehong = {r.id: r for r in _rules("yunnan-dehong").rules}
    assert dehong["paired-sign"].clause.file == "policy/yunnan-dehong-plan.txt"
    assert dehong["paired-sign"].words  # the words came from national
    assert dehong["pledge-veto"].verdict == "forbidden"
    assert {r.id: r for r in _rules("national").rules}["pledge-veto"].verdict == "needs-review"


def _national_with(rule: dict) -> list[tuple[str, dict]]:
    name, data = _load("national")
    data = dict(data, rules=data["rules"] + [rule])
    return [(name, data)]


def test_a_bad_pattern_is_refused_naming_file_and_rule():
    bad = {"id": "broken", "verdict": "forbidden", "patterns": ["(挂牌"],
           "clause": {"ref": "central", "clause": "二(二)6", "quote": "党政群机构不得要求村级组织对口挂牌。"}}
    with pytest.raises(UserError) as err:
        build(_national_with(bad))
    assert "burdens/national.json" in str(err.value) and "broken" in str(err.value) and "正则" in str(err.value)


@pytest.mark.parametrize("clause", [None, {"ref": "central", "clause": "二(二)6"}, {"ref": "nowhere", "clause": "一", "quote": "x"}])
def test_a_missing_clause_is_refused_naming_file_and_rule(clause):
    bad = {"id": "no-clause", "verdict": "forbidden", "words": ["挂牌"]}
    if clause is not None:
        bad["clause"] = clause
    with pytest.raises(UserError) as err:
        build(_national_with(bad))
    assert "burdens/national.json" in str(err.value) and "no-clause" in str(err.value)


@pytest.mark.parametrize("broken, says", [
    ({"id": "v", "verdict": "maybe", "words": ["x"], "clause": {"ref": "central", "clause": "一", "quote": "x"}}, "verdict"),
    ({"id": "w", "verdict": "forbidden", "words": "挂牌", "clause": {"ref": "central", "clause": "一", "quote": "x"}}, "words"),
    ({"id": "n", "verdict": "forbidden", "clause": {"ref": "central", "clause": "一", "quote": "x"}}, "永远不会命中"),
    ({"verdict": "forbidden"}, "缺少 id"),
])
def test_other_broken_rules_are_refused_in_chinese(broken, says):
    with pytest.raises(UserError, match=says):
        build(_national_with(broken))


def test_a_file_that_is_not_a_rule_set_is_refused():
    with pytest.raises(UserError, match="格式标记"):
        build([("burdens/national.json", {"rules": []})])
    with pytest.raises(UserError, match="不是规则集"):
        build([("burdens/national.json", [])])


RULES = _rules("yunnan-dehong")


@pytest.mark.parametrize("text", [
    "",
    "请" * 10_000,
    "挂牌" * 5_000,
    "请各村于每月5日前报送台账 " * 700,
    "🙏🙏🙏📊📊",
    "ＡＰＰ上传照片打卡，ｈｔｔｐ://ｘｘ",
    "請各村於村委會門口懸掛牌匾 and report monthly тест العربية",
])
def test_hostile_requests_never_crash_and_never_answer_without_a_reason(text):
    result = check_task(text, [], rules=RULES)
    assert result.decision in ("refuse", "assist", "allow", "review")
    assert result.reason


def test_a_refusal_shows_the_words_that_decided_it():
    reading = read("请村委会在村部门口加挂“妇女儿童之家”牌子，并明确一名专人负责日常管理", RULES)
    assert {h.rule.id for h in reading.hits} >= {"paired-sign", "dedicated-post"}
    result = check_task("请村委会在村部门口加挂“妇女儿童之家”牌子，并明确一名专人负责日常管理", [], rules=RULES)
    assert result.verdict == "burden" and "加挂" in result.decisive


def test_publicity_and_reporting_is_assistance_but_demolition_is_not():
    assist = check_task("请各村做好拆违政策宣传，发现新增违建及时报告镇执法中队", [], rules=RULES)
    assert (assist.verdict, assist.decision) == ("assist", "assist")
    assert "宣传" in assist.decisive
    subject = check_task("请各村做好拆违政策宣传，并负责组织拆除新增违建", [], rules=RULES)
    assert (subject.verdict, subject.decision) == ("negative", "refuse")
    assert "负责" in subject.decisive or "组织拆除" in subject.decisive
    bare = check_task("关于拆违工作", [], rules=RULES)
    assert bare.decision == "review" and bare.needs_review


def test_a_claimed_county_deployment_asks_for_review_not_refusal():
    result = check_task("经县委县政府统一部署，请各村于每年1月底前填报村级年度统计报表", [], rules=RULES)
    assert result.decision == "review" and "县委县政府统一部署" in result.reason

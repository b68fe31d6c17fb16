"""A county officer's broken burden rule file: the 准入 check says which file and which rule,
in Chinese, and gives no verdict; hostile requests get an answer with a reason or a message."""

from __future__ import annotations

import json
import shutil

import pytest

from villagedesk import resources
from villagedesk.core.errors import UserError
from villagedesk.services import admission


@pytest.fixture
def edited_rules(tmp_path, monkeypatch):
    """A copy of resources/burdens the test may break, used as the program's resources."""
    root = tmp_path / "data"
    (root / "resources" / "catalogues").mkdir(parents=True)
    shutil.copytree(resources.resource("burdens"), root / "resources" / "burdens")
    monkeypatch.setenv("VILLAGEDESK_RESOURCES", str(root))
    resources.data_root.cache_clear()
    admission._RULES.clear()
    yield root / "resources" / "burdens"
    monkeypatch.delenv("VILLAGEDESK_RESOURCES")
    resources.data_root.cache_clear()
    admission._RULES.clear()


def _edit(folder, name, change):
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_bad_pattern_in_a_county_file_names_the_file_and_the_rule(edited_rules):
    _edit(edited_rules, "yunnan-dehong.json",
          lambda d: d["rules"].append({"id": "bad-one", "verdict": "forbidden", "patterns": ["[挂牌"],
                                       "clause": {"ref": "dehong", "clause": "二(二)7", "quote": "党政群机构不得要求村级组织对口挂牌。"}}))
    with pytest.raises(UserError) as err:
        admission.burden_rules("yunnan-dehong")
    assert "burdens/yunnan-dehong.json" in str(err.value) and "bad-one" in str(err.value)


def test_a_rule_without_its_clause_names_the_file_and_the_rule(edited_rules):
    def drop(d):
        del next(r for r in d["rules"] if r["id"] == "paired-sign")["clause"]
    _edit(edited_rules, "national.json", drop)
    with pytest.raises(UserError) as err:
        admission.burden_rules("national")
    assert "burdens/national.json" in str(err.value) and "paired-sign" in str(err.value) and "依据条款" in str(err.value)


def test_a_file_that_is_not_json_is_refused_in_chinese(edited_rules):
    (edited_rules / "jilin-yanbian.json").write_text("{ 不是 json", encoding="utf-8")
    with pytest.raises(UserError, match="burdens/jilin-yanbian.json 无法读取"):
        admission.burden_rules("jilin-yanbian")


def test_the_check_refuses_with_the_message_not_a_verdict(edited_rules, demo_session):
    _edit(edited_rules, "national.json", lambda d: d["rules"][0].update(verdict="也许"))
    with pytest.raises(UserError, match="verdict"):
        admission.check_task(demo_session, "请各村加挂牌子")


def test_hostile_requests_get_a_reason_or_a_clear_message(demo_session):
    for text in ["🙏🙏📊", "ＡＰＰ上传照片打卡", "請各村於每週一前上報台賬 and a monthly report тест",
                 "请" + "\u200b" * 5 + "各村每月报送统计表"]:
        result = admission.check_task(demo_session, text)
        assert result["reason"] and result["decision"] in ("refuse", "assist", "allow", "review"), text
    with pytest.raises(UserError, match="过长"):
        admission.check_task(demo_session, "请各村每月报送统计表" * 1000)
    with pytest.raises(UserError, match="请输入"):
        admission.check_task(demo_session, "\u3000 \n")

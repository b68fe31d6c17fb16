"""The flag rules file and core/township_flags.py: every clause quoted verbatim from
shared/policy, thresholds applied as the rule says."""

import json
import re
from pathlib import Path

from villagedesk import resources
from villagedesk.core import township_flags as F
from villagedesk.core import township_report as R

POLICY = Path(__file__).resolve().parents[2].parent / "shared" / "policy"


def test_every_flag_cites_a_verbatim_clause():
    data = json.loads(resources.resource("township", "flags.json").read_text(encoding="utf-8"))
    quotes = [c for f in data["flags"].values() for c in f["clauses"]] + [data["summary_outline"]]
    assert len(data["flags"]) == 5 and all(f["clauses"] for f in data["flags"].values())
    for c in quotes:
        source = re.sub(r"\s+", "", (POLICY / Path(c["file"]).name).read_text(encoding="utf-8"))
        assert re.sub(r"\s+", "", c["text"]) in source, (c["file"], c["clause"])
        assert c["clause"] and c["document"]


RULE = {"title": "作废比例明显高于其他村", "rule": "不少于 {min_issued} 份，{min_rate:.0%}，{factor} 倍", "severity": "medium",
        "min_issued": 20, "min_rate": 0.1, "factor": 3, "clauses": [{"file": "policy/x.txt", "clause": "一"}]}


def test_voids_above_usual_measures_each_village_against_the_others():
    rates = {"a": (100, 30), "b": (100, 5), "c": (100, 6), "d": (10, 9)}  # d issued too few to be judged
    flags = F.voids_above_usual(rates, RULE, {"a": "甲村"})
    assert [f.office for f in flags] == ["a"] and flags[0].office_name == "甲村"
    assert "20 份，10%，3 倍" in flags[0].rule and "中位数" in flags[0].rule
    assert F.voids_above_usual({"a": (100, 30), "b": (100, 20)}, RULE, {}) == []  # 30 % is not 3 × 20 %
    assert [f.office for f in F.voids_above_usual({"a": (50, 6)}, RULE, {})] == ["a"]  # alone: the floor only
    assert F.voids_above_usual({"a": (50, 4)}, RULE, {}) == []


def test_forbidden_items_match_by_code_or_folded_title():
    catalogue = [("533103-BY-01", "收入证明"), ("CN-BY-05", "无犯罪记录证明")]
    seen = [("533103-BY-01", "收入证明"), ("X-1", "无犯罪记录证明"), ("533103-BL-01", "居住证明"), ("", "收入 证明")]
    assert F.forbidden_items(catalogue, seen) == [("", "收入 证明"), ("533103-BY-01", "收入证明"), ("X-1", "无犯罪记录证明")]


def test_silent_skips_the_own_office_and_anyone_heard_from_since():
    offices = [{"code": "t", "own": True, "last_entry_on": None, "last_bundle_at": None},
               {"code": "a", "own": False, "last_entry_on": "2026-01-01", "last_bundle_at": "2026-11-01T08:00:00+08:00"},
               {"code": "b", "own": False, "last_entry_on": "2026-10-02", "last_bundle_at": None},
               {"code": "c", "own": False, "last_entry_on": None, "last_bundle_at": None}]
    rule = {"title": "长时间没有台账数据", "rule": "自 {since} 起", "clauses": []}
    flags = F.silent(offices, "2026-10-01", rule, {})
    assert [f.office for f in flags] == ["c"] and "自 2026-10-01 起" in flags[0].rule and "没有收到过数据包" in flags[0].text


def test_the_report_groups_and_charts_the_counts():
    docs = [("a", "2026-01", "X", "居住证明", "issue", 5), ("a", "2026-02", "X", "居住证明", "refuse", 1),
            ("b", "2026-01", "Y", "收入证明", "accept", 2)]
    voids = [("a", "2026-02", "X", "居住证明", 2)]
    r = R.build_report(docs, voids, office_names={"a": "甲村"}, date_from="2026-01-01", date_to="2026-02-28",
                       chart_by="month", detail=True)
    assert r["totals"] == {"issued": 5, "refused": 1, "accepted": 2, "voided": 2}
    assert [(m["month"], m["issued"], m["voided"]) for m in r["by_month"]] == [("2026-01", 5, 0), ("2026-02", 0, 2)]
    assert r["by_office"][0] == {"office": "a", "office_name": "甲村", "issued": 5, "refused": 1, "accepted": 0, "voided": 2}
    assert len(r["rows"]) == 3 and r["chart"]["max"] == 5
    assert R.text_bars(r["chart"])[0].endswith("█" * 30 + " 5")
    many = [(f"o{i}", "2026-01", "X", "t", "issue", i + 1) for i in range(60)]
    bars = R.build_report(many, [], office_names={}, date_from="a", date_to="b", chart_by="office")["chart"]["bars"]
    assert len(bars) == R.MAX_BARS and bars[-1]["label"] == "其余 21 项"

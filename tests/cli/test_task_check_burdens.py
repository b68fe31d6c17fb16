"""`task check` shows the burden rules: verdict, deciding words, each rule with its clause,
the needs-review flag; `--json` adds rule ids, words and clauses and keeps the old keys."""

import json

OLD_KEYS = {"text", "verdict", "verdict_list", "explanation", "clauses", "matches"}
NEW_KEYS = {"decision", "decision_name", "needs_review", "reason", "decisive_words", "rule_hits", "rule_ids",
            "role", "list_verdict"}


def test_task_check_json_carries_rule_ids_words_and_clauses(cli, demo_dir):
    out = cli("task", "check", "请村委会在村部门口加挂“妇女儿童之家”牌子，并明确一名专人负责日常管理", "--json",
              data_dir=demo_dir, check_exit=0).stdout
    result = json.loads(out)
    assert OLD_KEYS | NEW_KEYS <= set(result)
    assert result["decision"] == "refuse" and result["verdict"] == "burden"
    assert {"paired-sign", "dedicated-post"} <= set(result["rule_ids"])
    sign = next(h for h in result["rule_hits"] if h["id"] == "paired-sign")
    assert sign["words"] and sign["clause"]["clause"] == "二(二)7"
    assert sign["clause"]["file"] == "policy/yunnan-dehong-plan.txt" and "对口挂牌" in sign["clause"]["text"]
    assert any(c["clause"] == "二(二)7" for c in result["clauses"])
    assert result["list_verdict"] == "signboard"  # what the catalogue alone said


def test_task_check_text_shows_the_deciding_words_and_each_rule(cli, demo_dir):
    human = cli("task", "check", "请将每次活动照片上传至平安乡村APP，作为年度考核依据", data_dir=demo_dir, check_exit=0).stdout
    assert "处理：拒绝" in human
    assert "决定性词语：" in human
    assert "命中规则：" in human and "〔trace-screenshots〕" in human and "二(一)4" in human


def test_task_check_says_assistance_is_allowed_and_flags_review(cli, demo_dir):
    human = cli("task", "check", "请各村做好拆违政策宣传，发现新增违建及时报告镇执法中队", data_dir=demo_dir, check_exit=0).stdout
    assert "处理：可以协助" in human and "“宣传”" in human
    review = json.loads(cli("task", "check", "关于拆违工作", "--json", data_dir=demo_dir, check_exit=0).stdout)
    assert review["needs_review"] is True and review["decision"] == "review" and review["clauses"]

"""准入 check: a department's request → which list, which items, which clause."""

from __future__ import annotations

import json

from villagedesk import resources
from villagedesk.core.admission import DECISIONS
from villagedesk.core.admission import check_task as core_check
from villagedesk.core.burdens import RuleSet, build
from villagedesk.core.errors import UserError
from villagedesk.core.lists import LIST_BY_KEY
from villagedesk.core.text import clean_cell, control_chars
from villagedesk.services.catalogue import item_view
from villagedesk.services.lexicon import lexicon_for
from villagedesk.services.session import Session
from villagedesk.store import catalogue_store

MAX_TASK_TEXT = 2000


def _clauses_for(verdict: str, jurisdiction: str) -> list[dict]:
    """The clauses the verdict cites that bind this desk: the central opinion's and its own
    jurisdiction's, never another province's plan (a desk in 芒市 is not bound by 渝北区's rules)."""
    table = resources.clauses()
    policies = {j["policy"] for j in resources.jurisdictions() if j["id"] in ("national", jurisdiction)}
    return [dict(table["clauses"][c], id=c) for c in table["verdict_clauses"].get(verdict, [])
            if table["clauses"][c]["file"] in policies]


_RULES: dict[str, RuleSet] = {}
_VERIFIABLE = "central-2-3-8-verifiable"  # 厅字〔2022〕28号 二(三)8: 对能够核实的事项据实出具
_OTHER_LISTS = {"burden": "上级文件禁止的负担", "review": "需县级审核"}


def burden_rules(jurisdiction: str) -> RuleSet:
    """The burden rules of a jurisdiction: resources/burdens/national.json, then the
    jurisdiction's own file when there is one (it inherits national). Read once; a broken
    file raises UserError naming the file and the rule."""
    if jurisdiction not in _RULES:
        chain = ["national"] + ([jurisdiction] if jurisdiction and jurisdiction != "national" else [])
        files = []
        for name in chain:
            path = resources.resource("burdens", f"{name}.json")
            if not path.is_file():
                if name == "national":
                    raise UserError("找不到负担规则文件 resources/burdens/national.json，安装不完整，请重新安装")
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise UserError(f"负担规则文件 burdens/{name}.json 无法读取（{exc}），请县级管理员改正后重新启动") from None
            if name != "national" and data.get("inherits") not in (None, "national"):
                raise UserError(f"负担规则文件 burdens/{name}.json 的 inherits 只能是 national")
            files.append((f"burdens/{name}.json", data))
        _RULES[jurisdiction] = build(files)
    return _RULES[jurisdiction]


def _clause_view(c, why: str) -> dict:
    return dict(c.to_dict(), id=f"{c.file}#{c.clause}", why=why)


def check_task(session: Session, text: str, limit: int = 5) -> dict:
    # without an office there are no applicable catalogues, and every task would come out
    # "not listed" with an air of authority: say what to do instead
    desk = session.require_desk()
    text = clean_cell(text)
    if not text:
        raise UserError("请输入要核对的工作事项内容")
    if len(text) > MAX_TASK_TEXT:
        raise UserError(f"事项内容过长（{len(text)} 字），最多 {MAX_TASK_TEXT} 字")
    hidden = set(control_chars(text))  # pasted from a web page or a chat: drop, don't refuse
    if hidden:
        text = "".join(ch for ch in text if ch not in hidden)
    text = resources.char_tables().simplify(text)
    pairs = catalogue_store.active_items(session.db)
    infos = {id(item): info for item, info in pairs}
    rules = burden_rules(desk.jurisdiction)
    result = core_check(text, [item for item, _ in pairs], limit=limit, rules=rules,
                        lexicon=lexicon_for(session.data_dir).strong())
    hits = [h.to_dict() for h in result.hits]
    # the clauses that decided come first: the role's, then each rule hit's, then the list's
    cited = []
    cited += [_clause_view(c, "协助与责任主体的界限") for c in result.role_clauses]
    cited += [_clause_view(h.rule.clause, h.rule.name) for h in result.hits]
    cited += _clauses_for(result.verdict, desk.jurisdiction)
    if result.verdict == "review" and result.list_verdict == "cert_forbidden":
        # a partial must-not match: the list's clause and the one on certifying what can be verified
        cited += _clauses_for("cert_forbidden", desk.jurisdiction)
        cited += [dict(resources.clauses()["clauses"][_VERIFIABLE], id=_VERIFIABLE)]
    clauses: list[dict] = []
    for c in cited:  # a quote inside a longer quote of the same file is cited once, the longer
        same = [i for i, o in enumerate(clauses) if o["file"] == c["file"] and (c["text"] in o["text"] or o["text"] in c["text"])]
        if not same:
            clauses.append(c)
        elif len(c["text"]) > len(clauses[same[0]]["text"]):
            clauses[same[0]] = dict(c, why=clauses[same[0]].get("why", c.get("why")))
    answer = {
        "text": result.text,
        "verdict": result.verdict,
        "verdict_list": (LIST_BY_KEY[result.verdict].name if result.verdict in LIST_BY_KEY
                         else _OTHER_LISTS.get(result.verdict, "不在清单内")),
        "explanation": result.explanation,
        "clauses": clauses,
        "decision": result.decision,
        "decision_name": DECISIONS[result.decision],
        "needs_review": result.needs_review,
        "reason": result.reason,
        "decisive_words": list(result.decisive),
        "rule_hits": hits,
        "rule_ids": [h["id"] for h in hits],
        "role": result.roles.to_dict(),
        "list_verdict": result.list_verdict or result.verdict,
        "rules_version": {"jurisdiction": rules.jurisdiction, "files": list(rules.files)},
        "review_note": "需县级审核" if result.needs_review else "",
        "matches": [dict(item_view(m.item, infos[id(m.item)]), score=round(m.score, 3), matched=m.matched)
                    for m in result.matches],
    }
    answer["summary"] = summary_lines(answer)
    return answer


def summary_lines(r: dict) -> list[str]:
    """What decided the answer, in the lines both `task check` and the window show: the
    decision, the reason, the deciding words, each rule hit with its clause."""
    lines = []
    review = f"（{r['review_note']}）" if r["review_note"] and r["decision"] != "review" else ""
    lines.append(f"处理：{r['decision_name']}{review}")
    if r["reason"]:
        lines.append(f"理由：{r['reason']}")
    if r["decisive_words"]:
        # a word that carries its own quotation marks (“某某基地”的牌子) is shown in 「」
        lines.append("决定性词语：" + "、".join(f"「{w}」" if "“" in w else f"“{w}”" for w in r["decisive_words"]))
    for h in r["rule_hits"]:
        c = h["clause"]
        lines.append(f"命中规则：{h['name']}〔{h['id']}〕→ {h['verdict_name']}，文中：{'、'.join(h['words'])}；"
                     f"依据 {c['document']} {c['clause']}")
    return lines

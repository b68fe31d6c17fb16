"""The flags a township or county officer sees on the consolidated ledger (issue #11 item 6):
must-not-issue certificates issued, accepted requests past their due date, voids well above
the other villages', villages silent since a date, chains cut short or forked.

Pure: the rules (thresholds, wording, the clauses each flag serves) are the data file
resources/township/flags.json, read by services/township.py and handed in here with the
records the consolidated store found. Every flag carries its rule in words and the clauses
(file + clause + verbatim text), so the officer can show a village why it was flagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from statistics import median
from typing import Any

from villagedesk.core.text import fold

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
SEVERITY_NAMES = {"high": "严重", "medium": "注意", "low": "提示"}


@dataclass(frozen=True)
class Flag:
    kind: str  # a key of the rules file's "flags"
    title: str
    severity: str
    office: str
    office_name: str
    text: str  # what was found, in one sentence
    rule: str  # the rule in words, with its thresholds
    clauses: list[dict] = field(default_factory=list)
    number: str | None = None
    entry_id: int | None = None
    on: str | None = None  # the day it concerns

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity_name"] = SEVERITY_NAMES.get(self.severity, self.severity)
        d["basis"] = cite(self.clauses)
        return d


def cite(clauses: Iterable[Mapping[str, Any]]) -> str:
    """The clauses as one line: 《document》 clause（file）."""
    return "；".join(f"{c.get('document', '')} {c.get('clause', '')}（{c.get('file', '')}）".strip() for c in clauses)


def rule_text(rule: Mapping[str, Any], **values: Any) -> str:
    """The rule's sentence with its thresholds filled in."""
    params = {k: v for k, v in rule.items() if isinstance(v, (int, float, str))}
    params.update(values)
    try:
        return str(rule["rule"]).format(**params)
    except (KeyError, IndexError, ValueError):
        return str(rule["rule"])


def _flag(kind: str, rule: Mapping[str, Any], office: str, names: Mapping[str, str], text: str, *,
          rule_words: str | None = None, **more: Any) -> Flag:
    return Flag(kind=kind, title=str(rule["title"]), severity=str(rule.get("severity", "medium")), office=office,
                office_name=names.get(office, ""), text=text, rule=rule_words or rule_text(rule),
                clauses=[dict(c) for c in rule.get("clauses", [])], **more)


def forbidden_items(catalogue: Iterable[tuple[str, str]], seen: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (code, title) items the ledgers have seen that are on the must-not-issue list:
    the same code, or the same title (folded: full-width, case and spaces aside)."""
    codes = {fold(c) for c, _ in catalogue if c}
    titles = {fold(t) for _, t in catalogue if t}
    return sorted((c, t) for c, t in seen if (c and fold(c) in codes) or (t and fold(t) in titles))


def must_not_issued(entries: Iterable[Mapping[str, Any]], rule: Mapping[str, Any], names: Mapping[str, str]) -> list[Flag]:
    return [_flag("must_not_issued", rule, e["office"], names,
                  f"{e['issued_on']} 出具了“{e['item_title'] or e['item_code']}”（{e['number']}），该事项不应由村级组织出具",
                  number=e["number"], entry_id=e["id"], on=e["issued_on"]) for e in entries]


def overdue(entries: Iterable[Mapping[str, Any]], rule: Mapping[str, Any], names: Mapping[str, str]) -> list[Flag]:
    return [_flag("overdue", rule, e["office"], names,
                  f"受理登记 {e['number']}（{e['item_title'] or e['item_code']}，{e['applicant']}）应于 {e['due_on']} 前办结，"
                  "至今仍待出具", number=e["number"], entry_id=e["id"], on=e["due_on"]) for e in entries]


def voids_above_usual(rates: Mapping[str, tuple[int, int]], rule: Mapping[str, Any], names: Mapping[str, str]) -> list[Flag]:
    """rates: office → (issued, voided). An office is flagged when it issued at least
    min_issued certificates, voided at least min_rate of them, and at least `factor` times
    the usual: the median rate of the *other* offices that issued at least min_issued (so
    one village's many voids do not raise the bar it is measured against). Alone, an office
    is measured against min_rate only."""
    min_issued, min_rate, factor = int(rule["min_issued"]), float(rule["min_rate"]), float(rule["factor"])
    counted = {o: v / i for o, (i, v) in rates.items() if i >= min_issued}
    out = []
    for office, rate in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0])):
        others = [r for o, r in counted.items() if o != office]
        usual = median(others) if others else 0.0
        if rate >= min_rate and rate >= factor * usual:
            issued, voided = rates[office]
            out.append(_flag("voids_above_usual", rule, office, names,
                             f"出具证明 {issued} 份，作废 {voided} 份，作废比例 {rate:.1%}（其他村的中位数 {usual:.1%}）",
                             rule_words=rule_text(rule) + f"；其他各村作废比例的中位数为 {usual:.1%}"))
    return out


def silent(offices: Iterable[Mapping[str, Any]], since: str, rule: Mapping[str, Any], names: Mapping[str, str]) -> list[Flag]:
    """Offices of other desks with no entry dated on or after `since` and no bundle received since."""
    out = []
    for o in offices:
        if o.get("own"):
            continue
        last_entry = o.get("last_entry_on") or ""
        last_bundle = (o.get("last_bundle_at") or "")[:10]
        if last_entry >= since or last_bundle >= since:
            continue
        seen = "；".join(x for x in (f"最后一条台账记录 {last_entry}" if last_entry else "没有台账记录",
                                     f"最后一次数据包 {last_bundle}" if last_bundle else "没有收到过数据包"))
        out.append(_flag("silent", rule, o["code"], names, f"自 {since} 起没有新的台账记录，也没有送来数据包（{seen}）",
                         rule_words=rule_text(rule, since=since), on=last_entry or None))
    return out


def chain_broken(conflicts: Iterable[Mapping[str, Any]], rule: Mapping[str, Any], names: Mapping[str, str]) -> list[Flag]:
    kinds = rule.get("kinds", {})
    return [_flag("chain_broken", rule, c["office"], names,
                  f"{kinds.get(c['kind'], c['kind'])}：{c['reason'] or c['record_key']}（{c['found_at'][:10]} 导入时发现）",
                  on=c["found_at"][:10]) for c in conflicts]


def ordered(flags: Iterable[Flag]) -> list[Flag]:
    """Most serious first, then by office and day."""
    return sorted(flags, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.kind, f.office, f.on or ""))


def counts(flags: Iterable[Flag]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in flags:
        out[f.kind] = out.get(f.kind, 0) + 1
    return out

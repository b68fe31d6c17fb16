"""Burden rules: the everyday demands the policy documents forbid, read from data files.

The catalogue match (core/admission.py) says which list a task's *topic* falls in; it cannot
tell a department's extra sign (对口挂牌, 28号 二(二)6) from the committee's own, a monthly
table demanded without the county's deployment (二(一)3) from village work, or publicity
(assistance) from being made the 责任主体 of demolition (二(一)1). These rules look at the
words of the request. Each rule comes from resources/burdens/<jurisdiction>.json (a
jurisdiction inherits national.json), carries its clause verbatim, and is checked here so a
broken file is refused with a message naming the file and the rule rather than giving a
verdict without a reason. Pure: no files, no Qt; the service reads the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from villagedesk.core.errors import UserError
from villagedesk.core.text import fold

FORMAT = "villagedesk-burden-rules/1"
RULE_VERDICTS = {"forbidden": "不得要求", "assist-allowed": "可以协助", "needs-review": "需县级审核"}
_WHEN = {None, "unlisted"}
MAX_PATTERN = 400  # a pattern longer than this is a pasted paragraph, not a rule


@dataclass(frozen=True)
class Clause:
    document: str
    file: str
    clause: str
    text: str

    def to_dict(self) -> dict:
        return {"document": self.document, "file": self.file, "clause": self.clause, "text": self.text}


@dataclass(frozen=True)
class BurdenRule:
    id: str
    name: str
    verdict: str  # a key of RULE_VERDICTS
    clause: Clause
    explain: str = ""
    words: tuple[str, ...] = ()  # folded
    patterns: tuple[re.Pattern, ...] = ()
    unless: tuple[str, ...] = ()  # present → the verdict drops to needs-review
    except_: tuple[str, ...] = ()  # blanked out of the text before matching
    when: str | None = None  # "unlisted": fires when no catalogue item matched
    source: str = ""  # the rule file that gave the rule its final form


@dataclass(frozen=True)
class Roles:
    """Who the request makes the village: an assistant (宣传、协助、发现报告) or the 责任主体."""
    topics: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    assist: tuple[str, ...] = ()
    light: tuple[str, ...] = ()  # publicity and reporting: assistance even for an unlisted task
    # who else is made responsible (由执法队负责拆除): blanked before the subject words are read
    others: tuple[re.Pattern, ...] = ()
    # what a request takes back (不要求上报照片、无需填表): blanked before any rule is read, so
    # a notice that says what it does NOT demand is not refused for naming it (厅字〔2022〕28号
    # 二(一)3 forbids the demand, not the word)
    negations: tuple[re.Pattern, ...] = ()
    # the words of a request for a certificate (开个证明、出具、情况反馈): only then are the
    # villagers' words of the lexicon read against the certificate items (core/admission.py)
    certificate_cues: tuple[str, ...] = ()
    subject_clause: Clause | None = None
    assist_clause: Clause | None = None


@dataclass(frozen=True)
class RuleSet:
    jurisdiction: str
    rules: tuple[BurdenRule, ...]
    roles: Roles
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleHit:
    rule: BurdenRule
    words: tuple[str, ...]  # what in the request made the rule fire
    verdict: str  # the rule's verdict, or needs-review when an `unless` phrase was present
    softened_by: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.rule.id, "name": self.rule.name, "verdict": self.verdict,
                "verdict_name": RULE_VERDICTS[self.verdict], "words": list(self.words),
                "softened_by": list(self.softened_by), "explain": self.rule.explain,
                "clause": self.rule.clause.to_dict(), "rule_file": self.rule.source}


@dataclass(frozen=True)
class RoleReading:
    topics: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    assist: tuple[str, ...] = ()
    light: tuple[str, ...] = ()

    @property
    def role(self) -> str:
        """subject wins over assist: 宣传并负责拆除 makes the village the 责任主体."""
        if self.subject:
            return "subject"
        return "assist" if self.assist else "none"

    def to_dict(self) -> dict:
        return {"role": self.role, "topics": list(self.topics), "subject_words": list(self.subject),
                "assist_words": list(self.assist), "publicity_words": list(self.light)}


@dataclass(frozen=True)
class Reading:
    hits: tuple[RuleHit, ...] = ()
    roles: RoleReading = field(default_factory=RoleReading)


# ── loading ──────────────────────────────────────────────────────────────────────────


def _bad(file: str, rule: str, what: str) -> UserError:
    where = f"{file} 中的规则“{rule}”" if rule else file
    return UserError(f"负担规则文件有误：{where}{what}。请县级管理员改正该文件后重新启动", where=file)


def _words(value, file: str, rule: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise _bad(file, rule, f"的“{key}”应为文字列表")
    return tuple(dict.fromkeys(f for f in (fold(w) for w in value) if f))


def _clause(value, sources: dict, file: str, rule: str) -> Clause:
    if not isinstance(value, dict) or not value.get("quote") or not value.get("clause"):
        raise _bad(file, rule, "缺少依据条款（clause 须有 ref、clause 和逐字引文 quote）")
    source = sources.get(value.get("ref"))
    if not isinstance(source, dict) or not source.get("file"):
        raise _bad(file, rule, f"引用的文件“{value.get('ref')}”不在 sources 中")
    return Clause(str(source.get("document", "")), str(source["file"]), str(value["clause"]), str(value["quote"]))


def _patterns(value, file: str, rule: str) -> tuple[re.Pattern, ...]:
    out = []
    for p in value or ():
        if not isinstance(p, str) or not p or len(p) > MAX_PATTERN:
            raise _bad(file, rule, "的正则 patterns 应为不超过 400 字的文字")
        try:
            out.append(re.compile(p, re.IGNORECASE))
        except re.error as exc:
            raise _bad(file, rule, f"的正则“{p}”写法有误（{exc}）") from None
    return tuple(out)


def _check_header(data, file: str) -> None:
    if not isinstance(data, dict):
        raise _bad(file, "", "不是规则集（应为 JSON 对象）")
    if data.get("format") != FORMAT:
        raise _bad(file, "", f"的格式标记应为 {FORMAT}")
    if not isinstance(data.get("rules", []), list):
        raise _bad(file, "", "的 rules 应为列表")


def build(files: list[tuple[str, dict]]) -> RuleSet:
    """A rule set from its files, national first: a later file's rule with the same id
    replaces the fields it lists (a county cites its own clause, or makes a needs-review
    rule forbidden); a new id adds a rule. Raises UserError naming file and rule."""
    raw: dict[str, dict] = {}
    where: dict[str, str] = {}
    sources_of: dict[str, dict] = {}
    roles_raw: dict = {}
    roles_sources: dict = {}
    for file, data in files:
        _check_header(data, file)
        sources = data.get("sources") or {}
        if not isinstance(sources, dict):
            raise _bad(file, "", "的 sources 应为对象")
        for r in data.get("rules", []):
            if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not r["id"]:
                raise _bad(file, "", "有一条规则缺少 id")
            merged = dict(raw.get(r["id"], {}), **r)
            raw[r["id"]] = merged
            where[r["id"]] = file
            # a clause is resolved against the sources of the file that wrote it
            if "clause" in r or r["id"] not in sources_of:
                sources_of[r["id"]] = sources
        roles = data.get("roles") or {}
        if not isinstance(roles, dict):
            raise _bad(file, "", "的 roles 应为对象")
        for key, value in roles.items():
            roles_raw[key] = value
            roles_sources[key] = (file, sources)
    rules = []
    for rid, r in raw.items():
        file = where[rid]
        verdict = r.get("verdict")
        if verdict not in RULE_VERDICTS:
            raise _bad(file, rid, "的结论 verdict 应为 forbidden、assist-allowed 或 needs-review")
        if r.get("when") not in _WHEN:
            raise _bad(file, rid, "的 when 只能是 unlisted")
        rule = BurdenRule(
            id=rid, name=str(r.get("name") or rid), verdict=verdict,
            clause=_clause(r.get("clause"), sources_of[rid], file, rid), explain=str(r.get("explain", "")),
            words=_words(r.get("words"), file, rid, "words"), patterns=_patterns(r.get("patterns"), file, rid),
            unless=_words(r.get("unless"), file, rid, "unless"), except_=_words(r.get("except"), file, rid, "except"),
            when=r.get("when"), source=file)
        if not rule.words and not rule.patterns and not rule.when:
            raise _bad(file, rid, "没有信号词 words、正则 patterns 或 when，永远不会命中")
        rules.append(rule)

    def role_clause(key):
        if key not in roles_raw:
            return None
        file, sources = roles_sources[key]
        return _clause(roles_raw[key], sources, file, f"roles.{key}")

    roles = Roles(
        topics=_words(roles_raw.get("topics"), "roles", "topics", "topics"),
        subject=_words(roles_raw.get("subject"), "roles", "subject", "subject"),
        assist=_words(roles_raw.get("assist"), "roles", "assist", "assist"),
        light=_words(roles_raw.get("light_assist"), "roles", "light_assist", "light_assist"),
        others=_patterns(roles_raw.get("others_responsible"), roles_sources.get("others_responsible", ("",))[0],
                         "roles.others_responsible"),
        negations=_patterns(roles_raw.get("negations"), roles_sources.get("negations", ("",))[0], "roles.negations"),
        certificate_cues=_words(roles_raw.get("certificate_cues"), "roles", "certificate_cues", "certificate_cues"),
        subject_clause=role_clause("subject_clause"), assist_clause=role_clause("assist_clause"))
    jurisdiction = files[-1][1].get("id", "") if files else ""
    return RuleSet(str(jurisdiction), tuple(rules), roles, tuple(f for f, _ in files))


def quote_problems(rules: RuleSet, policy_texts: dict[str, str]) -> list[str]:
    """Rules whose quote is not verbatim in its policy text (whitespace aside): for the
    test that holds the files to the documents, and for a county officer editing them."""
    def check(owner: str, c: Clause | None) -> str | None:
        if c is None:
            return None
        text = policy_texts.get(c.file)
        if text is None:
            return f"{owner}: 找不到文件 {c.file}"
        if re.sub(r"\s+", "", c.text) not in re.sub(r"\s+", "", text):
            return f"{owner}: {c.file} {c.clause} 中没有原文“{c.text}”"
        return None

    found = [check(r.id, r.clause) for r in rules.rules]
    found += [check("roles.subject_clause", rules.roles.subject_clause),
              check("roles.assist_clause", rules.roles.assist_clause)]
    return [p for p in found if p]


# ── reading a request ────────────────────────────────────────────────────────────────


def _found(words: tuple[str, ...], text: str) -> tuple[str, ...]:
    """The words in the text, a shorter one dropped when a longer found one contains it."""
    hits = [w for w in words if w in text]
    return tuple(w for w in hits if not any(w != o and w in o for o in hits))


def _blank(text: str, phrases: tuple[str, ...]) -> str:
    for p in phrases:
        if p in text:
            text = text.replace(p, "□" * len(p))
    return text


def affirmed(folded: str, roles: Roles) -> str:
    """The folded text with what it takes back blanked (不要求各村上报照片 → □…): the demands
    a rule may read. The blanks keep positions, so what is left reads as before."""
    for p in roles.negations:
        folded = p.sub(lambda m: "□" * len(m.group(0)), folded)
    return folded


_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def certificate_sentences(text: str, rules: RuleSet) -> str:
    """The sentences of a request that ask the village for a certificate (they hold one of
    `certificate_cues`: 证明、开个证、情况反馈 …), folded, what they take back blanked; empty
    when none does. A long notice's other sentences (协助残疾人两项补贴申请) are not read for
    what a certificate would say."""
    folded = affirmed(fold(text), rules.roles)
    asking = [s for s in _SENTENCE_END.split(folded) if any(c in s for c in rules.roles.certificate_cues)]
    return "。".join(asking)


def read(text: str, rules: RuleSet) -> Reading:
    """Which rules the (already simplified) request hits, and what role it gives the village.
    What the request takes back (`Roles.negations`: 不要求…、无需…) is not read as a demand."""
    folded = affirmed(fold(text), rules.roles)
    hits = []
    for rule in rules.rules:
        if rule.when:
            continue  # decided with the catalogue result (core/admission.py)
        t = _blank(folded, rule.except_)
        words = list(_found(rule.words, t))
        for p in rule.patterns:
            m = p.search(t)
            if m and not any(m.group(0) in w or w in m.group(0) for w in words):
                words.append(m.group(0))
        if not words:
            continue
        soft = _found(rule.unless, folded)
        verdict = "needs-review" if soft and rule.verdict == "forbidden" else rule.verdict
        hits.append(RuleHit(rule, tuple(words), verdict, soft))
    roles = rules.roles
    own = folded
    for p in roles.others:
        own = p.sub(lambda m: "□" * len(m.group(0)), own)
    # an assistance phrase that contains a subject word (负责配合、负责宣传) is assistance:
    # its 负责 does not make the village the 责任主体
    shield = tuple(w for w in roles.assist if any(s in w for s in roles.subject))
    reading = RoleReading(_found(roles.topics, folded), _found(roles.subject, _blank(own, shield)),
                          _found(roles.assist, own), _found(roles.light, own))
    return Reading(tuple(hits), reading)


def unlisted_hits(rules: RuleSet) -> tuple[RuleHit, ...]:
    """The rules that fire when a request is on no list (延边 二(一)1: consent for items
    outside the catalogue)."""
    return tuple(RuleHit(r, ("目录外事项",), r.verdict) for r in rules.rules if r.when == "unlisted")

"""准入 check: which list a task that a department hands the village falls in.

Sources: 厅字〔2022〕28号 二(一)1 (未经县级党委和政府统一部署，党政群机构不得将自身权责事项派交村级
组织承担；不得将村级组织作为行政执法、拆迁拆违、招商引资、安全生产等事务的责任主体) and the
county's lists. Matching is by whole terms (title and 关键词) found in the text, then by
how many of a term's character pairs the text shares, so 拆除违章建筑 finds 拆迁拆违 through
its keywords and a reworded title still scores.

The same scoring answers whether what a 据实出具 certificate would say is on the must-not-issue
list (`match_must_not`, 厅字〔2022〕28号 二(三)8: only what is on no list is certified after
investigation), with the synonyms of resources/policy/must_not_terms.json added to the
items' own terms, so 还活着 finds 健在证明 and 没结婚 finds 婚姻状况证明.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TypedDict

from villagedesk.core.burdens import Reading, RoleReading, RuleHit, RuleSet, affirmed, certificate_sentences, read, unlisted_hits
from villagedesk.core.catalogue import CatalogueItem
from villagedesk.core.text import fold, is_han

MATCH_THRESHOLD = 0.6
# When scores tie, the stricter answer wins: a negative item outranks an assist item.
_LIST_PRIORITY = {"negative": 0, "cert_forbidden": 1, "assist": 2, "autonomy": 3, "cert_retained": 4, "signboard": 5}

VERDICTS = {
    "negative": "负面清单：村级组织不得作为责任主体，应予拒绝或只配合宣传引导",
    "assist": "协助政府工作事项：村级组织可以协助，责任部门负责并保障经费（费随事转）",
    "autonomy": "依法自治事项：由村级组织依法自行办理",
    "cert_retained": "保留出具证明事项：村级组织可以按规定式样出具",
    "cert_forbidden": "不应出具证明事项：村级组织不应出具，请告知办事人改由其他方式办理",
    "signboard": "机制牌子保留目录：属于保留的牌子",
    "unlisted": "不在任何清单中：未经县级党委和政府统一部署，不得派交村级组织承担（准入制度）",
    "burden": "加重村级负担的要求：上级文件明确不得这样要求村级组织，应予拒绝",
    "review": "需县级审核：现有依据不足以下结论，请报乡镇转县级党委和政府审核后再定（准入制度）",
}

# What the clerk does with the answer: refuse it, help as an assistant, do it as village
# work, or send it up for the county's review.
DECISIONS = {"refuse": "拒绝", "assist": "可以协助", "allow": "可以办理", "review": "需县级审核"}
_DECISION_OF = {"negative": "refuse", "burden": "refuse", "cert_forbidden": "refuse", "assist": "assist",
                "autonomy": "allow", "cert_retained": "allow", "signboard": "allow", "unlisted": "review",
                "review": "review"}


@dataclass(frozen=True)
class Match:
    item: CatalogueItem
    score: float
    matched: str  # the term that matched best

    def to_dict(self) -> dict:
        return {"score": round(self.score, 3), "matched": self.matched, "item": self.item.to_dict()}


@dataclass(frozen=True)
class AdmissionResult:
    text: str
    verdict: str  # a key of VERDICTS
    matches: list[Match]
    # what the burden rules and the role reading added (empty when no rules were given)
    list_verdict: str = ""  # the catalogue's own answer before the rules
    hits: tuple[RuleHit, ...] = ()
    roles: RoleReading = field(default_factory=RoleReading)
    decisive: tuple[str, ...] = ()  # the words that decided
    needs_review: bool = False
    role_clauses: tuple = ()  # the core.burdens.Clause(s) the role reading cites, if it decided
    reason: str = ""  # one sentence: why this verdict

    @property
    def explanation(self) -> str:
        return VERDICTS[self.verdict]

    @property
    def decision(self) -> str:
        # a refusal stays a refusal: review only ever softens an allow or an assist
        strict = _DECISION_OF[self.verdict] == "refuse"
        return "review" if self.needs_review and not strict else _DECISION_OF[self.verdict]


def _pairs(text: str) -> set[str]:
    chars = [c for c in text if is_han(c) or c.isalnum()]
    if len(chars) == 1:
        return {chars[0]}
    return {a + b for a, b in zip(chars, chars[1:])}


def _whole_score(term: str) -> float:
    """A term found whole: a longer one says more (收养人婚姻状况证明 beats 婚姻状况证明)."""
    return 1.0 + min(len(term), 20) * 0.02 if len(term) >= 2 else 0.5


def score_term(term: str, folded_text: str, text_pairs: set[str]) -> float:
    term = fold(term)
    if not term:
        return 0.0
    if term in folded_text:
        return _whole_score(term)
    pairs = _pairs(term)
    if not pairs:
        return 0.0
    return len(pairs & text_pairs) / len(pairs) * 0.9


def _best(terms, score) -> tuple[float, str]:
    """The best-scoring term of an item (title, 关键词, synonyms) and its score."""
    best, best_t = 0.0, ""
    for term in terms:
        s = score(term)
        if s > best:
            best, best_t = s, term
    return best, best_t


CERT_LISTS = ("cert_retained", "cert_forbidden")


def check_task(text: str, items: list[CatalogueItem], limit: int = 5, rules: RuleSet | None = None,
               lexicon: dict[str, tuple[str, ...]] | None = None) -> AdmissionResult:
    """The catalogue match, then — when a rule set is given — the burden rules and the role
    reading, which can override it (`decide`).

    `lexicon` (item title → villagers' words, core/colloquial.Lexicon.strong) is read only when
    the request asks for a certificate (the rule set's `certificate_cues`: 开个证明、出具…): then
    证明他俩是母子 finds 亲属关系证明 and 还活着 finds 健在证明, as the 出具证明 search and the
    据实出具 guard do (厅字〔2022〕28号 二(三)7、8)."""
    view = None
    if rules is not None:
        # certificate items are read on what the request affirms (不需要出具健在证明 asks for none),
        # the villagers' words only in the sentences that ask for a certificate
        asking = certificate_sentences(text, rules) if lexicon else ""
        view = _CertView(affirmed(fold(text), rules.roles), compact(asking), lexicon if asking else None)
    result = _catalogue_check(text, items, limit, view)
    return decide(result, read(text, rules), rules) if rules is not None else result


# a match below this is a partial one (no term found whole): not enough to act on alone
_SURE = 1.0


class _Base(TypedDict):
    """What every answer of `decide` carries over from the catalogue and the role reading."""
    list_verdict: str
    roles: RoleReading


def decide(result: AdmissionResult, reading: Reading, rules: RuleSet) -> AdmissionResult:
    """Role, not just topic. A forbidden burden rule refuses whatever the catalogue said (a
    department's 某某之家 sign is not the committee's own); on a 责任主体 topic (拆违, 执法,
    招商, 安全生产 …) words like 负责、拆除、考核 refuse it and 宣传、协助、发现报告 alone let the
    village assist; a needs-review rule, a bare topic or a partial catalogue match ask for
    the county's review instead of a confident answer."""
    listed = result.verdict
    top = result.matches[0].score if result.matches else 0.0
    roles = reading.roles
    forbidden = [h for h in reading.hits if h.verdict == "forbidden"]
    review = [h for h in reading.hits if h.verdict == "needs-review"]
    allowed = [h for h in reading.hits if h.verdict == "assist-allowed"]
    topic = bool(roles.topics) or listed == "negative"
    topic_words = roles.topics or ((result.matches[0].matched,) if listed == "negative" else ())
    hits = list(forbidden) + list(review) + list(allowed)
    base = _Base(list_verdict=listed, roles=roles)
    if forbidden:
        verdict = "negative" if topic and roles.subject else "burden"
        decisive = tuple(dict.fromkeys(w for h in forbidden for w in h.words))
        if verdict == "negative":
            decisive = tuple(dict.fromkeys(roles.subject + decisive))
        reason = "；".join(f"{h.rule.name}（{'、'.join(h.words)}）" for h in forbidden)
        return replace(result, verdict=verdict, hits=tuple(hits), decisive=decisive,
                       role_clauses=_present(rules.roles.subject_clause) if verdict == "negative" else (),
                       reason=f"命中：{reason}{_rest_of_notice(result, listed, top, decisive)}", **base)
    if topic and roles.subject:
        return replace(result, verdict="negative", hits=tuple(hits), decisive=roles.subject + topic_words,
                       role_clauses=_present(rules.roles.subject_clause),
                       reason=f"要求村级组织{'、'.join(roles.subject)}，即作为{'、'.join(topic_words)}的责任主体", **base)
    if topic and roles.assist:
        return replace(result, verdict="assist", hits=tuple(hits), decisive=roles.assist + topic_words,
                       role_clauses=_present(rules.roles.assist_clause, rules.roles.subject_clause), needs_review=bool(review),
                       reason=f"只要求村级组织{'、'.join(roles.assist)}，属于协助；"
                              f"不得让村级组织作为{'、'.join(topic_words)}的责任主体", **base)
    if topic:
        also = "；另外" + _review_reason(review) if review else ""
        return replace(result, verdict="review", hits=tuple(hits), decisive=topic_words + _review_words(review),
                       needs_review=True, role_clauses=_present(rules.roles.subject_clause),
                       reason=f"涉及{'、'.join(topic_words)}，但看不出要村级组织协助还是负责：只可协助宣传、发现报告，"
                              f"不得作为责任主体{also}；请县级审核", **base)
    if review:
        consent = unlisted_hits(rules) if listed == "unlisted" else ()
        return replace(result, verdict="review", hits=tuple(hits) + consent, decisive=_review_words(review),
                       needs_review=True, reason=_review_reason(review), **base)
    if listed == "unlisted" and roles.light:
        # publicity and reporting are the village's own work (28号 二(一)1 宣传…决策部署)
        return replace(result, verdict="assist", hits=tuple(hits), decisive=roles.light,
                       role_clauses=_present(rules.roles.assist_clause),
                       reason=f"只要求村级组织{'、'.join(roles.light)}，属于宣传、发现报告一类的协助；"
                              "超出这些的工作仍须经县级统一部署", **base)
    if listed == "unlisted":
        consent = unlisted_hits(rules)
        return replace(result, hits=tuple(hits) + consent, needs_review=True,
                       reason="不在本县任何清单中：须经县级统一部署" + ("，并按程序征得村级组织同意" if consent else ""),
                       **base)
    thin = top < _SURE
    decisive = (result.matches[0].matched,) if result.matches else ()
    reason = f"与目录事项“{result.matches[0].item.title}”相符（“{result.matches[0].matched}”）" if result.matches else ""
    if listed == "cert_forbidden" and not thin:
        item = result.matches[0].item
        ways = "、".join(item.fields.get("alternatives") or ())
        reason = (f"要开的是不应出具证明事项“{item.title}”（文中“{result.matches[0].matched}”）：村里不出具，"
                  f"请向办事人解释说明" + (f"，告知改由{ways}办理" if ways else "，告知向要证明的单位问清可用的其他办法（如部门核查、告知承诺）")
                  + "；要证明的单位坚持要的，向乡镇反映")
    if thin and listed == "cert_forbidden":
        # a refusal on a few shared characters would send away a villager whose certificate may
        # be retained (祖上传下来的宅基地 is 权属来源, not 无宅基地): ask which one it is
        return replace(result, verdict="review", hits=tuple(hits), decisive=decisive, needs_review=True,
                       reason=f"与不应出具证明事项“{result.matches[0].item.title}”只是部分字词相近"
                              f"（“{result.matches[0].matched}”）：请问清办事人要证明什么；若确是该事项，不应出具，"
                              "否则按保留事项或据实出具办理，拿不准的报乡镇转县级审核", **base)
    if thin:
        reason += "；只是部分字词相近，请县级审核"
    return replace(result, hits=tuple(hits), decisive=decisive, needs_review=thin, reason=reason, **base)


def _review_words(review: list[RuleHit]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for h in review for w in h.words))


def _review_reason(review: list[RuleHit]) -> str:
    """可能属于：rule（words）；文中称“县委县政府统一部署”，请核实…"""
    soft = tuple(dict.fromkeys(w for h in review for w in h.softened_by))
    why = "；".join(f"{h.rule.name}（{'、'.join(h.words)}）" for h in review)
    extra = f"；文中称“{'、'.join(soft)}”，请核实是否确经县级统一部署" if soft else ""
    return f"可能属于：{why}{extra}"


_OWN_WORK = {"assist": "可以协助", "autonomy": "可以照常办理", "cert_retained": "可以照常出具", "signboard": "可以照常办理"}


def _rest_of_notice(result: AdmissionResult, listed: str, top: float, words: tuple[str, ...]) -> str:
    """A notice that mixes routine work with a forbidden demand: say that only the demand is
    refused, so the clerk does not drop the routine part too. Not when the routine words are
    part of the demand itself (“法治宣传教育基地”的牌子 is a sign, not 法治宣传)."""
    if listed not in _OWN_WORK or top < _SURE or not result.matches:
        return ""
    rest = fold(result.text)
    for w in sorted(words, key=len, reverse=True):
        rest = rest.replace(w, "□")
    if fold(result.matches[0].matched) not in rest:
        return ""
    item = result.matches[0].item
    return (f"。文中“{result.matches[0].matched}”属于{item.list_name}“{item.title}”，这部分{_OWN_WORK[listed]}；"
            "只拒绝上面这项要求")


def _present(*clauses) -> tuple:
    return tuple(c for c in clauses if c is not None)


def _lexicon_score(term: str, plain: str) -> float:
    """A villager's word counts only found whole (居住 must not match by one shared pair)."""
    whole = compact(term)
    return _whole_score(whole) if whole and whole in plain else 0.0


@dataclass(frozen=True)
class _CertView:
    """How certificate items read a request: `affirmed` (folded, negations blanked) for their
    titles and 关键词, `asking` (the sentences that ask for a certificate) for the villagers'
    words of `lexicon` (None: the request asks for no certificate)."""
    affirmed: str
    asking: str
    lexicon: dict[str, tuple[str, ...]] | None


def _catalogue_check(text: str, items: list[CatalogueItem], limit: int = 5,
                     view: _CertView | None = None) -> AdmissionResult:
    folded = fold(text)
    text_pairs = _pairs(folded)
    cert_pairs = _pairs(view.affirmed) if view else text_pairs
    cert_words = view.lexicon if view else None
    asking = view.asking if view else ""
    matches = []
    for item in items:
        if view and item.list_key in CERT_LISTS:
            best, term = _best([item.title, *item.keywords], lambda t: score_term(t, view.affirmed, cert_pairs))
        else:
            best, term = _best([item.title, *item.keywords], lambda t: score_term(t, folded, text_pairs))
        if cert_words and item.list_key in CERT_LISTS:
            said, word = _best(cert_words.get(item.title, ()), lambda t: _lexicon_score(t, asking))
            if said > best:
                best, term = said, word
        if best >= MATCH_THRESHOLD:
            matches.append(Match(item, best, term))
    matches.sort(key=lambda m: (-m.score, _LIST_PRIORITY.get(m.item.list_key, 9), m.item.code))
    verdict = "unlisted"
    if matches:
        top = matches[0].score
        # the negative list wins whenever it matches about as well as the best: a task
        # that names 拆迁 is refused as 责任主体 even if it also names a routine job. A whole
        # term found scores 1.0 plus a bonus for its length, so the comparison caps the best
        # at 1.0: a short negative term found whole (安全生产) is not outweighed by a long
        # routine title found whole (协助开展最低生活保障申请受理和入户调查)
        negative = [m for m in matches if m.item.list_key == "negative" and m.score >= min(top, 1.0) - 0.05]
        # a request for a certificate is about the certificate: the item it names whole comes
        # before a routine job that shares its words (社区康复人员的表现证明 is not 禁毒宣传)
        certs = [m for m in matches if m.item.list_key in CERT_LISTS and m.score >= _SURE] if cert_words else []
        lead = negative[0] if negative else certs[0] if certs else matches[0]
        verdict = lead.item.list_key
        matches.remove(lead)
        matches.insert(0, lead)
    return AdmissionResult(text, verdict, matches[:limit])


# ── the must-not-issue list against what a certificate would say ──────────────────────

# Every certificate is a 证明: the word says nothing about what is certified, and a text
# that ends in 证明 must not make 失业证明 look like 种植业证明.
_STOP = "证明"
_MIN_STEM = 3  # a stem of 2 characters only counts when the term is written that way


def compact(text: str) -> str:
    """The text as the must-not check reads it: folded (NFKC, lower case, no spaces), and
    only Han characters, letters and digits kept, so 无 犯 罪、无·犯罪 and 无犯罪 are one."""
    return "".join(ch for ch in fold(text) if is_han(ch) or ch.isalnum())


def expand_terms(pattern: str) -> list[str]:
    """A lexicon entry to its terms: (系|是|为)父子 → 系父子、是父子、为父子."""
    out = [""]
    for literal, group in re.findall(r"([^()]*)(?:\(([^()]*)\))?", pattern):
        choices = group.split("|") if group else [""]
        out = [o + literal + c for o in out for c in choices]
    return [t for t in dict.fromkeys(out) if t]


@lru_cache(maxsize=4096)
def _must_not_term(term: str) -> tuple[str, str, frozenset[str]]:
    """A term as the must-not check compares it: (whole, stem without 证明, the stem's pairs)."""
    whole = compact(term)
    stem = whole.replace(_STOP, "")
    return whole, stem, frozenset(_pairs(stem))


def score_must_not(term: str, text: str, text_pairs: set[str]) -> float:
    """score_term on compact text, with 证明 set aside: the term whole (or its stem of ≥ 3
    characters) found scores ≥ 1; else the share of the stem's character pairs found × 0.9,
    as in the 准入 check; a stem of 2 characters counts only when found whole."""
    whole, stem, pairs = _must_not_term(term)
    if not whole:
        return 0.0
    if whole in text:
        return _whole_score(whole)
    if len(stem) < len(whole) and len(stem) < _MIN_STEM:
        return 0.0
    if stem and stem in text:
        return _whole_score(stem)
    if not pairs:
        return 0.0
    return len(pairs & text_pairs) / len(pairs) * 0.9


@dataclass(frozen=True)
class MustNotMatch:
    item: CatalogueItem
    score: float
    matched: str  # the term that matched

    def to_dict(self) -> dict:
        return {"score": round(self.score, 3), "matched": self.matched, "item": self.item.to_dict()}


def match_must_not(text: str, items: list[CatalogueItem], synonyms: dict[str, list[str]] | None = None
                   ) -> list[MustNotMatch]:
    """The must-not-issue items (list cert_forbidden) a text would certify, best first.

    The caller simplifies traditional characters first (core has no tables). Scoring is the
    准入 check's (`score_term`, MATCH_THRESHOLD) on `compact` text; synonyms are per item code.
    On a tie the county's own item comes before the national one: it is the narrower answer.
    """
    folded = compact(text)
    if not folded:
        return []
    text_pairs = set().union(*(_pairs(part) for part in folded.split(_STOP) if part))
    synonyms = synonyms or {}
    found = []
    for item in items:
        if item.list_key != "cert_forbidden":
            continue
        best, best_t = _best([item.title, *item.keywords, *synonyms.get(item.code, ())],
                             lambda t: score_must_not(t, folded, text_pairs))
        if best >= MATCH_THRESHOLD:
            found.append(MustNotMatch(item, best, best_t))
    found.sort(key=lambda m: (-min(m.score, 1.0), m.item.origin == "national", -m.score, m.item.code))
    return found

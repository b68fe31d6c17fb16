"""Villagers' own words for certificates: one lexicon, read by the search and by the guard.

A villager says 我妈还活着，社保局要我开个证明, not 健在证明; 银行让我开个房产证明, not 居民财产证明.
The lexicon (resources/policy/must_not_terms.json for the must-not-issue items,
resources/lexicon/colloquial.json for the retained ones and the words around a request,
and any county file in <data folder>/词表/) maps such words to catalogue item titles. The
same terms serve two readers, so they can never disagree:

- the search box (`SentenceIndex`): a whole sentence is scored against every certificate
  item's title, 关键词 and lexicon terms, and the item the villager needs comes first —
  a retained one to issue, or a must-not one so the window shows the refusal;
- the 据实出具 guard (core/admission.match_must_not, 厅字〔2022〕28号 二(三)8), which reads the
  `terms` (never the `weak` context words: 银行 says who asks, not what is certified).

Scoring is the must-not check's (`score_must_not`: compact text, 证明 set aside, whole terms
≥ 1, else the share of character pairs × 0.9) so one number means the same in both places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from villagedesk.core.admission import MATCH_THRESHOLD, _pairs, compact, expand_terms, score_must_not

CERT_LISTS = ("cert_retained", "cert_forbidden")
WEAK_WEIGHT = 0.6  # a context word alone just reaches the threshold; beside a real term it tips a tie
_BONUS_SHARE, _BONUS_CAP = 0.3, 0.6  # each further word found adds a little: more evidence, surer answer
_PATTERN = re.compile(r"^[^()|?*\[\]]*(\([^()?*\[\]]*\)[^()|?*\[\]]*)*$")  # literal text and (a|b) groups, no nesting
MAX_TERM_CHARS = 30
MAX_EXPANSIONS = 500  # (a|b)(c|d)… multiplies: a county file must not make a million terms


def _expansions(pattern: str) -> int:
    n = 1
    for group in re.findall(r"\(([^()]*)\)", pattern):
        n *= group.count("|") + 1
        if n > MAX_EXPANSIONS:
            break
    return n


@dataclass(frozen=True)
class Lexicon:
    """title → ((term, weight), …), all files merged; `warnings` name the entries left out."""
    terms: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def strong(self) -> dict[str, tuple[str, ...]]:
        """title → the terms that say what is certified (for the 据实出具 guard)."""
        return {title: tuple(t for t, w in terms if w >= 1.0) for title, terms in self.terms.items()}


def _entry_terms(title: str, entry, source: str, warnings: list[str]) -> list[tuple[str, float]]:
    if not isinstance(entry, dict):
        warnings.append(f"词表 {source} 中「{title[:30]}」的内容应为 {{\"terms\": [...]}}，已跳过")
        return []
    out: list[tuple[str, float]] = []
    for key, weight in (("terms", 1.0), ("weak", WEAK_WEIGHT)):
        patterns = entry.get(key, [])
        if not isinstance(patterns, list):
            warnings.append(f"词表 {source} 中「{title[:30]}」的 {key} 应为词语列表，已跳过")
            continue
        for pattern in patterns:
            if not isinstance(pattern, str) or not _PATTERN.match(pattern) or len(pattern) > 200:
                warnings.append(f"词表 {source} 中「{title[:30]}」的词语「{str(pattern)[:30]}」写法有误"
                                "（括号须成对、不能嵌套，如 (还|仍)活着），已跳过")
                continue
            if _expansions(pattern) > MAX_EXPANSIONS:
                warnings.append(f"词表 {source} 中「{title[:30]}」的词语「{pattern[:30]}」可展开的写法过多"
                                f"（最多 {MAX_EXPANSIONS} 种），请拆成几条，已跳过")
                continue
            for term in expand_terms(pattern):
                if 2 <= len(compact(term)) <= MAX_TERM_CHARS:
                    out.append((term, weight))
                else:
                    warnings.append(f"词表 {source} 中「{title[:30]}」的词语「{term[:30]}」过短或过长"
                                    f"（应为 2–{MAX_TERM_CHARS} 字），已跳过")
    return out


def read_lexicon(documents: list[tuple[str, object]]) -> Lexicon:
    """Merge lexicon documents `(source name, parsed JSON)` in order; a later file adds terms.

    A document is {"terms": {title: {"terms": [...], "weak": [...], "note": "..."}}}. A wrong
    document or entry is left out with a Chinese warning: one bad line in a county's file must
    not stop the search or the guard."""
    merged: dict[str, list[tuple[str, float]]] = {}
    warnings: list[str] = []
    for source, data in documents:
        entries = data.get("terms") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            warnings.append(f"词表 {source} 应为 {{\"terms\": {{事项名称: {{\"terms\": [...]}}}}}}，已跳过整个文件")
            continue
        for title, entry in entries.items():
            title = str(title).strip()
            if not title:
                warnings.append(f"词表 {source} 中有一项没有事项名称，已跳过")
                continue
            found = _entry_terms(title, entry, source, warnings)
            bucket = merged.setdefault(title, [])
            bucket.extend(t for t in found if t not in bucket)
    return Lexicon({t: tuple(v) for t, v in merged.items()}, tuple(warnings))


_SENTENCE_MARKS = re.compile(r"[\s，。、！？；：,.!?;:…“”\"'（）()]")
_VERB_LIKE = ("要", "开", "让", "想", "给", "帮", "办", "需要", "证明我", "咋", "啥", "怎么", "哪", "吗", "呢", "俺")


def is_sentence(text: str) -> bool:
    """A query read as a villager's sentence: long (≥ 6 characters), with a space or
    punctuation inside, or with the words people use around a request (要开、让我、咋办)."""
    text = (text or "").strip()
    if len(compact(text)) < 3:
        return False
    return len(text) >= 6 or bool(_SENTENCE_MARKS.search(text)) or any(v in text for v in _VERB_LIKE)


@dataclass(frozen=True)
class _Term:
    word: str  # as the catalogue or lexicon writes it (shown as 匹配词)
    weight: float
    whole_only: bool  # lexicon words count only when found whole; titles and 关键词 also by pairs


@dataclass(frozen=True)
class SentenceHit:
    item_id: int
    score: float
    words: tuple[str, ...]  # what decided it, best first


class SentenceIndex:
    """The certificate items of a desk with their terms, and an index from character pair to
    items, so a sentence is scored only against the items it shares a pair with (fast on a
    county catalogue of 10,000 items)."""

    def __init__(self, items: list[tuple[int, str, list[str], str, str]], lexicon: Lexicon):
        """`items`: (id, title, 关键词, list_key, origin) of the active certificate items; on a tie
        a retained item comes first, then the county's own before the national one (narrower)."""
        self._items: list[tuple[int, tuple, tuple[_Term, ...]]] = []
        self._by_pair: dict[str, list[int]] = {}
        for iid, title, keywords, list_key, origin in items:
            terms: list[_Term] = [_Term(title, 1.0, False)]
            terms += [_Term(k, 1.0, False) for k in keywords if isinstance(k, str)]
            terms += [_Term(t, w, True) for t, w in lexicon.terms.get(title, ())]
            pos = len(self._items)
            self._items.append((iid, (list_key == "cert_forbidden", origin == "national"), tuple(terms)))
            pairs: set[str] = set()
            for term in terms:
                pairs |= _pairs(compact(term.word).replace("证明", "")) if not term.whole_only else _pairs(compact(term.word))
            for pair in pairs:
                if len(pair) == 2:
                    self._by_pair.setdefault(pair, []).append(pos)

    def match(self, text: str, limit: int = 20) -> list[SentenceHit]:
        """The items a sentence asks for, best first (score ≥ MATCH_THRESHOLD)."""
        folded = compact(text)
        if len(folded) < 2:
            return []
        text_pairs = set().union(*(_pairs(part) for part in folded.split("证明") if part))
        candidates: set[int] = set()
        for pair in _pairs(folded):
            candidates.update(self._by_pair.get(pair, ()))
        hits = []
        for pos in candidates:
            iid, order, terms = self._items[pos]
            found: dict[str, float] = {}
            for term in terms:
                whole = compact(term.word)
                if term.whole_only:
                    s = score_must_not(term.word, folded, text_pairs) if whole in folded else 0.0
                else:
                    s = score_must_not(term.word, folded, text_pairs)
                s *= term.weight
                if s > 0 and s > found.get(term.word, 0.0):
                    found[term.word] = s
            if not found:
                continue
            ranked = sorted(found.items(), key=lambda kv: -kv[1])
            best = ranked[0][1]
            if best < MATCH_THRESHOLD:
                continue
            # further words: count each once, and not when it is only a part of a word already counted
            counted = [compact(ranked[0][0])]
            bonus = 0.0
            for word, s in ranked[1:]:
                w = compact(word)
                if s < MATCH_THRESHOLD * WEAK_WEIGHT or any(w in c or c in w for c in counted):
                    continue
                counted.append(w)
                bonus += _BONUS_SHARE * min(s, 1.0)
            score = min(best, 1.0) + min(bonus, _BONUS_CAP) + (best - min(best, 1.0))
            hits.append((score, order, pos, SentenceHit(iid, score, tuple(w for w, _ in ranked[:4]))))
        hits.sort(key=lambda h: (-round(h[0], 6), h[1], h[2]))
        return [h[3] for h in hits[:limit]]

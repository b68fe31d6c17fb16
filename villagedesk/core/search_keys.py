"""What the catalogue search indexes for an item and how it reads a query.

Short queries (1–2 characters) go through a per-character index, longer ones through
SQLite's FTS5 trigram index, which matches nothing under 3 characters. Pinyin (pypinyin)
lets a clerk type jzzm or juzhu for 居住证明.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from villagedesk.core.text import fold

_ASCII_WORD = re.compile(r"^[a-z0-9']+$")


@dataclass(frozen=True)
class PinyinKeys:
    full: str  # juzhuzhengming
    initials: str  # jzzm
    syllables: tuple[str, ...]  # ("ju", "zhu", "zheng", "ming")


def _each_char(text: str) -> list[str]:
    """Characters without pinyin (Latin, digits) kept one by one."""
    return list(text)


@lru_cache(maxsize=65536)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """Syllables of one word of pypinyin's own segmentation. Catalogues repeat their words
    (协助、证明、工作…), so caching per word makes indexing 10,000 items several times
    faster with exactly pypinyin's answer (phrase context lives inside a word)."""
    from pypinyin import Style, lazy_pinyin

    # pypinyin accepts an `errors` callback returning a list (one item per character, as its
    # README shows); its stubs only allow str
    parts = (p.strip().lower() for p in lazy_pinyin(word, style=Style.NORMAL, errors=_each_char))  # type: ignore[arg-type]
    return tuple(p for p in parts if p and _ASCII_WORD.match(p))


@lru_cache(maxsize=65536)
def pinyin_keys(text: str) -> PinyinKeys:
    """Pinyin of a title, without tones; non-Han characters kept as they are (folded)."""
    from pypinyin.seg.simpleseg import seg  # 0.2 s import: only when indexing

    syllables = tuple(s for word in seg(fold(text)) for s in _word_pinyin(word))
    return PinyinKeys("".join(syllables), "".join(s[0] for s in syllables), syllables)


def syllable_starts(keys: PinyinKeys) -> list[int]:
    """Offsets in `full` where a syllable begins: a pinyin query must start at one."""
    starts, pos = [], 0
    for s in keys.syllables:
        starts.append(pos)
        pos += len(s)
    return starts


@dataclass(frozen=True)
class Query:
    text: str  # folded
    is_pinyin: bool  # letters only: also try pinyin

    @property
    def short(self) -> bool:
        return len(self.text) < 3


def parse_query(raw: str, simplify=None) -> Query:
    text = fold(raw or "")
    text = text.replace("'", "") if _ASCII_WORD.match(text or "-") else text
    if simplify is not None:
        text = simplify(text)
    return Query(text, bool(text) and text.isascii() and text.isalpha())


_INDEXED_CHAR = re.compile(r"[^\W_]")  # letters, digits and Han characters: what a query can type


def index_chars(text: str) -> set[str]:
    """The characters a per-character index stores for one field (folded, no spaces)."""
    return set(_INDEXED_CHAR.findall(fold(text)))

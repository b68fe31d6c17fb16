"""What the catalogue search indexes for an item and how it reads a query.

Short queries (1–2 characters) go through a per-character index, longer ones through
SQLite's FTS5 trigram index, which matches nothing under 3 characters. Pinyin (pypinyin)
lets a clerk type jzzm or juzhu for 居住证明.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from villagedesk.core.text import fold, is_han

_ASCII_WORD = re.compile(r"^[a-z0-9']+$")


@dataclass(frozen=True)
class PinyinKeys:
    full: str  # juzhuzhengming
    initials: str  # jzzm
    syllables: tuple[str, ...]  # ("ju", "zhu", "zheng", "ming")


def pinyin_keys(text: str) -> PinyinKeys:
    """Pinyin of a title, without tones; non-Han characters kept as they are (folded)."""
    from pypinyin import Style, lazy_pinyin  # 0.2 s import: only when indexing

    folded = fold(text)
    syllables: list[str] = []
    for part in lazy_pinyin(folded, style=Style.NORMAL, errors=lambda s: list(s)):
        part = part.strip().lower()
        if part and _ASCII_WORD.match(part):
            syllables.append(part)
    return PinyinKeys("".join(syllables), "".join(s[0] for s in syllables), tuple(syllables))


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


def index_chars(text: str) -> set[str]:
    """The characters a per-character index stores for one field (folded, no spaces)."""
    return {ch for ch in fold(text) if is_han(ch) or ch.isalnum()}

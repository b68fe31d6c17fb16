"""Standard characters: 《通用规范汉字表》(2013) and OpenCC's traditional→simplified table.

A character is flagged only when it is outside the 8,105 standard characters (21 keys of
OpenCC's table are standard too: 乾 於 徵 …), as ../shared/reference/DOMAIN.md §5 sets out.
"""

from __future__ import annotations

from dataclasses import dataclass

from villagedesk.core.text import is_han


@dataclass(frozen=True)
class CharIssue:
    char: str
    position: int
    simplified: str  # OpenCC's suggestion, or "" when there is none

    def message(self) -> str:
        if self.simplified:
            return f"「{self.char}」是繁体字，应写作「{self.simplified}」"
        return f"「{self.char}」不在《通用规范汉字表》中（不规范字）"


class CharTables:
    """The standard character set and the traditional→simplified map, handed in as data."""

    def __init__(self, standard: set[str], traditional_to_simplified: dict[str, str]):
        self.standard = standard
        self.t2s = traditional_to_simplified

    def issues(self, text: str) -> list[CharIssue]:
        found = []
        for pos, ch in enumerate(text):
            if is_han(ch) and ch not in self.standard:
                found.append(CharIssue(ch, pos, self.t2s.get(ch, "")))
        return found

    def simplify(self, text: str) -> str:
        """Replace each non-standard character that has a simplified form; keep the rest."""
        return "".join(
            self.t2s.get(ch, ch) if is_han(ch) and ch not in self.standard else ch for ch in text
        )


def parse_standard_table(text: str) -> set[str]:
    """Read the kTGH table: `index<TAB>char<TAB>U+XXXX<TAB>level`, # comments."""
    chars = set()
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1]:
            chars.add(parts[1])
    return chars


def parse_opencc_table(text: str) -> dict[str, str]:
    """Read OpenCC's `TRAD<TAB>SIMP [ALT…]` table; the first suggestion wins."""
    mapping = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2 and len(parts[0]) == 1:
            mapping[parts[0]] = parts[1].split(" ")[0]
    return mapping

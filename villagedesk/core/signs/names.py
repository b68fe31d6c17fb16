"""Sign names: which organisation a name belongs to, the office's approved names,
abbreviations, and scripts other than Han characters.

The approved full names come from the desk (Desk.organisations: role → name, as written in
the approval documents, stored at `init` and corrected in 设置). Nothing printed is ever made
by gluing a suffix to a name here: where the desk has no name for a role, the answer is "not
registered" (core/org_names.py), and the rule set's name patterns (`{村名}`) only judge a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from villagedesk.core.text import is_han

ROLE_NAMES = {
    "party": "村党组织", "committee": "村民委员会", "collective": "村集体经济组织",
    "supervision": "村务监督委员会", "service_center": "村党群服务中心",
    "civilization_station": "村新时代文明实践站", "other": "其他机构",
}
_SPACE = re.compile(r"\s+")


def normalise(name: str) -> str:
    """NFC, no white space: 「风平村 民委员会」 and 「风平村民委员会」 are one name."""
    return _SPACE.sub("", unicodedata.normalize("NFC", name or ""))


def infer_role(name: str, organisations: list[dict]) -> str:
    """The first organisation (in rule-set order) one of whose markers is in the name."""
    text = normalise(name)
    for org in organisations:
        if any(m in text for m in org.get("markers", ())):
            return org["role"]
    return "other"


def approved_names(office: dict | None) -> dict[str, str]:
    """role → approved full name, from the desk's organisations."""
    out: dict[str, str] = {}
    for org in (office or {}).get("organisations") or []:
        if isinstance(org, dict) and org.get("role") and org.get("name"):
            out.setdefault(org["role"], normalise(org["name"]))
    return out


@lru_cache(maxsize=256)
def pattern_regex(pattern: str) -> re.Pattern:
    """A catalogue or rule-set name style as a regex: {村名} (or any {…}) stands for any text."""
    parts = re.split(r"\{[^{}]*\}", normalise(pattern))
    return re.compile(".+?".join(re.escape(p) for p in parts))


def matches_pattern(name: str, pattern: str) -> bool:
    return bool(pattern) and pattern_regex(pattern).fullmatch(normalise(name)) is not None


def expected_name(role: str, office: dict | None, organisations: list[dict] | None = None) -> tuple[str, str]:
    """(name, 'approved'): the desk's stored name for the role, else ('', '') — never a name
    made from a pattern (`organisations`, the rule set's, is kept for the callers' sake)."""
    approved = approved_names(office)
    if role in approved:
        return approved[role], "approved"
    return "", ""


def find_abbreviations(name: str, abbreviations: list[dict]) -> list[dict]:
    """Forbidden short forms in the name, longest first, each span reported once."""
    text = normalise(name)
    taken: list[tuple[int, int]] = []
    found = []
    for abbr in abbreviations:
        short = abbr["short"]
        start = text.find(short)
        while start >= 0:
            end = start + len(short)
            after, before = text[end:], text[:start]
            excused = any(after.startswith(s) for s in abbr.get("unless_followed_by", ())) or any(
                before.endswith(p) for p in abbr.get("unless_preceded_by", ()))
            overlaps = any(start < e and s < end for s, e in taken)
            if not excused and not overlaps:
                taken.append((start, end))
                found.append({**abbr, "position": start})
            start = text.find(short, start + 1)
    return sorted(found, key=lambda a: a["position"])


def is_hangul(ch: str) -> bool:
    cp = ord(ch)
    return 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F


SCRIPT_NAMES = {"hangul": "朝鲜文", "latin": "拉丁字母", "kana": "日文假名", "other": "其他符号"}
_ALLOWED_MARKS = set("（）()·、-—")


def foreign_scripts(name: str) -> dict[str, str]:
    """Characters of a Chinese sign name that are not Han characters, by script."""
    out: dict[str, str] = {}
    for ch in normalise(name):
        if is_han(ch) or ch.isdigit() or ch in _ALLOWED_MARKS:
            continue
        if is_hangul(ch):
            script = "hangul"
        elif ch.isascii() and ch.isalpha() or unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch, ""):
            script = "latin"
        elif 0x3040 <= ord(ch) <= 0x30FF:
            script = "kana"
        else:
            script = "other"
        if ch not in out.get(script, ""):
            out[script] = out.get(script, "") + ch
    return out

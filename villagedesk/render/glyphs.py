"""Refuse text the bundled font cannot draw, before anything is printed.

reportlab draws a blank, silently, for a character the font lacks (issue #3 item 6): a
villager's name would print with a hole. Every labelled value is checked first and each
missing character is named with its code point, since the clerk may not see it on screen.
"""

from __future__ import annotations

import unicodedata

from villagedesk.core.errors import Problem
from villagedesk.render import fonts

_SUGGESTION = "请核对或改用通用规范汉字"


def _describe(ch: str) -> tuple[str, str]:
    code = f"U+{ord(ch):04X}"
    if unicodedata.category(ch)[0] == "C":  # control, format, private use, surrogate, unassigned
        return f"含有不可打印的字符 ({code})", "请删除该字符后重新输入"
    return f"字体中没有「{ch}」({code})", _SUGGESTION


def check_printable(fields: dict[str, str]) -> list[Problem]:
    """One error per (field, character) that would print as a blank."""
    problems = []
    for label, value in fields.items():
        if not value:
            continue
        for ch in fonts.missing_chars(value):
            message, suggestion = _describe(ch)
            problems.append(Problem("error", f"{message}，打印会出现空白", label, suggestion))
    return problems

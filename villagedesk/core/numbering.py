"""Certificate numbers from a template such as `{村简称}证〔{年}〕{n}号`.

GB/T 9704-2012 7.2.5 (the style of document numbers offices copy, DOMAIN.md §8): the year
in full inside 六角括号〔〕, the sequence in Arabic numerals, no 第, no zero padding, then 号.
The template is a desk setting; these defaults follow the standard:

- certificates (series "cert"):       `{村简称}证〔{年}〕{n}号`      → 风平村证〔2026〕12号
- refusal notices (series "refusal"):  `{村简称}不予证〔{年}〕{n}号`  → 风平村不予证〔2026〕3号
- acceptances (series "accept"):       `{村简称}证受〔{年}〕{n}号`    → 风平村证受〔2026〕5号

Each series counts from 1 every year, so the three templates must give different texts.
Placeholders: {村简称} the desk's short name, {年} the four-digit year, {n} the sequence,
{n:03} the sequence zero-padded to 3 (any width 1–9) for offices that insist on it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from villagedesk.core.errors import Problem, UserError
from villagedesk.core.text import control_chars

DEFAULT_TEMPLATES = {
    "cert": "{村简称}证〔{年}〕{n}号",
    "refusal": "{村简称}不予证〔{年}〕{n}号",
    "accept": "{村简称}证受〔{年}〕{n}号",
}
MAX_TEMPLATE_LENGTH = 40

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SEQ = re.compile(r"n(?::0([1-9]))?")
_KNOWN = "{村简称}、{年}、{n}、{n:03}"


def _parts(template: str) -> list[tuple[str, str]]:
    """The template as ("text", literal) and ("field", name) pieces."""
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(template):
        if m.start() > pos:
            out.append(("text", template[pos:m.start()]))
        out.append(("field", m.group(1)))
        pos = m.end()
    if pos < len(template):
        out.append(("text", template[pos:]))
    return out


def check_template(template: str) -> list[Problem]:
    """Errors make the template unusable; warnings are departures from GB/T 9704-2012 7.2.5."""
    where = "编号格式"
    problems: list[Problem] = []

    def error(message: str, suggestion: str = "") -> None:
        problems.append(Problem("error", message, where, suggestion))

    def warning(message: str, suggestion: str = "") -> None:
        problems.append(Problem("warning", message, where, suggestion))

    if not isinstance(template, str) or not template.strip():
        error("编号格式不能为空", "例如 " + DEFAULT_TEMPLATES["cert"])
        return problems
    if len(template) > MAX_TEMPLATE_LENGTH:
        error(f"编号格式过长（{len(template)} 个字，最多 {MAX_TEMPLATE_LENGTH} 个）")
    bad = control_chars(template) + [ch for ch in template if ch in "\t\r\n"]
    if bad:
        error("编号格式含有不可见的控制字符：" + "、".join(f"U+{ord(c):04X}" for c in sorted(set(bad))), "重新输入，不要从别处粘贴")
    parts = _parts(template)
    seq_fields = 0
    year_fields = 0
    for kind, value in parts:
        if kind == "text":
            if "{" in value or "}" in value:
                error("编号格式中的花括号不成对", f"占位符只能是 {_KNOWN}")
            continue
        if value == "年":
            year_fields += 1
        elif value == "村简称":
            pass
        elif _SEQ.fullmatch(value):
            seq_fields += 1
            if value != "n":
                warning("流水号补零（如 012）不合 GB/T 9704-2012 7.2.5", "改用 {n}")
        else:
            error(f"不认识的占位符 {{{value}}}", f"只能用 {_KNOWN}")
    if seq_fields != 1:
        error("编号格式必须恰好含有一个流水号 {n}" if seq_fields == 0 else "流水号 {n} 只能出现一次")
    if year_fields != 1:
        error("编号格式必须恰好含有一个年份 {年}" if year_fields == 0 else "年份 {年} 只能出现一次")
    if year_fields == 1 and "〔{年}〕" not in template:
        warning("年份应放在六角括号〔〕中（GB/T 9704-2012 7.2.5）", "例如 〔{年}〕")
    if re.search(r"第\s*\{n", template):
        warning("编号中的流水号前不加“第”（GB/T 9704-2012 7.2.5）")
    return problems


@lru_cache(maxsize=64)
def _compiled(template: str) -> tuple[tuple[str, str], ...]:
    errors = [p for p in check_template(template) if p.severity == "error"]
    if errors:
        raise UserError(f"编号格式“{template}”不能使用", where="编号格式", problems=errors)
    return tuple(_parts(template))


def format_number(template: str, *, short_name: str, year: int, seq: int) -> str:
    """The number for sequence `seq` of `year`; UserError if the template has errors."""
    out = []
    for kind, value in _compiled(template):
        if kind == "text":
            out.append(value)
        elif value == "年":
            out.append(f"{int(year):04d}")
        elif value == "村简称":
            out.append(short_name)
        else:
            seq_field = _SEQ.fullmatch(value)
            assert seq_field is not None  # _compiled refused any other placeholder
            width = seq_field.group(1)
            out.append(f"{int(seq):0{width}d}" if width else str(int(seq)))
    return "".join(out)

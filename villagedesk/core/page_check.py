"""Does a certificate page show what was signed? Compares the signed content with the text
read from the page and names the first field that differs.

Why not just trust the PDF's metadata: anyone can copy a genuine certificate's metadata
into a PDF that shows another name (issue #9). The page text wraps and its line breaks fall
anywhere, so both sides are compared without white space and invisible characters. The
page carries more than the signed text (title, seal, handler, the QR band): only the signed
pieces must be found on it, each whole, and nothing may be appended to the signed body.
Pure: no PDF, no I/O; the caller extracts the text.
"""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

# what may follow the signed body on a certificate page: the reissue note or the closing
# (render/certificate.py prints them right after the body)
BODY_FOLLOWERS = ("本证明替代原编号为", "特此证明")
_SNIPPET = 8
_SHORT = 60  # a piece this short is looked for in windows of the page (number, date)


def normalise(text: str) -> str:
    """Without white space, line breaks, control and format characters: the page's wrapping
    and a PDF reader's spacing do not matter, the characters do."""
    return "".join(ch for ch in text or "" if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf"))


def compare(page_text: str, pieces: list[tuple[str, str]], body: str, body_fields: list[tuple[str, str]],
            *, body_after: str = "") -> str | None:
    """None when the page shows every piece (label, signed text) and the signed body whole;
    otherwise a Chinese sentence naming the first difference, e.g.
    页面上的姓名「李四」与签名内容「王芳」不符. `body_fields` (label, value) name the part of
    the body that differs (name, ID number, purpose …); `body_after`, when given, is what the
    page shows right before the body (the number): nothing may be slipped in between."""
    page = normalise(page_text)
    if not page:
        return "页面上读不出文字，无法与签名内容比对（村务桌面生成的证明页面都带有文字）"
    for label, value in pieces:
        signed = normalise(value)
        if signed and signed not in page:
            return explain(signed, page, [(label, signed)], label)
    signed_body = normalise(body)
    if not signed_body:
        return None
    at = page.find(signed_body)
    if at < 0:
        return explain(signed_body, page, [(label, normalise(v)) for label, v in body_fields if normalise(v)], "正文")
    before = normalise(body_after)
    if before and not page[:at].endswith(before):
        return f"页面上的正文前面多出了签名内容中没有的文字「{_clip(page[:at].rsplit(before, 1)[-1])}」"
    after = page[at + len(signed_body):]
    if after and not after.startswith(BODY_FOLLOWERS):
        return f"页面上的正文后面多出了签名内容中没有的文字「{_clip(after)}」"
    return None


def explain(signed: str, page: str, spans: list[tuple[str, str]], default_label: str) -> str:
    """Where `signed` (normalised) and the page part best aligned with it first differ, named
    by the span (label, value) that the difference falls in."""
    if len(signed) <= _SHORT:
        page = _best_window(signed, page)  # a number or a date: the part of the page most like it
    matcher = SequenceMatcher(None, signed, page, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    if matched < len(signed) / 2:
        return f"页面上找不到签名内容中的{default_label}「{_clip(signed)}」"
    opcodes = matcher.get_opcodes()
    located = _locate(signed, spans)
    for tag, a1, a2, b1, b2 in opcodes:
        if tag == "equal" or (tag == "insert" and a1 in (0, len(signed))):
            continue  # text of the page around the signed piece (title, seal, band)
        for label, start, end in located:
            if (a1 < a2 and a1 < end and a2 > start) or (a1 == a2 and start < a1 < end):
                page_value = page[_map_start(opcodes, start):_map_end(opcodes, end)]
                return f"页面上的{label}「{_clip(page_value, 40)}」与签名内容「{signed[start:end]}」不符"
        shown_signed = signed[max(0, a1 - _SNIPPET):a2 + _SNIPPET]
        shown_page = page[max(0, b1 - _SNIPPET):b2 + _SNIPPET]
        return f"页面上的{default_label}「{_clip(shown_page, 40)}」与签名内容「{_clip(shown_signed, 40)}」不符"
    return f"页面上的{default_label}与签名内容不符"


def _best_window(signed: str, page: str) -> str:
    """The stretch of the page, as long as `signed`, that shares the most with it."""
    n = len(signed)
    if len(page) <= n:
        return page
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(signed)
    best, best_at = -1.0, 0
    for at in range(len(page) - n + 1):
        matcher.set_seq1(page[at:at + n])
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            ratio = matcher.ratio()
            if ratio > best:
                best, best_at = ratio, at
    return page[best_at:best_at + n]


def _map_start(opcodes, a: int) -> int:
    """Where position `a` of the signed text falls on the page (start of a field)."""
    for tag, a1, a2, b1, _b2 in opcodes:
        if tag != "insert" and a1 <= a < a2:
            return b1 + (a - a1) if tag == "equal" else b1
    return opcodes[-1][4] if opcodes else 0


def _map_end(opcodes, a: int) -> int:
    """Where the signed text ending at `a` ends on the page (end of a field)."""
    for tag, a1, a2, b1, b2 in opcodes:
        if tag != "insert" and a1 < a <= a2:
            return b1 + (a - a1) if tag == "equal" else b2
    return opcodes[-1][4] if opcodes else 0


def _locate(signed: str, spans: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """Every occurrence of each span's value in `signed`, as (label, start, end)."""
    out = []
    for label, value in spans:
        start = signed.find(value) if value else -1
        while start >= 0:
            out.append((label, start, start + len(value)))
            start = signed.find(value, start + 1)
    return out


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"

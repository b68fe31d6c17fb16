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


def normalise(text: str) -> str:
    """Without white space, line breaks, control and format characters: the page's wrapping
    and a PDF reader's spacing do not matter, the characters do."""
    return "".join(ch for ch in text or "" if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf"))


def compare(page_text: str, pieces: list[tuple[str, str]], body: str, body_fields: list[tuple[str, str]]) -> str | None:
    """None when the page shows every piece (label, signed text) and the signed body whole;
    otherwise a Chinese sentence naming the first difference, e.g.
    页面上的姓名「李四」与签名内容「王芳」不符. `body_fields` (label, value) name the part of
    the body that differs (name, ID number, purpose …)."""
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
    after = page[at + len(signed_body):]
    if after and not after.startswith(BODY_FOLLOWERS):
        return f"页面上的正文后面多出了签名内容中没有的文字「{_clip(after)}」"
    return None


def explain(signed: str, page: str, spans: list[tuple[str, str]], default_label: str) -> str:
    """Where `signed` (normalised) and the page part best aligned with it first differ, named
    by the span (label, value) that the difference falls in."""
    matcher = SequenceMatcher(None, signed, page, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    if matched < len(signed) / 2:
        return f"页面上找不到签名内容中的{default_label}「{_clip(signed)}」"
    located = _locate(signed, spans)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "insert" and a1 in (0, len(signed))):
            continue  # text of the page around the signed piece (title, seal, band)
        for label, start, end in located:
            if (a1 < a2 and a1 < end and a2 > start) or (a1 == a2 and start <= a1 <= end):
                page_value = page[max(0, b1 - max(0, a1 - start)):b2 + max(0, end - a2)]
                return f"页面上的{label}「{page_value}」与签名内容「{signed[start:end]}」不符"
        shown_signed = signed[max(0, a1 - _SNIPPET):a2 + _SNIPPET]
        shown_page = page[max(0, b1 - _SNIPPET):b2 + _SNIPPET]
        return f"页面上的{default_label}「{_clip(shown_page, 40)}」与签名内容「{_clip(shown_signed, 40)}」不符"
    return f"页面上的{default_label}与签名内容不符"


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

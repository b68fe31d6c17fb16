"""Text normalisation shared by search, import checks and admission checks."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time

_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph, including the supplementary planes (扩展B–H)."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x323AF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def control_chars(text: str) -> list[str]:
    """Invisible control and direction characters a pasted cell may carry."""
    return _CONTROL.findall(text)


def clean_cell(value: object) -> str:
    """A cell as the text a person sees: NFC, trimmed, inner runs of space kept as one."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # a date cell of a workbook
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """The form search compares: NFKC (全角→半角), lower case, no white space."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def split_terms(text: str) -> list[str]:
    """Split a list cell (关键词, 所需材料, 替代方式) on Chinese or ASCII separators."""
    return [t for t in (s.strip() for s in re.split(r"[、，,；;／/\s]+", text or "")) if t]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how spreadsheet programs name a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

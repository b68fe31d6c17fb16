"""Base45 (RFC 9285): bytes as text in the QR code's alphanumeric character set.

Alphanumeric mode packs 2 characters into 11 bits, so 2 bytes → 3 characters costs about
3 % over raw binary, where Base64 would need byte mode and lowercase. The EU digital COVID
certificate used it for the same reason.
"""

from __future__ import annotations

from villagedesk.core.errors import UserError

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_CHARS = frozenset(ALPHABET)


class Base45Error(UserError):
    """Text that is not Base45; `position` is 1-based in the text given to `decode`."""

    def __init__(self, message: str, position: int):
        self.position = position
        super().__init__(message)


def encode(data: bytes) -> str:
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        n, c = divmod(n, 45)
        e, d = divmod(n, 45)
        out += (ALPHABET[c], ALPHABET[d], ALPHABET[e])
    if len(data) % 2:
        e, c = divmod(data[-1], 45)  # one byte: two characters
        out += (ALPHABET[c], ALPHABET[e])
    return "".join(out)


def decode(text: str, *, start: int = 1) -> bytes:
    """Strict: only the 45 upper-case characters; groups of 3 (≤ 65535) and one final group
    of 2 (≤ 255). Messages count positions from `start` (the caller's text may have a prefix)."""
    if not _CHARS.issuperset(text):
        i, ch = next((i, ch) for i, ch in enumerate(text) if ch not in _VALUE)
        shown = repr(ch) if not ch.isprintable() or ch.isspace() else f"“{ch}”"
        raise Base45Error(f"第 {start + i} 个字符 {shown} 不在 Base45 字符集（0-9、A-Z、空格和 $%*+-./:）内", start + i)
    if len(text) % 3 == 1:
        last = start + len(text) - 1
        raise Base45Error(f"长度不对：第 {last} 个字符是单独剩下的一个，内容可能不完整", last)
    values = [_VALUE[ch] for ch in text]
    out = bytearray()
    full = len(text) - len(text) % 3
    for i in range(0, full, 3):
        n = values[i] + values[i + 1] * 45 + values[i + 2] * 2025
        if n > 0xFFFF:
            raise Base45Error(f"第 {start + i}–{start + i + 2} 个字符“{text[i:i + 3]}”的数值 {n} 超出两个字节（最大 65535）", start + i)
        out += bytes((n >> 8, n & 0xFF))
    if full < len(text):
        n = values[full] + values[full + 1] * 45
        if n > 0xFF:
            raise Base45Error(f"第 {start + full}–{start + full + 1} 个字符“{text[full:]}”的数值 {n} 超出一个字节（最大 255）", start + full)
        out.append(n)
    return bytes(out)

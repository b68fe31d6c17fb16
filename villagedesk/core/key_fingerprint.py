"""A key's fingerprint as people read it aloud on the phone: SHA-256 of the raw public key,
its first 20 bytes in Base32 (letters and digits 2–7, no 0/1/8/9 to confuse), in groups of
four: "7Q4M-2KXD-…". One function, used by `key list`, `key export`, `key trust` and the
verify answers, so the same key always shows the same groups."""

from __future__ import annotations

import base64
import hashlib


def fingerprint(public_key: bytes) -> str:
    text = base64.b32encode(hashlib.sha256(bytes(public_key)).digest()[:20]).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))

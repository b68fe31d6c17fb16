"""Catalogue versions: dotted numbers compared number by number (2024.10 > 2024.9)."""

from __future__ import annotations

import re

_VERSION = re.compile(r"^\d{1,9}(\.\d{1,9}){0,3}$")


def parse_version(text: str) -> tuple[int, ...] | None:
    text = (text or "").strip()
    if not _VERSION.match(text):
        return None
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)

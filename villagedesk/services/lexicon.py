"""The villagers'-words lexicon of a desk: the built-in files plus the county's own.

Built in: resources/policy/must_not_terms.json (the must-not-issue items) and
resources/lexicon/colloquial.json (the retained items, context words). A county adds words in
<data folder>/词表/*.json (the program folder may not be writable on an office PC; the same
pattern as 表单/ for forms). Office files are read again only when one changed; a wrong file
or entry is left out with a Chinese warning (`lexicon_warnings`), never an error that stops
the search or a certificate. One loader for both readers (core/colloquial.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from villagedesk import resources
from villagedesk.core.colloquial import Lexicon, read_lexicon
from villagedesk.core.errors import UserError

MUST_NOT_TERMS = ("policy", "must_not_terms.json")
COLLOQUIAL = ("lexicon", "colloquial.json")
OFFICE_LEXICON = "词表"
MAX_OFFICE_FILE = 1024 * 1024


def _builtin_documents() -> list[tuple[str, object]]:
    return [("/".join(parts), resources.read_json(*parts)) for parts in (MUST_NOT_TERMS, COLLOQUIAL)]


@cache
def builtin_lexicon() -> Lexicon:
    return read_lexicon(_builtin_documents())


_office_cache: dict[Path, tuple[tuple, Lexicon]] = {}


def lexicon_for(data_dir: Path | None) -> Lexicon:
    """The built-in lexicon with the county's files in <data folder>/词表/ added (by name order)."""
    if data_dir is None:
        return builtin_lexicon()
    folder = Path(data_dir) / OFFICE_LEXICON
    try:
        files = sorted(p for p in folder.glob("*.json") if p.is_file()) if folder.is_dir() else []
        stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        files, stamp = [], ()
    if not files:
        return builtin_lexicon()
    cached = _office_cache.get(folder)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    from villagedesk.files import read_user_json

    documents = _builtin_documents()
    unreadable: list[str] = []
    for path in files:
        try:
            documents.append((f"{OFFICE_LEXICON}/{path.name}", read_user_json(path, what="词表文件",
                                                                              max_bytes=MAX_OFFICE_FILE)))
        except UserError as exc:
            unreadable.append(f"{exc.message}，已跳过")
    merged = read_lexicon(documents)
    lexicon = Lexicon(merged.terms, tuple(unreadable) + merged.warnings)
    _office_cache[folder] = (stamp, lexicon)
    return lexicon


def lexicon_warnings(session) -> list[str]:
    """「词表 词表/x.json 中…已跳过」 for each county entry or file that was left out."""
    return list(lexicon_for(session.data_dir if session is not None else None).warnings)

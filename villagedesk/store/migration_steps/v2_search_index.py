"""Schema v2: the search index of the catalogue items (item_search, item_fts trigram,
item_pinyin, item_chars), built for the items already there.

Frozen: the rows are shaped here as the v2 index shapes them (a copy of what
catalogue_store.index_items did when v2 was released), never by calling the live store, so
a later change of the store cannot change what this step writes. The keys themselves come
from core's pure functions (folding, pinyin, characters): the rules of the domain, which a
change of the index format would bring with a step of its own that rebuilds the index.
"""

from __future__ import annotations

import json

import sqlite_utils

from villagedesk.core.search_keys import index_chars, pinyin_keys, syllable_starts
from villagedesk.core.text import fold

PINYIN_QUERY_MAX = 32
UNSEARCHED_FIELDS = frozenset({"channel", "channel_source", "bring"})  # as core.catalogue had them at v2


def upgrade(db: sqlite_utils.Database) -> None:
    for sql in (
        # compact rows, one per item, scanned by short pinyin queries: active and list_key
        # are copied here so a search never joins the wide catalogue_items rows
        """CREATE TABLE item_search (
            item_id INTEGER PRIMARY KEY REFERENCES catalogue_items(id) ON DELETE CASCADE,
            active INTEGER NOT NULL DEFAULT 1,
            list_key TEXT NOT NULL,
            title TEXT NOT NULL,
            other TEXT NOT NULL,
            pinyin TEXT NOT NULL,
            initials TEXT NOT NULL,
            syllables TEXT NOT NULL,
            kw_short TEXT NOT NULL)""",
        "CREATE VIRTUAL TABLE item_fts USING fts5(title, other, initials, pinyin, kw_pinyin, tokenize = 'trigram')",
        # syllable-start suffixes (|juzhuzheng|zhuzheng|…), read by id for long pinyin queries only
        """CREATE TABLE item_pinyin (
            item_id INTEGER PRIMARY KEY REFERENCES catalogue_items(id) ON DELETE CASCADE,
            starts TEXT NOT NULL,
            kw_starts TEXT NOT NULL)""",
        # each character of an item's title: the index of one- and two-character queries
        """CREATE TABLE item_chars (
            ch TEXT NOT NULL,
            item_id INTEGER NOT NULL,
            PRIMARY KEY (ch, item_id)) WITHOUT ROWID""",
    ):
        db.execute(sql)
    ids = [r[0] for r in db.execute("SELECT id FROM catalogue_items ORDER BY id").fetchall()]
    _index_items(db, ids)


def _other_text(basis: str, clause: str, notes: str, keywords: str, fields: str) -> str:
    extra = []
    for key, value in json.loads(fields or "{}").items():
        if key in UNSEARCHED_FIELDS:
            continue
        if isinstance(value, str):
            extra.append(value)
        elif isinstance(value, list):
            extra.extend(v for v in value if isinstance(v, str))
    words = json.loads(keywords or "[]")
    return fold(" ".join([basis, clause, notes, *words, *extra]))


def _starts(keys) -> str:
    """`|juzhuzhengming|zhuzhengming|…`: a pinyin query must begin at a syllable
    (each suffix cut to the longest pinyin query we honour, to keep the index small)."""
    return "|" + "|".join(keys.full[s:s + PINYIN_QUERY_MAX] for s in syllable_starts(keys))


def _index_items(db: sqlite_utils.Database, ids: list[int]) -> None:
    """Build the search rows of these items (FTS trigram, per-character, pinyin)."""
    search_rows: list[tuple] = []
    fts_rows: list[tuple] = []
    char_rows: list[tuple[str, int]] = []
    pinyin_rows: list[tuple] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for iid, title, basis, clause, notes, keywords, fields, active, list_key in db.execute(
            f"SELECT id, title, basis, clause, notes, keywords, fields, active, list_key FROM catalogue_items WHERE id IN ({marks})", chunk
        ):
            t = fold(title)
            other = _other_text(basis, clause, notes, keywords, fields)
            keys = pinyin_keys(title)
            starts = _starts(keys)
            kw_keys = [pinyin_keys(k) for k in json.loads(keywords or "[]")]
            kw = "".join("|" + k.initials + "|" + k.full for k in kw_keys)
            kw_starts = "".join("|" + k.initials + _starts(k) for k in kw_keys)
            kw_short = "|" + "".join(k.initials + "|" + "|".join(k.syllables) + "|" for k in kw_keys)
            syllables = "|" + "|".join(keys.syllables) + "|"
            search_rows.append((iid, active, list_key, t, other, keys.full, keys.initials, syllables, kw_short))
            fts_rows.append((iid, t, other, keys.initials, keys.full, kw))
            pinyin_rows.append((iid, starts, kw_starts))
            char_rows.extend((ch, iid) for ch in index_chars(t))
    db.conn.executemany("INSERT INTO item_search VALUES (?,?,?,?,?,?,?,?,?)", search_rows)
    db.conn.executemany("INSERT INTO item_fts (rowid, title, other, initials, pinyin, kw_pinyin) VALUES (?,?,?,?,?,?)", fts_rows)
    db.conn.executemany("INSERT INTO item_pinyin VALUES (?,?,?)", pinyin_rows)
    db.conn.executemany("INSERT INTO item_chars VALUES (?,?)", char_rows)

"""Catalogues in the desk database: install a whole catalogue at once, list, search.

A catalogue is replaced as a unit, in one transaction with its search index, so a
search never sees half a catalogue and a failed import leaves the old one in place.
Every install is kept in `catalogue_history` with the version it replaced, what changed
(core/catalogue_diff) and the installed content itself (zlib of the canonical JSON
document), so a desk can show any past version and what each one changed.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime, UTC

import sqlite_utils

from villagedesk.core.catalogue import (
    UNSEARCHED_FIELDS, Catalogue, CatalogueItem, CatalogueMeta, canonical_json, catalogue_document,
    catalogue_from_document,
)
from villagedesk.core.catalogue_diff import diff_catalogues
from villagedesk.core.region import applies_to, specificity
from villagedesk.core.search_keys import Query, index_chars, pinyin_keys, syllable_starts
from villagedesk.core.text import fold
from villagedesk.store.db import write


@dataclass(frozen=True)
class InstalledCatalogue:
    id: int
    jurisdiction_code: str
    jurisdiction_name: str
    title: str
    version: str
    published: str
    publisher: str
    digest: str
    source: str
    imported_at: str
    counts: dict

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def installed(db: sqlite_utils.Database) -> list[InstalledCatalogue]:
    counts: dict[int, dict] = {}
    for cid, list_key, n in db.execute(
        "SELECT catalogue_id, list_key, count(*) FROM catalogue_items GROUP BY 1, 2"
    ).fetchall():
        counts.setdefault(cid, {})[list_key] = n
    rows = db.execute(
        "SELECT id, jurisdiction_code, jurisdiction_name, title, version, published, publisher, digest, source, imported_at "
        "FROM catalogues ORDER BY length(rtrim(jurisdiction_code, '0')), jurisdiction_code"
    ).fetchall()
    return [InstalledCatalogue(id=r[0], jurisdiction_code=r[1], jurisdiction_name=r[2], title=r[3], version=r[4],
                               published=r[5], publisher=r[6], digest=r[7], source=r[8], imported_at=r[9],
                               counts=counts.get(r[0], {})) for r in rows]


def find_installed(db: sqlite_utils.Database, jurisdiction_code: str) -> InstalledCatalogue | None:
    return next((c for c in installed(db) if c.jurisdiction_code == jurisdiction_code), None)


def install(db: sqlite_utils.Database, catalogue: Catalogue, *, source: str, region_code: str, decide,
            progress=None) -> str:
    """Replace the jurisdiction's catalogue in one transaction.

    `decide(current: InstalledCatalogue | None, digest)` runs under the write lock and
    returns "install" or "unchanged", or raises to refuse. `progress(fraction)` is told how
    far the writing is; if it raises (a cancel), the transaction rolls back. The history row
    gets the replaced version, the changes from it (diffed under the same lock) and the content.
    Inside a caller's `write` this is a savepoint (the sync import's one transaction).
    """
    digest = catalogue.digest()
    meta = catalogue.meta
    with write(db):
        current = find_installed(db, meta.jurisdiction_code)
        outcome = decide(current, digest)
        if outcome == "unchanged":
            return outcome
        previous = catalogue_content(db, meta.jurisdiction_code) if current is not None else None
        changes = diff_catalogues(previous, catalogue).to_dict()
        if current is not None:
            old_ids = [r[0] for r in db.execute("SELECT id FROM catalogue_items WHERE catalogue_id = ?", [current.id])]
            _unindex(db, old_ids)
            db.execute("DELETE FROM catalogue_items WHERE catalogue_id = ?", [current.id])
            db.execute("DELETE FROM catalogues WHERE id = ?", [current.id])
        now = _now()
        cur = db.execute(
            "INSERT INTO catalogues (jurisdiction_code, jurisdiction_name, title, version, published, publisher, "
            "description, digest, source, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [meta.jurisdiction_code, meta.jurisdiction_name, meta.title, meta.version, meta.published,
             meta.publisher, meta.description, digest, source, now],
        )
        cid = cur.lastrowid
        db.conn.executemany(
            "INSERT INTO catalogue_items (catalogue_id, position, code, list_key, title, basis, clause, origin, "
            "fields, keywords, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (cid, pos, it.code, it.list_key, it.title, it.basis, it.clause, it.origin,
                 json.dumps(it.fields, ensure_ascii=False), json.dumps(it.keywords, ensure_ascii=False), it.notes)
                for pos, it in enumerate(catalogue.items)
            ],
        )
        new_ids = [r[0] for r in db.execute("SELECT id FROM catalogue_items WHERE catalogue_id = ?", [cid])]
        index_items(db, new_ids, progress=progress)
        db.execute(
            "INSERT INTO catalogue_history (jurisdiction_code, version, digest, item_count, source, imported_at, "
            "previous_version, content, changes) VALUES (?,?,?,?,?,?,?,?,?)",
            [meta.jurisdiction_code, meta.version, digest, len(catalogue.items), source, now,
             current.version if current is not None else "", pack(catalogue),
             json.dumps(changes, ensure_ascii=False, separators=(",", ":"))],
        )
        refresh_active(db, region_code)
    return "install"


def pack(catalogue: Catalogue) -> bytes:
    """The content the history keeps: zlib of the canonical JSON document (a tenth of its size)."""
    return zlib.compress(canonical_json(catalogue_document(catalogue)), 9)


def unpack(content: bytes) -> Catalogue:
    return catalogue_from_document(json.loads(zlib.decompress(content).decode("utf-8")))


def catalogue_content(db: sqlite_utils.Database, jurisdiction_code: str) -> Catalogue | None:
    """The installed catalogue of this jurisdiction, whole, in its file's order (its digest is
    the stored one: the rows hold every field the digest hashes)."""
    row = db.execute("SELECT id, jurisdiction_code, jurisdiction_name, title, version, published, publisher, "
                     "description FROM catalogues WHERE jurisdiction_code = ?", [jurisdiction_code]).fetchone()
    if row is None:
        return None
    meta = CatalogueMeta(jurisdiction_code=row[1], jurisdiction_name=row[2], title=row[3], version=row[4],
                         published=row[5] or "", publisher=row[6] or "", description=row[7] or "")
    items = [CatalogueItem(code=r[0], list_key=r[1], title=r[2], basis=r[3], clause=r[4], origin=r[5],
                           fields=json.loads(r[6]), keywords=json.loads(r[7]), notes=r[8])
             for r in db.execute("SELECT code, list_key, title, basis, clause, origin, fields, keywords, notes "
                                 "FROM catalogue_items WHERE catalogue_id = ? ORDER BY position", [row[0]])]
    return Catalogue(meta, items)


_HISTORY_COLUMNS = ("h.id, h.jurisdiction_code, coalesce(c.jurisdiction_name, ''), h.version, h.previous_version, "
                    "h.digest, h.item_count, h.source, h.imported_at, h.content IS NOT NULL, "
                    "json_extract(h.changes, '$.counts'), json_extract(h.changes, '$.meta')")


def _history_row(r) -> dict:
    return {"id": r[0], "jurisdiction_code": r[1], "jurisdiction_name": r[2], "version": r[3],
            "previous_version": r[4] or None, "digest": r[5], "item_count": r[6], "source": r[7],
            "imported_at": r[8], "has_content": bool(r[9]),
            "counts": json.loads(r[10]) if r[10] else None, "meta": json.loads(r[11]) if r[11] else []}


def history(db: sqlite_utils.Database, jurisdiction_code: str | None = None) -> list[dict]:
    """Every install, newest first; rows from before schema v9 have no content and no counts."""
    sql = (f"SELECT {_HISTORY_COLUMNS} FROM catalogue_history h "
           "LEFT JOIN catalogues c ON c.jurisdiction_code = h.jurisdiction_code")
    params: list = []
    if jurisdiction_code:
        sql += " WHERE h.jurisdiction_code = ?"
        params.append(jurisdiction_code)
    return [_history_row(r) for r in db.execute(sql + " ORDER BY h.id DESC", params)]


def history_entry(db: sqlite_utils.Database, history_id: int) -> dict | None:
    """One install with its whole changes summary (as core/catalogue_diff's to_dict made it)."""
    row = db.execute(f"SELECT {_HISTORY_COLUMNS}, h.changes FROM catalogue_history h "
                     "LEFT JOIN catalogues c ON c.jurisdiction_code = h.jurisdiction_code WHERE h.id = ?",
                     [history_id]).fetchone()
    if row is None:
        return None
    entry = _history_row(row)
    entry["changes"] = json.loads(row[12] or "{}")
    return entry


def history_catalogue(db: sqlite_utils.Database, history_id: int) -> Catalogue | None:
    """The content that install put in place; None for a row from before schema v9."""
    row = db.execute("SELECT content FROM catalogue_history WHERE id = ?", [history_id]).fetchone()
    return unpack(row[0]) if row and row[0] is not None else None


def _unindex(db: sqlite_utils.Database, ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM item_fts WHERE rowid IN ({marks})", chunk)
        db.execute(f"DELETE FROM item_chars WHERE item_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM item_search WHERE item_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM item_pinyin WHERE item_id IN ({marks})", chunk)


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


PINYIN_QUERY_MAX = 32


def _starts(keys) -> str:
    """`|juzhuzhengming|zhuzhengming|…`: a pinyin query must begin at a syllable
    (each suffix cut to the longest pinyin query we honour, to keep the index small)."""
    return "|" + "|".join(keys.full[s:s + PINYIN_QUERY_MAX] for s in syllable_starts(keys))


def index_items(db: sqlite_utils.Database, ids: list[int], progress=None) -> None:
    """Build the search rows of these items (FTS trigram, per-character, pinyin)."""
    search_rows: list = []
    fts_rows: list = []
    char_rows: list = []
    pinyin_rows: list = []
    for start in range(0, len(ids), 500):
        if progress is not None:
            progress(start / max(len(ids), 1))
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


def refresh_active(db: sqlite_utils.Database, region_code: str) -> None:
    """Mark the items that apply to this desk; a more specific catalogue shadows a code."""
    cats = [(c.id, c.jurisdiction_code) for c in installed(db) if applies_to(c.jurisdiction_code, region_code)]
    cats.sort(key=lambda c: -specificity(c[1]))
    order = {cid: rank for rank, (cid, _) in enumerate(cats)}
    best: dict[str, tuple[int, int]] = {}
    if cats:
        marks = ",".join("?" * len(cats))
        for iid, cid, code in db.execute(
            f"SELECT id, catalogue_id, code FROM catalogue_items WHERE catalogue_id IN ({marks})", [c[0] for c in cats]
        ):
            if code not in best or order[cid] < order[best[code][1]]:
                best[code] = (iid, cid)
    active_ids = [v[0] for v in best.values()]
    for table, key in (("catalogue_items", "id"), ("item_search", "item_id")):
        db.execute(f"UPDATE {table} SET active = 0 WHERE active = 1")
        for start in range(0, len(active_ids), 500):
            chunk = active_ids[start:start + 500]
            db.execute(f"UPDATE {table} SET active = 1 WHERE {key} IN ({','.join('?' * len(chunk))})", chunk)


_ITEM_COLUMNS = "i.id, i.code, i.list_key, i.title, i.basis, i.clause, i.origin, i.fields, i.keywords, i.notes, c.jurisdiction_code, c.jurisdiction_name, c.version"


def _item(row) -> tuple[CatalogueItem, dict]:
    item = CatalogueItem(code=row[1], list_key=row[2], title=row[3], basis=row[4], clause=row[5], origin=row[6],
                         fields=json.loads(row[7]), keywords=json.loads(row[8]), notes=row[9])
    return item, {"id": row[0], "jurisdiction_code": row[10], "jurisdiction_name": row[11], "catalogue_version": row[12]}


def active_items(db: sqlite_utils.Database, list_keys: tuple[str, ...] | None = None) -> list[tuple[CatalogueItem, dict]]:
    sql = f"SELECT {_ITEM_COLUMNS} FROM catalogue_items i JOIN catalogues c ON c.id = i.catalogue_id WHERE i.active = 1"
    params: list = []
    if list_keys:
        sql += f" AND i.list_key IN ({','.join('?' * len(list_keys))})"
        params.extend(list_keys)
    sql += " ORDER BY length(rtrim(c.jurisdiction_code, '0')), i.list_key, i.position"
    return [_item(r) for r in db.execute(sql, params)]


def get_item(db: sqlite_utils.Database, code: str) -> tuple[CatalogueItem, dict] | None:
    """The item with this code, the applicable one first, then any installed one."""
    row = db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM catalogue_items i JOIN catalogues c ON c.id = i.catalogue_id "
        "WHERE i.code = ? ORDER BY i.active DESC, length(rtrim(c.jurisdiction_code, '0')) DESC LIMIT 1",
        [code],
    ).fetchone()
    return _item(row) if row else None


_RANK = """MIN(
  CASE WHEN s.title = :q THEN 0 WHEN instr(s.title, :q) = 1 THEN 1 WHEN instr(s.title, :q) > 0 THEN 2
       WHEN instr(s.other, :q) > 0 THEN 3 ELSE 9 END,
  CASE WHEN s.initials = :q OR s.pinyin = :q THEN 0
       WHEN instr(s.initials, :q) = 1 OR instr(s.pinyin, :q) = 1 THEN 1
       WHEN instr(s.initials, :q) > 0 OR instr(p.starts, '|' || :q) > 0 THEN 2
       WHEN instr(p.kw_starts, '|' || :q) > 0 THEN 3 ELSE 9 END)"""

_RANK_TEXT = """CASE WHEN s.title = :q THEN 0 WHEN instr(s.title, :q) = 1 THEN 1 WHEN instr(s.title, :q) > 0 THEN 2
       WHEN instr(s.other, :q) > 0 THEN 3 ELSE 9 END"""

_RANK_ONE_LETTER = """CASE WHEN s.initials = :q THEN 0 WHEN instr(s.initials, :q) = 1 THEN 1
       WHEN instr(s.initials, :q) > 0 THEN 2 ELSE 9 END"""

# Two letters: the same tiers, read from the short columns (title initials, title
# syllables, keyword initials and syllables) so a scan of every item stays cheap.
_RANK_SHORT_PINYIN = """MIN(
  CASE WHEN s.title = :q THEN 0 WHEN instr(s.title, :q) = 1 THEN 1 WHEN instr(s.title, :q) > 0 THEN 2 ELSE 9 END,
  CASE WHEN s.initials = :q OR s.pinyin = :q THEN 0 WHEN instr(s.initials, :q) = 1 OR instr(s.pinyin, :q) = 1 THEN 1
       WHEN instr(s.initials, :q) > 0 OR instr(s.syllables, '|' || :q) > 0 THEN 2
       WHEN instr(s.kw_short, '|' || :q) > 0 THEN 3 ELSE 9 END)"""


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


SENTENCE_RANK = 4  # after every ordinary match: the words the villager typed, not a title


_sentence_cache: dict[str, tuple[tuple, object, object]] = {}


def sentence_index(db: sqlite_utils.Database, lexicon):
    """The desk's active certificate items as a core.colloquial.SentenceIndex, built again only
    when the active items or the lexicon changed (a catalogue import, an office 词表 file)."""
    from villagedesk.core.colloquial import CERT_LISTS, SentenceIndex

    marks = ",".join("?" * len(CERT_LISTS))
    stamp = tuple(db.execute(
        f"SELECT count(*), total(id), max(id) FROM catalogue_items WHERE active = 1 AND list_key IN ({marks})",
        list(CERT_LISTS)).fetchone())
    key = f"{id(db.conn)}:{db.execute('PRAGMA database_list').fetchone()[2]}"
    cached = _sentence_cache.get(key)
    if cached is not None and cached[0] == stamp and cached[1] is lexicon:
        return cached[2]
    rows = db.execute(
        f"SELECT id, title, keywords, list_key, origin FROM catalogue_items WHERE active = 1 AND list_key IN ({marks}) "
        "ORDER BY list_key, position", list(CERT_LISTS)).fetchall()
    index = SentenceIndex([(iid, title, json.loads(kw or "[]"), lk, origin) for iid, title, kw, lk, origin in rows], lexicon)
    _sentence_cache.clear()  # one desk open at a time, as a rule: keep only the newest
    _sentence_cache[key] = (stamp, lexicon, index)
    return index


def search(db: sqlite_utils.Database, query: Query, *, list_key: str | None = None, limit: int = 50,
           lexicon=None) -> list[tuple[CatalogueItem, dict]]:
    """Ranked: exact title > title prefix > title substring > other fields (pinyin alike).

    With a `lexicon` (core.colloquial.Lexicon) and a query that reads as a sentence
    (我妈还活着，社保局要我开个证明), the certificate items its words ask for follow, best
    first, with rank SENTENCE_RANK and `matched` (the words that decided it)."""
    from villagedesk.core.colloquial import CERT_LISTS, is_sentence

    found = _search(db, query, list_key=list_key, limit=limit)
    if lexicon is None or query.is_pinyin or not is_sentence(query.text) or (list_key and list_key not in CERT_LISTS):
        return found
    seen = {info["id"] for _, info in found}
    hits = [h for h in sentence_index(db, lexicon).match(query.text, limit=limit) if h.item_id not in seen]
    if list_key:
        hits = [h for h in hits if h.item_id in _ids_in_list(db, [h.item_id for h in hits], list_key)]
    hits = hits[:max(0, limit - len(found))]
    if not hits:
        return found
    rows = {row[0]: row for row in db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM catalogue_items i JOIN catalogues c ON c.id = i.catalogue_id "
        f"WHERE i.id IN ({','.join('?' * len(hits))})", [h.item_id for h in hits])}
    for hit in hits:
        item, info = _item(rows[hit.item_id])
        info.update(rank=SENTENCE_RANK, matched=list(hit.words), score=round(hit.score, 3))
        found.append((item, info))
    return found


def _ids_in_list(db: sqlite_utils.Database, ids: list[int], list_key: str) -> set[int]:
    if not ids:
        return set()
    return {r[0] for r in db.execute(
        f"SELECT id FROM catalogue_items WHERE list_key = ? AND id IN ({','.join('?' * len(ids))})", [list_key, *ids])}


def _search(db: sqlite_utils.Database, query: Query, *, list_key: str | None = None, limit: int = 50) -> list[tuple[CatalogueItem, dict]]:
    q = query.text
    if not q:
        return []
    params: dict = {"q": q, "limit": limit}
    if not query.short:
        params["phrase"] = _fts_phrase(q)
        if query.is_pinyin:
            candidates = "i.id IN (SELECT rowid FROM item_fts WHERE item_fts MATCH '{title other initials pinyin kw_pinyin} : ' || :phrase)"
        else:
            candidates = "i.id IN (SELECT rowid FROM item_fts WHERE item_fts MATCH '{title other} : ' || :phrase)"
    elif query.is_pinyin and len(q) == 1:
        # one letter: every syllable's first letter is in the title's initials, so they
        # alone say whether and how well a title matches; a lean scan of short strings
        candidates = "instr(s.initials, :q) > 0"
    elif query.is_pinyin:
        # two letters: initials pairs (zb) or syllable beginnings (ju, zh), in short columns
        candidates = "(instr(s.initials, :q) > 0 OR instr(s.syllables, '|' || :q) > 0 OR instr(s.kw_short, '|' || :q) > 0)"
    else:
        # the index holds letters, digits and Han characters only: a query typed on the way to
        # 居（租）住证明 ("居（") is looked up by 居, then ranked on the whole text
        chars = [ch for ch in dict.fromkeys(q) if index_chars(ch)]
        parts = []
        for n, ch in enumerate(chars):
            params[f"c{n}"] = ch
            parts.append(f"SELECT item_id FROM item_chars WHERE ch = :c{n}")
        # titles through the per-character index; the other fields (basis, notes…) are
        # short enough to scan, which keeps the index, and so the import, small
        titles = f"i.id IN ({' INTERSECT '.join(parts)})" if parts else "instr(s.title, :q) > 0"
        candidates = f"({titles} OR instr(s.other, :q) > 0)"
    if not query.is_pinyin:
        rank, source = _RANK_TEXT, "item_search s"
    elif len(q) == 1:
        rank, source = _RANK_ONE_LETTER, "item_search s"
    elif query.short:
        rank, source = _RANK_SHORT_PINYIN, "item_search s"
    else:  # long pinyin queries also read the syllable-start suffixes
        rank, source = _RANK, "item_search s JOIN item_pinyin p ON p.item_id = s.item_id"
    where = f"s.active = 1 AND {candidates.replace('i.id', 's.item_id')}"
    if list_key:
        where += " AND s.list_key = :list_key"
        params["list_key"] = list_key
    # phase 1: rank only ids and sort keys, so the sorter never carries the item's texts
    ranked = db.execute(
        f"SELECT id, rank FROM (SELECT s.item_id AS id, {rank} AS rank, length(s.title) AS len FROM {source} WHERE {where}) "
        "WHERE rank < 9 ORDER BY rank, len, id LIMIT :limit",
        params,
    ).fetchall()
    if not ranked:
        return []
    # phase 2: the full rows of the few that are shown
    rows = {row[0]: row for row in db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM catalogue_items i JOIN catalogues c ON c.id = i.catalogue_id "
        f"WHERE i.id IN ({','.join('?' * len(ranked))})", [r[0] for r in ranked])}
    out = []
    for iid, rank in ranked:
        item, info = _item(rows[iid])
        info["rank"] = rank
        out.append((item, info))
    return out

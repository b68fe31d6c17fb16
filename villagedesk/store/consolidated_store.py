"""The consolidated ledger of a township or county desk: every office's chain held here,
read as one (issue #11 item 6).

Why one interface: a township desk keeps its villages' ledgers in its SQLite file (schema v8
streams, synced in by USB bundles); a province will one day keep hundreds of townships' in
PostgreSQL. Everything the township views read — offices held, the search across offices,
the counts behind the reports and flags, the refused department requests and sign audits of
all villages — goes through `ConsolidatedLedger`, so a second implementation replaces
`SqliteConsolidatedLedger` without touching the services, CLI or window.

The search is the village desk's own (store/ledger_store.py `search`/`count`/`ids` with
scope "all" and an office filter), so a filter means the same on both desks. Entries come
out as `ledger_store.rows` gives them, with their `office` column. Reads only: nothing here
writes, so no view of the township can change a village's record.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Protocol

import sqlite_utils

from villagedesk.store import ledger_store

_ALL = "all"
# the kinds a report counts, and the statuses that mean a certificate was voided
DOCUMENT_KINDS = ("issue", "refuse", "accept")
CONFLICT_KINDS = ("ledger-fork", "ledger-cut")
# (office, month, item, kind, day, list): the report groups in its order without sorting a
# county's million entries (schema v9, migration_steps/v9_sync.py "consolidated views")
REPORT_INDEX = "ledger_entries_report"


class ConsolidatedLedger(Protocol):
    """What the township and county views read. Offices are region codes; `offices=None`
    means every office held; dates are ISO days; entries are ledger_store views."""

    def offices(self) -> list[dict]:
        """Each office held: code, name, short_name, level, own, streams, entries (positions
        stored), first_entry_on, last_entry_on, last_bundle_at, last_bundle_status."""
        ...

    def known_offices(self) -> list[dict]:
        """Each office held, cheaply: code, name, short_name, own, held (whether any of its
        chains is stored here)."""
        ...

    def search(self, *, offices: list[str] | None = None, offset: int = 0, limit: int = 100, order: str = "desc",
               before_id: int | None = None, today: date | None = None, **filters: Any) -> list[dict]:
        """One page of entries of these offices, with the village desk's filters."""
        ...

    def count(self, *, offices: list[str] | None = None, today: date | None = None, **filters: Any) -> int: ...

    def ids(self, *, offices: list[str] | None = None, order: str = "desc", today: date | None = None,
            **filters: Any) -> list[int]: ...

    def rows(self, ids: list[int], *, today: date | None = None) -> list[dict]: ...

    def document_counts(self, *, offices: list[str] | None, date_from: str, date_to: str) -> list[tuple]:
        """(office, month YYYY-MM, item_code, item_title, kind, count) of issue/refuse/accept."""
        ...

    def void_counts(self, *, offices: list[str] | None, date_from: str, date_to: str) -> list[tuple]:
        """(office, month of the void, item_code, item_title of the voided certificate, count)."""
        ...

    def date_span(self, *, offices: list[str] | None = None) -> tuple[str | None, str | None]: ...

    def issued_items(self, *, items: list[tuple[str, str]], lists: list[str], offices: list[str] | None,
                     date_from: str | None, date_to: str | None, limit: int) -> list[dict]:
        """Certificates issued (kind issue) of these (code, title) items or catalogue lists."""
        ...

    def overdue(self, *, today: date, offices: list[str] | None, limit: int) -> list[dict]:
        """Accepted requests still pending past their due date, earliest due first."""
        ...

    def conflicts(self, *, offices: list[str] | None) -> list[dict]:
        """Chains forked or cut short, as the sync import recorded them."""
        ...

    def refused_requests(self, *, offices: list[str] | None, date_from: str | None, date_to: str | None,
                         offset: int = 0, limit: int | None = None) -> list[dict]: ...

    def count_refused_requests(self, *, offices: list[str] | None, date_from: str | None, date_to: str | None) -> int: ...

    def sign_audits(self, *, offices: list[str] | None) -> list[dict]: ...


def _in(column: str, values: list[str] | None) -> tuple[str, list]:
    if not values:
        return "", []
    return f" AND {column} IN ({', '.join('?' * len(values))})", list(values)


class SqliteConsolidatedLedger:
    """ConsolidatedLedger over one desk's SQLite file (schema v9)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    # ------------------------------------------------------------ offices

    def offices(self) -> list[dict]:
        db = self.db
        out: dict[str, dict] = {}
        for code, name, short_name, level, own in db.execute(
                "SELECT code, name, short_name, level, own FROM offices ORDER BY own DESC, code").fetchall():
            out[code] = {"code": code, "name": name, "short_name": short_name, "level": level, "own": bool(own),
                         "streams": 0, "entries": 0, "first_entry_on": None, "last_entry_on": None,
                         "last_bundle_at": None, "last_bundle_status": None}
        for stream, office in db.execute("SELECT stream, office FROM ledger_streams ORDER BY stream").fetchall():
            lo, hi = ledger_store.stream_bounds(stream)
            top = db.execute("SELECT max(id) FROM ledger_entries WHERE id BETWEEN ? AND ?", [lo, hi]).fetchone()[0]
            info = out.setdefault(office, {"code": office, "name": "", "short_name": "", "level": "", "own": False,
                                           "streams": 0, "entries": 0, "first_entry_on": None, "last_entry_on": None,
                                           "last_bundle_at": None, "last_bundle_status": None})
            info["streams"] += 1
            info["entries"] += ledger_store.position_of(top) if top else 0
        for info in out.values():
            if info["entries"]:
                # the (office, issued_on) index answers min and max at once
                info["first_entry_on"] = db.execute("SELECT min(issued_on) FROM ledger_entries WHERE office = ?",
                                                    [info["code"]]).fetchone()[0]
                info["last_entry_on"] = db.execute("SELECT max(issued_on) FROM ledger_entries WHERE office = ?",
                                                   [info["code"]]).fetchone()[0]
        for office, at, status in db.execute(
                "SELECT source_office, recorded_at, status FROM sync_bundles b WHERE direction = 'in' "
                "AND status <> 'refused' AND recorded_at = (SELECT max(recorded_at) FROM sync_bundles "
                "WHERE source_office = b.source_office AND direction = 'in' AND status <> 'refused') "
                "ORDER BY id").fetchall():
            if office in out:
                out[office]["last_bundle_at"], out[office]["last_bundle_status"] = at, status
        return list(out.values())

    def known_offices(self) -> list[dict]:
        held = {r[0] for r in self.db.execute("SELECT DISTINCT office FROM ledger_streams").fetchall()}
        return [{"code": c, "name": n, "short_name": sn, "own": bool(own), "held": c in held}
                for c, n, sn, own in self.db.execute(
                    "SELECT code, name, short_name, own FROM offices ORDER BY own DESC, code").fetchall()]

    # ------------------------------------------------------------ the search

    def search(self, *, offices: list[str] | None = None, offset: int = 0, limit: int = 100, order: str = "desc",
               before_id: int | None = None, today: date | None = None, **filters: Any) -> list[dict]:
        return self._with_office(ledger_store.search(self.db, **filters, office=offices or None, scope=_ALL, offset=offset,
                                                     limit=limit, order=order, before_id=before_id, today=today))

    def count(self, *, offices: list[str] | None = None, today: date | None = None, **filters: Any) -> int:
        return ledger_store.count(self.db, **filters, office=offices or None, scope=_ALL, today=today)

    def ids(self, *, offices: list[str] | None = None, order: str = "desc", today: date | None = None,
            **filters: Any) -> list[int]:
        return ledger_store.ids(self.db, order=order, today=today, office=offices or None, scope=_ALL, **filters)

    def rows(self, ids: list[int], *, today: date | None = None) -> list[dict]:
        return self._with_office(ledger_store.rows(self.db, list(ids), today=today))

    def _with_office(self, found: list[dict]) -> list[dict]:
        """Each entry with its office and its position in its office's chain."""
        if found:
            office_of = dict(self.db.execute(
                f"SELECT id, office FROM ledger_entries WHERE id IN ({', '.join('?' * len(found))})",
                [e["id"] for e in found]).fetchall())
            for e in found:
                e["office"] = office_of.get(e["id"], "")
                e["position"] = ledger_store.position_of(e["id"])
        return found

    # ------------------------------------------------------------ report counts

    def document_counts(self, *, offices: list[str] | None, date_from: str, date_to: str) -> list[tuple]:
        where, args = _in("office", offices)
        return self.db.execute(
            "SELECT office, substr(issued_on, 1, 7) AS month, item_code, item_title, kind, count(*) FROM ledger_entries "
            f"INDEXED BY {REPORT_INDEX} WHERE kind IN ('issue', 'refuse', 'accept') AND issued_on BETWEEN ? AND ?{where} "
            "GROUP BY office, month, item_code, item_title, kind", [date_from, date_to, *args]).fetchall()

    def void_counts(self, *, offices: list[str] | None, date_from: str, date_to: str) -> list[tuple]:
        where, args = _in("v.office", offices)
        return self.db.execute(
            "SELECT v.office, substr(v.issued_on, 1, 7) AS month, t.item_code, t.item_title, count(*) "
            "FROM ledger_entries v JOIN ledger_entries t "
            f"ON t.id = ((v.id >> {ledger_store.STREAM_SHIFT}) << {ledger_store.STREAM_SHIFT}) | v.refers_to "
            f"WHERE v.kind = 'void' AND v.issued_on BETWEEN ? AND ?{where} "
            "GROUP BY v.office, month, t.item_code, t.item_title", [date_from, date_to, *args]).fetchall()

    def date_span(self, *, offices: list[str] | None = None) -> tuple[str | None, str | None]:
        if offices:
            lo = hi = None
            for code in offices:
                a = self.db.execute("SELECT min(issued_on) FROM ledger_entries WHERE office = ?", [code]).fetchone()[0]
                b = self.db.execute("SELECT max(issued_on) FROM ledger_entries WHERE office = ?", [code]).fetchone()[0]
                lo = a if lo is None or (a and a < lo) else lo
                hi = b if hi is None or (b and b > hi) else hi
            return lo, hi
        # two queries: SQLite answers a lone min() or max() from the index, both together by a scan
        return (self.db.execute("SELECT min(issued_on) FROM ledger_entries").fetchone()[0],
                self.db.execute("SELECT max(issued_on) FROM ledger_entries").fetchone()[0])

    # ------------------------------------------------------------ what flags read

    def issued_items(self, *, items: list[tuple[str, str]], lists: list[str], offices: list[str] | None,
                     date_from: str | None, date_to: str | None, limit: int) -> list[dict]:
        alts, args = [], []
        if items:
            alts.append(f"(item_code, item_title) IN (VALUES {', '.join(['(?, ?)'] * len(items))})")
            args += [x for pair in items for x in pair]
        if lists:
            alts.append(f"item_list IN ({', '.join('?' * len(lists))})")
            args += list(lists)
        if not alts:
            return []
        where, more = _in("office", offices)
        sql = (f"SELECT id FROM ledger_entries INDEXED BY {REPORT_INDEX} WHERE kind = 'issue' AND ({' OR '.join(alts)}) "
               f"AND issued_on BETWEEN ? AND ?{where} ORDER BY id LIMIT ?")
        found = [r[0] for r in self.db.execute(sql, [*args, date_from or "0000-00-00", date_to or "9999-99-99", *more,
                                                     limit]).fetchall()]
        return self.rows(found)

    def overdue(self, *, today: date, offices: list[str] | None, limit: int) -> list[dict]:
        where, args = _in("e.office", offices)
        found = [r[0] for r in self.db.execute(
            "SELECT s.entry_id FROM ledger_state s JOIN ledger_entries e ON e.id = s.entry_id "
            f"WHERE s.status = 'pending' AND e.due_on < ?{where} ORDER BY e.due_on, e.id LIMIT ?",
            [today.isoformat(), *args, limit]).fetchall()]
        return self.rows(found, today=today)

    def conflicts(self, *, offices: list[str] | None) -> list[dict]:
        where, args = _in("office", offices)
        return [{"kind": r[0], "office": r[1], "desk_id": r[2], "record_key": r[3], "reason": r[4], "found_at": r[5]}
                for r in self.db.execute(
                    "SELECT kind, office, desk_id, record_key, reason, found_at FROM sync_conflicts c "
                    f"WHERE kind IN ('ledger-fork', 'ledger-cut'){where} AND NOT EXISTS (SELECT 1 FROM "
                    "sync_conflict_resolutions r WHERE r.conflict_id = c.id) ORDER BY found_at, id", args).fetchall()]

    # ------------------------------------------------------------ other records of all villages

    def _refused_where(self, offices, date_from, date_to) -> tuple[str, list]:
        where, args = _in("region_code", offices)
        if date_from:
            where += " AND received_on >= ?"
            args.append(date_from)
        if date_to:
            where += " AND received_on <= ?"
            args.append(date_to)
        return where, args

    def refused_requests(self, *, offices: list[str] | None, date_from: str | None, date_to: str | None,
                         offset: int = 0, limit: int | None = None) -> list[dict]:
        where, args = self._refused_where(offices, date_from, date_to)
        tail = ""
        if limit is not None:
            tail, args = " LIMIT ? OFFSET ?", [*args, limit, offset]
        return [{"id": r[0], "office": r[1], "office_name": r[2], "received_on": r[3], "department": r[4], "text": r[5],
                 "verdict": r[6], "clauses": json.loads(r[7] or "[]"), "note": r[8]}
                for r in self.db.execute(
                    "SELECT id, region_code, office_name, received_on, department, request_text, verdict, clauses, note "
                    f"FROM refused_requests WHERE 1{where} ORDER BY received_on DESC, id DESC{tail}", args).fetchall()]

    def count_refused_requests(self, *, offices: list[str] | None, date_from: str | None, date_to: str | None) -> int:
        where, args = self._refused_where(offices, date_from, date_to)
        return self.db.execute(f"SELECT count(*) FROM refused_requests WHERE 1{where}", args).fetchone()[0]

    def sign_audits(self, *, offices: list[str] | None) -> list[dict]:
        where, args = _in("region_code", offices)
        return [{"office": r[0], "office_name": r[1], "created_at": r[2], "rules_id": r[3], "sign_count": r[4],
                 "ok": bool(r[5]), "summary": json.loads(r[6] or "{}")}
                for r in self.db.execute(
                    "SELECT region_code, office_name, created_at, rules_id, sign_count, ok, summary FROM sign_audits "
                    f"WHERE 1{where} ORDER BY created_at DESC, id DESC", args).fetchall()]


def open_consolidated(db: sqlite_utils.Database) -> ConsolidatedLedger:
    """The consolidated ledger of this desk's file (the one place that picks the backend)."""
    return SqliteConsolidatedLedger(db)

"""The consolidated ledger's one interface over a township desk's SQLite file: every office's
chain searched with a village desk's filters plus the office; the desk's own views unchanged."""

from datetime import date

from tests.township.conftest import DEMO, MANGBIE, PADI, TODAY
from villagedesk.store import consolidated_store as C
from villagedesk.store import ledger_store as L


def test_the_sqlite_ledger_has_every_method_of_the_interface(township):
    c = C.open_consolidated(township.db)
    wanted = [n for n in dir(C.ConsolidatedLedger) if not n.startswith("_")]
    assert wanted and all(callable(getattr(c, n)) for n in wanted)


def test_offices_held_with_counts_dates_and_last_bundle(township):
    offices = {o["code"]: o for o in C.open_consolidated(township.db).offices()}
    assert offices[PADI]["entries"] == 37 and offices[PADI]["last_entry_on"] == "2026-11-01"
    assert offices[PADI]["last_bundle_at"].startswith("2026-11-20") and offices[PADI]["last_bundle_status"] == "applied"
    assert offices[MANGBIE]["last_entry_on"] == "2025-03-20" and offices[MANGBIE]["last_bundle_at"] is None
    assert offices["533103105000"]["own"] and offices["533103105000"]["entries"] == 0


def test_search_across_offices_with_the_village_filters_and_an_office_filter(township):
    c = C.open_consolidated(township.db)
    everything = c.count()
    assert everything == 2 + 26 + 1 + 22  # documents only: void entries are not listed without kind
    assert len(c.ids()) == everything
    assert {e["office"] for e in c.search(limit=200)} == {DEMO, PADI, MANGBIE}
    assert [e["applicant"] for e in c.search(name="玉波")] == ["玉波"]
    assert c.count(offices=[PADI]) == 27 and c.count(offices=[PADI, MANGBIE]) == 27 + 22
    late = c.search(status=["overdue"], today=TODAY)
    assert [(e["office"], e["kind"], e["status_name"]) for e in late] == [(PADI, "accept", "逾期")]
    assert c.count(offices=[PADI], status=["voided"]) == 10
    assert c.count(offices=[MANGBIE], date_from="2025-02-01", date_to="2025-02-28") == 7
    assert c.count(offices=[DEMO], date_from="2025-02-01", date_to="2025-02-28") == 0
    page = c.search(offices=[PADI], limit=5, order="asc")
    assert [e["position"] for e in page] == [1, 2, 3, 4, 5] and all(e["office"] == PADI for e in page)
    nxt = c.search(offices=[PADI], limit=5, before_id=page[-1]["id"], order="desc")
    assert [e["position"] for e in nxt] == [4, 3, 2, 1]
    assert c.count(text="帕底村证〔2026〕2") == 8  # number prefix: 2, 20…26


def test_the_desks_own_ledger_queries_stay_on_its_own_chain(township):
    db = township.db
    assert L.count(db) == 0 and L.search(db, text="玉波") == [] and L.ids(db) == []
    assert L.count(db, status=["overdue"], today=TODAY) == 0
    assert "e.id <= ?" in " ".join(str(p) for p in L._Query(db, text="玉波").preds)


def test_report_counts_and_voids_by_the_voided_items_month(township):
    c = C.open_consolidated(township.db)
    docs = c.document_counts(offices=[PADI], date_from="2026-01-01", date_to="2026-12-31")
    assert sum(n for *_, kind, n in docs if kind == "issue") == 26
    voids = c.void_counts(offices=None, date_from="2026-10-01", date_to="2026-10-31")
    assert voids == [(PADI, "2026-10", "533103-BL-01", "居住证明", 10)]
    assert c.date_span(offices=[MANGBIE]) == ("2025-01-01", "2025-03-20")


def test_the_report_reads_its_index_without_sorting(township):
    plan = " ".join(r[3] for r in township.db.execute(
        "EXPLAIN QUERY PLAN SELECT office, substr(issued_on, 1, 7) AS month, item_code, item_title, kind, count(*) "
        f"FROM ledger_entries INDEXED BY {C.REPORT_INDEX} WHERE kind IN ('issue', 'refuse', 'accept') "
        "AND issued_on BETWEEN '0' AND '9' GROUP BY office, month, item_code, item_title, kind").fetchall())
    assert "COVERING INDEX" in plan and "TEMP B-TREE" not in plan


def test_refused_requests_sign_audits_and_conflicts_of_all_villages(township):
    c = C.open_consolidated(township.db)
    assert [r["office"] for r in c.refused_requests(offices=None, date_from=None, date_to=None)] == [DEMO, PADI]
    assert c.count_refused_requests(offices=[PADI], date_from="2026-09-01", date_to="2026-09-30") == 1
    assert c.count_refused_requests(offices=[PADI], date_from="2026-10-01", date_to=None) == 0
    assert [a["office"] for a in c.sign_audits(offices=None)] == [PADI]
    assert [x["kind"] for x in c.conflicts(offices=[PADI])] == ["ledger-cut"] and c.conflicts(offices=[DEMO]) == []


def test_overdue_and_issued_items_read_every_office(township):
    c = C.open_consolidated(township.db)
    assert [e["applicant"] for e in c.overdue(today=date(2026, 11, 30), offices=None, limit=10)] == ["岩应"]
    assert c.overdue(today=date(2026, 11, 5), offices=None, limit=10) == []
    found = c.issued_items(items=[], lists=["cert_forbidden"], offices=None, date_from=None, date_to=None, limit=10)
    assert [(e["office"], e["item_title"]) for e in found] == [(PADI, "收入证明")]

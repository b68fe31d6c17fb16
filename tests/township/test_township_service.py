"""services/township.py: the actions the CLI and the window share, on a township desk with
three villages' real ledgers; bad input refused in Chinese with nothing changed."""

from datetime import date

import pytest

from tests.township.conftest import DEMO, MANGBIE, PADI, TODAY
from villagedesk.core.errors import UserError
from villagedesk.services import township as T


def test_offices_lists_the_villages_held(township):
    r = T.offices(township)
    assert r["count"] == 3 and r["desk"]["level_name"] == "乡镇"
    padi = next(o for o in r["offices"] if o["code"] == PADI)
    assert padi["entries"] == 37 and padi["last_bundle_at"].startswith("2026-11-20")


def test_the_ledger_searches_every_village_with_the_village_filters(township):
    r = T.list_entries(township, limit=200)
    assert r["total"] == 51 and {e["office_name"] for e in r["entries"]} == {"风平村民委员会", "帕底村民委员会", "芒别村民委员会"}
    assert T.list_entries(township, office="帕底村民委员会", status="逾期", today=TODAY)["total"] == 1
    assert T.list_entries(township, office=f"{PADI},{MANGBIE}", limit=1)["total"] == 27 + 22
    assert [e["applicant"] for e in T.list_entries(township, name="玉波")["entries"]] == ["玉波"]
    assert T.list_entries(township, office=MANGBIE, date_from="2025-02-01", date_to="2025-02-28")["total"] == 7
    assert T.count_entries(township, text="王𬌗") == 1  # the demo village's real certificate
    ids = T.entry_ids(township, office=DEMO, order="asc")
    assert [e["office"] for e in T.entries_by_id(township, ids)] == [DEMO, DEMO]


def test_the_report_per_office_month_and_item(township):
    r = T.report(township, date_from="2026-01-01", date_to="2026-12-31", chart_by="office")
    padi = next(o for o in r["by_office"] if o["office"] == PADI)
    assert (padi["issued"], padi["accepted"], padi["voided"], padi["refused"]) == (26, 1, 10, 0)
    assert MANGBIE not in {o["office"] for o in r["by_office"]}  # nothing in 2026
    assert next(m for m in r["by_month"] if m["month"] == "2026-10")["voided"] == 10
    assert r["by_item"][0]["item_title"] == "居住证明" and r["rows"] == []
    assert {b["label"] for b in r["chart"]["bars"]} == {"风平村民委员会", "帕底村民委员会"}
    assert T.report(township, detail=True)["rows"]
    assert T.report(township, office=MANGBIE)["date_from"] == "2025-01-01"


def test_flags_cite_their_clauses(township):
    r = T.flags(township, today=TODAY)
    by_kind = {}
    for f in r["flags"]:
        by_kind.setdefault(f["kind"], []).append(f)
    assert set(by_kind) == {"must_not_issued", "overdue", "voids_above_usual", "silent", "chain_broken"}
    assert [f["office"] for f in by_kind["must_not_issued"]] == [PADI] and "收入证明" in by_kind["must_not_issued"][0]["text"]
    assert [f["number"] for f in by_kind["overdue"]] == ["帕底村证受〔2026〕1号"]
    assert [f["office"] for f in by_kind["voids_above_usual"]] == [PADI] and "中位数" in by_kind["voids_above_usual"][0]["rule"]
    assert [f["office"] for f in by_kind["silent"]] == [MANGBIE]
    assert [f["office"] for f in by_kind["chain_broken"]] == [PADI]
    for f in r["flags"]:
        assert f["clauses"] and all(c["file"].startswith("policy/") and c["clause"] for c in f["clauses"])
    assert "yunnan-dehong-plan.txt" in by_kind["must_not_issued"][0]["basis"]
    assert r["flags"][0]["severity"] == "high"
    # a later start for “silent” clears 芒别村 only when it sent something since; an earlier one clears it
    assert not [f for f in T.flags(township, silent_since="2025-03-01", today=TODAY)["flags"] if f["kind"] == "silent"]
    assert T.flags(township, office=DEMO, today=TODAY)["counts"] == {}


def test_must_not_by_the_desks_catalogue_even_when_the_entry_says_otherwise(township):
    """An entry whose item is on this desk's 不应出具 list by code is flagged, whatever list it names."""
    from villagedesk.store import ledger_store as L

    db = township.db
    chain = list(L.walk(db, stream=2))  # 帕底村
    assert any(e.item_code == "533103-BY-01" for e in chain)
    r = T.flags(township, today=TODAY)
    assert len([f for f in r["flags"] if f["kind"] == "must_not_issued"]) == 1


def test_refused_requests_and_sign_audits_of_all_villages(township):
    r = T.refused(township)
    assert r["total"] == 2 and r["records"][0]["verdict_name"] == "不应由村级组织出具的证明"
    assert T.refused(township, office=PADI, date_from="2026-09-01", date_to="2026-09-30")["total"] == 1
    assert [a["office_name"] for a in T.sign_audits(township)["audits"]] == ["帕底村民委员会"]


def test_the_summary_outline_is_prefilled(township):
    doc = T.summary(township, today=TODAY)
    assert [s["heading"] for s in doc["sections"]] == ["一、工作基本情况", "二、采取的主要工作措施", "三、取得的成效",
                                                        "四、存在的困难问题", "五、下一步工作意见建议"]
    first = "".join(doc["sections"][0]["paragraphs"])
    assert "3 个村（社区）" in first and "出具证明 50 件" in first and "作废 12 件" in first
    assert "出具不应出具的证明 1 件" in "".join(doc["sections"][3]["paragraphs"])
    assert "四(三)" in doc["basis"]
    text = T.summary_text(doc)
    assert "\r\n" in text and "【请补充】" in text


@pytest.mark.parametrize("call, words", [
    (lambda s: T.list_entries(s, office="533103999999"), "没有办公室"),
    (lambda s: T.report(s, office="不存在村"), "没有办公室"),
    (lambda s: T.report(s, date_from="2026-05-01", date_to="2026-01-01"), "晚于"),
    (lambda s: T.flags(s, date_from="2026-13-01"), "不是有效日期"),
    (lambda s: T.flags(s, silent_since="2099-01-01", today=date(2026, 11, 30)), "晚于今天"),
    (lambda s: T.report(s, chart_by="year"), "图表"),
    (lambda s: T.refused(s, limit=0), "每页条数"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_changes(township, snapshot, call, words):
    before = snapshot(township.db_path)
    with pytest.raises(UserError, match=words):
        call(township)
    assert snapshot(township.db_path) == before


def test_a_desk_without_other_offices_is_told_to_import_first(demo_session, tmp_path):
    for call in (T.offices, T.list_entries, T.report, T.flags, T.refused, T.summary):
        with pytest.raises(UserError, match="请先.*数据包"):
            call(demo_session)
    with pytest.raises(UserError, match="数据包"):
        T.export_report_xlsx(demo_session, tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()

"""`sync verify`: a township re-checks every chain it holds, long after the imports — real
village desks, real bundles exported and imported, and forgeries made directly in the
township's SQLite file, as someone holding the file would make them."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from tests.conftest import run_cli
from tests.sync.conftest import TOWNSHIP, issue, key_print
from villagedesk.core.errors import Cancelled, UserError
from villagedesk.services import desk, keys, sync
from villagedesk.services.chain_check import verify_all
from villagedesk.services.session import Session
from villagedesk.store import ledger_store

DEMO = "533103105201"  # the demo desk (风平村)
OTHERS = (("533103105202", "芒市风平镇弄么村民委员会", "弄么村"), ("533103105203", "芒市风平镇帕底村民委员会", "帕底村"))


def _send(source, township, stick) -> None:
    bundle = sync.export_bundle(source, stick)
    done = sync.import_bundle(township, bundle["file"], trust_fingerprint=key_print(bundle["file"]))
    assert done["status"] == "applied", done


@pytest.fixture
def consolidated(village, township, tmp_path, stick):
    """The township holding three villages' chains (3, 2 and 4 entries), each sent by bundle."""
    issue(village, tmp_path, 3)
    _send(village, township, stick)
    for (code, name, short), n in zip(OTHERS, (2, 4)):
        with Session(tmp_path / code) as other:
            desk.init_desk(other, region_code=code, name=name, level="village", short_name=short,
                           jurisdiction="yunnan-dehong", demo=True)
            issue(other, tmp_path, n)
            _send(other, township, stick)
    return township


def _chain(result: dict, office: str) -> dict:
    return next(c for c in result["chains"] if c["office"] == office)


def _forge(session, sql: list[str]) -> None:
    """Edit the township's file behind the program's back (the triggers dropped first)."""
    conn = sqlite3.connect(session.db_path)
    try:
        conn.execute("DROP TRIGGER IF EXISTS ledger_entries_no_update")
        conn.execute("DROP TRIGGER IF EXISTS ledger_entries_no_delete")
        for statement in sql:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _stream(session, office: str) -> int:
    return next(s["stream"] for s in ledger_store.streams(session.db) if s["office"] == office)


def test_a_township_holding_three_villages_chains_verifies_clean(consolidated):
    seen: list[tuple[int, int]] = []
    r = verify_all(consolidated, progress=lambda done, total: seen.append((done, total)))
    assert r["ok"] and r["problem_count"] == 0 and r["ok_count"] == 4 and r["total"] == 4
    assert r["message"] == "4 条台账完好，0 条有问题" and r["conflicts"] == []
    assert [c["entries"] for c in r["chains"] if not c["own"]] == [3, 2, 4]
    own = _chain(r, TOWNSHIP)
    assert own["own"] and own["head_note"] == "本机自己的台账" and own["delivered"] is None
    demo = _chain(r, DEMO)
    assert demo["office_name"] == "芒市风平镇风平村民委员会" and demo["short_name"] == "风平村"
    assert demo["head"]["position"] == 3
    assert demo["head"]["entry_hash"] == ledger_store.hash_at(consolidated.db, demo["stream"], 3)
    assert demo["delivered"]["position"] == 3 and demo["head_matches"] is True and "一致" in demo["head_note"]
    [key] = demo["keys"]
    assert key["trust"] == "hand" and key["trust_text"] == "本机手工信任" and key["office_code"] == DEMO
    assert (key["entries"], key["first"], key["last"]) == (3, 1, 3)
    assert seen[-1] == (9, 9) and all(done <= total for done, total in seen)


def test_an_entry_edited_in_the_township_file_is_named_and_the_others_stay_ok(consolidated, snapshot):
    stream = _stream(consolidated, "533103105202")
    _forge(consolidated, [f"UPDATE ledger_entries SET subject_name = '王五' WHERE id = {ledger_store.row_id(stream, 2)}"])
    before = snapshot(consolidated.db_path)
    r = verify_all(consolidated)
    assert not r["ok"] and r["problem_count"] == 1 and r["message"] == "3 条台账完好，1 条有问题"
    bad = _chain(r, "533103105202")
    assert not bad["ok"] and not bad["chain_ok"] and bad["first_bad"]["entry_id"] == 2
    assert "第 2 条记录" in bad["problem"]
    assert all(c["ok"] for c in r["chains"] if c["office"] != "533103105202")
    assert snapshot(consolidated.db_path) == before  # verifying changes nothing


def test_an_edit_with_every_hash_recomputed_fails_at_the_signature(consolidated):
    """A forger who rehashes the chain after the edit cannot sign it: the signed head's
    signature fails, and the message names the entries it vouched for (a bundle carries only
    the signatures at the key runs' ends and the head)."""
    from villagedesk.core import ledger as rules

    stream = _stream(consolidated, DEMO)
    entries = [e._asdict() for e in ledger_store.walk(consolidated.db, stream=stream)]
    entries[1]["subject_name"] = "王五"
    prev = entries[0]["entry_hash"]
    sql = []
    for e in entries[1:]:
        e["prev_hash"] = prev
        e["entry_hash"] = prev = rules.entry_hash(e)
        sql.append(f"UPDATE ledger_entries SET subject_name = '{e['subject_name']}', prev_hash = '{e['prev_hash']}', "
                   f"entry_hash = '{e['entry_hash']}' WHERE id = {ledger_store.row_id(stream, e['id'])}")
    _forge(consolidated, sql)
    bad = _chain(verify_all(consolidated), DEMO)
    assert not bad["ok"] and bad["first_bad"]["entry_id"] == 3 and "的签名无效" in bad["problem"]
    assert "第 1–3 条中有记录在签名之后被改动" in bad["problem"]


def test_entries_cut_off_the_end_of_a_stored_chain_are_missed_against_the_bundle(consolidated):
    stream = _stream(consolidated, "533103105203")
    last = ledger_store.row_id(stream, 4)
    _forge(consolidated, [f"DELETE FROM ledger_state WHERE entry_id = {last}",
                          f"DELETE FROM ledger_entries WHERE id = {last}"])
    r = verify_all(consolidated)
    bad = _chain(r, "533103105203")
    assert not bad["ok"] and bad["head_matches"] is False
    assert bad["head"]["position"] == 3 and bad["delivered"]["position"] == 4
    assert bad["problem"].startswith("本机只存有前 3 条") and "第 4 条记录不见了" in bad["problem"]
    assert "第 3 条记录（帕底村证〔2026〕3号）没有签名" in bad["problems"][1]  # the new head was never signed
    assert r["problem_count"] == 1


def test_a_key_revoked_from_before_its_entries_is_a_problem_named_at_the_first_entry(consolidated):
    key_id = _chain(verify_all(consolidated), DEMO)["keys"][0]["key_id"]
    keys.revoke(consolidated, key_id, "村里电脑被盗", effective_on="2026-01-01")
    r = verify_all(consolidated)
    bad = _chain(r, DEMO)
    assert not bad["ok"] and bad["first_bad"]["entry_id"] == 1 and "撤销" in bad["problem"]
    assert bad["problem"].startswith("第 1 条记录（风平村证〔2026〕1号）签于 2026-11-23，签名密钥已于 2026-01-01 撤销")
    [key] = bad["keys"]
    assert key["trust"] == "revoked" and key["signed_after_revocation"] == 3 and "村里电脑被盗" in key["trust_text"]
    assert r["problem_count"] == 1 and _chain(r, "533103105202")["ok"]


def test_a_key_revoked_after_its_entries_is_reported_but_the_chain_holds(consolidated):
    key_id = _chain(verify_all(consolidated), DEMO)["keys"][0]["key_id"]
    keys.revoke(consolidated, key_id, "村里换了电脑", effective_on="2026-11-24")  # the entries are of 11-23
    chain = _chain(verify_all(consolidated), DEMO)
    assert chain["ok"] and chain["keys"][0]["trust"] == "revoked"
    assert chain["keys"][0]["signed_after_revocation"] == 0
    assert chain["warnings"] and "2026-11-24" in chain["warnings"][0]


def test_a_key_the_township_no_longer_knows_is_reported_unknown(consolidated):
    key_id = _chain(verify_all(consolidated), DEMO)["keys"][0]["key_id"]
    conn = sqlite3.connect(consolidated.db_path)
    try:
        conn.execute("DROP TRIGGER IF EXISTS trusted_keys_keep")
        conn.execute("DELETE FROM trusted_keys WHERE key_id = ?", [key_id])
        conn.commit()
    finally:
        conn.close()
    bad = _chain(verify_all(consolidated), DEMO)
    assert not bad["ok"] and bad["keys"][0]["trust"] == "unknown" and bad["keys"][0]["trust_name"] == "不认识的密钥"
    assert bad["first_bad"]["entry_id"] == 3 and "不认识的密钥" in bad["problem"]


def test_a_village_checks_its_own_chain_as_ledger_verify_does(village, tmp_path):
    issue(village, tmp_path, 2)
    r = verify_all(village)
    [own] = r["chains"]
    assert own["own"] and own["ok"] and own["entries"] == 2 and r["message"] == "1 条台账完好，0 条有问题"
    assert own["keys"][0]["trust"] == "own" and own["keys"][0]["trust_text"] == "本机密钥"


def test_keys_trusted_through_the_county_list_show_its_version(village, township, county, tmp_path, stick):
    from villagedesk.services import trust

    issue(village, tmp_path, 2)
    sync.import_bundle(township, sync.export_bundle(village, stick, kinds=["enrolment"])["file"])
    sync.import_bundle(county, sync.export_bundle(township, stick, kinds=["enrolment"])["file"])
    for e in trust.enrolments(county, "pending"):
        trust.decide_enrolment(county, e["key_id"], accept=True, note="电话核对")
    trust.publish_trust_list(county)
    down = sync.export_bundle(county, stick)["file"]
    sync.import_bundle(township, down, county_fingerprint=key_print(down))
    assert sync.import_bundle(township, sync.export_bundle(village, stick)["file"])["added"] == 2
    [key] = _chain(verify_all(township), DEMO)["keys"]
    assert key["trust"] == "trust-list" and key["trust_list_serial"] == 1
    assert key["trust_text"] == "经县级信任清单认可（第 1 版）"


def test_a_fork_flagged_at_import_stays_an_open_problem(village, township, tmp_path, stick):
    issue(village, tmp_path, 2)
    _send(village, township, stick)
    copy_dir = tmp_path / "copied"
    shutil.copytree(village.data_dir, copy_dir)
    issue(village, tmp_path, 1)
    with Session(copy_dir) as copy:
        issue(copy, tmp_path, 1, subject_name="李四")
        forked = sync.export_bundle(copy, stick, full=True)
    assert sync.import_bundle(township, sync.export_bundle(village, stick, full=True)["file"])["added"] == 1
    assert sync.import_bundle(township, forked["file"])["status"] == "conflict"
    r = verify_all(township)
    chain = _chain(r, DEMO)
    assert chain["chain_ok"] and not chain["ok"] and chain["problem"].startswith("台账分叉：")
    assert [c["kind"] for c in r["conflicts"]] == ["ledger-fork"] and chain["conflicts"][0]["record_key"] == "3"
    assert "1 处未解决的同步冲突" in r["message"]


def test_the_office_filter_checks_one_office_and_refuses_bad_codes(consolidated, snapshot):
    r = verify_all(consolidated, office="533103105202")
    assert [c["office"] for c in r["chains"]] == ["533103105202"] and r["total"] == 1 and r["ok"]
    before = snapshot(consolidated.db_path)
    for bad, message in (("5331", "不是 12 位数字的区划代码"), ("53310310520x", "不是 12 位数字的区划代码"),
                         ("533103105299", "本机没有区划代码为 533103105299 的单位的台账")):
        with pytest.raises(UserError, match=message) as caught:
            verify_all(consolidated, office=bad)
        assert caught.value.where == "--office"
    assert snapshot(consolidated.db_path) == before


def test_cancel_stops_the_check(consolidated):
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Cancelled, match="已取消"):
        verify_all(consolidated, cancel=cancel)


def test_the_command_prints_one_line_per_office_and_fails_on_a_problem(consolidated):
    folder = consolidated.data_dir
    consolidated.close()
    ok = run_cli("sync", "verify", data_dir=folder, check_exit=0)
    lines = ok.stdout.strip().splitlines()
    assert len(lines) == 5 and lines[-1] == "4 条台账完好，0 条有问题"
    assert lines[1].startswith("风平村（533103105201）：完好，3 条") and "本机手工信任" in lines[1]
    with Session(folder) as again:
        stream = _stream(again, "533103105202")
        _forge(again, [f"UPDATE ledger_entries SET subject_name = '王五' WHERE id = {ledger_store.row_id(stream, 1)}"])
    bad = run_cli("sync", "verify", data_dir=folder, check_exit=1)
    assert "弄么村（533103105202）：有问题" in bad.stdout and "第 1 条记录" in bad.stdout
    assert bad.stdout.strip().splitlines()[-1] == "3 条台账完好，1 条有问题"
    one = run_cli("sync", "verify", "--office", "533103105203", "--json", data_dir=folder, check_exit=0)
    doc = json.loads(one.stdout)
    assert set(doc) >= {"office", "name", "chains", "conflicts", "total", "ok_count", "problem_count", "ok", "message"}
    [chain] = doc["chains"]
    assert set(chain) >= {"stream", "office", "office_name", "desk_id", "own", "entries", "head", "ok", "problem",
                          "first_bad", "keys", "delivered", "head_matches", "conflicts", "warnings"}
    assert chain["office"] == "533103105203" and chain["entries"] == 4 and chain["head"]["position"] == 4
    assert set(chain["keys"][0]) >= {"key_id", "trust", "trust_text", "trust_list_serial", "fingerprint", "entries"}
    refused = run_cli("sync", "verify", "--office", "12", data_dir=folder, check_exit=2)
    assert "不是 12 位数字的区划代码" in refused.stderr and "Traceback" not in refused.stderr

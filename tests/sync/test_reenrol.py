"""A village database copied or restored onto a second PC: it signs nothing until it
re-enrols as a new desk; the new desk continues the office's one chain at the township, and the
old PC still writing after the handover shows there as a fork (issue #11 item 1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.sync.conftest import issue, key_print
from villagedesk.core.errors import UserError
from villagedesk.services import desk, desk_identity, sync, verification
from villagedesk.services.session import Session
from villagedesk.store import desk_seat, handover_store, key_store, ledger_store
from villagedesk.sync import container

OFFICE = "533103105201"


def _copy(village: Session, tmp_path: Path, name: str = "copy") -> Path:
    village.close()  # the whole data folder, as a clerk copies it (database and key files)
    target = tmp_path / name
    shutil.copytree(village.data_dir, target)
    return target


def _entries(session: Session) -> int:
    return ledger_store.stream_head(session.db, ledger_store.OWN_STREAM)[0]


def _office_streams(township: Session) -> list[dict]:
    return [s for s in ledger_store.streams(township.db) if s["office"] == OFFICE]


def test_a_copy_on_another_pc_signs_nothing_until_it_re_enrols(village, tmp_path, stick, second_pc):
    issue(village, tmp_path, 2)
    copy = _copy(village, tmp_path)
    with second_pc, Session(copy) as pc2:
        assert desk_identity.status(pc2)["state"] == "moved"
        assert "复制或恢复" in desk.info(pc2)["seat"]["text"]
        with pytest.raises(UserError, match="复制或恢复.*重新登记"):
            issue(pc2, tmp_path)
        with pytest.raises(UserError, match="复制或恢复"):
            sync.export_bundle(pc2, stick)
        assert _entries(pc2) == 2 and not list(stick.iterdir())
        assert verification.verify_ledger(pc2)["ok"]  # reading and checking stay open
    with Session(village.data_dir) as first:  # the first PC is untouched and still issues
        assert desk_identity.status(first)["state"] == "seated"
        issue(first, tmp_path)
        assert _entries(first) == 3


def test_re_enrolling_makes_a_new_desk_that_continues_the_chain_and_its_numbers(village, tmp_path, second_pc):
    issued = issue(village, tmp_path, 2)
    old_desk = village.require_desk().desk_id
    copy = _copy(village, tmp_path)
    with second_pc, Session(copy) as pc2:
        done = desk_identity.reenrol(pc2, reason="原电脑硬盘损坏，换新电脑")
        assert done["old_desk_id"] == old_desk and done["desk_id"] != old_desk and done["continues_at"] == 3
        assert done["key_id"] != done["old_key_id"] and "sync enrol" in done["next"]
        assert desk_identity.status(pc2)["state"] == "seated"
        moves = handover_store.of_stream(pc2.db, ledger_store.OWN_STREAM)
        assert [(m["position"], m["from_desk"], m["to_desk"]) for m in moves] == [(3, old_desk, done["desk_id"])]
        third = issue(pc2, tmp_path)[0]
        assert third["number"].endswith("3号") and _entries(pc2) == 3
        check = verification.verify_ledger(pc2)
        assert check["ok"], check
        # what the old key signed still verifies here; so does the new certificate
        assert verification.verify_text(pc2, issued[0]["payload"])["status"] == "valid"
        assert verification.verify_text(pc2, third["payload"])["status"] == "valid"


@pytest.mark.parametrize("reason, match", [("", "请写明"), ("  ", "请写明"), ("换\x07电脑", "控制字符"), ("长" * 201, "最多")])
def test_a_bad_reason_is_named_and_changes_nothing(village, tmp_path, second_pc, reason, match):
    copy = _copy(village, tmp_path)
    with second_pc, Session(copy) as pc2:
        before = pc2.require_desk().desk_id
        with pytest.raises(UserError, match=match):
            desk_identity.reenrol(pc2, reason=reason)
        assert pc2.require_desk().desk_id == before and desk_identity.status(pc2)["moved"]


def test_the_pc_that_holds_the_desk_needs_no_re_enrolment(village):
    before = village.require_desk().desk_id
    with pytest.raises(UserError, match="不需要重新登记"):
        desk_identity.reenrol(village, reason="试试")
    assert village.require_desk().desk_id == before


def _to_township(source: Session, township: Session, stick: Path, **kw) -> dict:
    bundle = sync.export_bundle(source, stick, **kw)
    return sync.import_bundle(township, bundle["file"], trust_fingerprint=key_print(bundle["file"]))


def test_the_township_continues_one_chain_for_the_re_enrolled_desk(village, township, tmp_path, stick, second_pc):
    issue(village, tmp_path, 2)
    assert _to_township(village, township, stick)["added"] == 2
    copy = _copy(village, tmp_path)
    with second_pc, Session(copy) as pc2:
        desk_identity.reenrol(pc2, reason="更换电脑")
        issue(pc2, tmp_path, 2)
        bundle = sync.export_bundle(pc2, stick)
    # the new key is not yet trusted: the township takes its enrolment and holds the rest
    waiting = sync.import_bundle(township, bundle["file"])
    assert waiting["status"] == "held" and waiting["added"] == 0 and len(_office_streams(township)) == 1
    preview = sync.preview_import(township, bundle["file"], trust_fingerprint=key_print(bundle["file"]))
    assert preview["new_entries"] == 2 and "重新登记为新的桌面" in preview["ledger"][0]["reason"]
    done = sync.import_bundle(township, bundle["file"], trust_fingerprint=key_print(bundle["file"]))
    assert done["status"] == "applied" and done["added"] == 2 and not sync.status(township)["held"]
    streams = _office_streams(township)
    assert len(streams) == 1 and streams[0]["entries"] == 4  # one chain, not a second copy of entries 1–2
    assert [h["position"] for h in handover_store.of_stream(township.db, streams[0]["stream"])] == [3]
    chain = next(c for c in sync.status(township)["chains"] if c["office"] == OFFICE)
    assert [h["position"] for h in chain["handovers"]] == [3]
    assert sync.import_bundle(township, bundle["file"])["added"] == 0


def test_the_old_pc_writing_after_the_handover_is_a_fork_kept_beside_the_chain(village, township, tmp_path, stick,
                                                                              second_pc):
    issue(village, tmp_path, 2)
    _to_township(village, township, stick)
    copy = _copy(village, tmp_path)
    with second_pc, Session(copy) as pc2:
        desk_identity.reenrol(pc2, reason="更换电脑")
        issue(pc2, tmp_path)
        _to_township(pc2, township, stick)
    with Session(village.data_dir) as old_pc:  # the first PC was never retired and issues on
        issue(old_pc, tmp_path)
        late = _to_township(old_pc, township, stick)
    assert late["status"] == "conflict" and late["added"] == 0
    assert "两台电脑在写同一条台账" in late["flagged"][0]
    conflicts = sync.status(township)["conflicts"]
    assert [c["kind"] for c in conflicts] == ["ledger-fork"]
    streams = _office_streams(township)
    assert len(streams) == 1 and streams[0]["entries"] == 3  # the new desk's chain, untouched


def test_a_copy_restored_from_an_old_backup_forks_where_it_lost_entries(village, township, tmp_path, stick, second_pc):
    issue(village, tmp_path, 2)
    backup = _copy(village, tmp_path, "backup")  # yesterday's copy: 2 entries
    with Session(village.data_dir) as first:
        issue(first, tmp_path, 2)
        assert _to_township(first, township, stick)["added"] == 4
    with second_pc, Session(backup) as restored:  # the disk died; yesterday's copy goes on a new PC
        desk_identity.reenrol(restored, reason="从备份恢复到新电脑")
        issue(restored, tmp_path)
        done = _to_township(restored, township, stick)
    assert done["status"] == "conflict" and done["added"] == 0
    assert "第 3 条" in done["flagged"][0]
    assert _office_streams(township)[0]["entries"] == 4


def test_a_bundle_with_a_forged_handover_list_is_refused(village, township, tmp_path, stick):
    issue(village, tmp_path)
    exported = Path(sync.export_bundle(village, stick)["file"])
    data = container.read(exported.read_bytes())
    manifest = json.loads(json.dumps(data.manifest.raw))
    manifest.pop("members")
    manifest["sections"]["ledger"][0]["handovers"] = [
        {"position": 1, "from_desk": "a", "to_desk": "someone-else", "prev_hash": "0" * 64}]
    from villagedesk.store import key_store

    d = village.require_desk()
    signer = key_store.own_signer(village.db, office_code=d.region_code, office_name=d.name)
    forged = tmp_path / "forged.vdbundle"
    forged.write_bytes(container.pack(manifest, data.members, signer.sign))
    with pytest.raises(UserError, match="移交记录格式不对"):
        sync.import_bundle(township, forged, trust_fingerprint=key_print(forged))
    assert not _office_streams(township)


def test_a_desk_from_before_the_seat_is_seated_on_first_open_and_a_copy_is_then_caught(tmp_path, second_pc):
    import sqlite3

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "desk_v9.sql"
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / "desk.sqlite3")
    conn.executescript(fixture.read_text(encoding="utf-8"))
    conn.close()
    with Session(folder) as first:
        assert desk_identity.status(first)["state"] == "seated"
    copy = tmp_path / "old-copy"
    shutil.copytree(folder, copy)
    with second_pc, Session(copy) as pc2:
        assert desk_identity.status(pc2)["state"] == "moved"


def test_the_cli_names_the_copy_and_re_enrols_it(village, tmp_path, second_pc, capsys):
    from villagedesk.cli import main

    issue(village, tmp_path)
    copy = _copy(village, tmp_path)
    with second_pc:
        assert main(["--data-dir", str(copy), "info"]) == 0
        assert "复制或恢复" in capsys.readouterr().out
        assert main(["--data-dir", str(copy), "reenrol", "--reason", "更换电脑", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["continues_at"] == 2 and len(out["fingerprint"].split("-")) >= 4
        assert main(["--data-dir", str(copy), "reenrol", "--reason", "再来一次"]) != 0
        assert "不需要重新登记" in capsys.readouterr().err
        stick = tmp_path / "stick"
        stick.mkdir()
        assert main(["--data-dir", str(copy), "key", "enrol", "--to", str(stick), "--json"]) == 0
        sent = json.loads(capsys.readouterr().out)
        assert sent["counts"] == {"enrolment": 1} and sent["addressee_name"] == "芒市风平镇"
        assert container.read(Path(sent["file"]).read_bytes()).manifest.key_id == out["key_id"]


def test_the_new_key_enrols_through_the_township_and_the_chain_flows_on_the_trust_list(
        village, township, county, tmp_path, stick, second_pc):
    from villagedesk.services import trust

    def list_pending_and_publish():
        for e in trust.enrolments(county, "pending"):
            trust.decide_enrolment(county, e["key_id"], accept=True, note="电话核对")
        trust.publish_trust_list(county)
        return sync.export_bundle(county, stick)

    # first the village and the township enrol as on day one
    sync.import_bundle(township, sync.export_bundle(village, stick, kinds=["enrolment"])["file"])
    sync.import_bundle(county, sync.export_bundle(township, stick, kinds=["enrolment"])["file"])
    down = list_pending_and_publish()
    county_print = key_print(down["file"])
    sync.import_bundle(township, down["file"], county_fingerprint=county_print)
    issue(village, tmp_path, 2)
    assert sync.import_bundle(township, sync.export_bundle(village, stick)["file"])["added"] == 2
    sync.import_bundle(county, sync.export_bundle(township, stick)["file"])
    # the PC is replaced: the copy re-enrols, and its new key travels up the same way
    copy = _copy(village, tmp_path)
    with second_pc, Session(copy) as pc2:
        desk_identity.reenrol(pc2, reason="更换电脑")
        issued = issue(pc2, tmp_path)[0]
        ledger_bundle = sync.export_bundle(pc2, stick)
        assert sync.import_bundle(township, ledger_bundle["file"])["status"] == "held"  # enrols, waits for the list
    sync.import_bundle(county, sync.export_bundle(township, stick, kinds=["enrolment"])["file"])
    released = sync.import_bundle(township, list_pending_and_publish()["file"])["released"]
    assert [(r["status"], r["added"]) for r in released] == [("applied", 1)]
    assert len(_office_streams(township)) == 1 and _office_streams(township)[0]["entries"] == 3
    assert verification.verify_text(township, issued["payload"])["status"] == "valid"
    # the county continues the same chain from the township's bundle
    assert sync.import_bundle(county, sync.export_bundle(township, stick)["file"])["added"] == 1
    assert len(_office_streams(county)) == 1 and _office_streams(county)[0]["entries"] == 3


def test_a_handover_is_taken_only_once_the_new_desk_has_signed_an_entry(village, township, tmp_path, stick,
                                                                         second_pc):
    issue(village, tmp_path, 2)
    _to_township(village, township, stick)
    copy = _copy(village, tmp_path)
    with second_pc, Session(copy) as pc2:
        desk_identity.reenrol(pc2, reason="更换电脑")
        early = _to_township(pc2, township, stick, full=True)  # nothing written by the new desk yet
        assert early["added"] == 0  # (the new key trusted by hand is all it changed)
        streams = _office_streams(township)
        assert len(streams) == 1 and not handover_store.of_stream(township.db, streams[0]["stream"])
        issue(pc2, tmp_path)
        later = _to_township(pc2, township, stick)
    assert later["added"] == 1
    streams = _office_streams(township)
    assert len(streams) == 1 and streams[0]["entries"] == 3
    assert handover_store.of_stream(township.db, streams[0]["stream"])[0]["position"] == 3


def test_the_officer_closes_the_fork_once_found_out_and_both_versions_stay(village, township, tmp_path, stick,
                                                                         second_pc):
    from villagedesk.services import chain_check, township as township_views

    issue(village, tmp_path, 2)
    _to_township(village, township, stick)
    copy = _copy(village, tmp_path)
    with second_pc, Session(copy) as pc2:
        desk_identity.reenrol(pc2, reason="更换电脑")
        issue(pc2, tmp_path)
        _to_township(pc2, township, stick)
    with Session(village.data_dir) as old_pc:
        issue(old_pc, tmp_path)
        _to_township(old_pc, township, stick)

    def broken() -> int:
        return sum(1 for f in township_views.flags(township)["flags"] if f["kind"] == "chain_broken")

    check = chain_check.verify_all(township)
    assert broken() == 1 and not check["ok"]
    assert "两台电脑" in next(c for c in check["chains"] if c["office"] == OFFICE)["problem"]
    conflict = sync.status(township)["conflicts"][0]
    for bad, match in (({"note": " "}, "请写明"), ({"note": "核实\x00"}, "控制字符"), ({"note": "好", "by": "长" * 51}, "核实人")):
        with pytest.raises(UserError, match=match):
            sync.resolve_conflict(township, conflict["id"], **bad)
    with pytest.raises(UserError, match="没有编号为 999"):
        sync.resolve_conflict(township, 999, note="已核实")
    done = sync.resolve_conflict(township, conflict["id"], note="已电话核实，旧电脑已停用", by="李四")
    assert done["resolved_by"] == "李四" and done["resolved_at"]
    with pytest.raises(UserError, match="已于 .* 处理过"):
        sync.resolve_conflict(township, conflict["id"], note="再关一次")
    assert broken() == 0 and chain_check.verify_all(township)["ok"]
    kept = township.db.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0]
    assert kept == 1  # the other version is still kept


def test_a_portable_desk_moves_from_pc_to_pc_on_its_stick(village, monkeypatch, tmp_path):
    import sqlite3

    from villagedesk.store import location

    monkeypatch.setattr(location, "is_portable", lambda: True)
    monkeypatch.delenv(desk_seat.ENV, raising=False)
    village.close()
    conn = sqlite3.connect(village.db_path)
    conn.execute("UPDATE desk SET seat = ''")  # first opened from the stick
    conn.commit()
    conn.close()
    for pc in ("pc-a", "pc-b"):
        machine = tmp_path / f"{pc}-machine-id"
        machine.write_text(pc)
        monkeypatch.setattr(desk_seat, "_MACHINE_ID_FILES", (machine,))
        with Session(village.data_dir) as on_stick:
            assert desk_identity.status(on_stick)["state"] == "seated", pc
            issue(on_stick, tmp_path)


def test_a_chain_first_seen_after_its_handover_still_tells_the_old_pc_apart(village, township, tmp_path, stick,
                                                                           second_pc):
    """The township never held the chain before the re-enrolment (the old PC never sent a
    ledger): the handover the new desk's entries show is kept, so the old PC writing on is
    flagged as such, not taken as a second office chain."""
    issue(village, tmp_path, 2)
    key_store.trust_key(township.db, key_store.export_public_key(village.db), source="风平村公钥.json")  # its key only
    copy = _copy(village, tmp_path)
    with second_pc, Session(copy) as pc2:
        desk_identity.reenrol(pc2, reason="更换电脑")
        issue(pc2, tmp_path)
        first = _to_township(pc2, township, stick)
    assert first["added"] == 3
    streams = _office_streams(township)
    assert len(streams) == 1 and [h["position"] for h in handover_store.of_stream(township.db, streams[0]["stream"])] == [3]
    with Session(village.data_dir) as old_pc:
        issue(old_pc, tmp_path)
        late = _to_township(old_pc, township, stick)
    assert late["status"] == "conflict" and late["added"] == 0
    assert "两台电脑在写同一条台账" in late["flagged"][0] and "重新登记" in late["flagged"][0]
    assert _office_streams(township)[0]["entries"] == 3

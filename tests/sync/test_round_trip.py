"""A village's ledger reaches the township: preview, import, idempotence, incremental
exports by acknowledgement, held bundles, forks, chains cut short."""

from __future__ import annotations

import shutil


from tests.sync.conftest import TOWNSHIP, issue, key_print
from villagedesk.services import sync, verification
from villagedesk.services.session import Session


def _first_import(village, township, tmp_path, stick):
    issue(village, tmp_path, 3)
    bundle = sync.export_bundle(village, stick)
    return bundle, sync.import_bundle(township, bundle["file"], trust_fingerprint=key_print(bundle["file"]))


def test_a_village_ledger_arrives_once_and_its_certificates_verify_at_the_township(village, township, tmp_path, stick):
    issued = issue(village, tmp_path, 3)
    bundle = sync.export_bundle(village, stick)
    assert bundle["verified"] and bundle["addressee"] == TOWNSHIP and bundle["counts"]["ledger"] == 3
    assert bundle["file"].endswith(".vdbundle") and bundle["file"].isascii()
    assert sync.preview_import(township, bundle["file"])["signer"]["via"] == "enrolment"  # held until trusted
    preview = sync.preview_import(township, bundle["file"], trust_fingerprint=key_print(bundle["file"]))
    assert preview["new_entries"] == 3 and preview["new_offices"] == ["533103105201"]
    assert preview["source"]["name"] == "芒市风平镇风平村民委员会"
    done = sync.import_bundle(township, bundle["file"], trust_fingerprint=key_print(bundle["file"]))
    assert done["status"] == "applied" and done["added"] == 3
    again = sync.import_bundle(township, bundle["file"])
    assert again["status"] == "nothing-new" and again["added"] == 0
    answer = verification.verify_text(township, issued[0]["payload"])
    assert answer["status"] == "valid", answer


def test_an_overlapping_bundle_adds_only_what_is_new_and_a_void_shows_at_the_township(village, township, tmp_path, stick):
    first, _ = _first_import(village, township, tmp_path, stick)
    from villagedesk.services import certificates

    issued = issue(village, tmp_path, 2)
    certificates.void(village, issued[0]["number"], reason="姓名写错", handler="张丽")
    full = sync.export_bundle(village, stick, full=True)
    done = sync.import_bundle(township, full["file"])
    assert done["added"] == 3 and done["status"] == "applied"
    answer = verification.verify_text(township, issued[0]["payload"])
    assert answer["status"] == "voided", answer


def test_the_township_acknowledges_and_the_next_export_carries_only_the_new_entries(village, township, tmp_path, stick):
    _first_import(village, township, tmp_path, stick)
    down = sync.export_bundle(township, stick, down=True, kinds=["acks"])
    assert sync.import_bundle(village, down["file"], trust_fingerprint=key_print(down["file"]))["status"] in ("applied", "nothing-new")
    issue(village, tmp_path, 2)
    nxt = sync.export_bundle(village, stick)
    heads = nxt["heads"][0]
    assert (heads["from"], heads["to"]) == (4, 5)  # only what the township has not acknowledged
    assert sync.import_bundle(township, nxt["file"])["added"] == 2


def test_a_bundle_that_arrives_before_the_one_it_continues_is_held_then_applied(village, township, tmp_path, stick):
    first, _ = _first_import(village, township, tmp_path, stick)
    down = sync.export_bundle(township, stick, down=True, kinds=["acks"])
    sync.import_bundle(village, down["file"], trust_fingerprint=key_print(down["file"]))
    issue(village, tmp_path, 2)
    second = sync.export_bundle(village, stick)  # entries 3–5
    issue(village, tmp_path, 2)
    # the village believes the township holds 5 (say a lost stick): fake it by a full export later
    third = sync.export_bundle(village, stick)
    shutil.copy(third["file"], tmp_path / "third.vdbundle")
    # the township got 1–3 only; a bundle starting at 5 is held
    assert third["heads"][0]["from"] == 4  # acknowledgement still at 3: incremental from the ack
    gap_bundle = _later_part(village, stick, start=6)
    held = sync.import_bundle(township, gap_bundle)
    assert held["status"] == "held" and held["added"] == 0 and "暂存" in held["held"][0]
    assert sync.status(township)["held"]
    filled = sync.import_bundle(township, second["file"])
    assert filled["added"] == 2 and filled["released"] and filled["released"][0]["status"] == "applied"
    assert not sync.status(township)["held"]


def _later_part(village, stick, *, start: int) -> str:
    """An export that starts at `start` (as if the township had acknowledged start - 1)."""
    from villagedesk.store import ledger_store, sync_store

    desk = village.require_desk()
    sync_store.acknowledge(village.db, peer_office=TOWNSHIP, kind="ledger", office=desk.region_code,
                           desk_id=desk.desk_id, position=start - 1,
                           entry_hash=ledger_store.hash_at(village.db, 0, start - 1) or "")
    return sync.export_bundle(village, stick)["file"]


def test_a_database_copied_to_a_second_pc_forks_the_chain_and_both_versions_are_kept(
        village, township, tmp_path, stick):
    _first_import(village, township, tmp_path, stick)
    copy_dir = tmp_path / "copied"
    shutil.copytree(village.data_dir, copy_dir)
    issue(village, tmp_path, 1)
    with Session(copy_dir) as copy:
        issue(copy, tmp_path, 1, subject_name="李四")
        forked = sync.export_bundle(copy, stick, full=True)
    good = sync.export_bundle(village, stick, full=True)
    assert sync.import_bundle(township, good["file"])["added"] == 1
    before = township.db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0]
    result = sync.import_bundle(township, forked["file"])
    assert result["status"] == "conflict" and "两个版本" in result["flagged"][0]
    assert township.db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] == before
    conflicts = sync.status(township)["conflicts"]
    assert conflicts[0]["kind"] == "ledger-fork" and conflicts[0]["record_key"] == "4"


def test_a_village_ledger_cut_short_is_flagged(village, township, tmp_path, stick):
    backup_dir = tmp_path / "old"
    issue(village, tmp_path, 2)
    shutil.copytree(village.data_dir, backup_dir)
    issue(village, tmp_path, 2)
    full = sync.export_bundle(village, stick)
    sync.import_bundle(township, full["file"], trust_fingerprint=key_print(full["file"]))
    with Session(backup_dir) as restored:
        short = sync.export_bundle(restored, stick, full=True)
    result = sync.import_bundle(township, short["file"])
    assert result["status"] == "conflict" and "截短" in result["flagged"][0]
    assert sync.status(township)["conflicts"][0]["kind"] == "ledger-cut"


def test_an_older_bundle_imported_after_a_newer_one_is_nothing_new_not_a_chain_cut_short(village, township, tmp_path,
                                                                                       stick):
    """Two bundles a desk wrote one after the other, within the same second or not: the newer
    (longer) one arrives first, the older one later — nothing new, and no 截短 flag."""
    issue(village, tmp_path, 2)
    older = sync.export_bundle(village, stick, full=True)
    issue(village, tmp_path, 2)
    newer = sync.export_bundle(village, stick, full=True)
    assert sync.import_bundle(township, newer["file"], trust_fingerprint=key_print(newer["file"]))["added"] == 4
    late = sync.import_bundle(township, older["file"])
    assert late["status"] == "nothing-new" and not late["flagged"], late
    assert not sync.status(township)["conflicts"]


def test_bundles_are_ordered_by_the_instant_they_were_written_not_by_their_text():
    from villagedesk.core.bundle_format import written_at

    # the PC's time zone changed between the two: 11:00 in Beijing is before 03:30 UTC
    assert written_at("2026-12-06T11:00:00+08:00") < written_at("2026-12-06T03:30:00+00:00")
    # a bundle of stop 17 (to the second) and one of this version written later in that second
    assert written_at("2026-12-06T03:51:38+00:00") < written_at("2026-12-06T03:51:38.250000+00:00")
    assert written_at("not a time") < written_at("2000-01-01T00:00:00+00:00")

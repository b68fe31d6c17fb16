"""A village's very first bundle carries its ledger and its key's enrolment together: the
township cannot trust the key yet, so it takes the enrolment (to pass up to the county), holds
the rest whole, and applies it by itself once the county's trust list lists the key."""

from __future__ import annotations

from tests.sync.conftest import issue, key_print
from villagedesk.services import sync, trust
from villagedesk.store import ledger_store

OFFICE = "533103105201"


def _office_entries(session) -> int:
    return sum(s["entries"] for s in ledger_store.streams(session.db) if s["office"] == OFFICE)


def test_the_first_bundle_enrols_its_key_and_waits_for_the_trust_list(village, township, county, tmp_path, stick):
    issue(village, tmp_path, 3)
    first = sync.export_bundle(village, stick)
    assert set(first["kinds"]) >= {"ledger", "enrolment"}
    preview = sync.preview_import(township, first["file"])
    assert preview["signer"]["via"] == "enrolment" and "暂存" in preview["signer"]["note"]
    got = sync.import_bundle(township, first["file"])
    assert got["status"] == "held" and got["added"] == 0 and "信任清单" in got["held"][0]
    assert [e["office_code"] for e in trust.enrolments(township, "pending")] == [OFFICE]
    assert _office_entries(township) == 0 and len(sync.status(township)["held"]) == 1
    # the same file again changes nothing and is still held
    assert sync.import_bundle(township, first["file"])["status"] == "held"
    assert len(sync.status(township)["held"]) == 1
    # the enrolments go up; the county lists both keys; its list comes down
    sync.import_bundle(county, sync.export_bundle(township, stick, kinds=["enrolment"])["file"])
    for e in trust.enrolments(county, "pending"):
        trust.decide_enrolment(county, e["key_id"], accept=True, note="电话核对")
    trust.publish_trust_list(county)
    down = sync.export_bundle(county, stick)
    done = sync.import_bundle(township, down["file"], county_fingerprint=key_print(down["file"]))
    assert [r["status"] for r in done["released"]] == ["applied"]
    assert _office_entries(township) == 3 and not sync.status(township)["held"]


def test_a_waiting_bundle_goes_in_when_the_officer_trusts_the_key_by_hand(village, township, tmp_path, stick):
    issue(village, tmp_path, 2)
    first = sync.export_bundle(village, stick)
    assert sync.import_bundle(township, first["file"])["status"] == "held"
    done = sync.import_bundle(township, first["file"], trust_fingerprint=key_print(first["file"]))
    assert done["status"] == "applied" and done["added"] == 2
    assert not sync.status(township)["held"]
    assert sync.import_bundle(township, first["file"])["added"] == 0


def test_the_cli_says_the_key_was_enrolled_and_the_rest_waits(village, township, tmp_path, stick, capsys):
    from villagedesk.cli import main

    issue(village, tmp_path, 1)
    first = sync.export_bundle(village, stick)
    village.close()
    township.close()
    assert main(["--data-dir", str(township.data_dir), "sync", "import", first["file"], "--yes"]) == 0
    out = capsys.readouterr().out
    assert "已登记这把密钥" in out and "收到密钥登记 1 份" in out
    assert main(["--data-dir", str(township.data_dir), "sync", "status"]) == 0
    out = capsys.readouterr().out
    assert "上级：德宏傣族景颇族自治州芒市（533103000000）" in out and "暂存" in out and "held" not in out

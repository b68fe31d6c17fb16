"""A township desk with its genuine key relays village chains up to the county and the county's
lists down to the villages — and tampers: an entry altered, dropped, reordered or appended with
the hashes recomputed, handovers made up, old lists and catalogues replayed. The village's own
signatures at the checkpoints catch every change to its chain; what the relay can do (withhold)
is in docs/formats/bundle.md's limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import db_snapshot
from tests.sync.conftest import issue, key_print
from tests.sync.test_insider_craft import (columns, content, craft, opened, payload_blob, refused, rehash, resign,
                                           set_payloads, signer_of)
from villagedesk.services import catalogue, keys, sync, trust
from villagedesk.services.session import Session
from villagedesk.store import ledger_store
from villagedesk.sync import ledger_section

VILLAGE = "533103105201"


@pytest.fixture
def county_holds(village, township, county, tmp_path, stick):
    """The county trusts the village's key (its key file) and the township's (by phone), and
    holds the village's 3 entries relayed by the township."""
    issue(village, tmp_path, 3)
    key_file = tmp_path / "village-key.json"
    keys.export_file(village, key_file)
    keys.trust_key_file(county, key_file)
    first = sync.export_bundle(village, stick)["file"]
    sync.import_bundle(township, first, trust_fingerprint=key_print(first))
    up = sync.export_bundle(township, stick)["file"]
    done = sync.import_bundle(county, up, trust_fingerprint=key_print(up))
    assert done["added"] == 3
    return county


def _relay(village, township, tmp_path, stick, n: int = 2) -> tuple[dict, dict[str, bytes], dict]:
    """The village's next entries at the township, then the township's next bundle up, opened:
    (manifest, members, the village's part)."""
    issue(village, tmp_path, n)
    sync.import_bundle(township, sync.export_bundle(village, stick, full=True)["file"])
    manifest, members = opened(sync.export_bundle(township, stick, full=True)["file"])
    part = next(p for p in manifest["sections"]["ledger"] if p["office"] == VILLAGE)
    return manifest, members, part


def _drop(doc: dict, i: int) -> None:
    for v in doc["columns"].values():
        del v[i]


def test_an_entry_altered_on_the_way_up_is_refused(village, township, county_holds, tmp_path, stick):
    manifest, members, part = _relay(village, township, tmp_path, stick)
    doc = columns(members, part)
    doc["columns"]["subject_name"][3] = "王五"
    rehash(members, part, doc)
    refused(county_holds, resign(township, tmp_path, manifest, members), "签名无效")


def test_an_entry_altered_and_signed_by_the_township_is_refused(village, township, county_holds, tmp_path, stick):
    manifest, members, part = _relay(village, township, tmp_path, stick)
    doc = columns(members, part)
    doc["columns"]["subject_name"][3] = "王五"
    doc["columns"]["key_id"] = [_key_hex(township)] * len(doc["columns"]["key_id"])
    rehash(members, part, doc, township)
    refused(county_holds, resign(township, tmp_path, manifest, members), "不属于该单位")


def _key_hex(session) -> str:
    return signer_of(session).key_id_hex


def test_an_entry_dropped_on_the_way_up_is_refused(village, township, county_holds, tmp_path, stick):
    manifest, members, part = _relay(village, township, tmp_path, stick, n=3)
    doc = columns(members, part)
    blobs = payload_blob(members, part)
    _drop(doc, 3)
    del blobs[3]
    set_payloads(members, part, blobs)
    doc["signatures"] = {str(len(blobs) - 1): doc["signatures"][str(len(blobs))]}
    rehash(members, part, doc)
    refused(county_holds, resign(township, tmp_path, manifest, members), "签名无效")


def test_two_entries_swapped_on_the_way_up_are_refused(village, township, county_holds, tmp_path, stick):
    manifest, members, part = _relay(village, township, tmp_path, stick, n=3)
    doc = columns(members, part)
    for v in doc["columns"].values():
        v[3], v[4] = v[4], v[3]
    blobs = payload_blob(members, part)
    blobs[3], blobs[4] = blobs[4], blobs[3]
    set_payloads(members, part, blobs)
    rehash(members, part, doc)
    refused(county_holds, resign(township, tmp_path, manifest, members), "签名无效|不连续")


def test_an_entry_appended_in_the_villages_name_is_refused(village, township, county_holds, tmp_path, stick):
    manifest, members, part = _relay(village, township, tmp_path, stick)
    doc = columns(members, part)
    for v in doc["columns"].values():
        v.append(v[-1])
    doc["columns"]["seq"][-1] += 1
    doc["columns"]["number"][-1] = doc["columns"]["number"][-1].replace(f"{doc['columns']['seq'][-2]}号",
                                                                        f"{doc['columns']['seq'][-1]}号")
    set_payloads(members, part, [*payload_blob(members, part), b""])
    rehash(members, part, doc)  # the village's signature stays at the old head: the new head has none
    refused(county_holds, resign(township, tmp_path, manifest, members), "签名无效")
    doc["columns"]["key_id"][-1] = _key_hex(township)  # signed by the township: not the village's key
    rehash(members, part, doc)
    entries = ledger_section.unpack(members[part["member"]], members[part["payloads"]], first=part["from"],
                                    prev_hash=part["prev_hash"])
    doc["signatures"][str(len(entries) - 1)] = signer_of(township).sign(bytes.fromhex(entries[-1].entry_hash)).hex()
    rehash(members, part, doc)
    refused(county_holds, resign(township, tmp_path, manifest, members), "不属于该单位")


def test_the_villages_own_rewrite_relayed_up_is_flagged_at_the_county_not_adopted(
        village, township, county_holds, tmp_path, stick):
    """The village signs a rewritten chain with its genuine key; the township refuses to hold it
    (a fork) but a township that relays it anyway gets it flagged at the county, the chain held
    there unchanged."""
    vm, vmembers = opened(sync.export_bundle(village, stick, kinds=["ledger"], full=True)["file"])
    vpart = vm["sections"]["ledger"][0]
    doc = columns(vmembers, vpart)
    doc["columns"]["subject_name"][1] = "李四"
    rehash(vmembers, vpart, doc, village)
    manifest, members = opened(sync.export_bundle(township, stick, full=True)["file"])
    part = next(p for p in manifest["sections"]["ledger"] if p["office"] == VILLAGE)
    members[part["member"]], members[part["payloads"]] = vmembers[vpart["member"]], vmembers[vpart["payloads"]]
    part.update({k: vpart[k] for k in ("from", "to", "count", "prev_hash", "head_hash")})
    before = county_holds.db.execute("SELECT entry_hash FROM ledger_entries ORDER BY id").fetchall()
    done = sync.import_bundle(county_holds, resign(township, tmp_path, manifest, members))
    assert done["status"] == "conflict" and done["added"] == 0
    assert county_holds.db.execute("SELECT entry_hash FROM ledger_entries ORDER BY id").fetchall() == before
    assert [c["record_key"] for c in sync.status(county_holds)["conflicts"] if c["kind"] == "ledger-fork"] == ["2"]


def test_a_relayed_chain_of_the_same_office_under_an_unknown_desk_is_a_fork_not_a_second_chain(
        village, township, county_holds, tmp_path, stick):
    """Two desks claiming one office's ledger: without a handover, the second is flagged and kept
    aside (its numbers would repeat the first's), never stored as a second chain."""
    manifest, members = opened(sync.export_bundle(township, stick, full=True)["file"])
    part = next(p for p in manifest["sections"]["ledger"] if p["office"] == VILLAGE)
    part["desk_id"] = "f" * 32
    done = sync.import_bundle(county_holds, resign(township, tmp_path, manifest, members))
    assert done["status"] == "conflict" and done["added"] == 0 and "两台电脑" in done["flagged"][0]
    assert [s["desk_id"] for s in ledger_store.streams(county_holds.db) if s["office"] == VILLAGE] == [
        village.require_desk().desk_id]


def _handover(part: dict, **h) -> None:
    base = {"position": part["to"] + 1, "from_desk": part["desk_id"], "to_desk": "e" * 32, "prev_hash": part["head_hash"],
            "from_key": "", "to_key": "", "at": "2026-12-01T00:00:00+08:00"}
    part["handovers"] = [{**base, **h}]
    part["desk_id"] = part["handovers"][-1]["to_desk"]


@pytest.mark.parametrize("case", ["same-desk", "same-key", "no-key", "not-last"])
def test_a_made_up_handover_is_refused(village, township, county_holds, tmp_path, stick, case):
    manifest, members, part = _relay(village, township, tmp_path, stick)
    own = part["entries"] if "entries" in part else None
    assert own is None
    key = columns(members, part)["columns"]["key_id"][-1]
    change = {"same-desk": {"to_desk": part["desk_id"]}, "same-key": {"from_key": key, "to_key": key},
              "no-key": {"from_key": key}, "not-last": {"to_key": "0" * 16}}[case]
    _handover(part, **change)
    if case == "not-last":
        part["desk_id"] = "d" * 32
    refused(county_holds, resign(township, tmp_path, manifest, members), "移交记录")


def test_a_handover_from_another_offices_desk_adopts_nothing(village, township, county_holds, tmp_path, stick):
    """A chain is found by its office and desk together: a handover naming a desk of another
    office (here the township's own) does not reach that office's chain; the section is a
    second desk of the village, flagged."""
    manifest, members, part = _relay(village, township, tmp_path, stick)
    key = columns(members, part)["columns"]["key_id"][-1]
    _handover(part, from_desk=township.require_desk().desk_id, from_key="0" * 16, to_key=key)
    done = sync.import_bundle(county_holds, resign(township, tmp_path, manifest, members))
    assert done["status"] == "conflict" and done["added"] == 0
    assert {s["desk_id"] for s in ledger_store.streams(county_holds.db) if s["office"] == VILLAGE} == {
        village.require_desk().desk_id}


# ---------------------------------------------------------------- down bundles replayed


def test_an_older_trust_list_replayed_later_brings_no_revoked_key_back(village, township, county, tmp_path, stick):
    enrol = sync.export_bundle(village, stick, kinds=["enrolment"])["file"]
    sync.import_bundle(township, enrol)
    sync.import_bundle(county, sync.export_bundle(township, stick, kinds=["enrolment"])["file"])
    village_key = next(e["key_id"] for e in trust.enrolments(county, "pending") if e["office_code"] == VILLAGE)
    trust.decide_enrolment(county, village_key, accept=True)
    trust.publish_trust_list(county)
    old = sync.export_bundle(county, stick)["file"]  # serial 1: the village key trusted
    county_print = key_print(old)
    keys.revoke(county, village_key, "村里电脑被盗", effective_on="2026-01-01")
    trust.publish_trust_list(county)
    new = sync.export_bundle(county, stick)["file"]  # serial 2: revoked
    assert sync.import_bundle(township, new, county_fingerprint=county_print)["status"] == "applied"
    before = content(db_snapshot(township.db_path))
    replay = sync.import_bundle(township, old, county_fingerprint=county_print)
    assert replay["trust_list"] is None and content(db_snapshot(township.db_path)) == before
    assert trust.status(township)["current"]["serial"] == 2
    issue(village, tmp_path, 1)
    refused(township, Path(sync.export_bundle(village, stick)["file"]), "撤销")


def test_an_older_catalogue_replayed_later_does_not_roll_back(township, tmp_path):
    with Session(tmp_path / "county-demo") as county:
        from villagedesk.services import desk

        desk.init_desk(county, region_code="533103000000", name="芒市民政局", level="county", short_name="芒市",
                       jurisdiction="yunnan-dehong", demo=True)
        code = next(c["jurisdiction_code"] for c in catalogue.list_catalogues(county)
                    if c["jurisdiction_code"].strip("0") and VILLAGE.startswith(c["jurisdiction_code"].rstrip("0")))
        doc = catalogue.catalogue_data(county, code)
        old, new = ({**doc, "meta": {**doc["meta"], "version": v}} for v in ("2098.1", "2099.1"))
        older, newer = (craft(county, tmp_path, kinds=["catalogue"], addressee="533103000000",
                              sections={"catalogue": [{"member": "catalogue-1.json", "count": 1}]},
                              members={"catalogue-1.json": json.dumps(d, ensure_ascii=False).encode()}) for d in (old, new))
    assert sync.import_bundle(township, newer, trust_fingerprint=key_print(newer))["catalogues"]
    before = content(db_snapshot(township.db_path))
    assert sync.import_bundle(township, older)["catalogues"] == []
    assert content(db_snapshot(township.db_path)) == before
    installed = next(c for c in catalogue.list_catalogues(township) if c["jurisdiction_code"] == code)
    assert installed["version"] == "2099.1"


# ---------------------------------------------------------------- absurd but well-formed, taken


def test_a_certificate_of_year_9999_is_taken_as_signed(village, township, tmp_path, stick):
    """Dates are the signer's clock (a village PC's clock can be years off): a well-formed date
    that keeps the numbering rules is taken as signed and shows as it is (docs limits)."""
    issue(village, tmp_path, 1)
    manifest, members = opened(sync.export_bundle(village, stick)["file"])
    part = manifest["sections"]["ledger"][0]
    doc = columns(members, part)
    c = doc["columns"]
    c["issued_on"][-1], c["year"][-1], c["created_at"][-1] = "9999-12-31", 9999, "9999-12-31T23:59:59+08:00"
    c["number"][-1] = c["number"][-1].replace("2026", "9999")
    rehash(members, part, doc, village)
    path = resign(village, tmp_path, manifest, members)
    done = sync.import_bundle(township, path, trust_fingerprint=key_print(path))
    assert done["status"] == "applied" and done["added"] == 1
    assert township.db.execute("SELECT year FROM ledger_entries WHERE number LIKE '%9999%'").fetchone() == (9999,)


def test_a_certificate_the_village_must_not_issue_is_taken_and_flagged(village, township, tmp_path, stick):
    from villagedesk.services import township as township_service

    issue(village, tmp_path, 1)
    manifest, members = opened(sync.export_bundle(village, stick)["file"])
    part = manifest["sections"]["ledger"][0]
    doc = columns(members, part)
    doc["columns"]["item_list"][-1] = "cert_forbidden"
    doc["columns"]["item_title"][-1] = "收入证明"
    rehash(members, part, doc, village)
    path = resign(village, tmp_path, manifest, members)
    assert sync.import_bundle(township, path, trust_fingerprint=key_print(path))["added"] == 1
    found = township_service.flags(township)["flags"]
    assert any(f["kind"] == "must_not_issued" and f["office"] == VILLAGE for f in found)


def test_records_relayed_by_the_township_with_other_content_are_kept_side_by_side(
        village, township, county_holds, tmp_path, stick):
    """Refused requests carry no signature of their own: the county keeps what reached it first
    and the relay's other version beside it (a conflict), never overwriting."""
    row = {"record_uid": "a" * 32, "desk_id": "x", "region_code": VILLAGE, "office_name": "风平村",
           "created_at": "2026-11-01T00:00:00+08:00", "received_on": "2026-11-01", "department": "某局",
           "request_text": "代收费用", "verdict": "不应承接", "clauses": "[]", "check_result": "{}", "note": ""}
    manifest, members = opened(sync.export_bundle(township, stick, full=True)["file"])
    manifest["kinds"] = [k for k in ("ledger", "refused") if k in manifest["kinds"] or k == "refused"]
    manifest["sections"] = {"ledger": manifest["sections"]["ledger"], "refused": [{"member": "refused.json", "count": 1}]}
    members = {k: v for k, v in members.items() if k.startswith("ledger")}
    members["refused.json"] = json.dumps([row], ensure_ascii=False).encode()
    assert sync.import_bundle(county_holds, resign(township, tmp_path, manifest, members))["records_added"] == {"refused": 1}
    members["refused.json"] = json.dumps([dict(row, verdict="可以协助")], ensure_ascii=False).encode()
    again = sync.import_bundle(county_holds, resign(township, tmp_path, manifest, members))
    assert again["status"] == "conflict"
    assert county_holds.db.execute("SELECT verdict FROM refused_requests").fetchall() == [("不应承接",)]


@pytest.mark.parametrize("new_desk", ["made-up", "township", "county"])
def test_a_made_up_handover_with_the_villages_own_key_renames_nothing(village, township, county_holds, tmp_path, stick,
                                                                      new_desk):
    """A relay that invents a re-enrolment (old key made up, the village's real key as the
    "new" one, a desk id of its own choosing — even one another office uses) does not get the
    village's chain renamed: the entry before the handover must be the old key's."""
    manifest, members, part = _relay(village, township, tmp_path, stick)
    key = columns(members, part)["columns"]["key_id"][-1]
    to_desk = {"made-up": "e" * 32, "township": township.require_desk().desk_id,
               "county": county_holds.require_desk().desk_id}[new_desk]
    _handover(part, position=part["from"] + 1, prev_hash="0" * 64, from_key="0" * 16, to_key=key, to_desk=to_desk)
    refused(county_holds, resign(township, tmp_path, manifest, members), "移交记录与台账不符")
    assert {s["desk_id"] for s in ledger_store.streams(county_holds.db) if s["office"] == VILLAGE} == {
        village.require_desk().desk_id}


def test_handovers_that_loop_back_to_the_desk_rename_nothing(village, township, county_holds, tmp_path, stick):
    manifest, members, part = _relay(village, township, tmp_path, stick)
    key = columns(members, part)["columns"]["key_id"][-1]
    real = part["desk_id"]
    part["handovers"] = [
        {"position": 2, "from_desk": real, "to_desk": "e" * 32, "prev_hash": "0" * 64, "from_key": key,
         "to_key": "1" * 16, "at": ""},
        {"position": 3, "from_desk": "e" * 32, "to_desk": real, "prev_hash": "0" * 64, "from_key": "1" * 16,
         "to_key": key, "at": ""}]
    done = sync.import_bundle(county_holds, resign(township, tmp_path, manifest, members))
    assert done["status"] == "applied" and done["added"] == 2
    assert [s["desk_id"] for s in ledger_store.streams(county_holds.db) if s["office"] == VILLAGE] == [real]
    from villagedesk.store import handover_store

    assert handover_store.of_stream(county_holds.db, ledger_store.stream_of(county_holds.db, VILLAGE, real)) == []


def test_an_older_trust_list_in_the_bundle_does_not_vouch_for_its_signer(village, township, county, tmp_path, stick):
    """A signer this desk does not know is taken on the word of the trust list the bundle brings
    only when that list is newer than the one held: serial 1 (which listed the township's key)
    cannot speak for it once serial 2 (which does not) is in force."""
    import shutil

    from tests.sync.test_insider_craft import signer_of
    from villagedesk.core.key_fingerprint import fingerprint

    signer_of(county)  # the county's key is made before the copy
    county.close()
    shutil.copytree(county.data_dir, tmp_path / "county-copy")  # the same county key, without the township's
    with Session(county.data_dir) as first, Session(tmp_path / "county-copy") as copy:
        sync.import_bundle(first, sync.export_bundle(township, stick, kinds=["enrolment"])["file"])
        trust.decide_enrolment(first, signer_of(township).key_id_hex, accept=True)
        serial_1 = trust.publish_trust_list(first)
        serial_2 = trust.publish_trust_list(copy, serial=2)
        county_print = fingerprint(signer_of(copy).public_key)
    trust.pin_county(village, record=serial_2, confirmed_fingerprint=county_print)
    trust.apply_trust_list(village, serial_2, source="测试")
    path = craft(township, tmp_path, kinds=["trust-list"], addressee="533103105000",
                 sections={"trust-list": [{"member": "trust-list.json", "count": 1}]},
                 members={"trust-list.json": json.dumps(serial_1, ensure_ascii=False).encode()})
    refused(village, path, "不在本机的信任清单中")

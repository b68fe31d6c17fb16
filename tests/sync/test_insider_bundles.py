"""A village clerk with the village's genuine, trusted key signs hostile bundles: another
office's chain, catalogues and trust lists, manifests that disagree with their members,
absurd entries, records of other offices. Each is refused with a Chinese reason and nothing
changed, or taken and flagged where the import's rules say so (docs/formats/bundle.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.sync.conftest import COUNTY, TOWNSHIP, issue, key_print
from tests.sync.test_insider_craft import (columns, craft, opened, payload_blob, refused, rehash, resign,
                                           set_payloads)
from villagedesk.services import catalogue, certificates, desk, sync
from villagedesk.services.session import Session

VILLAGE = "533103105201"
NEIGHBOUR = "533103105202"


@pytest.fixture
def trusted(village, township, tmp_path, stick) -> Path:
    """The township trusts the village's key (its first bundle, fingerprint read by phone)."""
    issue(village, tmp_path, 3)
    first = Path(sync.export_bundle(village, stick)["file"])
    assert sync.import_bundle(township, first, trust_fingerprint=key_print(first))["added"] == 3
    return first


def _next_bundle(village, tmp_path, stick, n: int = 2) -> tuple[dict, dict[str, bytes]]:
    issue(village, tmp_path, n)
    return opened(sync.export_bundle(village, stick, kinds=["ledger"], full=True)["file"])


# ---------------------------------------------------------------- another office's chain


def test_a_village_cannot_send_its_chain_as_a_neighbours(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["sections"]["ledger"][0]["office"] = NEIGHBOUR
    refused(township, resign(village, tmp_path, manifest, members), "不管辖|不属于该单位")


def test_a_village_cannot_add_a_second_section_for_a_neighbour(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    part = dict(manifest["sections"]["ledger"][0], office=NEIGHBOUR, member="ledger-2.json", payloads="ledger-2.bin")
    members["ledger-2.json"], members["ledger-2.bin"] = members["ledger-1.json"], members["ledger-1.bin"]
    manifest["sections"]["ledger"].append(part)
    refused(township, resign(village, tmp_path, manifest, members), "不管辖|不属于该单位")


def test_a_village_cannot_claim_to_be_its_neighbour_in_the_manifest(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["source"]["office"] = NEIGHBOUR
    manifest["sections"]["ledger"][0]["office"] = NEIGHBOUR
    refused(township, resign(village, tmp_path, manifest, members), "属于.*包却自称来自")


def test_a_village_cannot_open_a_second_chain_of_its_own_under_another_desk_id(village, township, trusted, tmp_path,
                                                                              stick):
    """One writer per stream: its own chain under a made-up desk id would be a second ledger
    of the same office, numbered from 1 again."""
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["sections"]["ledger"][0]["desk_id"] = "0" * 32
    refused(township, resign(village, tmp_path, manifest, members), "电脑编号")


def test_a_chain_twice_in_one_bundle_is_refused(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    part = dict(manifest["sections"]["ledger"][0], member="ledger-2.json", payloads="ledger-2.bin")
    members["ledger-2.json"], members["ledger-2.bin"] = members["ledger-1.json"], members["ledger-1.bin"]
    manifest["sections"]["ledger"].append(part)
    refused(township, resign(village, tmp_path, manifest, members), "出现了两次")


# ---------------------------------------------------------------- what only the county sends


def _catalogue_doc(session, version: str) -> dict:
    code = next(c["jurisdiction_code"] for c in catalogue.list_catalogues(session)
                if c["jurisdiction_code"].strip("0") and VILLAGE.startswith(c["jurisdiction_code"].rstrip("0")))
    doc = catalogue.catalogue_data(session, code)
    doc["meta"]["version"] = version
    return doc


def test_a_village_cannot_send_a_catalogue_up_to_its_township(village, township, trusted, tmp_path):
    doc = _catalogue_doc(village, "2099.1")
    path = craft(village, tmp_path, kinds=["catalogue"], addressee=TOWNSHIP,
                 sections={"catalogue": [{"member": "catalogue-1.json", "count": 1}]},
                 members={"catalogue-1.json": json.dumps(doc, ensure_ascii=False).encode()})
    refused(township, path, "只能由.*上级")


def test_a_village_cannot_send_a_catalogue_down_to_its_neighbours(village, trusted, tmp_path):
    doc = _catalogue_doc(village, "2099.1")
    path = craft(village, tmp_path, kinds=["catalogue"], addressee=TOWNSHIP,  # a down kind: the whole township
                 sections={"catalogue": [{"member": "catalogue-1.json", "count": 1}]},
                 members={"catalogue-1.json": json.dumps(doc, ensure_ascii=False).encode()})
    with Session(tmp_path / "neighbour") as other:
        desk.init_desk(other, region_code=NEIGHBOUR, name="芒市风平镇弄么村民委员会", level="village",
                       short_name="弄么村", jurisdiction="yunnan-dehong", demo=True)
        refused(other, path, "只能由.*上级", trust_fingerprint=key_print(path))


def test_a_township_cannot_send_a_catalogue_up_to_its_county(township, county, tmp_path):
    with Session(tmp_path / "demo-county-source") as source:  # a catalogue document to send
        desk.init_demo(source)
        doc = _catalogue_doc(source, "2099.1")
    path = craft(township, tmp_path, kinds=["catalogue"], addressee=COUNTY,
                 sections={"catalogue": [{"member": "catalogue-1.json", "count": 1}]},
                 members={"catalogue-1.json": json.dumps(doc, ensure_ascii=False).encode()})
    refused(county, path, "只能由.*上级", trust_fingerprint=key_print(path))


def test_a_village_cannot_pass_a_trust_list_up(village, township, county, trusted, tmp_path, stick):
    record = _published_list(county)
    path = craft(village, tmp_path, kinds=["trust-list"], addressee=TOWNSHIP,
                 sections={"trust-list": [{"member": "trust-list.json", "count": 1}]},
                 members={"trust-list.json": json.dumps(record, ensure_ascii=False).encode()})
    refused(township, path, "只能由.*上级", county_fingerprint=_county_print(county))


def _published_list(county) -> dict:
    from villagedesk.services import trust

    return trust.publish_trust_list(county)


def _county_print(county) -> str:
    from villagedesk.core.key_fingerprint import fingerprint
    from tests.sync.test_insider_craft import signer_of

    return fingerprint(signer_of(county).public_key)


# ---------------------------------------------------------------- manifest against members


def test_a_part_count_that_disagrees_with_its_entries_is_refused(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["sections"]["ledger"][0]["count"] += 7
    refused(township, resign(village, tmp_path, manifest, members), "条数与清单不符")


def test_manifest_counts_that_disagree_with_the_sections_are_refused(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["counts"]["ledger"] = 1
    refused(township, resign(village, tmp_path, manifest, members, recount=False), "记录数.*不符")


def test_a_range_that_disagrees_with_its_entries_is_refused(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["sections"]["ledger"][0]["to"] += 1
    refused(township, resign(village, tmp_path, manifest, members), "条数与清单不符")


def test_a_head_hash_that_disagrees_is_refused(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["sections"]["ledger"][0]["head_hash"] = "ab" * 32
    refused(township, resign(village, tmp_path, manifest, members), "签名的链头不符")


def test_a_part_without_its_member_is_refused(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    del manifest["sections"]["ledger"][0]["member"]
    refused(township, resign(village, tmp_path, manifest, members), "没有写明它的文件")


def test_a_kind_listed_without_a_section_or_a_member_nobody_names(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["kinds"] = ["ledger", "refused"]
    refused(township, resign(village, tmp_path, manifest, members), "没有对应的分节|内容种类")
    manifest, members = _next_bundle(village, tmp_path, stick)
    members["audits.json"] = b"[]"  # signed into the member list, but no section reads it
    refused(township, resign(village, tmp_path, manifest, members), "没有.*分节")


def test_two_parts_reading_the_same_member_are_refused(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["kinds"] = ["ledger", "refused"]
    manifest["sections"]["refused"] = [{"member": "ledger-1.json", "count": 1}]
    refused(township, resign(village, tmp_path, manifest, members), "同一个文件")


@pytest.mark.parametrize("version", [0, -1, 1.0, "1", True, None])
def test_a_manifest_naming_a_version_it_cannot_be_is_refused(village, township, trusted, tmp_path, stick, version):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["version"] = version
    refused(township, resign(village, tmp_path, manifest, members), "版本号")


def test_a_manifest_with_another_format_name_is_refused(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["format"] = "villagedesk-bundle-2"
    refused(township, resign(village, tmp_path, manifest, members), "不是村务桌面的同步包")


# ---------------------------------------------------------------- absurd entries


def _changed(village, township, tmp_path, stick, change) -> Path:
    """The next bundle with its columns changed by `change(cols, n)` (n: entries in the part),
    the head rehashed — as the village's own key would sign it."""
    manifest, members = _next_bundle(village, tmp_path, stick)
    part = manifest["sections"]["ledger"][0]
    doc = columns(members, part)
    change(doc["columns"], len(doc["columns"]["kind"]))
    rehash(members, part, doc, village)
    return resign(village, tmp_path, manifest, members)


def test_a_number_jumping_ahead_is_refused(village, township, trusted, tmp_path, stick):
    def jump(cols, n):
        cols["seq"][-1] += 5
    refused(township, _changed(village, township, tmp_path, stick, jump), "编号不连续")


@pytest.mark.parametrize("seq", [-1, 0, 2 ** 60, 1.5, "4", True])
def test_a_negative_zero_huge_or_odd_sequence_number_is_refused(village, township, trusted, tmp_path, stick, seq):
    def odd(cols, n):
        cols["seq"][-1] = seq
    refused(township, _changed(village, township, tmp_path, stick, odd), "编号不连续|类型不对")


def test_a_number_of_another_series_is_refused(village, township, trusted, tmp_path, stick):
    def other(cols, n):
        cols["series"][-1] = "不予证"
    refused(township, _changed(village, township, tmp_path, stick, other), "系列")


def test_a_year_that_is_not_the_issue_date_is_refused(village, township, trusted, tmp_path, stick):
    def year(cols, n):
        cols["year"][-1] = 9999
    refused(township, _changed(village, township, tmp_path, stick, year), "年份")


def test_a_field_of_a_megabyte_is_refused(village, township, trusted, tmp_path, stick):
    def huge(cols, n):
        cols["note"][-1] = "".join(chr(0x4E00 + i * 7919 % 20000) for i in range(1_000_000))  # packs poorly
    refused(township, _changed(village, township, tmp_path, stick, huge), "类型不对|过长")


def test_a_field_far_longer_than_any_desk_writes_is_refused(village, township, trusted, tmp_path, stick):
    def long(cols, n):
        cols["subject_name"][-1] = "张" * 50_000
    refused(township, _changed(village, township, tmp_path, stick, long), "过长")


def test_a_malformed_date_is_refused(village, township, trusted, tmp_path, stick):
    def bad(cols, n):
        cols["created_at"][-1] = "yesterday"
    refused(township, _changed(village, township, tmp_path, stick, bad), "日期|时间")


def _void_entry(cols: dict, target: int) -> None:
    """Append a void of position `target` to the columns (copying the last entry's shape)."""
    last = {c: v[-1] for c, v in cols.items()}
    void = dict.fromkeys(cols, "")
    void.update(kind="void", series=None, year=None, seq=None, number=None, due_on=None, refers_to=target,
                replaces=None, created_at=last["created_at"], issued_on=last["issued_on"], key_id=last["key_id"],
                reason="写错", handler=last["handler"], materials="[]", fields="{}")
    for c in cols:
        cols[c].append(void[c])


def test_voiding_a_position_that_does_not_exist_is_refused(village, township, trusted, tmp_path, stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    part = manifest["sections"]["ledger"][0]
    doc = columns(members, part)
    _void_entry(doc["columns"], 999)
    set_payloads(members, part, [*payload_blob(members, part), b""])
    rehash(members, part, doc, village)
    refused(township, resign(village, tmp_path, manifest, members), "不合规则")


def test_voiding_twice_is_refused(village, township, trusted, tmp_path, stick):
    certificates.void(village, _numbers(village)[0], reason="写错", handler="张丽")
    manifest, members = _next_bundle(village, tmp_path, stick, n=1)
    part = manifest["sections"]["ledger"][0]
    doc = columns(members, part)
    target = next(v for k, v in zip(doc["columns"]["kind"], doc["columns"]["refers_to"]) if k == "void")
    _void_entry(doc["columns"], target)
    set_payloads(members, part, [*payload_blob(members, part), b""])
    rehash(members, part, doc, village)
    refused(township, resign(village, tmp_path, manifest, members), "不合规则")


def _numbers(session) -> list[str]:
    return [r[0] for r in session.db.execute("SELECT number FROM ledger_entries WHERE number IS NOT NULL ORDER BY id")]


def test_an_edited_entry_without_a_new_signature_is_refused(village, township, trusted, tmp_path, stick):
    manifest, members = opened(sync.export_bundle(village, stick, kinds=["ledger"], full=True)["file"])
    part = manifest["sections"]["ledger"][0]
    doc = columns(members, part)
    doc["columns"]["subject_name"][1] = "李四"
    rehash(members, part, doc)
    refused(township, resign(village, tmp_path, manifest, members), "签名无效")


def test_the_village_rewriting_its_own_history_and_signing_it_again_is_a_fork_kept_side_by_side(
        village, township, trusted, tmp_path, stick):
    """The village's key can sign any chain it likes, but not make the township forget the one
    it holds: position 2 with other content is a fork, both versions kept, nothing overwritten."""
    before = township.db.execute("SELECT subject_name, entry_hash FROM ledger_entries ORDER BY id").fetchall()
    manifest, members = opened(sync.export_bundle(village, stick, kinds=["ledger"], full=True)["file"])
    part = manifest["sections"]["ledger"][0]
    doc = columns(members, part)
    doc["columns"]["subject_name"][1] = "李四"
    rehash(members, part, doc, village)
    done = sync.import_bundle(township, resign(village, tmp_path, manifest, members))
    assert done["status"] == "conflict" and done["added"] == 0
    assert township.db.execute("SELECT subject_name, entry_hash FROM ledger_entries ORDER BY id").fetchall() == before
    fork = next(c for c in sync.status(township)["conflicts"] if c["kind"] == "ledger-fork")
    other = township.db.execute("SELECT other FROM sync_conflicts WHERE id = ?", [fork["id"]]).fetchone()[0]
    assert fork["record_key"] == "2" and "李四" in other


# ---------------------------------------------------------------- refused requests and audits


def _refused_row(uid: str, office: str = VILLAGE, **more) -> dict:
    row = {"record_uid": uid, "desk_id": "x", "region_code": office, "office_name": "风平村",
           "created_at": "2026-11-01T00:00:00+08:00", "received_on": "2026-11-01", "department": "某局",
           "request_text": "代收费用", "verdict": "不应承接", "clauses": "[]", "check_result": "{}", "note": ""}
    return {**row, **more}


def _records_bundle(village, tmp_path, rows: list[dict]) -> Path:
    return craft(village, tmp_path, kinds=["refused"], addressee=TOWNSHIP,
                 sections={"refused": [{"member": "refused.json", "count": len(rows)}]},
                 members={"refused.json": json.dumps(rows, ensure_ascii=False).encode()})


def test_a_refused_request_claiming_a_neighbour_is_refused(village, township, trusted, tmp_path):
    refused(township, _records_bundle(village, tmp_path, [_refused_row("a" * 32, NEIGHBOUR)]), "不属于写包单位管辖")


def test_the_same_record_twice_in_one_bundle_with_other_content_is_refused(village, township, trusted, tmp_path):
    rows = [_refused_row("b" * 32), _refused_row("b" * 32, request_text="另一件事")]
    refused(township, _records_bundle(village, tmp_path, rows), "重复")


def test_a_record_missing_its_fields_is_refused(village, township, trusted, tmp_path):
    refused(township, _records_bundle(village, tmp_path, [{"record_uid": "c" * 32, "region_code": VILLAGE}]),
            "缺少|格式不对")


def test_a_record_sent_again_with_other_content_is_kept_beside_the_first(village, township, trusted, tmp_path):
    first = sync.import_bundle(township, _records_bundle(village, tmp_path, [_refused_row("d" * 32)]))
    assert first["records_added"] == {"refused": 1}
    again = sync.import_bundle(township, _records_bundle(village, tmp_path, [_refused_row("d" * 32, verdict="可以协助")]))
    assert again["status"] == "conflict"
    stored = township.db.execute("SELECT verdict FROM refused_requests WHERE record_uid = ?", ["d" * 32]).fetchall()
    assert stored == [("不应承接",)]  # the first is kept, not overwritten
    conflict = next(c for c in sync.status(township)["conflicts"] if c["kind"] == "refused")
    other = township.db.execute("SELECT other FROM sync_conflicts WHERE id = ?", [conflict["id"]]).fetchone()[0]
    assert "可以协助" in other


def test_an_audit_claiming_a_neighbour_is_refused(village, township, trusted, tmp_path):
    row = {"audit_uid": "e" * 32, "region_code": NEIGHBOUR}
    path = craft(village, tmp_path, kinds=["audits"], addressee=TOWNSHIP,
                 sections={"audits": [{"member": "audits.json", "count": 1}]},
                 members={"audits.json": json.dumps([row]).encode()})
    refused(township, path, "不属于写包单位管辖")


# ---------------------------------------------------------------- enrolments


def test_a_village_cannot_enrol_a_key_for_its_neighbour(village, township, trusted, tmp_path):
    from villagedesk.services import trust

    record = dict(trust.enrolment_record(village), office_code=NEIGHBOUR, office_name="芒市风平镇弄么村民委员会")
    path = craft(village, tmp_path, kinds=["enrolment"], addressee=TOWNSHIP,
                 sections={"enrolment": [{"member": "enrolment.json", "count": 1}]},
                 members={"enrolment.json": json.dumps([record], ensure_ascii=False).encode()})
    refused(township, path, "不属于写包单位管辖")


# ---------------------------------------------------------------- wrong desk, replays


def test_an_up_bundle_for_the_county_delivered_to_the_township_is_refused(village, township, trusted, tmp_path, stick):
    issue(village, tmp_path, 1)
    path = sync.export_bundle(village, stick, to_office=COUNTY)["file"]
    refused(township, Path(path), "是发给 .*的，不是本机")


def test_a_down_bundle_for_a_township_delivered_to_the_county_is_refused(township, county, tmp_path, stick):
    record = _published_list(county)
    path = craft(township, tmp_path, kinds=["trust-list"], addressee=TOWNSHIP,
                 sections={"trust-list": [{"member": "trust-list.json", "count": 1}]},
                 members={"trust-list.json": json.dumps(record, ensure_ascii=False).encode()})
    refused(county, path, "不是本机", trust_fingerprint=key_print(path))


def test_the_own_bundle_handed_back_is_refused(village, township, trusted):
    refused(village, trusted, "本机自己写出")


@pytest.mark.parametrize("sections", [{"ledger": [5]}, {"ledger": ["ledger-1.json"]}, {"ledger": [None]},
                                      {"ledger": [["member"]]}])
def test_a_section_part_that_is_not_an_object_is_refused(village, township, trusted, tmp_path, stick, sections):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["sections"] = sections
    refused(township, resign(village, tmp_path, manifest, members, recount=False), "格式不对|没有写明它的文件")


@pytest.mark.parametrize("source", [["x"], "x", 5])
def test_a_source_that_is_not_an_object_is_refused(village, township, trusted, tmp_path, stick, source):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["source"] = source
    refused(township, resign(village, tmp_path, manifest, members), "格式不对|缺失或格式不对")


def _with_extra(path: Path, name: str, data: bytes) -> Path:
    """The signed bundle with one more file in the archive, the signature left as it was."""
    import zipfile

    out = path.with_name(f"extra-{path.name}")
    out.write_bytes(path.read_bytes())
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr(name, data)
    return out


def test_a_file_in_the_archive_the_signed_manifest_does_not_list_is_refused(village, township, trusted, tmp_path,
                                                                            stick):
    manifest, members = _next_bundle(village, tmp_path, stick)
    signed = resign(village, tmp_path, manifest, members)
    refused(township, _with_extra(signed, "audits.json", b"[]"), "多出")


def test_a_member_name_twice_in_the_archive_is_refused(village, township, trusted, tmp_path, stick):
    import warnings

    manifest, members = _next_bundle(village, tmp_path, stick)
    signed = resign(village, tmp_path, manifest, members)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name it is asked to write
        twice = _with_extra(signed, "ledger-1.json", members["ledger-1.json"])
    refused(township, twice, "重名")


@pytest.mark.parametrize("change", [{"note": "".join(chr(0x4E00 + i * 7919 % 20000) for i in range(1_000_001))},
                                    {"note": 2 ** 70}, {"note": -(2 ** 64)}])
def test_a_record_with_a_huge_text_or_number_is_refused(village, township, trusted, tmp_path, change):
    refused(township, _records_bundle(village, tmp_path, [_refused_row("f" * 32, **change)]), "过长的文字或过大的数")


# ---------------------------------------------------------------- names shown in every view


@pytest.mark.parametrize("name", ["风平村\u202e村平风", "风平村\x1b[2J", "风平\u200b村"])
def test_a_source_name_with_control_or_direction_characters_is_refused(village, township, trusted, tmp_path, stick,
                                                                      name):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["source"]["name"] = name
    refused(township, resign(village, tmp_path, manifest, members), "来源单位名称含有不可见的控制字符")


@pytest.mark.parametrize("key,value", [("office_name", "风平村\u202e村平风"), ("short_name", "\x1b]0;x\x07"),
                                       ("office_name", {"name": "风平村"}), ("short_name", "村" * 101)])
def test_a_chain_whose_office_name_is_not_plain_text_is_refused(village, township, trusted, tmp_path, stick, key,
                                                                value):
    manifest, members = _next_bundle(village, tmp_path, stick)
    manifest["sections"]["ledger"][0][key] = value
    refused(township, resign(village, tmp_path, manifest, members), "单位名称格式不对")

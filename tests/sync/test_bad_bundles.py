"""What a damaged, tampered, misaddressed or too-new bundle gets: a Chinese reason, nothing
changed on the desk, and a retry that works."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import db_snapshot
from tests.sync.conftest import issue, key_print
from villagedesk.core import bundle_format as fmt
from villagedesk.core.errors import UserError
from villagedesk.services import desk, keys, sync
from villagedesk.services.session import Session
from villagedesk.sync import container


@pytest.fixture
def bundle(village, tmp_path, stick) -> Path:
    issue(village, tmp_path, 3)
    return Path(sync.export_bundle(village, stick)["file"])


def _refused(township, path: Path, match: str, **kw) -> None:
    before = db_snapshot(township.db_path)
    with pytest.raises(UserError, match=match):
        sync.import_bundle(township, path, trust_fingerprint=key_print_or_none(path), **kw)
    after = db_snapshot(township.db_path)
    assert _no_records(before) == _no_records(after)


def key_print_or_none(path: Path) -> str | None:
    try:
        return key_print(path)
    except UserError:
        return None


def _no_records(snapshot: str) -> str:
    """The desk's content without the log of refused bundles (a refusal is recorded)."""
    return "\n".join(line for line in snapshot.splitlines() if "sync_bundles" not in line)


def _rezip(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members = change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    dst.write_bytes(out.getvalue())
    return dst


def test_a_truncated_bundle_is_refused_and_the_whole_one_then_imports(bundle, township, tmp_path):
    data = bundle.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 1):
        short = tmp_path / "short.vdbundle"
        short.write_bytes(data[:cut])
        _refused(township, short, "不完整|损坏")
    fp = key_print(bundle)
    assert sync.import_bundle(township, bundle, trust_fingerprint=fp)["added"] == 3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_one_flipped_bit_anywhere_is_refused_in_chinese(bundle, township, tmp_path, position, bit):
    data = bytearray(bundle.read_bytes())
    at = int(position * len(data))
    data[at] ^= 1 << bit
    flipped = tmp_path / "flipped.vdbundle"
    flipped.write_bytes(bytes(data))
    fp = key_print(bundle)
    before = db_snapshot(township.db_path)
    try:
        sync.import_bundle(township, flipped, trust_fingerprint=fp)
    except UserError as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.message)
        assert _no_records(db_snapshot(township.db_path)) == _no_records(before)
    else:  # only bytes no reader looks at (a zip comment, unused header fields) may change unnoticed
        assert township.db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] in (0, 3)


def test_a_changed_record_is_refused_even_when_rezipped(bundle, township, tmp_path):
    def change(members):
        doc = json.loads(members["ledger-1.json"])
        doc["columns"]["subject_name"][1] = "张三"
        members["ledger-1.json"] = json.dumps(doc, ensure_ascii=False).encode()
        return members
    _refused(township, _rezip(bundle, tmp_path / "edited.vdbundle", change), "内容与清单不符|改动")


def test_an_unknown_key_is_refused_until_its_fingerprint_is_confirmed(village, township, tmp_path, stick):
    issue(village, tmp_path, 2)
    bundle = Path(sync.export_bundle(village, stick, kinds=["ledger"])["file"])  # no enrolment of its key
    before = db_snapshot(township.db_path)
    with pytest.raises(UserError, match="不在本机的信任清单中"):
        sync.import_bundle(township, bundle)
    with pytest.raises(UserError, match="指纹与这把密钥不符"):
        sync.import_bundle(township, bundle, trust_fingerprint="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    assert _no_records(db_snapshot(township.db_path)) == _no_records(before)


def test_a_revoked_key_is_refused(bundle, township, village, tmp_path, stick):
    sync.import_bundle(township, bundle, trust_fingerprint=key_print(bundle))
    key_id = container.read(bundle.read_bytes()).manifest.key_id
    keys.revoke(township, key_id, "村里电脑被盗", effective_on="2026-01-01")
    issue(village, tmp_path, 1)
    later = Path(sync.export_bundle(village, stick)["file"])
    _refused(township, later, "撤销")


def test_a_bundle_for_another_township_is_refused(bundle, tmp_path):
    with Session(tmp_path / "other") as other:
        desk.init_desk(other, region_code="533103106000", name="芒市遮放镇人民政府", level="township", short_name="遮放镇",
                       jurisdiction="yunnan-dehong")
        _refused(other, bundle, "是发给 .*的，不是本机")


def test_a_neighbouring_village_does_not_take_a_ledger_meant_for_the_township(bundle, tmp_path):
    with Session(tmp_path / "neighbour") as other:
        desk.init_desk(other, region_code="533103105202", name="芒市风平镇弄么村民委员会", level="village", short_name="弄么村",
                       jurisdiction="yunnan-dehong")
        _refused(other, bundle, "不是本机")


def test_a_bundle_from_a_newer_format_is_refused_with_what_to_do(bundle, township, tmp_path, village):
    data = container.read(bundle.read_bytes())
    manifest = dict(data.manifest.raw, version=fmt.VERSION + 1)
    manifest.pop("members")
    signer = _village_signer(village)
    newer = tmp_path / "newer.vdbundle"
    newer.write_bytes(container.pack(manifest, data.members, signer.sign))
    _refused(township, newer, "更新版本.*请先升级")


def _village_signer(village):
    from villagedesk.store import key_store

    d = village.require_desk()
    return key_store.own_signer(village.db, office_code=d.region_code, office_name=d.name)


def test_a_zip_bomb_stops_at_the_declared_size(bundle, township, tmp_path):
    def bomb(members):
        members["ledger-1.bin"] = b"\0" * (300 * 1024 * 1024)
        return members
    _refused(township, _rezip(bundle, tmp_path / "bomb.vdbundle", bomb), "压缩炸弹|不符")


@pytest.mark.parametrize("name", ["../../evil.json", "/etc/passwd", "C:\\\\x.json", "ledger/../../x.json", "a/b.json"])
def test_a_path_traversal_name_inside_the_archive_is_refused(bundle, township, tmp_path, name):
    def evil(members):
        members[name] = b"{}"
        return members
    _refused(township, _rezip(bundle, tmp_path / "evil.vdbundle", evil), "不允许的文件名")
    assert not (tmp_path / "evil.json").exists()


def test_a_stick_pulled_out_during_export_leaves_no_bundle_under_its_name(village, tmp_path, stick, monkeypatch):
    issue(village, tmp_path, 1)
    import os

    real_fsync = os.fsync

    def pulled(fd):
        raise OSError(5, "Input/output error")
    monkeypatch.setattr(os, "fsync", pulled)
    with pytest.raises(UserError, match="没有写成"):
        sync.export_bundle(village, stick)
    assert list(stick.iterdir()) == []
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert Path(sync.export_bundle(village, stick)["file"]).exists()


def test_a_full_stick_is_named_before_anything_is_written(village, tmp_path, stick, monkeypatch):
    issue(village, tmp_path, 1)
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10_000, 9_000, 1_000))
    with pytest.raises(UserError, match="剩余空间不足"):
        sync.export_bundle(village, stick)
    assert list(stick.iterdir()) == []


def test_a_stick_pulled_out_during_import_changes_nothing(bundle, township, tmp_path):
    gone = tmp_path / "gone.vdbundle"
    with pytest.raises(UserError, match="找不到这个文件"):
        sync.import_bundle(township, gone)
    assert sync.import_bundle(township, bundle, trust_fingerprint=key_print(bundle))["added"] == 3


def test_a_file_that_is_not_a_bundle_is_refused(township, tmp_path):
    for content in (b"", b"hello", b"PK\x03\x04" + b"\0" * 100, json.dumps({"format": "x"}).encode()):
        path = tmp_path / "x.vdbundle"
        path.write_bytes(content)
        _refused(township, path, "不完整|损坏|不是")


def test_a_village_claiming_to_be_a_township_cannot_slip_in_a_neighbours_records(village, township, tmp_path, stick):
    """Refused requests are not signed one by one: whose they may be follows from the bundle
    signer's region code, whatever level its manifest claims."""
    exported = Path(sync.export_bundle(village, stick, kinds=["enrolment"])["file"])
    data = container.read(exported.read_bytes())
    row = {"record_uid": "f" * 32, "desk_id": "x", "region_code": "533103105202", "office_name": "弄么村",
           "created_at": "2026-11-01T00:00:00+08:00", "received_on": "2026-11-01", "department": "某局",
           "request_text": "代收费用", "verdict": "不应承接", "clauses": "[]", "check_result": "{}", "note": ""}
    manifest = dict(data.manifest.raw, kinds=["refused"], sections={"refused": [{"member": "refused.json", "count": 1}]})
    manifest["source"] = dict(manifest["source"], level="township")
    manifest.pop("members")
    forged = tmp_path / "forged.vdbundle"
    forged.write_bytes(container.pack(manifest, {"refused.json": json.dumps([row]).encode()}, _village_signer(village).sign))
    _refused(township, forged, "不属于写包单位管辖")

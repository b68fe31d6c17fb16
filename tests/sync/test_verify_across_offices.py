"""What a township and a county officer are told when they verify a village's certificate,
with trust and ledgers travelled by USB bundles: real desks, real bundles, real PDFs and QR
codes decoded back. The desk must never say 真实有效 plainly when the ledger it received cannot
confirm the certificate, and never "forged" when the signature is genuine."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path


from tests.services.test_certificates import RESIDENCE, TODAY, residence_values
from tests.sync.conftest import issue, key_print
from villagedesk.core.payload import read_fields, seal, unpack
from villagedesk.render.qr_scan import read_qr_texts
from villagedesk.services import certificates, desk, desk_identity, keys, sync, trust
from villagedesk.services.session import Session
from villagedesk.services.verification import verify_image, verify_pdf, verify_text
from villagedesk.store import key_store

OFFICE = "533103105201"


def _send(source: Session, target: Session, stick: Path, **kw) -> dict:
    bundle = sync.export_bundle(source, stick, **kw)
    return sync.import_bundle(target, bundle["file"], trust_fingerprint=key_print(bundle["file"]))


def _signer(session: Session):
    d = session.require_desk()
    return key_store.own_signer(session.db, office_code=d.region_code, office_name=d.name)


def _signer_of(data_dir: Path):
    with Session(data_dir) as session:
        return _signer(session)


def _resealed(payload: str, signer, **changes) -> str:
    """The payload's fields changed and signed again (a key holder signing outside the ledger)."""
    return seal(replace(read_fields(unpack(payload)), **changes), key_id=signer.key_id, sign=signer.sign)


def _qr_of(pdf: Path, tmp_path: Path) -> str:
    """The QR code printed on the page, decoded back from a rendering of it."""
    from tests.conftest import pdf_page_image

    image = tmp_path / f"{pdf.stem}.png"
    pdf_page_image(pdf, dpi=200).save(image)
    [text] = read_qr_texts(image)
    return text


# --- a certificate the township holds, later voided and reissued ----------------------------


def test_held_then_voided_then_reissued_at_township_and_county(village, township, county, tmp_path, stick):
    first, second, third = issue(village, tmp_path, 3)
    _send(village, township, stick)
    scanned = _qr_of(Path(first["pdf"]), tmp_path)
    assert scanned == first["payload"]
    answer = verify_text(township, scanned)
    assert answer["status"] == "valid" and answer["valid"] and answer["signature_valid"]
    # as far as the ledger received goes, and said so: a void since the last bundle is not known here
    assert "本机收到的风平村台账（共 3 条" in answer["explanation"] and "要等下一次同步" in answer["explanation"]
    assert answer["ledger"]["synced"] and answer["ledger"]["received"]["last_number"] == third["number"]
    assert "本机按指纹手工信任的，未经县级信任清单认可" in answer["explanation"]
    assert {f["source"] for f in answer["signed_fields"]} == {"本机收到的台账"}
    # the village voids one and reissues another; the township learns it with the next bundle
    certificates.void(village, first["number"], reason="信息有误", handler="张丽", today=TODAY)
    again = certificates.issue(village, item_code=RESIDENCE, values=residence_values(purpose="就业"),
                               materials=["申请人居民身份证", "户口簿或居住证"], handler="张丽", today=TODAY,
                               out=tmp_path / "again.pdf", replaces_number=second["number"], void_reason="用途写错")
    assert verify_text(township, first["payload"])["status"] == "valid"  # not yet known: said as of the bundle
    _send(village, township, stick)
    answer = verify_text(township, first["payload"])
    assert answer["status"] == "voided" and not answer["valid"] and answer["title"] == "已作废"
    assert "已于 2026-11-23 作废（原因：信息有误）" in answer["explanation"]
    assert answer["explanation"].startswith("据本机收到的风平村台账")
    pdf = verify_pdf(township, second["pdf"])
    assert pdf["status"] == "voided" and f"已由 {again.number} 重新出具" in pdf["explanation"]
    assert "用途写错" in pdf["explanation"] and pdf["ledger"]["replaced_by"] == again.number
    assert verify_pdf(township, again.pdf)["status"] == "valid"
    # the county: the chain relayed by the township, the village's key by hand
    key_store.trust_key(county.db, key_store.export_public_key(village.db), source="风平村公钥.json")
    assert _send(township, county, stick)["status"] == "applied"
    assert verify_text(county, first["payload"])["status"] == "voided"
    relayed = verify_text(county, second["payload"])
    assert relayed["status"] == "voided" and again.number in relayed["explanation"]
    ok = verify_pdf(county, third["pdf"])
    assert ok["status"] == "valid" and ok["page_compared"] and "本机收到的风平村台账" in ok["explanation"]


# --- issued after the last bundle ------------------------------------------------------------


def test_a_certificate_issued_after_the_last_bundle_is_genuine_but_unconfirmed(village, township, county, tmp_path,
                                                                              stick):
    issue(village, tmp_path, 2)
    _send(village, township, stick)
    key_store.trust_key(county.db, key_store.export_public_key(village.db), source="风平村公钥.json")
    _send(township, county, stick)
    late = issue(village, tmp_path)[0]
    for session in (township, county):
        answer = verify_text(session, late["payload"])
        assert answer["status"] == "unconfirmed" and not answer["valid"] and answer["signature_valid"], answer
        assert answer["title"] == "签名真实，台账未能确认"
        text = answer["explanation"]
        assert "确由 芒市风平镇风平村民委员会（533103105201）的密钥签名" in text
        assert f"还没有编号 {late['number']}" in text and "共 2 条" in text and "随同步包收到" in text
        assert "最近一次同步之后" in text and "伪造" not in text and "不可采信" not in text
        assert answer["ledger"] == {"found": False, "synced": True, "received": answer["ledger"]["received"]}
        pdf = verify_pdf(session, late["pdf"])
        assert pdf["status"] == "unconfirmed" and pdf["page_compared"] and "页面上的文字与签名内容一致" in pdf["explanation"]
        assert {f["source"] for f in pdf["signed_fields"]} == {"PDF 中的签名内容"}
    # a photo of it says the same, with the photo's caveat
    from tests.conftest import pdf_page_image

    pdf_page_image(Path(late["pdf"]), dpi=200).save(tmp_path / "photo.png")
    photo = verify_image(township, tmp_path / "photo.png")
    assert photo["status"] == "unconfirmed" and "照片只能核验二维码" in photo["explanation"]
    # once the bundle arrives the township confirms it
    _send(village, township, stick)
    assert verify_text(township, late["payload"])["status"] == "valid"
    # the command line: not valid (exit 1), the new status in --json, the old keys all there
    from tests.conftest import run_cli

    out = run_cli("verify", late["payload"], "--json", data_dir=county.data_dir, check_exit=1)
    import json

    shown = json.loads(out.stdout)
    assert shown["status"] == "unconfirmed" and shown["valid"] is False and shown["signature_valid"] is True
    assert {"title", "explanation", "fields", "issuer", "signed_fields", "note", "ledger"} <= set(shown)


def test_a_number_dated_before_the_ledger_received_but_missing_is_named_as_outside_the_ledger(village, township,
                                                                                            tmp_path, stick):
    issue(village, tmp_path, 2)
    _send(village, township, stick)
    first = issue(village, tmp_path)[0]
    # the village's key signs a certificate dated earlier than the ledger's last entry, never entered in it
    ghost = _resealed(first["payload"], _signer(village), number="风平村证〔2026〕77号", issued_on=date(2026, 3, 1))
    answer = verify_text(township, ghost)
    assert answer["status"] == "unconfirmed" and not answer["valid"]
    assert "早于台账中最后一条记录的日期 2026-11-23" in answer["explanation"] and "台账之外签发" in answer["explanation"]


def test_a_township_that_holds_no_chain_of_the_village_still_says_ask_the_issuer(village, township, tmp_path):
    """No chain of the office here at all: the signature is all it can check, as before."""
    first = issue(village, tmp_path)[0]
    key_store.trust_key(township.db, key_store.export_public_key(village.db), source="风平村公钥.json")
    answer = verify_text(township, first["payload"])
    assert answer["status"] == "valid" and answer["ledger"] is None and "签发单位的台账" in answer["explanation"]


# --- keys: revoked, retired at a re-enrolment, by hand, unknown --------------------------------


def test_a_revoked_key_before_and_after_the_issue_date(village, township, county, tmp_path, stick):
    held = issue(village, tmp_path, 2)
    _send(village, township, stick)
    key_store.trust_key(county.db, key_store.export_public_key(village.db), source="风平村公钥.json")
    _send(township, county, stick)
    village_key = _signer(village).key_id_hex
    # revoked from a date after the certificates: they stand, confirmed by the ledger, with the note
    keys.revoke(county, village_key, "电脑被盗", effective_on="2026-12-01")
    answer = verify_text(county, held[0]["payload"])
    assert answer["status"] == "valid" and "后来已于 2026-12-01 被撤销" in answer["explanation"]
    # a thief back-dating with the stolen key: genuine signature, but not in the ledger received
    back = _resealed(held[0]["payload"], _signer(village), number="风平村证〔2026〕50号", issued_on=date(2026, 11, 20))
    answer = verify_text(county, back)
    assert answer["status"] == "unconfirmed" and not answer["valid"] and "电脑被盗" in answer["explanation"]
    # dated on or after the revocation: not valid, and the title says why (not "签发单位未知")
    after = _resealed(held[0]["payload"], _signer(village), number="风平村证〔2026〕51号", issued_on=date(2026, 12, 2))
    answer = verify_text(county, after)
    assert answer["status"] == "unknown_issuer" and answer["revoked"] and answer["title"] == "签名密钥已撤销"
    assert "2026-12-01" in answer["explanation"] and answer["signature_valid"]


def test_the_old_pc_after_a_re_enrolment(village, township, county, tmp_path, stick, second_pc):
    """The old key stays trusted for what it signed before the handover; a certificate it signs
    after it (the old PC still issuing) is not valid, at the new desk and at the township."""
    before = issue(village, tmp_path, 2)
    _send(village, township, stick)
    old_key = key_store.export_public_key(village.db)
    village.close()
    copy = tmp_path / "copy"
    shutil.copytree(village.data_dir, copy)
    with second_pc, Session(copy) as pc2:
        desk_identity.reenrol(pc2, reason="更换电脑")
        new = issue(pc2, tmp_path)[0]
        _send(pc2, township, stick)
        assert verify_text(pc2, before[0]["payload"])["status"] == "valid"  # what the old key signed before
    today = date.today()
    with Session(village.data_dir) as old_pc:  # never retired, issues on with the old key
        late = certificates.issue(old_pc, item_code=RESIDENCE, values=residence_values(subject_name="赵六"),
                                  materials=["申请人居民身份证", "户口簿或居住证"], handler="张丽", today=today,
                                  out=tmp_path / "late.pdf")
        assert late.number == new["number"]  # the same number as the new desk's third certificate
        assert _send(old_pc, township, stick)["status"] == "conflict"
    answer = verify_text(township, late.payload)
    assert answer["status"] == "unknown_issuer" and not answer["valid"] and answer["retired"], answer
    assert answer["title"] == "签名密钥已停用" and "重新登记后停用" in answer["explanation"]
    assert "分叉" in answer["explanation"] and answer["fork"] is True
    assert verify_pdf(township, late.pdf)["status"] == "unknown_issuer"
    assert verify_text(township, before[1]["payload"])["status"] == "valid"
    assert verify_text(township, new["payload"])["status"] == "valid"
    with second_pc, Session(copy) as pc2:  # the new desk: its ledger's number is another certificate
        answer = verify_text(pc2, late.payload)
        assert answer["status"] == "unknown_issuer" and answer["retired"] and "本机台账中没有这份证明" in answer["explanation"]
        assert "（原因：更换电脑）" in answer["explanation"]
        new_key = key_store.export_public_key(pc2.db)
    # the county, from the township's relay (the fork stays at the township): a chain first
    # received whole keeps the handover its entries show, so the old key is named as retired
    key_store.trust_key(county.db, old_key, source="风平村公钥.json")
    key_store.trust_key(county.db, new_key, source="风平村新公钥.json", second_key=True)
    assert _send(township, county, stick)["status"] == "applied"
    answer = verify_text(county, late.payload)
    assert answer["status"] == "unknown_issuer" and not answer["valid"] and answer["retired"], answer
    assert answer["title"] == "签名密钥已停用" and "没有这份证明" in answer["explanation"], answer
    assert verify_text(county, before[0]["payload"])["status"] == "valid"
    assert verify_text(county, new["payload"])["status"] == "valid"
    later = _resealed(late.payload, _signer_of(village.data_dir), number="风平村证〔2026〕40号", holder_name="孙八")
    answer = verify_text(county, later)  # not held anywhere, signed after the handover with the retired key
    assert answer["status"] == "unknown_issuer" and answer["retired"] and not answer["valid"], answer


def test_the_old_pc_sending_first_leaves_the_held_chain_disputed(village, township, tmp_path, stick, second_pc):
    """The old PC's bundle arrives before the new desk's: the township took the old PC's entry,
    and the new desk's chain then forks there — neither is plainly valid."""
    issue(village, tmp_path, 2)
    _send(village, township, stick)
    village.close()
    copy = tmp_path / "copy"
    shutil.copytree(village.data_dir, copy)
    with second_pc, Session(copy) as pc2:
        desk_identity.reenrol(pc2, reason="更换电脑")
        new = issue(pc2, tmp_path)[0]
    with Session(village.data_dir) as old_pc:
        late = certificates.issue(old_pc, item_code=RESIDENCE, values=residence_values(subject_name="赵六"),
                                  materials=["申请人居民身份证", "户口簿或居住证"], handler="张丽", today=date.today(),
                                  out=tmp_path / "late.pdf")
        assert _send(old_pc, township, stick)["added"] == 1
    with second_pc, Session(copy) as pc2:
        assert _send(pc2, township, stick)["status"] == "conflict"
    for payload in (late.payload, new["payload"]):
        answer = verify_text(township, payload)
        assert answer["status"] == "unconfirmed" and answer["fork"] and not answer["valid"], answer


def test_an_unknown_key_is_never_valid(village, township, tmp_path, stick):
    held = issue(village, tmp_path)[0]
    _send(village, township, stick)
    with Session(tmp_path / "forger") as forger:  # a desk set up with the village's own code
        desk.init_desk(forger, region_code=OFFICE, name="芒市风平镇风平村民委员会", level="village", short_name="风平村",
                       jurisdiction="yunnan-dehong")
        fake = _resealed(held["payload"], _signer(forger), holder_name="李四")
    answer = verify_text(township, fake)
    assert answer["status"] == "unknown_issuer" and answer["title"] == "签发单位未知" and not answer["signature_valid"]


# --- a real number with other content ---------------------------------------------------------


def test_a_real_number_with_another_persons_content(village, township, county, tmp_path, stick):
    wang = issue(village, tmp_path)[0]
    li = issue(village, tmp_path, subject_name="李明")[0]
    _send(village, township, stick)
    key_store.trust_key(county.db, key_store.export_public_key(village.db), source="风平村公钥.json")
    _send(township, county, stick)
    # signed by a self-made key that the township was talked into trusting by hand as a second key
    with Session(tmp_path / "forger") as forger:
        desk.init_desk(forger, region_code="533103105299", name="芒市风平镇某村", level="village", short_name="某村",
                       jurisdiction="yunnan-dehong")
        own = _signer(forger)
        data = {**key_store.export_public_key(forger.db), "office_code": OFFICE, "office_name": "芒市风平镇风平村民委员会"}
        key_store.trust_key(township.db, data, source="风平村新公钥.json", second_key=True)
        fake = seal(replace(read_fields(unpack(wang["payload"])), holder_name="李四"), key_id=own.key_id, sign=own.sign)
    answer = verify_text(township, fake)
    assert answer["status"] == "tampered" and not answer["valid"], answer
    assert "姓名「李四」" in answer["explanation"] and "另一把密钥" in answer["explanation"]
    assert "本机收到的风平村台账" in answer["explanation"]
    # the genuine key signing another person under a held number (a key holder's forgery)
    swapped = _resealed(li["payload"], _signer(village), number=wang["number"])
    for session in (township, county):
        answer = verify_text(session, swapped)
        assert answer["status"] == "tampered" and "姓名「李明」" in answer["explanation"], answer
    # a genuine QR copied onto another person's PDF
    from tests.services.test_verification_trust import _with_metadata

    forged = _with_metadata(li["pdf"], wang["pdf"], tmp_path / "forged.pdf")
    for session in (township, county):
        answer = verify_pdf(session, forged)
        assert answer["status"] == "tampered" and answer["signature_valid"] and "不符" in answer["explanation"]


# --- forks and chains cut short --------------------------------------------------------------


def test_a_number_only_in_a_flagged_fork_is_not_confirmed(village, township, tmp_path, stick, second_pc):
    """Two PCs writing one office's ledger with no handover: the second chain is kept aside,
    and its certificates are genuine signatures the township cannot confirm."""
    held = issue(village, tmp_path, 2)
    _send(village, township, stick)
    with Session(tmp_path / "second") as second:  # a second install with the same office, never re-enrolled
        desk.init_desk(second, region_code=OFFICE, name="芒市风平镇风平村民委员会", level="village", short_name="风平村",
                       jurisdiction="yunnan-dehong", demo=True)
        other = issue(second, tmp_path, 3)
        assert _send(second, township, stick)["status"] == "conflict"
    mine = verify_text(township, held[0]["payload"])  # the chain held first is now one of two claims
    assert mine["status"] == "unconfirmed" and mine["fork"] and "第 1 条起有两个版本" in mine["explanation"], mine
    same_number = verify_text(township, other[0]["payload"])  # 1号 exists in the held chain too
    beyond = verify_text(township, other[2]["payload"])  # 3号 only in the fork
    for answer in (same_number, beyond):
        assert answer["status"] == "unconfirmed" and answer["fork"] is True and not answer["valid"], answer
        assert "分叉" in answer["explanation"] and "两台电脑" in answer["explanation"]
        assert "伪造" not in answer["explanation"]
    conflict = sync.status(township)["conflicts"][0]
    sync.resolve_conflict(township, conflict["id"], note="已核实，第二台电脑停用", by="李四")
    answer = verify_text(township, other[2]["payload"])
    assert answer["status"] == "unconfirmed" and "第二台电脑停用" in answer["explanation"]
    assert verify_text(township, held[0]["payload"])["status"] == "valid"  # closed: the note is said


def test_a_chain_cut_short_is_said_with_what_it_confirms(village, township, tmp_path, stick):
    held = issue(village, tmp_path, 2)
    village.close()
    backup = tmp_path / "backup"
    shutil.copytree(village.data_dir, backup)
    with Session(village.data_dir) as first:
        issue(first, tmp_path, 2)
        _send(first, township, stick)
    shutil.rmtree(village.data_dir)
    shutil.copytree(backup, village.data_dir)
    with Session(village.data_dir) as restored:
        assert _send(restored, township, stick, full=True)["status"] == "conflict"
        late = issue(restored, tmp_path, subject_name="钱七")[0]  # the restored desk numbers 3号 again
    answer = verify_text(township, held[0]["payload"])
    assert answer["status"] == "valid" and "截短" in answer["explanation"]
    answer = verify_text(township, late["payload"])
    assert answer["status"] == "tampered" and not answer["valid"]  # 3号 in the ledger received is another certificate
    assert "截短" in answer["explanation"]


def test_a_held_entry_after_a_fork_in_its_own_chain_is_not_plainly_valid(village, township, tmp_path, stick):
    """A database restored from yesterday's copy issues the same numbers again and sends them:
    from the fork on, the chain held is one of two versions."""
    held = issue(village, tmp_path, 2)
    village.close()
    backup = tmp_path / "backup"
    shutil.copytree(village.data_dir, backup)
    with Session(village.data_dir) as first:
        third = issue(first, tmp_path)[0]
        _send(first, township, stick)
    shutil.rmtree(village.data_dir)
    shutil.copytree(backup, village.data_dir)
    with Session(village.data_dir) as restored:
        other = issue(restored, tmp_path, subject_name="钱七")[0]
        assert other["number"] == third["number"]
        assert _send(restored, township, stick)["status"] == "conflict"
    assert verify_text(township, held[1]["payload"])["status"] == "valid"  # before the fork
    kept = verify_text(township, third["payload"])
    assert kept["status"] == "unconfirmed" and kept["fork"] and "第 3 条起有两个版本" in kept["explanation"], kept
    aside = verify_text(township, other["payload"])
    assert aside["status"] == "unconfirmed" and aside["fork"] and "分叉" in aside["explanation"], aside
    conflict = sync.status(township)["conflicts"][0]
    sync.resolve_conflict(township, conflict["id"], note="恢复的电脑作废了重号证明", by="李四")
    kept = verify_text(township, third["payload"])
    assert kept["status"] == "valid" and "曾有分叉，已处理：恢复的电脑作废了重号证明" in kept["explanation"]
    assert verify_text(township, other["payload"])["status"] == "unconfirmed"


def test_the_county_trusting_the_village_through_its_own_list(village, township, county, tmp_path, stick):
    """Keys enrolled up through the township, the county's list down: no key trusted by hand,
    and the answers say which list vouches for the key."""
    sync.import_bundle(township, sync.export_bundle(village, stick, kinds=["enrolment"])["file"])
    sync.import_bundle(county, sync.export_bundle(township, stick, kinds=["enrolment"])["file"])
    for e in trust.enrolments(county, "pending"):
        trust.decide_enrolment(county, e["key_id"], accept=True, note="电话核对")
    trust.publish_trust_list(county)
    down = sync.export_bundle(county, stick)
    sync.import_bundle(township, down["file"], county_fingerprint=key_print(down["file"]))
    held = issue(village, tmp_path, 2)
    assert sync.import_bundle(township, sync.export_bundle(village, stick)["file"])["added"] == 2
    assert sync.import_bundle(county, sync.export_bundle(township, stick)["file"])["added"] == 2
    late = issue(village, tmp_path)[0]
    for session in (township, county):
        answer = verify_text(session, held[0]["payload"])
        assert answer["status"] == "valid" and "经县级信任清单认可（第 1 版）" in answer["explanation"]
        assert "手工信任" not in answer["explanation"] and "本机收到的风平村台账（共 2 条" in answer["explanation"]
        answer = verify_text(session, late["payload"])
        assert answer["status"] == "unconfirmed" and "经县级信任清单认可" in answer["explanation"]

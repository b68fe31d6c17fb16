"""The clerk's daily job end to end: issue, accept, refuse, void, reissue, verify — real desk,
real PDFs parsed back, real QR codes decoded back."""

from datetime import date

import pypdf
import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import certificates, ledger
from villagedesk.services.verification import verify_image, verify_ledger, verify_pdf, verify_text
from villagedesk.store import ledger_store

TODAY = date(2026, 11, 23)
RESIDENCE = "533103-BL-01"
HARDSHIP = "533103-BL-02"


def residence_values(**more) -> dict:
    values = {"subject_name": "王𬌗", "subject_id": "11010519491231002X", "purpose": "子女入学",
              "addressee": "芒市教育体育局", "address": "风平镇风平村三组12号", "residence_type": "租住",
              "since": "2019-03", "owner": "李四"}
    values.update(more)
    return values


def issue_residence(session, tmp_path, name="first.pdf", **more):
    return certificates.issue(session, item_code=RESIDENCE, values=residence_values(**more),
                              materials=["申请人居民身份证", "户口簿或居住证"], handler="张丽", today=TODAY,
                              out=tmp_path / name)


def test_a_certificate_is_numbered_signed_printed_and_verifiable(demo_session, tmp_path):
    r = issue_residence(demo_session, tmp_path)
    assert r["number"] == "风平村证〔2026〕1号"
    assert r["payload"].startswith("VD1:")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(r["pdf"]).pages)
    assert "王𬌗" in text and "风平村证〔2026〕1号" in text and "芒市风平镇风平村民委员会" in text
    assert "二〇二六年十一月二十三日" in text
    answer = verify_text(demo_session, r["payload"])
    assert answer["status"] == "valid", answer
    assert answer["fields"]["holder_name"] == "王𬌗"
    assert answer["fields"]["id_masked"] == "110105********002X"
    assert verify_pdf(demo_session, r["pdf"])["status"] == "valid"
    assert verify_ledger(demo_session)["ok"]


def test_the_printed_qr_code_verifies_from_a_scan(demo_session, tmp_path):
    import pypdfium2

    r = issue_residence(demo_session, tmp_path)
    page = pypdfium2.PdfDocument(r["pdf"])[0]
    image = page.render(scale=150 / 72).to_pil()
    scan = tmp_path / "scan.png"
    image.save(scan)
    assert verify_image(demo_session, scan)["status"] == "valid"


def test_numbers_run_on_without_gaps_and_per_year(demo_session, tmp_path):
    numbers = [issue_residence(demo_session, tmp_path, name=f"{i}.pdf")["number"] for i in range(3)]
    assert numbers == ["风平村证〔2026〕1号", "风平村证〔2026〕2号", "风平村证〔2026〕3号"]
    later = certificates.issue(demo_session, item_code=RESIDENCE, values=residence_values(), materials=["申请人居民身份证"],
                               handler="张丽", today=date(2027, 1, 4), out=tmp_path / "2027.pdf")
    assert later["number"] == "风平村证〔2027〕1号"


def test_bad_input_names_the_field_and_burns_no_number(demo_session, tmp_path, snapshot):
    before = snapshot(demo_session.db_path)
    for values, where in [
        (residence_values(subject_id="110105194912310021"), "身份证号码"),  # wrong check character
        (residence_values(subject_id="110105209912310020"), "身份证号码"),  # in the future
        (residence_values(subject_name=""), "被证明人姓名"),
        (residence_values(address="甲" * 10_000), "居住地址"),
        (residence_values(purpose="入学\x07"), "用途"),
    ]:
        with pytest.raises(UserError) as exc:
            certificates.issue(demo_session, item_code=RESIDENCE, values=values, materials=["申请人居民身份证"],
                               handler="张丽", today=TODAY, out=tmp_path / "bad.pdf")
        assert any(where in p.where for p in exc.value.problems), (where, exc.value.text())
    assert not (tmp_path / "bad.pdf").exists()
    assert snapshot(demo_session.db_path) == before
    assert issue_residence(demo_session, tmp_path)["number"] == "风平村证〔2026〕1号"


def test_a_character_the_font_lacks_is_refused_by_name(demo_session, tmp_path):
    with pytest.raises(UserError) as exc:
        issue_residence(demo_session, tmp_path, subject_name="王\U0002A6A5")  # CJK Ext B, not in the 8,105
    assert "U+2A6A5" in exc.value.text()


def test_a_must_not_issue_item_is_refused_with_a_notice_in_the_ledger(demo_session, tmp_path):
    with pytest.raises(certificates.NotToBeIssued) as exc:
        certificates.issue(demo_session, item_code="CN-BY-08", values=residence_values(), materials=["x"],
                           handler="张丽", today=TODAY)
    assert "婚姻状况证明" in exc.value.refusal["reason"]
    r = certificates.refuse(demo_session, item_code="CN-BY-08", applicant="李四", handler="张丽", today=TODAY,
                            out=tmp_path / "notice.pdf")
    assert r["number"] == "风平村不予证〔2026〕1号"
    text = pypdf.PdfReader(r["pdf"]).pages[0].extract_text()
    assert "婚姻状况证明" in text and "民发〔2020〕20号" in text
    flat = text.replace("\n", "")
    assert flat.count("第8项") == 2 and "第8项 第8项" not in flat  # the reason and the clause, each once
    assert verify_text(demo_session, r["payload"])["status"] == "valid"
    listed = ledger.list_entries(demo_session, text="李四")
    assert [e["number"] for e in listed["entries"]] == [r["number"]]


def test_void_then_verify_says_voided_and_reissue_points_back(demo_session, tmp_path):
    first = issue_residence(demo_session, tmp_path)
    certificates.void(demo_session, first["number"], reason="地址写错", handler="张丽")
    answer = verify_text(demo_session, first["payload"])
    assert answer["status"] == "voided" and "地址写错" in answer["explanation"]
    with pytest.raises(UserError):
        certificates.void(demo_session, first["number"], reason="再次作废", handler="张丽")
    second = issue_residence(demo_session, tmp_path, name="second.pdf")
    third = certificates.issue(demo_session, item_code=RESIDENCE, values=residence_values(address="风平镇风平村三组15号"),
                               materials=["申请人居民身份证"], handler="张丽", today=TODAY, out=tmp_path / "third.pdf",
                               replaces_number=second["number"], void_reason="门牌号有误")
    assert third["replaces"] == second["number"]
    assert verify_text(demo_session, second["payload"])["status"] == "voided"
    assert verify_text(demo_session, third["payload"])["status"] == "valid"
    assert "风平村证〔2026〕2号" in "".join(p.extract_text() for p in pypdf.PdfReader(third["pdf"]).pages)
    assert verify_ledger(demo_session)["ok"]


def test_a_complex_certificate_is_accepted_with_a_due_date_then_issued(demo_session, tmp_path):
    form = certificates.prepare(demo_session, HARDSHIP)
    assert form["time_limit_days"] > 0
    values = {"subject_name": "赵六", "subject_id": "11010519491231002X", "purpose": "申请助学金"}
    for f in form["form"]["fields"]:
        if f["required"] and f["key"] not in values:
            values[f["key"]] = {"integer": "4", "money": "12000", "year_month": "2020-01"}.get(
                f["type"], f["choices"][0] if f["choices"] else "家中老人长期患病")
    accepted = certificates.accept(demo_session, item_code=HARDSHIP, values=values, materials=form["materials"][:1],
                                   handler="张丽", today=TODAY)
    assert accepted["due_on"] > TODAY.isoformat()
    assert [p["number"] for p in certificates.pending(demo_session, today=TODAY)] == [accepted["number"]]
    issued = certificates.issue(demo_session, item_code="", values={}, accept_number=accepted["number"], handler="张丽",
                                today=TODAY, out=tmp_path / "hardship.pdf")
    assert issued["number"] == "风平村证〔2026〕1号"
    assert certificates.pending(demo_session, today=TODAY) == []
    with pytest.raises(UserError):
        certificates.issue(demo_session, item_code="", values={}, accept_number=accepted["number"], handler="张丽",
                           today=TODAY)


def test_a_matter_on_no_list_needs_a_verification_method_and_a_decision_when_major(demo_session, tmp_path):
    values = {"subject_name": "钱七", "subject_id": "11010519491231002X", "purpose": "办理养殖补贴",
              "matter": "养殖情况证明", "facts": "该户2025年在本村养殖生猪20头。", "verification_method": "",
              "reason": "申请生猪养殖补贴", "basis": "县农业农村局养殖补贴申报通知"}
    with pytest.raises(UserError):
        certificates.issue(demo_session, item_code="generic", values=values, materials=["申请人身份证明材料"],
                           handler="张丽", today=TODAY)
    values["verification_method"] = "村小组长入户查看"
    with pytest.raises(UserError) as exc:
        certificates.issue(demo_session, item_code="generic", values=values, materials=["申请人身份证明材料"],
                           handler="张丽", today=TODAY, major=True)
    assert "村民会议" in exc.value.text()
    r = certificates.issue(demo_session, item_code="generic", values=values, materials=["申请人身份证明材料"],
                           handler="张丽", today=TODAY, major=True, decision_record="2026年11月20日村民代表会议同意",
                           out=tmp_path / "generic.pdf")
    assert r["number"] == "风平村证〔2026〕1号"


def test_the_ledger_refuses_edits_and_verify_names_an_edit_made_behind_its_back(demo_session, tmp_path):
    import sqlite3

    issue_residence(demo_session, tmp_path)
    issue_residence(demo_session, tmp_path, name="2.pdf", subject_name="孙八")
    with pytest.raises(sqlite3.DatabaseError):
        demo_session.db.execute("UPDATE ledger_entries SET subject_name = '李鬼' WHERE id = 1")
    with pytest.raises(sqlite3.DatabaseError):
        demo_session.db.execute("DELETE FROM ledger_entries WHERE id = 2")
    assert ledger_store.get_by_number(demo_session.db, "风平村证〔2026〕2号")["subject_name"] == "孙八"
    # behind the app's back: drop the trigger, change a name
    conn = sqlite3.connect(demo_session.db_path)
    conn.execute("DROP TRIGGER ledger_entries_no_update")
    conn.execute("UPDATE ledger_entries SET subject_name = '李鬼' WHERE id = 2")
    conn.commit()
    conn.close()
    report = verify_ledger(demo_session)
    assert not report["ok"]
    assert "风平村证〔2026〕2号" in report["first_bad"]["problem"] or report["first_bad"]["number"] == "风平村证〔2026〕2号"


def test_a_payload_signed_by_an_unknown_key_and_a_foreign_pdf_get_plain_answers(demo_session, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from reportlab.pdfgen import canvas

    from villagedesk.core.payload import PayloadFields, content_digest, key_id_for, seal

    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    forged = seal(PayloadFields("certificate", "533103105201", "风平村证〔2026〕1号", "533103-BL-01", TODAY, "王𬌗",
                                "110105********002X", content_digest({"x": 1})), key_id=key_id_for(public), sign=key.sign)
    answer = verify_text(demo_session, forged)
    assert answer["status"] == "unknown_issuer" and "信任名单" in answer["explanation"]
    assert answer["fields"] is None  # nothing of an unverified payload is shown as fact

    foreign = tmp_path / "foreign.pdf"
    c = canvas.Canvas(str(foreign))
    c.drawString(72, 720, "not a certificate")
    c.save()
    answer = verify_pdf(demo_session, foreign)
    assert answer["status"] == "malformed" and "不是村务桌面生成的证明" in answer["explanation"]
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(UserError):
        verify_pdf(demo_session, junk)
    assert verify_text(demo_session, "VD1:" + "A" * 10_000)["status"] == "malformed"
    assert verify_text(demo_session, "随便什么文字")["status"] == "malformed"


def test_an_office_adds_its_own_form_file_in_its_data_folder(demo_session, demo_dir, tmp_path):
    from villagedesk import resources

    folder = demo_dir / "表单"
    folder.mkdir()
    text = (resources.forms_dir() / "residence.toml").read_text(encoding="utf-8")
    (folder / "residence.toml").write_text(text.replace('title = "居（租）住证明"', 'title = "居住情况证明"'),
                                           encoding="utf-8")
    r = issue_residence(demo_session, tmp_path)
    assert "居住情况证明" in pypdf.PdfReader(r["pdf"]).pages[0].extract_text()
    (folder / "residence.toml").write_text(text.replace('paper = "A5"', 'paper = "B5"'), encoding="utf-8")
    with pytest.raises(UserError) as exc:
        issue_residence(demo_session, tmp_path, name="2.pdf")
    assert "residence.toml" in exc.value.text() and "paper" in exc.value.text()

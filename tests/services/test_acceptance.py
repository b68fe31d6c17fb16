"""Issue #8 item 5: 受理 prints a 受理回执 for the villager; an accepted request can be corrected
(更正, a new ledger entry) before it is issued, and issuing uses the newest correction."""

import json
from datetime import date

import pypdf
import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import certificates, settings
from villagedesk.services.verification import verify_ledger
from villagedesk.store import ledger_store

TODAY = date(2026, 11, 23)  # a Monday
HARDSHIP = "533103-BL-02"
VALUES = {"subject_name": "赵六", "subject_id": "11010519491231002X", "purpose": "申请助学金",
          "address": "风平镇风平村三组12号", "household_size": "4", "annual_income": "12000", "hardship_reason": "因病",
          "hardship_details": "家中老人长期患病"}


def materials(session) -> list[str]:
    return list(certificates.prepare(session, HARDSHIP)["materials"])


def accept(session, **kw):
    kw.setdefault("materials", materials(session)[:2])
    return certificates.accept(session, item_code=HARDSHIP, values=dict(VALUES), handler="张丽", today=TODAY, **kw)


def text_of(path) -> str:
    return "".join("".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())


def test_accepting_prints_a_receipt_with_number_item_materials_date_and_phone(demo_session, tmp_path):
    settings.set_setting(demo_session, "office_phone", "0692-2123456")
    r = accept(demo_session, out=tmp_path / "receipt.pdf")
    assert r["number"] == "风平村证受〔2026〕1号" and r["pdf"] == str(tmp_path / "receipt.pdf")
    reader = pypdf.PdfReader(r["pdf"])
    assert len(reader.pages) == 1
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (148, 210)  # A5
    text = text_of(r["pdf"])
    for expected in ("受理回执", "风平村证受〔2026〕1号", "芒市风平镇风平村民委员会", "家庭经济困难情况证明", "赵六",
                     "110105********002X", "0692-2123456", "经办人：张丽", "二〇二六年十一月二十六日前（3个工作日内）",
                     "二〇二六年十一月二十三日", "本回执", "身份证"):
        assert expected in text, expected
    assert "11010519491231002X" not in text and HARDSHIP not in text  # masked ID, never the internal code
    listed = materials(demo_session)
    assert f"☑{listed[0]}" in text and f"☑{listed[1]}" in text and f"☐{listed[2]}" in text
    fonts = [f for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    assert all("/FontFile2" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
               for f in fonts if "/DescendantFonts" in f.get_object())


def test_without_an_office_phone_the_receipt_has_a_line_to_write_it(demo_session, tmp_path):
    r = accept(demo_session, out=tmp_path / "receipt.pdf")
    assert "联系电话：＿＿＿" in text_of(r["pdf"])


def test_the_receipt_goes_to_the_certificate_folder_by_default_and_reprints(demo_session, demo_dir):
    r = accept(demo_session)
    assert r["pdf"] == str(demo_dir / "证明" / "2026" / "风平村证受〔2026〕1号.pdf")
    first = text_of(r["pdf"])
    again = certificates.reprint(demo_session, r["number"], out=None)
    assert again["kind"] == "accept" and again["pdf"] == r["pdf"] and text_of(again["pdf"]) == first


def test_a_receipt_that_cannot_be_drawn_takes_no_number(demo_session, demo_dir, tmp_path, snapshot):
    before = snapshot(demo_dir / "desk.sqlite3")
    with pytest.raises(UserError):
        accept(demo_session, out=tmp_path / "receipt.txt")
    with pytest.raises(UserError, match="无法打印|字体中没有"):
        certificates.accept(demo_session, item_code=HARDSHIP, values={**VALUES, "subject_name": "赵\U0002A6A5"},
                            materials=materials(demo_session)[:1], handler="张丽", today=TODAY, out=tmp_path / "r.pdf")
    assert snapshot(demo_dir / "desk.sqlite3") == before


def test_a_correction_is_a_new_entry_and_issuing_uses_the_newest(demo_session, tmp_path):
    r = accept(demo_session)
    listed = materials(demo_session)
    first = certificates.amend_accepted(demo_session, r["number"], values={"address": "风平镇风平村三组15号"},
                                        handler="张丽", today=TODAY)
    assert first["changed"] == ["家庭住址"] and first["kind"] == "amend"
    second = certificates.amend_accepted(demo_session, r["number"], values={"household_size": "5"},
                                         materials=listed[:3], handler="李明", note="补交收入说明", today=TODAY)
    assert second["changed"] == ["家庭人口", "佐证材料"]
    # the acceptance itself never changed; its newest correction is in force
    stored = ledger_store.get_by_number(demo_session.db, r["number"])
    assert json.loads(stored["fields"])["values"]["address"] == "风平镇风平村三组12号"
    now = certificates.acceptance(demo_session, r["number"])
    assert now["values"]["address"] == "风平镇风平村三组15号" and now["values"]["household_size"] == "5"
    assert now["materials"] == listed[:3] and [c["reason"] for c in now["corrections"]] == [
        "更正：家庭住址", "更正：家庭人口、佐证材料"]
    [pending] = certificates.pending(demo_session, today=TODAY)
    assert pending["amendments"] == 2 and json.loads(pending["materials"]) == listed[:3]
    # the ledger lists documents only; amend entries are listed by kind
    from villagedesk.services import ledger

    assert [e["number"] for e in ledger.list_entries(demo_session)["entries"]] == [r["number"]]
    assert [e["status_name"] for e in ledger.list_entries(demo_session, kind="amend")["entries"]] == ["更正登记"] * 2
    # the receipt reprints with the corrected materials
    receipt = certificates.reprint(demo_session, r["number"], out=tmp_path / "receipt.pdf")
    assert f"☑{listed[2]}" in text_of(receipt["pdf"])
    issued = certificates.issue(demo_session, item_code="", values={}, accept_number=r["number"], handler="张丽",
                                today=TODAY, out=tmp_path / "c.pdf")
    text = text_of(issued["pdf"])
    assert "风平村三组15号" in text and "家庭共有人口5人" in text
    assert json.loads(ledger_store.get_by_number(demo_session.db, issued["number"])["materials"]) == listed[:3]
    assert verify_ledger(demo_session)["ok"]
    report = ledger_store.rebuild_derived(demo_session.db)
    assert report["entries"] == 4 and verify_ledger(demo_session)["ok"]


def test_a_correction_of_the_person_changes_what_the_counter_shows(demo_session):
    r = accept(demo_session)
    certificates.amend_accepted(demo_session, r["number"], values={"subject_name": "赵陆", "applicant": "赵陆"},
                                handler="张丽", today=TODAY)
    [pending] = certificates.pending(demo_session, today=TODAY)
    assert pending["subject_name"] == "赵陆" and pending["applicant"] == "赵陆"


@pytest.mark.parametrize("case", ["unknown", "issued_certificate", "issued", "refused", "bad_field", "bad_id",
                                  "bad_material", "no_handler", "no_change", "empty"])
def test_bad_corrections_are_refused_in_chinese_and_change_nothing(demo_session, demo_dir, tmp_path, snapshot, case):
    r = accept(demo_session)
    number, kw = r["number"], {"values": {"address": "风平镇风平村三组15号"}, "handler": "张丽"}
    if case == "unknown":
        number = "风平村证受〔2026〕9号"
    elif case == "empty":
        number = ""
    elif case == "issued_certificate":
        number = certificates.issue(demo_session, item_code="", values={}, accept_number=r["number"], handler="张丽",
                                    today=TODAY, pdf=False)["number"]
    elif case == "issued":
        certificates.issue(demo_session, item_code="", values={}, accept_number=r["number"], handler="张丽", today=TODAY,
                           pdf=False)
    elif case == "refused":
        certificates.refuse(demo_session, applicant="赵六", handler="张丽", reason="经入户核实与申请不符",
                            accept_number=r["number"], today=TODAY, pdf=False)
    elif case == "bad_field":
        kw["values"] = {"nonsense": "1"}
    elif case == "bad_id":
        kw["values"] = {"subject_id": "110105194912310021"}
    elif case == "bad_material":
        kw["materials"] = ["一份不存在的材料"]
    elif case == "no_handler":
        kw["handler"] = "  "
    elif case == "no_change":
        kw["values"] = {"address": VALUES["address"]}
    before = snapshot(demo_dir / "desk.sqlite3")
    with pytest.raises(UserError) as err:
        certificates.amend_accepted(demo_session, number, today=TODAY, **kw)
    text = err.value.text()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert snapshot(demo_dir / "desk.sqlite3") == before


def test_an_amend_entry_can_only_point_at_a_pending_acceptance(demo_session, tmp_path):
    from villagedesk.store import key_store

    desk = demo_session.require_desk()
    signer = key_store.own_signer(demo_session.db, office_code=desk.region_code, office_name=desk.name)
    cert = certificates.issue(demo_session, item_code="533103-BL-01", handler="张丽", today=TODAY, pdf=False,
                              values={"subject_name": "王芳", "subject_id": "11010519491231002X", "purpose": "子女入学",
                                      "address": "风平镇风平村三组12号", "residence_type": "租住", "since": "2019-03"},
                              materials=["申请人居民身份证"])
    with pytest.raises(UserError, match="只能更正"):
        ledger_store.append(demo_session.db, [{"kind": "amend", "refers_to": cert["entry_id"], "fields": {"values": {}}}],
                            signer=signer)
    with pytest.raises(UserError, match="更正后的内容"):
        ledger_store.append(demo_session.db, [{"kind": "amend", "refers_to": cert["entry_id"]}], signer=signer)
    with pytest.raises(ValueError):  # an amend never carries a person or an item a search would meet
        ledger_store.append(demo_session.db, [{"kind": "amend", "refers_to": cert["entry_id"], "applicant": "王芳",
                                               "fields": {"values": {}}}], signer=signer)


def test_the_office_phone_setting_reaches_the_receipt(demo_session, tmp_path):
    settings.set_setting(demo_session, "office_phone", "0692-2123456")
    r = accept(demo_session, out=tmp_path / "receipt.pdf")
    assert "0692-2123456" in text_of(r["pdf"])

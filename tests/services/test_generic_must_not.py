"""据实出具 never lets a must-not-issue certificate out under another name; the wording a township
accepts (本村/本社区, no doubled words, one 。, 原因 and 依据); major matters on retained forms;
a 示范 item prints as demo content even on a real desk — real desks, real PDFs."""

import json
from datetime import date

import pypdf
import pytest

from villagedesk import resources
from villagedesk.core.errors import UserError
from villagedesk.services import admission, catalogue, cert_requests, certificates, desk
from villagedesk.services.session import Session
from villagedesk.store import ledger_store

TODAY = date(2026, 11, 23)
MATERIALS = ["申请人身份证明材料"]


def generic_values(**more) -> dict:
    values = {"subject_name": "钱七", "subject_id": "11010519491231002X", "purpose": "办理养殖补贴",
              "matter": "在本村从事生猪养殖", "facts": "该户2025年在本村养殖生猪20头。",
              "verification_method": "村小组长入户查看", "reason": "申请生猪养殖补贴",
              "basis": "县农业农村局养殖补贴申报通知"}
    values.update(more)
    return values


def issue_generic(session, tmp_path, name="g.pdf", **more):
    return certificates.issue(session, item_code="generic", values=generic_values(**more), materials=MATERIALS,
                              handler="张丽", today=TODAY, out=tmp_path / name)


def pdf_text(path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


# ── the must-not-issue list on the 据实出具 path ─────────────────────────────────────

SLIPPING = [
    ({"matter": "村民健在情况"}, "健在证明", "事项内容"),
    ({"matter": "本人还活着"}, "健在证明", "事项内容"),
    ({"facts": "经核实，该村民至今在世，每月领取养老金。"}, "健在证明", "据实证明内容"),
    ({"matter": "无违法犯罪情况"}, "无犯罪记录证明", "事项内容"),
    ({"facts": "该村民一贯遵纪守法，没有犯罪行为。"}, "无犯罪记录证明", "据实证明内容"),
    ({"matter": "無犯罪記錄"}, "无犯罪记录证明", "事项内容"),
    ({"matter": "无 犯 罪 记 录"}, "无犯罪记录证明", "事项内容"),
    ({"matter": "无　犯罪记录"}, "无犯罪记录证明", "事项内容"),
    ({"matter": "与张四的父子关系"}, "亲属关系证明", "事项内容"),
    ({"matter": "母女關係"}, "亲属关系证明", "事项内容"),
    ({"matter": "本人未婚"}, "婚姻状况证明", "事项内容"),
    ({"facts": "该村民至今单身，没结婚。"}, "婚姻状况证明", "据实证明内容"),
    ({"matter": "家庭年收入情况"}, "收入证明", "事项内容"),
    ({"matter": "户籍情况"}, "居民身份信息证明", "事项内容"),
    ({"matter": "房屋产权归属"}, "居民财产证明", "事项内容"),
    ({"purpose": "证明本人名下无房产"}, "居民财产证明", "用途"),
]


@pytest.mark.parametrize("typed,title,field", SLIPPING)
def test_a_generic_request_phrased_to_slip_past_is_refused_and_nothing_is_issued(
        demo_session, tmp_path, snapshot, typed, title, field):
    before = snapshot(demo_session.db_path)
    with pytest.raises(certificates.NotToBeIssued) as exc:
        issue_generic(demo_session, tmp_path, **typed)
    refusal = exc.value.refusal
    assert refusal["item_title"] == title and refusal["matched_field"] == field
    assert refusal["clauses"] and refusal["clauses"][-1]["clause"] == "二(三)8"  # 做好解释说明
    assert refusal["item_code"] and refusal["basis"]
    assert f"不应出具证明事项「{title}」" in exc.value.message and field in exc.value.message
    assert snapshot(demo_session.db_path) == before
    assert not (tmp_path / "g.pdf").exists()
    # nor can it be accepted for later
    with pytest.raises(certificates.NotToBeIssued):
        certificates.accept(demo_session, item_code="generic", values=generic_values(**typed), materials=MATERIALS,
                            handler="张丽", today=TODAY)
    assert snapshot(demo_session.db_path) == before


def test_the_refused_generic_request_gets_the_notice_of_the_matched_item(demo_session, tmp_path):
    with pytest.raises(certificates.NotToBeIssued) as exc:
        issue_generic(demo_session, tmp_path, matter="本人还活着")
    notice = certificates.refuse(demo_session, applicant="钱七", handler="张丽", item_code=exc.value.refusal["item_code"],
                                 today=TODAY, out=tmp_path / "notice.pdf")
    assert notice["item_title"] == "健在证明"
    assert "健在证明" in pdf_text(notice["pdf"])


def test_ordinary_generic_matters_are_issued(demo_session, tmp_path):
    for i, matter in enumerate(["在本村从事蔬菜种植", "参加村里义务劳动", "土地承包经营情况"]):
        r = issue_generic(demo_session, tmp_path, name=f"{i}.pdf", matter=matter)
        assert r["number"].endswith(f"{i + 1}号")


def test_the_search_box_never_offers_generic_for_a_must_not_wording(demo_session):
    hint = cert_requests.forbidden_hint(demo_session, "還活著")
    assert hint["item"]["title"] == "健在证明" and hint["refusal"]["item_code"] == hint["item"]["code"]
    assert cert_requests.forbidden_hint(demo_session, "蔬菜种植") is None
    assert cert_requests.forbidden_hint(demo_session, "  ") is None


def test_the_admission_check_keeps_its_answers(demo_session):
    assert admission.check_task(demo_session, "请村委会负责拆除违章建筑")["verdict"] == "negative"
    assert admission.check_task(demo_session, "组织村民观看露天电影")["verdict"] == "unlisted"


# ── wording ──────────────────────────────────────────────────────────────────────────


def test_the_body_says_bencun_for_a_village_and_benshequ_for_a_community(demo_session, tmp_path):
    r = issue_generic(demo_session, tmp_path)
    body = ledger_store.get_by_number(demo_session.db, r["number"])["body"]
    assert "以上情况经本村以村小组长入户查看的方式核实，属实。" in body and "（社区）" not in body
    with Session(tmp_path / "bj") as session:
        desk.init_desk(session, region_code="110101001001", name="东华门街道多福巷社区居民委员会",
                       short_name="多福巷社区", level="village")
        r = issue_generic(session, tmp_path, name="bj.pdf")
        body = ledger_store.get_by_number(session.db, r["number"])["body"]
        assert "以上情况经本社区以" in body and "经本村" not in body
        assert "经本社区以" in pdf_text(r["pdf"]).replace("\n", "")


def test_no_doubled_words_and_one_full_stop(demo_session, tmp_path):
    r = issue_generic(demo_session, tmp_path, matter="关于在本村从事生猪养殖。", facts="该户2025年在本村养殖生猪20头..",
                      purpose="仅用于办理养殖补贴。", verification_method="村小组长入户查看.")
    body = ledger_store.get_by_number(demo_session.db, r["number"])["body"]
    assert "关于在本村从事生猪养殖的情况如下" in body and "关于关于" not in body
    assert "该户2025年在本村养殖生猪20头。" in body
    assert "以村小组长入户查看的方式" in body
    assert "此证明仅用于办理养殖补贴。" in body
    assert "。。" not in body and ".。" not in body and "。." not in body


def test_reason_and_basis_are_required_for_generic_and_stored(demo_session, tmp_path, snapshot):
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError) as exc:
        issue_generic(demo_session, tmp_path, reason="", basis="")
    assert {p.where for p in exc.value.problems} == {"申请原因", "申请依据"}
    assert snapshot(demo_session.db_path) == before
    r = issue_generic(demo_session, tmp_path)
    entry = ledger_store.get_by_number(demo_session.db, r["number"])
    values = json.loads(entry["fields"])["values"]
    assert values["reason"] == "申请生猪养殖补贴" and values["basis"] == "县农业农村局养殖补贴申报通知"
    # a reprint is drawn from the stored values: the same page
    certificates.reprint(demo_session, r["number"], out=tmp_path / "again.pdf")
    assert pdf_text(tmp_path / "again.pdf") == pdf_text(tmp_path / "g.pdf")


def test_a_retained_form_takes_reason_and_basis_when_given(demo_session, tmp_path):
    values = {"subject_name": "王五", "subject_id": "11010519491231002X", "purpose": "子女入学",
              "address": "风平镇风平村三组12号", "residence_type": "租住", "since": "2019-03",
              "reason": "学校要求居住证明"}
    r = certificates.issue(demo_session, item_code="533103-BL-01", values=values, materials=["申请人居民身份证"],
                           handler="张丽", today=TODAY, out=tmp_path / "r.pdf")
    entry = ledger_store.get_by_number(demo_session.db, r["number"])
    assert json.loads(entry["fields"])["values"]["reason"] == "学校要求居住证明"
    assert "至今为本村实际居住人员。" in entry["body"]


# ── major matters on retained forms ──────────────────────────────────────────────────

PROPERTY = {"subject_name": "王五", "subject_id": "11010519491231002X", "purpose": "办理不动产登记",
            "property_kind": "宅基地及农房", "location": "风平镇风平村三组", "area": "宅基地120平方米",
            "boundaries": "东至村道，南至李四宅基地，西至水沟，北至王五承包地",
            "origin": "1995年经原风平乡人民政府批准使用宅基地建房", "acquired": "1995-06"}


def test_a_major_matter_on_a_retained_form_needs_the_record_first(demo_session, tmp_path, snapshot):
    form = certificates.prepare(demo_session, "533103-BL-03")["form"]
    assert form["decision_when_major"] and not certificates.prepare(demo_session, "533103-BL-01")["form"]["decision_when_major"]
    before = snapshot(demo_session.db_path)
    for major, risk in ((True, False), (False, True)):
        with pytest.raises(UserError) as exc:
            certificates.issue(demo_session, item_code="533103-BL-03", values=PROPERTY, materials=["申请人居民身份证"],
                               handler="张丽", today=TODAY, major=major, legal_risk=risk, out=tmp_path / "p.pdf")
        assert any(p.where == "会议/法律顾问记录" for p in exc.value.problems)
    assert snapshot(demo_session.db_path) == before
    r = certificates.issue(demo_session, item_code="533103-BL-03", values=PROPERTY, materials=["申请人居民身份证"],
                           handler="张丽", today=TODAY, legal_risk=True, decision_record="2026年11月20日法律顾问评估：无风险",
                           out=tmp_path / "p.pdf")
    entry = ledger_store.get_by_number(demo_session.db, r["number"])
    assert entry["decision_record"].startswith("2026年11月20日") and json.loads(entry["fields"])["legal_risk"] is True


# ── demo content ─────────────────────────────────────────────────────────────────────


@pytest.fixture
def real_desk_with_a_demo_item(tmp_path):
    """A real (non-demo) 芒市 desk that imported the demo county file on purpose."""
    demo = resources.read_json("demo", "desk.json")
    with Session(tmp_path / "real") as session:
        desk.init_desk(session, region_code=demo["region_code"], name=demo["name"], level=demo["level"],
                       short_name=demo["short_name"], jurisdiction=demo["jurisdiction"],
                       organisations={o["role"]: o["name"] for o in demo["organisations"]})
        catalogue.import_catalogue(session, resources.resource("catalogues", "533103-mangshi.csv"), allow_warnings=True)
        assert not session.require_desk().demo
        assert catalogue.show(session, "533103-BL-01")["origin"] == "demo"
        yield session


def test_a_certificate_of_a_demo_item_carries_the_demo_mark_on_a_real_desk(real_desk_with_a_demo_item, tmp_path):
    session = real_desk_with_a_demo_item
    assert "示范目录" in certificates.prepare(session, "533103-BL-01")["demo_notice"]
    values = {"subject_name": "王五", "subject_id": "11010519491231002X", "purpose": "子女入学",
              "address": "风平镇风平村三组12号", "residence_type": "租住", "since": "2019-03"}
    r = certificates.issue(session, item_code="533103-BL-01", values=values, materials=["申请人居民身份证"],
                           handler="张丽", today=TODAY, out=tmp_path / "demo.pdf")
    assert "演示数据，非正式证明" in pdf_text(r["pdf"])
    certificates.reprint(session, r["number"], out=tmp_path / "again.pdf")
    assert "演示数据，非正式证明" in pdf_text(tmp_path / "again.pdf")
    # a national item on the same real desk prints as a real certificate
    g = issue_generic(session, tmp_path, name="real.pdf")
    assert "演示数据" not in pdf_text(g["pdf"]) and "prepare" and "demo_notice" not in certificates.prepare(session, "")


def test_a_refusal_notice_of_a_demo_item_carries_the_demo_mark_on_a_real_desk(real_desk_with_a_demo_item, tmp_path):
    session = real_desk_with_a_demo_item
    r = certificates.refuse(session, applicant="王五", handler="张丽", item_code="533103-BY-01", today=TODAY,
                            out=tmp_path / "n.pdf")
    assert "演示数据，非正式文书" in pdf_text(r["pdf"])
    national = certificates.refuse(session, applicant="王五", handler="张丽", item_code="CN-BY-05", today=TODAY,
                                   out=tmp_path / "n2.pdf")
    assert "演示数据" not in pdf_text(national["pdf"])

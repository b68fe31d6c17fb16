"""The 不予出具证明告知单, parsed back: what was asked, why not, the clauses verbatim, where to
go instead; one A4 page; the QR code and the metadata payload when there is one."""

import io
import re

import pytest

from villagedesk.core.errors import UserError
from villagedesk.render.pdf_meta import read_payload
from villagedesk.render.refusal_notice import NO_DEPARTMENT, render_refusal_notice

PAYLOAD = "VD1:" + "6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3" * 4
CLAUSE = ("列入《不应由基层群众性自治组织出具证明事项清单》和省级不应出具证明事项清单的，村级组织要做好解释说明工作；"
          "虽列入清单、但有关党政群机构确因形势变化需要仍要求出具证明的，应及时向乡镇党委和政府反映情况，"
          "乡镇党委和政府应联系有关党政群机构协调处理。")


def notice(**changes) -> dict:
    doc = dict(
        number="风平村告〔2026〕3号", applicant="王𬌗", request={"title": "居民养犬证明", "list": "不应出具证明事项"},
        reason="该事项已列入《不应由基层群众性自治组织出具证明事项清单（第一批）》（民发〔2020〕20号），村级组织不应出具。",
        clauses=[{"document": "厅字〔2022〕28号《关于规范村级组织工作事务、机制牌子和证明事项的意见》",
                  "clause": "二(三)8", "text": CLAUSE}],
        channel="办理养犬登记时由公安机关依申请人承诺和部门核查办理", department="芒市公安局治安管理大队",
        issuer="芒市风平镇风平村民委员会", date_text="二〇二六年十一月二十三日", handler="李芳",
        phone="0692-2123456", qr_payload=PAYLOAD, demo=False)
    doc.update(changes)
    return doc


def read(path):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return reader, re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_notice_says_what_why_and_where_on_one_page(tmp_path):
    out = tmp_path / "告知单.pdf"
    assert render_refusal_notice(notice(), out) == {"file": str(out), "pages": 1}
    reader, text = read(out)
    assert len(reader.pages) == 1
    for expected in ("不予出具证明告知单", "风平村告〔2026〕3号", "王𬌗：", "居民养犬证明（不应出具证明事项）",
                     "民发〔2020〕20号", "二(三)8", f"“{CLAUSE}”", "办理养犬登记时由公安机关", "请改由：芒市公安局治安管理大队办理",
                     "芒市风平镇风平村民委员会", "二〇二六年十一月二十三日", "经办人：李芳", "申请人签收", "特此告知。"):
        assert expected in text, expected
    assert read_payload(out) == PAYLOAD
    assert reader.metadata["/Title"] == "不予出具证明告知单（风平村告〔2026〕3号）"


def test_qr_code_decodes(tmp_path):
    import pypdfium2 as pdfium
    import zxingcpp

    out = tmp_path / "n.pdf"
    render_refusal_notice(notice(demo=True), out)
    image = pdfium.PdfDocument(out.read_bytes())[0].render(scale=150 / 72).to_pil().convert("L")
    assert [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)] == [PAYLOAD]
    assert "演示数据" in read(out)[1]


def test_without_department_channel_clauses_or_code(tmp_path):
    out = tmp_path / "n.pdf"
    render_refusal_notice(notice(department="", channel="", clauses=[], qr_payload=None, request="居民养犬证明"), out)
    _, text = read(out)
    assert NO_DEPARTMENT in text and "依据" not in text and "居民养犬证明" in text
    assert read_payload(out) is None


def test_many_long_clauses_still_fit_or_are_refused(tmp_path):
    out = tmp_path / "n.pdf"
    render_refusal_notice(notice(clauses=notice()["clauses"] * 3), out)
    assert len(read(out)[0].pages) == 1
    with pytest.raises(UserError, match="一页"):
        render_refusal_notice(notice(clauses=notice()["clauses"] * 12), out)


@pytest.mark.parametrize("changes, where", [
    ({"applicant": ""}, "申请人"),
    ({"reason": None}, "不予出具的理由"),
    ({"request": {"code": "X"}}, "申请事项名称"),
    ({"clauses": [{"document": "某文件"}]}, "条款原文"),
    ({"clauses": "not a list"}, "依据条款"),
])
def test_incomplete_notices_name_the_field(tmp_path, changes, where):
    with pytest.raises(UserError) as err:
        render_refusal_notice(notice(**changes), tmp_path / "n.pdf")
    assert err.value.where == where


def test_a_character_the_font_lacks_is_refused(tmp_path):
    with pytest.raises(UserError) as err:
        render_refusal_notice(notice(applicant="王𠀀"), tmp_path / "n.pdf")
    assert any("申请人" in p.text() and "U+20000" in p.text() for p in err.value.problems)
    assert not (tmp_path / "n.pdf").exists()


def test_where_to_go_one_sentence_a_line_with_what_to_bring_and_its_source(tmp_path):
    out = tmp_path / "n.pdf"
    render_refusal_notice(notice(
        department="公安机关（公安派出所）", channel="向户籍地或居住地公安派出所申请开具《无犯罪记录证明》",
        alternatives="法定文书、部门核查", bring="本人居民身份证",
        channel_source="《公安机关办理犯罪记录查询工作规定》第五条；示范，县级核定"), out)
    _, text = read(out)
    for expected in ("四、办理途径：请改由：公安机关（公安派出所）办理。",
                     "办理方式：向户籍地或居住地公安派出所申请开具《无犯罪记录证明》。", "需携带：本人居民身份证。",
                     "也可由要求证明的单位采用法定文书、部门核查等方式办理。",
                     "办理途径依据：《公安机关办理犯罪记录查询工作规定》第五条；示范，县级核定"):
        assert expected in text, expected
    assert "。。" not in text


def test_kinds_of_proof_alone_are_not_called_a_place(tmp_path):
    out = tmp_path / "n.pdf"
    render_refusal_notice(notice(department="", channel="告知承诺、部门核查", alternatives="告知承诺、部门核查"), out)
    _, text = read(out)
    assert "可由要求证明的单位采用告知承诺、部门核查等方式办理。" in text and "请改由" not in text


def test_an_item_code_handed_in_is_never_printed(tmp_path):
    out = tmp_path / "n.pdf"
    render_refusal_notice(notice(request={"title": "居民养犬证明", "code": "MZ-FL-04"}), out)
    _, text = read(out)
    assert "MZ-FL-04" not in text and "一、申请事项：居民养犬证明" in text

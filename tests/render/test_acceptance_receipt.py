"""The 受理回执 and the 作废 mark, parsed back: A5, one page, ticked materials, the phone or a
line to write it; bad documents refused in Chinese with no file; the void line fits the top
margin of A4 and A5 however long the reason."""

import pypdf
import pytest

from villagedesk.core.errors import UserError
from villagedesk.render.acceptance_receipt import PHONE_BLANK, render_acceptance_receipt
from villagedesk.render.certificate import render_certificate

PAYLOAD = "VD1:" + "6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3" * 5 + "QX"


def receipt(**changes) -> dict:
    doc = {"number": "风平村证受〔2026〕3号", "issuer": "芒市风平镇风平村民委员会", "applicant": "王𬌗",
           "id_masked": "533103********0018", "subject": "", "item": "家庭经济困难情况证明",
           "materials": [{"name": "申请人居民身份证", "received": True}, {"name": "户口簿", "received": False}],
           "due_text": "二〇二六年十一月二十六日", "working_days": 3, "phone": "0692-2123456", "handler": "李芳",
           "date_text": "二〇二六年十一月二十三日", "demo": False}
    doc.update(changes)
    return doc


def text_of(path) -> str:
    return "".join("".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())


def test_a_receipt_is_one_a5_page_with_what_the_villager_needs(tmp_path):
    out = tmp_path / "r.pdf"
    assert render_acceptance_receipt(receipt(), out) == {"file": str(out), "pages": 1}
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1 and round(float(reader.pages[0].mediabox.width)) == 420  # 148 mm
    text = text_of(out)
    for expected in ("证明事项受理回执", "风平村证受〔2026〕3号", "王𬌗", "533103********0018", "☑申请人居民身份证",
                     "☐户口簿", "二〇二六年十一月二十六日前（3个工作日内）", "0692-2123456", "经办人：李芳"):
        assert expected in text, expected
    assert reader.metadata.title == "证明事项受理回执（风平村证受〔2026〕3号）"


def test_no_phone_leaves_a_line_and_a_different_subject_is_named(tmp_path):
    out = tmp_path / "r.pdf"
    render_acceptance_receipt(receipt(phone="", subject="王小明"), out)
    text = text_of(out)
    assert "联系电话：" + PHONE_BLANK in text and "被证明人：王小明" in text


@pytest.mark.parametrize("changes, where", [
    ({"number": ""}, "受理号"), ({"applicant": None}, "申请人"), ({"materials": "户口簿"}, "已收材料"),
    ({"materials": [{"name": ""}]}, "材料名称"), ({"working_days": -1}, "办理时限"), ({"handler": 5}, "经办人"),
    ({"applicant": "王\U0002A6A5"}, None),
])
def test_a_bad_receipt_is_refused_in_chinese_and_writes_nothing(tmp_path, changes, where):
    out = tmp_path / "r.pdf"
    with pytest.raises(UserError) as err:
        render_acceptance_receipt(receipt(**changes), out)
    if where:
        assert err.value.where == where
    assert not out.exists()


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_the_void_line_fits_the_top_margin_however_long_the_reason(tmp_path, paper):
    reason = "经核实申请人提供的租房合同与实际居住地址不一致，" * 8
    doc = {"paper": paper, "title": "居（租）住证明", "number": "风平村证〔2026〕12号", "paragraphs": ["兹证明王芳系本村村民。"],
           "issuer": "芒市风平镇风平村民委员会", "date_text": "二〇二六年十一月二十三日", "handler": "李芳",
           "qr_payload": PAYLOAD, "voided": f"本证明已于2026年11月25日作废，原因：{reason}。"}
    out = tmp_path / "v.pdf"
    render_certificate(doc, out)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1 and reader.metadata.title.startswith("【已作废】")
    text = text_of(out)
    assert "本证明已于2026年11月25日作废" in text and "兹证明王芳系本村村民" in text

    # the void line sits above the title: nothing of it below the top margin
    from villagedesk.render.page_parts import MM, PAPERS

    top = PAPERS[paper].height - PAPERS[paper].top
    lowest = []

    def visit(text, cm, tm, font, size):
        if "作废" in text and "原因" in text or "经核实" in text:
            lowest.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])  # the baseline on the page

    reader.pages[0].extract_text(visitor_text=visit)
    assert lowest and top - 1 * MM < min(lowest) < PAPERS[paper].height, (lowest, top)

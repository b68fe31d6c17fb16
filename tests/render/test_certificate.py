"""The printed certificate, parsed back: its text (names outside the BMP included), one
page, the embedded font, the QR code decoded from a 150 dpi raster, the payload in the
metadata; and the refusals: a character the font lacks, content too long for one page."""

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagedesk.core.errors import UserError
from villagedesk.render.certificate import render_certificate
from villagedesk.render.glyphs import check_printable
from villagedesk.render.page_parts import CANNOT_END, CANNOT_START, break_lines
from villagedesk.render.pdf_meta import read_payload

PAYLOAD = "VD1:" + "6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3" * 5 + "QX"


def residence(**changes) -> dict:
    doc = dict(
        paper="A4", title="居（租）住证明", number="风平村证〔2026〕12号", addressee="芒市教育局",
        paragraphs=[
            "兹证明王𬌗，男，1985年3月出生，公民身份号码533103198503120018，系本村村民，户籍所在地为"
            "云南省德宏傣族景颇族自治州芒市风平镇风平村民委员会风平村三组。",
            "经核实，王𬌗自2019年6月起居住在芒市风平镇风平村三组28号（自建房），至今已连续居住满六年，"
            "现仍在该地址居住。其子王小明随其共同居住，拟就近入读芒市风平镇中心小学。",
            "此证明仅用于子女入学报名，不作他用，自出具之日起三个月内有效。",
        ],
        closing="特此证明。", issuer="芒市风平镇风平村民委员会", date_text="二〇二六年十一月二十三日",
        handler="李芳", phone="0692-2123456", attestation=None, qr_payload=PAYLOAD,
        verify_hint="用村务桌面“证明核验”扫描二维码，可核验真伪和是否作废", demo=False)
    doc.update(changes)
    return doc


def family_hardship(**changes) -> dict:
    return residence(**{
        "title": "家庭经济困难情况证明", "number": "风平村证〔2026〕13号", "addressee": "云南农业大学学生资助管理中心",
        "paragraphs": [
            "兹证明王𬌗（公民身份号码533103198503120018）系我村三组村民，家庭常住人口5人：父亲王大山（62岁，"
            "患慢性肾病，丧失劳动能力）、母亲杨小英（58岁，务农）、本人（在校大学生）、妹妹王小花（16岁，"
            "高中在读）、祖母段氏（84岁，长期卧床）。",
            "该户主要收入来源为种植甘蔗3亩和零星务工，2025年家庭人均可支配收入约5600元，低于本地平均水平；"
            "父亲2025年住院治疗自付医疗费用约2.3万元，家庭负担较重。该户2024年被纳入防止返贫监测对象。",
            "经村民委员会入户核实并在本组公示5日无异议，情况属实。此证明仅用于申请国家助学金。",
        ],
        "attestation": {"title": "乡镇（街道）审核意见", "text": "经审核，情况属实。", "signer": "芒市风平镇人民政府（盖章）"},
        **changes})


def read(path):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return reader, re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def body_chars(doc) -> int:
    return sum(len(p) for p in doc["paragraphs"])


@pytest.mark.parametrize("make", [residence, family_hardship])
def test_realistic_certificate_is_one_page_with_everything_on_it(tmp_path, make):
    doc = make()
    assert 200 <= body_chars(doc) <= 400
    out = tmp_path / "证明.pdf"
    assert render_certificate(doc, out) == {"file": str(out), "pages": 1}
    reader, text = read(out)
    assert len(reader.pages) == 1
    for expected in (doc["title"], doc["number"], "王𬌗", doc["issuer"], doc["date_text"], doc["addressee"] + "：",
                     "特此证明。", "经办人：李芳", "联系电话：0692-2123456", "533103198503120018", "（盖章）"):
        assert expected in text, expected
    for paragraph in doc["paragraphs"]:
        assert re.sub(r"\s+", "", paragraph) in text
    if doc["attestation"]:
        assert "乡镇（街道）审核意见" in text and "芒市风平镇人民政府（盖章）" in text
    info = reader.metadata
    assert info["/Title"] == f"{doc['title']}（{doc['number']}）" and info["/Author"] == doc["issuer"]
    assert read_payload(out) == PAYLOAD


def test_font_is_embedded_and_never_stsong(tmp_path):
    out = tmp_path / "c.pdf"
    render_certificate(family_hardship(), out)
    reader, _ = read(out)
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all("VillageDeskSerifSC" in f["/BaseFont"] for f in fonts)
    assert all("/FontFile2" in f["/FontDescriptor"] for f in fonts)
    assert b"STSong" not in out.read_bytes()


def test_the_qr_code_decodes_from_a_150_dpi_raster(tmp_path):
    import pypdfium2 as pdfium
    import zxingcpp
    from PIL import Image

    out = tmp_path / "c.pdf"
    render_certificate(family_hardship(demo=True), out)  # the watermark must not spoil the code
    image = pdfium.PdfDocument(out.read_bytes())[0].render(scale=150 / 72).to_pil().convert("L")
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=70)
    for img in (image, Image.open(io.BytesIO(buf.getvalue()))):
        assert [b.text for b in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)] == [PAYLOAD]


def test_a5_is_one_a5_page(tmp_path):
    out = tmp_path / "a5.pdf"
    render_certificate(residence(paper="A5", addressee=""), out)
    reader, text = read(out)
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert round(width / 72 * 25.4) == 148 and round(height / 72 * 25.4) == 210
    assert "王𬌗" in text and "芒市教育局" not in text


def test_demo_watermark_and_reissue_line(tmp_path):
    out = tmp_path / "demo.pdf"
    render_certificate(residence(demo=True, reissue_of="风平村证〔2026〕11号"), out)
    _, text = read(out)
    assert "演示数据非正式证明" in text
    assert "本证明替代原编号为风平村证〔2026〕11号的证明，原证明作废。" in text
    render_certificate(residence(), out)
    assert "演示数据" not in read(out)[1]


def test_too_long_for_one_page_is_refused_with_how_much(tmp_path):
    out = tmp_path / "long.pdf"
    out.write_bytes(b"the earlier file")
    doc = family_hardship(paragraphs=family_hardship()["paragraphs"] * 6)
    with pytest.raises(UserError) as err:
        render_certificate(doc, out)
    message = err.value.message
    assert "一页" in message and re.search(r"约 \d+ 行（约 \d+ 字）", message), message
    assert out.read_bytes() == b"the earlier file"  # nothing half-written
    assert [p.name for p in tmp_path.iterdir()] == ["long.pdf"]  # no temp file left


def test_a_ten_thousand_character_field_is_refused(tmp_path):
    with pytest.raises(UserError, match="一页"):
        render_certificate(residence(paragraphs=["风平村" * 3400]), tmp_path / "x.pdf")


def test_a_character_the_font_lacks_is_named_and_nothing_is_written(tmp_path):
    out = tmp_path / "hole.pdf"
    doc = residence(paragraphs=["兹证明王𠀀，系本村村民。"], handler="李\x07芳")
    with pytest.raises(UserError) as err:
        render_certificate(doc, out)
    texts = [p.text() for p in err.value.problems]
    assert any("正文第1段" in t and "「𠀀」" in t and "U+20000" in t for t in texts), texts
    assert any("经办人" in t and "U+0007" in t for t in texts), texts
    assert not out.exists()


def test_check_printable_names_field_character_and_code_point():
    problems = check_printable({"姓名": "王𠀀", "住址": "风平村三组", "备注": ""})
    assert [p.text() for p in problems] == ["姓名：字体中没有「𠀀」(U+20000)，打印会出现空白（建议：请核对或改用通用规范汉字）"]
    assert problems[0].severity == "error"
    assert check_printable({"姓名": "王𬌗"}) == []  # outside the BMP, but one of the 8,105 standard characters


@pytest.mark.parametrize("changes, where", [
    ({"paper": "B5"}, "纸张"),
    ({"number": ""}, "证明编号"),
    ({"issuer": None}, "出具单位"),
    ({"paragraphs": []}, "正文"),
    ({"paragraphs": [1, 2]}, "正文"),
    ({"title": 12}, "证明名称"),
    ({"qr_payload": ""}, "二维码内容"),
    ({"attestation": {"title": "审核", "text": "x"}}, "审核单位"),
])
def test_incomplete_documents_name_the_field(tmp_path, changes, where):
    with pytest.raises(UserError) as err:
        render_certificate(residence(**changes), tmp_path / "x.pdf")
    assert err.value.where == where


def test_missing_output_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        render_certificate(residence(), tmp_path / "no-such-folder" / "x.pdf")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="风平村民委员会证明王𬌗，。、；：！？》）”《（“123abc ", max_size=120),
       st.integers(min_value=3, max_value=30))
def test_no_line_begins_with_closing_punctuation_or_ends_opening(text, width):
    lines = [line for line, _ in break_lines(text, len, width, width)]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost but spaces
    for i, line in enumerate(lines):
        assert len(line) <= width or len(line.strip()) <= 20 + 2  # a unit of a word and its punctuation
        if i and line and not (set(line) <= CANNOT_START):  # the text itself may begin with one
            assert line[0] not in CANNOT_START, lines
        if i < len(lines) - 1 and line.rstrip() and line.rstrip() != line.rstrip()[0] * len(line.rstrip()):
            assert line.rstrip()[-1] not in CANNOT_END, lines

"""The spec sheet: drawn to scale, figures and colours in the file, true-size printing,
the Korean face for Yanbian; parsed back with pypdf and looked at with pypdfium2."""

from __future__ import annotations

import itertools
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from villagedesk.core.errors import UserError
from villagedesk.core.sign_layout import compute_layout
from villagedesk.render import fonts
from villagedesk.render.print_scaling import CM, ask_no_scaling, draw_check_bar
from villagedesk.render.sign_spec_sheet import pick_scale, render_spec_sheet

PARTY = "中国共产党风平村支部委员会"
DEHONG = "yunnan-dehong-plan.txt 第8条"
RULES = [
    {"rule": "dehong.size.strip", "title": "条牌不超过 35×200 厘米", "source": DEHONG},
    {"rule": "dehong.colour.party", "title": "党组织标牌白底红字", "source": DEHONG},
]
STRIP = {"name": PARTY, "kind": "strip", "width_cm": 35, "height_cm": 200, "direction": "vertical",
         "background": "#FFFFFF", "text_colour": "#EE1C25", "font": "标准宋体", "placement": "exterior",
         "scripts": ["zh"], "decorated": False}
YANBIAN = {"name": "依兰镇光东村村民委员会", "name_ko": "연길시 의란진 광동촌 촌민위원회", "scripts": ["ko", "zh"],
           "kind": "strip", "width_cm": 35, "height_cm": 200, "background": "#FFFFFF", "text_colour": "#000000",
           "font": "标准宋体", "placement": "exterior"}


def ops(page, reader):
    return ContentStream(page.get_contents(), reader).operations


def text_of(reader) -> str:
    return "".join(p.extract_text() for p in reader.pages)


def rects(page, reader):
    return [[float(v) for v in operands] for operands, op in ops(page, reader) if op == b"re"]


def fill_colours(page, reader):
    return [tuple(round(float(v), 3) for v in operands) for operands, op in ops(page, reader) if op == b"rg"]


def test_party_strip_spec_sheet(tmp_path):
    out = tmp_path / "spec.pdf"
    res = render_spec_sheet(STRIP, out, rules_summary=RULES, params={}, office_name="芒市风平镇风平村")
    assert res["file"] == str(out) and res["pages"] == 1
    assert res["scale"] == 10 and res["scale_label"] == "1:10"
    reader = PdfReader(out)
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [595, 842]  # A4 portrait
    # drawn to scale: the sign's rectangle is 35/10 cm × 200/10 cm
    w, h = 35 * CM / 10, 200 * CM / 10
    assert any(abs(r[2] - w) < 0.01 and abs(r[3] - h) < 0.01 for r in rects(page, reader))
    # the real colours, as fill colours in the content stream
    colours = fill_colours(page, reader)
    assert (round(0xEE / 255, 3), round(0x1C / 255, 3), round(0x25 / 255, 3)) in colours
    assert (1.0, 1.0, 1.0) in colours
    text = text_of(reader)
    flat = re.sub(r"\s", "", text)
    assert "牌子制作规格单" in text
    assert PARTY in flat  # the vertical name, character by character, and in the table
    lay = compute_layout(STRIP)
    for figure in ("#EE1C25", "RGB238,28,37", "CMYK0,88,84,7", "比例1:10", "35厘米", "200厘米",
                   f"{lay.char_height_cm:g}×{lay.char_width_cm:g}厘米", "标准宋体", "yunnan-dehong-plan.txt第8条",
                   "条牌不超过35×200厘米", "芒市风平镇风平村", "打印后用尺子量：此线应为10厘米"):
        assert figure in flat, figure
    # the layout's figures are the table's figures
    assert f"上{lay.margin_top_cm:g}下{lay.margin_bottom_cm:g}" in flat
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"
    fonts_used = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("VillageDeskSerifSC" in f for f in fonts_used)


def test_drawn_width_in_pixels(tmp_path):
    """Rasterised: the coloured sign is width_cm/scale wide on paper."""
    import pypdfium2 as pdfium

    spec = dict(STRIP, kind="square", name="风平村党群服务中心", width_cm=60, height_cm=40, direction="horizontal",
                background="#1F4E9E", text_colour="#FFFFFF")
    out = tmp_path / "blue.pdf"
    res = render_spec_sheet(spec, out, rules_summary=[], params={}, office_name="风平村")
    assert res["scale"] == 5
    dpi = 144
    img = pdfium.PdfDocument(out)[0].render(scale=dpi / 72).to_pil().convert("RGB")
    px = img.load()
    drawing = range(int(img.height * 0.45))  # the upper part; the table below has a swatch too
    blue_cols = [x for x in range(img.width) if any(px[x, y] == (0x1F, 0x4E, 0x9E) for y in drawing[::4])]
    blue_rows = [y for y in drawing if any(px[x, y] == (0x1F, 0x4E, 0x9E) for x in range(0, img.width, 4))]
    width_px = max(blue_cols) - min(blue_cols) + 1
    height_px = max(blue_rows) - min(blue_rows) + 1
    assert width_px == pytest.approx(60 / 5 / 2.54 * dpi, abs=3)
    assert height_px == pytest.approx(40 / 5 / 2.54 * dpi, abs=3)


def test_yanbian_sheet_embeds_the_korean_face(tmp_path):
    out = tmp_path / "yanbian.pdf"
    rules = RULES + [{"rule": "yanbian.bilingual", "title": "朝汉两种文字并用", "source": "DOMAIN.md §4",
                      "params": {"awaiting_confirmation": True}}]
    res = render_spec_sheet(YANBIAN, out, rules_summary=rules, params={"ko_ratio": 0.6, "ko_order": "ko_first"},
                            office_name="延吉市依兰镇光东村")
    reader = PdfReader(out)
    page = reader.pages[0]
    fonts_used = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("VillageDeskSerifKR" in f for f in fonts_used)
    kr = next(f.get_object() for f in page["/Resources"]["/Font"].values() if "KR" in str(f.get_object()["/BaseFont"]))
    assert "/FontFile2" in kr["/FontDescriptor"]  # embedded, not referenced
    text = text_of(reader)
    assert "연길시 의란진 광동촌 촌민위원회" in text
    assert "待州县确认" in text
    assert "0.6 倍" in text
    assert res["layout"]["ko_char_size_cm"] < res["layout"]["char_height_cm"]


def test_awaiting_params_flag_even_without_rules(tmp_path):
    out = tmp_path / "p.pdf"
    render_spec_sheet(YANBIAN, out, rules_summary=[], params={"ko_ratio": 1.0, "awaiting_confirmation": True},
                      office_name="光东村")
    assert "待州县确认" in text_of(PdfReader(out))


def test_korean_text_pdf_round_trip(tmp_path):
    """The KR face alone: Hangul drawn with it copies back out of the PDF."""
    from reportlab.pdfgen.canvas import Canvas

    out = tmp_path / "ko.pdf"
    c = Canvas(str(out))
    x = 50
    for face, part in fonts.face_runs("연길시 의란진 延吉市依兰镇"):
        c.setFont(face, 14)
        c.drawString(x, 700, part)
        x += c.stringWidth(part, face, 14)
    c.save()
    text = PdfReader(out).pages[0].extract_text()
    assert "연길시 의란진" in text and "延吉市依兰镇" in text
    assert fonts.missing_chars_any("연길시 의란진 延吉市") == []
    assert fonts.missing_chars_any("𠀾") == ["𠀾"]
    assert fonts.missing_chars("연") == ["연"]  # the SC face alone has no Hangul (API unchanged)
    assert fonts.face_for("연") == fonts.SERIF_KR and fonts.face_for("延") == fonts.SERIF


def test_print_scaling_and_check_bar(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    out = tmp_path / "bar.pdf"
    c = Canvas(str(out))
    ask_no_scaling(c)
    draw_check_bar(c, 100, 100)
    c.save()
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"
    operations = ops(reader.pages[0], reader)
    lines = []
    for (a, op1), (b, op2) in itertools.pairwise(operations):
        if op1 == b"m" and op2 == b"l":
            lines.append((float(a[0]), float(a[1]), float(b[0]), float(b[1])))
    bar = [ln for ln in lines if ln[1] == ln[3] and ln[0] == 100]
    assert bar and bar[0][2] - bar[0][0] == pytest.approx(283.46, abs=0.005)
    ticks = [ln for ln in lines if ln[0] == ln[2] and ln[1] == 100]
    assert len(ticks) == 11
    assert "此线应为 10 厘米" in reader.pages[0].extract_text()


MM = 72 / 25.4


@pytest.mark.parametrize("w,h,area,expected", [
    (35, 200, (40 * MM, 216 * MM), 10),   # the strip column of the sheet
    (60, 40, (166 * MM, 84 * MM), 5),
    (30, 15, (166 * MM, 84 * MM), 2),
    (35, 200, (20 * MM, 216 * MM), 20),
])
def test_round_scales(w, h, area, expected):
    assert pick_scale(w, h, *area) == expected


def test_no_scale_fits_an_absurd_sign():
    with pytest.raises(UserError):
        pick_scale(2000, 2000, 100, 100)


def test_bad_spec_is_refused_in_words(tmp_path):
    with pytest.raises(UserError):
        render_spec_sheet(dict(STRIP, text_colour="红色"), tmp_path / "x.pdf", rules_summary=[], params={},
                          office_name="风平村")
    with pytest.raises(UserError):
        render_spec_sheet(dict(STRIP, width_cm="35cm"), tmp_path / "x.pdf", rules_summary=[], params={},
                          office_name="风平村")
    with pytest.raises(UserError):
        render_spec_sheet(dict(STRIP, name="𠀾村"), tmp_path / "x.pdf", rules_summary=[], params={},
                          office_name="风平村")
    assert not (tmp_path / "x.pdf").exists()

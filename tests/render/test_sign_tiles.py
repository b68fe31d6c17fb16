"""1:1 tiles: how many sheets, at true size, one vector drawing reused, sheets that meet."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from villagedesk.core.errors import UserError
from villagedesk.render.print_scaling import CM
from villagedesk.render.sign_tiles import (
    MARGIN_SIDE_CM,
    MARGIN_TOP_CM,
    OVERLAP_CM,
    render_tiles,
    tile_grid,
)

STRIP = {"name": "中国共产党风平村支部委员会", "kind": "strip", "width_cm": 35, "height_cm": 200,
         "direction": "vertical", "background": "#FFFFFF", "text_colour": "#EE1C25", "font": "标准宋体",
         "placement": "exterior", "scripts": ["zh"]}


@pytest.fixture(scope="module")
def strip_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("tiles") / "strip.pdf"
    res = render_tiles(STRIP, out, params={}, office_name="芒市风平镇风平村")
    return out, res


def test_strip_sheet_count_and_size(strip_pdf):
    out, res = strip_pdf
    # 18.6 × 25.5 cm windows, 1 cm overlap: 2 columns × 8 rows portrait beats landscape
    assert (res["rows"], res["cols"], res["orientation"]) == (8, 2, "portrait")
    assert res["sheets"] == 16 and res["pages"] == 17
    reader = PdfReader(out)
    assert len(reader.pages) == 17
    for page in reader.pages:
        assert [round(float(v), 1) for v in page.mediabox[2:]] == [595.3, 841.9]
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"


def test_windows_cover_the_sign_with_overlap():
    for w, h in ((35, 200), (60, 40), (30, 15), (120, 90)):
        g = tile_grid(w, h)
        win_w, win_h = g["window_cm"]
        step_w, step_h = g["step_cm"]
        assert step_w == pytest.approx(win_w - OVERLAP_CM)
        assert (g["cols"] - 1) * step_w + win_w >= w
        assert (g["rows"] - 1) * step_h + win_h >= h
        assert g["cols"] == 1 or (g["cols"] - 2) * step_w + win_w < w  # no spare column


def test_one_form_at_full_size_reused_on_every_sheet(strip_pdf):
    out, _ = strip_pdf
    reader = PdfReader(out)
    forms = set()
    for page in reader.pages[1:]:
        xobjects = page["/Resources"]["/XObject"]
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Form":
                forms.add(ref.idnum)
                x0, y0, x1, y1 = (float(v) for v in obj["/BBox"])
                assert x1 - x0 == pytest.approx(35 * CM, abs=0.01)  # 1:1
                assert y1 - y0 == pytest.approx(200 * CM, abs=0.01)
    assert len(forms) == 1


def test_sheet_labels_and_cover(strip_pdf):
    out, _ = strip_pdf
    reader = PdfReader(out)
    cover = reader.pages[0].extract_text()
    assert "拼贴" in cover and "共 16 张" in cover and "10 厘米" in cover
    # sheets in reading order: row 1 col 1, row 1 col 2, row 2 col 1 …
    assert "第 2 行第 1 列，共 8×2 张" in reader.pages[3].extract_text()
    assert "第 8 行第 2 列，共 8×2 张" in reader.pages[16].extract_text()
    for page in reader.pages[1:]:
        assert "此线应为 10 厘米" in page.extract_text()


def test_neighbouring_sheets_print_the_same_overlap(strip_pdf):
    """The 1 cm strip at the right of sheet 1-1 is the strip at the left of sheet 1-2,
    crosshairs and all: pasted together they line up."""
    import pypdfium2 as pdfium

    out, _ = strip_pdf
    dpi = 100
    doc = pdfium.PdfDocument(out)
    # sheet (row 2, col 1) and (row 2, col 2): pages 3 and 4 (the cover is page 1)
    a = doc[3].render(scale=dpi / 72).to_pil().convert("L")
    b = doc[4].render(scale=dpi / 72).to_pil().convert("L")
    px = dpi / 2.54
    win_w = tile_grid(35, 200)["window_cm"][0]
    top = int((MARGIN_TOP_CM + 1.5) * px)
    bottom = int((MARGIN_TOP_CM + 24) * px)
    # inside the overlap, away from its edges (the dashed guides sit on them)
    ax = int((MARGIN_SIDE_CM + win_w - OVERLAP_CM + 0.15) * px)
    bx = int((MARGIN_SIDE_CM + 0.15) * px)
    width = int(0.7 * px)
    strip_a = a.crop((ax, top, ax + width, bottom))
    strip_b = b.crop((bx, top, bx + width, bottom))
    diff = sum(abs(p - q) for p, q in zip(strip_a.tobytes(), strip_b.tobytes())) / (width * (bottom - top))
    assert diff < 1.5  # a 1 mm misregistration already gives about 4
    # and the strip is not blank: the crosshairs are in it
    assert min(strip_a.tobytes()) < 80


def test_text_at_real_size(strip_pdf, tmp_path):
    """The red of the characters on sheet 1-1 spans a real 12.9 cm character, not less."""
    import pypdfium2 as pdfium

    out, _ = strip_pdf
    dpi = 40
    img = pdfium.PdfDocument(out)[1].render(scale=dpi / 72).to_pil().convert("RGB")
    px = img.load()
    red_rows = [y for y in range(img.height) if any(px[x, y][0] > 200 and px[x, y][1] < 90 for x in range(img.width))]
    # the first character (中) starts 4.15 cm down and is drawn by a 12.9 cm em box
    first_block = [y for y in red_rows if y < red_rows[0] + 14 / 2.54 * dpi]
    glyph_cm = (first_block[-1] - first_block[0]) / dpi * 2.54
    assert 10.5 < glyph_cm <= 12.9


def test_yanbian_tiles_carry_both_scripts(tmp_path):
    spec = {"name": "依兰镇光东村村民委员会", "name_ko": "의란진 광동촌 촌민위원회", "scripts": ["ko", "zh"],
            "kind": "square", "width_cm": 60, "height_cm": 40}
    out = tmp_path / "yb.pdf"
    res = render_tiles(spec, out, params={"ko_ratio": 0.6})
    reader = PdfReader(out)
    assert len(reader.pages) == res["pages"] == res["sheets"] + 1
    assert "의란진" in reader.pages[0].extract_text()
    fonts = set()
    for ref in reader.pages[1]["/Resources"]["/XObject"].values():
        for f in ref.get_object()["/Resources"]["/Font"].values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert any("VillageDeskSerifKR" in f for f in fonts)


def test_absurd_sizes_are_refused(tmp_path):
    with pytest.raises(UserError):
        render_tiles(dict(STRIP, width_cm=1500, height_cm=1500), tmp_path / "x.pdf", params={})
    with pytest.raises(UserError):
        render_tiles(dict(STRIP, height_cm=-2), tmp_path / "x.pdf", params={})
    assert not (tmp_path / "x.pdf").exists()

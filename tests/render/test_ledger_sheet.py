"""The printed ledger: landscape A4, header row on every page, "第 N 页 共 M 页", long cells cut."""

from tests.conftest import pdf_page_image

from pypdf import PdfReader

from villagedesk.render.ledger_sheet import render_ledger_sheet
from villagedesk.services.ledger import COLUMNS


def rows(n):
    return [[f"风平村证〔2026〕{i}号", "2026-03-02", "CN-BY-05 居（租）住证明", "", f"村民{i}", "53310319900101123X",
             "13900001111", "", "办理入学", "芒市教育局", "户口簿、租房合同", "入户走访", "", "岩温", "", "", "有效", ""]
            for i in range(1, n + 1)]


def test_columns_fit_landscape_a4():
    assert sum(w for _, w in COLUMNS) <= 277 and len(COLUMNS) == 18


def test_many_rows_make_numbered_pages_each_with_the_header(tmp_path):
    out = tmp_path / "台账.pdf"
    pages = render_ledger_sheet(out, title="风平村村民委员会证明出具台账", subtitle="开具日期 2026年1月1日 至 2026年12月31日",
                                columns=COLUMNS, rows=rows(120))
    reader = PdfReader(out)
    assert pages == len(reader.pages) >= 3
    for n, page in enumerate(reader.pages, start=1):
        text = page.extract_text().replace("\n", "")
        assert f"第 {n} 页 共 {pages} 页" in text
        assert "证明编号" in text and "身份证号码" in text and "状态" in text
        assert float(page.mediabox.width) > float(page.mediabox.height)
    everything = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    assert all(f"风平村证〔2026〕{i}号" in everything for i in (1, 60, 120))
    assert "风平村村民委员会证明出具台账" in reader.pages[0].extract_text()


def test_a_cell_longer_than_a_page_is_cut_not_a_layout_error(tmp_path):
    long_rows = rows(2)
    long_rows[0][8] = "用途" * 5000
    long_rows[1][17] = "备注\n" * 3000
    out = tmp_path / "长.pdf"
    render_ledger_sheet(out, title="台账", subtitle="", columns=COLUMNS, rows=long_rows)
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "").replace(" ", "")
    assert "共10000字，全文见导出表格" in text and "共9000字" in text


def test_rendered_pages_have_ink(tmp_path):
    out = tmp_path / "台账.pdf"
    render_ledger_sheet(out, title="台账", subtitle="", columns=COLUMNS, rows=rows(30))
    image = pdf_page_image(out, dpi=72)
    assert image.width > image.height and image.getextrema()[0] < 100

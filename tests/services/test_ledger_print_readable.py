"""The printed ledger is readable: ID numbers, dates and certificate numbers never break
across lines (read back from the PDF with pypdf), a long 依据 is shortened on paper and kept
whole in the .xlsx export."""

from __future__ import annotations

import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openpyxl import load_workbook
from pypdf import PdfReader

from villagedesk.render import fonts
from villagedesk.render.ledger_sheet import FONT_SIZE, cell_lines
from villagedesk.services import ledger
from villagedesk.store import ledger_store as L

LONG_BASIS = ("民发〔2020〕20号《关于改进和规范基层群众性自治组织出具证明工作的指导意见》附件《不应由基层群众性自治组织"
              "出具证明事项清单（第一批）》第5项")


class Signer:
    key = Ed25519PrivateKey.from_private_bytes(b"\x05" * 32)
    key_id_hex = "0505050505050505"

    def sign(self, data):
        return self.key.sign(data)


def cert(**kw):
    base = dict(kind="issue", item_code="533103-BL-01", item_title="居（租）住证明", applicant="王芳",
                applicant_id="11010519491231002X", phone="0692-1234567", purpose="子女入学", addressee="芒市教育局",
                materials=["申请人居民身份证", "户口簿或居住证", "房屋租赁合同或房屋权属材料"], verification="入户走访",
                handler="张丽", reviewer="李会计", recipient="王芳", issued_on="2026-03-02",
                basis="《居住证暂行条例》（居住证、入学等办理中需要居住地住址证明的情形）")
    base.update(kw)
    return base


@pytest.fixture
def desk(demo_session):
    db = demo_session.db
    a, _ = L.append(db, [cert(), cert(applicant="岩温", applicant_id="533103201003014566", subject_name="岩小温",
                                      subject_id="53310320100301456X", issued_on="2026-03-05")], signer=Signer())
    L.append(db, [dict(kind="void", refers_to=a["id"], reason="地址写错"), cert(replaces=a["id"], issued_on="2026-03-06")],
             signer=Signer())
    L.append(db, [cert(kind="refuse", applicant="李四", applicant_id="533103198005121230", item_code="CN-BY-05",
                       item_title="无犯罪记录证明", basis=LONG_BASIS, issued_on="2026-03-07"),
                  cert(kind="accept", applicant="孟晓燕", applicant_id="533103197511207891", due_on="2026-03-20",
                       issued_on="2026-03-08", note="家庭经济困难情况证明")], signer=Signer())
    return demo_session


def pdf_lines(path) -> list[str]:
    return [line for page in PdfReader(path).pages for line in page.extract_text().splitlines()]


def test_id_numbers_dates_and_numbers_stay_on_one_line(desk, tmp_path):
    out = tmp_path / "台账.pdf"
    ledger.print_pdf(desk, out)
    lines = pdf_lines(out)
    text = "\n".join(lines)
    entries = ledger.list_entries(desk, order="asc", limit=100)["entries"]
    wholes = set()
    for e in entries:
        wholes |= {x for x in (e["applicant_id"], e["subject_id"], e["issued_on"], e["due_on"], e["number"]) if x}
    wholes |= {"2026-03-20", "0692-1234567"}
    for whole in wholes:
        cells = sum(r.count(whole) for e in entries for r in ledger.sheet_row(e))
        assert text.count(whole) >= cells > 0, (whole, text.count(whole), cells)
    # nothing that looks like a cut-off ID number or date at the end of a line
    for line in lines:
        assert not re.search(r"(?<![\d-])(\d{6,17}|\d{4}-\d{1,2}-?)$", line.strip()), line


def test_a_long_basis_is_shortened_on_paper_and_whole_in_the_export(desk, tmp_path):
    out = tmp_path / "台账.pdf"
    ledger.print_pdf(desk, out)
    flat = re.sub(r"\s", "", "".join(pdf_lines(out)))
    assert LONG_BASIS[:30] in flat and "…" in flat and LONG_BASIS not in flat
    assert "依据超过30字的只印前30字" in flat and "全文见导出的表格" in flat
    xlsx = tmp_path / "台账.xlsx"
    ledger.export_xlsx(desk, xlsx)
    sheet = load_workbook(xlsx).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("依据")
    assert LONG_BASIS in [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ledger.short_basis(LONG_BASIS) == LONG_BASIS[:30] + "…" and ledger.short_basis("短") == "短"


def test_a_narrow_cell_shrinks_instead_of_breaking():
    font = fonts.register()
    mm = 72 / 25.4
    size, lines = cell_lines("王芳\n11010519491231002X", 18 * mm, font)
    assert size < FONT_SIZE and "11010519491231002X" in lines
    size, lines = cell_lines("作废（2026-12-05：地址写错）", 21 * mm, font)
    assert size == FONT_SIZE and any("2026-12-05" in line for line in lines)
    size, lines = cell_lines("风平村不予证〔2026〕12号\n（不予出具告知）", 27 * mm, font, whole=True)
    assert lines[0] == "风平村不予证〔2026〕12号"
    assert all(not line.startswith(("，", "）", "。")) for line in cell_lines("甲，乙）丙。" * 30, 12 * mm, font)[1])

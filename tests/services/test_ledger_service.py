"""The ledger as the clerk uses it: filters typed by people, .xlsx export, printed PDF, verify."""

from tests.conftest import pdf_page_image
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from villagedesk.core.errors import UserError
from villagedesk.services import ledger
from villagedesk.store import ledger_store as L


class Signer:
    key = Ed25519PrivateKey.from_private_bytes(b"\x03" * 32)
    key_id_hex = "0303030303030303"

    def sign(self, data):
        return self.key.sign(data)


def cert(**kw):
    base = dict(kind="issue", item_code="CN-BY-05", item_title="居（租）住证明", applicant="张三", applicant_id="53310319900101123X",
                phone="13900001111", purpose="办理入学", addressee="芒市教育局", materials=["户口簿", "租房合同"],
                verification="入户走访", handler="岩温", reviewer="李会计", recipient="张三", issued_on="2026-03-02")
    base.update(kw)
    return base


@pytest.fixture
def filled(demo_session):
    db = demo_session.db
    a, b = L.append(db, [cert(), cert(applicant="李四", applicant_id="533103198502021111", subject_name="李小四",
                                       subject_id="533103201001011238", item_code="CN-BY-08", item_title="贫困学生证明",
                                       issued_on="2026-03-05")], signer=Signer())
    L.append(db, [dict(kind="void", refers_to=a["id"], reason="住址写错"), cert(replaces=a["id"], issued_on="2026-03-06",
                                                                              note="原证明住址写错，重新出具")], signer=Signer())
    L.append(db, [cert(kind="refuse", applicant="王五", applicant_id="533103198001015555", item_code="CN-NO-01",
                       item_title="无犯罪记录证明", basis="厅字〔2022〕28号", issued_on="2026-03-07"),
                  cert(kind="accept", applicant="赵六", applicant_id="533103197001016666", due_on="2026-03-20", issued_on="2026-03-08")],
             signer=Signer())
    return demo_session


def test_list_entries_pages_and_counts(filled):
    page = ledger.list_entries(filled, limit=2)
    assert page["total"] == 5 and len(page["entries"]) == 2 and page["offset"] == 0
    assert [e["applicant"] for e in ledger.list_entries(filled, order="asc")["entries"]] == ["张三", "李四", "张三", "王五", "赵六"]
    assert [e["number"] for e in ledger.list_entries(filled, text="李小")["entries"]] == ["风平村证〔2026〕2号"]
    assert ledger.list_entries(filled, status="reissued")["entries"][0]["replaced_by_number"] == "风平村证〔2026〕3号"
    assert ledger.list_entries(filled, status="逾期", today=date(2026, 4, 1))["total"] == 1
    assert ledger.list_entries(filled, kind="作废")["total"] == 1
    # full-width digits as a Chinese input method types them
    assert ledger.list_entries(filled, id_number="１２３ｘ")["total"] == 2
    assert ledger.list_entries(filled, date_from="2026年3月5日", date_to="2026/3/6")["total"] == 2
    ids = ledger.entry_ids(filled)
    assert [e["id"] for e in ledger.entries_by_id(filled, ids[1:3])] == ids[1:3]
    assert ledger.show(filled, "风平村证〔2026〕2号")["applicant"] == "李四"
    assert [e["applicant"] for e in ledger.pending(filled, date(2026, 4, 1))] == ["赵六"]


@pytest.mark.parametrize("filters, fragment", [
    (dict(date_from="2026-02-30"), "开始日期"),
    (dict(date_to="昨天"), "结束日期"),
    (dict(date_from="2026-03-09", date_to="2026-03-01"), "晚于"),
    (dict(id_number="12"), "后 4 位"),
    (dict(id_number="12ab34"), "只能是数字"),
    (dict(status="丢了"), "不认识的状态"),
    (dict(kind="全部"), "不认识的类别"),
    (dict(text="张" * 101), "过长"),
    (dict(text="张\x00三"), "控制字符"),
    (dict(name=5), "应是文字"),
    (dict(limit=0), "每页条数"),
    (dict(limit=100_000), "每页条数"),
    (dict(offset=-1), "起始行"),
    (dict(order="up"), "排序"),
])
def test_bad_filters_get_chinese_answers(filled, filters, fragment):
    with pytest.raises(UserError) as info:
        ledger.list_entries(filled, **filters)
    assert fragment in info.value.text()


def test_export_xlsx_reads_back_with_id_numbers_as_text(filled, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "台账.xlsx"
    assert ledger.export_xlsx(filled, out) == {"file": str(out), "rows": 5}
    ws = load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ledger.XLSX_COLUMNS
    head = {h: i for i, h in enumerate(rows[0])}
    first = rows[1]
    assert first[head["证明编号"]] == "风平村证〔2026〕1号"
    assert first[head["身份证号码"]] == "53310319900101123X"
    assert first[head["状态"]].startswith("已重新出具为 风平村证〔2026〕3号")
    assert first[head["佐证材料"]] == "户口簿、租房合同"
    second = rows[2]
    assert second[head["身份证号码"]] == "533103198502021111" and isinstance(second[head["身份证号码"]], str)
    assert ws.cell(row=3, column=head["身份证号码"] + 1).number_format == "@"
    assert [r[head["类别"]] for r in rows[1:]] == ["证明", "证明", "证明", "不予出具告知", "受理登记"]
    # filtered, and nothing to export
    assert ledger.export_xlsx(filled, out, status="有效", overwrite=True)["rows"] == 2
    with pytest.raises(UserError, match="没有符合条件"):
        ledger.export_xlsx(filled, tmp_path / "空.xlsx", name="没有此人")
    assert not (tmp_path / "空.xlsx").exists()
    with pytest.raises(UserError, match=r"\.xlsx"):
        ledger.export_xlsx(filled, tmp_path / "台账.csv")
    with pytest.raises(UserError, match="目标文件夹不存在"):
        ledger.export_xlsx(filled, tmp_path / "没有" / "台账.xlsx")


def test_print_pdf_is_landscape_with_numbers_names_and_page_count(filled, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "台账.pdf"
    result = ledger.print_pdf(filled, out)
    assert result["rows"] == 5 and result["pages"] == 1
    reader = PdfReader(out)
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = page.extract_text()
    for expected in ("风平镇风平村", "证明出具台账", "风平村证〔2026〕1号", "风平村证〔2026〕3号", "风平村不予证〔2026〕1号",
                     "张三", "李四", "533103198502021111", "第 1 页 共 1 页", "2026年3月2日", "2026年3月8日", "证明编号"):
        assert expected in text.replace("\n", ""), expected
    assert reader.metadata.title.endswith("证明出具台账")


def test_print_pdf_looks_right(filled, tmp_path):
    out = tmp_path / "台账.pdf"
    ledger.print_pdf(filled, out)
    image = pdf_page_image(out, dpi=72)
    assert image.width > image.height
    assert image.getextrema()[0] < 100  # ink on the page


def test_print_refuses_characters_the_font_lacks_by_naming_them(filled, tmp_path):
    L.append(filled.db, [cert(applicant="𠮷野", issued_on="2026-03-09")], signer=Signer())
    out = tmp_path / "台账.pdf"
    with pytest.raises(UserError) as info:
        ledger.print_pdf(filled, out)
    assert "𠮷" in info.value.text() and "申请人" in info.value.text() and "风平村证〔2026〕4号" in info.value.text()
    assert not out.exists()
    # the other entries still print
    assert ledger.print_pdf(filled, out, date_to="2026-03-08")["rows"] == 5


def test_very_long_cells_print_cut_and_export_whole(filled, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    L.append(filled.db, [cert(applicant="钱七", note="备注很长。" * 1000, purpose="用途" * 2000)], signer=Signer())
    out = tmp_path / "长.pdf"
    ledger.print_pdf(filled, out, name="钱七")
    assert "全文见导出表格" in "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
    ledger.export_xlsx(filled, tmp_path / "长.xlsx", name="钱七")
    ws = load_workbook(tmp_path / "长.xlsx").active
    assert "备注很长。" * 1000 in [c.value for c in ws[2]]


def test_verify_says_so_in_chinese(filled):
    result = ledger.verify(filled, check_signature=None)
    assert result["ok"] and result["entries"] == 6 and "台账完好" in result["message"] and "未核对签名" in result["message"]
    bad = ledger.verify(filled, check_signature=lambda e: "签名不是本机密钥" if e["id"] == 2 else None, every_signature=True)
    assert not bad["ok"] and bad["message"] == "台账有问题：第 2 条记录（风平村证〔2026〕2号）的签名无效：签名不是本机密钥"
    # by default only the head's signature is checked (it vouches for all before it); a forgery
    # from entry 2 on fails there, and the search names entry 2
    seen = []

    def forged_from_2(e):
        seen.append(e["id"])
        return "签名不是本机密钥" if e["id"] >= 2 else None

    bad = ledger.verify(filled, check_signature=forged_from_2)
    assert bad["message"] == "台账有问题：第 2 条记录（风平村证〔2026〕2号）的签名无效：签名不是本机密钥"
    assert seen[0] == 6 and len(seen) <= 6

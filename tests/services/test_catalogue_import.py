"""Importing a county's catalogue: all or nothing, every bad input named in Chinese."""

import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from villagedesk.core.catalogue import template_rows
from villagedesk.core.errors import UserError
from villagedesk.services import catalogue


def write_csv(path, meta=None, header=None, rows=None, encoding="utf-8"):
    m, h, ex = template_rows()
    lines = (m if meta is None else meta) + [[]] + [h if header is None else header] + (ex if rows is None else rows)
    buf = io.StringIO()
    csv.writer(buf).writerows(lines)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def with_version(version):
    m, _, _ = template_rows()
    return [[k, version if k == "目录版本" else v] for k, v in m]


def refused(session, path, snapshot, match, **kw):
    before = snapshot(session.db_path)
    with pytest.raises(UserError) as info:
        catalogue.import_catalogue(session, path, **kw)
    assert match in info.value.text(), info.value.text()
    assert snapshot(session.db_path) == before
    return info.value


def test_template_round_trip_xlsx_and_csv(demo_session, tmp_path):
    for name in ("t.xlsx", "t.csv"):
        catalogue.export_template(tmp_path / name)
        report = catalogue.import_catalogue(demo_session, tmp_path / name, dry_run=True)
        assert report["outcome"] == "would_install" and report["items"] == 6
    report = catalogue.import_catalogue(demo_session, tmp_path / "t.xlsx")
    assert report["outcome"] == "install"
    assert [r["code"] for r in catalogue.search(demo_session, "低保")] == ["533103-XZ-01"]
    # the same file again changes nothing
    assert catalogue.import_catalogue(demo_session, tmp_path / "t.csv")["outcome"] == "unchanged"


def test_gb18030_csv_from_excel_is_read(demo_session, tmp_path):
    path = write_csv(tmp_path / "gbk.csv", encoding="gb18030")
    assert catalogue.import_catalogue(demo_session, path)["items"] == 6


def test_older_version_over_newer_is_refused(demo_session, tmp_path, snapshot):
    catalogue.import_catalogue(demo_session, write_csv(tmp_path / "new.csv", meta=with_version("2025.2")))
    refused(demo_session, write_csv(tmp_path / "old.csv", meta=with_version("2025.1")), snapshot, "不能用旧版本 2025.1")


def test_same_version_with_other_content_is_refused(demo_session, tmp_path, snapshot):
    catalogue.import_catalogue(demo_session, write_csv(tmp_path / "a.csv"))
    _, _, rows = template_rows()
    rows[0][2] = "调解民间纠纷（修订）"
    refused(demo_session, write_csv(tmp_path / "b.csv", rows=rows), snapshot, "内容不同")


def test_newer_version_replaces_the_catalogue_in_one_go(demo_session, tmp_path):
    catalogue.import_catalogue(demo_session, write_csv(tmp_path / "a.csv"))
    _, _, rows = template_rows()
    catalogue.import_catalogue(demo_session, write_csv(tmp_path / "b.csv", meta=with_version("2025.3"), rows=rows[:2]))
    mangshi = [c for c in catalogue.list_catalogues(demo_session) if c["jurisdiction_code"] == "533103"]
    assert [c["version"] for c in mangshi] == ["2025.3"]
    assert catalogue.search(demo_session, "收入证明", list_name="cert_forbidden") == [] or all(
        r["jurisdiction_code"] != "533103" for r in catalogue.search(demo_session, "收入证明"))


@pytest.mark.parametrize("content, match", [
    (b"PK\x03\x04" + b"\x00" * 50, "不是有效的 Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    (b"%PDF-1.4 hello", "不是有效的 Excel"),
])
def test_non_excel_files(demo_session, tmp_path, snapshot, content, match):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    refused(demo_session, path, snapshot, match)


def test_truncated_xlsx(demo_session, tmp_path, snapshot):
    good = tmp_path / "good.xlsx"
    catalogue.export_template(good)
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refused(demo_session, bad, snapshot, "损坏")


def test_zip_that_is_not_a_workbook(demo_session, tmp_path, snapshot):
    path = tmp_path / "z.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    refused(demo_session, path, snapshot, "workbook")


def test_fifty_megabyte_file(demo_session, tmp_path, snapshot):
    path = tmp_path / "big.csv"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    refused(demo_session, path, snapshot, "文件过大")


def test_wrong_and_missing_columns(demo_session, tmp_path, snapshot):
    _, header, rows = template_rows()
    header = ["分类" if h == "清单" else h for h in header]
    err = refused(demo_session, write_csv(tmp_path / "c.csv", header=header, rows=rows), snapshot, "错误")
    texts = [p.text() for p in err.problems]
    assert any("未知的列「分类」" in t and "第10行" in t for t in texts)
    assert any("缺少必填列「清单」" in t for t in texts)


def test_duplicate_codes_empty_titles_unknown_lists(demo_session, tmp_path, snapshot):
    _, header, rows = template_rows()
    rows[1][1] = rows[0][1]
    rows[2][2] = ""
    rows[3][0] = "先进事迹清单"
    err = refused(demo_session, write_csv(tmp_path / "d.csv", rows=rows), snapshot, "3 处错误")
    texts = [p.text() for p in err.problems]
    assert any("第12行 B列（编码）" in t and "与第11行重复" in t for t in texts)
    assert any("第13行 C列（标题）：「标题」不能为空" in t for t in texts)
    assert any("第14行 A列（清单）：未知的清单「先进事迹清单」" in t for t in texts)


def test_formulas_in_xlsx_are_refused(demo_session, tmp_path, snapshot):
    from openpyxl import load_workbook

    path = tmp_path / "f.xlsx"
    catalogue.export_template(path)
    wb = load_workbook(path)
    wb["事项"]["C3"] = '=CONCATENATE("协助","低保")'
    wb.save(path)
    err = refused(demo_session, path, snapshot, "错误")
    assert any("「事项」表第3行 C列（标题）" in p.where and "公式" in p.message for p in err.problems)


def test_traditional_characters_warn_and_need_confirmation(demo_session, tmp_path, snapshot):
    _, _, rows = template_rows()
    rows[4][2] = "居住證明"
    path = write_csv(tmp_path / "t.csv", rows=rows)
    err = refused(demo_session, path, snapshot, "--allow-warnings")
    [warning] = err.problems
    assert "「證」是繁体字" in warning.message and warning.suggestion == "居住证明" and warning.where == "「t.csv」第15行 C列（标题）"
    report = catalogue.import_catalogue(demo_session, path, allow_warnings=True)
    assert report["outcome"] == "install" and len(report["warnings"]) == 1


def test_empty_and_missing_files(demo_session, tmp_path, snapshot):
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    refused(demo_session, empty, snapshot, "空的")
    refused(demo_session, tmp_path / "nope.xlsx", snapshot, "找不到文件")
    other = tmp_path / "x.docx"
    other.write_bytes(b"hello")
    refused(demo_session, other, snapshot, ".xlsx 或 .csv")


def test_ten_thousand_rows_import(demo_session, tmp_path):
    _, header, _ = template_rows()
    rows = [["依法自治事项", f"G-{n:05d}", f"第{n}号自治事项调解纠纷", "村民委员会组织法", "第二条", "示范"] + [""] * (len(header) - 6)
            for n in range(10_000)]
    report = catalogue.import_catalogue(demo_session, write_csv(tmp_path / "big.csv", rows=rows))
    assert report["items"] == 10_000
    assert catalogue.search(demo_session, "第9999号自治事项调解纠纷")[0]["code"] == "G-09999"


cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=20), min_size=0, max_size=6))
def test_arbitrary_cells_never_crash(demo_session, tmp_path, snapshot, rows):
    path = tmp_path / "h.csv"
    write_csv(path, rows=rows)
    before = snapshot(demo_session.db_path)
    try:
        catalogue.import_catalogue(demo_session, path, dry_run=True)
    except UserError as exc:
        assert exc.text()
    assert snapshot(demo_session.db_path) == before


def test_title_row_above_the_header_is_skipped(demo_session, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "titled.xlsx"
    catalogue.export_template(path)
    wb = load_workbook(path)
    wb["事项"].insert_rows(1)
    wb["事项"]["A1"] = "芒市目录事项表"
    wb.save(path)
    assert catalogue.import_catalogue(demo_session, path, dry_run=True)["items"] == 6


def test_importing_another_countys_catalogue_says_it_does_not_apply(demo_session, tmp_path):
    m, _, _ = template_rows()
    meta = [[k, {"辖区代码": "500112", "辖区名称": "重庆市渝北区", "目录版本": "2099.1"}.get(k, v)] for k, v in m]
    report = catalogue.import_catalogue(demo_session, write_csv(tmp_path / "yubei.csv", meta=meta))
    assert report["applies"] is False and "不适用于本单位" in report["message"]


def test_password_protected_workbook_is_named_as_such(demo_session, tmp_path, snapshot):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 200)
    refused(demo_session, path, snapshot, "密码")


def test_progress_is_reported_and_a_cancel_changes_nothing(demo_session, tmp_path, snapshot):
    from villagedesk.core.errors import Cancelled

    _, header, _ = template_rows()
    rows = [["依法自治事项", f"C-{n:05d}", f"第{n}项调解纠纷", "村民委员会组织法", "", "示范"] + [""] * (len(header) - 6)
            for n in range(3000)]
    path = write_csv(tmp_path / "c.csv", rows=rows)
    seen = []

    def cancel_while_writing(stage, fraction):
        seen.append((stage, fraction))
        if stage == "写入目录" and fraction > 0.6:
            raise Cancelled()

    before = snapshot(demo_session.db_path)
    with pytest.raises(Cancelled, match="已取消"):
        catalogue.import_catalogue(demo_session, path, progress=cancel_while_writing)
    assert snapshot(demo_session.db_path) == before
    assert [s for s, _ in seen[:2]] == ["读取并检查文件", "读取并检查文件"]
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions)
    seen.clear()
    catalogue.import_catalogue(demo_session, path, progress=lambda s, f: seen.append((s, f)))
    assert seen[-1] == ("完成", 1.0)

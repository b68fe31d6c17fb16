"""Hostile catalogue files (issue 9, part 6): small on disk, built to make the reader
allocate by what they declare. Each is read in a child process whose address space is
limited to 1 GB, so a regression fails here instead of taking the machine's memory; the
child reports its peak memory (VmHWM, else ru_maxrss) and the refusal it got."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT_AS = 1024 * 1024 * 1024
MAX_RSS_MB = 300
MAX_SECONDS = 60

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/></Types>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
       '<sheet name="事项" sheetId="1" r:id="rId1"/></sheets></workbook>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
         '</Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<dimension ref="A1:XFD1048576"/><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _workbook(path: Path, sheet_parts, strings_parts=None) -> Path:
    """An .xlsx whose sheet (and string table) are written from generators, so that a
    file that unpacks to hundreds of MB is built without holding it in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("xl/workbook.xml", _WB)
        zf.writestr("xl/_rels/workbook.xml.rels", _RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for part in sheet_parts:
                fh.write(part.encode())
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for part in strings_parts or ():
                fh.write(part.encode())
            fh.write(b"</sst>")
    return path


def huge_reference_xlsx(path: Path, rows: int = 40_000) -> Path:
    """Every row holds one number in column XFD (16,384th), under a declared dimension of
    A1:XFD1048576: 5.4 GB before, when each row became a 16,384-wide list."""
    def parts():
        yield _SHEET_HEAD
        for start in range(1, rows + 1, 1000):
            yield "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(start, min(start + 1000, rows + 1)))
        yield _SHEET_TAIL
    return _workbook(path, parts())


def styled_blanks_xlsx(path: Path, rows: int = 40_000) -> Path:
    """Empty styled cells out to XFD on every row (what Excel writes when a whole row is
    formatted): they hold nothing and must cost nothing, the file reads fine."""
    def parts():
        yield _SHEET_HEAD
        yield '<row r="1"><c r="A1" t="inlineStr"><is><t>清单</t></is></c></row>'
        for start in range(2, rows + 2, 1000):
            yield "".join(f'<row r="{r}"><c r="XFD{r}" s="1"/></row>' for r in range(start, min(start + 1000, rows + 2)))
        yield _SHEET_TAIL
    return _workbook(path, parts())


def shared_string_bomb_xlsx(path: Path, count: int = 9_000_000) -> Path:
    """Nine million empty shared strings: 0.4 MB zipped, 876 MB read before."""
    def strings():
        for _ in range(count // 100_000):
            yield "<si><t></t></si>" * 100_000
    return _workbook(path, iter([_SHEET_HEAD, _SHEET_TAIL]), strings())


def wide_csv(path: Path, megabytes: int = 28) -> Path:
    """28 MB of one-letter fields, 2,000 to a line: 10.5 GB and 165 s before."""
    line = ("a," * 2000)[:-1] + "\n"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(megabytes * 1024 * 1024 // len(line)):
            fh.write(line)
    return path


def tall_csv(path: Path, megabytes: int = 28) -> Path:
    """28 MB of short rows within the template's width: refused by the row/cell count."""
    line = "保留证明,JM-001,居住证明,依据,条款,县级,民政局,经费,材料\n"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(megabytes * 1024 * 1024 // len(line.encode())):
            fh.write(line)
    return path


def long_line_csv(path: Path, megabytes: int = 28) -> Path:
    """One 28 MB line of text without a separator."""
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(megabytes):
            fh.write("x" * 1024 * 1024)
    return path


def blank_lines_csv(path: Path, megabytes: int = 28) -> Path:
    """28 million empty lines."""
    with path.open("wb") as fh:
        for _ in range(megabytes):
            fh.write(b"\n" * 1024 * 1024)
    return path


_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    from villagedesk.core.errors import UserError
    from villagedesk.services.catalogue import check_file
    started = time.perf_counter()
    try:
        check_file(sys.argv[1])
        outcome = {{"refused": None}}
    except UserError as exc:
        outcome = {{"refused": exc.text()}}
    outcome["seconds"] = time.perf_counter() - started
    # VmHWM is the peak of this process image only; ru_maxrss also carries the parent's
    # size from before exec (Linux keeps it across execve)
    try:
        with open("/proc/self/status") as fh:
            peak_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcome["rss_mb"] = peak_kb / 1024
    print(json.dumps(outcome, ensure_ascii=False))
""")


def read_in_child(path: Path, limit: int = LIMIT_AS) -> dict:
    """check_file (read + check, as `catalogue import --dry-run`) in a memory-limited child."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD.format(limit=limit), str(path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=MAX_SECONDS * 3)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    outcome["wall"] = time.perf_counter() - started
    return outcome


def _assert_refused(outcome: dict, *words: str) -> None:
    assert outcome["refused"], outcome
    assert all(w in outcome["refused"] for w in words), outcome["refused"]
    assert outcome["rss_mb"] < MAX_RSS_MB, outcome
    assert outcome["seconds"] < MAX_SECONDS, outcome


def test_a_filled_cell_at_column_xfd_is_refused_by_name_in_little_memory(tmp_path):
    path = huge_reference_xlsx(tmp_path / "refs.xlsx")
    assert path.stat().st_size < 200 * 1024
    _assert_refused(read_in_child(path), "XFD", "超出了第", "列")


def test_styled_blank_cells_out_to_xfd_cost_nothing_and_are_read(tmp_path):
    from villagedesk.spreadsheet.reader import read_sheets

    path = styled_blanks_xlsx(tmp_path / "blanks.xlsx")
    sheets = read_sheets(path)
    assert [(r.number, r.cells) for r in sheets[0].rows] == [(1, ["清单"])]
    outcome = read_in_child(path)
    assert outcome["rss_mb"] < MAX_RSS_MB and outcome["seconds"] < MAX_SECONDS, outcome


def test_a_shared_string_bomb_is_refused(tmp_path):
    path = shared_string_bomb_xlsx(tmp_path / "sst.xlsx")
    assert path.stat().st_size < 1024 * 1024
    _assert_refused(read_in_child(path), "已拒绝导入")


def test_shared_strings_are_counted_even_when_the_zip_packs_them_modestly(tmp_path):
    """Past the count limit without a bomb's compression ratio: the count stops it."""
    from villagedesk.core.errors import UserError
    from villagedesk.spreadsheet import limits
    from villagedesk.spreadsheet.reader import read_sheets

    def strings():
        yield "".join(f"<si><t>{n:x}</t></si>" for n in range(limits.MAX_SHARED_STRINGS + 10))
    path = _workbook(tmp_path / "many.xlsx", iter([_SHEET_HEAD, _SHEET_TAIL]), strings())
    with pytest.raises(UserError, match="共享字符串超过"):
        read_sheets(path)


def test_a_member_larger_than_it_declares_is_stopped_by_what_comes_out(tmp_path):
    """The zip's directory says 2 KB; the meter counts the real bytes."""
    import zipfile as zf_mod

    from villagedesk.core.errors import UserError
    from villagedesk.spreadsheet.limits import Budget

    path = _workbook(tmp_path / "ok.xlsx", iter([_SHEET_HEAD, "<row r='1'/>" * 100_000, _SHEET_TAIL]))
    budget = Budget("ok.xlsx")
    with zf_mod.ZipFile(path) as zf:
        budget.unpacked = 200 * 1024 * 1024 - 1000  # as if the other parts had used nearly all
        with pytest.raises(UserError, match="解压后超过"):
            with budget.open(zf, "xl/worksheets/sheet1.xml") as fh:
                while fh.read(65536):
                    pass


@pytest.mark.parametrize("build, words", [
    (wide_csv, ("列", "超出了")),
    (tall_csv, ("已拒绝导入",)),
    (long_line_csv, ("超过", "字符")),
    (blank_lines_csv, ("超过", "行")),
])
def test_hostile_csv_files_are_refused_quickly_in_little_memory(tmp_path, build, words):
    path = build(tmp_path / "big.csv")
    assert path.stat().st_size > 20 * 1024 * 1024
    _assert_refused(read_in_child(path), *words)


def test_a_csv_keeps_its_rows_numbers_and_one_blank_row_per_gap(tmp_path):
    from villagedesk.spreadsheet.reader import read_sheets

    path = tmp_path / "small.csv"
    path.write_text("项目,值\n辖区代码,533103,,,\n\n\n\n清单,编码\n自治,A-1\n", encoding="utf-8")
    rows = [(r.number, r.cells) for r in read_sheets(path)[0].rows]
    assert rows == [(1, ["项目", "值"]), (2, ["辖区代码", "533103"]), (3, []), (6, ["清单", "编码"]), (7, ["自治", "A-1"])]


def test_a_gbk_csv_whose_first_bytes_are_ascii_is_still_read(tmp_path):
    from villagedesk.spreadsheet.reader import read_sheets

    path = tmp_path / "gbk.csv"
    path.write_bytes(("a,b\n" * 5000 + "自治,居住证明\n").encode("gb18030"))
    assert read_sheets(path)[0].rows[-1].cells == ["自治", "居住证明"]


def test_the_limits_sit_above_a_real_catalogue():
    from villagedesk.core.catalogue import COLUMNS, MAX_ITEMS
    from villagedesk.spreadsheet import limits

    assert limits.MAX_ROWS > MAX_ITEMS and limits.MAX_COLUMNS >= len(COLUMNS) + 10
    assert limits.MAX_CELLS >= MAX_ITEMS * len(COLUMNS)
    assert resource.RLIMIT_AS  # the children above are run under it


def test_inline_text_is_counted_as_it_is_kept(tmp_path, monkeypatch):
    """Inline strings (no shared table to cap) count toward the text limit."""
    from villagedesk.core.errors import UserError
    from villagedesk.spreadsheet import limits
    from villagedesk.spreadsheet.reader import read_sheets

    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 100_000)
    cell = "<c r='A{r}' t='inlineStr'><is><t>" + "字" * 1000 + "</t></is></c>"
    path = _workbook(tmp_path / "inline.xlsx", iter([_SHEET_HEAD] + [f"<row r='{r}'>{cell.format(r=r)}</row>"
                                                                      for r in range(1, 200)] + [_SHEET_TAIL]))
    with pytest.raises(UserError, match="单元格文字合计超过"):
        read_sheets(path)

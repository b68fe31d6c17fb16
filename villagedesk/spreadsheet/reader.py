"""Read an .xlsx or .csv file into sheets of raw rows, refusing what is not one.

Formulas are kept as `Formula` so the checker can refuse them by place; nothing here
judges content. A CSV cell that `writer.csv_cell` guarded with a leading apostrophe (a text
starting with = + - @ …) comes back as the text itself, so our own files round-trip.
"""

from __future__ import annotations

import csv
import zipfile
import zlib
from pathlib import Path

from villagedesk.core.catalogue import COLUMNS, RawRow, Sheet
from villagedesk.core.errors import UserError
from villagedesk.spreadsheet.limits import MAX_FIELDS, MAX_LINE_CHARS, MAX_UNPACKED_BYTES, Budget
from villagedesk.spreadsheet.writer import FORMULA_STARTS

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_MEMBERS = 10_000  # parts of one workbook (a real one has a few dozen)
MAX_CSV_RECORDS = 1_000_000  # lines of a CSV, blank ones included
# what a damaged or unusual zip raises besides BadZipFile: a broken deflate stream (zlib.error),
# an unsupported compression method (NotImplementedError), an encrypted member (RuntimeError),
# and for the XML inside: ParseError (a SyntaxError), bad numbers (ValueError), missing parts (KeyError)
_DAMAGED = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError, KeyError,
            ValueError, IndexError, AttributeError, SyntaxError, OverflowError)


def read_sheets(path: Path) -> list[Sheet]:
    path = Path(path)
    where = path.name
    if not path.is_file():
        raise UserError("找不到文件", where=str(path))
    size = path.stat().st_size
    if size == 0:
        raise UserError("文件是空的", where=where)
    if size > MAX_FILE_BYTES:
        raise UserError(f"文件过大（{size / 1024 / 1024:.1f} MB），目录文件最大 {MAX_FILE_BYTES // 1024 // 1024} MB", where=where)
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        start = fh.read(1 << 20)
    head = start[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in start:
        raise UserError("Excel 文件设置了打开密码，请在 Excel 中取消密码后再导入", where=where)
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为”.xlsx 格式后再导入", where=where)
    if suffix == ".xlsx" or head.startswith(b"PK"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return [_read_csv(path, start)]
    raise UserError("只能导入 .xlsx 或 .csv 文件", where=where)


def _read_xlsx(path: Path) -> list[Sheet]:
    where = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = set(zf.namelist())
    except _DAMAGED:
        raise UserError("文件不是有效的 Excel（.xlsx）文件，或者已经损坏（可能没有复制完整）", where=where) from None
    # what the zip's directory declares is checked first (cheap); the read itself is metered
    # again by the bytes that really come out (spreadsheet/limits.Budget)
    budget = Budget(where)
    if len(infos) > MAX_MEMBERS:
        raise budget.refuse(f"Excel 文件中的部件超过 {MAX_MEMBERS} 个")
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise budget.refuse(f"Excel 文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB")
    for info in infos:
        budget._unpacked(info.filename, info.file_size, info.compress_size)
    if "xl/workbook.xml" not in names:
        raise UserError("文件不是 Excel 工作簿（缺少 workbook.xml）", where=where)

    from villagedesk.spreadsheet.xlsx_values import read_workbook

    try:
        with zipfile.ZipFile(path) as zf:
            return read_workbook(zf, budget)
    except zipfile.BadZipFile as exc:
        if "CRC" in str(exc):
            raise UserError("Excel 文件已损坏（校验失败），请重新复制", where=where) from None
        raise UserError(f"Excel 文件内容已损坏，无法读取（{type(exc).__name__}）", where=where) from None
    except _DAMAGED as exc:
        # ParseError is a SyntaxError: damaged XML inside an intact zip
        raise UserError(f"Excel 文件内容已损坏，无法读取（{type(exc).__name__}）", where=where) from None


def _read_csv(path: Path, start: bytes) -> Sheet:
    """The CSV's rows, read line by line: no copy of the whole text is made, every line,
    field count and row count is capped as it comes, and a run of blank lines is kept as
    one blank row (all the catalogue check needs to see a break)."""
    where = path.name
    encodings: tuple[str, ...]
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode 文本" (UTF-16, tab-separated)
        encodings = ("utf-16",)
    elif b"\x00" in start[:4096]:
        raise UserError("文件含有二进制内容，不是文本格式的 CSV", where=where)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return Sheet(path.name, _csv_rows(path, encoding, where))
        except UnicodeError:
            continue
    if encodings == ("utf-16",):
        raise UserError("无法识别文件编码（UTF-16 文件已损坏）", where=where)
    raise UserError("无法识别文件编码（应为 UTF-8 或 GB18030/GBK）", where=where)


def _csv_rows(path: Path, encoding: str, where: str) -> list[RawRow]:
    budget = Budget(where)
    with path.open("r", encoding=encoding, newline="") as fh:
        delimiter = _delimiter(_first_line(fh, where))
        fh.seek(0)
        rows: list[RawRow] = []
        try:
            reader = csv.reader(_lines(fh, where), delimiter=delimiter)
            for number, cells in enumerate(reader, start=1):
                while cells and not cells[-1]:
                    cells.pop()  # empty fields at the end: Excel pads every line to the widest
                if not cells:
                    if number > MAX_CSV_RECORDS:
                        raise budget.refuse(f"CSV 文件超过 {MAX_CSV_RECORDS:,} 行")
                    if rows and not rows[-1].cells:
                        continue
                elif len(cells) > MAX_FIELDS:
                    raise UserError(f"第 {number} 行有 {len(cells)} 列，超出了 {MAX_FIELDS} 列；目录模板只有 "
                                    f"{len(COLUMNS)} 列，请删除多余的内容后再导入", where=where)
                else:
                    filled = [c for c in cells if c]
                    budget.row(filled, sum(map(len, filled)))
                rows.append(RawRow(number, [csv_text(c) for c in cells]))
        except csv.Error as exc:
            detail = "单元格内容过长（或引号没有成对）" if "field larger" in str(exc) else str(exc)
            raise UserError(f"CSV 格式错误：{detail}", where=where) from None
    return rows


def csv_text(cell: str) -> str:
    """A CSV field as the text it stands for: the apostrophe `writer.csv_cell` puts before a
    text a spreadsheet program would run as a formula (= + - @ …, after any further
    apostrophes) is dropped; any other apostrophe is content."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def _lines(fh, where: str):
    """The file's lines, each at most MAX_LINE_CHARS characters (a longer one is refused)."""
    while True:
        line = fh.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_LINE_CHARS:
            raise UserError(f"CSV 文件中有一行超过 {MAX_LINE_CHARS:,} 个字符，不像是目录文件，已拒绝导入", where=where)
        yield line


def _first_line(fh, where: str) -> str:
    for line in _lines(fh, where):
        if line.strip():
            return line
    return ""


def _delimiter(text: str) -> str:
    """Comma, unless the first line has none but has a tab (Excel's "Unicode 文本") or a
    semicolon (Excel where the decimal mark is a comma)."""
    first = text
    if "," in first:
        return ","
    return "\t" if "\t" in first else ";" if ";" in first else ","

"""Read an .xlsx or .csv file into sheets of raw rows, refusing what is not one.

Formulas are kept as `Formula` so the checker can refuse them by place; nothing here
judges content.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from pathlib import Path

from villagedesk.core.catalogue import RawRow, Sheet
from villagedesk.core.errors import UserError

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
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
    head = path.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in path.read_bytes()[:1 << 20]:
        raise UserError("Excel 文件设置了打开密码，请在 Excel 中取消密码后再导入", where=where)
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为”.xlsx 格式后再导入", where=where)
    if suffix == ".xlsx" or head.startswith(b"PK"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return [_read_csv(path)]
    raise UserError("只能导入 .xlsx 或 .csv 文件", where=where)


def _read_xlsx(path: Path) -> list[Sheet]:
    where = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
            names = set(zf.namelist())
            bad = zf.testzip()
    except _DAMAGED:
        raise UserError("文件不是有效的 Excel（.xlsx）文件，或者已经损坏（可能没有复制完整）", where=where) from None
    if bad is not None:
        raise UserError(f"Excel 文件已损坏（{bad} 校验失败），请重新复制", where=where)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UserError("Excel 文件解压后过大，不像是目录文件", where=where)
    if "xl/workbook.xml" not in names:
        raise UserError("文件不是 Excel 工作簿（缺少 workbook.xml）", where=where)

    from villagedesk.spreadsheet.xlsx_values import read_workbook

    try:
        with zipfile.ZipFile(path) as zf:
            return read_workbook(zf)
    except _DAMAGED as exc:
        # ParseError is a SyntaxError: damaged XML inside an intact zip
        raise UserError(f"Excel 文件内容已损坏，无法读取（{type(exc).__name__}）", where=where) from None


def _decode(data: bytes, where: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode 文本" (UTF-16, tab-separated)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UserError("无法识别文件编码（UTF-16 文件已损坏）", where=where) from None
    if b"\x00" in data[:4096]:
        raise UserError("文件含有二进制内容，不是文本格式的 CSV", where=where)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError("无法识别文件编码（应为 UTF-8 或 GB18030/GBK）", where=where)


def _read_csv(path: Path) -> Sheet:
    where = path.name
    text = _decode(path.read_bytes(), where)
    rows = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)), start=1):
            rows.append(RawRow(number, cells))
    except csv.Error as exc:
        raise UserError(f"CSV 格式错误：{exc}", where=where) from None
    return Sheet(path.name, rows)


def _delimiter(text: str) -> str:
    """Comma, unless the first line has none but has a tab (Excel's "Unicode 文本") or a
    semicolon (Excel where the decimal mark is a comma)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," in first:
        return ","
    return "\t" if "\t" in first else ";" if ";" in first else ","

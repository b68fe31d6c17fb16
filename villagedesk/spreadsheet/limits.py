"""How much of a spreadsheet we are willing to unpack and keep, counted as it is read.

A hostile file declares whatever it likes: a 10 KB workbook can name cell XFD1048576, a
zip member can claim any size, 0.4 MB can unpack to nine million strings. So nothing is
allocated by a declared size or position; every limit here is checked against what has
actually been read so far, and the first one passed stops the read with a Chinese
message that names the limit. The limits sit well above a real county catalogue
(core/catalogue.MAX_ITEMS items, len(COLUMNS) columns) and keep any accepted file under
roughly 200 MB of memory.
"""

from __future__ import annotations

import io
import zipfile

from villagedesk.core.catalogue import COLUMNS, MAX_CELL, MAX_ITEMS
from villagedesk.core.errors import UserError

MAX_COLUMNS = len(COLUMNS) + 30  # filled cells beyond this column are refused
MAX_ROWS = 100_000  # rows that hold something, over all sheets
MAX_CELLS = 1_500_000  # filled cells, over all sheets
MAX_TEXT_CHARS = 40_000_000  # characters kept in cells (a shared string counted once, in the table)
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one zip member, really unpacked
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members read, really unpacked
MAX_RATIO = 200  # unpacked ÷ packed for one member: spreadsheet XML packs 10–30×; a bomb 1000×
_RATIO_FLOOR = 1024 * 1024  # small members may pack better than that (runs of the same tag)
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_CHARS = 30_000_000
MAX_STYLES = 100_000
MAX_SHEETS = 255
MAX_LINE_CHARS = MAX_COLUMNS * (MAX_CELL + 10)  # one CSV line
MAX_FIELDS = MAX_COLUMNS  # fields of one CSV line (empty ones at the end not counted)

assert MAX_ROWS > MAX_ITEMS  # a catalogue at its item limit must still be read to be refused by count


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how the user sees a column."""
    name = ""
    index += 1
    while index > 0 and len(name) < 8:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name if index == 0 else name + "…"


class Budget:
    """Counters for one file; each method raises UserError once its limit is passed."""

    def __init__(self, where: str = "") -> None:
        self.where = where
        self.unpacked = 0
        self.rows = 0
        self.cells = 0
        self.shared = 0
        self.shared_chars = 0
        self.text_chars = 0

    def refuse(self, message: str) -> UserError:
        return UserError(message + "，不像是目录文件，已拒绝导入", where=self.where)

    # ---- the zip container -------------------------------------------------------------

    def open(self, zf: zipfile.ZipFile, name: str) -> _CountingReader:
        info = zf.getinfo(name)
        return _CountingReader(zf.open(info), self, name, info.compress_size)

    def _unpacked(self, name: str, member_bytes: int, packed: int) -> None:
        if member_bytes > MAX_MEMBER_BYTES:
            raise self.refuse(f"Excel 文件中的 {name} 解压后超过 {MAX_MEMBER_BYTES // 1024 // 1024} MB")
        if self.unpacked > MAX_UNPACKED_BYTES:
            raise self.refuse(f"Excel 文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB")
        if member_bytes > _RATIO_FLOOR and member_bytes > MAX_RATIO * max(packed, 1):
            raise self.refuse(f"Excel 文件中的 {name} 压缩比超过 {MAX_RATIO} 倍（疑似“压缩炸弹”）")

    # ---- what is kept ------------------------------------------------------------------

    def shared_string(self, text: str) -> None:
        self.shared += 1
        self.shared_chars += len(text)
        if self.shared > MAX_SHARED_STRINGS:
            raise self.refuse(f"Excel 文件的共享字符串超过 {MAX_SHARED_STRINGS:,} 个")
        if self.shared_chars > MAX_SHARED_CHARS:
            raise self.refuse(f"Excel 文件的共享字符串合计超过 {MAX_SHARED_CHARS // 10000:,} 万字")

    def style(self, count: int) -> None:
        if count >= MAX_STYLES:
            raise self.refuse(f"Excel 文件的单元格格式超过 {MAX_STYLES:,} 种")

    def sheet(self, count: int) -> None:
        if count >= MAX_SHEETS:
            raise self.refuse(f"工作表超过 {MAX_SHEETS} 个")

    def column(self, index: int, row_number: int) -> None:
        if index >= MAX_COLUMNS:
            raise UserError(f"第 {row_number} 行 {column_name(index)} 列有内容，超出了第 {MAX_COLUMNS} 列"
                            f"（{column_name(MAX_COLUMNS - 1)} 列）；目录模板只有 {len(COLUMNS)} 列，"
                            "请删除表格右侧多余的内容后再导入", where=self.where)

    def row(self, cells, text_chars: int = 0) -> None:
        """One row that holds something; `text_chars`: characters of text it holds that are
        not shared strings (inline strings, CSV fields)."""
        self.rows += 1
        self.cells += len(cells)
        self.text_chars += text_chars
        if self.text_chars > MAX_TEXT_CHARS:
            raise self.refuse(f"单元格文字合计超过 {MAX_TEXT_CHARS // 10000:,} 万字")
        if self.rows > MAX_ROWS:
            raise self.refuse(f"有内容的行超过 {MAX_ROWS:,} 行（一个目录最多 {MAX_ITEMS:,} 项）")
        if self.cells > MAX_CELLS:
            raise self.refuse(f"有内容的单元格超过 {MAX_CELLS:,} 个")


class _CountingReader(io.RawIOBase):
    """A zip member read through a meter: the size in the zip's directory is not trusted,
    the bytes that come out are counted and the read stops past a limit."""

    def __init__(self, raw, budget: Budget, name: str, packed: int) -> None:
        self._raw = raw
        self._budget = budget
        self._name = name
        self._packed = packed
        self._count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:  # all of it, still in metered chunks
            return b"".join(iter(lambda: self.read(1024 * 1024), b""))
        data = self._raw.read(min(size, 1024 * 1024))
        self._count += len(data)
        self._budget.unpacked += len(data)
        self._budget._unpacked(self._name, self._count, self._packed)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()

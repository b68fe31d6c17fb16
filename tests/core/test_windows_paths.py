"""What differs on Windows, tested here on Linux: file names Windows or a FAT32 stick refuse
(files.safe_file_name, used by services/outputs.py), and CSV from Excel on a Chinese Windows
(GB18030, CRLF line ends, line breaks inside a cell)."""

from __future__ import annotations

from pathlib import Path

import pytest

from villagedesk.core.errors import UserError
from villagedesk.files import FAT32_MAX_FILE, MAX_NAME_UNITS, safe_file_name
from villagedesk.services import outputs
from villagedesk.spreadsheet.reader import read_sheets

EXT_B = "\U00020000"  # 𠀀: CJK Extension B, two UTF-16 units, in GB18030 but not in GBK


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("stem", ["CON", "con", "PRN", "AUX", "NUL", "nul", "COM1", "com9", "LPT1", "lpt3", "COM¹",
                                  "CONIN$", "CONOUT$"])
def test_reserved_device_names_are_changed_with_or_without_extension(stem):
    for suffix in ("", ".pdf", ".txt"):
        name = safe_file_name(stem, suffix)
        assert name != stem + suffix and name.endswith(suffix)
        assert not name.upper().startswith(stem.upper() + ".") and name.upper() != stem.upper()
    assert safe_file_name(f"{stem}.tar", ".gz") == f"{stem}.tar_.gz" or safe_file_name(f"{stem}.tar", ".gz").startswith(f"{stem}_")


@pytest.mark.parametrize("stem", ["CONSOLE", "COM10", "nullable", "王芳-CON", "AUXILIARY", "风平村证〔2026〕1号"])
def test_names_that_only_look_reserved_are_kept(stem):
    assert safe_file_name(stem, ".pdf") == f"{stem}.pdf"


def test_characters_windows_refuses_and_drive_letters_become_underscores():
    assert safe_file_name('C:\\Users\\村委会/证明 "1"?<>|*', ".pdf") == "C__Users_村委会_证明 _1______.pdf"
    assert safe_file_name("a\x00b\x1fc\x7f", ".txt") == "a_b_c_.txt"
    assert safe_file_name("D:", ".pdf") == "D_.pdf"


def test_trailing_dots_and_spaces_that_windows_drops_are_removed():
    assert safe_file_name("  证明...  ", ".pdf") == "证明.pdf"
    assert safe_file_name(" . ", ".pdf") == "文件.pdf"
    assert safe_file_name("", ".pdf") == "文件.pdf" and safe_file_name(None) == "文件"


def test_names_are_cut_to_255_utf16_units_never_inside_a_surrogate_pair():
    long = "村" * 300
    name = safe_file_name(long, ".pdf")
    assert units(name) == MAX_NAME_UNITS and name.endswith(".pdf")
    rare = EXT_B * 200  # 400 units
    name = safe_file_name(rare, ".pdf")
    assert units(name) == MAX_NAME_UNITS - 1 and name.endswith(".pdf")  # 125 pairs: the 126th would straddle
    assert all(ord(c) == 0x20000 for c in name[:-4])  # whole characters only
    name.encode("utf-8")  # no lone surrogate
    odd = "a" + EXT_B * 200
    cut = safe_file_name(odd, ".pdf")
    assert units(cut) == MAX_NAME_UNITS and cut.startswith("a")
    assert len(safe_file_name("x" * 10, ".pdf", max_units=8)) == 8


def test_a_name_that_fits_is_unchanged():
    stem = "村" * (MAX_NAME_UNITS - 4)
    assert safe_file_name(stem, ".pdf") == stem + ".pdf"


def test_fat32_limit_is_the_4_gib_file():
    assert FAT32_MAX_FILE == 4 * 1024**3 - 1


def test_output_file_names_are_windows_safe(tmp_path):
    path = outputs.output_file(tmp_path, "signs", "NUL", stamp=False)
    assert path.name == "NUL_.pdf" and path.parent == tmp_path / "牌子"
    path = outputs.output_file(tmp_path, "signs", "CON", stamp=True)
    assert path.name.startswith("CON-") and path.suffix == ".pdf"
    path = outputs.output_file(tmp_path, "ledger", EXT_B * 300, stamp=True)
    assert units(path.name) <= MAX_NAME_UNITS and path.name.endswith(".pdf") and "-20" in path.name
    path = outputs.output_file(tmp_path, "ledger", "台账/2026:上半年. ", stamp=False, suffix=".xlsx")
    assert path.name == "台账_2026_上半年.xlsx"


# ---- CSV from Excel on a Chinese Windows -------------------------------------------------

ROWS = [["事项名称", "清单", "备注"],
        ["居住证明", "保留出具证明事项", f"含生僻字{EXT_B}与䶮"],
        ["多行说明", "负面清单", "第一行\r\n第二行"]]


def _excel_csv(path: Path, encoding: str, line_end: str = "\r\n") -> Path:
    def cell(text):
        return f'"{text}"' if ("\r" in text or "\n" in text or "," in text) else text

    text = line_end.join(",".join(cell(c) for c in row) for row in ROWS) + line_end
    path.write_bytes(text.encode(encoding))
    return path


def _cells(path: Path):
    [sheet] = read_sheets(path)
    return [row.cells for row in sheet.rows if row.cells]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_with_crlf_reads_the_same_cells_in_every_encoding(tmp_path, encoding):
    cells = _cells(_excel_csv(tmp_path / "目录.csv", encoding))
    assert cells[0] == ROWS[0] and cells[1] == ROWS[1]
    assert cells[2][:2] == ["多行说明", "负面清单"]
    assert cells[2][2].replace("\r\n", "\n") == "第一行\n第二行"  # the line break inside a cell survives
    assert not any(c.endswith("\r") for row in cells for c in row)  # no CR left at a line end


def test_gb18030_four_byte_characters_are_read(tmp_path):
    path = _excel_csv(tmp_path / "目录.csv", "gb18030")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gbk")  # the Extension B character needs GB18030 proper
    assert EXT_B in _cells(path)[1][2]


def test_csv_with_bare_lf_and_with_crlf_give_the_same_rows(tmp_path):
    crlf = _cells(_excel_csv(tmp_path / "a.csv", "gb18030"))
    lf = _cells(_excel_csv(tmp_path / "b.csv", "gb18030", "\n"))
    assert [r[:2] for r in crlf] == [r[:2] for r in lf]


def test_csv_in_neither_encoding_is_refused_in_chinese(tmp_path):
    path = tmp_path / "坏.csv"
    path.write_bytes(b"\xff\xff\xfe," * 10 + b"\x81\x30\r\n")
    with pytest.raises(UserError) as caught:
        read_sheets(path)
    assert "编码" in caught.value.text() or "CSV" in caught.value.text()

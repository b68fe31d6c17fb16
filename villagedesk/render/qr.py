"""The certificate's QR code, drawn as vector rectangles so it stays crisp at any zoom.

Error correction Q and alphanumeric mode, as the issue asks: the payload ("VD1:" + Base45)
is in QR's 45-character alphanumeric set, which packs 5.5 bits a character instead of 8.
Version 13 (69 modules) is the most that still decodes from a 150 dpi scan at about 3 cm,
so a longer text is refused rather than printed as a code nobody can read.

The modules of an alphanumeric text come from qr_encoder (tables prepared once per version,
fixed mask; 0.1 ms instead of zxing-cpp's 0.7 ms); other text still goes through qrcode's
segmenting and zxing-cpp's or qrcode's encoder.
"""

from __future__ import annotations

from functools import cache
from operator import getitem

from villagedesk.core.errors import UserError
from villagedesk.render import qr_encoder

MAX_VERSION = 13
QUIET_ZONE = 4  # modules of white on each side, required by ISO/IEC 18004
ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def is_alphanumeric(text: str) -> bool:
    return all(ch in ALPHANUMERIC for ch in text)


def _planned(text: str):
    """qrcode's QRCode holding the text as one segment, at its smallest version."""
    import qrcode
    from qrcode.exceptions import DataOverflowError
    from qrcode.util import MODE_ALPHA_NUM, QRData

    if not text:
        raise UserError("二维码内容为空", where="二维码")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=0)
    if is_alphanumeric(text):
        # one alphanumeric segment: qrcode's optimiser would otherwise cut digit runs into
        # numeric segments, which is legal but makes the size depend on the content's digits
        qr.add_data(QRData(text, mode=MODE_ALPHA_NUM))
    else:
        qr.add_data(QRData(text.encode("utf-8")), optimize=0)
    try:
        version = qr.best_fit()
    except DataOverflowError:
        version = 41
    if version > MAX_VERSION:
        raise UserError(
            f"二维码内容太长（{len(text)} 个字符），需要{'超过 40' if version > 40 else f' {version} '}版二维码，"
            f"超过了 {MAX_VERSION} 版的上限，扫描件上将无法识读",
            where="二维码",
        )
    return qr, version


def _alphanumeric_version(text: str) -> int:
    """The smallest version holding `text` as one alphanumeric segment at level Q (ISO/IEC 18004
    7.4.4: 4 mode bits, a 9/11/13-bit count, 11 bits per pair of characters, 6 for a last one);
    the same answer as qrcode's best_fit, without its trial encodings (3 ms a certificate)."""
    import qrcode
    from qrcode.util import BIT_LIMIT_TABLE

    n = len(text)
    limits = BIT_LIMIT_TABLE[qrcode.constants.ERROR_CORRECT_Q]
    for version in range(1, 41):
        count_bits = 9 if version < 10 else 11 if version < 27 else 13
        if 4 + count_bits + 11 * (n // 2) + 6 * (n % 2) <= limits[version]:
            return version
    return 41


def _zxing_modules(text: str, version: int) -> list[list[bool]] | None:
    """The same symbol from zxing-cpp's C++ encoder, some 20 times faster than qrcode's
    mask selection (issuing a certificate has a 35 ms budget); None if it cannot oblige."""
    try:
        import zxingcpp

        symbol = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="Q", version=version)
        image = memoryview(symbol.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]  # zxingcpp.Image has the buffer protocol; its stub does not say so
    except Exception:  # not installed, or the text does not fit the version qrcode chose
        return None
    n = 17 + 4 * version
    if image.shape != (n, n):
        return None
    pixels = image.tobytes()
    return [[pixels[r * n + c] < 128 for c in range(n)] for r in range(n)]


def _rows(text: str) -> tuple[int, list[str]]:
    """(version, rows as strings of "1" dark / "0" light), without the quiet zone.

    An alphanumeric text (our payloads) is encoded by qr_encoder at the smallest version,
    with tables prepared once (0.1 ms); any other text takes qrcode's segmenting and version
    choice (which also refuses above 13) and zxing-cpp's or qrcode's modules."""
    if text and is_alphanumeric(text):
        version = _alphanumeric_version(text)
        if version <= MAX_VERSION:
            rows = qr_encoder.rows(text, version)
            if rows is not None:
                return version, rows
    qr, version = _planned(text)
    modules = _zxing_modules(text, version)
    if modules is None:
        qr.make(fit=False)
        modules = [list(row) for row in qr.modules]
    return version, ["".join("1" if m else "0" for m in row) for row in modules]


def qr_matrix(text: str) -> tuple[int, list[list[bool]]]:
    """(version, modules) without the quiet zone; True is a dark module."""
    version, rows = _rows(text)
    return version, [[m == "1" for m in row] for row in rows]


@cache
def _byte_runs(width: int) -> tuple[tuple[str, ...], ...]:
    """For each of the `width` byte positions of a row and each byte value, the "x Y w 1 re" runs
    of its dark bits (Y stands for the row): a row is drawn by one look-up a byte, not a scan.
    A run crossing a byte boundary becomes two rectangles side by side in the same path,
    which fill as one."""
    table = []
    for k in range(width):
        pieces = []
        for value in range(256):
            bits = format(value, "08b")
            runs = []
            c = 0
            while c < 8:
                if bits[c] == "1":
                    start = c
                    while c < 8 and bits[c] == "1":
                        c += 1
                    runs.append(f"{8 * k + start} Y {c - start} 1 re\n")
                else:
                    c += 1
            pieces.append("".join(runs))
        table.append(tuple(pieces))
    return tuple(table)


def qr_path(rows: list[str]) -> str:
    """The dark modules as one fill path of row runs, in module units with (0, 0) the bottom
    left module: "x y w 1 re" a run, then "f"."""
    n = len(rows)
    width = (n + 7) // 8
    table = _byte_runs(width)
    pad = "0" * (8 * width - n)
    out = []
    for r, row in enumerate(rows):
        data = int(row + pad, 2).to_bytes(width, "big")
        out.append("".join(map(getitem, table, data)).replace("Y", str(n - 1 - r)))
    out.append("f")
    return "".join(out)


def draw_qr(canvas, text: str, x: float, y: float, size: float) -> int:
    """Draw the code with its quiet zone inside the square (x, y, size) in points; returns the version.

    A white square goes down first so a watermark under the page never greys the light
    modules. The dark modules are one filled path of row runs, in module units (so the
    numbers are small integers, written directly: reportlab's float formatting of a
    thousand rectangles took longer than the rest of the page), and one path means a
    rasteriser draws no hairline seams between neighbouring modules."""
    version, rows = _rows(text)
    n = len(rows)
    unit = size / (n + 2 * QUIET_ZONE)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.translate(x + QUIET_ZONE * unit, y + QUIET_ZONE * unit)
    canvas.scale(unit, unit)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(qr_path(rows))
    canvas.restoreState()
    return version

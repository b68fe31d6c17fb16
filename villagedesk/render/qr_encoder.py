"""A QR code of an alphanumeric text at error correction Q, built from tables prepared once
per version, because the symbol is drawn on every certificate (issue #10 item 8).

zxing-cpp's encoder took 0.7 ms a certificate (it reads each symbol back after making it)
and qrcode's pure-Python one several; this one takes about 0.1 ms: the function patterns
of a version, the order its data modules are filled in (ISO/IEC 18004 7.7.3) and the mask
over them are computed once; per text only the bit stream, the Reed-Solomon codewords
(7.5.2) and one gather of characters remain.

The mask is fixed (pattern MASK) instead of chosen by the penalty score of 7.8.3: the
standard allows any of the eight, a reader decodes each the same, and the score costs
more than the rest of the symbol. The payload is Base45 of signed bytes, so its modules
are as good as random under any mask. For the same mask the modules are exactly those of
the qrcode package (tests/render/test_qr.py compares them).
"""

from __future__ import annotations

from functools import cache
from operator import itemgetter

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {ch: i for i, ch in enumerate(ALPHANUMERIC)}
MASK = 2  # column % 3 == 0 (mask_func 2 of ISO/IEC 18004 table 10)
MAX_VERSION = 40
_LEVEL_Q = 3  # qrcode.constants.ERROR_CORRECT_Q: the 2-bit indicator of level Q is 11


@cache
def _pairs() -> dict[str, int]:
    """Every two-character group → its 11-bit value (7.4.4), so the text is read two at a time."""
    return {a + b: 45 * _VALUE[a] + _VALUE[b] for a in ALPHANUMERIC for b in ALPHANUMERIC}


@cache
def _blocks(version: int) -> tuple[tuple[int, int], ...]:
    """(data codewords, error correction codewords) of each block at level Q (table 9)."""
    from qrcode.base import rs_blocks

    return tuple((b.data_count, b.total_count - b.data_count) for b in rs_blocks(version, _LEVEL_Q))


@cache
def _gf() -> tuple[list[int], list[int]]:
    exp = [0] * 512
    log = [0] * 256
    x = 1
    for i in range(255):
        exp[i] = x
        log[x] = i
        x <<= 1
        if x & 0x100:
            x ^= 0x11D  # the field's polynomial x^8 + x^4 + x^3 + x^2 + 1 (7.5.2)
    for i in range(255, 512):
        exp[i] = exp[i - 255]
    return exp, log


@cache
def _feedback(degree: int) -> tuple[int, ...]:
    """For each feedback byte f, f times the generator polynomial of `degree` as one integer
    of `degree` bytes: the division register becomes one shift and one XOR a codeword."""
    exp, log = _gf()
    gen = [1]
    for i in range(degree):  # (x - α^0)(x - α^1)…, highest power first
        nxt = [0] * (len(gen) + 1)
        for j, g in enumerate(gen):
            nxt[j] ^= g
            if g:
                nxt[j + 1] ^= exp[log[g] + i]
        gen = nxt
    coeffs = gen[1:]
    table = [0]
    for f in range(1, 256):
        value = 0
        for g in coeffs:
            value = (value << 8) | (exp[log[f] + log[g]] if g else 0)
        table.append(value)
    return tuple(table)


def _ec(data: bytes, degree: int) -> bytes:
    table = _feedback(degree)
    top = 8 * (degree - 1)
    full = (1 << (8 * degree)) - 1
    reg = 0
    for byte in data:
        reg = ((reg << 8) & full) ^ table[(reg >> top) ^ byte]
    return reg.to_bytes(degree, "big")


def _data_codewords(text: str, version: int) -> bytes | None:
    """Mode, count, the text two characters at a time, terminator and pad codewords (7.4)."""
    count_bits = 9 if version < 10 else 11 if version < 27 else 13
    capacity = 8 * sum(d for d, _ in _blocks(version))
    n = len(text)
    pairs = _pairs()
    value = (0b0010 << count_bits) | n
    bits = 4 + count_bits
    for i in range(0, n - 1, 2):
        value = (value << 11) | pairs[text[i:i + 2]]
    bits += 11 * (n // 2)
    if n % 2:
        value = (value << 6) | _VALUE[text[-1]]
        bits += 6
    if bits > capacity:
        return None
    end = min(4, capacity - bits)  # terminator
    value <<= end
    bits += end
    value <<= -bits % 8
    bits += -bits % 8
    pad = (capacity - bits) // 8
    return value.to_bytes(bits // 8, "big") + (b"\xec\x11" * (pad // 2 + 1))[:pad]


def _codewords(data: bytes, version: int) -> bytes:
    """Data split into blocks, each with its error correction, interleaved (7.6)."""
    blocks, ecs = [], []
    at = 0
    for size, degree in _blocks(version):
        chunk = data[at:at + size]
        at += size
        blocks.append(chunk)
        ecs.append(_ec(chunk, degree))
    out = bytearray()
    for i in range(max(len(b) for b in blocks)):
        out.extend(b[i] for b in blocks if i < len(b))
    for i in range(len(ecs[0])):
        out.extend(e[i] for e in ecs)
    return bytes(out)


@cache
def _layout(version: int) -> tuple[int, int, int, itemgetter, str]:
    """(size, number of data modules, the mask over them as bits in fill order, the gather
    that puts fill-order bits and the fixed modules into reading order, the fixed modules in
    reading order); the function
    patterns, format and version information come from qrcode, computed once."""
    import qrcode
    from qrcode.util import mask_func

    q = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_Q, mask_pattern=MASK, border=0)
    q.map_data = lambda data, mask_pattern: None  # keep the data modules empty (None)
    q.data_cache = []
    q.makeImpl(False, MASK)
    grid = q.modules
    n = len(grid)
    order: list[tuple[int, int]] = []  # the fill order of 7.7.3, as qrcode's map_data walks it
    row, inc = n - 1, -1
    for col in range(n - 1, 0, -2):
        if col <= 6:
            col -= 1
        while True:
            for c in (col, col - 1):
                if grid[row][c] is None:
                    order.append((row, c))
            row += inc
            if row < 0 or row >= n:
                row -= inc
                inc = -inc
                break
    masked = mask_func(MASK)
    mask_bits = 0
    for r, c in order:
        mask_bits = (mask_bits << 1) | bool(masked(r, c))
    where = {rc: i for i, rc in enumerate(order)}
    count = len(order)
    fixed = "".join("1" if grid[r][c] else "0" for r in range(n) for c in range(n))
    # source string = fill-order bits then the fixed modules in reading order
    picks = [where[(r, c)] if (r, c) in where else count + r * n + c for r in range(n) for c in range(n)]
    return n, count, mask_bits, itemgetter(*picks), fixed


def version_for(text: str) -> int:
    """The smallest version holding `text` as one alphanumeric segment at level Q."""
    n = len(text)
    for version in range(1, MAX_VERSION + 1):
        count_bits = 9 if version < 10 else 11 if version < 27 else 13
        if 4 + count_bits + 11 * (n // 2) + 6 * (n % 2) <= 8 * sum(d for d, _ in _blocks(version)):
            return version
    return MAX_VERSION + 1


def rows(text: str, version: int) -> list[str] | None:
    """The symbol's rows as strings of "1" (dark) and "0", without the quiet zone; None when
    `text` is not alphanumeric or does not fit `version`."""
    if not text or not all(ch in _VALUE for ch in text):
        return None
    data = _data_codewords(text, version)
    if data is None:
        return None
    n, count, mask_bits, gather, fixed = _layout(version)
    stream = _codewords(data, version)
    extra = count - 8 * len(stream)  # remainder bits (7.6), zero before the mask
    bits = (int.from_bytes(stream, "big") << extra) ^ mask_bits
    flat = "".join(gather(format(bits, f"0{count}b") + fixed))
    return [flat[i:i + n] for i in range(0, n * n, n)]

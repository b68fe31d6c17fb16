"""The embedded TrueType subset of a page, compressed, from pieces prepared once per glyph.

reportlab rebuilds every subset from the 3 MB glyph table and deflates it whole: 2.5 ms of
a certificate's 5 (issue #10 item 8). The bytes of the font file are the same as reportlab's
`makeSubset` (tests/render/test_page_pdf.py compares them); only the compression differs:
each glyph, padded to four bytes as it is in the file, is deflated once on its own and kept,
and a subset's stream is the zlib header, the small tables it writes anew as stored blocks,
the kept glyph pieces in order, the tables after them, an end block and the Adler-32 of the
whole file.
Deflate blocks ended by a sync flush may be concatenated (RFC 1951 3.2.3: a block that
refers to nothing before it is valid anywhere), so the stream inflates to exactly the font.

The checksums of the file (TrueType 'head' checkSumAdjustment) are sums of 32-bit words,
so a glyph's share is also computed once. A subset with a composite glyph (none in the
bundled faces) takes reportlab's own path.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache
from itertools import accumulate, chain, repeat

LEVEL = 6  # zlib's default, as reportlab's PDFZCompress uses
_ZLIB_HEADER = b"\x78\x9c"
_FINAL_BLOCK = b"\x03\x00"  # an empty fixed-Huffman block with BFINAL set


def _deflate(data: bytes) -> bytes:
    """Raw deflate of `data` ending on a byte boundary, referring to nothing before it."""
    co = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return co.compress(data) + co.flush(zlib.Z_SYNC_FLUSH)


def _stored(data: bytes) -> bytes:
    """`data` as stored (uncompressed) deflate blocks (RFC 1951 3.2.4), for the few small
    tables each subset writes anew: setting up a compressor costs 18 us, deflating them saves
    some 400 bytes of a 45 kB page."""
    out = []
    for at in range(0, len(data), 0xFFFF):
        chunk = data[at:at + 0xFFFF]
        out.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(out)


def checksum(data: bytes) -> int:
    """TrueType table checksum: the sum of big-endian 32-bit words, zero-padded."""
    data = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}L", data)) & 0xFFFFFFFF


class _Face:
    """What is the same for every subset of one face: its static tables and glyph pieces."""

    def __init__(self, face):
        self.face = face
        self.glyf = face.get_table("glyf")
        self.pos = face.glyphPos
        self.static = {tag: face.get_table(tag) for tag in ("name", "OS/2", "cvt ", "fpgm", "prep")
                       if tag in face.table}
        self.static["post"] = b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16
        # the tables after 'glyf' that no subset changes ('name', 'post'), deflated once
        self.tail_tags = ("name", "post")
        tail = b"".join(t + b"\0" * (-len(t) % 4) for t in (self.static.get(tag, b"") for tag in self.tail_tags))
        self.tail = (tail, _deflate(tail)) if all(tag in self.static for tag in self.tail_tags) else None
        self.sums = {tag: checksum(data) for tag, data in self.static.items()}
        self.hhea = face.get_table("hhea")
        self.maxp = face.get_table("maxp")
        head = face.get_table("head")
        self.head = head[:8] + b"\0\0\0\0" + head[12:]  # checkSumAdjustment zeroed, as reportlab's maker
        self.glyphs: dict[int, tuple[bytes, bytes, int]] = {}  # glyph → (padded bytes, deflated, checksum)
        self.sizes = [(self.pos[g + 1] - self.pos[g] + 3) & ~3 for g in range(len(self.pos) - 1)]  # padded
        self.hmetrics = [(int(aw), int(lsb)) for aw, lsb in face.hmetrics]
        self.composite = frozenset(g for g in range(len(self.pos) - 1) if self.is_composite(g))
        ascii_glyphs = tuple(face.charToGlyph.get(code, 0) for code in range(32, 128))
        self.ascii = ascii_glyphs if len(set(ascii_glyphs)) == len(ascii_glyphs) else ()
        self._ascii_piece: tuple[bytes, bytes, int] | None = None

    def glyph(self, gid: int) -> tuple[bytes, bytes, int]:
        piece = self.glyphs.get(gid)
        if piece is None:
            start, end = self.pos[gid], self.pos[gid + 1]
            data = self.glyf[start:end]
            data += b"\0" * (-len(data) % 4)
            piece = (data, _deflate(data) if data else b"", checksum(data))
            self.glyphs[gid] = piece
        return piece

    def ascii_piece(self) -> tuple[bytes, bytes, int]:
        if self._ascii_piece is None:
            run = [self.glyph(g) for g in self.ascii]
            data = b"".join(p[0] for p in run)
            self._ascii_piece = (data, _deflate(data), sum(p[2] for p in run) & 0xFFFFFFFF)
        return self._ascii_piece

    def is_composite(self, gid: int) -> bool:
        start, end = self.pos[gid], self.pos[gid + 1]
        return end - start > 2 and self.glyf[start] & 0x80 != 0  # numberOfContours < 0


@cache
def _prepared(face) -> _Face:
    return _Face(face)


@cache
def fingerprint(face) -> bytes:
    """What tells this face from another version of it, for a document ID: its name and its
    'head' table, whose checkSumAdjustment sums the whole font file (TrueType 'head')."""
    import hashlib

    return hashlib.md5(face.name + b"\0" + face.get_table("head")).hexdigest().encode("ascii")


def font_file(face, subset: list[int]) -> tuple[bytes, int]:
    """(zlib stream, uncompressed length) of the TrueType subset for the character codes
    `subset` (position = code in the PDF font), as reportlab's makeSubset lays it out."""
    f = _prepared(face)
    olds = list(map(face.charToGlyph.get, subset, repeat(0)))  # a code the font lacks → .notdef
    glyph_map = list(dict.fromkeys([0, *olds]))  # the font's glyphs in order of first use
    glyph_set = {g: i for i, g in enumerate(glyph_map)}
    code_to_glyph = list(map(glyph_set.__getitem__, olds))
    if f.composite and not f.composite.isdisjoint(glyph_map):
        data = face.makeSubset(subset)
        return zlib.compress(data, LEVEL), len(data)

    # reportlab's first subset holds codes 32-127 (ASCII) in order, so their 96 glyphs follow
    # each other in every subset 0: kept as one piece, which deflates better than 96
    pieces = []
    at = glyph_set.get(f.ascii[0]) if f.ascii else None
    if at is not None and tuple(glyph_map[at:at + len(f.ascii)]) == f.ascii:
        pieces += [f.glyph(g) for g in glyph_map[:at]]
        pieces.append(f.ascii_piece())
        pieces += [f.glyph(g) for g in glyph_map[at + len(f.ascii):]]
    else:
        pieces = [f.glyph(g) for g in glyph_map]
    num = len(glyph_map)
    offsets = [0, *accumulate(map(f.sizes.__getitem__, glyph_map))]
    glyf_len = offsets[-1]
    glyf_sum = sum(p[2] for p in pieces) & 0xFFFFFFFF

    hmtx_values = list(chain.from_iterable(map(f.hmetrics.__getitem__, glyph_map)))
    n = len(hmtx_values) - 2
    while n and hmtx_values[n] == hmtx_values[n - 2]:
        n -= 2
    n += 2
    number_of_hmetrics = n >> 1
    hmtx_values = hmtx_values[:n] + hmtx_values[n + 1::2]
    hmtx = struct.pack(f">{len(hmtx_values)}H", *hmtx_values)

    if (glyf_len + 1) >> 1 > 0xFFFF:
        loc_format, loca = 1, struct.pack(f">{len(offsets)}L", *offsets)
    else:
        loc_format, loca = 0, struct.pack(f">{len(offsets)}H", *(o >> 1 for o in offsets))
    cmap_values = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset)] + code_to_glyph
    tables = dict(f.static)
    tables.update({
        "hmtx": hmtx,
        "hhea": f.hhea[:34] + struct.pack(">H", number_of_hmetrics) + f.hhea[36:],
        "maxp": f.maxp[:4] + struct.pack(">H", num) + f.maxp[6:],
        "cmap": struct.pack(f">{len(cmap_values)}H", *cmap_values),
        "loca": loca,
        "head": f.head[:50] + struct.pack(">H", loc_format) + f.head[52:],
    })
    tags = sorted([*tables, "glyf"])
    count = len(tags)
    search = 1
    selector = 0
    while search * 2 <= count:
        search *= 2
        selector += 1
    search *= 16
    directory = [struct.pack(">lHHHH", 0x00010000, count, search, selector, count * 16 - search)]
    offset = 12 + count * 16
    total = 0
    for tag in tags:
        length = glyf_len if tag == "glyf" else len(tables[tag])
        sum_ = glyf_sum if tag == "glyf" else f.sums.get(tag) if tag in f.sums else checksum(tables[tag])
        total += sum_
        directory.append(tag.encode("latin-1") + struct.pack(">LLL", sum_, offset, length))
        offset += (length + 3) & ~3
    head_dir = b"".join(directory)
    total = (total + checksum(head_dir)) & 0xFFFFFFFF
    adjustment = (0xB1B0AFBA - total) & 0xFFFFFFFF
    head = tables["head"]
    tables["head"] = head[:8] + struct.pack(">L", adjustment) + head[12:]

    def padded(tag: str) -> bytes:
        data = tables[tag]
        return data + b"\0" * (-len(data) % 4)

    at = tags.index("glyf")
    before = head_dir + b"".join(padded(t) for t in tags[:at])
    rest = tags[at + 1:]
    if f.tail is not None and tuple(rest[-len(f.tail_tags):]) == f.tail_tags:
        live = b"".join(padded(t) for t in rest[:-len(f.tail_tags)])
        after, tail_pieces = live + f.tail[0], [_stored(live), f.tail[1]]
    else:
        after = b"".join(padded(t) for t in rest)
        tail_pieces = [_deflate(after)]
    glyf = b"".join(p[0] for p in pieces)
    whole_adler = zlib.adler32(after, zlib.adler32(glyf, zlib.adler32(before)))
    stream = b"".join([_ZLIB_HEADER, _stored(before), *(p[1] for p in pieces), *tail_pieces, _FINAL_BLOCK,
                       whole_adler.to_bytes(4, "big")])
    return stream, len(before) + glyf_len + len(after)


def uncompressed(face, subset: list[int]) -> bytes:
    """The font file itself (for tests: the same bytes as reportlab's makeSubset)."""
    stream, length = font_file(face, subset)
    data = zlib.decompress(stream)
    assert len(data) == length
    return data

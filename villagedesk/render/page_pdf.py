"""A one-page document's PDF bytes, written straight from a drawn reportlab canvas.

reportlab draws the page (its canvas turns text into subset codes and keeps the operators
in order); writing the file is done here instead of by `canvas.save()`, whose object model
formats every number and dictionary in Python and rebuilds the font subset from scratch:
3 ms of a 5 ms certificate (issue #10 item 8). The objects are those reportlab writes for
such a page (catalog with PrintScaling None, one page, its content stream, per font subset
a TrueType font with Widths, ToUnicode, descriptor and embedded file), so pypdf, pdfium
and the page checks read it as before.

Byte-for-byte reproducible: no creation or modification date (both optional, PDF 1.7
14.3.3) and the document ID is the MD5 of the body, so a reprint of a ledger entry is the
same file as its first print, in this process or another. An embedded font file stands in
the digest as its face's fingerprint: it follows from the face and the subset's codes, which
the ToUnicode CMap beside it lists, and hashing its 35 kB took a twentieth of the page. Nothing is kept between pages
but what depends only on the font (font_subset's glyph pieces, widths, ToUnicode lines).
"""

from __future__ import annotations

import hashlib
import zlib
from functools import cache

from villagedesk.render import font_subset
from villagedesk.render.fonts import to_unicode_cmap

CREATOR = "村务桌面 VillageDesk"
LEVEL = 6
CONTENT_LEVEL = 1  # the page's operators: a fifth of level 6's time, a few hundred bytes more
CMAP_LEVEL = 1  # the ToUnicode CMap: a quarter of level 6's time for some 40 bytes more


def canvas(width: float, height: float, font: str):
    """A canvas to draw one page on; its bytes come from `page_bytes`, not `save`."""
    import io

    from reportlab.pdfgen import canvas as pdfcanvas

    # the initial font too, or reportlab lists a Helvetica that nothing uses and nothing embeds
    return pdfcanvas.Canvas(io.BytesIO(), pagesize=(width, height), pageCompression=1, initialFontName=font)


def text_string(value: str) -> bytes:
    """A PDF text string: ASCII as a literal, anything else as UTF-16BE with its BOM in hex."""
    if value.isascii() and value.isprintable():
        return b"(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _number(v: float) -> str:
    from reportlab.lib.rl_accel import fp_str

    return fp_str(v)


@cache
def _width_of(face, code: int) -> str:
    return _number(face.getCharWidth(code))


@cache
def _utf16(code: int) -> str:
    # UTF-16BE, so a character outside the BMP is a surrogate pair (see fonts._to_unicode_cmap)
    return chr(code).encode("utf-16-be").hex().upper()


_CODES = [f"<{i:02X}>" for i in range(256)]


_ASCII = list(range(32, 127))  # reportlab's first subset gives codes 32-126 to themselves


@cache
def _ascii_lines() -> str:
    return "\n".join(f"{_CODES[v]} <{_utf16(v)}>" for v in _ASCII)


def _bfchar_lines(subset: list[int]) -> list[str]:
    if subset[32:127] == _ASCII:  # every first subset: that run's 95 lines written once
        return [*(f"{code} <{_utf16(v)}>" for code, v in zip(_CODES, subset[:32])), _ascii_lines(),
                *(f"{code} <{_utf16(v)}>" for code, v in zip(_CODES[127:], subset[127:]))]
    return [f"{code} <{_utf16(v)}>" for code, v in zip(_CODES, subset)]


def _to_unicode(name: str, subset: list[int]) -> bytes:
    """The same CMap as fonts._to_unicode_cmap, from lines kept per (code, position)."""
    return to_unicode_cmap(name, len(subset), _bfchar_lines(subset)).encode("latin-1")


@cache
def _ascii_widths(face) -> str:
    return " ".join(_width_of(face, v) for v in _ASCII)


def _widths(face, subset: list[int]) -> str:
    """The /Widths array's numbers; the first subset's ASCII run joined once per face."""
    if subset[32:127] == _ASCII:
        return " ".join([*(_width_of(face, v) for v in subset[:32]), _ascii_widths(face),
                         *(_width_of(face, v) for v in subset[127:])])
    return " ".join(_width_of(face, code) for code in subset)


class _Objects:
    def __init__(self):
        self.bodies: list[bytes] = []
        self.stand_ins: dict[int, bytes] = {}  # object number → what the document ID hashes instead

    def reserve(self) -> int:
        self.bodies.append(b"")
        return len(self.bodies)

    def put(self, number: int, body: bytes) -> int:
        self.bodies[number - 1] = body
        return number

    def add(self, body: bytes) -> int:
        self.bodies.append(body)
        return len(self.bodies)

    def stream(self, data: bytes, extra: bytes = b"", *, compressed: bool = False, level: int = LEVEL) -> int:
        if not compressed:
            data = zlib.compress(data, level)
        return self.add(b"<< /Filter /FlateDecode /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data))


def _fonts(c, objs: _Objects) -> bytes:
    """Font objects of every subset the page used; returns the /Font resource dictionary."""
    from reportlab.pdfbase.ttfonts import SUBSETN

    doc = c._doc
    entries = []
    for font in doc.delayedFonts:
        state = font.state[doc]
        face = font.face
        for n, subset in enumerate(state.subsets):
            internal = f"{state.internalName}+{n}"
            base = (SUBSETN(n) + b"+" + face.name + face.subfontNameX).decode("latin-1")
            data, length = font_subset.font_file(face, subset)
            file_ref = objs.stream(data, b" /Length1 %d" % length, compressed=True)
            objs.stand_ins[file_ref] = b"FontFile2 %d %s" % (length, font_subset.fingerprint(face))
            head, tail = _descriptor(face, base)
            descriptor = objs.add(b"%s%d%s" % (head, file_ref, tail))
            cmap = objs.stream(_to_unicode(base, subset), level=CMAP_LEVEL)
            widths = _widths(face, subset)
            ref = objs.add((
                f"<< /Type /Font /Subtype /TrueType /Name /{internal} /BaseFont /{base} /FirstChar 0 "
                f"/LastChar {len(subset) - 1} /Widths [{widths}] /ToUnicode {cmap} 0 R "
                f"/FontDescriptor {descriptor} 0 R >>").encode("latin-1"))
            entries.append(f"/{internal} {ref} 0 R")
    return ("<< " + " ".join(entries) + " >>").encode("latin-1")


@cache
def _descriptor(face, base: str) -> tuple[bytes, bytes]:
    """The font descriptor before and after its font file's object number: the same for
    every page's subset n of a face, so formatted once."""
    from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC

    flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    bbox = " ".join(_number(v) for v in face.bbox)
    return (
        f"<< /Type /FontDescriptor /Ascent {_number(face.ascent)} /CapHeight {_number(face.capHeight)} "
        f"/Descent {_number(face.descent)} /Flags {flags} /FontBBox [{bbox}] /FontName /{base} "
        f"/ItalicAngle {_number(face.italicAngle)} /StemV {_number(face.stemV)} /FontFile2 ").encode("latin-1"), (
        f" 0 R /MissingWidth {_number(face.defaultWidth)} >>").encode("latin-1")


def _ext_gstates(c) -> bytes:
    """The transparency states the page set (void mark), as reportlab names them."""
    states = c._extgstate._c  # (key, value) → name, shared by every saved state
    if not states:
        return b""
    parts = []
    for (key, value), name in states.items():
        shown = _number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        parts.append(f"/{name} << /{key} {shown} >>")
    return ("/ExtGState << " + " ".join(parts) + " >> ").encode("latin-1")


def page_bytes(c, width: float, height: float, info: list[tuple[str, str]]) -> bytes:
    """The PDF of the one page drawn on `c` (made by `canvas`); `info` the document
    information entries (key, text) in order."""
    objs = _Objects()
    catalog = objs.reserve()
    pages = objs.reserve()
    page = objs.reserve()
    content = objs.stream("\n".join([c._preamble, *c._code, " "]).encode("latin-1"), level=CONTENT_LEVEL)
    fonts = _fonts(c, objs)
    objs.put(catalog, b"<< /Type /Catalog /Pages %d 0 R /PageMode /UseNone /ViewerPreferences << /PrintScaling /None >> >>"
             % pages)
    objs.put(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    box = f"[0 0 {_number(width)} {_number(height)}]".encode("ascii")
    objs.put(page, b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources << /Font %s %s/ProcSet [/PDF /Text] >> "
             b"/Contents %d 0 R >>" % (pages, box, fonts, _ext_gstates(c), content))
    info_ref = objs.add(b"<< " + b" ".join(b"/" + key.encode("ascii") + b" " + text_string(value)
                                           for key, value in [*info, ("Creator", CREATOR)]) + b" >>")

    out = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
    at = len(out[0])
    offsets = []
    hashed = [out[0]]
    for number, body in enumerate(objs.bodies, start=1):
        piece = b"%d 0 obj\n%s\nendobj\n" % (number, body)
        offsets.append(at)
        at += len(piece)
        out.append(piece)
        hashed.append(objs.stand_ins.get(number, piece))
    digest = hashlib.md5(b"".join(hashed)).hexdigest().upper().encode("ascii")
    size = len(objs.bodies) + 1
    out.append(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    out.append(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.append(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
               % (size, catalog, info_ref, digest, digest, at))
    return b"".join(out)

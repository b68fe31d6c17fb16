"""Register the bundled TrueType Song face with reportlab, once.

reportlab's built-in STSong-Light embeds nothing (Adobe Reader then asks for a font pack)
and it cannot embed CFF outlines, hence the subset TrueType file made by
installer/build_fonts.py. reportlab prints a blank for a character the font lacks, so
`missing_chars` lets callers refuse such text before they draw it.
"""

from __future__ import annotations

from functools import cache

from villagedesk import resources

SERIF = "VillageDeskSerifSC"


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode map with characters outside the BMP written as UTF-16 pairs.

    reportlab writes their code point as is (<2C317>), so 𬌗 prints right but copies and
    searches as another character; the PDF reference wants UTF-16BE (<D870DF17>)."""

    def utf16(v: int) -> str:
        return chr(v).encode("utf-16-be").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", "%d beginbfchar" % len(subset),
        *("<%02X> <%s>" % (i, utf16(v)) for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


@cache
def register() -> str:
    from reportlab.pdfbase import pdfmetrics, ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see _to_unicode_cmap
    pdfmetrics.registerFont(ttfonts.TTFont(SERIF, str(resources.font_path())))
    return SERIF


@cache
def _cmap() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(register())
    return frozenset(font.face.charToGlyph.keys())


def missing_chars(text: str) -> list[str]:
    """Characters the bundled font cannot draw (white space and controls aside)."""
    cmap = _cmap()
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})

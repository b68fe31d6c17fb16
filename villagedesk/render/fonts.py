"""Register the bundled TrueType Song face with reportlab, once.

reportlab's built-in STSong-Light embeds nothing (Adobe Reader then asks for a font pack)
and it cannot embed CFF outlines, hence the subset TrueType file made by
installer/build_fonts.py. reportlab prints a blank for a character the font lacks, so
`missing_chars` lets callers refuse such text before they draw it.

Yanbian's signs carry Korean beside Chinese: Hangul is drawn with the companion face
"VillageDeskSerifKR" (`register_korean`), everything else with the SC face; `face_runs`
splits a text between the two and `missing_chars_any` checks against both.
"""

from __future__ import annotations

from functools import cache

from villagedesk import resources

SERIF = "VillageDeskSerifSC"
SERIF_KR = "VillageDeskSerifKR"

# Hangul syllables, jamo and compatibility jamo go to the KR face
_HANGUL = ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xD7B0, 0xD7FF))


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode map with characters outside the BMP written as UTF-16 pairs.

    reportlab writes their code point as is (<2C317>), so 𬌗 prints right but copies and
    searches as another character; the PDF reference wants UTF-16BE (<D870DF17>)."""

    def utf16(v: int) -> str:
        return chr(v).encode("utf-16-be").hex().upper()

    return to_unicode_cmap(fontname, len(subset), (f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)))


def to_unicode_cmap(fontname: str, count: int, bfchar_lines) -> str:
    """The ToUnicode CMap text of a subset of `count` codes, around its bfchar lines (shared by
    reportlab's writer, patched above, and our own page writer, render/page_pdf.py)."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{count - 1:02X}>", "endcodespacerange", f"{count} beginbfchar",
        *bfchar_lines,
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


@cache
def register_korean() -> str:
    """Register the Korean (Hangul) companion face; returns its reportlab font name."""
    from reportlab.pdfbase import pdfmetrics, ttfonts

    register()  # installs the ToUnicode fix before the second face is read
    pdfmetrics.registerFont(ttfonts.TTFont(SERIF_KR, str(resources.korean_font_path())))
    return SERIF_KR


@cache
def _cmap_kr() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(register_korean())
    return frozenset(font.face.charToGlyph.keys())


def is_hangul(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _HANGUL)


def face_for(ch: str) -> str:
    """The font name that draws `ch`: Hangul → the KR face, the rest → the SC face."""
    return register_korean() if is_hangul(ch) else register()


def face_runs(text: str) -> list[tuple[str, str]]:
    """`text` cut into (font name, run) pieces, each drawable with one face."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        name = face_for(ch) if not ch.isspace() or not runs else runs[-1][0]
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + ch)
        else:
            runs.append((name, ch))
    return runs


def missing_chars_any(text: str) -> list[str]:
    """Characters neither face can draw: Hangul is looked up in the KR face, the rest in SC."""
    out = set()
    for ch in text:
        if ch.isspace():
            continue
        cmap = _cmap_kr() if is_hangul(ch) else _cmap()
        if ord(ch) not in cmap:
            out.add(ch)
    return sorted(out)

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


@cache
def register() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(SERIF, str(resources.font_path())))
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

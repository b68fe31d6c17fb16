"""The text a PDF page shows, for comparing a certificate's page with what was signed.

pdfium (pypdfium2) reads a certificate page's text in about 2 ms, pypdf in about 16 ms, and
a verification of a PDF has 200 ms in all (issue #9). Only the first page is read: a
VillageDesk certificate is one page, and a file claiming a million pages costs no more.
"""

from __future__ import annotations

from villagedesk.core.errors import UserError


def first_page_text(data: bytes, *, where: str = "") -> tuple[str, int]:
    """(text of page 1, number of pages) of the PDF in `data`; a Chinese UserError for a file
    pdfium cannot open (broken, encrypted)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise UserError(f"PDF 文件已损坏或已加密，无法读取页面文字：{exc}", where=where) from None
    try:
        pages = len(pdf)
        if pages < 1:
            return "", 0
        page = pdf[0]
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range(), pages
        finally:
            textpage.close()
            page.close()
    except pypdfium2.PdfiumError as exc:
        raise UserError(f"PDF 文件已损坏，无法读取页面文字：{exc}", where=where) from None
    finally:
        pdf.close()

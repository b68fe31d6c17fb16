"""The signed QR payload inside the PDF's document information, so `verify --pdf` reads it
without rasterising the page.

It goes in a key of our own (/VillageDeskPayload, which `read_payload` trusts) and also in
/Keywords, where PDF viewers show it under document properties. reportlab has no API for
extra info keys, so the canvas's info object is swapped for one that adds ours.
"""

from __future__ import annotations

from pathlib import Path

from villagedesk.core.errors import UserError

KEY = "VillageDeskPayload"


def set_payload(canvas, payload: str) -> None:
    """Call before canvas.save()."""
    from reportlab.pdfbase.pdfdoc import PDFInfo, PDFString

    class _Info(PDFInfo):
        def format(self, document):
            text = super().format(document)  # b"<< ... >>" as reportlab writes it
            end = text.rindex(b">>")
            entry = b"/" + KEY.encode("ascii") + b" " + PDFString(payload).format(document) + b"\n"
            return text[:end] + entry + text[end:]

    info = _Info()
    info.__dict__.update(canvas._doc.info.__dict__)  # keep title, author, subject already set
    canvas._doc.info = info
    canvas.setKeywords(payload)


def read_payload(path: Path) -> str | None:
    """The payload of a PDF this program made; None for any other readable PDF."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError("文件不存在", where=str(path)) from None
    except IsADirectoryError:
        raise UserError("这是一个文件夹，不是 PDF 文件", where=str(path)) from None
    except OSError as exc:
        raise UserError(f"无法读取文件：{exc.strerror or exc}", where=str(path)) from None
    if not data:
        raise UserError("文件是空的（0 字节），不是 PDF 文件", where=str(path))
    if b"%PDF-" not in data[:1024]:  # readers allow some bytes before the header
        raise UserError("这不是 PDF 文件", where=str(path))
    if b"%%EOF" not in data[-2048:]:
        # pypdf would patch a cut-off file together; a half-copied certificate should be named as such
        raise UserError("PDF 文件不完整（可能没有复制或下载完），请重新取得原文件", where=str(path))
    import io

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UserError("PDF 文件已加密，无法读取其中的核验信息", where=str(path))
        info = reader.metadata or {}
        value = info.get("/" + KEY)
    except UserError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise UserError(f"PDF 文件已损坏，无法读取：{type(exc).__name__}", where=str(path)) from None
    finally:
        quiet.setLevel(level)
    if value is None:
        return None
    value = str(value).strip()
    return value or None

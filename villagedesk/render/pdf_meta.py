"""The signed QR payload inside the PDF's document information, so `verify --pdf` reads it
without rasterising the page.

It goes in a key of our own (/VillageDeskPayload, which `read_payload` trusts) and also in
/Keywords, where PDF viewers show it under document properties. reportlab has no API for
extra info keys, so the canvas's info object is swapped for one that adds ours.

A certificate also carries, in /VillageDeskContent, the content the payload's digest covers
(canonical JSON of the ledger columns in services/certificates.py DIGEST_COLUMNS: number,
date, item, body text, name, ID number, purpose, addressee). It needs no signature of its
own: the verifier recomputes `content_digest` and compares it with the signed digest, so
a desk without the ledger can show what was signed and compare it with the page's text.
PDFs made before this key existed have only the payload (docs/formats/qr-payload.md).
"""

from __future__ import annotations

from pathlib import Path

from villagedesk.core.errors import UserError

KEY = "VillageDeskPayload"
CONTENT_KEY = "VillageDeskContent"
MAX_BYTES = 50_000_000  # a certificate PDF is ~100 KB (its fonts are subset)
MAX_CONTENT = 64_000  # characters of /VillageDeskContent read; a certificate's content is ~1,000


def content_text(content: dict) -> str:
    """The canonical JSON `content_digest` hashes (core/payload.py): written as is, so the
    digest recomputed from it is byte for byte the one signed."""
    import json

    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def info_entries(meta: dict, payload: str | None) -> list[tuple[str, str]]:
    """The document information of a one-page document written by render/page_pdf.py: title,
    author, subject, and with a payload the same keys `set_payload` adds (Keywords, ours)."""
    entries = [(key, meta.get(name, "")) for key, name in (("Title", "title"), ("Author", "author"),
                                                             ("Subject", "subject"))]
    if payload:
        content = meta.get("signed_content")
        entries += [("Keywords", payload), (KEY, payload)] + ([(CONTENT_KEY, content_text(content))] if content else [])
    return entries


def set_payload(canvas, payload: str, content: dict | None = None) -> None:
    """Call before canvas.save(); `content` is the signed content of a certificate."""
    from reportlab.pdfbase.pdfdoc import PDFInfo, PDFString

    extra = [(KEY, payload)] + ([(CONTENT_KEY, content_text(content))] if content else [])

    class _Info(PDFInfo):
        def format(self, document):
            text = super().format(document)  # b"<< ... >>" as reportlab writes it
            end = text.rindex(b">>")
            entry = b"".join(b"/" + key.encode("ascii") + b" " + PDFString(value).format(document) + b"\n"
                             for key, value in extra)
            return text[:end] + entry + text[end:]

    info = _Info()
    info.__dict__.update(canvas._doc.info.__dict__)  # keep title, author, subject already set
    canvas._doc.info = info
    canvas.setKeywords(payload)


def read_payload(path: Path) -> str | None:
    """The payload of a PDF this program made; None for any other readable PDF."""
    return read_signed(path)["payload"]


def read_signed(path: Path) -> dict:
    """{"payload", "content", "data"} of a PDF: payload None when the PDF is not ours,
    content (the JSON text, untrusted until its digest is checked) None when absent, data
    the file's bytes (read once, for the page text)."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(f"文件有 {path.stat().st_size // 1_000_000} MB，证明 PDF 只有几百 KB：这不是村务桌面生成的证明",
                            where=str(path))
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
        info: dict = dict(reader.metadata or {})
        value = info.get("/" + KEY)
        content = info.get("/" + CONTENT_KEY)
    except UserError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise UserError(f"PDF 文件已损坏，无法读取：{type(exc).__name__}", where=str(path)) from None
    finally:
        quiet.setLevel(level)
    value = str(value).strip() if value is not None else ""
    content = str(content) if content is not None else ""
    return {"payload": value or None, "content": content[:MAX_CONTENT] if content.strip() else None,
            "data": data}

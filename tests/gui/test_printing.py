"""Printing a saved PDF: every page, at its own size (no fit-to-margins), through a preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from villagedesk.core.errors import UserError
from villagedesk.ui import printing


def make_pdf(path: Path) -> Path:
    """Page 1: A4 portrait with a 30 mm black square 20 mm from the top-left corner;
    page 2: A5 landscape with the same square."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for size in (A4, landscape(A5)):
        c.setPageSize(size)
        c.setFillColorRGB(0, 0, 0)
        c.rect(20 * mm, size[1] - 50 * mm, 30 * mm, 30 * mm, stroke=0, fill=1)
        c.showPage()
    c.save()
    return path


def pdf_printer(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


def dark_box(image, threshold: int = 100) -> tuple[int, int, int, int]:
    """The bounding box (left, top, right, bottom) of the dark pixels of a QImage."""
    from PIL import Image

    gray = image.convertToFormat(image.Format.Format_Grayscale8)
    stride, width, height = gray.bytesPerLine(), gray.width(), gray.height()
    raw = bytes(gray.constBits())
    rows = b"".join(raw[y * stride: y * stride + width] for y in range(height))
    return Image.frombytes("L", (width, height), rows).point(lambda v: 255 if v < threshold else 0).getbbox()


def test_printing_to_a_pdf_keeps_every_page_and_its_size(gui_app, tmp_path):
    source = make_pdf(tmp_path / "source.pdf")
    out = tmp_path / "printed.pdf"
    assert printing.print_pdf(pdf_printer(out), source) == 2
    original = PdfReader(source).pages
    printed = PdfReader(out).pages
    assert len(printed) == len(original) == 2
    for a, b in zip(original, printed):
        assert abs(float(a.mediabox.width) - float(b.mediabox.width)) < 1.5
        assert abs(float(a.mediabox.height) - float(b.mediabox.height)) < 1.5
    assert float(printed[1].mediabox.width) > float(printed[1].mediabox.height)  # A5 landscape stays landscape


def test_printed_content_is_one_to_one_not_fitted_to_margins(gui_app, tmp_path):
    """The 30 mm square 20 mm from the corner is still 30 mm, 20 mm from the corner."""
    source = make_pdf(tmp_path / "source.pdf")
    out = tmp_path / "printed.pdf"
    printing.print_pdf(pdf_printer(out), source)
    dpi = 100
    per_mm = dpi / 25.4
    for page in (0, 1):
        left, top, right, bottom = dark_box(printing.render_pdf_page_image(out, page, dpi))
        assert abs(left / per_mm - 20) < 1 and abs(top / per_mm - 20) < 1, (page, left, top)
        assert abs((right - left) / per_mm - 30) < 1 and abs((bottom - top) / per_mm - 30) < 1


def test_render_page_image_has_the_asked_resolution(gui_app, tmp_path):
    source = make_pdf(tmp_path / "source.pdf")
    image = printing.render_pdf_page_image(source, 0, 72)
    assert abs(image.width() - A4[0]) <= 1 and abs(image.height() - A4[1]) <= 1
    with pytest.raises(UserError, match="没有第 3 页"):
        printing.render_pdf_page_image(source, 2, 72)


def test_a_missing_or_foreign_file_is_refused_in_chinese(gui_app, tmp_path):
    with pytest.raises(UserError, match="找不到要打印的文件"):
        printing.print_pdf(pdf_printer(tmp_path / "x.pdf"), tmp_path / "missing.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(UserError, match="无法读取 PDF 文件 bad.pdf"):
        printing.print_pdf_with_preview(None, bad)


def test_the_preview_draws_the_pages(gui_app, qtbot, tmp_path):
    source = make_pdf(tmp_path / "source.pdf")
    drawn = []
    dialog = printing.print_pdf_with_preview(None, source)
    dialog.paintRequested.connect(lambda p: drawn.append(p.pageLayout().fullRect(p.pageLayout().Unit.Point)))
    try:
        assert isinstance(dialog, QPrintPreviewDialog) and dialog.isVisible()
        assert "source.pdf" in dialog.windowTitle()
        # the preview widget asks for the pages again when told to; both pages are drawn
        from PySide6.QtPrintSupport import QPrintPreviewWidget

        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()
        qtbot.waitUntil(lambda: preview.pageCount() == 2)
    finally:
        dialog.close()


def test_a_certificate_prints_at_its_own_size(gui_app, gui_session, tmp_path):
    """A real certificate (A4 or A5 as its form says): same pages, same paper after printing."""
    from villagedesk.services import catalogue, certificates

    code = next(i["code"] for i in catalogue.list_items(gui_session, "cert_retained") if i["title"] == "居（租）住证明")
    prepared = certificates.prepare(gui_session, code)
    result = certificates.issue(gui_session, item_code=code, handler="李明", materials=[prepared["materials"][0]],
                                values={"subject_name": "王𬌗", "subject_id": "11010519491231002X", "purpose": "办理居住证",
                                        "address": "风平镇风平村三组12号", "residence_type": "租住", "since": "2019-03"},
                                out=tmp_path / "cert.pdf")
    out = tmp_path / "printed.pdf"
    assert printing.print_pdf(pdf_printer(out), Path(result["pdf"])) == len(PdfReader(result["pdf"]).pages)
    original, printed = PdfReader(result["pdf"]).pages[0], PdfReader(out).pages[0]
    assert abs(float(original.mediabox.width) - float(printed.mediabox.width)) < 1.5
    assert abs(float(original.mediabox.height) - float(printed.mediabox.height)) < 1.5
    # and its QR code still reads from a 150 dpi scan of what was printed
    import zxingcpp
    from PIL import Image

    scan = tmp_path / "scan.png"
    assert printing.render_pdf_page_image(out, 0, 150).save(str(scan))
    texts = [r.text for r in zxingcpp.read_barcodes(Image.open(scan))]
    assert result["payload"] in texts

"""Printing a saved PDF through Qt's print dialog, with a preview first.

What is printed is the very PDF that was saved (and whose payload the ledger signed), not a
second drawing of it: each page is rasterised with pypdfium2 at the printer's resolution
(QtPdf is not in PySide6-Essentials) and drawn over the page's whole paper rect, with the
printer's paper set to the PDF page's size. Nothing is scaled to fit the margins, so a
certificate prints at its own size: the 3 cm QR code stays 3 cm and an A5 page stays A5.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from villagedesk.core.errors import UserError
from villagedesk.ui.common import report_error, translate

log = logging.getLogger("villagedesk.ui")

# Office laser printers print 300–600 dpi; a QR code needs about 150. Rasterising A4 at the
# 1200 dpi Qt gives a high-resolution QPrinter would take 400 MB per page for no visible gain.
MAX_DPI = 300
MIN_DPI = 72


def _open(pdf: Path):
    import pypdfium2 as pdfium

    path = Path(pdf)
    if not path.is_file():
        raise UserError(translate("Printing", "找不到要打印的文件：{path}").format(path=path))
    try:
        return pdfium.PdfDocument(str(path))
    except Exception as exc:  # pypdfium2 raises PdfiumError for a damaged or foreign file
        raise UserError(translate("Printing", "无法读取 PDF 文件 {name}：{reason}").format(name=path.name, reason=exc)) from None


def pdf_page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in points (1/72 inch) as it is shown, rotation applied."""
    doc = _open(pdf)
    try:
        sizes = []
        for i in range(len(doc)):
            page = doc[i]
            width, height = page.get_size()
            if page.get_rotation() in (90, 270):
                width, height = height, width
            sizes.append((width, height))
            page.close()
        return sizes
    finally:
        doc.close()


def _to_qimage(pil_image) -> QImage:
    rgb = pil_image.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    image = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: `data` is freed when this function returns


def _render(doc, index: int, dpi: float) -> QImage:
    page = doc[index]
    try:
        bitmap = page.render(scale=dpi / 72.0)
        image = _to_qimage(bitmap.to_pil())
    finally:
        page.close()
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return image


def render_pdf_page_image(pdf: Path, page: int, dpi: float) -> QImage:
    """One page (0-based) as an image at `dpi`."""
    doc = _open(pdf)
    try:
        if not 0 <= page < len(doc):
            raise UserError(translate("Printing", "{name} 没有第 {page} 页").format(name=Path(pdf).name, page=page + 1))
        return _render(doc, page, dpi)
    finally:
        doc.close()


def page_layout_for(width_pt: float, height_pt: float) -> QPageLayout:
    """The paper of one PDF page, margins zero: a standard size (A4, A5) where it is one, so
    the printer takes paper from the right tray."""
    portrait = QSizeF(min(width_pt, height_pt), max(width_pt, height_pt))
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if width_pt > height_pt else QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def printing_dpi(printer: QPrinter) -> int:
    return max(MIN_DPI, min(MAX_DPI, printer.resolution() or MAX_DPI))


def print_pdf(printer: QPrinter, pdf: Path) -> int:
    """Draw every page of `pdf` onto `printer` at its own size; returns the pages drawn.

    Used both by the preview (its paintRequested) and by a plain print."""
    doc = _open(pdf)
    painter = QPainter()
    try:
        count = len(doc)
        if count == 0:
            raise UserError(translate("Printing", "{name} 是空的，没有可打印的页").format(name=Path(pdf).name))
        printer.setFullPage(True)  # the painter's origin is the paper's corner, not the margin's
        sizes = []
        for i in range(count):
            page = doc[i]
            width, height = page.get_size()
            if page.get_rotation() in (90, 270):
                width, height = height, width
            page.close()
            sizes.append((width, height))
        printer.setPageLayout(page_layout_for(*sizes[0]))
        dpi = printing_dpi(printer)
        if not painter.begin(printer):
            raise UserError(translate("Printing", "无法开始打印：打印机没有准备好，或输出文件无法写入"))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for i in range(count):
            if i:
                printer.setPageLayout(page_layout_for(*sizes[i]))
                printer.newPage()
            image = _render(doc, i, dpi)
            paper = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(QRectF(0, 0, paper.width(), paper.height()), image)
        return count
    finally:
        if painter.isActive():
            painter.end()
        doc.close()


def make_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    return printer


def print_pdf_with_preview(parent: QWidget | None, pdf: Path) -> QPrintPreviewDialog:
    """Open Qt's print preview of a saved PDF (window-modal, not blocking); its print button
    prints it. The dialog is returned so that callers and tests can follow it."""
    pdf = Path(pdf)
    pages = pdf_page_sizes(pdf)  # refuse a missing or damaged file before any dialog opens
    printer = make_printer()
    printer.setDocName(pdf.stem)
    printer.setPageLayout(page_layout_for(*pages[0]))
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(translate("Printing", "打印预览 — {name}").format(name=pdf.name))
    dialog.printer_ = printer  # the dialog does not own its printer: keep it alive with it
    dialog.pdf_path = pdf

    def paint(target: QPrinter) -> None:
        try:
            print_pdf(target, pdf)
        except Exception as exc:  # a slot: nothing may reach Qt
            report_error(parent if parent is not None else dialog, exc)

    dialog.paintRequested.connect(paint)
    fit_to_screen(dialog, PREVIEW_SIZE, parent)
    dialog.open()
    return dialog


PREVIEW_SIZE = QSize(900, 760)
# What the system adds around a dialog: title bar and borders (as main_window.FRAME_ALLOWANCE).
DIALOG_FRAME = QSize(16, 40)


def fitted_size(wanted: QSize, available: QRect) -> QSize:
    """`wanted`, made smaller where the screen's free area (less the frame) is smaller."""
    return wanted.boundedTo(available.size() - DIALOG_FRAME)


def fit_to_screen(dialog: QWidget, wanted: QSize, parent: QWidget | None = None) -> QSize:
    """Give a dialog its wanted size, or less on a small screen (1366×768 less the taskbar), so
    that its title bar and its buttons are on the screen; it is centred on that screen."""
    screen = (parent.screen() if parent is not None else None) or dialog.screen()
    if screen is None:
        dialog.resize(wanted)
        return wanted
    room = screen.availableGeometry()
    size = fitted_size(wanted, room)
    dialog.resize(size)
    frame = QRect(QPoint(0, 0), size + DIALOG_FRAME)
    frame.moveCenter(room.center())
    dialog.move(frame.topLeft())
    return size

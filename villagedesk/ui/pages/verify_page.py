"""证明核验: scan a certificate's QR code (or open a photo or the PDF) and see whether it is genuine.

A handheld scanner is a keyboard that types the code and presses Enter. A Chinese input method
turns what it types into candidates and garbles it, so the scan field has the input method
switched off and asks for Latin upper case. After each answer the field is selected again:
the next scan replaces the last one.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QFileDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from villagedesk.core.errors import UserError
from villagedesk.services import catalogue, verification
from villagedesk.ui.common import (
    GREY, RED, DeskContext, ScaledLabel, guarded, muted, page_header, report_error, translate,
)
from villagedesk.ui.long_work import LongWork, desk_op

GREEN = "#137333"
AMBER = "#8c4a00"
# status → colour of the answer: valid green; voided and tampered red (the certificate must not
# be relied on); an unknown issuer or a code that is not ours amber (it may be ask-and-see)
COLOURS = {"valid": GREEN, "voided": RED, "tampered": RED, "not_in_ledger": RED, "unknown_issuer": AMBER,
           "unsupported_alg": AMBER, "several_codes": AMBER, "malformed": AMBER, "unconfirmed": AMBER}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".gif", ".webp")
FIELD_LABELS = (
    ("number", QT_TRANSLATE_NOOP("VerifyPage", "编号")),
    ("item", QT_TRANSLATE_NOOP("VerifyPage", "事项")),
    ("issued_on", QT_TRANSLATE_NOOP("VerifyPage", "出具日期")),
    ("holder_name", QT_TRANSLATE_NOOP("VerifyPage", "持证人")),
    ("id_masked", QT_TRANSLATE_NOOP("VerifyPage", "身份证号码")),
    ("issuer", QT_TRANSLATE_NOOP("VerifyPage", "出具单位")),
    ("ledger", QT_TRANSLATE_NOOP("VerifyPage", "本机台账")),
)


class VerifyPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.context = context
        self.answer: dict | None = None
        self.operation: LongWork | None = None
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(page_header(translate("Navigation", "证明核验"),
                                     self.tr("核验证明上的二维码：是否由登记的村级组织出具、内容是否被改动、是否已作废（厅字〔2022〕28号 二(三)7、8）")))
        self.error_label = QLabel()
        self.error_label.setObjectName("pageError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        where = QLabel(self.tr("用扫码枪扫描证明左下角、证明编号旁的二维码（或粘贴二维码内容后按 Enter）："))
        where.setObjectName("scanWhere")
        where.setWordWrap(True)  # one line at 100 %, two at 150 % or in English: never cut
        layout.addWidget(where)
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText(self.tr("VD1:…"))
        self.scan_field.setMaxLength(verification.MAX_TEXT + 100)
        # a Chinese input method garbles what a handheld scanner types: off here
        self.scan_field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.scan_field.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoPredictiveText
                                            | Qt.InputMethodHint.ImhPreferUppercase)
        self.scan_field.returnPressed.connect(self.verify_scanned)
        font = self.scan_field.font()
        font.setFamilies(["monospace", *font.families()])
        self.scan_field.setFont(font)
        row = QHBoxLayout()
        row.addWidget(self.scan_field, 1)
        self.verify_button = QPushButton(self.tr("核验"))
        self.verify_button.setObjectName("primary")
        self.verify_button.setToolTip("Enter")
        self.verify_button.clicked.connect(self.verify_scanned)
        row.addWidget(self.verify_button)
        layout.addLayout(row)
        files = QHBoxLayout()
        self.image_button = QPushButton(self.tr("打开图片…"))
        self.image_button.setObjectName("openImage")
        self.image_button.setToolTip(self.tr("证明的照片或扫描件（PNG、JPEG 等）"))
        self.image_button.clicked.connect(lambda: self.open_image())
        self.pdf_button = QPushButton(self.tr("打开 PDF…"))
        self.pdf_button.setObjectName("openPdf")
        self.pdf_button.setToolTip(self.tr("村务桌面生成的证明 PDF"))
        self.pdf_button.clicked.connect(lambda: self.open_pdf())
        files.addWidget(self.image_button)
        files.addWidget(self.pdf_button)
        files.addWidget(muted(self.tr("也可以把图片或 PDF 拖到这一页上。")), 1)
        layout.addLayout(files)

        self.answer_frame = QFrame()
        self.answer_frame.setObjectName("answerFrame")
        self.answer_frame.setFrameShape(QFrame.Shape.StyledPanel)
        answer = QVBoxLayout(self.answer_frame)
        answer.setContentsMargins(16, 12, 16, 12)
        self.status_label = ScaledLabel(factor=2.0, bold=True)
        self.status_label.setObjectName("verifyStatus")
        answer.addWidget(self.status_label)
        self.explanation = QLabel()
        self.explanation.setObjectName("verifyExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        answer.addWidget(self.explanation)
        self.fields_label = QLabel()
        self.fields_label.setObjectName("verifyFields")
        self.fields_label.setTextFormat(Qt.TextFormat.RichText)
        self.fields_label.setWordWrap(True)
        self.fields_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        answer.addWidget(self.fields_label)
        self.source_label = muted()
        self.source_label.setObjectName("verifySource")
        answer.addWidget(self.source_label)
        self.answer_frame.hide()
        layout.addWidget(self.answer_frame)
        layout.addStretch(1)
        self.setFocusProxy(self.scan_field)

    # ---- the window ------------------------------------------------------------------

    def showEvent(self, event):
        super().showEvent(event)
        self.scan_field.setFocus()

    def focus_first_field(self) -> None:
        self.scan_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scan_field.selectAll()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def busy_reason(self) -> str:
        return self.tr("正在核验") if self.operation is not None else ""

    def shutdown(self) -> None:
        if self.operation is not None:
            self.operation.wait()

    # ---- verifying ------------------------------------------------------------------

    @guarded
    def verify_scanned(self) -> dict | None:
        """What the scanner typed (Enter): checked at once, a few milliseconds."""
        text = self.scan_field.text()
        self.show_error("")
        if not text.strip():
            self.show_error(self.tr("请先扫描二维码，或把二维码内容粘贴到框中。"))
            return None
        answer = verification.verify_text(self.context.session, text)
        self.show_answer(answer, source=self.tr("扫描或粘贴的内容"))
        self.scan_field.setFocus()
        self.scan_field.selectAll()  # the next scan replaces this one
        return answer

    @guarded
    def open_image(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("打开证明图片"), "",
                                                  self.tr("图片 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)"))
            if not path:
                return
        self._verify_file(Path(path), "image")

    @guarded
    def open_pdf(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("打开证明 PDF"), "", self.tr("PDF 文件 (*.pdf)"))
            if not path:
                return
        self._verify_file(Path(path), "pdf")

    def _verify_file(self, path: Path, kind: str) -> None:
        """Reading a photo can take a moment: in the background, the window keeps working."""
        if self.operation is not None:
            return
        self.show_error("")
        fn = verification.verify_pdf if kind == "pdf" else verification.verify_image
        self.status_label.setText(self.tr("正在读取 {name}…").format(name=path.name))
        self.status_label.setStyleSheet(f"color: {GREY};")
        self.answer_frame.show()
        self.operation = desk_op(self, self.context.data_dir, lambda s: fn(s, path), progress=False,
                                 busy=(self.image_button, self.pdf_button),
                                 on_success=lambda answer: self._file_done(answer, path),
                                 on_failure=lambda exc: self._file_done(exc, path))

    def _file_done(self, value, path: Path) -> None:
        self.operation = None
        if isinstance(value, BaseException):
            self.answer_frame.hide()
            report_error(self, value)
        else:
            self.show_answer(value, source=self.tr("文件：{path}").format(path=path))
        self.scan_field.setFocus()
        self.scan_field.selectAll()

    # ---- the answer -----------------------------------------------------------------

    def show_answer(self, answer: dict, *, source: str = "") -> None:
        self.answer = answer
        self.status_label.setText(answer["title"])
        self.status_label.setStyleSheet(f"color: {COLOURS.get(answer['status'], AMBER)};")
        self.explanation.setText(answer["explanation"])
        self.fields_label.setText(self._fields_html(answer))
        self.fields_label.setVisible(bool(answer.get("fields") or answer.get("signed_fields") or answer.get("note")))
        self.source_label.setText(self.tr("核验对象：{source}").format(source=source) if source else "")
        self.answer_frame.show()

    def _item_title(self, code: str) -> str:
        if not code or code == "generic":
            return self.tr("据实出具")
        try:
            return "{0}（{1}）".format(catalogue.show(self.context.session, code)["title"], code)
        except UserError:
            return code  # an item of another county's catalogue: the code is what the QR says

    def _row(self, label: str, value: str) -> str:
        shown = escape(value).replace("\n", "<br>")
        return (f"<tr><td style='color:{GREY}; padding:3px 18px 3px 0; vertical-align:top'>{escape(label)}</td>"
                f"<td style='padding:3px 0'>{shown}</td></tr>")

    def _fields_html(self, answer: dict) -> str:
        """What was signed, as the service lists it, for the checker to hold against the paper."""
        note = answer.get("note") or ""
        if note and note in (answer.get("explanation") or ""):
            note = ""  # said once is enough
        note_html = f"<p style='margin:6px 0 0 0; color:{AMBER}'>{escape(note)}</p>" if note else ""
        signed = answer.get("signed_fields") or []
        if not signed:
            return self._payload_fields_html(answer) + note_html if answer.get("fields") else note_html
        rows = [self._row(f["label"], str(f["value"])) for f in signed]
        ledger = answer.get("ledger")
        if ledger:
            rows.append(self._row(self._ledger_label(ledger), self._ledger_value(ledger)))
        kind = (answer.get("fields") or {}).get("kind_name", "")
        head = self.tr("签名的内容（请与纸面逐项核对）")
        source = signed[0].get("source", "")
        head_html = f"<p style='margin:6px 0 4px 0'><b>{escape(head)}</b>" \
                    f"<span style='color:{GREY}'>　{escape(kind)}{('　' + escape(source)) if source else ''}</span></p>"
        return note_html + head_html + "<table cellspacing='0'>" + "".join(rows) + "</table>"

    def _ledger_label(self, ledger: dict) -> str:
        """A township's copy of a village's ledger reaches only as far as the last bundle."""
        return self.tr("本机收到的台账") if ledger.get("synced") else self.tr("本机台账")

    def _ledger_value(self, ledger: dict) -> str:
        if ledger.get("found"):
            return translate("LedgerStatus", ledger.get("status_name") or ledger.get("status") or "")
        return self.tr("尚未收到这个编号") if ledger.get("synced") else self.tr("找不到这个编号")

    def _payload_fields_html(self, answer: dict) -> str:
        fields = answer.get("fields")
        if not fields:
            return ""
        issuer = answer.get("issuer") or {}
        values = {
            "number": fields.get("number", ""),
            "item": self._item_title(fields.get("item_code", "")),
            "issued_on": fields.get("issued_on", ""),
            "holder_name": fields.get("holder_name", ""),
            "id_masked": fields.get("id_masked", ""),
            "issuer": "{0}（{1}）".format(issuer.get("office_name", ""), issuer.get("office_code", ""))
            if issuer else fields.get("office_code", ""),
        }
        ledger = answer.get("ledger")
        if ledger:
            values["ledger"] = self._ledger_value(ledger)
        rows = []
        for key, label in FIELD_LABELS:
            if values.get(key):
                shown = self._ledger_label(ledger) if key == "ledger" else translate("VerifyPage", label)
                if key == "holder_name" and fields.get("kind") == "refusal":
                    shown = self.tr("申请人")
                rows.append(f"<tr><td style='color:{GREY}; padding:3px 18px 3px 0'>{escape(shown)}</td>"
                            f"<td style='padding:3px 0'>{escape(str(values[key]))}</td></tr>")
        kind = fields.get("kind_name", "")
        signed = self.tr("二维码中签名的内容")
        head = f"<p style='margin:6px 0 4px 0'><b>{escape(signed)}</b>" \
               f"<span style='color:{GREY}'>　{escape(kind)}</span></p>"
        return head + "<table cellspacing='0'>" + "".join(rows) + "</table>"

    def answer_text(self) -> str:
        """Everything the answer says (tests, screen readers)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.fields_label.text())
        return "\n".join([self.status_label.text(), self.explanation.text(), doc.toPlainText()])

    # ---- drag and drop ---------------------------------------------------------------

    @staticmethod
    def _dropped_file(event) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.suffix.lower() == ".pdf" or path.suffix.lower() in IMAGE_SUFFIXES:
                    return path
        return None

    def dragEnterEvent(self, event):
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event):
        try:
            path = self._dropped_file(event)
            if path is None:
                event.ignore()
                return
            event.acceptProposedAction()
            self._verify_file(path, "pdf" if path.suffix.lower() == ".pdf" else "image")
        except Exception as exc:  # an event handler is a slot too
            report_error(self, exc)

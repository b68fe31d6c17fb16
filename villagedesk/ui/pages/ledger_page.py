"""证明台账: find any entry of the issuance ledger, see all it records, void, reprint, export,
print and verify it.

The table is virtual (ui/ledger_model.py): opening the page reads one count and one block of
rows, however long the ledger is. Everything slower than a glance (PDFs, the Excel file, the
check of the whole chain) and everything that writes (作废 too) runs off the UI thread through
ui/long_work. Statuses are compared by their keys (valid, voided…); the Chinese label the
service gives (`status_name`) is only shown.
"""

from __future__ import annotations

from array import array
from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QItemSelectionModel, QModelIndex, Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from villagedesk.core.errors import UserError
from villagedesk.services import certificates, ledger, outputs, verification
from villagedesk.services.results import LedgerCheck
from villagedesk.ui.common import (
    GREY, RED, DeskContext, debounced, guarded, log, muted, page_header, plain_text_labels, report_error, search_field,
    translate,
)
from villagedesk.ui.ledger_model import VOIDED_STATUSES, ColumnFitter, LedgerModel, status_key, status_text
from villagedesk.ui.long_work import LongWork, desk_op

SEARCH_DELAY_MS = 250
NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as 不限
# (label, status value the service filters by; None = every status)
STATUS_FILTERS = (
    (QT_TRANSLATE_NOOP("LedgerPage", "全部状态"), None),
    (QT_TRANSLATE_NOOP("LedgerStatus", "有效"), "valid"),
    (QT_TRANSLATE_NOOP("LedgerStatus", "作废"), "voided"),
    (QT_TRANSLATE_NOOP("LedgerStatus", "已重新出具"), "reissued"),
    (QT_TRANSLATE_NOOP("LedgerStatus", "待出具"), "pending"),
    (QT_TRANSLATE_NOOP("LedgerStatus", "逾期"), "overdue"),
    (QT_TRANSLATE_NOOP("LedgerStatus", "已出具"), "issued"),
    (QT_TRANSLATE_NOOP("LedgerStatus", "不予出具"), "refused"),
)
KIND_NAMES = {
    "issue": QT_TRANSLATE_NOOP("LedgerDetail", "证明"),
    "refuse": QT_TRANSLATE_NOOP("LedgerDetail", "不予出具告知单"),
    "accept": QT_TRANSLATE_NOOP("LedgerDetail", "受理登记"),
    "void": QT_TRANSLATE_NOOP("LedgerDetail", "作废登记"),
    "amend": QT_TRANSLATE_NOOP("LedgerDetail", "更正登记"),
}
COLUMN_WIDTHS = {"number": 186, "status": 84, "issued_on": 92, "item_title": 140, "applicant": 86, "applicant_id": 156,
                 "subject_name": 72, "purpose": 110, "addressee": 110, "handler": 64, "note": 100}
VALID = "valid"  # the status key of a certificate in force (the entry's `status`)
REPRINTABLE = ("issue", "refuse", "accept")  # the certificate, the refusal notice, the 受理回执


def _linked_number(entry: dict, *keys: str) -> str:
    """The number of a linked entry, whichever shape the service gives it in (a dict or a number)."""
    for key in keys:
        value = entry.get(key)
        if isinstance(value, dict) and value.get("number"):
            return value["number"]
        if isinstance(value, str) and value:
            return value
    return ""


def _link(number: str) -> str:
    return f"<a href='entry:{escape(number, quote=True)}'>{escape(number)}</a>"


def entry_html(entry: dict) -> str:
    """The detail panel: every column the ledger keeps for the entry, ID numbers in full."""
    e = escape
    kind = entry.get("kind", "")
    status = status_key(entry)
    status_line = e(status_text(entry))
    if status in VOIDED_STATUSES:
        status_line = f"<span style='color:{RED}; font-weight:bold'>{status_line}</span>"
    rows: list[tuple[str, str]] = [(translate("LedgerDetail", "类别"), e(translate("LedgerDetail", KIND_NAMES.get(kind, kind)))),
                                   (translate("LedgerDetail", "状态"), status_line)]
    reason = entry.get("void_reason") or (entry.get("voided_by") or {}).get("reason", "") if kind == "issue" else ""
    if reason:
        rows.append((translate("LedgerDetail", "作废原因"), e(reason)))
    voided_on = (entry.get("voided_by") or {}).get("created_at", "")
    if voided_on:
        rows.append((translate("LedgerDetail", "作废登记时间"), e(voided_on[:16].replace("T", " "))))
    replaced = _linked_number(entry, "replaced_by_number", "replaced_by")
    if replaced:
        rows.append((translate("LedgerDetail", "重新出具为"), _link(replaced)))
    replaces = _linked_number(entry, "replaces_number", "replaces_entry")
    if replaces:
        rows.append((translate("LedgerDetail", "原证明"), _link(replaces)))
    refers = _linked_number(entry, "refers_to_number", "refers_to_entry")
    if refers:
        rows.append((translate("LedgerDetail", "受理登记") if kind in ("issue", "refuse") else translate("LedgerDetail", "关联记录"), _link(refers)))
    closed = entry.get("closed_by")
    if kind == "accept" and isinstance(closed, dict) and closed.get("number"):
        rows.append((translate("LedgerDetail", "办结为"), _link(closed["number"])))
    for c in entry.get("corrections") or []:  # 更正 of an accepted request, oldest first
        who = f"（{c['handler']}）" if c.get("handler") else ""
        rows.append((translate("LedgerDetail", "更正"), e(f"{c.get('issued_on', '')} {c.get('reason', '')}{who}")))
    plain = [
        (translate("LedgerDetail", "开具日期"), entry.get("issued_on")),
        (translate("LedgerDetail", "办结期限"), entry.get("due_on")),
        (translate("LedgerDetail", "证明事项"), "　".join(x for x in (entry.get("item_title"), entry.get("item_code")) if x)),
        (translate("LedgerDetail", "依据"), entry.get("basis")),
        (translate("LedgerDetail", "申请人"), entry.get("applicant")),
        (translate("LedgerDetail", "申请人身份证号码"), entry.get("applicant_id")),
        (translate("LedgerDetail", "联系电话"), entry.get("phone")),
        (translate("LedgerDetail", "被证明人"), entry.get("subject_name")),
        (translate("LedgerDetail", "被证明人身份证号码"), entry.get("subject_id")),
        (translate("LedgerDetail", "用途"), entry.get("purpose")),
        (translate("LedgerDetail", "致送单位"), entry.get("addressee")),
        (translate("LedgerDetail", "佐证材料"), "、".join(_materials(entry.get("materials")))),
        (translate("LedgerDetail", "核实方式"), entry.get("verification")),
        (translate("LedgerDetail", "村民（代表）会议/法律顾问意见"), entry.get("decision_record")),
        (translate("LedgerDetail", "经办人"), entry.get("handler")),
        (translate("LedgerDetail", "审核人"), entry.get("reviewer")),
        (translate("LedgerDetail", "领取人"), entry.get("recipient")),
        (translate("LedgerDetail", "不予出具原因") if kind == "refuse" else translate("LedgerDetail", "原因"), entry.get("reason") if kind != "issue" else ""),
        (translate("LedgerDetail", "备注"), entry.get("note")),
        (translate("LedgerDetail", "登记时间"), (entry.get("created_at") or "")[:19].replace("T", " ")),
    ]
    rows += [(label, e(str(value))) for label, value in plain if value]
    table = "".join(
        f"<tr><td style='color:{GREY}; padding:3px 14px 3px 0; white-space:nowrap' valign='top'>{e(k)}</td>"
        f"<td style='padding:3px 0'>{v}</td></tr>" for k, v in rows)
    body = entry.get("body") or ""
    text = ""
    if body:
        paragraphs = "".join(f"<p style='margin:2px 0'>{e(p)}</p>" for p in body.split("\n"))
        heading = translate("LedgerDetail", "证明正文")
        text = f"<h3 style='margin:10px 0 2px 0'>{e(heading)}</h3>{paragraphs}"
    title = entry.get("number") or translate("LedgerDetail", KIND_NAMES.get(kind, kind))
    return (f"<h2 style='margin-bottom:4px'>{e(title)}</h2>"
            f"<table cellspacing='0' style='margin-top:6px'>{table}</table>{text}")


def _materials(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(x) for x in value]
    if isinstance(value, str) and value.strip().startswith("["):
        import json

        try:
            return [str(x) for x in json.loads(value)]
        except ValueError:
            return [value]
    return [value] if value else []


def empty_detail() -> str:
    text = translate("LedgerDetail", "在左侧选择一条记录，这里显示台账登记的全部内容，包括完整的身份证号码、作废原因和重新出具的编号。")
    return f"<p style='color:{GREY}'>{escape(text)}</p>"


class VoidDialog(QDialog):
    """作废 (or 作废并重新出具): the reason is required and said so next to the field as the clerk types."""

    def __init__(self, parent: QWidget, number: str, handler: str = "", *, reissue: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("作废并重新出具") if reissue else self.tr("作废证明"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.number = number
        self.reissue = reissue
        layout = QVBoxLayout(self)
        if reissue:
            text = self.tr("作废 {number} 并重新出具：写明作废原因后，在“出具证明”中打开原证明的内容，核对改正后出具；"
                           "新证明出具时原证明同时作废（同一次登记），此前原证明仍然有效。")
        else:
            text = self.tr("作废 {number}：台账中另起一条作废登记，原记录保留；此后扫描该证明的二维码将显示“已作废”。")
        intro = QLabel(text.format(number=number))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setObjectName("voidReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("如：姓名填写有误，重新出具"))
        self.reason_hint = QLabel()
        self.reason_hint.setObjectName("voidReasonHint")
        self.reason_hint.setStyleSheet(f"color: {RED};")
        self.handler = QLineEdit(handler)
        self.handler.setObjectName("voidHandler")
        self.handler.setMaxLength(50)
        form.addRow(self.tr("作废原因："), self.reason)
        form.addRow("", self.reason_hint)
        form.addRow(self.tr("经办人："), self.handler)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("下一步：改正内容") if reissue else self.tr("作废"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(460)
        plain_text_labels(self)  # names, paths and messages shown as they are (ui/common.py)

    def _check(self, _text: str = "") -> None:
        empty = not self.reason.text().strip()
        self.reason_hint.setText(self.tr("必须写明作废原因") if empty else "")
        self.ok_button.setEnabled(not empty)

    def accept(self) -> None:
        if self.reason.text().strip():
            super().accept()


class LedgerPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.context = context
        self._loaded = False
        self._operation: LongWork | None = None
        self._operation_name = ""
        self._generation = 0  # of the rows shown: a row → id map read for older filters is dropped
        self._ids_operation: LongWork | None = None
        self._ids_generation = -1
        self.shown_entry: dict | None = None
        self.last_filters: dict | None = None
        self.last_verification: dict | None = None
        self.last_file: str = ""
        self.preview = None
        self.void_dialog: VoidDialog | None = None
        self.reissue_page = None  # the 出具证明 page a 作废并重新出具 was handed to

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addWidget(page_header(translate("Navigation", "证明台账"), self.tr(
            "开具证明台账：每份证明、不予出具告知和受理都按编号登记，只增不改，作废另起一条"
            "（德宏州工作方案 四(二)“建立开具证明台账”）")))
        self.error_label = QLabel()
        self.error_label.setObjectName("pageError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {RED};")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        layout.addLayout(self._build_filters())

        self.model = LedgerModel(self)
        self.table = QTableView()
        self.table.setObjectName("ledgerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        # fixed row heights: the view never measures a million rows
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        # widths at 100 %, grown with the font scale; the number and dates always whole
        self.column_fitter = ColumnFitter(self.table, COLUMN_WIDTHS)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._link_clicked)
        self.detail.document().setDocumentMargin(12)
        self.detail.setHtml(empty_detail())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([680, 360])
        layout.addWidget(splitter, 1)
        self.splitter = splitter
        layout.addLayout(self._build_actions())
        self.status_line = muted()
        self.status_line.setObjectName("ledgerStatus")
        self.status_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_line)

        self.search_timer = debounced(self, SEARCH_DELAY_MS, self.refresh)
        context.changed.connect(self._context_changed)
        self.setFocusProxy(self.search_box)
        self._update_buttons()

    # ---- building ---------------------------------------------------------------------

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search_box = search_field("ledgerSearch", self.tr("编号、姓名、身份证号码或事项"), max_length=100)
        metrics = self.search_box.fontMetrics()
        self.search_box.setMinimumWidth(metrics.horizontalAdvance(self.search_box.placeholderText()) + metrics.height() + 32)
        self.search_box.textChanged.connect(lambda _text: self.search_timer.start())
        self.search_box.returnPressed.connect(self.refresh)
        row.addWidget(self.search_box, 2)
        row.addSpacing(8)
        row.addWidget(QLabel(self.tr("开具日期")))
        self.date_from = self._date_edit("dateFrom")
        self.date_to = self._date_edit("dateTo")
        row.addWidget(self.date_from)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.date_to)
        row.addSpacing(8)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        for label, value in STATUS_FILTERS:
            context = "LedgerPage" if value is None else "LedgerStatus"
            self.status_filter.addItem(translate(context, label), value)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(self.status_filter)
        row.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("ledgerCount")
        row.addWidget(self.count_label)
        return row

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("不限"))
        edit.setDate(NO_DATE)
        edit.setToolTip(self.tr("选最早的日期（显示“不限”）即不按日期筛选"))
        edit.dateChanged.connect(lambda _d: self.search_timer.start())
        return edit

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.void_button = QPushButton(self.tr("作废…"))
        self.void_button.setObjectName("voidButton")
        self.void_button.setToolTip(self.tr("作废所选证明：写明原因，台账另起一条作废登记"))
        self.void_button.clicked.connect(lambda: self.ask_void())
        self.reissue_button = QPushButton(self.tr("作废并重新出具…"))
        self.reissue_button.setObjectName("reissueButton")
        self.reissue_button.setToolTip(self.tr("写明作废原因，再在“出具证明”中按原证明的内容改正后出具；原证明同时作废"))
        self.reissue_button.clicked.connect(lambda: self.ask_reissue())
        self.reprint_button = QPushButton(self.tr("重新打印"))
        self.reprint_button.setObjectName("reprintButton")
        self.reprint_button.setToolTip(self.tr("按台账内容重新生成所选证明或告知单的 PDF，预览后打印"))
        self.reprint_button.clicked.connect(lambda: self.reprint())
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip(self.tr("把当前筛选出的记录导出为 .xlsx 文件"))
        self.export_button.clicked.connect(lambda: self.choose_export_file())
        self.print_button = QPushButton(self.tr("打印台账…"))
        self.print_button.setObjectName("printLedgerButton")
        self.print_button.setToolTip(self.tr("把当前筛选出的记录生成横向的台账 PDF，预览后打印"))
        self.print_button.clicked.connect(lambda: self.print_ledger())
        self.verify_button = QPushButton(self.tr("校验台账"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setToolTip(self.tr("逐条核对哈希链、签名和编号，检查台账是否在本程序之外被改动"))
        self.verify_button.clicked.connect(lambda: self.verify())
        for button in (self.void_button, self.reissue_button, self.reprint_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.export_button, self.print_button, self.verify_button):
            row.addWidget(button)
        return row

    # ---- showing ----------------------------------------------------------------------

    def showEvent(self, event):
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            QTimer.singleShot(0, self, self.refresh)
            self.search_box.setFocus()

    def focus_first_field(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def set_status(self, text: str) -> None:
        self.status_line.setText(text)

    def filters(self) -> dict:
        """The filters as the ledger service takes them."""
        out: dict = {}
        text = self.search_box.text().strip()
        if text:
            out["text"] = text
        if self.date_from.date() != NO_DATE:
            out["date_from"] = self.date_from.date().toString("yyyy-MM-dd")
        if self.date_to.date() != NO_DATE:
            out["date_to"] = self.date_to.date().toString("yyyy-MM-dd")
        status = self.status_filter.currentData()
        if status:
            out["status"] = status
        return out

    @guarded
    def refresh(self) -> None:
        """Count the matching entries and read the first block; the rest is read as the table scrolls."""
        self.search_timer.stop()
        self._loaded = True
        filters = self.filters()
        keep = self.shown_entry.get("id") if self.shown_entry else None
        session = self.context.session
        first = ledger.list_entries(session, **filters, offset=0, limit=self.model.block)

        def fetch(offset: int, limit: int, before_id, order: str) -> list[dict]:
            # with a keyset (entries older than before_id) the block starts right after it
            return ledger.list_entries(session, **filters, offset=0 if before_id else offset, limit=limit,
                                       before_id=before_id, order=order)["entries"]

        self.model.reset(first["total"], fetch, first["entries"])
        self._generation += 1
        self.last_filters = filters
        if first["total"] > self.model.block:
            self._load_ids()
        self.show_error("")
        self.count_label.setText(self.tr("共 {count} 条").format(count=f"{first['total']:,}"))
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:
            self.select_row(row)
        else:
            self.show_entry(None)

    def select_row(self, row: int) -> bool:
        if not 0 <= row < self.model.rowCount():
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    @guarded
    def _row_chosen(self, current: QModelIndex, _previous=None) -> None:
        self.show_entry(self.model.entry(current.row()) if current.isValid() else None)

    def show_entry(self, entry: dict | None) -> None:
        self.shown_entry = entry
        shown = entry
        if entry and entry.get("kind") == "accept" and entry.get("number"):
            shown = {**entry, "corrections": certificates.acceptance(self.context.session, entry["number"])["corrections"]}
        self.detail.setHtml(entry_html(shown) if entry else empty_detail())
        self._update_buttons()

    def detail_text(self) -> str:
        return self.detail.toPlainText()

    def table_rows(self, limit: int = 50) -> list[list[str]]:
        """What the first rows of the table say (for tests and screen readers)."""
        return [[self.model.data(self.model.index(r, c)) or "" for c in range(self.model.columnCount())]
                for r in range(min(limit, self.model.rowCount()))]

    def _update_buttons(self) -> None:
        entry = self.shown_entry
        busy = self._operation is not None
        valid = bool(entry) and entry.get("kind") == "issue" and status_key(entry) == VALID
        self.void_button.setEnabled(valid and not busy)
        self.reissue_button.setEnabled(valid and not busy)
        self.reprint_button.setEnabled(bool(entry) and entry.get("kind") in REPRINTABLE and not busy)
        # a voided certificate is never printed as a valid one: the button says what will come out
        if entry and entry.get("kind") == "issue" and status_key(entry) in VOIDED_STATUSES:
            self.reprint_button.setText(self.tr("重新打印（带作废标记）"))
            self.reprint_button.setToolTip(self.tr("此证明已作废：打印件印有醒目的“作废”字样、作废日期和原因，不能当作有效证明使用"))
        elif entry and entry.get("kind") == "accept":
            self.reprint_button.setText(self.tr("重新打印受理回执"))
            self.reprint_button.setToolTip(self.tr("按台账（含更正）重新生成受理回执，预览后打印"))
        else:
            self.reprint_button.setText(self.tr("重新打印"))
            self.reprint_button.setToolTip(self.tr("按台账内容重新生成所选证明或告知单的 PDF，预览后打印"))
        for button in (self.export_button, self.print_button, self.verify_button):
            button.setEnabled(not busy)

    @guarded
    def _link_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("entry:"):
            self.find_number(text[len("entry:"):])

    def find_number(self, number: str) -> bool:
        """Show one entry by its number: the filters are cleared so that nothing hides it."""
        self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(0)
        self.status_filter.blockSignals(False)
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
            edit.setDate(NO_DATE)
            edit.blockSignals(False)
        self.search_box.blockSignals(True)
        self.search_box.setText(number)
        self.search_box.blockSignals(False)
        self.shown_entry = None
        self.refresh()
        for row in range(min(self.model.rowCount(), self.model.block)):
            entry = self.model.entry(row)
            if entry and entry.get("number") == number:
                return self.select_row(row)
        return False

    def _context_changed(self, what) -> None:
        if self._loaded and {"ledger", "desk"} & set(what):
            self.refresh()

    # ---- the row → id map, read in the background ------------------------------------------

    def _load_ids(self) -> None:
        """Read the ids of every matching entry off the UI thread; then any block, however deep,
        is read by its ids. One reader at a time: a newer request waits for it to end."""
        if self._ids_operation is not None:
            return  # _ids_finished starts the next one if the filters changed meanwhile
        filters, generation = dict(self.last_filters or {}), self._generation
        self._ids_generation = generation
        self._ids_operation = desk_op(self, self.context.data_dir,
                                      lambda session: array("q", ledger.entry_ids(session, **filters)),
                                      progress=False, on_success=self._ids_loaded, on_failure=self._ids_failed)
        self._ids_operation.finished.connect(self._ids_finished)

    @guarded
    def _ids_loaded(self, ids) -> None:
        if self._ids_generation == self._generation:
            session = self.context.session
            self.model.set_ids(ids, lambda part: ledger.entries_by_id(session, part))

    def _ids_failed(self, exc: Exception) -> None:
        log.warning("row map of the ledger not read (%s): rows are read by position", exc)

    @guarded
    def _ids_finished(self) -> None:
        self._ids_operation = None
        if self._ids_generation != self._generation and self.model.rowCount() > self.model.block:
            self._load_ids()

    def ids_loading(self) -> bool:
        return self._ids_operation is not None

    # ---- 作废 -------------------------------------------------------------------------

    @guarded
    def ask_void(self) -> VoidDialog | None:
        entry = self.shown_entry
        if not entry or entry.get("kind") != "issue" or status_key(entry) != VALID:
            return None
        dialog = VoidDialog(self, entry["number"], entry.get("handler") or "")
        dialog.accepted.connect(lambda: self.void(entry["number"], dialog.reason.text(), dialog.handler.text()))
        self.void_dialog = dialog
        dialog.open()
        dialog.reason.setFocus()
        return dialog

    @guarded
    def void(self, number: str, reason: str, handler: str = "") -> bool:
        """作废 off the UI thread (it appends to the ledger); the row is shown again when done."""
        return self._run(self.tr("正在作废 {number}").format(number=number),
                         lambda session: certificates.void(session, number, reason=reason, handler=handler),
                         lambda result: self._voided(number, result))

    def _voided(self, number: str, result: dict) -> None:
        self.last_void = result
        self.set_status(self.tr("已作废 {number}，原因：{reason}").format(number=result["voided"], reason=result["reason"]))
        self.context.notify("ledger")
        if not self._loaded or self.last_filters is None:
            self.refresh()
        row = self.model.row_of(self.shown_entry["id"]) if self.shown_entry else -1
        if row < 0:
            self.find_number(number)

    # ---- 作废并重新出具 ------------------------------------------------------------------

    @guarded
    def ask_reissue(self) -> VoidDialog | None:
        entry = self.shown_entry
        if not entry or entry.get("kind") != "issue" or status_key(entry) != VALID:
            return None
        dialog = VoidDialog(self, entry["number"], entry.get("handler") or "", reissue=True)
        dialog.accepted.connect(lambda: self.start_reissue(entry["number"], dialog.reason.text(), dialog.handler.text()))
        self.void_dialog = dialog
        dialog.open()
        dialog.reason.setFocus()
        return dialog

    @guarded
    def start_reissue(self, number: str, reason: str, handler: str = "") -> bool:
        """Hand the certificate to 出具证明, filled with its values; nothing is voided until the
        clerk issues the corrected one there (one ledger transaction does both)."""
        certificates.reissue_template(self.context.session, number)  # still valid: else say so here
        open_page = getattr(self.window(), "open_page", None)
        if open_page is None:
            raise UserError(self.tr("请在主窗口的“证明台账”中操作"))
        page = open_page("issue", focus=True)
        self.reissue_page = page
        started = page.start_reissue(number, reason, handler)
        if started:
            self.set_status(self.tr("已在“出具证明”中打开 {number} 的内容：改正后出具，原证明同时作废").format(number=number))
        return bool(started)

    # ---- background work ---------------------------------------------------------------

    def busy_reason(self) -> str:
        return self._operation_name if self._operation is not None else ""

    def _run(self, name: str, fn, done, **options) -> bool:
        """fn(session) off the UI thread, one at a time; done(result) back on it. The status
        line says what runs, and "…未完成" with the reason if it fails."""
        if self._operation is not None:
            return False
        self._operation_name = name
        self._operation = desk_op(self, self.context.data_dir, fn, label=name, status=self.set_status,
                                  busy=(self.void_button, self.reissue_button, self.reprint_button, self.export_button,
                                        self.print_button, self.verify_button),
                                  on_success=lambda result: self._finished(done, result),
                                  on_failure=self._failed, on_cancel=self._cancelled, **options)
        self._update_buttons()
        return True

    def _finished(self, done, result) -> None:
        self._operation = None
        self._update_buttons()
        done(result)

    def _failed(self, exc: Exception) -> None:
        self._operation = None
        self._update_buttons()
        report_error(self, exc)

    def _cancelled(self, exc: Exception) -> None:
        self._operation = None
        self._update_buttons()
        self.set_status(self.tr("{what}已取消").format(what=self._operation_name))

    def shutdown(self) -> None:
        for operation in (self._operation, self._ids_operation):
            if operation is not None:
                operation.wait()

    def _preview(self, path: str) -> None:
        if self.property("no_preview"):
            return
        from villagedesk.ui.printing import print_pdf_with_preview

        self.preview = print_pdf_with_preview(self, Path(path))

    # ---- 重新打印 ---------------------------------------------------------------------

    @guarded
    def reprint(self) -> bool:
        entry = self.shown_entry
        if not entry or entry.get("kind") not in REPRINTABLE:
            return False
        number = entry["number"]
        return self._run(self.tr("正在重新生成 {number}").format(number=number),
                         lambda session: certificates.reprint(session, number, out=None), self._reprinted)

    def _reprinted(self, result: dict) -> None:
        self.last_file = result["pdf"]
        if result.get("voided"):
            self.set_status(self.tr("{number} 已作废：重新生成的 {file} 印有“作废”标记和作废原因，不能当作有效证明").format(
                number=result["number"], file=result["pdf"]))
        else:
            self.set_status(self.tr("已重新生成 {file}，请在预览中核对后打印").format(file=result["pdf"]))
        self._preview(result["pdf"])

    # ---- 导出 Excel / 打印台账 ---------------------------------------------------------

    @guarded
    def choose_export_file(self) -> None:
        name = self.tr("开具证明台账-{date}.xlsx").format(date=datetime.now().strftime("%Y%m%d"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出台账"), name, self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.export_to(Path(path))

    @guarded
    def export_to(self, path: Path) -> bool:
        filters = dict(self.last_filters if self.last_filters is not None else self.filters())
        path = Path(path)
        return self._run(self.tr("正在导出台账"),
                         lambda session: ledger.export_xlsx(session, path, overwrite=True, **filters), self._exported)

    def _exported(self, result: dict) -> None:
        self.last_file = str(result.get("file") or result.get("out") or "")
        self.set_status(self.tr("已导出 {count} 条记录到 {file}").format(count=result.get("rows", result.get("entries", "")),
                                                                    file=self.last_file))

    def ledger_pdf_path(self) -> Path:
        return outputs.output_file(self.context.data_dir, "ledger", ledger.LEDGER_FILE_STEM)

    @guarded
    def print_ledger(self, path: Path | None = None) -> bool:
        filters = dict(self.last_filters if self.last_filters is not None else self.filters())
        path = Path(path) if path else self.ledger_pdf_path()
        return self._run(self.tr("正在生成台账 PDF"),
                         lambda session: ledger.print_pdf(session, path, overwrite=True, **filters), self._printed)

    def _printed(self, result: dict) -> None:
        self.last_file = str(result.get("file") or result.get("pdf") or result.get("out") or "")
        self.set_status(self.tr("已生成 {file}，请在预览中核对后打印").format(file=self.last_file))
        self._preview(self.last_file)

    # ---- 校验台账 ---------------------------------------------------------------------

    @guarded
    def verify(self) -> bool:
        """The whole chain, off the UI thread, with progress and 取消 (a million entries take
        about 15 seconds)."""

        def work(session, progress):
            return verification.verify_ledger(session, progress=progress)

        return self._run(self.tr("正在校验台账"), work, self._verified, cancellable=True)

    def _verified(self, result: LedgerCheck) -> None:
        self.last_verification = result
        bad = result.first_bad
        if result.ok:
            self.show_error("")
            self.set_status(self.tr("台账完整：共 {count} 条记录，哈希链、签名和编号均无误").format(
                count=f"{result.entries:,}"))
            return
        number = (bad or {}).get("number")
        if number:
            self.find_number(number)  # before the message: showing the entry clears the error line
        self.set_status("")
        self.show_error(self.tr("台账校验未通过：{problem}").format(problem=(bad or {}).get("problem") or ""))

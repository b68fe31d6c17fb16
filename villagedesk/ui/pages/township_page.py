"""汇总台账 (乡镇汇总): the township or county officer's page over every village's ledger
(issue #11 item 6) — the offices held, the consolidated ledger with the village filters plus
the office, the report (table and bars), the flags with their clauses, the villages' refused
department requests, the 工作完成情况 outline, and the exports.

Thin: every figure comes from services/township.py, the same functions the CLI calls; all
reading and writing runs off the UI thread through ui/long_work.desk_op. Shown only on a
township or county desk (ui/main_window.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
    QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from villagedesk.core.township_report import MEASURE_NAMES
from villagedesk.services import township
from villagedesk.ui.common import DeskContext, guarded, muted, page_header, translate
from villagedesk.ui.long_work import LongWork, desk_op

PAGE_SIZE = 200
SERIES_COLOURS = {"issued": "#4a6fa5", "refused": "#b05050", "accepted": "#7a9a5a", "voided": "#999999"}
STATUS_CHOICES = (
    (QT_TRANSLATE_NOOP("TownshipPage", "全部状态"), None), (QT_TRANSLATE_NOOP("LedgerStatus", "有效"), "valid"),
    (QT_TRANSLATE_NOOP("LedgerStatus", "作废"), "voided"), (QT_TRANSLATE_NOOP("LedgerStatus", "已重新出具"), "reissued"),
    (QT_TRANSLATE_NOOP("LedgerStatus", "待出具"), "pending"), (QT_TRANSLATE_NOOP("LedgerStatus", "逾期"), "overdue"),
    (QT_TRANSLATE_NOOP("LedgerStatus", "已出具"), "issued"), (QT_TRANSLATE_NOOP("LedgerStatus", "不予出具"), "refused"),
)
CHART_CHOICES = ((QT_TRANSLATE_NOOP("TownshipPage", "按月"), "month"), (QT_TRANSLATE_NOOP("TownshipPage", "按村"), "office"),
                 (QT_TRANSLATE_NOOP("TownshipPage", "按事项"), "item"))
# the export's default file name and the save dialog's filter
FILES = {
    "ledger": (QT_TRANSLATE_NOOP("TownshipPage", "汇总台账.xlsx"), QT_TRANSLATE_NOOP("TownshipPage", "Excel 工作簿 (*.xlsx)")),
    "report_xlsx": (QT_TRANSLATE_NOOP("TownshipPage", "证明办理情况报表.xlsx"),
                    QT_TRANSLATE_NOOP("TownshipPage", "Excel 工作簿 (*.xlsx)")),
    "report_pdf": (QT_TRANSLATE_NOOP("TownshipPage", "证明办理情况报表.pdf"), QT_TRANSLATE_NOOP("TownshipPage", "PDF (*.pdf)")),
    "flags": (QT_TRANSLATE_NOOP("TownshipPage", "需要关注的情况.xlsx"),
              QT_TRANSLATE_NOOP("TownshipPage", "Excel 工作簿 (*.xlsx)")),
    "refused": (QT_TRANSLATE_NOOP("TownshipPage", "未予承接事项.xlsx"), QT_TRANSLATE_NOOP("TownshipPage", "Excel 工作簿 (*.xlsx)")),
    "summary_pdf": (QT_TRANSLATE_NOOP("TownshipPage", "工作完成情况.pdf"), QT_TRANSLATE_NOOP("TownshipPage", "PDF (*.pdf)")),
    "summary_txt": (QT_TRANSLATE_NOOP("TownshipPage", "工作完成情况.txt"), QT_TRANSLATE_NOOP("TownshipPage", "文本 (*.txt)")),
}


class BarChart(QWidget):
    """The report's chart dict (core/township_report.py) drawn as grouped bars."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart: dict = {"title": "", "bars": [], "series": [], "max": 0}
        self.setMinimumHeight(220)

    def set_chart(self, chart: dict) -> None:
        self.chart = chart
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        bars, series = self.chart.get("bars") or [], self.chart.get("series") or []
        metrics = p.fontMetrics()
        line = metrics.height()
        p.setPen(QColor("#222222"))
        p.drawText(8, line, self.chart.get("title", ""))
        x_legend = self.width() - 8
        for key in reversed(series):
            name = translate("TownshipPage", MEASURE_NAMES.get(key, key))
            x_legend -= metrics.horizontalAdvance(name) + 22
            p.fillRect(QRectF(x_legend, line - 9, 10, 10), QColor(SERIES_COLOURS.get(key, "#777777")))
            p.drawText(int(x_legend + 14), line, name)
        left, top, bottom = 36, line * 2, self.height() - line * 2
        width = self.width() - left - 8
        p.setPen(QColor("#666666"))
        p.drawLine(left, bottom, left + width, bottom)
        peak = max(1, self.chart.get("max") or 0)
        p.drawText(4, top + line // 2, str(peak))
        if not bars or not series:
            p.drawText(left + 8, (top + bottom) // 2, self.tr("所选期间没有记录"))
            return
        group = width / len(bars)
        bar_w = max(1.0, group * 0.8 / len(series))
        for n, b in enumerate(bars):
            x = left + n * group + group * 0.1
            for i, key in enumerate(series):
                h = (bottom - top) * b["values"].get(key, 0) / peak
                p.fillRect(QRectF(x + i * bar_w, bottom - h, bar_w, h), QColor(SERIES_COLOURS.get(key, "#777777")))
            label = b["label"]
            while label and metrics.horizontalAdvance(label) > group and len(label) > 1:
                label = label[:-1]
            p.setPen(QColor("#222222"))
            p.drawText(int(left + n * group), bottom + line, label)


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.resizeColumnsToContents()


class TownshipPage(QWidget):
    def __init__(self, context: DeskContext):
        super().__init__()
        self.context = context
        self.jobs: list[LongWork] = []
        self.last_file = ""
        self.last_error = ""
        self.office_codes: list[str] = []
        layout = QVBoxLayout(self)
        layout.addWidget(page_header(self.tr("汇总台账"), self.tr(
            "各村导入的开具证明台账合为一本：查询、按村按月按事项统计、提示问题、导出报表和工作完成情况"
            "（德宏州方案 四(二)、四(三)）")))
        self.status = muted()
        self.status.setObjectName("townshipStatus")
        layout.addWidget(self.status)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        # 各村
        self.offices_table = _table([self.tr("编码"), self.tr("办公室"), self.tr("记录数"), self.tr("最早记录"),
                                     self.tr("最近记录"), self.tr("最近数据包")])
        self.tabs.addTab(self.offices_table, self.tr("各村"))

        # 汇总台账
        ledger_tab = QWidget()
        lv = QVBoxLayout(ledger_tab)
        row = QHBoxLayout()
        self.office_box = QComboBox()
        self.office_box.addItem(self.tr("全部村"), None)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("编号、姓名、身份证号码或事项"))
        self.status_box = QComboBox()
        for label, key in STATUS_CHOICES:
            self.status_box.addItem(translate("LedgerStatus" if key else "TownshipPage", label), key)
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText(self.tr("开始日期 2026-01-01"))
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText(self.tr("结束日期"))
        self.search_button = QPushButton(self.tr("查询"))
        self.search_button.setDefault(True)
        self.export_ledger_button = QPushButton(self.tr("导出 Excel"))
        for w in (self.office_box, self.text, self.status_box, self.date_from, self.date_to, self.search_button,
                  self.export_ledger_button):
            row.addWidget(w)
        lv.addLayout(row)
        self.ledger_table = _table([self.tr("办公室"), self.tr("编号"), self.tr("日期"), self.tr("状态"), self.tr("证明事项"),
                                    self.tr("申请人"), self.tr("被证明人"), self.tr("用途")])
        lv.addWidget(self.ledger_table, 1)
        self.ledger_count = muted()
        lv.addWidget(self.ledger_count)
        self.tabs.addTab(ledger_tab, self.tr("汇总台账"))

        # 报表
        report_tab = QWidget()
        rv = QVBoxLayout(report_tab)
        row = QHBoxLayout()
        self.chart_box = QComboBox()
        for label, key in CHART_CHOICES:
            self.chart_box.addItem(translate("TownshipPage", label), key)
        self.report_button = QPushButton(self.tr("统计"))
        self.export_report_xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.export_report_pdf_button = QPushButton(self.tr("生成 PDF"))
        for w in (QLabel(self.tr("图表")), self.chart_box, self.report_button, self.export_report_xlsx_button,
                  self.export_report_pdf_button):
            row.addWidget(w)
        row.addStretch(1)
        rv.addLayout(row)
        self.chart = BarChart()
        rv.addWidget(self.chart)
        self.report_table = _table([self.tr("办公室"), self.tr("出具"), self.tr("不予出具"), self.tr("受理"), self.tr("作废")])
        rv.addWidget(self.report_table, 1)
        self.tabs.addTab(report_tab, self.tr("报表"))

        # 提示
        flags_tab = QWidget()
        fv = QVBoxLayout(flags_tab)
        row = QHBoxLayout()
        self.export_flags_button = QPushButton(self.tr("导出 Excel"))
        row.addStretch(1)
        row.addWidget(self.export_flags_button)
        fv.addLayout(row)
        self.flags_table = _table([self.tr("级别"), self.tr("提示"), self.tr("办公室"), self.tr("情况"), self.tr("依据")])
        fv.addWidget(self.flags_table, 1)
        self.tabs.addTab(flags_tab, self.tr("提示"))

        # 未予承接事项
        refused_tab = QWidget()
        xv = QVBoxLayout(refused_tab)
        row = QHBoxLayout()
        self.export_refused_button = QPushButton(self.tr("导出 Excel"))
        row.addStretch(1)
        row.addWidget(self.export_refused_button)
        xv.addLayout(row)
        self.refused_table = _table([self.tr("收到日期"), self.tr("办公室"), self.tr("提出部门"), self.tr("要求内容"),
                                     self.tr("核对结论")])
        xv.addWidget(self.refused_table, 1)
        self.tabs.addTab(refused_tab, self.tr("未予承接事项"))

        # 工作完成情况
        summary_tab = QWidget()
        sv = QVBoxLayout(summary_tab)
        row = QHBoxLayout()
        self.summary_pdf_button = QPushButton(self.tr("生成 PDF"))
        self.summary_txt_button = QPushButton(self.tr("存为文本（可编辑）"))
        row.addStretch(1)
        row.addWidget(self.summary_pdf_button)
        row.addWidget(self.summary_txt_button)
        sv.addLayout(row)
        self.summary_view = QTextBrowser()
        sv.addWidget(self.summary_view, 1)
        self.tabs.addTab(summary_tab, self.tr("工作完成情况"))

        self.search_button.clicked.connect(self.search)
        self.text.returnPressed.connect(self.search)
        self.report_button.clicked.connect(self.load_report)
        self.export_ledger_button.clicked.connect(lambda: self.choose_file("ledger"))
        self.export_report_xlsx_button.clicked.connect(lambda: self.choose_file("report_xlsx"))
        self.export_report_pdf_button.clicked.connect(lambda: self.choose_file("report_pdf"))
        self.export_flags_button.clicked.connect(lambda: self.choose_file("flags"))
        self.export_refused_button.clicked.connect(lambda: self.choose_file("refused"))
        self.summary_pdf_button.clicked.connect(lambda: self.choose_file("summary_pdf"))
        self.summary_txt_button.clicked.connect(lambda: self.choose_file("summary_txt"))
        self.load()

    # ---- running work ------------------------------------------------------------------

    def _run(self, label: str, work, done) -> LongWork:
        job = desk_op(self, self.context.data_dir, work, on_success=done, on_failure=self._failed, label=label,
                      status=self.status, progress=False)
        self.jobs.append(job)
        return job

    def _failed(self, exc: BaseException) -> None:
        self.last_error = getattr(exc, "message", None) or str(exc)
        self.status.setText(self.last_error)

    def shutdown(self) -> None:
        for job in self.jobs:
            job.wait()

    def busy_reason(self) -> str:
        exporting = self.tr("正在导出")
        return next((job.label for job in self.jobs if job.is_running() and job.label == exporting), "")

    # ---- loading -----------------------------------------------------------------------

    @guarded
    def load(self) -> None:
        """Every tab's first view in one background job."""
        def work(session):
            return {"offices": township.offices(session), "ledger": township.list_entries(session, limit=PAGE_SIZE),
                    "report": township.report(session, chart_by=self.chart_box.currentData()),
                    "flags": township.flags(session), "refused": township.refused(session, limit=PAGE_SIZE),
                    "summary": township.summary(session)}

        self._run(self.tr("正在读取各村台账"), work, self._loaded)

    def _loaded(self, r: dict) -> None:
        offices = [o for o in r["offices"]["offices"] if not (o["own"] and not o["entries"])]
        _fill(self.offices_table, [[o["code"], o["name"] or o["short_name"], o["entries"], o["first_entry_on"] or "",
                                    o["last_entry_on"] or "", (o["last_bundle_at"] or "")[:10] or self.tr("未收到")]
                                   for o in offices])
        self.office_box.blockSignals(True)
        while self.office_box.count() > 1:
            self.office_box.removeItem(1)
        for o in offices:
            self.office_box.addItem(o["name"] or o["short_name"] or o["code"], o["code"])
        self.office_box.blockSignals(False)
        self._show_ledger(r["ledger"])
        self._show_report(r["report"])
        self._show_flags(r["flags"])
        self._show_refused(r["refused"])
        self._show_summary(r["summary"])
        self.status.setText(self.tr("已汇总 {n} 个村的台账").format(n=r["offices"]["count"]))

    def filters(self) -> dict:
        return {"office": self.office_box.currentData(), "text": self.text.text(), "status": self.status_box.currentData(),
                "date_from": self.date_from.text() or None, "date_to": self.date_to.text() or None}

    @guarded
    def search(self) -> None:
        filters = self.filters()
        self._run(self.tr("正在查询"), lambda s: township.list_entries(s, limit=PAGE_SIZE, **filters), self._show_ledger)

    def _show_ledger(self, r: dict) -> None:
        _fill(self.ledger_table, [[e["office_name"], e["number"] or "", e["issued_on"], e["status_name"], e["item_title"],
                                   e["applicant"], e["subject_name"], e["purpose"]] for e in r["entries"]])
        shown = len(r["entries"])
        self.ledger_count.setText(self.tr("共 {total} 条").format(total=r["total"]) if r["total"] == shown else
                                  self.tr("共 {total} 条，显示前 {shown} 条（请用条件缩小范围，或导出 Excel）").format(
                                      total=r["total"], shown=shown))

    @guarded
    def load_report(self) -> None:
        filters = self.filters()
        by = self.chart_box.currentData()
        self._run(self.tr("正在统计"), lambda s: township.report(s, office=filters["office"], date_from=filters["date_from"],
                                                             date_to=filters["date_to"], chart_by=by), self._show_report)

    def _show_report(self, r: dict) -> None:
        self.report = r
        self.chart.set_chart(r["chart"])
        keys = list(MEASURE_NAMES)
        rows = [[o["office_name"] or o["office"], *(o[k] for k in keys)] for o in r["by_office"]]
        rows.append([self.tr("合计（{a} 至 {b}）").format(a=r["date_from"], b=r["date_to"]), *(r["totals"][k] for k in keys)])
        _fill(self.report_table, rows)

    def _show_flags(self, r: dict) -> None:
        self.flags = r
        _fill(self.flags_table, [[f["severity_name"], f["title"], f["office_name"] or f["office"], f["text"],
                                  f["basis"]] for f in r["flags"]])
        self.tabs.setTabText(3, self.tr("提示（{n}）").format(n=len(r["flags"])))

    def _show_refused(self, r: dict) -> None:
        _fill(self.refused_table, [[x["received_on"], x["office_name"], x["department"], x["text"], x["verdict_name"]]
                                   for x in r["records"]])

    def _show_summary(self, doc: dict) -> None:
        self.summary = doc
        self.summary_view.setPlainText(township.summary_text(doc).replace("\r\n", "\n"))

    # ---- exports -----------------------------------------------------------------------

    @guarded
    def choose_file(self, kind: str) -> None:
        name, pattern = (translate("TownshipPage", x) for x in FILES[kind])
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存"), name, pattern)
        if path:
            suffix = Path(FILES[kind][0]).suffix
            if not path.lower().endswith(suffix):
                path += suffix
            self.export_to(kind, Path(path))

    @guarded
    def export_to(self, kind: str, path: Path) -> LongWork:
        """Write one export (the save dialog asked about overwriting already)."""
        f = self.filters()
        dates = {"date_from": f["date_from"], "date_to": f["date_to"]}
        office = f["office"]
        work = {
            "ledger": lambda s: township.export_ledger_xlsx(s, path, overwrite=True, **f),
            "report_xlsx": lambda s: township.export_report_xlsx(s, path, overwrite=True, office=office, **dates),
            "report_pdf": lambda s: township.export_report_pdf(s, path, overwrite=True, office=office,
                                                              chart_by=self.chart_box.currentData(), **dates),
            "flags": lambda s: township.export_flags_xlsx(s, path, overwrite=True, office=office, **dates),
            "refused": lambda s: township.export_refused_xlsx(s, path, overwrite=True, office=office, **dates),
            "summary_pdf": lambda s: township.export_summary_pdf(s, path, overwrite=True, office=office, **dates),
            "summary_txt": lambda s: township.export_summary_txt(s, path, overwrite=True, office=office, **dates),
        }[kind]
        return self._run(self.tr("正在导出"), work, self._exported)

    def _exported(self, result: dict) -> None:
        self.last_file = str(result.get("file", ""))
        self.status.setText(self.tr("已保存：{file}").format(file=self.last_file))

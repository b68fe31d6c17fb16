"""汇总台账 (乡镇汇总): the township or county officer's page over every village's ledger
(issue #11 item 6) — the offices held, the consolidated ledger with the village filters plus
the office, the report (table and bars), the flags with their clauses, the villages' refused
department requests, the 工作完成情况 outline, and the exports.

Thin: every figure comes from services/township.py, the same functions the CLI calls; all
reading and writing runs off the UI thread through ui/long_work.desk_op. Shown only on a
township or county desk (ui/main_window.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSplitter, QTextBrowser, QVBoxLayout,
    QWidget,
)

from villagedesk.core.township_report import MEASURE_NAMES
from villagedesk.services import township
from villagedesk.ui.common import DeskContext, field_label, guarded, muted, page_header, plain_tip, translate
from villagedesk.ui.empty_table import EmptyTable, NoWrapHeightTabs
from villagedesk.ui.long_work import LongWork, desk_op

PAGE_SIZE = 200
MONTH = re.compile(r"\d{4}-\d{2}")  # a month bar's label (core/township_report.py)
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

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # title, legend, the bars and their labels in lines of the font (it grows with the font scale)
        return QSize(self.fontMetrics().height() * 12, self.fontMetrics().height() * 7)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self.fontMetrics().height() * 30, self.fontMetrics().height() * 12)

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
        left, top, bottom = 36, line * 2, self.height() - line * 2 - metrics.descent()
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
        p.setPen(QColor("#222222"))
        for n, (label, under) in enumerate(self.bar_labels(group)):
            if label:
                p.drawText(int(left + n * group), bottom + line, label)
            if under:
                p.drawText(int(left + n * group), bottom + line * 2, under)

    def bar_labels(self, group: float) -> list[tuple[str, str]]:
        """Each bar's label and the line under it, for bars `group` pixels apart. Months that do
        not fit as 2026-03 become 3月 with the year under the first bar and each January (cut
        to 2026 they all read alike); a label still too wide is shortened with …; where even
        that is crowded, every second (third…) bar is labelled."""
        metrics = self.fontMetrics()
        labels = [str(b["label"]) for b in self.chart.get("bars") or []]
        room = max(1, int(group) - 2)
        months = bool(labels) and all(MONTH.fullmatch(x) for x in labels)
        if months and max(metrics.horizontalAdvance(x) for x in labels) > room:
            pairs = [(self.tr("{m}月").format(m=int(x[5:])), x[:4] if n == 0 or x[5:] == "01" else "")
                     for n, x in enumerate(labels)]
        else:
            pairs = [(metrics.elidedText(x, Qt.TextElideMode.ElideRight, room), "") for x in labels]
        widest = max((metrics.horizontalAdvance(x) for x, _ in pairs), default=0)
        step = max(1, -(-widest // room)) if widest > room else 1
        return [(x if n % step == 0 else "", under) for n, (x, under) in enumerate(pairs)]


class TownshipPage(QWidget):
    def __init__(self, context: DeskContext):
        super().__init__()
        self.context = context
        self.jobs: list[LongWork] = []
        self.last_file = ""
        self.last_error = ""
        self.office_codes: list[str] = []
        self.short_names: dict[str, str] = {}
        self.short_by_name: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(page_header(self.tr("汇总台账"), self.tr(
            "各村导入的开具证明台账合为一本：查询、按村按月按事项统计、提示问题、导出报表和工作完成情况"
            "（德宏州方案 四(二)、四(三)）")))
        self.status = muted()
        self.status.setObjectName("townshipStatus")
        layout.addWidget(self.status)
        self.tabs = NoWrapHeightTabs()
        layout.addWidget(self.tabs, 1)

        # 各村
        self.offices_table = EmptyTable([self.tr("区划代码"), self.tr("办公室"), self.tr("台账（条）"), self.tr("最早记录"),
                                         self.tr("最近记录"), self.tr("最近收到同步包")],
                                        self.tr("还没有导入任何村的台账：请在“数据同步”页导入各村的同步包"))
        self.tabs.addTab(self.offices_table, self.tr("各村"))

        # 汇总台账
        ledger_tab = QWidget()
        lv = QVBoxLayout(ledger_tab)
        self.office_box = QComboBox()
        self.office_box.addItem(self.tr("全部村"), None)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("编号、姓名、身份证号码或事项"))
        self.status_box = QComboBox()
        for label, key in STATUS_CHOICES:
            self.status_box.addItem(translate("LedgerStatus" if key else "TownshipPage", label), key)
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText(self.tr("如 2026-01-01"))
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText(self.tr("如 2026-12-31"))
        for box in (self.date_from, self.date_to):  # as wide as a date with its hint (it follows the font), not more
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            box.setToolTip(self.tr("日期写成 年-月-日，如 2026-01-01；留空为不限"))
        self.search_button = QPushButton(self.tr("查询"))
        self.search_button.setDefault(True)
        self.export_ledger_button = QPushButton(self.tr("导出 Excel"))
        self.export_ledger_button.setToolTip(self.tr("把按上面条件查到的全部记录存为 Excel 工作簿"))
        # two lines: the filters that narrow (村、状态、日期), then the words to look for and the actions
        grid = QGridLayout()
        grid.addWidget(QLabel(field_label(self.tr("村"))), 0, 0)
        grid.addWidget(self.office_box, 0, 1)
        grid.addWidget(QLabel(field_label(self.tr("状态"))), 0, 2)
        grid.addWidget(self.status_box, 0, 3)
        dates = QHBoxLayout()
        dates.addWidget(QLabel(field_label(self.tr("日期"))))
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("至")))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        grid.addLayout(dates, 0, 4)
        grid.addWidget(QLabel(field_label(self.tr("查找"))), 1, 0)
        words = QHBoxLayout()
        words.addWidget(self.text, 1)
        words.addWidget(self.search_button)
        words.addWidget(self.export_ledger_button)
        grid.addLayout(words, 1, 1, 1, 4)
        grid.setColumnStretch(4, 1)
        lv.addLayout(grid)
        self.ledger_table = EmptyTable([self.tr("办公室"), self.tr("编号"), self.tr("日期"), self.tr("状态"),
                                        self.tr("证明事项"), self.tr("申请人"), self.tr("被证明人"), self.tr("用途")],
                                       self.tr("没有符合条件的记录"))
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
        self.report_button = QPushButton(self.tr("重新统计"))
        self.report_button.setToolTip(self.tr("按“汇总台账”页所选的村和日期重新统计"))
        self.export_report_xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.export_report_pdf_button = QPushButton(self.tr("生成 PDF"))
        for w in (QLabel(self.tr("图表")), self.chart_box, self.report_button, self.export_report_xlsx_button,
                  self.export_report_pdf_button):
            row.addWidget(w)
        row.addStretch(1)
        rv.addLayout(row)
        self.report_scope = muted()
        self.report_scope.setObjectName("reportScope")
        rv.addWidget(self.report_scope)
        # the bars beside the table: on a 768-line screen, one above the other hid the 合计 line
        self.chart = BarChart()
        self.report_table = EmptyTable([self.tr("办公室"), self.tr("出具"), self.tr("不予出具"), self.tr("受理"),
                                        self.tr("作废")])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.chart)
        split.addWidget(self.report_table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([3000, 2000])  # as a ratio: the table's columns need about two fifths
        self.report_split = split
        rv.addWidget(split, 1)
        self.tabs.addTab(report_tab, self.tr("报表"))

        # 提示
        flags_tab = QWidget()
        fv = QVBoxLayout(flags_tab)
        row = QHBoxLayout()
        self.export_flags_button = QPushButton(self.tr("导出 Excel"))
        row.addStretch(1)
        row.addWidget(self.export_flags_button)
        fv.addLayout(row)
        self.flags_table = EmptyTable([self.tr("级别"), self.tr("提示"), self.tr("办公室"), self.tr("情况")],
                                      self.tr("没有需要关注的情况"))
        # the finding read whole in its row; its clause (long: title, clause, file) under the table
        self.flags_table.wrap_columns(3)
        fv.addWidget(self.flags_table, 1)
        self.flag_basis = QLabel()
        self.flag_basis.setObjectName("flagBasis")
        self.flag_basis.setWordWrap(True)
        self.flag_basis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fv.addWidget(self.flag_basis)
        self.flags_table.itemSelectionChanged.connect(self._show_flag_basis)
        self.tabs.addTab(flags_tab, self.tr("提示"))

        # 未予承接事项
        refused_tab = QWidget()
        xv = QVBoxLayout(refused_tab)
        row = QHBoxLayout()
        self.export_refused_button = QPushButton(self.tr("导出 Excel"))
        row.addStretch(1)
        row.addWidget(self.export_refused_button)
        xv.addLayout(row)
        self.refused_table = EmptyTable([self.tr("收到日期"), self.tr("办公室"), self.tr("提出部门"), self.tr("要求内容"),
                                         self.tr("核对结论")], self.tr("各村没有报来未予承接的部门事项"))
        self.refused_table.wrap_columns(3)
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
        self.chart_box.currentIndexChanged.connect(lambda _i: self.load_report())  # a new choice redraws at once
        context.changed.connect(self._context_changed)
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
        self.offices_table.fill([[o["code"], o["name"] or o["short_name"], o["entries"], o["first_entry_on"] or "",
                                    o["last_entry_on"] or "", (o["last_bundle_at"] or "")[:10] or self.tr("未收到")]
                                   for o in offices])
        self.office_box.blockSignals(True)
        while self.office_box.count() > 1:
            self.office_box.removeItem(1)
        for o in offices:
            self.office_box.addItem(o["short_name"] or o["name"] or o["code"], o["code"])
        self.office_box.blockSignals(False)
        # the village's short name in the tables (the whole name in its tooltip): room for the other columns
        self.short_names = {o["code"]: o["short_name"] or o["name"] or o["code"] for o in offices}
        self.short_by_name = {o["name"]: o["short_name"] for o in offices if o["name"] and o["short_name"]}
        self._show_ledger(r["ledger"])
        self._show_report(r["report"])
        self._show_flags(r["flags"])
        self._show_refused(r["refused"])
        self._show_summary(r["summary"])
        self.status.setText(self.tr("已汇总 {n} 个村的台账").format(n=r["offices"]["count"]))

    def _context_changed(self, what) -> None:
        """A bundle imported on 数据同步 (or a certificate issued here) shows at once, not after a restart."""
        if {"ledger", "desk"} & set(what):
            self.load()

    def filters(self) -> dict:
        return {"office": self.office_box.currentData(), "text": self.text.text(), "status": self.status_box.currentData(),
                "date_from": self.date_from.text() or None, "date_to": self.date_to.text() or None}

    @guarded
    def search(self) -> None:
        filters = self.filters()
        self._run(self.tr("正在查询"), lambda s: township.list_entries(s, limit=PAGE_SIZE, **filters), self._show_ledger)

    def _show_ledger(self, r: dict) -> None:
        self.ledger_table.fill([[self.short_names.get(e.get("office", ""), e["office_name"]), e["number"] or "", e["issued_on"], e["status_name"], e["item_title"],
                                   e["applicant"], e["subject_name"], e["purpose"]] for e in r["entries"]])
        for row, e in enumerate(r["entries"]):
            self.ledger_table.item(row, 0).setToolTip(plain_tip(e["office_name"]))
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
        chart = dict(r["chart"])  # bars by village under the village's short name, as in the table
        chart["bars"] = [dict(b, label=self.short_by_name.get(b["label"], b["label"])) for b in chart.get("bars") or []]
        self.chart.set_chart(chart)
        codes = r.get("offices") or []
        found = self.office_box.findData(codes[0]) if len(codes) == 1 else -1
        office = self.office_box.itemText(found) if found > 0 else self.tr("全部村")
        self.report_scope.setText(self.tr("统计范围：{office}，{a} 至 {b}（村和日期在“汇总台账”页选择）").format(
            office=office, a=r["date_from"], b=r["date_to"]))
        keys = list(MEASURE_NAMES)
        rows = [[self.short_names.get(o["office"]) or o["office_name"] or o["office"], *(o[k] for k in keys)]
                for o in r["by_office"]]
        rows.append([self.tr("合计"), *(r["totals"][k] for k in keys)])  # the dates are in the line above
        self.report_table.fill(rows)
        total = self.report_table.rowCount() - 1
        for col in range(self.report_table.columnCount()):  # the 合计 line reads as the sum it is
            item = self.report_table.item(total, col)
            font = item.font()
            font.setBold(True)
            item.setFont(font)

    def _show_flags(self, r: dict) -> None:
        self.flags = r
        self.flags_table.fill([[f["severity_name"], f["title"], self.short_names.get(f["office"]) or f["office_name"]
                                or f["office"], f["text"]] for f in r["flags"]])
        self.tabs.setTabText(3, self.tr("提示（{n}）").format(n=len(r["flags"])))
        if r["flags"]:
            self.flags_table.selectRow(0)
        self._show_flag_basis()

    def _show_flag_basis(self) -> None:
        rows = self.flags_table.selectionModel().selectedRows()
        flags = (getattr(self, "flags", None) or {}).get("flags") or []
        basis = flags[rows[0].row()]["basis"] if rows and rows[0].row() < len(flags) else ""
        self.flag_basis.setText(self.tr("依据：{basis}").format(basis=basis) if basis else
                                self.tr("选中一条提示，这里显示它依据的政策条款") if flags else "")

    def _show_refused(self, r: dict) -> None:
        self.refused_table.fill([[x["received_on"], self.short_names.get(x.get("office", "")) or x["office_name"],
                                  x["department"], x["text"], x["verdict_name"]] for x in r["records"]])

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

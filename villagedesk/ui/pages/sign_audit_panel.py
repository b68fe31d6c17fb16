"""牌子摸排: the office's inventory of signs, checked as a whole (keep / replace / remove,
missing required signs) and printed for the 基础底数摸排 the township collects.

The page hands it signs (from the form, or the standard set); the last audit the desk
stored is shown again when the page opens, so an inventory is entered once."""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from villagedesk.core.errors import UserError
from villagedesk.services import outputs, signs
from villagedesk.ui.common import (
    GREY,
    RED,
    DeskContext,
    ScaledLabel,
    guarded,
    muted,
    plain_tip,
    translate,
)

KIND_LABELS = {
    "strip": QT_TRANSLATE_NOOP("SignTerms", "条牌"),
    "square": QT_TRANSLATE_NOOP("SignTerms", "方牌"),
    "door": QT_TRANSLATE_NOOP("SignTerms", "门牌"),
    "identifier": QT_TRANSLATE_NOOP("SignTerms", "标识"),
    "guide": QT_TRANSLATE_NOOP("SignTerms", "指引牌"),
}
PLACEMENT_LABELS = {
    "exterior": QT_TRANSLATE_NOOP("SignTerms", "外部（大院门口或办公楼门厅外）"),
    "interior": QT_TRANSLATE_NOOP("SignTerms", "内部"),
    "room_door": QT_TRANSLATE_NOOP("SignTerms", "功能室门头"),
}
SHORT_PLACEMENT = {
    "exterior": QT_TRANSLATE_NOOP("SignTerms", "外部"),
    "interior": QT_TRANSLATE_NOOP("SignTerms", "内部"),
    "room_door": QT_TRANSLATE_NOOP("SignTerms", "功能室门头"),
}
VERDICT_LABELS = {
    "keep": QT_TRANSLATE_NOOP("SignTerms", "保留"),
    "replace": QT_TRANSLATE_NOOP("SignTerms", "更换"),
    "remove": QT_TRANSLATE_NOOP("SignTerms", "摘除"),
}
COLUMNS = (
    QT_TRANSLATE_NOOP("SignAuditPanel", "名称"),
    QT_TRANSLATE_NOOP("SignAuditPanel", "类型"),
    QT_TRANSLATE_NOOP("SignAuditPanel", "宽×高（厘米）"),
    QT_TRANSLATE_NOOP("SignAuditPanel", "位置"),
    QT_TRANSLATE_NOOP("SignAuditPanel", "结论"),
    QT_TRANSLATE_NOOP("SignAuditPanel", "原因"),
)
SEVERITY_HEADINGS = (
    ("error", QT_TRANSLATE_NOOP("SignFindings", "不符合规定")),
    ("warning", QT_TRANSLATE_NOOP("SignFindings", "需要核对")),
    ("info", QT_TRANSLATE_NOOP("SignFindings", "说明")),
)
VERDICT_COLUMN = 4
MAX_SIGNS = 500


def sign_term(text: str) -> str:
    return translate("SignTerms", text) if text else text


def kind_label(kind) -> str:
    return sign_term(KIND_LABELS.get(kind, "")) or (str(kind) if kind else "")


def _size(sign: dict) -> str:
    w, h = sign.get("width_cm"), sign.get("height_cm")
    return f"{_num(w)}×{_num(h)}" if w is not None or h is not None else ""


def _num(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    return str(value) if value is not None else "？"


def source_text(source: dict) -> str:
    """Where a rule comes from: document and clause, then the quoted words."""
    cite = " ".join(x for x in (source.get("document"), source.get("clause")) if x)
    quote = source.get("quote") or source.get("note") or ""
    if cite and quote:
        return translate("SignFindings", "{cite}：“{quote}”").format(cite=cite, quote=quote)
    return cite or quote


def findings_html(findings: list[dict], heading: str = "") -> str:
    """Findings grouped by severity, each with its message and its source clause."""
    seen, parts = set(), []
    if heading:
        parts.append(f"<p style='margin:0 0 6px 0'><b>{escape(heading)}</b></p>")
    for severity, title in SEVERITY_HEADINGS:
        group, counts = [], {}
        for f in findings:
            if f.get("severity") != severity:
                continue
            key = (f.get("rule"), f.get("message"))
            counts[key] = counts.get(key, 0) + 1
            if key not in seen:
                seen.add(key)
                group.append(f)
        if not group:
            continue
        colour = RED if severity == "error" else "#202124"
        parts.append("<p style='margin:8px 0 2px 0; color:{0}'><b>{1}（{2}）</b></p>".format(
            colour, escape(translate("SignFindings", title)), len(group)))
        items = []
        for f in group:
            times = counts[(f.get("rule"), f.get("message"))]
            message = escape(f.get("message", ""))
            if times > 1:
                message += escape(translate("SignFindings", "（{n} 处）").format(n=times))
            src = source_text(f.get("source") or {})
            cite = "<br><span style='color:{0}'>{1}</span>".format(
                GREY, escape(translate("SignFindings", "依据：{source}").format(source=src))) if src else ""
            items.append(f"<li style='margin-bottom:4px'>{message}{cite}</li>")
        parts.append("<ul style='margin-top:0; margin-left:-20px'>" + "".join(items) + "</ul>")
    return "".join(parts)


def inventory_signs(data) -> list:
    """The signs of an inventory document ({"signs": [...]} or a bare list)."""
    if isinstance(data, dict) and isinstance(data.get("signs"), list):
        items = data["signs"]
    elif isinstance(data, list):
        items = data
    else:
        raise UserError(translate("SignAuditPanel", "不是牌子清单：应为 {\"format\": \"villagedesk-sign-inventory/1\", \"signs\": [ … ]} 或牌子规格的数组"))
    if len(items) > MAX_SIGNS:
        raise UserError(translate("SignAuditPanel", "牌子清单过长（{count} 块，最多 {limit} 块）").format(count=len(items), limit=MAX_SIGNS))
    return list(items)


class SignAuditPanel(QWidget):
    """The 牌子摸排 tab. `sign_chosen` carries a sign to open in the form (double-click)."""

    sign_chosen = Signal(object)

    def __init__(self, context: DeskContext, page, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.page = page  # runs the background work and shows messages
        self.inventory: list = []
        self.result: dict | None = None
        self.last_file = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 8)
        layout.addWidget(muted(self.tr("登记本单位悬挂的全部牌子，检查全部后得出每块牌子保留、更换还是摘除，以及缺少哪些牌子（基础底数摸排）。")))

        row = QHBoxLayout()
        self.add_current_button = QPushButton(self.tr("加入正在检查的牌子"))
        self.add_current_button.setToolTip(self.tr("把「检查牌子」中正在填写的牌子加入清单"))
        self.add_current_button.clicked.connect(self.add_current)
        self.add_standard_button = QPushButton(self.tr("加入本单位标准牌子"))
        self.add_standard_button.clicked.connect(self.add_standard)
        self.import_button = QPushButton(self.tr("导入清单…"))
        self.import_button.setToolTip(self.tr("打开牌子清单 JSON 文件（villagedesk-sign-inventory/1）"))
        self.import_button.clicked.connect(lambda: self.import_inventory())
        self.remove_button = QPushButton(self.tr("移除所选"))
        self.remove_button.clicked.connect(self.remove_selected)
        for b in (self.add_current_button, self.add_standard_button, self.import_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("inventory")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for col in range(1, len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 290)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.itemSelectionChanged.connect(self._show_notes)
        layout.addWidget(self.table, 3)

        self.summary_label = ScaledLabel(factor=1.05, bold=True)
        self.summary_label.setObjectName("auditSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.notes = QTextBrowser()
        self.notes.setObjectName("auditNotes")
        self.notes.setOpenLinks(False)
        self.notes.document().setDocumentMargin(8)
        layout.addWidget(self.notes, 2)

        bottom = QHBoxLayout()
        self.audit_button = QPushButton(self.tr("检查全部"))
        self.audit_button.setObjectName("primary")
        self.audit_button.clicked.connect(self.run_audit)
        self.report_button = QPushButton(self.tr("打印摸排报告…"))
        self.report_button.setToolTip(self.tr("生成摸排报告 PDF（保留、更换、摘除、缺少），预览后打印，报乡镇"))
        self.report_button.clicked.connect(lambda: self.print_report())
        self.status_label = muted()
        self.status_label.setObjectName("auditStatus")
        bottom.addWidget(self.audit_button)
        bottom.addWidget(self.report_button)
        bottom.addWidget(self.status_label, 1)
        layout.addLayout(bottom)
        self._update_buttons()

    def show_error(self, text: str) -> None:
        """Errors of this tab show on the page's error line (see common.report_error)."""
        self.page.show_error(text)

    # ---- the inventory ---------------------------------------------------------------

    def set_inventory(self, items: list, result: dict | None = None) -> None:
        self.inventory = list(items)
        self.result = result
        self._fill()

    def names(self) -> list[str]:
        return [s.get("name", "") if isinstance(s, dict) else "" for s in self.inventory]

    @guarded
    def add_sign(self, spec: dict) -> int:
        """Append one sign (a spec dict); its row."""
        if len(self.inventory) >= MAX_SIGNS:
            raise UserError(self.tr("清单已有 {limit} 块牌子，不能再加").format(limit=MAX_SIGNS))
        self.inventory.append(dict(spec))
        self._changed()
        self.status_label.setText(self.tr("已加入「{name}」，共 {count} 块").format(
            name=spec.get("name", ""), count=len(self.inventory)))
        return len(self.inventory) - 1

    @guarded
    def add_current(self) -> None:
        self.add_sign(self.page.form_spec())

    @guarded
    def add_standard(self) -> None:
        specs = self.page.standard
        if not specs:
            raise UserError(self.tr("还没有读出本单位的标准牌子"))
        have = {(s.get("name"), s.get("kind")) for s in self.inventory if isinstance(s, dict)}
        added = [s for s in specs if (s.get("name"), s.get("kind")) not in have]
        self.inventory.extend(dict(s) for s in added)
        self._changed()
        self.status_label.setText(self.tr("已加入 {count} 块标准牌子").format(count=len(added)))

    @guarded
    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows:
            self.status_label.setText(self.tr("先在表中选择要移除的牌子"))
            return
        for r in rows:
            if 0 <= r < len(self.inventory):
                del self.inventory[r]
        self._changed()
        self.status_label.setText(self.tr("已移除 {count} 块").format(count=len(rows)))

    @guarded
    def import_inventory(self, path: str | Path | None = None) -> int:
        """Replace the list by the signs of a JSON inventory file; how many were read."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("导入牌子清单"), "", self.tr("牌子清单 (*.json);;所有文件 (*)"))
            if not path:
                return 0
        items = inventory_signs(signs.read_json(Path(path), translate("SignAuditPanel", "牌子清单")))
        self.inventory = items
        self.show_error("")
        self._changed()
        self.status_label.setText(self.tr("已从 {file} 读入 {count} 块牌子，请点「检查全部」").format(
            file=Path(path).name, count=len(items)))
        return len(items)

    def document(self) -> dict:
        return {"format": "villagedesk-sign-inventory/1", "signs": list(self.inventory)}

    def _changed(self) -> None:
        self.result = None  # the verdicts were for the list as it was
        self._fill()

    # ---- audit -----------------------------------------------------------------------

    @guarded
    def run_audit(self) -> bool:
        """Check the whole list (≤ 100 ms for 50 signs) and store it for the township: off the
        UI thread, as it writes the database; the table fills in when it is done."""
        if not self.inventory:
            self.status_label.setText(self.tr("清单是空的：先加入牌子"))
            return False
        doc, rules_id = self.document(), self.page.rules_id()
        return self.page.run_background(self.tr("正在检查并保存摸排结果"),
                                        lambda session: signs.audit(session, doc, rules_id=rules_id), self._audited)

    def _audited(self, result: dict) -> None:
        self.show_error("")
        self.result = result
        self._fill()
        self.status_label.setText(self.tr("已检查并保存（{time}）").format(time=datetime.now().strftime("%H:%M")))

    def report_path(self) -> Path:
        return outputs.output_file(self.context.data_dir, "signs", signs.AUDIT_FILE_STEM)

    @guarded
    def print_report(self, path: str | Path | None = None) -> bool:
        """Audit, store and print the report in the background, then preview it."""
        if not self.inventory:
            self.status_label.setText(self.tr("清单是空的：先加入牌子"))
            return False
        path = Path(path) if path else self.report_path()
        doc, rules_id = self.document(), self.page.rules_id()

        def work(session):
            path.parent.mkdir(parents=True, exist_ok=True)
            return signs.audit_pdf(session, doc, path, rules_id=rules_id, overwrite=True)

        return self.page.run_background(self.tr("正在生成摸排报告"), work, self._reported)

    def _reported(self, result: dict) -> None:
        self.result = result
        self._fill()
        self.last_file = result["file"]
        self.status_label.setText(self.tr("已生成 {file}，请在预览中核对后打印").format(file=result["file"]))
        self.page.open_print_preview(result["file"])

    # ---- showing ---------------------------------------------------------------------

    def verdicts(self) -> dict[str, list[str]]:
        """What the last audit said, by verdict: {"keep": [names], "replace": …, "remove": …}."""
        out = {k: [] for k in VERDICT_LABELS}
        for e in (self.result or {}).get("signs", []):
            out.setdefault(e["verdict"], []).append(e["name"])
        return out

    def _fill(self) -> None:
        entries = (self.result or {}).get("signs") or []
        self.table.setRowCount(len(self.inventory))
        for row, sign in enumerate(self.inventory):
            s = sign if isinstance(sign, dict) else {}
            name = s.get("name") if isinstance(s.get("name"), str) else self.tr("（不是牌子规格）")
            cells = [name, kind_label(s.get("kind")), _size(s),
                     sign_term(SHORT_PLACEMENT.get(s.get("placement"), "")) + (f" {s['room']}" if s.get("room") else "")]
            entry = entries[row] if row < len(entries) else None
            if entry:
                cells += [sign_term(VERDICT_LABELS.get(entry["verdict"], "")) or entry.get("verdict_name", ""),
                          "；".join(entry.get("reasons", []))]
            else:
                cells += ["", ""]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setToolTip(plain_tip(str(text)))
                if col == VERDICT_COLUMN and entry and entry["verdict"] != "keep":
                    item.setForeground(QColor(RED))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        self._show_summary()
        self._update_buttons()

    def _show_summary(self) -> None:
        if not self.result:
            self.summary_label.setText(self.tr("共 {count} 块牌子，尚未检查").format(count=len(self.inventory))
                                       if self.inventory else self.tr("清单是空的"))
            self.summary_label.setStyleSheet("")
        else:
            self.summary_label.setText(self.tr("保留 {keep} 块，更换 {replace} 块，摘除 {remove} 块，缺少 {missing} 块").format(
                **self.result["summary"]))
            self.summary_label.setStyleSheet("" if self.result.get("ok") else f"color: {RED};")
        self._show_notes()

    @guarded
    def _show_notes(self) -> None:
        """The chosen sign's findings with their clauses, then what concerns the office as a
        whole (missing signs, a room door with two signs)."""
        if not self.result:
            self.notes.setHtml("<p style='color:{0}'>{1}</p>".format(GREY, escape(
                self.tr("加入牌子后点「检查全部」；双击一块牌子可在「检查牌子」中修改它。"))))
            return
        parts = []
        entries = self.result.get("signs") or []
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if rows and rows[0] < len(entries):
            e = entries[rows[0]]
            heading = self.tr("第 {index} 块「{name}」：{verdict}").format(
                index=e["index"], name=e["name"], verdict=sign_term(VERDICT_LABELS.get(e["verdict"], "")))
            parts.append(findings_html(e.get("findings", []), heading) or f"<p><b>{escape(heading)}</b></p>")
        office = self.result.get("findings") or []
        parts.append(findings_html(office, self.tr("全部牌子合起来看")) if office else "<p style='color:{0}'>{1}</p>".format(
            GREY, escape(self.tr("外部应挂的牌子齐全，没有功能室门头挂多块牌子。"))))
        self.notes.setHtml("<hr>".join(parts))

    def notes_text(self) -> str:
        return self.notes.toPlainText()

    def _update_buttons(self) -> None:
        has = bool(self.inventory)
        self.audit_button.setEnabled(has)
        self.report_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    @guarded
    def _double_clicked(self, row: int, _column: int = 0) -> None:
        if 0 <= row < len(self.inventory) and isinstance(self.inventory[row], dict):
            self.sign_chosen.emit(dict(self.inventory[row]))

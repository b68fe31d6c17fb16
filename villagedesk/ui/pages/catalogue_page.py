"""目录查询: find an item of the county catalogues as you type, and check a department's request;
历史版本: the installed versions with what each changed, and a new version previewed before it is imported."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractListModel, QEvent, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from villagedesk.services import admission, catalogue
from villagedesk.ui.item_delegate import ItemRole, Tag, TwoLineItemDelegate
from villagedesk.ui.common import (
    GREY, RED, DeskContext, ScaledLabel, debounced, guarded, muted, page_header, plain_text_labels, plain_tip, report_error,
    search_field, term, translate,
)
from villagedesk.ui.long_work import desk_op

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 200
ALL_LISTS = QT_TRANSLATE_NOOP("CataloguePage", "全部清单")  # shown translated
STRICT_VERDICTS = ("negative", "cert_forbidden", "burden")
SecondaryRole = Qt.ItemDataRole.UserRole + 2


def is_demo(item: dict) -> bool:
    return item.get("origin") == "demo"


def secondary_line(item: dict) -> str:
    return "{0} · {1}".format(term(item["list_name"]), term(item["origin_name"]))


class ItemsModel(QAbstractListModel):
    """Catalogue items (the dicts the services return), one row each."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[dict] = []

    def set_items(self, items: list[dict]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[dict]:
        return list(self._items)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._items)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item["title"]
        if role == SecondaryRole:
            return secondary_line(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(f"{item['title']}\n{secondary_line(item)}")
        if role == ItemRole:
            return item
        return None

    def row_of(self, title: str) -> int:
        return next((i for i, it in enumerate(self._items) if it["title"] == title), -1)


class ItemDelegate(TwoLineItemDelegate):
    """The title, then its list and origin in grey; demo items carry a 示范 tag."""

    def tag(self, item: dict) -> Tag | None:
        return Tag(self.tr("示范"), "#80868b", "#3c4043") if is_demo(item) else None

    def secondary(self, item: dict) -> str:
        return secondary_line(item)


def shown_value(value) -> bool:
    """Show a detail unless it is empty or an internal identifier (a clerk reads Chinese, not codes)."""
    text = str(value or "").strip()
    return bool(text) and not re.fullmatch(r"[a-z][a-z0-9_]*", text)


def item_html(item: dict) -> str:
    """The detail pane: everything a clerk needs to show a villager why."""
    e = escape
    strict = item.get("list_key") in STRICT_VERDICTS  # the lists a village must refuse: in red
    list_name = e(term(item["list_name"]))
    if strict:
        list_name = f"<span style='color:{RED}; font-weight:bold'>{list_name}</span>"
    rows = [(translate("CatalogueDetail", "清单"), list_name)]
    basis = e(item["basis"]) + (f"　{e(item['clause'])}" if item.get("clause") else "")
    rows.append((translate("CatalogueDetail", "设定依据"), basis or e(translate("CatalogueDetail", "（未填写）"))))
    source = translate("CatalogueDetail", "{origin}（{jurisdiction} 目录 {version}）").format(
        origin=term(item["origin_name"]), jurisdiction=item["jurisdiction_name"], version=item["catalogue_version"])
    rows.append((translate("CatalogueDetail", "来源"), e(source)))
    rows += [(term(d["label"]), e(str(d["value"]))) for d in item.get("details", []) if shown_value(d.get("value"))]
    if item.get("keywords"):
        rows.append((translate("CatalogueDetail", "关键词"), e("、".join(item["keywords"]))))
    if item.get("notes"):
        rows.append((translate("CatalogueDetail", "备注"), e(item["notes"])))
    rows.append((translate("CatalogueDetail", "编码"), e(item["code"])))
    table = "".join(
        f"<tr><td style='color:{GREY}; padding:3px 14px 3px 0; white-space:nowrap' valign='top'>{e(k)}</td>"
        f"<td style='padding:3px 0'>{v}</td></tr>" for k, v in rows)
    demo = ""
    if is_demo(item):
        demo = ("<p style='background:#f1f3f4; border:1px solid #dadce0; padding:6px'>{0}</p>".format(
            translate("CatalogueDetail", "<b>示范内容，不是正式文件规定。</b>本县目录中的同名事项以县里发布的为准。")))
    return (f"<h2 style='margin-bottom:4px'>{e(item['title'])}</h2>{demo}"
            f"<table cellspacing='0' style='margin-top:6px'>{table}</table>")


def empty_detail() -> str:
    text = translate("CatalogueDetail", "在左侧选择一个事项，这里显示它属于哪个清单、设定依据和条款、来源，以及办理要求。")
    return f"<p style='color:{GREY}'>{escape(text)}</p>"


def _change_value(text: str) -> str:
    if text:
        return escape(text)
    empty = translate("CatalogueUpdate", "（空）")
    return f"<span style='color:{GREY}'>{escape(empty)}</span>"


def changes_html(report: dict) -> str:
    """What a version changes (a preview, or a history entry): each kind with its count, then its
    items; a reworded or moved item lists every changed field, old → new."""
    e = escape

    def line(item: dict) -> str:
        return f"<b>{e(item['title'])}</b> <span style='color:{GREY}'>{e(item['code'])} · {e(term(item['list_name']))}</span>"

    parts = []
    meta = report.get("meta_changes") or []
    if meta:
        parts.append("<p style='margin:8px 0 2px 0'><b>{0}</b></p>".format(e(translate("CatalogueUpdate", "目录信息"))))
        parts += [f"<p style='margin:0 0 2px 12px'>{e(m['field_name'])}：{_change_value(m['old'])} → {_change_value(m['new'])}</p>"
                  for m in meta]
    sections = (
        (translate("CatalogueUpdate", "新增 {count} 项"), "added", "#188038"),
        (translate("CatalogueUpdate", "删除 {count} 项"), "removed", RED),
        (translate("CatalogueUpdate", "修改 {count} 项"), "reworded", "#202124"),
        (translate("CatalogueUpdate", "调整清单 {count} 项"), "moved", "#202124"),
    )
    for heading, key, colour in sections:
        found = report.get(key) or []
        if not found:
            continue
        parts.append(f"<p style='margin:10px 0 2px 0; color:{colour}'><b>{e(heading.format(count=len(found)))}</b></p>")
        for item in found:
            parts.append(f"<p style='margin:0 0 2px 12px'>{line(item)}</p>")
            for change in item.get("changes", []):
                parts.append(f"<p style='margin:0 0 2px 28px'>{e(change['field_name'])}：{_change_value(change['old'])}"
                             f" → {_change_value(change['new'])}</p>")
    if not parts:
        parts.append("<p style='color:{0}'>{1}</p>".format(GREY, e(translate("CatalogueUpdate", "事项没有改动。"))))
    return "".join(parts)


def counts_text(report: dict) -> str:
    return translate("CatalogueUpdate", "新增 {added} 项，删除 {removed} 项，修改 {reworded} 项，调整清单 {moved} 项，未变 {unchanged} 项").format(
        added=len(report["added"]), removed=len(report["removed"]), reworded=len(report["reworded"]),
        moved=len(report["moved"]), unchanged=report.get("unchanged") or 0)


class UpdatePreviewDialog(QDialog):
    """Before a catalogue is imported: what it adds, removes and rewords, with counts; 导入 or 取消."""

    def __init__(self, parent: QWidget | None, report: dict):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入目录：请确认改动"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        if report.get("old_version"):
            head = self.tr("{title}：已安装 {old} → 新版本 {new}").format(
                title=report["title"], old=report["old_version"], new=report["version"])
        else:
            head = self.tr("{title} {new}：本机尚未安装这个辖区的目录，将新增 {count} 项").format(
                title=report["title"], new=report["version"], count=report["items"])
        self.heading = QLabel(head)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.counts = QLabel(counts_text(report))
        self.counts.setObjectName("updateCounts")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        warnings = report.get("warnings") or []
        if warnings:
            note = muted(self.tr("另有 {count} 处需要确认的问题（如繁体字），列在最后；选择“导入”即表示已确认。").format(
                count=len(warnings)))
            note.setWordWrap(True)
            layout.addWidget(note)
        self.changes = QTextBrowser()
        self.changes.setObjectName("updateChanges")
        html = changes_html(report)
        if warnings:
            html += "<p style='margin:10px 0 2px 0'><b>{0}</b></p>".format(escape(self.tr("需要确认的问题")))
            html += "".join(f"<p style='margin:0 0 2px 12px'>{escape(w['where'])}：{escape(w['message'])}</p>"
                            for w in warnings)
        self.changes.setHtml(html)
        layout.addWidget(self.changes, 1)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        plain_text_labels(self)  # names, paths and messages shown as they are (ui/common.py)

    def text(self) -> str:
        return "\n".join([self.heading.text(), self.counts.text(), self.changes.toPlainText()])


def history_title(row: dict) -> str:
    return translate("CatalogueUpdate", "{name} 版本 {version}（{when}）").format(
        name=row["jurisdiction_name"] or row["jurisdiction_code"], version=row["version"],
        when=row["imported_at"][:16].replace("T", " "))


def history_html(entry: dict) -> str:
    """One version of the history: what it replaced and what it changed."""
    e = escape
    head = f"<h2 style='margin-bottom:4px'>{e(history_title(entry))}</h2>"
    source = translate("CatalogueUpdate", "来源：{source}").format(source=entry["source"])
    head += f"<p style='color:{GREY}; margin:0 0 6px 0'>{e(source)}</p>"
    if not entry.get("recorded"):
        text = translate("CatalogueUpdate", "这一版安装时本程序尚未记录改动（共 {count} 项）。").format(count=entry["item_count"])
        return head + f"<p style='color:{GREY}'>{e(text)}</p>"
    if not entry.get("previous_version"):
        text = translate("CatalogueUpdate", "首次安装，共 {count} 项。").format(count=entry["item_count"])
        return head + f"<p>{e(text)}</p>"
    since = translate("CatalogueUpdate", "由版本 {old} 更新：").format(old=entry["previous_version"])
    return head + f"<p style='margin:0'>{e(since + counts_text(entry))}</p>" + changes_html(entry)


class CataloguePage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.context = context
        self._loaded = False
        self.last_query: tuple[str, str | None] | None = None  # what the results show
        self.shown_item: dict | None = None
        self.last_check: dict | None = None
        self.last_file = ""  # the PDF just written (目录, 情况反映)
        self.last_record: dict | None = None  # the refusal just recorded

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addWidget(page_header(translate("Navigation", "目录查询"),
                                     self.tr("查询本县目录中的事项及其设定依据（厅字〔2022〕28号 二(一)1、二(三)7）")))
        self.error_label = QLabel()
        self.error_label.setObjectName("pageError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_search(), self.tr("查询事项"))
        self.tabs.addTab(self._build_admission(), self.tr("事项准入核对"))
        self.tabs.addTab(self._build_history(), self.tr("历史版本"))
        self.update_dialog: UpdatePreviewDialog | None = None
        self.last_update: dict | None = None  # the report of the import just done
        self.tabs.currentChanged.connect(self._tab_changed)

        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        self.detail.setOpenExternalLinks(False)
        self.detail.setHtml(empty_detail())
        self.detail.document().setDocumentMargin(12)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([440, 560])
        layout.addWidget(splitter, 1)
        self.splitter = splitter

        self.search_timer = debounced(self, SEARCH_DELAY_MS, self.search_now)
        context.changed.connect(self._context_changed)
        self.setFocusProxy(self.search_box)

    # ---- building ---------------------------------------------------------------------

    def _build_search(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 10, 8, 8)
        self.search_box = search_field("searchBox", self.tr("名称、拼音或首字母，如 居住、jzzm"))
        self.search_box.textChanged.connect(self._typed)
        self.search_box.returnPressed.connect(self.search_now)
        self.list_filter = QComboBox()
        self.list_filter.setObjectName("listFilter")
        self.list_filter.addItem(translate("CataloguePage", ALL_LISTS), None)
        for kind in catalogue.list_kinds():
            self.list_filter.addItem(term(kind["name"]), kind["key"])
        self.list_filter.setToolTip(self.tr("只在某一个清单中查询"))
        self.list_filter.currentIndexChanged.connect(self.search_now)
        # The box has a row of its own, wide enough for its example (居住、jzzm) at any font
        # scale and in either language; the list filter goes below it.
        layout.addWidget(self.search_box)
        self._fit_search_box()
        row = QHBoxLayout()
        row.addWidget(self.list_filter)
        row.addStretch(1)
        layout.addLayout(row)
        self.count_label = muted()
        self.count_label.setObjectName("resultCount")
        layout.addWidget(self.count_label)
        self.results_model = ItemsModel(self)
        self.results = QListView()
        self.results.setObjectName("results")
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(ItemDelegate(self.results))
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.selectionModel().currentChanged.connect(self._result_chosen)
        self.results.clicked.connect(self._result_clicked)
        layout.addWidget(self.results, 1)
        print_row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("打印目录…"))
        self.print_button.setToolTip(self.tr("把本单位适用的目录（或所选清单）生成 PDF，用于上墙公开"))
        self.print_button.clicked.connect(lambda: self.print_catalogue())
        print_row.addWidget(self.print_button)
        print_row.addStretch(1)
        layout.addLayout(print_row)
        self.search_box.installEventFilter(self)
        return box

    def _fit_search_box(self) -> None:
        metrics = self.search_box.fontMetrics()
        # the hint, the clear button and the frame
        self.search_box.setMinimumWidth(metrics.horizontalAdvance(self.search_box.placeholderText())
                                        + metrics.height() + 32)

    @guarded
    def print_catalogue(self, path: str | None = None) -> bool:
        """Save the applicable lists (or the filtered one) as a PDF off the UI thread, then open
        it to preview and print (`last_file`). False when nothing was started."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from villagedesk.services.catalogue_print import print_catalogue

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("打印目录"), f"{self.list_filter.currentText()}.pdf",
                                                  self.tr("PDF 文件 (*.pdf)"))
            if not path:
                return False
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
        target, list_name = Path(path), self.list_name()
        desk_op(self, self.context.data_dir,
                lambda session: print_catalogue(session, target, list_name=list_name, overwrite=True),
                label=self.tr("正在生成目录 PDF"), busy=(self.print_button,), on_success=self._catalogue_printed)
        return True

    def _catalogue_printed(self, result: dict) -> None:
        from pathlib import Path

        self.last_file = result["file"]
        self.count_label.setText(self.tr("已生成 {file}（{pages} 页），可在打开的 PDF 中预览并打印").format(
            file=Path(result["file"]).name, pages=result["pages"]))
        self._open_file(result["file"])

    def _open_file(self, file: str) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if not self.property("no_open"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(file))

    def _build_admission(self) -> QWidget:
        box = QWidget()
        self.admission_tab = box
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 10, 8, 8)
        self.admission_intro = muted(self.tr("某部门要求村里承担一项工作时，输入或粘贴它的内容，核对它属于哪个清单、依据哪一条。"))
        layout.addWidget(self.admission_intro)
        self.request_box = QPlainTextEdit()
        self.request_box.setObjectName("requestBox")
        self.request_box.setPlaceholderText(self.tr("如：请村委会负责辖区内违章建筑的拆除工作"))
        self.request_box.setTabChangesFocus(True)
        self.request_box.installEventFilter(self)  # Enter checks, Shift+Enter starts a new line
        layout.addWidget(self.request_box, 2)
        row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("核对"))
        self.check_button.setObjectName("primary")
        self.check_button.setToolTip("Enter")
        self.check_button.clicked.connect(self.check_request)
        row.addWidget(self.check_button)
        self.check_hint = muted(self.tr("Enter 核对，Shift+Enter 换行"))
        row.addWidget(self.check_hint, 1)
        # a refused request is recorded for the township (厅字〔2022〕28号 二(三)8 反映): beside 核对,
        # so the page grows no taller (services/refused_requests.py)
        self.record_button = QPushButton(self.tr("记录并反映"))
        self.record_button.setObjectName("recordRefused")
        self.record_button.setToolTip(self.tr("把这项要求记为拒绝事项，供打印情况反映报乡镇"))
        self.record_button.clicked.connect(self.record_refused)
        self.record_button.hide()
        row.addWidget(self.record_button)
        self.report_button = QPushButton(self.tr("打印情况反映"))
        self.report_button.setObjectName("printSituationReport")
        self.report_button.clicked.connect(self.print_situation_report)
        self.report_button.hide()
        row.addWidget(self.report_button)
        layout.addLayout(row)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), box)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.check_request)
        self.verdict_label = ScaledLabel(factor=1.1, bold=True)
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.verdict_label)
        self.clauses_view = QTextBrowser()
        self.clauses_view.setObjectName("clauses")
        self.clauses_view.hide()
        layout.addWidget(self.clauses_view, 3)
        self.matches_caption = muted(self.tr("最相近的目录事项（点击查看）："))
        self.matches_caption.hide()
        layout.addWidget(self.matches_caption)
        self.matches_model = ItemsModel(self)
        self.matches = QListView()
        self.matches.setObjectName("matches")
        self.matches.setModel(self.matches_model)
        self.matches.setItemDelegate(ItemDelegate(self.matches))
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.selectionModel().currentChanged.connect(self._match_chosen)
        self.matches.clicked.connect(self._match_chosen)
        self.matches.hide()
        layout.addWidget(self.matches, 2)
        # Until the first answer, blank space below keeps the text box a sensible size.
        layout.addStretch(5)
        self._admission_layout = layout
        return box

    def _build_history(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 10, 8, 8)
        intro = muted(self.tr("每次安装目录都记下版本和改动。选择一个版本，右侧列出它新增、删除、修改了哪些事项。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.history_list = QListWidget()
        self.history_list.setObjectName("historyList")
        self.history_list.currentItemChanged.connect(self._history_chosen)
        layout.addWidget(self.history_list, 1)
        row = QHBoxLayout()
        self.update_button = QPushButton(self.tr("导入新版本…"))
        self.update_button.setObjectName("importUpdate")
        self.update_button.setToolTip(self.tr("选择县里发布的目录文件，先列出它改动的事项，确认后再导入"))
        self.update_button.clicked.connect(lambda: self.import_update())
        row.addWidget(self.update_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.history_status = muted()
        self.history_status.setObjectName("historyStatus")
        self.history_status.setWordWrap(True)
        layout.addWidget(self.history_status)
        return box

    @guarded
    def refresh_history(self) -> None:
        """The installed versions, newest first (a quick read, like a search)."""
        chosen = self.history_list.currentItem()
        keep = chosen.data(Qt.ItemDataRole.UserRole)["id"] if chosen is not None else None
        self.history_list.blockSignals(True)
        self.history_list.clear()
        for row in catalogue.history(self.context.session):
            item = QListWidgetItem(history_title(row))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.history_list.addItem(item)
        self.history_list.blockSignals(False)
        rows = [self.history_list.item(i).data(Qt.ItemDataRole.UserRole)["id"] for i in range(self.history_list.count())]
        if rows:
            self.history_list.setCurrentRow(rows.index(keep) if keep in rows else 0)

    @guarded
    def _history_chosen(self, current: QListWidgetItem | None, _previous=None) -> None:
        if self.tabs.currentIndex() != 2:
            return
        if current is None:
            self.detail.setHtml(empty_detail())
            return
        entry = catalogue.history_changes(self.context.session, current.data(Qt.ItemDataRole.UserRole)["id"])
        self.detail.setHtml(history_html(entry))
        self.shown_item = None

    @guarded
    def import_update(self, path: str | None = None) -> bool:
        """Check a catalogue file off the UI thread and list what it would change
        (UpdatePreviewDialog); only 导入 there imports it. False when nothing was started."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("导入新版本目录"), "",
                                                  self.tr("目录文件 (*.xlsx *.csv *.json);;所有文件 (*)"))
            if not path:
                return False
        target = Path(path)
        self.show_error("")
        self.history_status.setText(self.tr("正在检查 {file} …").format(file=target.name))
        desk_op(self, self.context.data_dir,
                lambda session, progress: catalogue.import_catalogue(session, target, allow_warnings=True,
                                                                     dry_run=True, progress=progress),
                label=self.tr("正在检查目录文件 {file}").format(file=target.name), busy=(self.update_button,),
                on_success=lambda report: self._update_checked(target, report), on_failure=self._update_failed)
        return True

    @guarded
    def _update_checked(self, path, report: dict) -> None:
        if report["outcome"] == "would_unchanged":
            self.history_status.setText(self.tr("{title} {version} 已是当前版本，无需导入").format(
                title=report["title"], version=report["version"]))
            return
        self.history_status.setText(self.tr("请在对话框中核对改动，确认后导入"))
        dialog = UpdatePreviewDialog(self, report)
        dialog.accepted.connect(lambda: self._apply_update(path))
        dialog.rejected.connect(lambda: self.history_status.setText(self.tr("未导入，已安装的目录没有改动")))
        self.update_dialog = dialog
        dialog.open()

    @guarded
    def _apply_update(self, path) -> None:
        self.history_status.setText(self.tr("正在导入 {file} …").format(file=path.name))
        desk_op(self, self.context.data_dir,
                lambda session, progress: catalogue.import_catalogue(session, path, allow_warnings=True, progress=progress),
                label=self.tr("正在导入目录文件 {file}").format(file=path.name), busy=(self.update_button,),
                cancellable=True, on_success=self._update_applied, on_failure=self._update_failed,
                on_cancel=self._update_failed)

    def _update_applied(self, report: dict) -> None:
        self.last_update = report
        self.history_status.setText(report.get("message") or self.tr("已导入"))
        self.context.notify("catalogues")  # the search and this list read the new version

    def _update_failed(self, exc: BaseException) -> None:
        from villagedesk.core.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.history_status.setText(self.tr("已取消导入，已安装的目录没有改动"))
            return
        self.history_status.setText(self.tr("未导入，已安装的目录没有改动"))
        report_error(self, exc)

    # ---- behaviour --------------------------------------------------------------------

    def showEvent(self, event):
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            QTimer.singleShot(0, self, self.search_now)
            self.search_box.setFocus()

    def focus_first_field(self) -> None:
        """The cursor where the clerk types: the search box, the request to check, or the versions."""
        index = self.tabs.currentIndex()
        target = self.search_box if index == 0 else self.request_box if index == 1 else self.history_list
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched, event):
        try:
            if self._filtered(watched, event):
                return True
        except Exception as exc:  # an event filter is a slot too: nothing may reach Qt
            report_error(self, exc)
            return True
        return super().eventFilter(watched, event)

    def _filtered(self, watched, event) -> bool:
        kind = event.type()
        if watched is self.search_box:
            if kind == QEvent.Type.FontChange:
                self._fit_search_box()
            elif kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
                # ↓ in the search box goes to the results, so a clerk never needs the mouse:
                # the results of what is in the box, even before the pause in typing
                if self.search_timer.isActive():
                    self.search_now()
                if self.results_model.rowCount():
                    self.results.setFocus()
                    if not self.results.currentIndex().isValid():
                        self.results.setCurrentIndex(self.results_model.index(0))
                    return True
        elif watched is getattr(self, "request_box", None):
            if (kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
                self.check_request()  # the page's primary action; Shift+Enter starts a new line
                return True
        return False

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _typed(self, _text: str) -> None:
        self.search_timer.start()

    def list_name(self) -> str | None:
        return self.list_filter.currentData()

    @guarded
    def search_now(self) -> None:
        self.search_timer.stop()
        self._loaded = True
        self.show_error("")
        text = self.search_box.text().strip()
        session = self.context.session
        if text:
            items = catalogue.search(session, text, list_name=self.list_name(), limit=SEARCH_LIMIT)
        else:
            items = catalogue.list_items(session, self.list_name())
        self.results_model.set_items(items)
        self.last_query = (text, self.list_name())
        n = len(items)
        if text and not n:
            self.count_label.setText(self.tr("没有找到与「{query}」相关的事项。可以换个说法，或用拼音首字母查询。").format(query=text))
        elif text:
            more = self.tr("（只显示最相关的前 {limit} 项）").format(limit=SEARCH_LIMIT) if n >= SEARCH_LIMIT else ""
            self.count_label.setText(self.tr("找到 {count} 项").format(count=n) + more)
        else:
            where = self.list_filter.currentText() if self.list_name() else self.tr("本单位适用的目录")
            self.count_label.setText(self.tr("{where}共 {count} 项；输入关键词可以缩小范围").format(where=where, count=n))
        if n:
            self.results.setCurrentIndex(self.results_model.index(0))
        elif self.tabs.currentIndex() == 0:
            self.show_item(None)

    @guarded
    def _result_chosen(self, current: QModelIndex, _previous=None) -> None:
        # results change behind the 准入 tab too (a catalogue imported in 设置): the detail
        # pane keeps showing what that tab shows
        if self.tabs.currentIndex() == 0:
            self.show_item(current.data(ItemRole) if current.isValid() else None)

    @guarded
    def _result_clicked(self, index: QModelIndex) -> None:
        self.show_item(index.data(ItemRole))

    @guarded
    def _match_chosen(self, current: QModelIndex, _previous=None) -> None:
        if current.isValid():
            self.show_item(current.data(ItemRole))

    @guarded
    def _tab_changed(self, index: int) -> None:
        """The detail pane follows the tab: the chosen result, the chosen match, or the chosen version."""
        if index == 2:
            if self.history_list.count() == 0:
                self.refresh_history()
            self._history_chosen(self.history_list.currentItem())
            if self.isVisible():
                self.focus_first_field()
            return
        view = self.results if index == 0 else self.matches
        current = view.currentIndex()
        self.show_item(current.data(ItemRole) if current.isValid() else None)
        if self.isVisible():
            self.focus_first_field()

    @guarded
    def show_item(self, item: dict | None) -> None:
        self.detail.setHtml(item_html(item) if item else empty_detail())
        self.shown_item = item

    def select_result(self, title: str) -> bool:
        row = self.results_model.row_of(title)
        if row >= 0:
            self.results.setCurrentIndex(self.results_model.index(row))
        return row >= 0

    def _burden_html(self, result: dict) -> str:
        """What decided the answer, above the quoted clauses: the service's summary lines
        (decision, reason, deciding words, each burden rule hit with its clause)."""
        lines = result.get("summary", [])
        if not lines:
            return ""
        head, rest = lines[0], lines[1:]
        return (f"<p style='margin:0 0 4px 0'><b>{escape(head)}</b></p>"
                + "".join(f"<p style='margin:0 0 4px 0'>{escape(line)}</p>" for line in rest) + "<hr/>")

    @guarded
    def check_request(self) -> None:
        self.show_error("")
        result = admission.check_task(self.context.session, self.request_box.toPlainText())
        self.last_check = result
        strict = result["verdict"] in STRICT_VERDICTS or result.get("decision") == "refuse"
        self.verdict_label.setStyleSheet(f"color: {RED if strict else '#202124'};")
        review = f"（{result['review_note']}）" if result.get("review_note") else ""
        self.verdict_label.setText(self.tr("结论：{explanation}").format(explanation=result["explanation"]) + review)
        quotes = "".join(
            f"<p style='margin:0 0 2px 0'><b>{escape(c['document'])} {escape(c['clause'])}</b></p>"
            f"<p style='margin:0 0 10px 12px; color:#3c4043'>“{escape(c['text'])}”</p>" for c in result["clauses"])
        no_clause = escape(self.tr("该清单没有需要引用的上级文件条款，以本县目录为准。"))
        self.clauses_view.setHtml(self._burden_html(result) + (quotes or f"<p style='color:{GREY}'>{no_clause}</p>"))
        self.clauses_view.show()
        self._admission_layout.setStretch(self._admission_layout.count() - 1, 0)
        # The verdict takes the place of the instructions: at 150 % on a 1366×768 screen there is
        # no room for both, and a squeezed label would cut its lines in half.
        self.admission_intro.hide()
        self._offer_record(result)
        self.matches_model.set_items(result["matches"])
        has_matches = bool(result["matches"])
        self.matches_caption.setVisible(has_matches)
        self.matches.setVisible(has_matches)
        if has_matches:
            self.matches.setCurrentIndex(self.matches_model.index(0))

    def _offer_record(self, result: dict) -> None:
        from villagedesk.services import refused_requests

        self.record_button.setVisible(refused_requests.is_refusable(result))
        self.record_button.setEnabled(True)
        self.record_button.setText(self.tr("记录并反映"))
        self.report_button.setVisible(refused_requests.is_refusable(result) or self._has_refused())
        # the buttons take the hint's room (at 150 % on 1366×768 it would wrap and cut the verdict)
        self.check_hint.setVisible(self.record_button.isHidden() and self.report_button.isHidden())

    def _has_refused(self) -> bool:
        from villagedesk.services import refused_requests

        try:
            return bool(refused_requests.list_records(self.context.session))
        except Exception:
            return False

    @guarded
    def record_refused(self, department: str | None = None) -> bool | None:
        """Record the request just checked as refused, asking which department sent it."""
        from PySide6.QtWidgets import QInputDialog

        from villagedesk.services import refused_requests

        result = getattr(self, "last_check", None)
        if not result:
            return None
        if department is None:
            department, ok = QInputDialog.getText(self, self.tr("记录拒绝事项"),
                                                  self.tr("提出这项要求的部门（如 县农业农村局）："))
            if not ok:
                return None
        text = result["text"]
        self.record_button.setEnabled(False)  # recorded once; a new check offers it again
        desk_op(self, self.context.data_dir,
                lambda session: refused_requests.record(session, text, department, None, result), progress=False,
                on_success=self._refused_recorded, on_failure=self._record_failed)
        return True

    def _refused_recorded(self, saved: dict) -> None:
        self.last_record = saved
        self.record_button.setEnabled(False)
        self.record_button.setText(self.tr("已记录"))
        self.report_button.show()

    def _record_failed(self, exc: BaseException) -> None:
        self.record_button.setEnabled(True)  # nothing was stored: the clerk may try again
        report_error(self, exc)

    @guarded
    def print_situation_report(self, path: str | None = None) -> bool:
        """The 情况反映 of every recorded refusal, saved as a PDF off the UI thread and opened to print."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from villagedesk.services import refused_requests

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("打印情况反映"), self.tr("情况反映") + ".pdf",
                                                  self.tr("PDF 文件 (*.pdf)"))
            if not path:
                return False
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
        target = Path(path)
        desk_op(self, self.context.data_dir,
                lambda session: refused_requests.print_report(session, target, overwrite=True),
                label=self.tr("正在生成情况反映"), busy=(self.report_button,), on_success=self._report_printed)
        return True

    def _report_printed(self, result: dict) -> None:
        self.last_file = result["file"]
        self._open_file(result["file"])

    @guarded
    def _context_changed(self, what) -> None:
        if {"desk", "catalogues"} & set(what):
            self.search_now()
            self.refresh_history()
        if "settings" in what:
            for view in (self.results, self.matches):
                view.model().layoutChanged.emit()

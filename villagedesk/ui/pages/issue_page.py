"""出具证明: find what the villager asks for, then issue it, accept it, or refuse it with a notice.

Left: the certificate items as you type (保留 and 不应出具, pinyin too), 据实出具 for a
matter on no list, and 待办结 (accepted requests by due date). Right: the form of a retained
item or of 据实出具, the refusal of a must-not-issue item, or an accepted request. Issuing
runs in the background (ui/long_work.desk_op) so the window never freezes; the certificate opens in a
print preview at once and the form is cleared for the next villager (the 经办人 stays).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem, QPushButton, QScrollArea,
    QSplitter, QVBoxLayout, QWidget,
)

from villagedesk.core.errors import Problem, UserError
from villagedesk.services import catalogue, cert_requests, certificates, settings
from villagedesk.ui import common
from villagedesk.ui.common import (
    RED, DeskContext, ProblemsDialog, ScaledLabel, ScrollingStack, debounced, guarded, muted, page_header,
    report_error, reserve_line, search_field, term, translate,
)
from villagedesk.ui.long_work import LongWork, desk_op
from villagedesk.ui.pages.catalogue_page import ItemRole, ItemsModel
from villagedesk.ui.pages.issue_form import PERSON_FIELDS, USE_FIELDS, CertificateForm
from villagedesk.ui.pages.issue_items import FORBIDDEN, RETAINED, CertificateItemDelegate, pending_text, time_limit_text
from villagedesk.ui.pages.issue_panels import FormModeBanner, PendingPanel, RefusalPanel

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 300
GENERIC_CODE = "generic"
KEPT_FIELDS = {key for key, *_ in PERSON_FIELDS + USE_FIELDS}  # typed once per villager


class IssuePage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.context = context
        self.prepared: dict | None = None
        self.handler = ""  # the last 经办人, kept for the next villager
        self.operation: LongWork | None = None
        self.last_result: dict | None = None
        self.last_error: UserError | None = None
        self.last_preview = None
        self.problems_dialog: ProblemsDialog | None = None
        self.forbidden_hint: dict | None = None  # the must-not-issue item the search text names
        self._loaded = False
        # None, or the form filled from the ledger: {"kind": "reissue", "number", "reason"} (作废并重新出具)
        # or {"kind": "amend", "number"} (更正 an accepted request)
        self.mode: dict | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addWidget(page_header(translate("Navigation", "出具证明"),
                                     self.tr("按本县保留出具证明事项目录据实出具证明；不应出具的，说明原因并出具告知单（厅字〔2022〕28号 二(三)8）")))
        self.error_label = QLabel()
        self.error_label.setObjectName("pageError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        reserve_line(self.error_label)  # a message does not push the form down
        layout.addWidget(self.error_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_right())
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 7)
        splitter.setSizes([330, 770])
        layout.addWidget(splitter, 1)
        self.splitter = splitter

        self.result_bar = QWidget()
        bar = QHBoxLayout(self.result_bar)
        bar.setContentsMargins(0, 6, 0, 0)
        self.result_label = QLabel()
        self.result_label.setObjectName("issueResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.result_label, 1)
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setObjectName("printLast")
        self.print_button.clicked.connect(self.preview_last)
        bar.addWidget(self.print_button)
        self.result_bar.hide()
        layout.addWidget(self.result_bar)

        self.search_timer = debounced(self, SEARCH_DELAY_MS, self.search_now)
        context.changed.connect(self._context_changed)
        self.setFocusProxy(self.search_box)

    # ---- building ---------------------------------------------------------------------

    def _build_left(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 8, 0)
        self.search_box = search_field("issueSearch", self.tr("村民要开什么证明？如 居住、jzzm"))
        self.search_box.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_box.returnPressed.connect(self._search_entered)
        layout.addWidget(self.search_box)
        self.count_label = muted()
        self.count_label.setObjectName("issueCount")
        layout.addWidget(self.count_label)
        self.results_model = ItemsModel(self)
        self.results = QListView()
        self.results.setObjectName("issueResults")
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(CertificateItemDelegate(self.results))
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.selectionModel().currentChanged.connect(self._result_chosen)
        self.results.clicked.connect(self._result_clicked)
        self.results.activated.connect(lambda _i: self.focus_form())
        layout.addWidget(self.results, 3)
        self.generic_button = QPushButton(self.tr("据实出具（不在清单中的事项）"))
        self.generic_button.setObjectName("genericButton")
        self.generic_button.setToolTip(self.tr("没有列入清单、但能够核实的事项（厅字〔2022〕28号 二(三)8）"))
        self.generic_button.clicked.connect(self.choose_generic)
        layout.addWidget(self.generic_button)
        self.pending_caption = QLabel(self.tr("待办结（已受理）"))
        self.pending_caption.setObjectName("pendingCaption")
        layout.addWidget(self.pending_caption)
        self.pending_list = QListWidget()
        self.pending_list.setObjectName("pendingList")
        self.pending_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pending_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.pending_list.setSpacing(2)
        self.pending_list.itemClicked.connect(self._pending_chosen)
        self.pending_list.itemActivated.connect(self._pending_chosen)
        layout.addWidget(self.pending_list, 1)
        self.search_box.installEventFilter(self)
        return box

    def _build_right(self) -> QWidget:
        self.stack = ScrollingStack()  # a panel taller than the window scrolls, its fields keep their size
        self.intro = muted(self.tr("在左侧输入村民要开的证明，选中后在这里填写。\n"
                                   "列入不应出具证明事项清单的，这里说明原因、依据和应到哪里办理，并可出具告知单。"))
        self.intro.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack.addWidget(self.intro)
        self.stack.addWidget(self._build_form_panel())
        self.refusal_panel = RefusalPanel()
        self.refusal_panel.refuse_requested.connect(self.refuse_now)
        self.stack.addWidget(self.refusal_panel)
        self.pending_panel = PendingPanel()
        self.pending_panel.issue_requested.connect(self.issue_pending)
        self.pending_panel.refuse_requested.connect(self.refuse_pending)
        self.pending_panel.amend_requested.connect(self.start_amend)
        self.stack.addWidget(self.pending_panel)
        return self.stack

    def _build_form_panel(self) -> QWidget:
        panel = QWidget()
        self.form_panel = panel
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(4)
        self.mode_banner = FormModeBanner()
        self.mode_banner.cancel_requested.connect(self.cancel_mode)
        layout.addWidget(self.mode_banner)
        self.item_title = ScaledLabel(factor=1.2, bold=True)
        self.item_title.setObjectName("itemTitle")
        self.item_title.setWordWrap(True)
        layout.addWidget(self.item_title)
        self.item_facts = muted()
        self.item_facts.setObjectName("itemFacts")
        self.item_facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.item_facts)
        self.time_limit = QLabel()
        self.time_limit.setObjectName("timeLimit")
        self.time_limit.setWordWrap(True)
        layout.addWidget(self.time_limit)
        self.form = CertificateForm()
        self.form.changed.connect(self._form_changed)
        self.form.submitted.connect(self.primary_action)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.form_scroll = scroll
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.form_hint = muted()
        self.form_hint.setObjectName("formHint")
        reserve_line(self.form_hint, 2)  # one line or two as the clerk types: the form keeps its height
        row.addWidget(self.form_hint, 1)
        self.issue_now = QCheckBox(self.tr("已核实，当场出具"))
        self.issue_now.setObjectName("issueNow")
        self.issue_now.setToolTip(self.tr("需要限时办结的事项，核实无误后也可以当场出具，不必先受理"))
        self.issue_now.toggled.connect(self._form_changed)
        row.addWidget(self.issue_now)
        self.primary = QPushButton(self.tr("出具证明"))
        self.primary.setObjectName("primary")
        self.primary.setToolTip("Enter")
        self.primary.clicked.connect(self.primary_action)
        row.addWidget(self.primary)
        layout.addLayout(row)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), panel)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.primary_action)
        return panel

    # ---- finding the item -------------------------------------------------------------

    def showEvent(self, event):
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            QTimer.singleShot(0, self, self.search_now)
            QTimer.singleShot(0, self, self.refresh_pending)
            self.search_box.setFocus()

    def focus_first_field(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched, event):
        try:
            if (watched is self.search_box and event.type() == event.Type.KeyPress
                    and event.key() == Qt.Key.Key_Down):
                if self.search_timer.isActive():
                    self.search_now()
                if self.results_model.rowCount():
                    self.results.setFocus()
                    return True
        except Exception as exc:  # an event filter is a slot too
            report_error(self, exc)
            return True
        return super().eventFilter(watched, event)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    @guarded
    def search_now(self) -> None:
        self.search_timer.stop()
        self._loaded = True
        text = self.search_box.text().strip()
        session = self.context.session
        hint = None
        if text:
            found = catalogue.search(session, text, limit=SEARCH_LIMIT)
            items = [i for i in found if i["list_key"] in (RETAINED, FORBIDDEN)]
            # a must-not-issue certificate under another name (还活着 → 健在证明) is shown as
            # that item, never offered as 据实出具 (厅字〔2022〕28号 二(三)8)
            hint = cert_requests.forbidden_hint(session, text)
            if hint is not None and hint["item"]["code"] not in {i["code"] for i in items}:
                items = [hint["item"], *items]
        else:
            items = catalogue.list_items(session, RETAINED) + catalogue.list_items(session, FORBIDDEN)
        self.forbidden_hint = hint
        self.results_model.set_items(items)
        self.last_query = text
        if hint is not None:
            self.count_label.setText(self.tr("「{query}」属于不应出具证明事项「{item}」，不能据实出具；选中它查看原因和应到哪里办理").format(
                query=text, item=hint["item"]["title"]))
        elif text and not items:
            self.count_label.setText(self.tr("没有找到「{query}」。不在清单中、但能够核实的事项，可以据实出具。").format(query=text))
        elif text:
            self.count_label.setText(self.tr("找到 {count} 项").format(count=len(items)))
        else:
            self.count_label.setText(self.tr("保留出具 {retained} 项，不应出具 {forbidden} 项").format(
                retained=sum(1 for i in items if i["list_key"] == RETAINED),
                forbidden=sum(1 for i in items if i["list_key"] == FORBIDDEN)))

    def _search_entered(self) -> None:
        self.search_now()
        if self.results_model.rowCount() == 1:
            self.results.setCurrentIndex(self.results_model.index(0))
            self.focus_form()

    def titles(self) -> list[str]:
        return [i["title"] for i in self.results_model.items()]

    def select_item(self, title: str) -> bool:
        row = self.results_model.row_of(title)
        if row >= 0:
            self.results.setCurrentIndex(self.results_model.index(row))
        return row >= 0

    @guarded
    def _result_chosen(self, current: QModelIndex, _previous=None) -> None:
        if current.isValid():
            self.choose(current.data(ItemRole)["code"])

    @guarded
    def _result_clicked(self, index: QModelIndex) -> None:
        item = index.data(ItemRole)
        if item and (self.prepared is None or (self.prepared.get("item") or {}).get("code") != item["code"]):
            self.choose(item["code"])

    @guarded
    def choose_generic(self) -> None:
        if self.search_timer.isActive():
            self.search_now()
        hint = self.forbidden_hint
        if hint is not None:  # what was asked for is on the must-not-issue list: its refusal, not a form
            self.select_item(hint["item"]["title"])
            self.choose(hint["item"]["code"])
            self.show_error(self.tr("「{query}」属于不应出具证明事项「{item}」，不能据实出具，请出具不予出具告知单").format(
                query=self.last_query, item=hint["item"]["title"]))
            return
        self.results.clearSelection()
        self.choose(GENERIC_CODE)
        self.focus_form()

    def remembered_handler(self) -> str:
        """The 经办人 a new form starts with: the last one typed here, else the desk's 经办人
        setting (设置); never the computer's login name."""
        return self.handler or settings.handler_setting(self.context.session)

    @guarded
    def choose(self, code: str) -> None:
        """Show what the counter does for this item: its form, or why it is refused."""
        self.show_error("")
        self._set_mode(None)
        prepared = certificates.prepare(self.context.session, code)
        self.prepared = prepared
        if prepared["kind"] == "forbidden":
            self.refusal_panel.show_refusal(prepared["refusal"], self.remembered_handler())
            self.stack.setCurrentWidget(self.refusal_panel)
            self.stack.scroll_to_top(self.refusal_panel)
            return
        item = prepared.get("item")
        form = prepared["form"]
        if prepared.get("demo_notice"):
            self.show_error(prepared["demo_notice"])  # a 示范 item on a real desk: printed as demo
        warned = self.__dict__.setdefault("_warned_forms", set())  # each skipped form file is told once
        if [w for w in prepared.get("form_warnings", []) if w not in warned]:
            warned.update(prepared["form_warnings"])
            common.show_message(self, "\n".join(prepared["form_warnings"]))
        if item:
            self.item_title.setText(item["title"])
            basis = item["basis"] + (f" {item['clause']}" if item.get("clause") else "")
            self.item_facts.setText(self.tr("{list}　依据：{basis}").format(list=term(item["list_name"]), basis=basis))
        else:
            self.item_title.setText(form["title"])
            self.item_facts.setText(self.tr("不在清单中、但能够核实的事项：只证明核实过的事实（厅字〔2022〕28号 二(三)8）"))
        days = int(prepared.get("time_limit_days") or 0)
        if days:
            self.time_limit.setText(self.tr("办理时限：{limit}（复杂证明先受理，核实后限时出具）").format(limit=time_limit_text(days)))
        else:
            self.time_limit.setText(self.tr("办理时限：当场办结"))
        if self.form.handler():
            self.handler = self.form.handler()
        # the villager at the counter stays the same when the clerk picks another item
        kept = {key: value for key, value in self.form.values().items() if key in KEPT_FIELDS and value}
        self.form.build(prepared, self.context.session)
        self.form.set_values({k: v for k, v in kept.items() if k in self.form.rows})
        if self.remembered_handler() and not self.form.handler():
            self.form.handler_row.set_value(self.remembered_handler())
        self.issue_now.setChecked(False)
        self.issue_now.setVisible(self.is_complex())
        self.stack.setCurrentWidget(self.form_panel)
        self.form_scroll.verticalScrollBar().setValue(0)  # a new form starts at its top
        self.stack.scroll_to_top(self.form_panel)
        self._form_changed()

    def focus_form(self) -> None:
        current = self.stack.currentWidget()
        if current is self.form_panel and self.form.first_field() is not None:
            self.form.first_field().setFocus()
        elif current is self.refusal_panel:
            self.refusal_panel.first_field().setFocus()

    # ---- the form ---------------------------------------------------------------------

    def is_complex(self) -> bool:
        return bool(self.prepared) and int(self.prepared.get("time_limit_days") or 0) > 0

    def will_accept(self) -> bool:
        """受理 for a complex item unless the clerk has verified it already and issues now."""
        return self.is_complex() and not self.issue_now.isChecked() and self.mode is None

    def busy(self) -> bool:
        return self.operation is not None

    def busy_reason(self) -> str:
        return self.tr("正在出具证明") if self.busy() else ""

    @guarded
    def _form_changed(self, *_args) -> None:
        if self.prepared is None or self.prepared["kind"] == "forbidden":
            return
        mode = (self.mode or {}).get("kind")
        self.primary.setText(self.tr("作废原证明并出具") if mode == "reissue" else self.tr("保存更正") if mode == "amend"
                             else self.tr("受理") if self.will_accept() else self.tr("出具证明"))
        valid = self.form.is_valid()
        self.primary.setEnabled(valid and not self.busy())
        if valid:
            self.form_hint.setText(self.tr("Enter 受理") if self.will_accept() else self.tr("Enter 出具并打开打印预览"))
        else:
            missing = self.form.missing_labels()
            fields = self.tr("、").join(missing[:4])  # the list separator: ", " in English
            if len(missing) > 4:
                fields = self.tr("{fields}等 {count} 项").format(fields=fields, count=len(missing))
            self.form_hint.setText(self.tr("尚需填写或改正：{fields}").format(fields=fields))

    @guarded
    def primary_action(self) -> None:
        if self.stack.currentWidget() is not self.form_panel or self.busy():
            return
        problems = self.form.check(show_all=True)
        if problems:
            return
        args = self.form.service_arguments()
        self.handler = self.form.handler()
        mode = self.mode or {}
        if mode.get("kind") == "amend":
            number = mode["number"]
            self._run(lambda s: certificates.amend_accepted(s, number, values=args["values"], materials=args["materials"],
                                                            handler=args["handler"]), self._amended)
        elif mode.get("kind") == "reissue":
            more = {"replaces_number": mode["number"], "void_reason": mode["reason"]}
            self._run(lambda s: certificates.issue(s, **args, **more), self._issued)
        elif self.will_accept():
            self._run(lambda s: certificates.accept(s, **args), self._accepted)
        else:
            self._run(lambda s: certificates.issue(s, **args), self._issued)

    def _run(self, fn, done) -> None:
        """fn(session) off the UI thread (every action of this page writes the ledger);
        done(result) back on it; the page's buttons are disabled meanwhile."""
        self.show_error("")
        self.last_error = None
        busy = (self.primary, self.refusal_panel.button, self.pending_panel.issue_button, self.pending_panel.refuse_button)
        self.operation = desk_op(self, self.context.data_dir, fn, busy=busy, label=self.tr("正在出具证明"),
                                 on_success=lambda result: self._finished(done, result),
                                 on_failure=lambda exc: self._finished(self._failed, exc))

    def _finished(self, done, value) -> None:
        self.operation = None
        try:
            done(value)
        except Exception as exc:
            report_error(self, exc)
        finally:
            self._form_changed()
            self.refusal_panel.check()
            self.pending_panel.check()

    def _issued(self, result: dict) -> None:
        self.last_result = result
        self._set_mode(None)
        self.show_result(self.tr("已出具 {number}（{item}，{name}）。证明已保存，可打印。").format(
            number=result["number"], item=result.get("item_title") or "", name=result.get("subject_name") or "")
            + (self.tr("原证明 {old} 已作废。").format(old=result["replaces"]) if result.get("replaces") else ""))
        self.form.clear()
        self.refresh_pending()
        self.context.notify("ledger")
        self.preview_last()
        if self.stack.currentWidget() is self.form_panel and self.form.first_field() is not None:
            self.form.first_field().setFocus()

    def _accepted(self, result: dict) -> None:
        self.last_result = result
        self.show_result(self.tr("已受理，受理号 {number}；应于 {due} 前办结（{days} 个工作日）。见左侧“待办结”。"
                                 "请把受理回执交给村民。").format(
            number=result["number"], due=result.get("due_on") or "", days=result.get("working_days") or ""),
            printable=bool(result.get("pdf")))
        self.form.clear()
        self.refresh_pending()
        self.context.notify("ledger")
        self.preview_last()  # the 受理回执, as issuing opens the certificate

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, certificates.NotToBeIssued):
            self.prepared = {"kind": "forbidden", "refusal": exc.refusal}
            self.refusal_panel.show_refusal(exc.refusal, self.remembered_handler())
            self.stack.setCurrentWidget(self.refusal_panel)
            self.show_error(exc.message)
            return
        if not isinstance(exc, UserError):
            report_error(self, exc)
            return
        self.last_error = exc
        current = self.stack.currentWidget()
        problems = list(exc.problems)
        if current is self.form_panel:
            loose = self.form.show_service_problems(problems)
        elif current is self.refusal_panel:
            loose = self.refusal_panel.inputs.show_problems(problems, show_all=True)
        elif current is self.pending_panel:
            loose = self.pending_panel.show_problems(problems)
        else:
            loose = problems
        if problems and not loose:
            self.show_error(exc.message)  # each problem is beside its field
            return
        self.show_problems(exc.message, loose or [Problem("error", exc.message, exc.where)])

    def show_problems(self, message: str, problems: list[Problem]) -> None:
        dialog = ProblemsDialog(self, self.tr("未能办理"), message, [p.text() for p in problems])
        self.problems_dialog = dialog
        dialog.open()

    def show_result(self, text: str, *, printable: bool = True) -> None:
        self.result_label.setText(text)
        self.print_button.setVisible(printable)
        self.result_bar.show()

    @guarded
    def preview_last(self) -> None:
        """Open the print preview of the certificate or notice just issued."""
        if not self.last_result or not self.last_result.get("pdf"):
            return
        if self.property("no_preview"):
            return
        from villagedesk.ui.printing import print_pdf_with_preview

        self.last_preview = print_pdf_with_preview(self, Path(self.last_result["pdf"]))

    # ---- refusing ---------------------------------------------------------------------

    @guarded
    def refuse_now(self) -> None:
        if self.busy() or not self.prepared or self.prepared["kind"] != "forbidden":
            return
        v = self.refusal_panel.values()
        self.handler = v["handler"].strip() or self.handler
        code = self.prepared["refusal"]["item_code"]
        self._run(lambda s: certificates.refuse(s, applicant=v["applicant"], handler=v["handler"], item_code=code,
                                                id_number=v["id_number"], purpose=v["purpose"]), self._refused)

    def _refused(self, result: dict) -> None:
        self.last_result = result
        self.show_result(self.tr("已出具不予出具告知单 {number}（{item}，{name}），已登记台账。").format(
            number=result["number"], item=result.get("item_title") or "", name=result.get("subject_name") or ""))
        if self.stack.currentWidget() is self.refusal_panel:
            self.refusal_panel.clear()
        self.refresh_pending()
        self.context.notify("ledger")
        self.preview_last()

    # ---- 待办结 -------------------------------------------------------------------------

    @guarded
    def refresh_pending(self) -> None:
        entries = certificates.pending(self.context.session)
        self.pending_entries = entries
        self.pending_list.clear()
        for entry in entries:
            item = QListWidgetItem(pending_text(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            item.setToolTip(common.plain_tip(self.tr("受理号 {number}").format(number=entry.get("number") or "")))
            if entry.get("overdue"):
                item.setForeground(QBrush(QColor(RED)))  # overdue: the rule's deadline has passed
            self.pending_list.addItem(item)
        self.pending_caption.setText(self.tr("待办结（已受理）：{count} 件").format(count=len(entries)) if entries
                                     else self.tr("待办结（已受理）：无"))

    def pending_numbers(self) -> list[str]:
        return [e["number"] for e in getattr(self, "pending_entries", [])]

    @guarded
    def _pending_chosen(self, item: QListWidgetItem) -> None:
        self.choose_pending(item.data(Qt.ItemDataRole.UserRole)["number"])

    @guarded
    def choose_pending(self, number: str) -> None:
        entry = next((e for e in getattr(self, "pending_entries", []) if e["number"] == number), None)
        if entry is None:
            raise UserError(self.tr("待办结中没有受理号「{number}」").format(number=number))
        if self.form.handler():
            self.handler = self.form.handler()
        self._set_mode(None)
        self.prepared = {"kind": "pending", "entry": entry}
        self.pending_panel.show_entry(entry, self.remembered_handler())
        self.stack.setCurrentWidget(self.pending_panel)
        self.stack.scroll_to_top(self.pending_panel)

    @guarded
    def issue_pending(self) -> None:
        if self.busy() or self.stack.currentWidget() is not self.pending_panel:
            return
        number = self.pending_panel.entry["number"]
        handler = self.pending_panel.handler()
        self.handler = handler
        self._run(lambda s: certificates.issue(s, item_code="", values={}, handler=handler, accept_number=number),
                  self._pending_done)

    @guarded
    def refuse_pending(self) -> None:
        if self.busy() or self.stack.currentWidget() is not self.pending_panel:
            return
        entry = self.pending_panel.entry
        handler, reason = self.pending_panel.handler(), self.pending_panel.reason()
        self.handler = handler
        self._run(lambda s: certificates.refuse(s, applicant=entry.get("applicant") or entry.get("subject_name") or "",
                                                handler=handler, reason=reason, accept_number=entry["number"],
                                                id_number=entry.get("applicant_id") or "",
                                                purpose=entry.get("purpose") or ""), self._pending_done)

    def _pending_done(self, result: dict) -> None:
        self.last_result = result
        if result.get("kind") == "refuse":
            text = self.tr("已出具不予出具告知单 {number}，已登记台账。").format(number=result["number"])
        else:
            text = self.tr("已出具 {number}（{item}，{name}）。证明已保存，可打印。").format(
                number=result["number"], item=result.get("item_title") or "", name=result.get("subject_name") or "")
        self.show_result(text)
        self.refresh_pending()
        self.stack.setCurrentWidget(self.intro)
        self.prepared = None
        self.context.notify("ledger")
        self.preview_last()

    # ---- filled from the ledger: 作废并重新出具, 更正 an accepted request ----------------------

    def _set_mode(self, mode: dict | None) -> None:
        self.mode = mode
        if mode is None:
            self.mode_banner.show_text("")
        elif mode["kind"] == "reissue":
            self.mode_banner.show_text(self.tr("作废并重新出具：原证明 {number}（作废原因：{reason}）。核对、改正下面的内容后出具，"
                                               "原证明在新证明出具的同时作废。").format(number=mode["number"], reason=mode["reason"]))
        else:
            self.mode_banner.show_text(self.tr("更正受理 {number}：改正下面的内容或材料后保存，受理号和办结期限不变，"
                                               "出具时按更正后的内容。").format(number=mode["number"]))
        self.issue_now.setVisible(mode is None and self.is_complex())
        self._form_changed()

    def _prefill(self, code: str, values: dict, materials, handler: str) -> None:
        """The form of the item, filled with stored values (the person's too, not the last villager's)."""
        self.form.clear()
        self.stack.setCurrentWidget(self.intro)
        self.choose(code)
        if self.stack.currentWidget() is not self.form_panel:
            raise UserError(self.tr("此事项现在不能出具证明，请在左侧重新选择"))
        self.form.set_values({k: v for k, v in values.items() if k in self.form.rows})
        for box in self.form.material_boxes:
            box.setChecked(box.property("material") in materials)
        if handler:
            self.form.handler_row.set_value(handler)

    @guarded
    def start_reissue(self, number: str, reason: str, handler: str = "") -> bool:
        """作废并重新出具 from the ledger: the old certificate's values, to correct and issue; the
        void and the new certificate are one ledger transaction (certificates.issue replaces_number)."""
        if self.busy():
            return False
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.tr("请写明原证明的作废原因"))
        template = certificates.reissue_template(self.context.session, number)
        self._prefill(template["item_code"], template["values"], template["materials"], handler or template["handler"])
        if self.form.is_generic():
            self.form.major.setChecked(template["major"])
            self.form.legal_risk.setChecked(template["legal_risk"])
            if template["decision_record"]:
                self.form.decision_row.set_value(template["decision_record"])
        self._set_mode({"kind": "reissue", "number": template["number"], "reason": reason})
        self.focus_form()
        return True

    @guarded
    def start_amend(self) -> bool:
        """修改 an accepted request: its current values in the form, saved as a correction."""
        entry = self.pending_panel.entry
        if self.busy() or entry is None:
            return False
        handler = self.pending_panel.handler() or self.handler
        current = certificates.acceptance(self.context.session, entry["number"])
        self._prefill(entry.get("item_code") or GENERIC_CODE, current["values"], current["materials"], handler)
        self._set_mode({"kind": "amend", "number": entry["number"]})
        self.focus_form()
        return True

    @guarded
    def cancel_mode(self) -> None:
        mode = self.mode or {}
        self._set_mode(None)
        self.form.clear()
        if mode.get("kind") == "amend" and mode["number"] in self.pending_numbers():
            self.choose_pending(mode["number"])
        else:
            self.prepared = None
            self.stack.setCurrentWidget(self.intro)

    def _amended(self, result: dict) -> None:
        self.last_result = result
        self._set_mode(None)
        self.form.clear()
        self.show_result(self.tr("已更正受理 {number}：{reason}。出具时按更正后的内容。").format(
            number=result["number"], reason=result.get("reason") or ""), printable=False)
        self.refresh_pending()
        self.context.notify("ledger")
        self.choose_pending(result["number"])

    # ---- the window -------------------------------------------------------------------

    @guarded
    def _context_changed(self, what) -> None:
        if {"desk", "catalogues"} & set(what):
            self.search_now()
        if "ledger" in what and not self.busy():
            self.refresh_pending()

    def shutdown(self) -> None:
        if self.operation is not None:
            self.operation.wait()  # a certificate half-issued is never left to a closing session

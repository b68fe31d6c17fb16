"""签名密钥和信任 (on the 设置 page, issue #11 item 4): the keys this desk trusts and how
(信任清单 / 手工 / 本机), the pinned county key with its fingerprint in the groups read over
the phone, the current trust list; on a county desk the keys the offices sent up (列入 / 拒绝)
and 发布信任清单. Reading is quick and done on the UI thread like the rest of the page;
every write goes through ui/long_work.py with a Session of its own."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from villagedesk.services import keys, trust
from villagedesk.ui.common import DeskContext, field_label, guarded, muted, plain_tip, translate
from villagedesk.ui.long_work import LongWork, desk_op

KEY_COLUMNS = (
    QT_TRANSLATE_NOOP("KeysPanel", "来源"),
    QT_TRANSLATE_NOOP("KeysPanel", "单位"),
    QT_TRANSLATE_NOOP("KeysPanel", "密钥编号"),
    QT_TRANSLATE_NOOP("KeysPanel", "指纹"),
    QT_TRANSLATE_NOOP("KeysPanel", "状态"),
)
ENROLMENT_COLUMNS = (
    QT_TRANSLATE_NOOP("KeysPanel", "单位"),
    QT_TRANSLATE_NOOP("KeysPanel", "密钥编号"),
    QT_TRANSLATE_NOOP("KeysPanel", "指纹"),
    QT_TRANSLATE_NOOP("KeysPanel", "状态"),
    QT_TRANSLATE_NOOP("KeysPanel", "备注"),
)


def _table(name: str, columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([translate("KeysPanel", c) for c in columns])
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    for col in range(len(columns)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0 if name == "enrolmentTable" else 1, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], keys_of_rows: list[str]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(plain_tip(value))  # a narrow window cuts long office names: the whole text on hover
            item.setData(Qt.ItemDataRole.UserRole, keys_of_rows[r])
            table.setItem(r, c, item)


class KeysPanel(QGroupBox):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(translate("KeysPanel", "签名密钥和信任"), parent)
        self.setObjectName("keysPanel")
        self.context = context
        self._operation: LongWork | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(muted(self.tr("证明核验只认这里列出的密钥。“信任清单”是县里签发、经本机核对指纹后采用的；"
                                       "“手工”是本机导入公钥文件信任的；“本机”是本机自己的签名密钥。")))
        self.pin_label = QLabel()
        self.pin_label.setObjectName("countyPin")
        self.pin_label.setWordWrap(True)
        self.pin_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.pin_label)
        self.list_label = QLabel()
        self.list_label.setObjectName("trustListStatus")
        self.list_label.setWordWrap(True)
        layout.addWidget(self.list_label)
        self.key_table = _table("keyTable", KEY_COLUMNS)
        layout.addWidget(self.key_table)

        # county desk: the keys offices sent up, and publishing the list
        self.county_box = QWidget()
        county = QVBoxLayout(self.county_box)
        county.setContentsMargins(0, 6, 0, 0)
        county.addWidget(QLabel(field_label(self.tr("待审核的密钥登记"))))
        county.addWidget(muted(self.tr("列入前请电话向报送单位核对指纹；列入的密钥在下次发布信任清单时生效。")))
        self.enrolment_table = _table("enrolmentTable", ENROLMENT_COLUMNS)
        county.addWidget(self.enrolment_table)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton(self.tr("列入信任清单"))
        self.accept_button.setObjectName("acceptEnrolment")
        self.accept_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button = QPushButton(self.tr("拒绝"))
        self.refuse_button.setObjectName("refuseEnrolment")
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.publish_button = QPushButton(self.tr("发布信任清单"))
        self.publish_button.setObjectName("publishTrustList")
        self.publish_button.clicked.connect(self.publish)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.refuse_button)
        buttons.addStretch(1)
        buttons.addWidget(self.publish_button)
        county.addLayout(buttons)
        layout.addWidget(self.county_box)
        self.status = muted()
        self.status.setObjectName("keysStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)

    # ---- showing -------------------------------------------------------------------------

    @guarded
    def refresh(self) -> None:
        session = self.context.session
        state = trust.status(session)
        pin = state["pin"]
        if pin:
            self.pin_label.setText(self.tr("县级密钥：{county}（{code}），指纹 {fp}（{when} 固定）").format(
                county=pin["county_name"], code=pin["county_code"], fp=pin["fingerprint"], when=pin["pinned_at"][:10]))
        else:
            self.pin_label.setText(self.tr("县级密钥：尚未固定。收到县里的信任清单后，请电话核对指纹再固定。"))
        current = state["current"]
        if current:
            text = self.tr("信任清单：第 {serial} 版，{n} 把密钥，有效期至 {until}").format(
                serial=current["serial"], n=current["entries"], until=current["valid_until"])
            if current["expired"]:
                text += self.tr("（已过期，请向县里取得新的清单）")
            self.list_label.setText(text)
        else:
            self.list_label.setText(self.tr("信任清单：无"))
        listed = keys.list_keys(session)
        _fill(self.key_table, [self._key_row(k) for k in listed], [k["key_id"] for k in listed])
        county = state["level"] == "county"
        self.county_box.setVisible(county)
        if county:
            found = trust.enrolments(session)
            found.sort(key=lambda e: (e["status"] != "pending", e["received_at"]))
            _fill(self.enrolment_table, [(f"{e['office_name']}（{e['office_code']}）", e["key_id"], e["fingerprint"],
                                          e["status_name"], e["note"]) for e in found], [e["key_id"] for e in found])

    def _key_row(self, k: dict) -> tuple[str, ...]:
        via = {"own": self.tr("本机"), "hand": self.tr("手工"), "trust-list": self.tr("信任清单")}.get(k["via"], k["via"])
        if k["revoked_at"]:
            state = self.tr("已撤销：{day}（{why}）").format(day=k["revoked_at"][:10], why=k["revoked_reason"])
        elif k["valid_until"]:
            state = self.tr("有效至 {day}").format(day=k["valid_until"])
        else:
            state = self.tr("有效")
        return (via, f"{k['office_name']}（{k['office_code']}）", k["key_id"], k["fingerprint"], state)

    def key_rows(self) -> list[tuple[str, ...]]:
        return [tuple(self.key_table.item(r, c).text() for c in range(self.key_table.columnCount()))
                for r in range(self.key_table.rowCount())]

    def enrolment_rows(self) -> list[tuple[str, ...]]:
        t = self.enrolment_table
        return [tuple(t.item(r, c).text() for c in range(t.columnCount())) for r in range(t.rowCount())]

    def _tell(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        """Where report_error puts a refusal (long_work's failure path and @guarded)."""
        self._tell(text)

    def busy(self) -> bool:
        return self._operation is not None and self._operation.is_running()

    # ---- acting (off the UI thread) ------------------------------------------------------------

    def selected_enrolment(self) -> str:
        rows = self.enrolment_table.selectionModel().selectedRows()
        if not rows:
            return ""
        return str(self.enrolment_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole))

    def decide(self, accept: bool, key_id: str = "") -> None:
        key_id = key_id or self.selected_enrolment()
        if not key_id:
            self._tell(self.tr("请先在表中选中一条密钥登记"))
            return
        self._run(lambda session: trust.decide_enrolment(session, key_id, accept=accept),
                  self.tr("正在保存审核结果"),
                  lambda r: self.tr("{office}的密钥 {key}：{status}").format(
                      office=r["office_name"], key=r["key_id"], status=r["status_name"]))

    def publish(self) -> None:
        self._run(lambda session: trust.publish_trust_list(session), self.tr("正在发布信任清单"),
                  lambda r: self.tr("已发布信任清单第 {serial} 版（{n} 把密钥，有效期至 {until}）：导出数据同步包时随目录下发").format(
                      serial=r["list"]["serial"], n=len(r["list"]["entries"]), until=r["list"]["valid_until"]))

    def _run(self, work, label: str, said) -> None:
        if self.busy():
            return

        def done(result) -> None:
            self.refresh()
            self._tell(said(result))

        self._operation = desk_op(self, self.context.data_dir, work, on_success=done,
                                  busy=[self.accept_button, self.refuse_button, self.publish_button], label=label,
                                  status=self._tell)

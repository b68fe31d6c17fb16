"""数据同步: the window's face of USB sync (issue #11 item 7) — pick a stick or a folder,
write a bundle for the office above (or, from a township or county, for the villages below),
preview a bundle before importing it, and see what this desk holds and has exchanged.

Thin: every check and every write is services/sync.py, the same functions `villagedesk sync`
calls; all of it runs off the UI thread through ui/long_work.desk_op, with progress and 取消.
An import is never done blind: 确认导入 is enabled only after a preview of that very file,
and a key or county list nobody confirmed yet asks for the fingerprint read over the phone.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, QStorageInfo, Qt
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QSizePolicy, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from villagedesk.core.errors import UserError
from villagedesk.services import sync, sync_batch
from villagedesk.ui.common import GREY, RED, DeskContext, ElidedLabel, guarded, muted, page_header, report_error, translate
from villagedesk.ui.empty_table import EmptyTable, NoWrapHeightTabs
from villagedesk.ui.long_work import LongWork, desk_op

# the bundle's kinds in the order the checkboxes show them (core/bundle_format.KINDS)
KIND_LABELS = (
    ("ledger", QT_TRANSLATE_NOOP("SyncPage", "证明台账")),
    ("refused", QT_TRANSLATE_NOOP("SyncPage", "拒绝的部门事项")),
    ("audits", QT_TRANSLATE_NOOP("SyncPage", "牌子摸排")),
    ("enrolment", QT_TRANSLATE_NOOP("SyncPage", "密钥登记")),
    ("catalogue", QT_TRANSLATE_NOOP("SyncPage", "目录")),
    ("trust-list", QT_TRANSLATE_NOOP("SyncPage", "信任清单")),
    ("acks", QT_TRANSLATE_NOOP("SyncPage", "回执")),
)
IMPORT_STATUS = {
    "applied": QT_TRANSLATE_NOOP("SyncPage", "已导入"),
    "nothing-new": QT_TRANSLATE_NOOP("SyncPage", "没有新内容（以前已导入）"),
    "held": QT_TRANSLATE_NOOP("SyncPage", "已导入可接上的部分，其余暂存"),
    "conflict": QT_TRANSLATE_NOOP("SyncPage", "已导入，发现冲突并已标记"),
}
# a batch's row: what the preview says will happen, what happened (services/sync_batch.py)
BATCH_PLAN = (
    ("apply", QT_TRANSLATE_NOOP("SyncPage", "将导入")),
    ("nothing-new", QT_TRANSLATE_NOOP("SyncPage", "没有新内容")),
    ("held", QT_TRANSLATE_NOOP("SyncPage", "将暂存")),
    ("check", QT_TRANSLATE_NOOP("SyncPage", "需核对指纹")),
    ("refused", QT_TRANSLATE_NOOP("SyncPage", "不能导入")),
)
BATCH_DONE = (
    ("applied", QT_TRANSLATE_NOOP("SyncPage", "已导入")),
    ("nothing-new", QT_TRANSLATE_NOOP("SyncPage", "没有新内容")),
    ("held", QT_TRANSLATE_NOOP("SyncPage", "部分暂存")),
    ("conflict", QT_TRANSLATE_NOOP("SyncPage", "已导入，有冲突")),
    ("refused", QT_TRANSLATE_NOOP("SyncPage", "未导入")),
    ("check", QT_TRANSLATE_NOOP("SyncPage", "未导入：需核对指纹")),
    ("cancelled", QT_TRANSLATE_NOOP("SyncPage", "已取消")),
)
# the file systems that are not a place to put a bundle
NOT_DRIVES = {b"tmpfs", b"devtmpfs", b"proc", b"sysfs", b"overlay", b"squashfs", b"cgroup", b"cgroup2", b"devpts"}
# "（sync import --trust-fingerprint …）" in a service's message: the command line's way, not the window's
CLI_HINT = re.compile(r"（(?:sync import|villagedesk)[^）]*）")


def kind_label(kind: str) -> str:
    return translate("SyncPage", dict(KIND_LABELS).get(kind, kind))


def _size_text(n: int) -> str:
    for unit, step in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= step:
            return f"{n / step:.1f} {unit}"
    return f"{n} B"


def drives() -> list[dict]:
    """The mounted volumes a bundle can be written to: ready, writable, real file systems."""
    out = []
    for v in QStorageInfo.mountedVolumes():
        if not (v.isValid() and v.isReady()) or v.isReadOnly() or v.bytesTotal() <= 0:
            continue
        if bytes(v.fileSystemType()) in NOT_DRIVES:
            continue
        out.append({"name": v.displayName() or v.rootPath(), "root": v.rootPath(), "free": v.bytesAvailable()})
    return out


class DriveList(QListWidget):
    """The drives, two lines of the font high (the font scale may change): room for
    a stick or two without taking the page's height from the preview below."""

    def __init__(self):
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        frame = 2 * self.frameWidth() + 6
        return QSize(super().sizeHint().width(), self.fontMetrics().height() * 2 + frame)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


def office_text(name: str | None, code: str) -> str:
    """风平镇人民政府（533103105000）, or the code alone where this desk does not know the name."""
    return translate("SyncPage", "{name}（{code}）").format(name=name, code=code) if name else code


def for_window(text: str) -> str:
    """A service's message without the command line's hints (the window has its own buttons)."""
    return CLI_HINT.sub("", text)


class SyncPage(QWidget):
    def __init__(self, context: DeskContext):
        super().__init__()
        self.context = context
        self.jobs: list[LongWork] = []
        self.folder = ""
        self.bundle_path = ""
        self.previewed = ""  # the file the shown preview is of: 确认导入 imports only that one
        self.preview: dict | None = None
        self.trust_fingerprint = ""
        self.county_fingerprint = ""
        self.needs = ""  # "key" or "county" while the fingerprint row asks
        self.last_export: dict | None = None
        self.last_import: dict | None = None
        self.last_status: dict | None = None
        self.last_error = ""
        self.batch_paths: list[str] = []  # the files the shown batch preview is of: 确认导入全部 imports only those
        self.batch_preview: dict | None = None
        self.last_batch: dict | None = None
        self.level = getattr(context.session.desk(), "level", "village") or "village"

        layout = QVBoxLayout(self)
        layout.addWidget(page_header(translate("Navigation", "数据同步"), self.tr(
            "用U盘在村、乡镇、县之间传递台账和目录：村里报送台账，县里下发目录和信任清单（厅字〔2022〕28号 三(二)）")))

        # U 盘或文件夹
        place = QGroupBox(self.tr("U 盘或文件夹"))
        pv = QVBoxLayout(place)
        row = QHBoxLayout()
        self.drive_list = DriveList()
        self.drive_list.setObjectName("driveList")
        self.drive_list.setToolTip(self.tr("点一下 U 盘，同步包就写到它上面、从它上面选"))
        row.addWidget(self.drive_list, 1)
        self.refresh_button = QPushButton(self.tr("刷新 U 盘"))
        self.refresh_button.setToolTip(self.tr("插上或拔下 U 盘后，重新列出可用的 U 盘"))
        self.folder_button = QPushButton(self.tr("选择文件夹…"))
        row.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignTop)
        pv.addLayout(row)
        self.folder_label = muted(self.tr("尚未选择 U 盘或文件夹"))
        self.folder_label.setObjectName("syncFolder")
        pv.addWidget(self.folder_label)
        layout.addWidget(place)

        self.tabs = NoWrapHeightTabs()
        layout.addWidget(self.tabs, 1)

        # 写出同步包
        out_tab = QWidget()
        ov = QVBoxLayout(out_tab)
        grid = QGridLayout()
        self.kind_boxes: dict[str, QCheckBox] = {}
        for n, (kind, label) in enumerate(KIND_LABELS):
            box = QCheckBox(translate("SyncPage", label))
            self.kind_boxes[kind] = box
            grid.addWidget(box, n // 4, n % 4)
        ov.addLayout(grid)
        row = QHBoxLayout()
        self.down_box = QCheckBox(self.tr("发给下面各村（目录、信任清单、回执）"))
        self.down_box.setVisible(self.level == "township")
        self.full_box = QCheckBox(self.tr("全部重写（不只是对方还没收到的）"))
        self.export_button = QPushButton(self.tr("写出同步包"))
        self.export_button.setObjectName("exportButton")
        row.addWidget(self.down_box)
        row.addWidget(self.full_box)
        row.addStretch(1)
        row.addWidget(self.export_button)
        ov.addLayout(row)
        self.export_result = QTextBrowser()
        self.export_result.setObjectName("exportResult")
        self.export_result.setPlaceholderText(self.tr(
            "先在上面选好 U 盘或文件夹，勾选要带的内容，再点“写出同步包”。写好后这里显示文件名、收件单位和内容。"))
        ov.addWidget(self.export_result, 1)
        self.tabs.addTab(out_tab, self.tr("写出同步包"))

        # 导入同步包
        in_tab = QWidget()
        iv = QVBoxLayout(in_tab)
        row = QHBoxLayout()
        self.file_button = QPushButton(self.tr("选择同步包…"))
        self.file_label = ElidedLabel(self.tr("尚未选择同步包"))
        self.file_label.setObjectName("bundleFile")
        self.file_label.setStyleSheet(f"color: {GREY};")
        self.confirm_button = QPushButton(self.tr("确认导入"))
        self.confirm_button.setObjectName("confirmImport")
        self.confirm_button.setEnabled(False)
        self.batch_button = QPushButton(self.tr("导入文件夹中的全部包…"))
        self.batch_button.setObjectName("batchImport")
        self.batch_button.setToolTip(self.tr("一次预览并导入一个文件夹（如 U 盘）里的全部同步包"))
        self.confirm_all_button = QPushButton(self.tr("确认导入全部"))
        self.confirm_all_button.setObjectName("confirmImportAll")
        self.confirm_all_button.hide()  # shown instead of 确认导入 while a batch preview is shown
        row.addWidget(self.file_button)
        row.addWidget(self.batch_button)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.confirm_button)
        row.addWidget(self.confirm_all_button)
        iv.addLayout(row)
        self.fingerprint_box = QWidget()
        fv = QVBoxLayout(self.fingerprint_box)
        fv.setContentsMargins(0, 0, 0, 0)
        self.fingerprint_hint = QLabel()
        self.fingerprint_hint.setWordWrap(True)
        self.fingerprint_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fv.addWidget(self.fingerprint_hint)
        row = QHBoxLayout()
        self.fingerprint_field = QLineEdit()
        self.fingerprint_field.setObjectName("fingerprintField")
        self.fingerprint_field.setPlaceholderText(self.tr("电话核对后输入对方读出的指纹"))
        self.repreview_button = QPushButton(self.tr("重新预览"))
        row.addWidget(self.fingerprint_field, 1)
        row.addWidget(self.repreview_button)
        fv.addLayout(row)
        self.fingerprint_box.hide()
        iv.addWidget(self.fingerprint_box)
        self.preview_view = QTextBrowser()
        self.preview_view.setObjectName("previewView")
        self.preview_view.setPlaceholderText(self.tr(
            "点“选择同步包…”，选 U 盘里的 .vdbundle 文件：这里先显示它来自哪里、带了什么，核对无误后再点“确认导入”。"))
        iv.addWidget(self.preview_view, 1)
        self.tabs.addTab(in_tab, self.tr("导入同步包"))

        # 同步记录
        log_tab = QWidget()
        lv = QVBoxLayout(log_tab)
        row = QHBoxLayout()
        self.status_summary = muted()
        self.status_button = QPushButton(self.tr("刷新记录"))
        row.addWidget(self.status_summary, 1)
        row.addWidget(self.status_button)
        lv.addLayout(row)
        self.chains_table = EmptyTable([self.tr("办公室"), self.tr("区划代码"), self.tr("台账（条）"), self.tr("本机的"),
                                        self.tr("上级已收到（条）")], self.tr("本机还没有台账"))
        self.chains_table.setObjectName("chainsTable")
        self.log_view = QTextBrowser()
        self.log_view.setObjectName("syncLog")
        # the officer drags the line between the two where one of them needs more room
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.chains_table)
        split.addWidget(self.log_view)
        lv.addWidget(split, 1)
        self.tabs.addTab(log_tab, self.tr("同步记录"))

        self.status = muted()
        self.status.setObjectName("syncStatus")
        layout.addWidget(self.status)

        self.refresh_button.clicked.connect(self.refresh_drives)
        self.folder_button.clicked.connect(self.choose_folder)
        # chosen by the officer only: focus alone makes a row current without selecting it
        self.drive_list.itemSelectionChanged.connect(self._drive_chosen)
        self.down_box.toggled.connect(lambda _on: self.set_default_kinds())
        self.export_button.clicked.connect(self.export)
        self.file_button.clicked.connect(self.choose_file)
        self.repreview_button.clicked.connect(self.repreview)
        self.fingerprint_field.returnPressed.connect(self.repreview)
        self.confirm_button.clicked.connect(self.confirm_import)
        self.batch_button.clicked.connect(self.choose_batch_folder)
        self.confirm_all_button.clicked.connect(self.confirm_import_all)
        self.status_button.clicked.connect(self.load_status)
        self.set_default_kinds()
        self.refresh_drives()
        self.load_status()

    # ---- running work ------------------------------------------------------------------

    def _run(self, label: str, work, done, *, busy=(), failed=None, cancellable: bool = False,
             progress: bool = False, quiet: bool = False, cancelled=None) -> LongWork:
        """`quiet`: a refresh in the background that leaves the status line (“可以拔下 U 盘”) as it is."""
        job = desk_op(self, self.context.data_dir, work, on_success=done, on_failure=failed or self._failed,
                      label=label, status=None if quiet else self.status, busy=busy, cancellable=cancellable,
                      progress=progress, on_cancel=cancelled)
        self.jobs.append(job)
        return job

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc)

    def show_error(self, text: str) -> None:
        self.last_error = text
        self.status.setStyleSheet(f"color: {RED};" if text else "")
        self.status.setText(for_window(text))

    def shutdown(self) -> None:
        for job in self.jobs:
            job.wait()

    def busy_reason(self) -> str:
        writing = (self.tr("正在写出同步包"), self.tr("正在导入同步包"), self.tr("正在导入全部同步包"))
        return next((job.label for job in self.jobs if job.is_running() and job.label in writing), "")

    # ---- where -------------------------------------------------------------------------

    @guarded
    def refresh_drives(self) -> None:
        self.drive_list.blockSignals(True)
        self.drive_list.clear()
        for d in drives():
            item = QListWidgetItem(self.tr("{name}  {root}  可用 {free}").format(
                name=d["name"] if d["name"] != d["root"] else "", root=d["root"], free=_size_text(d["free"])).strip())
            item.setData(Qt.ItemDataRole.UserRole, d["root"])
            self.drive_list.addItem(item)
        if not self.drive_list.count():
            item = QListWidgetItem(self.tr("没有找到 U 盘：插好后点“刷新 U 盘”，或点“选择文件夹…”"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # a sentence, not a place to write to
            self.drive_list.addItem(item)
        self.drive_list.blockSignals(False)

    def _drive_chosen(self) -> None:
        chosen = self.drive_list.selectedItems()
        if chosen and chosen[0].data(Qt.ItemDataRole.UserRole):
            self.set_folder(chosen[0].data(Qt.ItemDataRole.UserRole))

    @guarded
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择 U 盘或文件夹"), self.folder)
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str | Path) -> None:
        self.folder = str(folder)
        self.folder_label.setText(self.tr("U 盘或文件夹：{folder}").format(folder=self.folder))

    # ---- export ------------------------------------------------------------------------

    def down(self) -> bool:
        return self.level == "county" or (self.level == "township" and self.down_box.isChecked())

    def set_default_kinds(self) -> None:
        chosen = set(sync.default_kinds(self.level, down=self.down()))
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind in chosen)

    def kinds(self) -> list[str]:
        return [kind for kind, box in self.kind_boxes.items() if box.isChecked()]

    @guarded
    def export(self) -> LongWork | None:
        if not self.folder:
            self.show_error(self.tr("请先选择 U 盘或文件夹"))
            return None
        if not self.kinds():
            self.show_error(self.tr("请至少勾选一种内容"))
            return None
        self.show_error("")
        folder, kinds, full, down = self.folder, self.kinds(), self.full_box.isChecked(), self.down()
        return self._run(self.tr("正在写出同步包"),
                         lambda s, p: sync.export_bundle(s, folder, kinds=kinds, full=full, down=down, progress=p),
                         self._exported, busy=[self.export_button], cancellable=True, progress=True)

    def _exported(self, r: dict) -> None:
        self.last_export = r
        # three lines, so that all of it shows at 1366×768 with the font at 150 %
        lines = [self.tr("已写出：{file}").format(file=r["file"]),
                 self.tr("收件单位：{office}；大小 {size} 字节，{checked}").format(
                     office=office_text(r.get("addressee_name"), r["addressee"]), size=f"{r['size']:,}",
                     checked=self.tr("已读回校验") if r.get("verified") else self.tr("读回校验未通过")),
                 self.tr("内容：{counts}").format(counts="、".join(f"{kind_label(k)} {n}" for k, n in r["counts"].items()))]
        self.export_result.setPlainText("\n".join(lines))
        self.status.setText(self.tr("已写出同步包，可以拔下 U 盘"))
        self.load_status()

    # ---- import ------------------------------------------------------------------------

    @guarded
    def choose_file(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("选择同步包"), self.folder,
                                                self.tr("同步包 (*.vdbundle)"))
        if len(paths) == 1:
            self.open_bundle(paths[0])
        elif paths:  # several chosen (Ctrl/Shift): previewed and imported together
            self.open_batch(paths)

    def open_bundle(self, path: str | Path) -> LongWork:
        """A new file: forget what was typed for another one, and preview it."""
        self.bundle_path = str(path)
        self._forget_batch()
        self.trust_fingerprint = self.county_fingerprint = ""
        self.fingerprint_field.clear()
        self.file_label.setText(self.bundle_path)
        self.file_label.setToolTip(self.bundle_path)
        return self.load_preview()

    @guarded
    def repreview(self) -> LongWork | None:
        typed = self.fingerprint_field.text().strip()
        if self.needs == "county":
            self.county_fingerprint = typed
        else:
            self.trust_fingerprint = typed
        return self.load_preview()

    def load_preview(self) -> LongWork:
        self.preview, self.previewed = None, ""
        self.confirm_button.setEnabled(False)
        self.preview_view.clear()
        self.show_error("")
        path, trust, county = self.bundle_path, self.trust_fingerprint or None, self.county_fingerprint or None
        return self._run(self.tr("正在预览同步包"),
                         lambda s: sync.preview_import(s, path, trust_fingerprint=trust, county_fingerprint=county),
                         lambda r: self._previewed(path, r), busy=[self.file_button, self.repreview_button],
                         failed=self._preview_failed)

    def _previewed(self, path: str, p: dict) -> None:
        self.preview, self.previewed = p, path
        self.needs = ""
        self.fingerprint_box.hide()
        self.preview_view.setHtml(self.preview_html(p))
        self.confirm_button.setEnabled(True)
        self.status.setText(self.tr("请核对预览，无误后点“确认导入”"))
        signer = p.get("signer") or {}
        if signer.get("waiting"):  # a desk's first bundle: its key enrols now, the rest waits unless checked by phone
            self.needs = "key"
            self.fingerprint_hint.setText(
                self.tr("签名密钥还不受本机信任：确认导入只登记这把密钥，其余暂存，县里列入信任清单后自动导入。") + "\n"
                + self.tr("或电话核对指纹 {fp}，输入后点“重新预览”，立即全部导入。").format(fp=signer.get("fingerprint", "")))
            self.fingerprint_box.show()

    def _preview_failed(self, exc: BaseException) -> None:
        details = exc.details if isinstance(exc, UserError) else {}
        if details.get("fingerprint"):  # an unknown signing key, or a county list whose key is not pinned yet
            self.needs = "county" if details.get("needs") == "county" else "key"
            self.fingerprint_hint.setText(
                (self.tr("本机还没有固定县级密钥。请电话向县里核对密钥指纹：{fp}") if self.needs == "county" else
                 self.tr("这个包的签名密钥还不受本机信任。请电话向对方核对密钥指纹：{fp}")).format(fp=details["fingerprint"])
                + "\n" + self.tr("核对无误后，在下面输入对方读出的指纹，再点“重新预览”。"))
            self.fingerprint_box.show()
            self.preview_view.setPlainText(for_window(exc.text()))
            self.fingerprint_field.setFocus()
            typed = self.county_fingerprint if self.needs == "county" else self.trust_fingerprint
            # one line under the page; the whole message is in the preview above
            self.show_error(self.tr("输入的指纹与这把密钥不符：请再向对方核对") if typed else
                            self.tr("还不能导入：请先电话核对密钥指纹（见上）"))
            return
        report_error(self, exc)

    def preview_html(self, p: dict) -> str:
        e = html.escape
        src, signer = p["source"], p["signer"] or {}
        trust = (self.tr("受信任") if signer.get("trusted") else
                 self.tr("手工核对指纹后信任") if signer.get("trust_by_hand") else
                 self.tr("未列入信任清单：先登记密钥，其余暂存") if signer.get("waiting") else self.tr("未列入信任清单"))
        sender = self.tr("来自：{name}（{code}）").format(name=src["name"], code=src["office"])
        parts = [f"<p><b>{e(sender)}</b>　",  # who and when on one line: the preview has few lines at 150 %
                 e(self.tr("写出于 {time}").format(time=str(p["created_at"])[:16].replace("T", " "))) + "<br>",
                 e(self.tr("签名密钥指纹：{fp}（{trust}）").format(fp=signer.get("fingerprint", ""), trust=trust)) + "<br>",
                 e(self.tr("内容：{kinds}").format(kinds="、".join(kind_label(k) for k in p["kinds"]))) + "</p>"]
        if p["ledger"]:
            rows = "".join(
                f"<tr><td>{e(c.get('office_name') or c['office'])}</td><td>{c['from']}–{c['to']}</td><td>{c['new']}</td>"
                f"<td>{e(c.get('reason') or '')}</td></tr>" for c in p["ledger"])
            total = self.tr("台账：共新增 {n} 条").format(n=p["new_entries"])
            heads = "".join(f"<th>{e(h)}</th>" for h in (self.tr("办公室"), self.tr("条目"), self.tr("新增"), self.tr("说明")))
            parts.append(f"<p>{e(total)}</p><table border='1' cellspacing='0' cellpadding='3'><tr>{heads}</tr>"
                         f"{rows}</table>")
        if p["new_offices"]:
            offices = self.tr("新的单位：{codes}").format(codes="、".join(p["new_offices"]))
            parts.append(f"<p>{e(offices)}</p>")
        for kind, r in p["records"].items():
            line = self.tr("{kind}：新增 {new} 条，已有 {same} 条").format(kind=kind_label(kind), new=r["new"], same=r["same"])
            if r["conflicts"]:
                line += self.tr("，冲突 {n} 条").format(n=r["conflicts"])
            parts.append(f"<p>{e(line)}</p>")
        t = p.get("trust_list")
        if t:
            parts.append("<p>" + e(self.tr("信任清单：{county} 第 {serial} 版（本机现为 {current}），新增 {added} 把、撤销 {revoked} 把")
                                   .format(county=t.get("county_name", ""), serial=t.get("serial"),
                                           current=t.get("current_serial") or self.tr("无"),
                                           added=len(t.get("added") or []), revoked=len(t.get("revoked") or [])))
                         + "</p>")
        for c in p.get("catalogues") or []:
            parts.append("<p>" + e(self.tr("目录 {name}：{old} → {new}，新增 {added} 项、删除 {removed} 项、改动 {reworded} 项")
                                   .format(name=c.get("jurisdiction_name", ""), old=c.get("old_version") or self.tr("无"),
                                           new=c.get("new_version"), added=len(c.get("added") or []),
                                           removed=len(c.get("removed") or []), reworded=len(c.get("reworded") or [])))
                         + "</p>")
        if p.get("already_imported"):
            parts.append("<p><b>" + e(self.tr("这个包以前已导入过（再导入不会新增任何记录）")) + "</b></p>")
        return "".join(parts)

    @guarded
    def confirm_import(self) -> LongWork | None:
        if not self.previewed or self.previewed != self.bundle_path:
            self.show_error(self.tr("请先预览同步包"))
            return None
        self.confirm_button.setEnabled(False)
        path, trust, county = self.previewed, self.trust_fingerprint or None, self.county_fingerprint or None
        return self._run(self.tr("正在导入同步包"),
                         lambda s, p: sync.import_bundle(s, path, trust_fingerprint=trust, county_fingerprint=county,
                                                         progress=p),
                         self._imported, busy=[self.file_button], cancellable=True, progress=True)

    def _imported(self, r: dict) -> None:
        self.last_import = r
        self.previewed = ""
        lines = [self.tr("{status}：新增台账 {added} 条").format(
            status=translate("SyncPage", IMPORT_STATUS.get(r["status"], r["status"])), added=r["added"])]
        lines += [self.tr("暂存：{reason}").format(reason=h) for h in r.get("held") or []]
        lines += [self.tr("冲突：{reason}").format(reason=f) for f in r.get("flagged") or []]
        lines += [self.tr("接上了先前暂存的包 {file}").format(file=x.get("file", "")) for x in r.get("released") or []]
        self.preview_view.append("\n" + "\n".join(lines))
        self.status.setText(lines[0])
        self.context.notify("ledger", "catalogues", "desk")
        self.load_status()

    # ---- a whole folder (or several files) at once: services/sync_batch.py ----------------

    @guarded
    def choose_batch_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择放同步包的文件夹（如 U 盘）"), self.folder)
        if folder:
            self.open_batch(folder)

    def _forget_batch(self) -> None:
        self.batch_paths, self.batch_preview = [], None
        self.confirm_all_button.hide()
        self.confirm_all_button.setEnabled(False)
        self.confirm_button.show()

    def open_batch(self, where: str | Path | list) -> LongWork:
        """A folder (its .vdbundle files, not its sub-folders) or a list of files: preview them all."""
        self.bundle_path = self.previewed = ""
        self.preview = None
        self._forget_batch()
        self.needs = ""
        self.fingerprint_box.hide()
        self.confirm_button.setEnabled(False)
        self.confirm_button.hide()
        self.confirm_all_button.show()
        self.preview_view.clear()
        self.show_error("")
        shown_as = str(where) if not isinstance(where, list) else self.tr("{n} 个同步包").format(n=len(where))
        self.file_label.setText(shown_as)
        self.file_label.setToolTip(shown_as)

        def work(s):
            plan = sync_batch.preview_batch(s, where) if isinstance(where, list) else sync_batch.preview_folder(s, where)
            return sync_batch.public(plan)
        return self._run(self.tr("正在预览同步包"), work, self._batch_previewed,
                         busy=[self.file_button, self.batch_button], failed=self._batch_failed)

    def _batch_failed(self, exc: BaseException) -> None:
        self._forget_batch()
        if isinstance(exc, UserError):
            self.preview_view.setPlainText(for_window(exc.text()))
            self.show_error(exc.message)
            return
        report_error(self, exc)

    def _batch_previewed(self, plan: dict) -> None:
        self.batch_preview = plan
        self.batch_paths = [r["path"] for r in plan["files"]]
        self.preview_view.setHtml(self.batch_html(plan))
        importable = any(r["status"] in ("apply", "held", "nothing-new") for r in plan["files"])
        self.confirm_all_button.setEnabled(importable)
        t = plan["totals"]
        self.status.setText(self.tr("共 {n} 个同步包：请核对预览，无误后点“确认导入全部”").format(n=t["files"]) if importable
                            else self.tr("共 {n} 个同步包，没有可以导入的").format(n=t["files"]))

    def batch_html(self, plan: dict) -> str:
        """The batch preview: one row per file, in the order they will be imported. Compact (the
        view has few lines at 1366×768, 150 %): the sender's name without its code, which the
        name already says, the file's name without .vdbundle (all are), the widths given to the
        columns that need them."""
        e = html.escape
        t = plan["totals"]
        words = [(k, translate("SyncPage", w)) for k, w in BATCH_PLAN]
        head = self.tr("共 {n} 个，按下表顺序导入：").format(n=t["files"]) + "，".join(
            self.tr("{what} {n} 个").format(what=w, n=t[k]) for k, w in words if t.get(k)) + "；" + self.tr(
            "台账新增约 {n} 条").format(n=t["new_entries"])
        widths = ("33%", "21%", "11%", "6%", "29%")
        heads = "".join(f"<th width='{w}'>{e(h)}</th>" for w, h in zip(widths, (
            self.tr("文件"), self.tr("来自"), self.tr("内容"), self.tr("新增"), self.tr("状态/原因"))))
        rows = []
        for r in plan["files"]:
            src = r.get("source") or {}
            who = src.get("name") or src.get("office") or "—"
            status = translate("SyncPage", dict(BATCH_PLAN).get(r["status"], r["status"]))
            reason = for_window(r.get("reason") or "")
            if r["status"] == "check":
                reason = self.tr("签名密钥（指纹 {fp}）需先电话核对：请点“选择同步包…”单独导入它").format(fp=r.get("fingerprint", ""))
            colour = f" style='color:{RED}'" if r["status"] in ("refused", "check") else ""
            kinds = "、".join(kind_label(k) for k in r.get("kinds") or []) or "—"
            name = r["file"][:-len(".vdbundle")] if r["file"].lower().endswith(".vdbundle") else r["file"]
            rows.append(f"<tr><td>{e(name)}</td><td>{e(who)}</td><td>{e(kinds)}</td><td>{r['new_entries']}</td>"
                        f"<td{colour}><b>{e(status)}</b>" + (f"：{e(reason)}" if reason else "") + "</td></tr>")
        return (f"<p>{e(head)}</p><table border='1' cellspacing='0' cellpadding='2' width='100%'><tr>{heads}</tr>"
                + "".join(rows) + "</table>")

    @guarded
    def confirm_import_all(self) -> LongWork | None:
        if not self.batch_paths or self.batch_preview is None:
            self.show_error(self.tr("请先预览同步包"))
            return None
        self.confirm_all_button.setEnabled(False)
        paths = list(self.batch_paths)
        # cancelled between files: a summary of what went in comes; before the first: _batch_cancelled
        return self._run(self.tr("正在导入全部同步包"), lambda s, p: sync_batch.import_batch(s, paths, progress=p),
                         self._batch_imported, busy=[self.file_button, self.batch_button], cancellable=True,
                         progress=True, cancelled=self._batch_cancelled)

    def _batch_cancelled(self, _exc: BaseException) -> None:
        self.confirm_all_button.setEnabled(bool(self.batch_paths))
        self.status.setText(self.tr("已取消：没有导入任何同步包"))

    def _batch_imported(self, r: dict) -> None:
        self.last_batch = r
        self.batch_paths, self.batch_preview = [], None
        e = html.escape
        t = r["totals"]
        total = self.tr("新增台账 {added} 条，新的单位 {offices} 个，暂存 {held} 个，冲突 {flagged} 处，未导入 {refused} 个").format(
            added=t["added"], offices=t["new_offices"], held=t["held"], flagged=t["flagged"], refused=t["refused"])
        if t.get("check"):
            total += self.tr("，待电话核对指纹 {n} 个").format(n=t["check"])
        head = (self.tr("已取消：其余的包未导入（已导入的每个包都是完整的）") if r["cancelled"] else self.tr("导入完成")) + "：" + total
        rows = []
        for f in r["files"]:
            status = translate("SyncPage", dict(BATCH_DONE).get(f["status"], f["status"]))
            reason = for_window(f.get("reason") or "") if f["status"] not in ("applied", "nothing-new") else ""
            colour = f" style='color:{RED}'" if f["status"] in ("refused", "check", "conflict") else ""
            rows.append(f"<tr><td>{e(f['file'])}</td><td>{f['added']}</td><td{colour}><b>{e(status)}</b>"
                        + (f"：{e(reason)}" if reason else "") + "</td></tr>")
        heads = "".join(f"<th>{e(h)}</th>" for h in (self.tr("文件"), self.tr("新增"), self.tr("结果")))
        released = "".join("<p>" + e(self.tr("接上了先前暂存的包 {file}").format(file=x.get("file", ""))) + "</p>"
                           for x in r.get("released") or [])
        self.preview_view.setHtml(f"<p><b>{e(head)}</b></p>{released}<table border='1' cellspacing='0' cellpadding='3' "
                                  f"width='100%'><tr>{heads}</tr>" + "".join(rows) + "</table>")
        self.status.setText(head)
        self.confirm_all_button.setEnabled(False)
        self.context.notify("ledger", "catalogues", "desk")
        self.load_status()

    # ---- 同步记录 ----------------------------------------------------------------------

    @guarded
    def load_status(self) -> LongWork:
        return self._run(self.tr("正在读取同步记录"), sync.status, self._show_status, quiet=True)

    def _show_status(self, s: dict) -> None:
        self.last_status = s
        up = s.get("addressee_up") or ""
        self.status_summary.setText(self.tr("本机：{me}，上级：{up}").format(
            me=office_text(s["name"], s["office"]),
            up=office_text(s.get("addressee_up_name"), up) if up else self.tr("无")))
        # a township's or county's own empty ledger is no news: the villages' are
        chains = [c for c in s["chains"] if not (c["own"] and not c["entries"] and s.get("level") != "village")]
        self.chains_table.set_empty_text(self.tr("本机还没有台账") if s.get("level") == "village" else
                                         self.tr("还没有导入下级单位的台账：请在“导入同步包”里导入它们的同步包"))
        self.chains_table.fill([[c.get("office_name") or "", c["office"], c["entries"], self.tr("是") if c["own"] else "",
                                 c["acked_up"] if up else ""] for c in chains])
        e = html.escape
        parts = []
        conflict, held, wrote, read = self.tr("冲突"), self.tr("暂存"), self.tr("写出"), self.tr("导入")
        for c in s["conflicts"]:
            parts.append(f"<p style='color:{RED}'><b>{e(conflict)}</b> {e(c['office'])} {e(c['reason'])}</p>")
        for h in s["held"]:
            parts.append(f"<p style='color:{RED}'>{e(held)} {e(h['file_name'])}：{e(h['reason'])}</p>")
        # newest first, one line each: when, which way, which file, and what came of it
        sent = [(str(b["recorded_at"]), wrote, b, "") for b in s["exports"][:10]]
        got = [(str(b["recorded_at"]), read, b, translate("SyncPage", IMPORT_STATUS.get(b["status"], "")) or b["status"])
               for b in s["imports"][:10]]
        lines = []
        for when, way, b, outcome in sorted(sent + got, key=lambda x: x[0], reverse=True):
            line = f"{e(when[:16].replace('T', ' '))}　{e(way)}　{e(b['file_name'])}"
            if outcome:
                line += f"：{e(outcome)} {e((b.get('reason') or '')[:80])}"
            lines.append(line)
        if lines:
            parts.append("<p>" + "<br>".join(lines) + "</p>")
        self.log_view.setHtml("".join(parts) or e(self.tr("还没有收发过同步包")))
        if s["conflicts"]:
            self.tabs.setTabText(2, self.tr("同步记录（冲突 {n}）").format(n=len(s["conflicts"])))

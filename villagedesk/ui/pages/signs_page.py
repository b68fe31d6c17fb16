"""牌子检查: enter or pick a sign and see, as you type, which rules it breaks (each with its
clause), the sign drawn to scale, and print the spec sheet a sign maker works from; the
牌子摸排 tab audits every sign of the office at once.

Checking one sign takes a few milliseconds (services.signs.check_sign), so the page checks
~150 ms after the last change and never waits for a button; printing runs off the UI
thread (ui/long_work) and opens the print preview. Nothing typed is refused by the form itself: a
zero width, a colour name or a 500-character name is sent to the checker, whose finding
is shown beside the field, as the spec format intends (docs/formats/signboard-spec.md).
"""

from __future__ import annotations

import math
import re
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
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
    ElidingComboBox,
    debounced,
    ScaledLabel,
    field_label,
    guarded,
    log,
    muted,
    page_header,
    plain_tip,
    report_error,
    translate,
)
from villagedesk.ui.pages.sign_audit_panel import (
    KIND_LABELS,
    PLACEMENT_LABELS,
    SignAuditPanel,
    findings_html,
    kind_label,
    sign_term,
)
from villagedesk.ui.long_work import LongWork, desk_op
from villagedesk.ui.sign_preview import SignPreview

CHECK_DELAY_MS = 150
# Typeface names a cadre or a sign maker uses; product names, so shown as they are (the
# checker judges the family: core/signs/typefaces.py). The first is the rules' standard face.
FONT_CHOICES = (
    QT_TRANSLATE_NOOP("SignFonts", "标准宋体"),
    QT_TRANSLATE_NOOP("SignFonts", "美术宋体"),
    QT_TRANSLATE_NOOP("SignFonts", "思源宋体"),
    QT_TRANSLATE_NOOP("SignFonts", "方正小标宋"),
    QT_TRANSLATE_NOOP("SignFonts", "宋体"),
    QT_TRANSLATE_NOOP("SignFonts", "黑体"),
    QT_TRANSLATE_NOOP("SignFonts", "楷体"),
    QT_TRANSLATE_NOOP("SignFonts", "仿宋"),
)
DIRECTION_LABELS = {
    "vertical": QT_TRANSLATE_NOOP("SignTerms", "竖排（自上而下）"),
    "horizontal": QT_TRANSLATE_NOOP("SignTerms", "横排（自左向右）"),
}
# the clauses of the local plan a rule set carries out, for the page's one line
LOCAL_CLAUSES = {
    "yunnan-dehong": QT_TRANSLATE_NOOP("SignsPage", "德宏州工作方案第7–8条"),
}
# the usual direction and placement of each kind (docs/formats/signboard-spec.md)
KIND_DEFAULTS = {"strip": ("vertical", "exterior"), "identifier": ("horizontal", "exterior"),
                 "square": ("horizontal", "interior"), "guide": ("horizontal", "interior"),
                 "door": ("horizontal", "room_door")}
# where a finding's key is shown in the form
FIELD_OF_KEY = {"name": "name", "organisation": "name", "note": "name", "name_ko": "name_ko", "scripts": "name_ko",
                "kind": "kind", "width_cm": "size", "height_cm": "size", "background": "background",
                "text_colour": "text_colour", "font": "font", "direction": "direction", "placement": "placement",
                "room": "room", "decorated": "decorated"}
NEW_SIGN = {"name": "", "kind": "strip", "width_cm": 35, "height_cm": 200, "background": "#FFFFFF",
            "text_colour": "#000000", "font": FONT_CHOICES[0], "direction": "vertical", "placement": "exterior",
            "decorated": False}
MAX_TYPED = 1000  # what a field takes at all; the checker says what is too long for a sign
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_stem(name: str) -> str:
    """A sign's name as (part of) a file name on Windows."""
    stem = _UNSAFE_FILE_CHARS.sub("", name or "").strip(" .")[:30]
    return stem or translate("SignsPage", "牌子")


class CentimetreBox(QDoubleSpinBox):
    """Centimetres to one decimal, shown without a trailing .0 (35, not 35.0)."""

    def textFromValue(self, value: float) -> str:
        return f"{value:.1f}".rstrip("0").rstrip(".") if math.isfinite(value) else ""


class FormScroll(QScrollArea):
    """A scroll area as tall as its form now (QScrollArea keeps the first size it saw), so the
    messages that appear under the fields push the findings down rather than hide the fields."""

    on_resize = None  # called with the viewport's width when it changes (the page reflows the form)

    def sizeHint(self):
        hint = super().sizeHint()
        if self.widget() is not None:
            hint.setHeight(self.widget().sizeHint().height() + 2 * self.frameWidth())
        return hint

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.on_resize is not None:
            try:
                self.on_resize(self.viewport().width())
            except Exception:  # an event handler must not let an exception reach Qt
                log.exception("could not lay out the sign form")


class ColourField(QWidget):
    """A hex colour typed or chosen: the line edit, a swatch of what it reads as, 选色…."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.edit.setMaxLength(40)
        self.edit.setPlaceholderText("#RRGGBB")
        self.swatch = QLabel()
        self.swatch.setObjectName(name + "Swatch")
        # the colour's name beside the hex (■ #EE1C25 红色): a hex alone says nothing to a clerk
        self.name_label = QLabel()
        self.name_label.setObjectName(name + "Name")
        self.button = QPushButton(self.tr("选色…"))
        self.button.setObjectName(name + "Choose")
        self.button.clicked.connect(self.choose)
        row.addWidget(self.edit, 1)
        row.addWidget(self.swatch)
        row.addWidget(self.name_label)
        row.addWidget(self.button)
        self._fit_to_font()
        self.edit.textChanged.connect(self._show_swatch)
        self.dialog: QColorDialog | None = None
        self._show_swatch()

    def _fit_to_font(self) -> None:
        """The hex (#EE1C25) whole, the swatch as high as the text, the name's room for 其他颜色."""
        metrics = self.edit.fontMetrics()
        self.edit.setMinimumWidth(metrics.horizontalAdvance("#EE1C25") + metrics.averageCharWidth() * 2 + 12)
        side = metrics.height()
        self.swatch.setFixedSize(side, side)
        self.name_label.setMinimumWidth(metrics.horizontalAdvance(chr(0x4E2D) * 4))

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()

    def text(self) -> str:
        return self.edit.text()

    def colour_name(self) -> str:
        """The Chinese name shown beside the hex ("" when what is typed is not a colour)."""
        return self.name_label.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text or "")

    def colour(self) -> QColor:
        text = self.edit.text().strip()
        if re.fullmatch(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})", text):
            return QColor(text if text.startswith("#") else "#" + text)
        return QColor()

    @guarded
    def _show_swatch(self, *_args) -> None:
        colour = self.colour()
        if colour.isValid():
            self.swatch.setStyleSheet(f"background: {colour.name()}; border: 1px solid #9aa0a6;")
            self.swatch.setToolTip(colour.name().upper())
            self.name_label.setText(signs.colour_name(colour.name()))
        else:
            self.swatch.setStyleSheet("background: transparent; border: 1px dashed #9aa0a6;")
            self.swatch.setToolTip(self.tr("不是十六进制颜色，如 #EE1C25"))
            self.name_label.setText("")
        self.name_label.setToolTip(self.swatch.toolTip())

    @guarded
    def choose(self) -> None:
        colour = self.colour()
        dialog = QColorDialog(colour if colour.isValid() else QColor("#FFFFFF"), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.colorSelected.connect(self._chosen)
        self.dialog = dialog
        dialog.open()

    @guarded
    def _chosen(self, colour: QColor) -> None:
        if colour.isValid():
            self.edit.setText(colour.name().upper())


class SignsPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.context = context
        self.loaded = False
        self._loading = False
        self.standard: list[dict] = []
        self.rule_sets: list[dict] = []
        self.default_rules = ""
        self.carried: dict = {}  # organisation and note of a picked sign, kept while it is edited
        self.last_result: dict | None = None
        self.last_proof: dict | None = None
        self.last_file = ""
        self.last_tiles_file = ""
        self.preview_dialog = None
        self._operation: LongWork | None = None
        self._operation_name = ""
        self._filling = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        self.header = page_header(translate("Navigation", "牌子检查"), self._purpose(""))
        layout.addWidget(self.header)
        self.error_label = QLabel()
        self.error_label.setObjectName("pageError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_check(), self.tr("检查牌子"))
        self.audit_panel = SignAuditPanel(context, self)
        self.audit_panel.sign_chosen.connect(self._open_from_inventory)
        self.tabs.addTab(self.audit_panel, self.tr("牌子摸排"))
        layout.addWidget(self.tabs, 1)

        self.check_timer = debounced(self, CHECK_DELAY_MS, self.check_now)
        context.changed.connect(self._context_changed)
        self.setFocusProxy(self.name_edit)

    def _purpose(self, rules_id: str) -> str:
        local = LOCAL_CLAUSES.get(rules_id)
        clause = self.tr("厅字〔2022〕28号 二(二)6")
        if local:
            clause = self.tr("{local}；{central}").format(local=self.tr(local), central=clause)
        return self.tr("对照规定检查牌子的名称、用字、颜色、字体、尺寸和方向，打印交给制作单位的规格单（{clauses}）").format(clauses=clause)

    # ---- building ---------------------------------------------------------------------

    def _build_check(self) -> QWidget:
        box = QWidget()
        outer = QHBoxLayout(box)
        outer.setContentsMargins(4, 8, 4, 4)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_left())
        # the preview, its sizes and the print buttons scroll when the window is short (150 %
        # on 1366×768) instead of the drawing covering the text below it
        right = QScrollArea()
        right.setObjectName("previewScroll")
        right.setWidgetResizable(True)
        right.setFrameShape(QFrame.Shape.NoFrame)
        right.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right.setWidget(self._build_right())
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([620, 380])
        outer.addWidget(splitter)
        self.splitter = splitter
        return box

    def _build_left(self) -> QWidget:
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 8, 0)

        pick = QHBoxLayout()
        pick.addWidget(QLabel(field_label(self.tr("本单位标准牌子"))))
        self.picker = ElidingComboBox()  # a long approved name ends in …, whole in the tooltip
        self.picker.setObjectName("signPicker")
        self.picker.set_hint(self.tr("按本单位的批准名称和规则生成的标准牌子"))
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(12)
        self.picker.activated.connect(self.pick_standard)
        pick.addWidget(self.picker, 1)
        self.new_button = QPushButton(self.tr("新建"))
        self.new_button.setObjectName("newSign")
        self.new_button.setToolTip(self.tr("清空表单，填写另一块牌子"))
        self.new_button.clicked.connect(self.new_sign)
        pick.addWidget(self.new_button)
        self.open_button = QPushButton(self.tr("打开规格…"))
        self.open_button.setToolTip(self.tr("打开牌子规格 JSON 文件"))
        self.open_button.clicked.connect(lambda: self.open_spec())
        pick.addWidget(self.open_button)
        col.addLayout(pick)

        form = QWidget()
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 6, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.grid = grid
        self.field_errors: dict[str, QLabel] = {}
        self._row = 0
        self._grid_rows: list[list[tuple[QLabel, QWidget, QLabel]]] = []  # a line: one field or two
        self.form_paired = True

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("signName")
        self.name_edit.setMaxLength(MAX_TYPED)
        self.name_edit.setPlaceholderText(self.tr("批准设置文件中的全称，如 中共××镇××村支部委员会"))
        self.name_edit.setClearButtonEnabled(True)
        self._add_wide("name", self.tr("名称"), self.name_edit)

        self.name_ko_edit = QLineEdit()
        self.name_ko_edit.setObjectName("signNameKo")
        self.name_ko_edit.setMaxLength(MAX_TYPED)
        self.name_ko_edit.setPlaceholderText(self.tr("批准的朝鲜文译名"))
        self.name_ko_label = QLabel(field_label(self.tr("朝鲜文名称")))
        self._add_wide("name_ko", "", self.name_ko_edit, label_widget=self.name_ko_label)

        self.kind_box = QComboBox()
        self.kind_box.setObjectName("signKind")
        for key, label in KIND_LABELS.items():
            self.kind_box.addItem(sign_term(label), key)
        self.direction_box = QComboBox()
        self.direction_box.setObjectName("signDirection")
        for key, label in DIRECTION_LABELS.items():
            self.direction_box.addItem(sign_term(label), key)
        self._add_pair(("kind", self.tr("类型"), self.kind_box), ("direction", self.tr("排列方向"), self.direction_box))

        size = QWidget()
        size_row = QHBoxLayout(size)
        size_row.setContentsMargins(0, 0, 0, 0)
        self.width_spin = self._size_spin("signWidth")
        self.height_spin = self._size_spin("signHeight")
        size_row.addWidget(QLabel(self.tr("宽")))
        size_row.addWidget(self.width_spin, 1)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(QLabel(self.tr("高")))
        size_row.addWidget(self.height_spin, 1)
        size_row.addWidget(QLabel(self.tr("厘米")))
        self._add_wide("size", self.tr("尺寸"), size)

        self.background_field = ColourField("signBackground")
        self.text_colour_field = ColourField("signTextColour")
        self._add_pair(("background", self.tr("底色"), self.background_field),
                       ("text_colour", self.tr("字色"), self.text_colour_field))

        self.font_box = QComboBox()
        self.font_box.setObjectName("signFont")
        self.font_box.setEditable(True)
        self.font_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.font_box.addItems(list(FONT_CHOICES))
        self.font_box.lineEdit().setMaxLength(200)
        self.placement_box = QComboBox()
        self.placement_box.setObjectName("signPlacement")
        for key, label in PLACEMENT_LABELS.items():
            self.placement_box.addItem(sign_term(label), key)
        # as wide as its longest place (外部（大院门口或办公楼门厅外）): the form goes one field a
        # line rather than cut it
        self._add_pair(("font", self.tr("字体"), self.font_box), ("placement", self.tr("悬挂位置"), self.placement_box))

        self.decorated_box = QCheckBox(self.tr("有装饰（边框、花纹、徽标等）"))
        self.decorated_box.setObjectName("signDecorated")
        self.room_edit = QLineEdit()
        self.room_edit.setObjectName("signRoom")
        self.room_edit.setMaxLength(100)
        self.room_edit.setPlaceholderText(self.tr("如 201、党员活动室"))
        self.room_label = QLabel(field_label(self.tr("功能室")))
        self._add_pair(("decorated", self.tr("装饰"), self.decorated_box), ("room", "", self.room_edit),
                       second_label=self.room_label)

        self.rules_box = QComboBox()
        self.rules_box.setObjectName("signRules")
        self.rules_hint = self.tr("按哪一套规定检查；默认为本单位所在州县的规定")
        self.rules_box.setToolTip(self.rules_hint)
        self.rules_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rules_box.setMinimumContentsLength(16)
        self.rules_box.currentIndexChanged.connect(self._rules_changed)
        self._add_wide("rules", self.tr("规则"), self.rules_box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        scroll = FormScroll()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form)
        # a long Korean name row, a large font scale or English labels may need more width than
        # the splitter gives: scroll rather than hide the fields on the right
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.form_scroll = scroll
        scroll.on_resize = self.lay_out_form
        col.addWidget(scroll, 0)  # as tall as the form (up to a limit), the findings take the rest

        self.verdict_label = ScaledLabel(factor=1.1, bold=True)
        self.verdict_label.setObjectName("signVerdict")
        self.verdict_label.setWordWrap(True)
        col.addWidget(self.verdict_label)
        self.role_label = muted()
        self.role_label.setObjectName("signRole")
        col.addWidget(self.role_label)
        self.findings_view = QTextBrowser()
        self.findings_view.setObjectName("signFindings")
        self.findings_view.setOpenLinks(False)
        self.findings_view.document().setDocumentMargin(8)
        self.findings_view.setMinimumHeight(110)
        # the form keeps its height first; the findings take what is left (and scroll)
        self.findings_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        col.addWidget(self.findings_view, 1)

        for widget in (self.name_edit, self.name_ko_edit, self.room_edit, self.background_field.edit,
                       self.text_colour_field.edit):
            widget.textChanged.connect(self._changed)
        self.font_box.editTextChanged.connect(self._changed)
        self.direction_box.currentIndexChanged.connect(self._changed)
        self.placement_box.currentIndexChanged.connect(self._placement_changed)
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.decorated_box.toggled.connect(self._changed)
        for spin in (self.width_spin, self.height_spin):
            spin.valueChanged.connect(self._changed)
            spin.lineEdit().textChanged.connect(self._changed)  # an emptied box changes no value
        for edit in (self.name_edit, self.name_ko_edit, self.room_edit, self.background_field.edit,
                     self.text_colour_field.edit, self.font_box.lineEdit(), self.width_spin, self.height_spin):
            edit.installEventFilter(self)
        self._show_korean(False)
        self._show_room(False)
        return left

    def _size_spin(self, name: str) -> QDoubleSpinBox:
        spin = CentimetreBox()
        spin.setObjectName(name)
        # wide on purpose: a 0, a negative or a size in millimetres is typed, then explained
        spin.setRange(-9999, 99999)
        spin.setDecimals(1)
        spin.setSingleStep(1)
        spin.setKeyboardTracking(True)
        spin.setAccelerated(True)
        return spin

    def _error_label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")
        label.setProperty("field", key)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        self.field_errors[key] = label
        return label

    def _add_wide(self, key: str, label: str, widget: QWidget, *, label_widget: QLabel | None = None) -> None:
        lab = label_widget or QLabel(field_label(label))
        lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(lab, self._row, 0)
        self.grid.addWidget(widget, self._row, 1, 1, 3)
        self.grid.addWidget(self._error_label(key), self._row + 1, 1, 1, 3)
        self._grid_rows.append([(lab, widget, self.field_errors[key])])
        self._row += 2

    def _add_pair(self, first: tuple, second: tuple, *, second_label: QLabel | None = None) -> None:
        cells = []
        for i, (key, label, widget) in enumerate((first, second)):
            lab = second_label if (i == 1 and second_label is not None) else QLabel(field_label(label))
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(lab, self._row, 2 * i)
            self.grid.addWidget(widget, self._row, 2 * i + 1)
            self.grid.addWidget(self._error_label(key), self._row + 1, 2 * i + 1)
            cells.append((lab, widget, self.field_errors[key]))
        self._grid_rows.append(cells)
        self._row += 2

    def paired_width(self) -> int:
        """How wide the form must be to show two fields a line (类型 | 排列方向 …) without cutting."""
        def widest(widgets) -> int:
            return max((w.minimumSizeHint().width() for w in widgets), default=0)

        pairs = [cells for cells in self._grid_rows if len(cells) == 2]
        columns = [widest(cells[0][0] for cells in self._grid_rows), widest(cells[0][1] for cells in pairs),
                   widest(cells[1][0] for cells in pairs), widest(cells[1][1] for cells in pairs)]
        wide = widest(cells[0][1] for cells in self._grid_rows if len(cells) == 1)
        fields = max(columns[1] + columns[2] + columns[3] + 2 * self.grid.horizontalSpacing(), wide)
        margins = self.grid.contentsMargins()
        return columns[0] + self.grid.horizontalSpacing() + fields + margins.left() + margins.right()

    def lay_out_form(self, width: int | None = None) -> None:
        """Two fields a line where the form is wide enough, one a line where it is not (150 % on
        a small screen): the form never needs scrolling sideways, no field is cut."""
        if width is None:
            width = self.form_scroll.viewport().width()
        paired = width >= self.paired_width()
        if paired == self.form_paired:
            return
        self.form_paired = paired
        grid = self.grid
        for cells in self._grid_rows:
            for cell in cells:
                for widget in cell:
                    grid.removeWidget(widget)
        row = 0
        for cells in self._grid_rows:
            if paired and len(cells) == 2:
                for i, (lab, widget, error) in enumerate(cells):
                    grid.addWidget(lab, row, 2 * i)
                    grid.addWidget(widget, row, 2 * i + 1)
                    grid.addWidget(error, row + 1, 2 * i + 1)
                row += 2
            else:
                for lab, widget, error in cells:
                    grid.addWidget(lab, row, 0)
                    grid.addWidget(widget, row, 1, 1, 3)
                    grid.addWidget(error, row + 1, 1, 1, 3)
                    row += 2
        grid.invalidate()
        self.form_scroll.updateGeometry()

    def _build_right(self) -> QWidget:
        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(8, 0, 0, 0)
        self.preview = SignPreview()
        col.addWidget(self.preview, 1)
        self.preview_info = muted()
        self.preview_info.setObjectName("previewInfo")
        col.addWidget(self.preview_info)

        self.print_button = QPushButton(self.tr("打印规格单…"))
        self.print_button.setObjectName("primary")
        self.print_button.setToolTip(self.tr("生成给制作单位的规格单 PDF（按比例的图、尺寸、颜色、字体、依据），预览后打印（Enter）"))
        self.print_button.clicked.connect(lambda: self.print_spec())
        self.tiles_button = QPushButton(self.tr("打印 1:1 分块…"))
        self.tiles_button.setToolTip(self.tr("把牌子按实际大小分块打印在 A4 纸上，拼贴后即为原大样稿"))
        self.tiles_button.clicked.connect(lambda: self.print_tiles())
        self.proof_button = QPushButton(self.tr("检查样稿图片…"))
        self.proof_button.setToolTip(self.tr("打开制作单位发来的样稿（PNG、JPEG 或 PDF），核对宽高比和颜色"))
        self.proof_button.clicked.connect(lambda: self.check_proof())
        self.add_button = QPushButton(self.tr("加入摸排清单"))
        self.add_button.setToolTip(self.tr("把这块牌子加入「牌子摸排」的清单"))
        self.add_button.clicked.connect(self.add_to_inventory)
        self.status_label = muted()
        self.status_label.setObjectName("signStatus")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout()
        grid.addWidget(self.print_button, 0, 0, 1, 2)
        grid.addWidget(self.tiles_button, 1, 0)
        grid.addWidget(self.proof_button, 1, 1)
        grid.addWidget(self.add_button, 2, 0, 1, 2)
        col.addLayout(grid)
        col.addWidget(self.status_label)
        for keys in ("Ctrl+P",):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda: self.print_spec())
        return right

    # ---- loading ----------------------------------------------------------------------

    def showEvent(self, event):
        super().showEvent(event)
        if not self.loaded and not self._loading:
            QTimer.singleShot(0, self, self.load)

    @guarded
    def load(self) -> bool:
        """Read the rule sets, the office's standard signs and its last audit in the background
        (compiling the rule sets takes about half a second the first time)."""
        if self._loading:
            return False

        def work(session):
            out = {"rule_sets": signs.list_rule_sets(), "default": signs.rules_for(session).id}
            out["standard"] = signs.standard_specs(session, rules_id=out["default"])
            out["audit"] = None
            if session.desk() is not None:
                audits = signs.list_audits(session, 1)
                if audits:
                    out["audit"] = signs.get_audit(session, audits[0]["id"])
            return out

        self._loading = self.run_background(self.tr("正在读取牌子规则"), work, self._loaded, quiet=True)
        return self._loading

    def _loaded(self, data: dict) -> None:
        self._loading = False
        self.rule_sets, self.default_rules = data["rule_sets"], data["default"]
        self.rules_box.blockSignals(True)
        self.rules_box.clear()
        for rs in self.rule_sets:
            # the place (云南省德宏州) in the box, the document's whole name in its tooltip
            self.rules_box.addItem(rs["name"].split("（")[0] or rs["name"], rs["id"])
            self.rules_box.setItemData(self.rules_box.count() - 1, plain_tip(rs["name"]), Qt.ItemDataRole.ToolTipRole)
        self.rules_box.setCurrentIndex(max(0, self.rules_box.findData(self.default_rules)))
        self.rules_box.blockSignals(False)
        self._show_rules_name()
        self._set_standard(data["standard"])
        audit = data.get("audit")
        if audit and not self.audit_panel.inventory:
            self.audit_panel.set_inventory(audit["inventory"].get("signs", []), audit.get("result"))
        self.loaded = True
        self._apply_rules()
        if self.standard:
            self.pick_standard(0)
        else:
            self.new_sign()

    def _set_standard(self, specs: list[dict]) -> None:
        self.standard = list(specs)
        self.picker.blockSignals(True)
        self.picker.clear()
        for spec in self.standard:
            self.picker.addItem(self.tr("{name}（{kind}）").format(  # no stored name: the note says where to register it
                name=spec["name"] or spec.get("note", "").split("；")[0], kind=kind_label(spec["kind"])))
        self.picker.setCurrentIndex(-1)
        self.picker.blockSignals(False)

    def _context_changed(self, what) -> None:
        if self.loaded and "desk" in set(what):
            self._reload_standard()

    @guarded
    def _reload_standard(self) -> None:
        self._set_standard(signs.standard_specs(self.context.session, rules_id=self.rules_id() or None))

    # ---- the form ---------------------------------------------------------------------

    def rules_id(self) -> str:
        return self.rules_box.currentData() or self.default_rules or ""

    def wants_korean(self) -> bool:
        rid = self.rules_id()
        if not rid:
            return False
        return "ko" in signs.load_rules(rid).scripts.get("required", [])

    def layout_params(self) -> dict:
        """Order, side and size ratio of two scripts, as the spec sheet reads them."""
        rid = self.rules_id()
        if not rid:
            return {}
        rules = signs.load_rules(rid)
        return {"ko_order": rules.param("script_order", "ko_first"), "ko_side": rules.param("script_side", "top"),
                "ko_ratio": float(rules.param("script_size_ratio", 1.0))}

    def form_spec(self) -> dict:
        """The sign as the form shows it, in the spec format; what is typed goes as typed."""
        spec = {"name": self.name_edit.text(), "kind": self.kind_box.currentData()}
        for key, spin in (("width_cm", self.width_spin), ("height_cm", self.height_spin)):
            if spin.cleanText().strip():
                spec[key] = spin.value()
        for key, field in (("background", self.background_field), ("text_colour", self.text_colour_field)):
            if field.text().strip():
                spec[key] = field.text()
        if self.font_box.currentText().strip():
            spec["font"] = self.font_box.currentText()
        spec["direction"] = self.direction_box.currentData()
        spec["placement"] = self.placement_box.currentData()
        spec["decorated"] = self.decorated_box.isChecked()
        if not self.name_ko_edit.isHidden():
            spec["scripts"] = ["ko", "zh"]
            spec["name_ko"] = self.name_ko_edit.text()
        else:
            spec["scripts"] = ["zh"]
        if spec["placement"] == "room_door" and self.room_edit.text().strip():
            spec["room"] = self.room_edit.text()
        spec.update({k: v for k, v in self.carried.items() if v})
        return spec

    @guarded
    def load_spec(self, spec: dict) -> None:
        """Show a sign in the form (a standard one, one from the inventory or a file) and check it."""
        if not isinstance(spec, dict):
            raise UserError(self.tr("不是牌子规格"))
        self._filling = True
        try:
            self.name_edit.setText(str(spec.get("name") or ""))
            self.name_ko_edit.setText(str(spec.get("name_ko") or ""))
            self._set_choice(self.kind_box, spec.get("kind"))
            self._set_choice(self.direction_box, spec.get("direction"))
            self._set_choice(self.placement_box, spec.get("placement"))
            for key, spin in (("width_cm", self.width_spin), ("height_cm", self.height_spin)):
                value = spec.get(key)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    spin.setValue(float(value))
                else:
                    spin.setValue(0)
            self.background_field.set_text(str(spec.get("background") or ""))
            self.text_colour_field.set_text(str(spec.get("text_colour") or ""))
            self.font_box.setEditText(str(spec.get("font") or ""))
            self.decorated_box.setChecked(spec.get("decorated") is True)
            self.room_edit.setText(str(spec.get("room") or ""))
            self.carried = {k: spec[k] for k in ("organisation", "note") if isinstance(spec.get(k), str)}
        finally:
            self._filling = False
        self._show_room(self.placement_box.currentData() == "room_door")
        self.last_proof = None
        self.form_scroll.verticalScrollBar().setValue(0)  # another sign: its form from the top
        self.check_now()

    @staticmethod
    def _set_choice(box: QComboBox, key) -> None:
        index = box.findData(key)
        if index >= 0:
            box.setCurrentIndex(index)

    @guarded
    def pick_standard(self, index: int) -> None:
        if 0 <= index < len(self.standard):
            self.picker.setCurrentIndex(index)
            self.load_spec(self.standard[index])
            self.set_status(self.tr("本单位标准牌子：{name}").format(name=self.standard[index]["name"]))

    @guarded
    def new_sign(self) -> None:
        self.picker.setCurrentIndex(-1)
        self.load_spec(dict(NEW_SIGN))
        self.set_status(self.tr("新建牌子：填写名称，右侧随填随画"))
        self.name_edit.setFocus()

    @guarded
    def open_spec(self, path: str | Path | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("打开牌子规格"), "", self.tr("牌子规格 (*.json);;所有文件 (*)"))
            if not path:
                return False
        data = signs.read_json(Path(path), translate("SignsPage", "牌子规格文件"))
        signs.parse(self.context.session, data, rules_id=self.rules_id() or None)  # refuses what is not a spec
        self.picker.setCurrentIndex(-1)
        self.load_spec(data)
        self.set_status(self.tr("已打开 {file}").format(file=Path(path).name))
        return True

    def _open_from_inventory(self, spec: dict) -> None:
        self.tabs.setCurrentIndex(0)
        self.picker.setCurrentIndex(-1)
        self.load_spec(spec)

    def focus_first_field(self) -> None:
        if self.tabs.currentIndex() == 0:
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @guarded
    def _changed(self, *_args) -> None:
        if not self._filling:
            self.check_timer.start()

    @guarded
    def _kind_changed(self, *_args) -> None:
        """A new kind brings its usual direction and placement (each can still be changed)."""
        if self._filling:
            return
        direction, placement = KIND_DEFAULTS.get(self.kind_box.currentData(), (None, None))
        self._filling = True
        try:
            self._set_choice(self.direction_box, direction)
            self._set_choice(self.placement_box, placement)
        finally:
            self._filling = False
        self._show_room(self.placement_box.currentData() == "room_door")
        self.check_timer.start()

    @guarded
    def _placement_changed(self, *_args) -> None:
        self._show_room(self.placement_box.currentData() == "room_door")
        self._changed()

    @guarded
    def _rules_changed(self, *_args) -> None:
        self._show_rules_name()
        if not self.loaded:
            return
        self._apply_rules()
        self._reload_standard()
        self.check_now()

    def _show_rules_name(self) -> None:
        """The chosen rule set's whole name in the box's tooltip (the box shows its place)."""
        chosen = self.rules_box.currentData()
        full = next((rs["name"] for rs in self.rule_sets if rs["id"] == chosen), "")
        self.rules_box.setToolTip(plain_tip("\n".join(t for t in (full, self.rules_hint) if t)))

    def _apply_rules(self) -> None:
        rid = self.rules_id()
        header_line = self.header.findChild(QLabel, "pagePurpose")
        if header_line is not None:
            header_line.setText(self._purpose(rid))
        self._show_korean(self.wants_korean())

    def _show_korean(self, shown: bool) -> None:
        for w in (self.name_ko_edit, self.name_ko_label):
            w.setVisible(shown)
        if not shown:
            self.field_errors["name_ko"].hide()

    def _show_room(self, shown: bool) -> None:
        for w in (self.room_edit, self.room_label):
            w.setVisible(shown)

    def eventFilter(self, watched, event):
        try:
            if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and not event.modifiers()):
                self.print_spec()  # the page's primary action
                return True
        except Exception as exc:  # an event filter is a slot too: nothing may reach Qt
            report_error(self, exc)
            return True
        return super().eventFilter(watched, event)

    # ---- checking ---------------------------------------------------------------------

    @guarded
    def check_now(self) -> dict | None:
        """Check the form's sign now and show the findings, the field messages and the preview."""
        self.check_timer.stop()
        if not self.loaded:
            return None
        result = signs.check_sign(self.context.session, self.form_spec(), rules_id=self.rules_id() or None)
        self.last_result = result
        self.show_error("")
        self._show_result(result)
        return result

    def _show_result(self, result: dict) -> None:
        findings = result["findings"]
        errors = {(f["rule"], f["message"]) for f in findings if f["severity"] == "error"}  # as the list counts them
        warnings = {(f["rule"], f["message"]) for f in findings if f["severity"] == "warning"}
        if result["ok"]:
            verdict = self.tr("符合规定")
            if warnings:
                verdict = self.tr("符合规定（另有 {n} 处需要核对）").format(n=len(warnings))
            self.verdict_label.setStyleSheet("color: #1e6b34;")
        else:
            verdict = self.tr("{n} 处不符合规定").format(n=len(errors))
            self.verdict_label.setStyleSheet(f"color: {RED};")
        self.verdict_label.setText(verdict)
        rules = result.get("rules") or {}
        full = rules.get("name", "")
        self.role_label.setText(self.tr("按{role}的牌子检查 · 规则：{rules}").format(
            role=result.get("role_name", ""), rules=full.split("（")[0] or full))
        self.role_label.setToolTip(plain_tip(full))
        html = findings_html(findings) or "<p style='color:{0}'>{1}</p>".format(
            GREY, escape(self.tr("没有发现问题：名称、用字、颜色、字体、尺寸、方向和位置都符合所选规则。")))
        if self.last_proof is not None:
            html += self._proof_html(self.last_proof)
        self.findings_view.setHtml(html)
        self._show_field_errors(findings)
        self.preview.set_spec(result.get("spec"), self.layout_params())
        self._show_preview_info()
        self.print_button.setEnabled(not self.busy())

    def _show_field_errors(self, findings: list[dict]) -> None:
        by_field: dict[str, list[str]] = {}
        for f in findings:
            field = FIELD_OF_KEY.get(f.get("key", ""))
            if field and f["severity"] in ("error", "warning") and f["message"] not in by_field.get(field, []):
                by_field.setdefault(field, []).append(f["message"])
        for key, label in self.field_errors.items():
            messages = by_field.get(key, [])
            label.setText("\n".join(messages[:3]))
            label.setVisible(bool(messages) and not (key == "name_ko" and self.name_ko_edit.isHidden()))
        self.form_scroll.updateGeometry()

    def field_error(self, key: str) -> str:
        """The message shown beside a field ("" when it has none)."""
        label = self.field_errors[key]
        return label.text() if not label.isHidden() else ""

    def _show_preview_info(self) -> None:
        lay = self.preview.layout_
        if lay is None:
            self.preview_info.setText("")
            return
        text = self.tr("字高 {size} 厘米，字距 {gap} 厘米，边距 上 {top} 下 {bottom} 左 {left} 右 {right} 厘米；图中字形为思源宋体，仅示意位置和大小").format(
            size=f"{lay.char_height_cm:g}", gap=f"{lay.spacing_cm:g}", top=f"{lay.margin_top_cm:g}",
            bottom=f"{lay.margin_bottom_cm:g}", left=f"{lay.margin_left_cm:g}", right=f"{lay.margin_right_cm:g}")
        if lay.warnings:
            text += "\n" + "\n".join(lay.warnings)
        self.preview_info.setText(text)

    # ---- printing ---------------------------------------------------------------------

    def spec_path(self, tiles: bool = False) -> Path:
        return outputs.output_file(self.context.data_dir, "signs", file_stem(self.name_edit.text()) + signs.SPEC_FILE_SUFFIX)

    @guarded
    def print_spec(self, path: str | Path | None = None, *, tiles: bool = False) -> bool:
        """Write the spec sheet (and with `tiles` the 1:1 sheets beside it) in the background,
        then open the print preview. A sign that breaks a rule gets no sheet: the findings say why."""
        if self.busy():
            return False
        result = self.check_now()
        if result is None:
            return False
        if not result["ok"]:
            errors = sum(1 for f in result["findings"] if f["severity"] == "error")
            self.set_status(self.tr("先改正 {n} 处不符合规定的地方，才能生成规格单（见左侧）").format(n=errors), error=True)
            return False
        path = Path(path) if path else self.spec_path()
        spec, rules_id = self.form_spec(), self.rules_id() or None

        def work(session):
            path.parent.mkdir(parents=True, exist_ok=True)
            return signs.spec_pdf(session, spec, path, tiles=tiles, rules_id=rules_id, overwrite=True)

        name = self.tr("正在生成 1:1 分块") if tiles else self.tr("正在生成规格单")
        return self.run_background(name, work, self._printed)

    def print_tiles(self, path: str | Path | None = None) -> bool:
        return self.print_spec(path, tiles=True)

    def _printed(self, result: dict) -> None:
        self.last_file = result["file"]
        self.last_tiles_file = result.get("tiles_file", "")
        if self.last_tiles_file:
            tiles = result.get("tiles") if isinstance(result.get("tiles"), dict) else {}
            self.set_status(self.tr("已生成规格单 {file} 和 1:1 分块 {tiles}（{sheets} 张 A4，另有拼贴示意 1 页），请在预览中核对后打印（打印时选“实际大小”）").format(
                file=Path(self.last_file).name, tiles=Path(self.last_tiles_file).name, sheets=tiles.get("sheets", "？")))
            self.open_print_preview(self.last_tiles_file)
        else:
            self.set_status(self.tr("已生成 {file}，请在预览中核对后打印（打印时选“实际大小”）").format(file=self.last_file))
            self.open_print_preview(self.last_file)

    def open_print_preview(self, path: str) -> None:
        if self.property("no_preview"):
            return
        from villagedesk.ui.printing import print_pdf_with_preview

        self.preview_dialog = print_pdf_with_preview(self, Path(path))

    # ---- proof ------------------------------------------------------------------------

    @guarded
    def check_proof(self, path: str | Path | None = None) -> bool:
        """Measure the sign maker's proof against the form's sign (in the background: a
        photo may be large) and list what differs below the findings."""
        if self.busy():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("选择样稿图片"), "",
                                                  self.tr("样稿 (*.png *.jpg *.jpeg *.pdf);;所有文件 (*)"))
            if not path:
                return False
        path = Path(path)
        spec, rules_id = self.form_spec(), self.rules_id() or None

        def work(session):
            result = signs.check_proof(session, path, spec, rules_id=rules_id)
            result["file"] = str(path)
            return result

        return self.run_background(self.tr("正在检查样稿"), work, self._proof_checked)

    def _proof_checked(self, result: dict) -> None:
        self.last_proof = result
        if self.last_result is not None:
            self._show_result(self.last_result)
        errors = sum(1 for f in result["findings"] if f["severity"] == "error")
        name = Path(result["file"]).name
        self.set_status(self.tr("样稿 {file} 与规格一致").format(file=name) if result["ok"]
                        else self.tr("样稿 {file} 有 {n} 处与规格不一致（见左侧）").format(file=name, n=errors),
                        error=not result["ok"])

    def _proof_html(self, result: dict) -> str:
        m = result.get("measured") or {}
        heading = self.tr("样稿检查：{file}").format(file=Path(result.get("file", "")).name)
        facts = self.tr("量得宽高比 {aspect}，底色 {background}，字色 {text}").format(
            aspect=f"{m['aspect']:.3f}" if isinstance(m.get("aspect"), (int, float)) else "？",
            background=m.get("background", "？"), text=m.get("text_colour", "？"))
        body = findings_html(result["findings"]) or "<p>{0}</p>".format(escape(self.tr("样稿的宽高比和颜色与规格一致。")))
        return (f"<hr><p style='margin:6px 0 2px 0'><b>{escape(heading)}</b></p><p style='margin:0; color:{GREY}'>{escape(facts)}</p>{body}")

    # ---- the inventory ----------------------------------------------------------------

    @guarded
    def add_to_inventory(self) -> None:
        self.audit_panel.add_sign(self.form_spec())
        self.set_status(self.tr("已加入摸排清单（共 {n} 块），在「牌子摸排」中检查全部").format(n=len(self.audit_panel.inventory)))

    # ---- background work and messages -------------------------------------------------

    def busy(self) -> bool:
        return self._operation is not None

    def busy_reason(self) -> str:
        return self._operation_name if self.busy() else ""

    def run_background(self, name: str, fn, done, *, quiet: bool = False) -> bool:
        """fn(session) off the UI thread; done(result) back on it. One at a time."""
        if self.busy():
            self.set_status(self.tr("{what}，请稍候").format(what=self._operation_name))
            return False
        self._operation_name = name
        busy = (self.print_button, self.tiles_button, self.proof_button, self.audit_panel.report_button,
                self.audit_panel.audit_button)
        self._operation = desk_op(self, self.context.data_dir, fn, busy=busy, progress=not quiet,
                                  label="" if quiet else name, status=None if quiet else self.set_status,
                                  on_success=lambda result: self._finished(done, result), on_failure=self._failed)
        self._update_buttons()
        return True

    def _finished(self, done, value) -> None:
        self._operation = None
        self._update_buttons()
        done(value)

    def _failed(self, exc: Exception) -> None:
        self._operation = None
        self._update_buttons()
        self._loading = False
        self.set_status(self.tr("{what}未完成").format(what=self._operation_name), error=True)
        if isinstance(exc, UserError) and exc.problems:
            self.show_error(exc.text())
        else:
            report_error(self, exc)

    def _update_buttons(self) -> None:
        free = not self.busy()
        for b in (self.print_button, self.tiles_button, self.proof_button, self.audit_panel.report_button):
            b.setEnabled(free)
        if free:
            self.audit_panel._update_buttons()

    def shutdown(self) -> None:
        if self._operation is not None:
            self._operation.wait()

    def set_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {RED};" if error else f"color: {GREY};")

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        if text:
            log.debug("signs page: %s", text)

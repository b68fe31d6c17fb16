"""The ledger as a virtual Qt table: a million entries without loading a million rows.

Why it is built this way (issue #3 item 8, "stays responsive at 1,000,000 entries"): the
view only ever asks for the rows it paints, so the model knows the number of rows (one
count) and fetches the rows in blocks of BLOCK around what is asked, keeping the last
MAX_BLOCKS blocks (an LRU cache). Scrolling to the end asks for the last block and nothing
in between. A block after a cached one is read by keyset (entries older than the cached
block's last id) instead of by offset, so scrolling down page by page never makes SQLite
step over the rows above; a jump into the second half is read from the other end. Once the
page hands over the row → id map (read in the background: ids only, 8 bytes a row), any
block is read by its ids, as fast at row 500,000 as at row 0.

The model fetches through two plain callables that the page builds from the ledger
service, so the model itself knows nothing of sessions or SQL.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFontMetrics

from villagedesk.core.idnumber import mask_id_number
from villagedesk.ui.common import GREY, log, plain_tip, translate

BLOCK = 200
MAX_BLOCKS = 40  # 8,000 rows: several screens either way of the visible one

EntryRole = Qt.ItemDataRole.UserRole + 1

# (key of the entry dict, header). Columns of DOMAIN.md §8 that fit one line each, the status
# second so that it is in sight however narrow the window; the detail panel shows the rest.
COLUMNS = (
    ("number", QT_TRANSLATE_NOOP("LedgerModel", "证明编号")),
    ("status", QT_TRANSLATE_NOOP("LedgerModel", "状态")),
    ("issued_on", QT_TRANSLATE_NOOP("LedgerModel", "开具日期")),
    ("item_title", QT_TRANSLATE_NOOP("LedgerModel", "证明事项")),
    ("applicant", QT_TRANSLATE_NOOP("LedgerModel", "申请人")),
    ("applicant_id", QT_TRANSLATE_NOOP("LedgerModel", "身份证号码")),
    ("subject_name", QT_TRANSLATE_NOOP("LedgerModel", "被证明人")),
    ("purpose", QT_TRANSLATE_NOOP("LedgerModel", "用途")),
    ("addressee", QT_TRANSLATE_NOOP("LedgerModel", "致送单位")),
    ("handler", QT_TRANSLATE_NOOP("LedgerModel", "经办人")),
    ("note", QT_TRANSLATE_NOOP("LedgerModel", "备注")),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)

# What must show whole in a column, in characters: a number such as 风平村证受〔2026〕9999号 (eight
# wide characters and eight digits), a date, an ID number, the longest status (已重新出具).
_WIDE = chr(0x4E2D)  # one CJK character, to measure widths in characters
WHOLE_TEXT = {"number": _WIDE * 8 + "20269999", "issued_on": "2026-12-31", "applicant_id": "11010519491231002X",
              "status": _WIDE * 5}
CELL_PADDING = 2 * 6 + 4  # the style sheet's item padding (0 6px), the grid line and a little air
HEADER_PADDING = 2 * 8 + 4  # QHeaderView::section padding 3px 8px


def column_widths(metrics: QFontMetrics, header_metrics: QFontMetrics, base: dict[str, int],
                  scale: float = 1.0) -> list[int]:
    """Each column's width: its width at 100 % (`base`) times the font scale, never narrower than
    its header, and wide enough for the texts that must show whole (the number above all)."""
    widths = []
    for key, label in COLUMNS:
        width = round(base.get(key, 100) * scale)
        width = max(width, header_metrics.horizontalAdvance(translate("LedgerModel", label)) + HEADER_PADDING)
        if key in WHOLE_TEXT:
            width = max(width, metrics.horizontalAdvance(WHOLE_TEXT[key]) + CELL_PADDING)
        widths.append(width)
    return widths


class ColumnFitter(QObject):
    """Keeps a ledger table's columns fitted to its font: set now, and again when the font scale
    changes (设置 → 字体大小) while the page is open."""

    def __init__(self, table, base: dict[str, int], base_point_size: float | None = None):
        super().__init__(table)
        if base_point_size is None:
            from villagedesk.ui.app import BASE_POINT_SIZE as base_point_size  # the font at 100 %
        self._table, self._base, self._base_point_size = table, dict(base), base_point_size
        table.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        table = self._table
        size = table.font().pointSizeF()
        scale = size / self._base_point_size if size > 0 and self._base_point_size > 0 else 1.0
        header = table.horizontalHeader()
        for column, width in enumerate(column_widths(table.fontMetrics(), header.fontMetrics(), self._base, scale)):
            table.setColumnWidth(column, width)
        rows = table.verticalHeader()
        if rows.sectionResizeMode(0) == rows.ResizeMode.Fixed:
            rows.setDefaultSectionSize(table.fontMetrics().height() + 10)

    def eventFilter(self, watched, event):
        if watched is self._table and event.type() == QEvent.Type.FontChange:
            try:
                self.fit()
            except Exception:  # an event filter must not let an exception reach Qt
                log.exception("could not fit the ledger columns")
        return False

# The labels of the statuses the ledger service hands over (`status_name`, Chinese data),
# shown in the window's language. The window decides by the key (`status`), never by a label.
STATUS_NAMES = (
    QT_TRANSLATE_NOOP("LedgerStatus", "有效"),
    QT_TRANSLATE_NOOP("LedgerStatus", "作废"),
    QT_TRANSLATE_NOOP("LedgerStatus", "已重新出具"),
    QT_TRANSLATE_NOOP("LedgerStatus", "待出具"),
    QT_TRANSLATE_NOOP("LedgerStatus", "逾期"),
    QT_TRANSLATE_NOOP("LedgerStatus", "已出具"),
    QT_TRANSLATE_NOOP("LedgerStatus", "不予出具"),
)
# status keys of a certificate that no longer counts: its row is greyed
VOIDED_STATUSES = frozenset(("voided", "reissued"))


def status_text(entry: dict) -> str:
    """The status a clerk reads (the service's label: overdue acceptances as 逾期), in the window's language."""
    name = entry.get("status_name") or entry.get("display_status") or ""
    return translate("LedgerStatus", name) if name else ""


def status_key(entry: dict) -> str:
    """The entry's status key (valid, voided, reissued, pending, issued, refused; "" for a
    void or amend entry): what the window compares."""
    return entry.get("status") or ""


def masked_id(value: str) -> str:
    """An ID number as the table shows it (privacy: the detail panel shows it whole)."""
    return mask_id_number(value) if value else ""


def cell_text(entry: dict, key: str) -> str:
    if key == "status":
        return status_text(entry)
    if key == "applicant_id":
        return masked_id(entry.get("applicant_id") or "")
    value = entry.get(key)
    return "" if value is None else str(value)


# fetch_rows(offset, limit, before_id, order) → entries; before_id (may be None) is a keyset
# hint: the entries older than that id, newest first, start exactly at `offset`.
FetchRows = Callable[[int, int, "int | None", str], list[dict]]
# fetch_by_ids(ids) → the entries with these ids, in that order
FetchByIds = Callable[[list[int]], list[dict]]


class LedgerModel(QAbstractTableModel):
    """Entries newest first, read in blocks on demand. `fetched_rows` counts every row read
    from the service since the last reset (tests check that scrolling to the end does not
    read everything)."""

    def __init__(self, parent=None, *, block: int = BLOCK, max_blocks: int = MAX_BLOCKS):
        super().__init__(parent)
        self.block = block
        self.max_blocks = max_blocks
        self._fetch: FetchRows | None = None
        self._ids: Sequence[int] | None = None
        self._fetch_by_ids: FetchByIds | None = None
        self._total = 0
        self._blocks: OrderedDict[int, list[dict]] = OrderedDict()
        self.fetched_rows = 0
        self.fetches = 0

    # ---- what the view asks -------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return translate("LedgerModel", COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                               Qt.ItemDataRole.ForegroundRole, EntryRole):
            return None
        try:
            entry = self.entry(index.row())
        except Exception:  # a failed read must not take the view down: the row stays empty
            log.exception("could not read ledger rows")
            return None
        if entry is None:
            return None
        if role == EntryRole:
            return entry
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(GREY) if status_key(entry) in VOIDED_STATUSES else None
        text = cell_text(entry, COLUMN_KEYS[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole:  # a cell too narrow for its text ends in …: the tooltip has it all
            return plain_tip(text) or None
        return text

    # ---- filling ------------------------------------------------------------------------

    def reset(self, total: int, fetch: FetchRows, first: list[dict] | None = None) -> None:
        """New filters: `total` rows, read through `fetch`; `first` is the first block if the
        caller already has it (the page reads it with the count, in one call)."""
        self.beginResetModel()
        self._total = max(int(total), 0)
        self._fetch = fetch
        self._ids = self._fetch_by_ids = None
        self._blocks.clear()
        self.fetched_rows = 0
        self.fetches = 0
        if first is not None:
            self._store(0, list(first[: self.block]))
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._total = 0
        self._fetch = None
        self._ids = self._fetch_by_ids = None
        self._blocks.clear()
        self.endResetModel()

    def set_ids(self, ids: Sequence[int], fetch_by_ids: FetchByIds) -> bool:
        """The row → entry id map of the current rows; refused (False) if it does not match
        them (the ledger grew in between: the next refresh brings both up to date)."""
        if len(ids) != self._total:
            return False
        first = self._blocks.get(0)
        if first and ids and first[0].get("id") != ids[0]:
            return False
        self._ids, self._fetch_by_ids = ids, fetch_by_ids
        return True

    def has_ids(self) -> bool:
        return self._ids is not None

    def cached_rows(self) -> int:
        return sum(len(b) for b in self._blocks.values())

    def entry(self, row: int) -> dict | None:
        """The entry at `row`, reading its block if it is not cached."""
        if not 0 <= row < self._total:
            return None
        number, at = divmod(row, self.block)
        rows = self._blocks.get(number)
        if rows is None:
            rows = self._load(number)
        else:
            self._blocks.move_to_end(number)
        return rows[at] if at < len(rows) else None

    def cached_entry(self, row: int) -> dict | None:
        """The entry at `row` if it is already read (never touches the service)."""
        number, at = divmod(row, self.block)
        rows = self._blocks.get(number)
        return rows[at] if rows is not None and at < len(rows) else None

    def row_of(self, entry_id: int) -> int:
        """The row of an entry: among the cached blocks, else in the id map; -1 if unknown."""
        for number, rows in self._blocks.items():
            for at, entry in enumerate(rows):
                if entry.get("id") == entry_id:
                    return number * self.block + at
        if self._ids is not None:
            try:
                return self._ids.index(entry_id)
            except ValueError:
                return -1
        return -1

    def _load(self, number: int) -> list[dict]:
        if self._fetch is None:
            return []
        offset = number * self.block
        limit = min(self.block, self._total - offset)
        previous = self._blocks.get(number - 1)
        if self._ids is not None and self._fetch_by_ids is not None:
            rows = self._fetch_by_ids(list(self._ids[offset:offset + limit]))
        elif previous and len(previous) == self.block and previous[-1].get("id") is not None:
            rows = self._fetch(offset, limit, previous[-1]["id"], "desc")
        elif offset > self._total // 2:
            # the second half is nearer the other end: the oldest entries, counted from there
            from_end = self._total - offset - limit
            rows = list(reversed(self._fetch(from_end, limit, None, "asc")))
        else:
            rows = self._fetch(offset, limit, None, "desc")
        self.fetches += 1
        self.fetched_rows += len(rows)
        self._store(number, rows)
        return rows

    def _store(self, number: int, rows: list[dict]) -> None:
        self._blocks[number] = rows
        self._blocks.move_to_end(number)
        while len(self._blocks) > self.max_blocks:
            self._blocks.popitem(last=False)

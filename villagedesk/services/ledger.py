"""The issuance ledger as the clerk uses it: list and search, export to .xlsx, print, verify.

Filters come from a search box or the command line, so they are checked here and refused
in Chinese; the store takes them clean. Export and print use the columns of DOMAIN.md §8
(inferred from the policy texts; no official template exists), in chain order, oldest first,
as a ledger book reads.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from villagedesk.core.errors import UserError
from villagedesk.core.text import control_chars
from villagedesk.services.session import Session
from villagedesk.core.ledger import KIND_NAMES as KIND_LABELS
from villagedesk.core.ledger import OVERDUE, STATUS_LABELS, Status
from villagedesk.store import ledger_store as store

MAX_EXPORT_ROWS = 50_000  # openpyxl keeps every cell in memory; a village's year is far less
MAX_PRINT_ROWS = 5_000  # about 500 pages
MAX_PAGE = 1_000
MAX_QUERY = 100

# what a person may type for a status: the key, its Chinese label, or 重新出具 (statuses are
# keys in the ledger, core/ledger.Status; labels are for the edge)
STATUS_NAMES = {
    **{key: key for key in (*(s.value for s in Status), OVERDUE)},
    **{label: key for key, label in STATUS_LABELS.items()},
    "重新出具": Status.REISSUED.value,
}
KIND_NAMES = {
    "issue": "issue", "证明": "issue", "出具": "issue", "refuse": "refuse", "不予出具": "refuse", "accept": "accept",
    "受理": "accept", "void": "void", "作废": "void", "amend": "amend", "更正": "amend",
}

# (header, width in mm on landscape A4): DOMAIN.md §8, in its order
# widths hold an 18-digit ID number (身份证号码, and 被证明人 under the name) and a date on
# one line at the sheet's 6.5 pt (render/ledger_sheet keeps them whole)
COLUMNS = [
    ("证明编号", 27), ("开具日期", 13), ("证明事项", 20), ("依据", 18), ("申请人", 10), ("身份证号码", 24),
    ("联系电话", 15.5), ("被证明人", 24), ("用途", 12), ("致送单位", 12), ("佐证材料", 15), ("核实方式", 12),
    ("村民（代表）会议/法律顾问", 12), ("经办人", 8.5), ("审核人", 8.5), ("领取人", 8.5), ("状态", 24), ("备注", 13),
]
# 证明编号, 开具日期, 身份证号码, 联系电话: each line printed whole (a smaller font if need be)
NOWRAP_COLUMNS = frozenset({0, 1, 5, 6})
BASIS_PRINT_CHARS = 30  # the printed 依据 is shortened to this many characters + "…"; the .xlsx has it whole
# the spreadsheet splits what the printed sheet puts in one cell
XLSX_COLUMNS = ["证明编号", "类别", "开具日期", "事项编码", "证明事项", "依据", "申请人", "身份证号码", "联系电话", "被证明人",
                "被证明人身份证号码", "用途", "致送单位", "佐证材料", "核实方式", "村民（代表）会议/法律顾问", "经办人", "审核人",
                "领取人", "状态", "办结期限", "备注", "记录序号"]
XLSX_WIDTHS = [24, 12, 12, 12, 24, 24, 10, 22, 15, 10, 22, 16, 16, 20, 16, 20, 8, 8, 8, 28, 12, 20, 8]


# ---------------------------------------------------------------- filters


LEDGER_FILE_STEM = "开具证明台账"  # the printed ledger's file name (data, not interface text)


def _text(value, label: str, *, limit: int = MAX_QUERY) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UserError(f"{label}应是文字", where=label)
    # full-width digits and letters as typed with a Chinese input method → ASCII
    value = "".join(unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" else c for c in value)
    value = unicodedata.normalize("NFC", value).strip()
    if len(value) > limit:
        raise UserError(f"{label}过长（{len(value)} 个字，最多 {limit} 个）", where=label)
    bad = control_chars(value) + [c for c in value if c in "\t\r\n\x00"]
    if bad:
        raise UserError(f"{label}含有不可见的控制字符，请重新输入", where=label)
    return value


def _date(value, label: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    value = _text(value, label).replace("/", "-").replace(".", "-")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value) or re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", value)
    try:
        if not m:
            raise ValueError
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise UserError(f"{label}不是有效日期：{value}（应写成 2026-03-01）", where=label) from None


def normalize_filters(*, text=None, number=None, name=None, id_number=None, item=None, date_from=None, date_to=None,
                      status=None, kind=None) -> dict:
    """User-typed filters → the store's clean form; UserError naming the filter at fault."""
    out: dict[str, Any] = {
        "text": _text(text, "搜索内容"), "number": _text(number, "证明编号") or None, "name": _text(name, "姓名") or None,
        "item": _text(item, "证明事项") or None, "date_from": _date(date_from, "开始日期"), "date_to": _date(date_to, "结束日期"),
    }
    ident = _text(id_number, "身份证号码").upper()
    if ident:
        if not re.fullmatch(r"\d{1,17}[\dX]?", ident):
            raise UserError(f"身份证号码只能是数字，最后一位可以是 X：{ident}", where="身份证号码")
        if len(ident) < 4:
            raise UserError("请至少输入身份证号码的后 4 位", where="身份证号码")
    out["id_number"] = ident or None
    if out["date_from"] and out["date_to"] and out["date_from"] > out["date_to"]:
        raise UserError(f"开始日期 {out['date_from']} 晚于结束日期 {out['date_to']}", where="日期范围")
    statuses = [status] if isinstance(status, str) else list(status or [])
    wanted = []
    for s in statuses:
        key = STATUS_NAMES.get(_text(s, "状态").lower())
        if key is None:
            raise UserError(f"不认识的状态：{s}（可选：{'、'.join(STATUS_LABELS.values())}）", where="状态")
        wanted.append(key)
    out["status"] = wanted or None
    if kind:
        out["kind"] = KIND_NAMES.get(_text(kind, "类别").lower())
        if out["kind"] is None:
            raise UserError(f"不认识的类别：{kind}（可选：证明、不予出具、受理、作废、更正）", where="类别")
    else:
        out["kind"] = None
    return out


def _page(offset, limit, order) -> tuple[int, int, str]:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise UserError(f"起始行应是不小于 0 的整数：{offset!r}", where="offset")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise UserError(f"每页条数应在 1 到 {MAX_PAGE} 之间：{limit!r}", where="limit")
    if order not in ("asc", "desc"):
        raise UserError(f"排序只能是 asc（从旧到新）或 desc（从新到旧）：{order!r}", where="order")
    return offset, limit, order


# ---------------------------------------------------------------- listing


def list_entries(session: Session, *, offset: int = 0, limit: int = 100, order: str = "desc",
                 before_id: int | None = None, today: date | None = None, with_total: bool = True,
                 **filters) -> dict:
    """One page of the ledger: {"total", "offset", "limit", "entries": [entry views]}."""
    offset, limit, order = _page(offset, limit, order)
    clean = normalize_filters(**filters)
    db = session.db
    entries = store.search(db, **clean, offset=offset, limit=limit, order=order, before_id=before_id, today=today)
    total = store.count(db, **clean, today=today) if with_total else None
    return {"total": total, "offset": offset, "limit": limit, "entries": entries}


def count_entries(session: Session, *, today: date | None = None, **filters) -> int:
    """How many entries match: apart from the page, because a wide match counts slower than it pages."""
    return store.count(session.db, **normalize_filters(**filters), today=today)


def entry_ids(session: Session, *, order: str = "desc", today: date | None = None, **filters) -> list[int]:
    """Row → entry id of every match, for a virtual table; fetch rows with `entries_by_id`."""
    _page(0, 1, order)
    return store.ids(session.db, order=order, today=today, **normalize_filters(**filters))


def entries_by_id(session: Session, ids: list[int], *, today: date | None = None) -> list[dict]:
    return store.rows(session.db, list(ids), today=today)


def show(session: Session, number: str) -> dict:
    number = _text(number, "证明编号")
    entry = store.get_by_number(session.db, number)
    if entry is None:
        raise UserError(f"台账中没有编号为 {number} 的记录", where="证明编号")
    return entry


def pending(session: Session, today: date | None = None) -> list[dict]:
    return store.pending(session.db, today)


def verify(session: Session, *, check_signature: Callable[[dict], str | None] | None,
           every_signature: bool = False) -> dict:
    """The store's verdict plus a sentence for the clerk ("message"); signatures at the key runs'
    last entries, or every one (docs/formats/ledger.md "Verifying")."""
    result = store.verify(session.db, check_signature=check_signature, every_signature=every_signature)
    if result["ok"]:
        checked = "哈希链、签名、编号和状态" if check_signature else "哈希链、编号和状态（未核对签名）"
        result["message"] = f"台账完好：共 {result['entries']} 条记录，{checked}均无问题"
    else:
        result["message"] = "台账有问题：" + result["first_bad"]["problem"]
    return result


# ---------------------------------------------------------------- the sheet


def status_text(entry: dict) -> str:
    """The 状态 cell: 有效/作废/重新出具 → the other number (DOMAIN.md §8)."""
    kind, status = entry["kind"], entry["status"]
    if kind == "void":
        return f"作废登记：{entry['refers_to_number'] or ''}（{entry['reason']}）"
    if status == "valid" and entry["replaces_number"]:
        return f"有效（重新出具，原证明 {entry['replaces_number']}）"
    if status == "voided":
        return f"作废（{entry['voided_by']['created_at'][:10]}：{entry['void_reason']}）"
    if status == "reissued":
        return f"已重新出具为 {entry['replaced_by_number']}（作废原因：{entry['void_reason']}）"
    if status == "pending":
        return (f"逾期（应于 {entry['due_on']} 前办结）" if entry["overdue"] else f"待出具（{entry['due_on']} 前办结）")
    if kind == "accept" and entry["closed_by_number"]:
        return f"{entry['status_name']}：{entry['closed_by_number']}"
    if kind == "refuse" and entry["refers_to_number"]:
        return f"不予出具（受理号 {entry['refers_to_number']}）"
    return entry["status_name"] or ""


def _materials(entry: dict) -> str:
    return "、".join(json.loads(entry["materials"] or "[]"))


def _item(entry: dict) -> str:
    return " ".join(x for x in (entry["item_code"], entry["item_title"]) if x)


def _kind_name(entry: dict) -> str:
    return KIND_LABELS[entry["kind"]]


def sheet_row(entry: dict) -> list[str]:
    """The printed row, one string per COLUMNS header."""
    number = entry["number"] or ""
    if entry["kind"] != "issue":
        number += f"\n（{_kind_name(entry)}）"
    subject = entry["subject_name"] + (f"\n{entry['subject_id']}" if entry["subject_id"] else "")
    note = entry["note"] + (f"\n办结期限 {entry['due_on']}" if entry["due_on"] else "")
    return [number, entry["issued_on"], _item(entry), short_basis(entry["basis"]), entry["applicant"], entry["applicant_id"], entry["phone"],
            subject, entry["purpose"], entry["addressee"], _materials(entry), entry["verification"],
            entry["decision_record"], entry["handler"], entry["reviewer"], entry["recipient"], status_text(entry), note.strip()]


def short_basis(basis: str) -> str:
    """The 依据 as printed: its first BASIS_PRINT_CHARS characters and "…" when longer (a
    legal basis can run to a paragraph and would stretch every row of the sheet)."""
    basis = basis or ""
    return basis if len(basis) <= BASIS_PRINT_CHARS else basis[:BASIS_PRINT_CHARS].rstrip() + "…"


def xlsx_row(entry: dict) -> list:
    return [entry["number"] or "", _kind_name(entry), entry["issued_on"], entry["item_code"], entry["item_title"], entry["basis"],
            entry["applicant"], entry["applicant_id"], entry["phone"], entry["subject_name"], entry["subject_id"], entry["purpose"],
            entry["addressee"], _materials(entry), entry["verification"], entry["decision_record"], entry["handler"],
            entry["reviewer"], entry["recipient"], status_text(entry), entry["due_on"] or "", entry["note"], entry["id"]]


def _selected(session: Session, filters: dict, cap: int, what: str) -> list[dict]:
    clean = normalize_filters(**filters)
    db = session.db
    found = store.ids(db, order="asc", **clean)
    if not found:
        raise UserError(f"没有符合条件的台账记录可{what}")
    if len(found) > cap:
        raise UserError(f"一次最多{what} {cap} 条，这次筛出 {len(found)} 条：请按日期范围分批{what}", where="筛选条件")
    out = []
    for start in range(0, len(found), 1000):
        out += store.rows(db, found[start:start + 1000])
    return out


def _check_out(session: Session, out: Path, suffix: str, overwrite: bool) -> Path:
    from villagedesk.files import check_output  # suffix, folder, the data folder's own files, overwrite

    return check_output(out, suffix=suffix, data_dir=session.data_dir, overwrite=overwrite)


def export_xlsx(session: Session, out: Path, *, overwrite: bool = False, **filters) -> dict:
    """The selected entries as a workbook, every cell text (Excel keeps ID numbers whole)."""
    out = _check_out(session, out, ".xlsx", overwrite)
    desk = session.require_desk()
    entries = _selected(session, filters, MAX_EXPORT_ROWS, "导出")
    from villagedesk.spreadsheet.writer import write_xlsx

    rows = [XLSX_COLUMNS] + [[str(v) for v in xlsx_row(e)] for e in entries]
    write_xlsx(out, [(f"{desk.short_name}证明台账"[:31], rows, {"header": True, "text": True, "widths": XLSX_WIDTHS})])
    return {"file": str(out), "rows": len(entries)}


def _date_cn(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def print_pdf(session: Session, out: Path, *, overwrite: bool = False, **filters) -> dict:
    """The selected entries as a landscape A4 ledger with the §8 columns."""
    out = _check_out(session, out, ".pdf", overwrite)
    desk = session.require_desk()
    entries = _selected(session, filters, MAX_PRINT_ROWS, "打印")
    rows = [sheet_row(e) for e in entries]
    from villagedesk.render import fonts
    from villagedesk.render.ledger_sheet import render_ledger_sheet

    clean = normalize_filters(**filters)
    first, last = clean["date_from"] or min(e["issued_on"] for e in entries), clean["date_to"] or max(e["issued_on"] for e in entries)
    title = f"{desk.name}证明出具台账"
    subtitle = f"开具日期 {_date_cn(first)} 至 {_date_cn(last)} · 共 {len(rows)} 条 · 打印于 {_date_cn(date.today().isoformat())}"
    if any(len(e["basis"] or "") > BASIS_PRINT_CHARS for e in entries):
        subtitle += f" · 依据超过 {BASIS_PRINT_CHARS} 字的只印前 {BASIS_PRINT_CHARS} 字（…），全文见导出的表格（ledger export）"
    problems = []
    for text, where in [(title, "办公室名称")] + [(cell, f"{row[0].splitlines()[0] or '作废登记'} 的“{COLUMNS[i][0]}”")
                                                  for row in rows for i, cell in enumerate(row)]:
        missing = fonts.missing_chars(text)
        if missing:
            problems.append(f"{where}：{'、'.join(missing)}")
    if problems:
        more = f"（另有 {len(problems) - 10} 处）" if len(problems) > 10 else ""
        raise UserError("内置字体缺少这些字，打印会留空，已停止：" + "；".join(problems[:10]) + more)
    numbers = {e.get(k) for e in entries for k in ("number", "replaces_number", "replaced_by_number", "refers_to_number",
                                                    "closed_by_number")}
    pages = render_ledger_sheet(out, title=title, subtitle=subtitle, columns=COLUMNS, rows=rows, nowrap=NOWRAP_COLUMNS,
                                keep_whole={n for n in numbers if isinstance(n, str) and n})
    return {"file": str(out), "pages": pages, "rows": len(rows)}

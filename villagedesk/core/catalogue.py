"""The catalogue template (docs/formats/catalogue-template.md): columns, checks, items.

Everything a county officer can get wrong in a spreadsheet is found here, all at once,
before the store is touched; each finding names sheet, row and column.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

from villagedesk.core.chars import CharTables
from villagedesk.core.errors import Findings
from villagedesk.core.lists import LIST_BY_KEY, LISTS, ORIGINS, list_by_name, origin_by_name
from villagedesk.core.region import is_jurisdiction_code
from villagedesk.core.text import clean_cell, column_letter, control_chars, split_terms
from villagedesk.core.version import parse_version

TEMPLATE_VERSION = 1
META_SHEET = "目录信息"
ITEM_SHEET = "事项"
GUIDE_SHEET = "填写说明"
MAX_ITEMS = 50_000
MAX_TITLE = 100
MAX_CELL = 2_000


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell that holds a formula instead of a value."""

    text: str
    value: object = None  # the result the spreadsheet program cached, None when it saved none


@dataclass(frozen=True)
class CellError:
    """A cell that holds an error value (#N/A, #REF!…), e.g. a formula result pasted as values."""

    text: str


def _blank_cell(value) -> bool:
    if isinstance(value, Formula):
        # a formula that shows nothing (=IF(A2="","",…) filled down) is blank; one that shows
        # something, or whose result was not saved, is content the checker must refuse by place
        return value.value is not None and clean_cell(value.value) == ""
    if isinstance(value, CellError):
        return False
    return clean_cell(value) == ""


@dataclass
class RawRow:
    number: int  # 1-based, as the spreadsheet program shows it
    cells: list

    def is_blank(self) -> bool:
        return all(_blank_cell(c) for c in self.cells)


@dataclass
class Sheet:
    name: str
    rows: list[RawRow]


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    lists: tuple[str, ...]  # the lists that use it; () = all
    required: tuple[str, ...] = ()  # the lists for which it must be filled
    hint: str = ""


ALL = tuple(k.key for k in LISTS)
COLUMNS: tuple[Column, ...] = (
    Column("清单", "list", (), ALL, "六个清单之一"),
    Column("编码", "code", (), ALL, "字母、数字、点、连字符"),
    Column("标题", "title", (), ALL, "事项名称"),
    Column("设定依据", "basis", (), ALL, "文件名称和文号"),
    Column("依据条款", "clause", ()),
    Column("来源", "origin", (), ALL, "国家/省级/州市级/县级/示范"),
    Column("责任部门", "department", ("assist", "cert_retained", "cert_forbidden"), ("assist",)),
    Column("经费保障", "funding", ("assist",)),
    Column("所需材料", "materials", ("cert_retained", "cert_forbidden"), (), "保留证明：须查验的材料；不应出具：改办时须携带的材料"),
    Column("办理程序", "procedure", ("cert_retained",)),
    Column("办理时限", "time_limit", ("cert_retained",), ("cert_retained",), "当场 或 N个工作日"),
    Column("表单编号", "form_id", ("cert_retained",)),
    Column("替代方式", "alternatives", ("cert_forbidden",)),
    Column("改由何处办理", "channel", ("cert_forbidden",), (), "改由哪个部门、凭什么证照或文书办理"),
    Column("办理途径依据", "channel_source", ("cert_forbidden",), (), "法律法规及条款；推定的写“示范，县级核定”"),
    Column("可告知承诺", "commitment", ("cert_retained", "cert_forbidden"), (), "是/否：县里允许以告知承诺代替证明（28号 二(三)7）"),
    Column("牌子类型", "sign_kind", ("signboard",), ("signboard",), "条牌/方牌/门牌/标识/指引牌"),
    Column("悬挂位置", "placement", ("signboard",), ("signboard",), "外部/内部/功能室门头"),
    Column("名称样式", "name_pattern", ("signboard",)),
    Column("关键词", "keywords", ()),
    Column("备注", "notes", ()),
)
COLUMN_BY_HEADER = {c.header: c for c in COLUMNS}

META_KEYS = {
    "模板版本": "template_version",
    "辖区代码": "jurisdiction_code",
    "辖区名称": "jurisdiction_name",
    "目录名称": "title",
    "目录版本": "version",
    "发布日期": "published",
    "发布单位": "publisher",
    "说明": "description",
}
META_REQUIRED = ("模板版本", "辖区代码", "辖区名称", "目录名称", "目录版本")

SIGN_KINDS = {"条牌": "strip", "方牌": "square", "门牌": "door", "标识": "identifier", "指引牌": "guide"}
PLACEMENTS = {"外部": "exterior", "内部": "interior", "功能室门头": "room_door"}
CHANNELS = ("法定证照", "法定文书", "合同凭证", "部门核查", "网络核验", "书面告知", "告知承诺")
# prose about where to go instead: shown and printed, but not searched (its words — 户籍地、
# 居住地、身份证 — would bring every must-not item up for a clerk looking for 居住证明)
UNSEARCHED_FIELDS = frozenset({"channel", "channel_source", "bring"})
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_TIME_LIMIT = re.compile(r"^(\d{1,2})个工作日$")
# 2024-01-15, and what Excel writes back into a CSV or a person types: 2024/1/15, 2024.1.15, 2024年1月15日
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{1,2})-|/([0-9]{1,2})/|\.([0-9]{1,2})\.|年([0-9]{1,2})月)([0-9]{1,2})日?$")
# codes and numbers typed with a Chinese input method in full-width mode (５３３１０３, ２０２５．１)
_NFKC_META = ("模板版本", "辖区代码", "目录版本", "发布日期")


def _iso_date(text: str) -> str | None:
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "", text)  # a date cell that carries a time
    m = _DATE.match(text)
    if not m or (text[4] == "年") != text.endswith("日"):
        return None
    month = next(g for g in m.groups()[1:5] if g is not None)
    try:
        return date(int(m.group(1)), int(month), int(m.group(6))).isoformat()
    except ValueError:
        return None


@dataclass
class CatalogueMeta:
    jurisdiction_code: str
    jurisdiction_name: str
    title: str
    version: str
    published: str = ""
    publisher: str = ""
    description: str = ""
    template_version: int = TEMPLATE_VERSION


@dataclass
class CatalogueItem:
    code: str
    list_key: str
    title: str
    basis: str
    clause: str
    origin: str
    fields: dict = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    notes: str = ""

    @property
    def list_name(self) -> str:
        return LIST_BY_KEY[self.list_key].name

    @property
    def origin_name(self) -> str:
        return ORIGINS[self.origin]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["list_name"] = self.list_name
        d["origin_name"] = self.origin_name
        return d


@dataclass
class Catalogue:
    meta: CatalogueMeta
    items: list[CatalogueItem]

    def digest(self) -> str:
        """Content hash: same version and same digest is a harmless re-import."""
        doc = {"meta": asdict(self.meta), "items": [asdict(i) for i in self.items]}
        raw = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass
class CheckedCatalogue:
    catalogue: Catalogue | None
    findings: Findings


def _where(sheet: str, row: int, col: int | None = None, header: str = "") -> str:
    # a CSV file is named by its file name, a workbook sheet by the sheet's name
    place = f"「{sheet}」{'' if '.' in sheet else '表'}第{row}行"
    if col is not None:
        place += f" {column_letter(col)}列"
        if header:
            place += f"（{header}）"
    return place


def split_sheets(sheets: list[Sheet], source_name: str) -> tuple[Sheet, Sheet, RawRow | None, list[RawRow], Findings]:
    """Find the metadata rows, the header row and the item rows, in xlsx or csv shape."""
    findings = Findings()
    by_name = {s.name.strip(): s for s in sheets}
    if ITEM_SHEET in by_name or META_SHEET in by_name:
        meta = by_name.get(META_SHEET)
        items = by_name.get(ITEM_SHEET)
        if meta is None:
            findings.error(f"缺少「{META_SHEET}」工作表", source_name)
            meta = Sheet(META_SHEET, [])
        if items is None:
            findings.error(f"缺少「{ITEM_SHEET}」工作表", source_name)
            items = Sheet(ITEM_SHEET, [])
        rows = [r for r in items.rows if not r.is_blank()]
        # a title row above the header (「芒市目录事项表」) is skipped: the header is the
        # first row that names both 清单 and 编码
        start = next((n for n, r in enumerate(rows)
                      if {"清单", "编码"} <= {clean_cell(c) for c in r.cells if not isinstance(c, Formula)}), 0)
        header = rows[start] if rows else None
        return meta, items, header, rows[start + 1:], findings
    # a workbook saved from the CSV shape may carry the program's empty Sheet2, Sheet3
    filled = [s for s in sheets if any(not r.is_blank() for r in s.rows)]
    if len(filled) != 1:
        findings.error(f"找不到「{META_SHEET}」和「{ITEM_SHEET}」工作表", source_name)
        empty = Sheet(ITEM_SHEET, [])
        return empty, empty, None, [], findings
    sheet = filled[0]
    meta_rows: list[RawRow] = []
    rest: list[RawRow] = []
    target = meta_rows
    previous = None
    for row in sheet.rows:
        # a workbook stores no element for an empty row: a gap in the numbers is a blank row
        gap = previous is not None and row.number > previous + 1
        previous = row.number
        if (row.is_blank() or gap) and meta_rows:
            target = rest
        if row.is_blank():
            continue
        target.append(row)
    if not rest:
        findings.error("找不到事项表头：目录信息之后应空一行，再写表头和事项", source_name)
        return sheet, sheet, None, [], findings
    return Sheet(sheet.name, meta_rows), sheet, rest[0], rest[1:], findings


def check_catalogue(sheets: list[Sheet], tables: CharTables, source_name: str = "") -> CheckedCatalogue:
    """Validate every row; return the catalogue only if there is no error."""
    meta_sheet, item_sheet, header, rows, findings = split_sheets(sheets, source_name)
    meta = _check_meta(meta_sheet, findings)
    items: list[CatalogueItem] = []
    if header is not None:
        columns = _check_header(item_sheet.name, header, findings)
        if columns is not None:
            if len(rows) > MAX_ITEMS:
                findings.error(f"事项过多（{len(rows)} 行），一个目录最多 {MAX_ITEMS} 项", item_sheet.name)
            else:
                items = _check_items(item_sheet.name, columns, rows, tables, findings)
            if not rows:
                findings.error("没有任何事项", f"「{item_sheet.name}」表")
    elif not findings.errors:
        findings.error("事项表是空的", f"「{item_sheet.name}」表")
    if meta is None or findings.errors:
        return CheckedCatalogue(None, findings)
    return CheckedCatalogue(Catalogue(meta, items), findings)


def _cell_text(sheet: str, row: RawRow, col: int, header: str, findings: Findings, keep_lines: bool = False) -> str:
    value = row.cells[col] if col < len(row.cells) else None
    where = _where(sheet, row.number, col, header)
    if isinstance(value, Formula):
        findings.error(f"单元格是公式（{value.text[:40]}），请先“选择性粘贴为数值”", where)
        return ""
    if isinstance(value, CellError):
        findings.error(f"单元格是错误值（{value.text[:20]}），请改为正确的文字", where)
        return ""
    if keep_lines and isinstance(value, str):
        # a list typed one entry per line (Alt+Enter in Excel) keeps its line breaks
        text = "\n".join(line for line in (clean_cell(part) for part in value.splitlines()) if line)
    else:
        text = clean_cell(value)
    bad = control_chars(text)
    if bad:
        findings.error(f"含有不可见的控制字符（U+{ord(bad[0]):04X}）", where)
        return ""
    if len(text) > MAX_CELL:
        findings.error(f"内容过长（{len(text)} 字），最多 {MAX_CELL} 字", where)
        return ""
    return text


def _check_meta(sheet: Sheet, findings: Findings) -> CatalogueMeta | None:
    values: dict[str, str] = {}
    rows_of: dict[str, int] = {}
    for row in sheet.rows:
        key = _cell_text(sheet.name, row, 0, "项目", findings)
        if key in ("", "项目"):
            continue
        if key not in META_KEYS:
            findings.error(f"未知的目录信息项「{key[:20]}」", _where(sheet.name, row.number, 0),
                           "可用：" + "、".join(META_KEYS))
            continue
        if key in values:
            findings.error(f"目录信息项「{key}」重复", _where(sheet.name, row.number, 0))
        value = _cell_text(sheet.name, row, 1, key, findings)
        values[key] = unicodedata.normalize("NFKC", value).strip() if key in _NFKC_META else value
        rows_of[key] = row.number
    for key in META_REQUIRED:
        if not values.get(key):
            place = _where(sheet.name, rows_of[key], 1, key) if key in rows_of else f"「{sheet.name}」表"
            findings.error(f"缺少「{key}」", place)
    if findings.errors:
        return None

    def where(key: str) -> str:
        return _where(sheet.name, rows_of[key], 1, key)

    ok = True
    if values["模板版本"] != str(TEMPLATE_VERSION):
        findings.error(f"模板版本「{values['模板版本']}」不受支持，本程序读取第 {TEMPLATE_VERSION} 版模板", where("模板版本"))
        ok = False
    if not is_jurisdiction_code(values["辖区代码"]):
        findings.error("辖区代码应为 6 位数字（全国为 000000）", where("辖区代码"))
        ok = False
    if parse_version(values["目录版本"]) is None:
        findings.error("目录版本应为用点分隔的数字，如 2024.1", where("目录版本"))
        ok = False
    published = _iso_date(values["发布日期"]) if values.get("发布日期") else ""
    if published is None:
        findings.error(f"发布日期「{values['发布日期'][:20]}」不是有效日期，应写作 YYYY-MM-DD", where("发布日期"))
        ok = False
    if not ok or published is None:
        return None
    return CatalogueMeta(
        jurisdiction_code=values["辖区代码"],
        jurisdiction_name=values["辖区名称"],
        title=values["目录名称"],
        version=values["目录版本"],
        published=published,
        publisher=values.get("发布单位", ""),
        description=values.get("说明", ""),
    )


def _check_header(sheet: str, header: RawRow, findings: Findings) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for col, value in enumerate(header.cells):
        name = clean_cell(value) if not isinstance(value, (Formula, CellError)) else ""
        if not name:
            continue
        if name not in COLUMN_BY_HEADER:
            findings.error(f"未知的列「{name[:20]}」", _where(sheet, header.number, col),
                           "列名应为：" + "、".join(c.header for c in COLUMNS))
        elif name in columns:
            findings.error(f"列「{name}」重复", _where(sheet, header.number, col))
        else:
            columns[name] = col
    for c in COLUMNS:
        if c.required == ALL and c.header not in columns:
            findings.error(f"缺少必填列「{c.header}」", _where(sheet, header.number))
    return None if findings.errors else columns


def _check_items(sheet: str, columns: dict[str, int], rows: list[RawRow], tables: CharTables,
                 findings: Findings) -> list[CatalogueItem]:
    items = []
    seen_codes: dict[str, int] = {}
    named = set(columns.values())
    for row in rows:
        # content typed beside the table, in a column with no header, would vanish unseen
        stray = next((col for col, value in enumerate(row.cells) if col not in named and not _blank_cell(value)), None)
        if stray is not None:
            findings.warning("这一列没有列名，其中的内容导入时将忽略", _where(sheet, row.number, stray),
                             "如需保留，请写入“备注”列")
        values = {c.key: _cell_text(sheet, row, columns[c.header], c.header, findings, keep_lines=c.key == "materials")
                  for c in COLUMNS if c.header in columns}

        def where(key: str, row: RawRow = row) -> str:  # this row, bound now (B023)
            col = next(c for c in COLUMNS if c.key == key)
            return _where(sheet, row.number, columns.get(col.header), col.header)

        kind = list_by_name(values["list"])
        if kind is None:
            if values["list"]:
                findings.error(f"未知的清单「{values['list'][:20]}」", where("list"),
                               "应为：" + "、".join(k.name for k in LISTS))
            else:
                findings.error("清单不能为空", where("list"))
            continue
        for c in COLUMNS:
            if c.header not in columns:
                if kind.key in c.required:
                    findings.error(f"{kind.name}必须填写「{c.header}」，但表中没有这一列", _where(sheet, row.number))
                continue
            if kind.key in c.required and not values.get(c.key):
                lead = "" if c.required == ALL else kind.name + "的"
                findings.error(f"{lead}「{c.header}」不能为空" + (f"（{c.hint}）" if c.hint else ""), where(c.key))
            elif c.lists and kind.key not in c.lists and values.get(c.key):
                findings.warning(f"「{c.header}」不适用于{kind.name}，导入时将忽略", where(c.key))
        code = values["code"]
        if code and not _CODE.match(code):
            findings.error(f"编码「{code[:40]}」不合规：只能用字母、数字、点、连字符、下划线，最多 40 个", where("code"))
        elif code in seen_codes:
            findings.error(f"编码「{code}」与第{seen_codes[code]}行重复", where("code"))
        elif code:
            seen_codes[code] = row.number
        title = values["title"]
        if len(title) > MAX_TITLE:
            findings.error(f"标题过长（{len(title)} 字），最多 {MAX_TITLE} 字", where("title"))
        for issue in tables.issues(title):
            findings.warning(issue.message(), where("title"), suggestion=tables.simplify(title))
            break
        origin = origin_by_name(values["origin"])
        if values["origin"] and origin is None:
            findings.error(f"未知的来源「{values['origin'][:20]}」", where("origin"), "应为：" + "、".join(ORIGINS.values()))
        extra = _check_list_fields(kind.key, values, where, findings)
        if extra is None or origin is None or not code or not title:
            continue
        items.append(CatalogueItem(
            code=code, list_key=kind.key, title=title, basis=values["basis"],
            clause=values.get("clause", ""), origin=origin, fields=extra,
            keywords=split_terms(values.get("keywords", "")), notes=values.get("notes", ""),
        ))
    return items


def _check_list_fields(list_key: str, values: dict, where, findings: Findings) -> dict | None:
    """The list's own fields, typed; None when one of them is wrong."""
    fields: dict = {}
    ok = True
    if list_key in ("assist", "cert_retained", "cert_forbidden") and values.get("department"):
        fields["department"] = values["department"]
    if list_key == "assist" and values.get("funding"):
        fields["funding"] = values["funding"]
    if list_key in ("cert_retained", "cert_forbidden") and values.get("materials"):
        # 保留证明: what the village checks (materials); 不应出具: what the villager brings to
        # the office that serves instead (bring)
        key = "materials" if list_key == "cert_retained" else "bring"
        fields[key] = [m for m in re.split(r"[；;\n]+", values["materials"]) if m.strip()]
    if list_key == "cert_retained":
        if values.get("procedure"):
            fields["procedure"] = values["procedure"]
        if values.get("form_id"):
            fields["form_id"] = values["form_id"]
        limit = values.get("time_limit", "")
        if limit == "当场":
            fields["time_limit_days"] = 0
        elif limit:
            m = _TIME_LIMIT.match(limit)
            if not m or not 1 <= int(m.group(1)) <= 60:
                findings.error(f"办理时限「{limit[:20]}」应为「当场」或「N个工作日」（N 为 1–60）", where("time_limit"))
                ok = False
            else:
                fields["time_limit_days"] = int(m.group(1))
    if list_key == "cert_forbidden" and values.get("alternatives"):
        channels = split_terms(values["alternatives"])
        unknown = [c for c in channels if c not in CHANNELS]
        if unknown:
            findings.warning(f"替代方式「{unknown[0][:20]}」不在政策列举的方式中", where("alternatives"),
                             "、".join(CHANNELS))
        fields["alternatives"] = channels
    if list_key == "cert_forbidden":
        # where the villager goes instead, and what says so (a law, or 示范 when it is our inference)
        for key in ("channel", "channel_source"):
            if values.get(key):
                fields[key] = values[key]
    if list_key in ("cert_retained", "cert_forbidden") and values.get("commitment"):
        # 厅字〔2022〕28号 二(三)7: where the county accepts 告知承诺 the villager signs a commitment
        # for the department instead (render/commitment_letter.py); only 是 turns it on
        answer = values["commitment"].strip()
        if answer in ("是", "允许", "可以", "Y", "y", "yes", "1"):
            fields["commitment"] = True
        elif answer not in ("否", "不允许", "N", "n", "no", "0"):
            findings.warning(f"可告知承诺「{answer[:20]}」应为「是」或「否」，按「否」处理", where("commitment"))
    if list_key == "signboard":
        for key, label, choices in (("sign_kind", "牌子类型", SIGN_KINDS), ("placement", "悬挂位置", PLACEMENTS)):
            value = values.get(key, "")
            if value and value not in choices:
                findings.error(f"{label}「{value[:20]}」应为：" + "/".join(choices), where(key))
                ok = False
            elif value:
                fields[key] = choices[value]
        if values.get("name_pattern"):
            fields["name_pattern"] = values["name_pattern"]
    return fields if ok else None


def describe_fields(item: CatalogueItem) -> list[tuple[str, str]]:
    """The list's own fields as (Chinese label, text) pairs for display and print."""
    f = item.fields
    out = []
    if "department" in f:
        label = {"assist": "责任部门", "cert_retained": "要求出具的部门", "cert_forbidden": "责任部门"}[item.list_key]
        out.append((label, f["department"]))
    if "channel" in f:
        out.append(("改由何处办理", f["channel"]))
    if "funding" in f:
        out.append(("经费保障", f["funding"]))
    for key in ("materials", "bring"):
        if key in f:
            out.append(("所需材料", "；".join(f[key])))
    if "procedure" in f:
        out.append(("办理程序", f["procedure"]))
    if "time_limit_days" in f:
        out.append(("办理时限", "当场办结" if f["time_limit_days"] == 0 else f"{f['time_limit_days']}个工作日"))
    if "form_id" in f:
        out.append(("表单", f["form_id"]))
    if "alternatives" in f:
        out.append(("替代方式", "、".join(f["alternatives"])))
    if "channel_source" in f:
        out.append(("办理途径依据", f["channel_source"]))
    if f.get("commitment"):
        out.append(("告知承诺", "可以：申请人签署告知承诺书，交受理部门，不再由村级组织出具证明"))
    if "sign_kind" in f:
        out.append(("牌子类型", {v: k for k, v in SIGN_KINDS.items()}[f["sign_kind"]]))
    if "placement" in f:
        out.append(("悬挂位置", {v: k for k, v in PLACEMENTS.items()}[f["placement"]]))
    if "name_pattern" in f:
        out.append(("名称样式", f["name_pattern"]))
    return out


def template_rows() -> tuple[list[list[str]], list[str], list[list[str]]]:
    """Metadata rows, header and one example row per list, for export-template."""
    meta = [
        ["模板版本", str(TEMPLATE_VERSION)],
        ["辖区代码", "533103"],
        ["辖区名称", "云南省德宏傣族景颇族自治州芒市"],
        ["目录名称", "芒市村级组织工作事务、机制牌子和证明事项目录"],
        ["目录版本", "2025.1"],
        ["发布日期", "2025-01-15"],
        ["发布单位", "芒市民政局"],
        ["说明", "示例行仅供参考，请替换为本县实际事项"],
    ]
    header = [c.header for c in COLUMNS]
    examples = [
        {"清单": "依法自治事项", "编码": "533103-ZZ-01", "标题": "调解民间纠纷", "设定依据": "《中华人民共和国村民委员会组织法》",
         "依据条款": "第二条", "来源": "县级", "关键词": "矛盾纠纷、邻里纠纷、调解"},
        {"清单": "协助政府工作事项", "编码": "533103-XZ-01", "标题": "协助开展最低生活保障申请受理和入户调查",
         "设定依据": "《社会救助暂行办法》", "依据条款": "第十一条", "来源": "县级", "责任部门": "芒市民政局",
         "经费保障": "费随事转：由市民政局按年度拨付", "关键词": "低保、最低生活保障、入户调查"},
        {"清单": "负面清单", "编码": "533103-FM-01", "标题": "环境整治", "设定依据": "厅字〔2022〕28号",
         "依据条款": "二(一)1", "来源": "县级", "关键词": "环境整治责任、垃圾治理执法"},
        {"清单": "机制牌子保留目录", "编码": "533103-PZ-01", "标题": "村民委员会标牌", "设定依据": "德宏州规范村级组织工作事务、机制牌子和证明事项工作方案",
         "依据条款": "二(二)7", "来源": "州市级", "牌子类型": "条牌", "悬挂位置": "外部", "名称样式": "{村名}村民委员会"},
        {"清单": "保留出具证明事项", "编码": "533103-BL-01", "标题": "居（租）住证明", "设定依据": "（填写设定依据）",
         "来源": "县级", "责任部门": "芒市公安局", "所需材料": "申请人居民身份证；租赁合同或房屋权属材料",
         "办理程序": "申请→核实→出具→登记台账", "办理时限": "当场", "表单编号": "residence", "关键词": "居住证明、租住证明"},
        {"清单": "不应出具证明事项", "编码": "533103-BY-01", "标题": "收入证明", "设定依据": "（填写取消依据）",
         "来源": "县级", "替代方式": "告知承诺、部门核查", "责任部门": "用人单位或税务部门",
         "改由何处办理": "在职的由用人单位出具收入证明；纳税收入可向税务部门查询个人所得税纳税记录",
         "办理途径依据": "（填写依据的法律法规或文件条款）", "所需材料": "本人居民身份证", "关键词": "收入、工资证明"},
    ]
    return meta, header, [[e.get(h, "") for h in header] for e in examples]


# ---- the catalogue as one JSON document (sync bundles, `catalogue import FILE.json`, history) ----

DOCUMENT_FORMAT = "villagedesk-catalogue"
DOCUMENT_VERSION = 1
DOCUMENT_SHEET = "目录文档"
META_FIELDS = ("template_version", "jurisdiction_code", "jurisdiction_name", "title", "version", "published",
               "publisher", "description")
ITEM_KEYS = ("code", "list_key", "title", "basis", "clause", "origin", "fields", "keywords", "notes")
# the typed fields each list keeps (what _check_list_fields makes of its columns)
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "autonomy": (),
    "negative": (),
    "assist": ("department", "funding"),
    "cert_retained": ("department", "materials", "procedure", "time_limit_days", "form_id", "commitment"),
    "cert_forbidden": ("department", "bring", "alternatives", "channel", "channel_source", "commitment"),
    "signboard": ("sign_kind", "placement", "name_pattern"),
}
_META_HEADERS = {v: k for k, v in META_KEYS.items()}
_FIELD_HEADERS = {"department": "责任部门", "funding": "经费保障", "materials": "所需材料", "bring": "所需材料",
                  "procedure": "办理程序", "time_limit_days": "办理时限", "form_id": "表单编号", "alternatives": "替代方式",
                  "channel": "改由何处办理", "channel_source": "办理途径依据", "commitment": "可告知承诺",
                  "sign_kind": "牌子类型", "placement": "悬挂位置", "name_pattern": "名称样式"}


def catalogue_document(catalogue: Catalogue) -> dict:
    """The catalogue as the JSON document a bundle carries and the history keeps: the same
    fields the digest hashes, so the document of an installed catalogue has its digest."""
    return {"format": DOCUMENT_FORMAT, "format_version": DOCUMENT_VERSION,
            "meta": asdict(catalogue.meta), "items": [asdict(i) for i in catalogue.items]}


def canonical_json(document: dict) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same document is always the same bytes."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def catalogue_from_document(document: dict) -> Catalogue:
    """A document this program wrote itself (a stored history version), read without checks."""
    meta = document["meta"]
    return Catalogue(CatalogueMeta(**{k: meta[k] for k in META_FIELDS if k in meta}),
                     [CatalogueItem(**{k: it[k] for k in ITEM_KEYS if k in it}) for it in document["items"]])


def check_document(document: object, tables: CharTables, source_name: str = "") -> CheckedCatalogue:
    """A catalogue JSON document from outside (a bundle, a file), checked exactly as an import
    checks a spreadsheet: its shape here, then its content by the very same rows and columns."""
    findings = Findings()
    where = source_name or DOCUMENT_SHEET
    if not isinstance(document, dict):
        findings.error("目录文档应为一个 JSON 对象", where)
        return CheckedCatalogue(None, findings)
    if document.get("format") != DOCUMENT_FORMAT:
        findings.error(f"不是村务桌面的目录文档（format 应为 {DOCUMENT_FORMAT}）", where)
        return CheckedCatalogue(None, findings)
    if document.get("format_version") != DOCUMENT_VERSION:
        findings.error(f"目录文档版本「{str(document.get('format_version'))[:10]}」不受支持，"
                       f"本程序读取第 {DOCUMENT_VERSION} 版", where)
        return CheckedCatalogue(None, findings)
    meta, items = document.get("meta"), document.get("items")
    if not isinstance(meta, dict) or not isinstance(items, list):
        findings.error("目录文档缺少 meta（目录信息）或 items（事项）", where)
        return CheckedCatalogue(None, findings)
    if len(items) > MAX_ITEMS:
        findings.error(f"事项过多（{len(items)} 项），一个目录最多 {MAX_ITEMS} 项", where)
        return CheckedCatalogue(None, findings)
    meta_rows = _meta_rows(meta, where, findings)
    header = [c.header for c in COLUMNS]
    rows = [RawRow(0, list(header))]
    for n, item in enumerate(items, start=1):
        cells = _item_cells(item, n, where, findings)
        if cells is not None:
            rows.append(RawRow(n, [cells.get(h, "") for h in header]))
    if findings.errors:
        return CheckedCatalogue(None, findings)
    return check_catalogue([Sheet(META_SHEET, meta_rows), Sheet(ITEM_SHEET, rows)], tables, where)


def _text_value(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (str, int)):
        return str(value)
    return None


def _meta_rows(meta: dict, where: str, findings: Findings) -> list[RawRow]:
    rows = []
    for n, (key, value) in enumerate(meta.items(), start=1):
        header = _META_HEADERS.get(key)
        text = _text_value(value) if value is not None else ""
        if header is None:
            findings.error(f"未知的目录信息项「{str(key)[:20]}」", where, "可用：" + "、".join(META_FIELDS))
        elif text is None:
            findings.error(f"目录信息项「{header}」应为文字", where)
        else:
            rows.append(RawRow(n, [header, text]))
    return rows


def _item_cells(item: object, n: int, where: str, findings: Findings) -> dict[str, str] | None:
    """One item as the cells of a spreadsheet row (typed fields written as a clerk would type them)."""
    place = f"{where} 第{n}项"
    if not isinstance(item, dict):
        findings.error("事项应为 JSON 对象", place)
        return None
    unknown = [k for k in item if k not in ITEM_KEYS]
    if unknown:
        findings.error(f"未知的事项字段「{str(unknown[0])[:20]}」", place, "可用：" + "、".join(ITEM_KEYS))
        return None
    cells: dict[str, str] = {}
    for key, header in (("list_key", "清单"), ("code", "编码"), ("title", "标题"), ("basis", "设定依据"),
                        ("clause", "依据条款"), ("origin", "来源"), ("notes", "备注")):
        value = item.get(key, "")
        text = _text_value(value) if value is not None else ""
        if text is None:
            findings.error(f"「{header}」应为文字", place)
            return None
        cells[header] = text
    keywords = item.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        findings.error("「关键词」应为文字的列表", place)
        return None
    cells["关键词"] = "、".join(keywords)
    fields = item.get("fields", {})
    if not isinstance(fields, dict):
        findings.error("fields 应为 JSON 对象", place)
        return None
    allowed = LIST_FIELDS.get(str(item.get("list_key", "")), ())
    for key, value in fields.items():
        if key not in _FIELD_HEADERS:
            findings.error(f"未知的字段「{str(key)[:20]}」", place)
            return None
        if key not in allowed:
            findings.error(f"字段「{_FIELD_HEADERS[key]}」（{key}）不适用于这一清单", place)
            return None
        text = _field_cell(key, value)
        if text is None:
            findings.error(f"「{_FIELD_HEADERS[key]}」（{key}）的值不合规", place)
            return None
        cells[_FIELD_HEADERS[key]] = text
    return cells


def _field_cell(key: str, value: object) -> str | None:
    if key in ("materials", "bring", "alternatives"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        return ("、" if key == "alternatives" else "；").join(value)
    if key == "time_limit_days":
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return "当场" if value == 0 else f"{value}个工作日"
    if key == "commitment":
        return ("是" if value else "否") if isinstance(value, bool) else None
    if key in ("sign_kind", "placement"):
        names = {v: k for k, v in (SIGN_KINDS if key == "sign_kind" else PLACEMENTS).items()}
        return names.get(value, str(value)) if isinstance(value, str) else None
    return value if isinstance(value, str) else None

"""The township and county views (乡镇汇总): one consolidated ledger over every village whose
bundles this desk imported, its reports, flags, the villages' refused department requests
and sign audits, the exports and the 工作完成情况 outline (issue #11 item 6).

One function per user action, called by the CLI (`villagedesk township …`) and the window
(ui/pages/township_page.py) alike. What it reads goes through the one interface
`store.consolidated_store.ConsolidatedLedger`, so a province can later keep it elsewhere.
Filters are the village ledger's own (services/ledger.normalize_filters) plus the office;
an unknown office, a date range backwards, an unwritable file or a desk that holds no other
office's records is refused in Chinese and nothing is written. Flags' thresholds and the
clauses they serve are data: resources/township/flags.json.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from villagedesk import resources
from villagedesk.core import township_flags as flag_rules
from villagedesk.core import township_report
from villagedesk.core.errors import UserError
from villagedesk.core.region import LEVELS
from villagedesk.services import ledger as ledger_service
from villagedesk.services.session import Session
from villagedesk.store import catalogue_store
from villagedesk.store.consolidated_store import ConsolidatedLedger, open_consolidated

MAX_OFFICES = 5_000  # one county's villages at most; a longer --office list is a mistake
MAX_FLAGS_LISTED = 500
LEDGER_XLSX_COLUMNS = ["办公室编码", "办公室", *ledger_service.XLSX_COLUMNS]
LEDGER_XLSX_WIDTHS = [14, 18, *ledger_service.XLSX_WIDTHS]
EMPTY_DESK = "本机还没有其他办公室（村）的台账：请先在「数据同步」中导入各村的数据包，再查看汇总"


def rules() -> dict:
    """The flag rules and the outline, as shipped (resources/township/flags.json)."""
    return resources.read_json("township", "flags.json")


# ---------------------------------------------------------------- the desk and its offices


def _consolidated(session: Session) -> ConsolidatedLedger:
    session.require_desk()
    return open_consolidated(session.db)


def _held(c: ConsolidatedLedger) -> list[dict]:
    """The offices held here (cheap: codes and names), or the Chinese error of an empty desk."""
    offices = c.known_offices()
    if not any(not o["own"] for o in offices):
        raise UserError(EMPTY_DESK)
    return offices


def _names(offices: list[dict]) -> dict[str, str]:
    return {o["code"]: o["name"] or o["short_name"] or o["code"] for o in offices}


def _office_filter(offices: list[dict], office) -> list[str] | None:
    """The office codes asked for (a code, a name, or a list of them; None/"" = all) or a
    UserError naming the one not held here."""
    if office in (None, "", [], ()):
        return None
    wanted = [office] if isinstance(office, str) else list(office)
    if len(wanted) > MAX_OFFICES:
        raise UserError(f"一次最多选 {MAX_OFFICES} 个办公室", where="办公室")
    by_name: dict[str, str] = {}
    for o in offices:
        for key in (o["code"], o["name"], o["short_name"]):
            if key:
                by_name.setdefault(key, o["code"])
    out = []
    for w in wanted:
        text = ledger_service._text(w, "办公室")
        for part in [p for p in text.replace("，", ",").split(",") if p.strip()]:
            code = by_name.get(part.strip())
            if code is None:
                raise UserError(f"本机没有办公室「{part.strip()}」的台账（可用 township offices 查看已汇总的办公室）",
                                where="办公室")
            out.append(code)
    return sorted(set(out)) or None


def _dates(date_from, date_to) -> tuple[str | None, str | None]:
    clean = ledger_service.normalize_filters(date_from=date_from, date_to=date_to)
    return clean["date_from"], clean["date_to"]


def offices(session: Session) -> dict:
    """Every office held: entries, first and last entry date, last bundle received."""
    c = _consolidated(session)
    _held(c)
    held = c.offices()
    desk = session.require_desk()
    return {"desk": {"code": desk.region_code, "name": desk.name, "level": desk.level,
                     "level_name": LEVELS.get(desk.level, desk.level)},
            "count": sum(1 for o in held if not o["own"]), "offices": held}


# ---------------------------------------------------------------- the consolidated ledger


def list_entries(session: Session, *, office=None, offset: int = 0, limit: int = 100, order: str = "desc",
                 before_id: int | None = None, today: date | None = None, with_total: bool = True, **filters) -> dict:
    """One page of every office's entries: {"total", "offset", "limit", "entries"}; each entry
    has `office` and `office_name`. Ordered by office stream, then chain position."""
    offset, limit, order = ledger_service._page(offset, limit, order)
    c = _consolidated(session)
    held = _held(c)
    codes = _office_filter(held, office)
    clean = ledger_service.normalize_filters(**filters)
    names = _names(held)
    found = c.search(offices=codes, offset=offset, limit=limit, order=order, before_id=before_id, today=today, **clean)
    entries = _with_names(found, names)
    total = c.count(offices=codes, today=today, **clean) if with_total else None
    return {"total": total, "offset": offset, "limit": limit, "offices": codes, "entries": entries}


def _with_names(entries: list[dict], names: dict[str, str]) -> list[dict]:
    for e in entries:
        e["office_name"] = names.get(e.get("office", ""), e.get("office", ""))
    return entries


def entry_ids(session: Session, *, office=None, order: str = "desc", today: date | None = None, **filters) -> list[int]:
    """Row → entry id of every match (the window's virtual table)."""
    ledger_service._page(0, 1, order)
    c = _consolidated(session)
    codes = _office_filter(_held(c), office)
    return c.ids(offices=codes, order=order, today=today, **ledger_service.normalize_filters(**filters))


def entries_by_id(session: Session, ids: list[int], *, today: date | None = None) -> list[dict]:
    c = _consolidated(session)
    return _with_names(c.rows(list(ids), today=today), _names(c.known_offices()))


def count_entries(session: Session, *, office=None, today: date | None = None, **filters) -> int:
    c = _consolidated(session)
    codes = _office_filter(_held(c), office)
    return c.count(offices=codes, today=today, **ledger_service.normalize_filters(**filters))


# ---------------------------------------------------------------- report


def report(session: Session, *, office=None, date_from=None, date_to=None, chart_by: str = "month",
           detail: bool = False) -> dict:
    """Counts of 出具/不予出具/受理/作废 per office, month and item over the date range (default:
    every date held), with a bar chart (core/township_report.py)."""
    if chart_by not in township_report.CHART_BY:
        raise UserError(f"图表只能按 month（月）、office（村）或 item（事项）：{chart_by!r}", where="图表")
    c = _consolidated(session)
    held = _held(c)
    codes = _office_filter(held, office)
    first, last = _dates(date_from, date_to)
    lo, hi = c.date_span(offices=codes)
    first, last = first or lo or date.today().isoformat(), last or hi or date.today().isoformat()
    if first > last:  # only a default can be later than a given end: an empty range
        first = last
    built = township_report.build_report(c.document_counts(offices=codes, date_from=first, date_to=last),
                                         c.void_counts(offices=codes, date_from=first, date_to=last),
                                         office_names=_names(held), date_from=first, date_to=last, chart_by=chart_by,
                                         detail=detail)
    built["offices"] = codes
    return built


# ---------------------------------------------------------------- flags


def flags(session: Session, *, office=None, date_from=None, date_to=None, silent_since=None,
          today: date | None = None) -> dict:
    """Every flag with its rule and clauses, most serious first: {"flags", "counts", "rules",
    "silent_since", "date_from", "date_to"}."""
    today = today or date.today()
    c = _consolidated(session)
    held = _held(c)
    codes = _office_filter(held, office)
    first, last = _dates(date_from, date_to)
    names = _names(held)
    conf = rules()["flags"]
    found: list[flag_rules.Flag] = []

    must_not = conf["must_not_issued"]
    catalogue = [(item.code, item.title) for item, _ in catalogue_store.active_items(session.db, ("cert_forbidden",))]
    seen = [(r[0], r[1]) for r in session.db.execute("SELECT item_code, item_title FROM ledger_items").fetchall()]
    entries = c.issued_items(items=flag_rules.forbidden_items(catalogue, seen), lists=list(must_not["lists"]),
                             offices=codes, date_from=first, date_to=last,
                             limit=int(must_not.get("max_listed", MAX_FLAGS_LISTED)))
    found += flag_rules.must_not_issued(entries, must_not, names)

    late = conf["overdue"]
    found += flag_rules.overdue(c.overdue(today=today, offices=codes, limit=int(late.get("max_listed", MAX_FLAGS_LISTED))),
                                late, names)

    rep = report(session, office=codes, date_from=first, date_to=last)
    found += flag_rules.voids_above_usual(township_report.void_rates(rep["by_office"]), conf["voids_above_usual"], names)

    since = _dates(silent_since, None)[0] or (today - timedelta(days=int(conf["silent"]["days"]))).isoformat()
    if since > today.isoformat():
        raise UserError(f"“自何日起没有数据”的日期 {since} 晚于今天", where="日期")
    chosen = [o for o in c.offices() if codes is None or o["code"] in codes]
    found += flag_rules.silent(chosen, since, conf["silent"], names)
    found += flag_rules.chain_broken(c.conflicts(offices=codes), conf["chain_broken"], names)

    listed = flag_rules.ordered(found)
    return {"flags": [f.to_dict() for f in listed], "counts": flag_rules.counts(listed), "silent_since": since,
            "date_from": rep["date_from"], "date_to": rep["date_to"], "today": today.isoformat(),
            "rules": {k: {"title": v["title"], "rule": flag_rules.rule_text(v, since=since),
                          "basis": flag_rules.cite(v["clauses"])} for k, v in conf.items()}}


# ---------------------------------------------------------------- refused requests, sign audits


def refused(session: Session, *, office=None, date_from=None, date_to=None, offset: int = 0, limit: int = 200) -> dict:
    """The department requests every village recorded as refused (newest first)."""
    offset, limit, _ = ledger_service._page(offset, limit, "desc")
    c = _consolidated(session)
    held = _held(c)
    codes = _office_filter(held, office)
    first, last = _dates(date_from, date_to)
    names = _names(held)
    records = c.refused_requests(offices=codes, date_from=first, date_to=last, offset=offset, limit=limit)
    from villagedesk.services.refused_requests import VERDICT_NAMES

    for r in records:
        r["office_name"] = names.get(r["office"], r["office_name"] or r["office"])
        r["verdict_name"] = VERDICT_NAMES.get(r["verdict"], r["verdict"])
    return {"total": c.count_refused_requests(offices=codes, date_from=first, date_to=last), "offset": offset,
            "limit": limit, "records": records}


def sign_audits(session: Session, *, office=None) -> dict:
    c = _consolidated(session)
    held = _held(c)
    names = _names(held)
    audits = c.sign_audits(offices=_office_filter(held, office))
    for a in audits:
        a["office_name"] = names.get(a["office"], a["office_name"] or a["office"])
    return {"audits": audits}


# ---------------------------------------------------------------- 工作完成情况


def summary(session: Session, *, office=None, date_from=None, date_to=None, today: date | None = None) -> dict:
    """The 工作完成情况 outline of the Dehong plan (四(三)), prefilled with the figures:
    {"title", "office", "period", "sections": [{"heading", "paragraphs"}], "basis", "figures"}.
    Paragraphs to be written by the officer are marked 【请补充】."""
    today = today or date.today()
    desk = session.require_desk()
    rep = report(session, office=office, date_from=date_from, date_to=date_to, chart_by="item")
    fl = flags(session, office=office, date_from=rep["date_from"], date_to=rep["date_to"], today=today)
    held = offices(session)["offices"]
    codes = rep["offices"]
    villages = [o for o in held if not o["own"] and (codes is None or o["code"] in codes)]
    ref = refused(session, office=codes, date_from=rep["date_from"], date_to=rep["date_to"], limit=1)
    audits = sign_audits(session, office=codes)["audits"]
    latest: dict[str, dict] = {}
    for a in audits:  # newest first: the first per office is its latest
        latest.setdefault(a["office"], a)
    t = rep["totals"]
    counts = fl["counts"]
    outline = rules()["summary_outline"]
    level = LEVELS.get(desk.level, "")
    top = [i for i in rep["by_item"] if i["issued"]][:3]
    top_text = "、".join(f"{township_report.item_label(i['item_code'], i['item_title'])} {i['issued']} 件" for i in top)
    span = f"{_cn(rep['date_from'])}至{_cn(rep['date_to'])}"
    n_ok = sum(1 for a in latest.values() if a["ok"])
    figures = {"villages": len(villages), "with_entries": sum(1 for o in villages if o["entries"]), **t,
               "items": sum(1 for i in rep["by_item"] if i["issued"]), "refused_requests": ref["total"],
               "sign_audited": len(latest), "sign_ok": n_ok, "flags": counts}
    sections = [
        (outline["sections"][0], [
            f"{span}，本{level}通过“村务桌面”汇总了 {len(villages)} 个村（社区）的开具证明台账，其中 "
            f"{figures['with_entries']} 个村（社区）有台账记录。",
            f"期间各村共出具证明 {t['issued']} 件，依规不予出具并书面告知 {t['refused']} 件，受理登记 {t['accepted']} 件，"
            f"作废 {t['voided']} 件；出具证明涉及 {figures['items']} 个事项" + (f"，较多的是{top_text}。" if top_text else "。"),
            f"各村记录未予承接的党政群机构派交事项 {ref['total']} 件；{len(latest)} 个村（社区）开展了牌子检查，"
            f"其中 {n_ok} 个全部符合规定。",
        ]),
        (outline["sections"][1], [
            "一是各村对照县级“保留出具证明事项”和“不应出具证明事项”目录出具证明，证明统一编号、加盖二维码，"
            "建立开具证明台账（德宏州方案 四(二)）。",
            "二是各村台账通过数据包定期报送乡镇，乡镇汇总核对，按村、按月、按事项统计。",
            "【请补充】其他工作措施。",
        ]),
        (outline["sections"][2], [
            f"各村依规拒绝出具不应由村级组织出具的证明 {t['refused']} 件，均书面告知了办理渠道；"
            f"记录并反映不应由村级组织承接的部门派交事项 {ref['total']} 件。",
            "【请补充】群众办事、村级减负方面的成效和典型做法。",
        ]),
        (outline["sections"][3], [
            f"汇总核查发现：出具不应出具的证明 {counts.get('must_not_issued', 0)} 件；受理后逾期未办结 "
            f"{counts.get('overdue', 0)} 件；作废比例明显偏高的村 {counts.get('voids_above_usual', 0)} 个；"
            f"自 {_cn(fl['silent_since'])}起没有台账数据的村 {counts.get('silent', 0)} 个；台账截短或分叉 "
            f"{counts.get('chain_broken', 0)} 处。",
            "【请补充】其他困难和问题。",
        ]),
        (outline["sections"][4], [
            "对上述问题逐村核实、限期整改；对作废偏多、逾期未办结的村加强业务指导和培训。",
            "【请补充】对下一步工作的意见建议。",
        ]),
    ]
    return {"title": f"{desk.name}规范村级组织证明事项工作完成情况", "office": desk.name, "period": span,
            "date_from": rep["date_from"], "date_to": rep["date_to"], "today": today.isoformat(),
            "sections": [{"heading": h, "paragraphs": p} for h, p in sections], "figures": figures,
            "basis": f"{outline['document']} {outline['clause']}：{outline['text']}"}


def _cn(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def summary_text(doc: dict) -> str:
    """The outline as plain text (the .txt Notepad opens: CRLF lines)."""
    lines = [doc["title"], "", f"（{doc['period']}）", ""]
    for s in doc["sections"]:
        lines.append(s["heading"])
        lines += ["　　" + p for p in s["paragraphs"]]
        lines.append("")
    lines += [doc["office"], _cn(doc["today"]), "", f"依据：{doc['basis']}"]
    return "\r\n".join(lines) + "\r\n"


# ---------------------------------------------------------------- exports


def _check_out(session: Session, out, suffix: str, overwrite: bool) -> Path:
    from villagedesk.files import check_output

    return check_output(Path(out), suffix=suffix, data_dir=session.data_dir, overwrite=overwrite)


def export_ledger_xlsx(session: Session, out, *, overwrite: bool = False, office=None, **filters) -> dict:
    """The matching entries of every office as a workbook (every cell text), oldest first."""
    out = _check_out(session, out, ".xlsx", overwrite)
    found = entry_ids(session, office=office, order="asc", **filters)
    if not found:
        raise UserError("没有符合条件的台账记录可导出")
    if len(found) > ledger_service.MAX_EXPORT_ROWS:
        raise UserError(f"一次最多导出 {ledger_service.MAX_EXPORT_ROWS} 条，这次筛出 {len(found)} 条：请按村或日期范围分批导出",
                        where="筛选条件")
    rows: list[list[str]] = [LEDGER_XLSX_COLUMNS]
    for start in range(0, len(found), 1000):
        for e in entries_by_id(session, found[start:start + 1000]):
            rows.append([e["office"], e["office_name"], *(str(v) for v in ledger_service.xlsx_row(e))])
    from villagedesk.spreadsheet.writer import write_xlsx

    write_xlsx(out, [("汇总台账", rows, {"header": True, "text": True, "widths": LEDGER_XLSX_WIDTHS})])
    return {"file": str(out), "rows": len(rows) - 1}


def report_sheets(rep: dict, fl: dict | None) -> list[tuple[str, list[list], dict]]:
    """The report (and flags) as workbook sheets."""
    names = [m["name"] for m in rep["measures"]]
    keys = [m["key"] for m in rep["measures"]]
    period = f"{rep['date_from']} 至 {rep['date_to']}"
    sheets: list[tuple[str, list[list], dict]] = [
        ("按村", [["办公室编码", "办公室", *names]] + [[o["office"], o["office_name"], *(o[k] for k in keys)]
                                                   for o in rep["by_office"]] + [["合计", period, *(rep["totals"][k] for k in keys)]],
         {"header": True, "widths": [14, 24, 10, 10, 10, 10]}),
        ("按月", [["月份", *names]] + [[m["month"], *(m[k] for k in keys)] for m in rep["by_month"]],
         {"header": True, "widths": [12, 10, 10, 10, 10]}),
        ("按事项", [["事项编码", "证明事项", *names]] + [[i["item_code"], i["item_title"], *(i[k] for k in keys)]
                                                    for i in rep["by_item"]], {"header": True, "widths": [16, 28, 10, 10, 10, 10]}),
        ("明细", [["办公室编码", "办公室", "月份", "事项编码", "证明事项", *names]]
         + [[r["office"], r["office_name"], r["month"], r["item_code"], r["item_title"], *(r[k] for k in keys)]
            for r in rep["rows"]], {"header": True, "widths": [14, 24, 10, 16, 28, 10, 10, 10, 10]}),
    ]
    if fl is not None:
        sheets.append(("提示", [["级别", "提示", "办公室编码", "办公室", "情况", "规则", "依据"]]
                       + [[f["severity_name"], f["title"], f["office"], f["office_name"], f["text"], f["rule"], f["basis"]]
                          for f in fl["flags"]], {"header": True, "widths": [8, 20, 14, 22, 50, 50, 50]}))
    return sheets


def export_report_xlsx(session: Session, out, *, overwrite: bool = False, office=None, date_from=None, date_to=None,
                       with_flags: bool = True, today: date | None = None) -> dict:
    out = _check_out(session, out, ".xlsx", overwrite)
    rep = report(session, office=office, date_from=date_from, date_to=date_to, detail=True)
    fl = flags(session, office=office, date_from=rep["date_from"], date_to=rep["date_to"], today=today) if with_flags else None
    from villagedesk.spreadsheet.writer import write_xlsx

    write_xlsx(out, report_sheets(rep, fl))
    return {"file": str(out), "offices": len(rep["by_office"]), "flags": len(fl["flags"]) if fl else 0}


def export_flags_xlsx(session: Session, out, *, overwrite: bool = False, **options) -> dict:
    out = _check_out(session, out, ".xlsx", overwrite)
    fl = flags(session, **options)
    from villagedesk.spreadsheet.writer import write_xlsx

    sheet = report_sheets({"measures": [], "date_from": "", "date_to": "", "totals": {}, "by_office": [],
                           "by_month": [], "by_item": [], "rows": []}, fl)[-1]
    write_xlsx(out, [sheet])
    return {"file": str(out), "flags": len(fl["flags"])}


def export_refused_xlsx(session: Session, out, *, overwrite: bool = False, office=None, date_from=None,
                        date_to=None) -> dict:
    out = _check_out(session, out, ".xlsx", overwrite)
    got = refused(session, office=office, date_from=date_from, date_to=date_to, limit=ledger_service.MAX_PAGE)
    records = got["records"]
    offset = len(records)
    while offset < got["total"] and offset < ledger_service.MAX_EXPORT_ROWS:
        more = refused(session, office=office, date_from=date_from, date_to=date_to, offset=offset,
                       limit=ledger_service.MAX_PAGE)["records"]
        if not more:
            break
        records += more
        offset += len(more)
    rows = [["办公室编码", "办公室", "收到日期", "提出部门", "要求内容", "核对结论", "备注"]] + [
        [r["office"], r["office_name"], r["received_on"], r["department"], r["text"], r["verdict_name"], r["note"]]
        for r in records]
    from villagedesk.spreadsheet.writer import write_xlsx

    write_xlsx(out, [("未予承接事项", rows, {"header": True, "text": True, "widths": [14, 22, 12, 20, 60, 30, 20]})])
    return {"file": str(out), "rows": len(records)}


def export_report_pdf(session: Session, out, *, overwrite: bool = False, office=None, date_from=None, date_to=None,
                      chart_by: str = "month", with_flags: bool = True, today: date | None = None) -> dict:
    """The report as an A4 PDF: totals, the bar chart, the tables per office/month/item, the flags."""
    out = _check_out(session, out, ".pdf", overwrite)
    desk = session.require_desk()
    rep = report(session, office=office, date_from=date_from, date_to=date_to, chart_by=chart_by)
    fl = flags(session, office=office, date_from=rep["date_from"], date_to=rep["date_to"], today=today) if with_flags else None
    from villagedesk.render.township_report import render_township_report

    return render_township_report(out, office_name=desk.name, report=rep, flags=fl, today=today or date.today())


def export_summary_pdf(session: Session, out, *, overwrite: bool = False, today: date | None = None, **options) -> dict:
    out = _check_out(session, out, ".pdf", overwrite)
    doc = summary(session, today=today, **options)
    from villagedesk.render.township_report import render_work_summary

    return render_work_summary(out, doc)


def export_summary_txt(session: Session, out, *, overwrite: bool = False, today: date | None = None, **options) -> dict:
    """The outline as UTF-8 text with a BOM and CRLF lines, for Notepad on Windows."""
    out = _check_out(session, out, ".txt", overwrite)
    doc = summary(session, today=today, **options)
    data = summary_text(doc).encode("utf-8-sig")
    from villagedesk.files import atomic_write

    atomic_write(out, lambda fh: fh.write(data))
    return {"file": str(out), "bytes": len(data)}

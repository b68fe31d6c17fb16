"""`villagedesk township offices|ledger|report|flags|refused|summary`: the township and county
views over the consolidated ledger (乡镇汇总, issue #11 item 6). Each prints a table, or one
JSON document with --json; --xlsx FILE / --pdf FILE (/ --txt FILE for summary) also write it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from villagedesk.cli.common import EXIT_OK, Parser, add_overwrite, desk_session, print_result

STATUS_HELP = "状态：valid 有效 / voided 作废 / reissued 已重新出具 / pending 待出具 / overdue 逾期 / refused 不予出具 / issued 已出具"


def add_parsers(sub, common) -> None:
    tw = sub.add_parser("township", parents=[common], help="乡镇/县汇总：各村台账、报表、提示、未予承接事项、工作完成情况")
    ts = tw.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
    ts.add_parser("offices", parents=[common], help="本机汇总了哪些村：记录数、最近记录日期、最近收到的数据包")
    ledger = ts.add_parser("ledger", parents=[common], help="汇总台账：跨村查询（条件同村级台账，另可按村筛选）")
    report = ts.add_parser("report", parents=[common], help="报表：按村、按月、按事项统计出具、不予出具、受理、作废件数")
    flags = ts.add_parser("flags", parents=[common], help="提示：出具不应出具的证明、逾期未办结、作废偏多、长时间无数据、台账截短或分叉")
    refused = ts.add_parser("refused", parents=[common], help="各村记录的未予承接的部门派交事项")
    summary = ts.add_parser("summary", parents=[common], help="工作完成情况（德宏州方案 四(三) 的五个部分，已填入数字）")
    for p in (ledger, report, flags, refused, summary):
        p.add_argument("--office", default="", help="办公室编码或名称（多个用逗号分开；默认全部）")
        p.add_argument("--from", dest="date_from", default="", help="开始日期 YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", default="", help="结束日期 YYYY-MM-DD")
    ledger.add_argument("--text", default="", help="编号、姓名、身份证号码或事项")
    ledger.add_argument("--number", default="", help="证明编号")
    ledger.add_argument("--name", default="", help="申请人或被证明人姓名")
    ledger.add_argument("--id-number", default="", help="身份证号码（或后 4 位以上）")
    ledger.add_argument("--item", default="", help="事项编码或名称")
    ledger.add_argument("--status", default="", help=STATUS_HELP)
    for p in (ledger, refused):
        p.add_argument("--limit", type=int, default=50, help="最多显示几条（默认 50）")
        p.add_argument("--offset", type=int, default=0, help="跳过前几条")
    report.add_argument("--by", choices=["month", "office", "item"], default="month", help="图表按月、按村或按事项（默认按月）")
    flags.add_argument("--since", default="", help="“长时间无数据”从哪天算起（默认：今天前 60 天）")
    for p in (ledger, report, flags, refused):
        p.add_argument("--xlsx", default="", help="同时导出为 .xlsx 文件")
    for p in (report, summary):
        p.add_argument("--pdf", default="", help="同时生成 PDF")
    summary.add_argument("--txt", default="", help="同时存为可编辑的文本文件（UTF-8，记事本可直接打开）")
    for p in (ledger, report, flags, refused, summary):
        add_overwrite(p)


def _out(text: str) -> Path | None:
    return Path(text).expanduser() if text else None


def _filters(args) -> dict:
    return {"text": args.text, "number": args.number or None, "name": args.name or None,
            "id_number": args.id_number or None, "item": args.item or None, "date_from": args.date_from or None,
            "date_to": args.date_to or None, "status": args.status or None}


def _offices_text(r: dict) -> str:
    lines = [f"{r['desk']['name']}（{r['desk']['level_name']}）汇总了 {r['count']} 个办公室："]
    for o in r["offices"]:
        if o["own"] and not o["entries"]:
            continue
        bundle = (o["last_bundle_at"] or "")[:10] or "未收到"
        lines.append(f"{o['code']}  {o['name'] or o['short_name']:<16} 记录 {o['entries']:>6} 条  "
                     f"最近记录 {o['last_entry_on'] or '无'}  最近数据包 {bundle}" + ("（本机）" if o["own"] else ""))
    return "\n".join(lines)


def _report_text(r: dict) -> str:
    from villagedesk.core.township_report import text_bars

    t = r["totals"]
    lines = [f"{r['date_from']} 至 {r['date_to']}：出具 {t['issued']}  不予出具 {t['refused']}  受理 {t['accepted']}  作废 {t['voided']}",
             "", "按村：", f"{'办公室':<20}{'出具':>6}{'不予出具':>8}{'受理':>6}{'作废':>6}"]
    lines += [f"{(o['office_name'] or o['office']):<20}{o['issued']:>6}{o['refused']:>8}{o['accepted']:>6}{o['voided']:>6}"
              for o in r["by_office"]]
    lines += ["", "按事项："]
    lines += [f"{(i['item_title'] or i['item_code']):<20}{i['issued']:>6}{i['refused']:>8}{i['accepted']:>6}{i['voided']:>6}"
              for i in r["by_item"]]
    lines += ["", f"{r['chart']['title']}（出具）："] + text_bars(r["chart"])
    return "\n".join(lines)


def _flags_text(r: dict) -> str:
    if not r["flags"]:
        return "未发现需要关注的情况"
    lines = [f"[{f['severity_name']}] {f['title']}  {f['office_name'] or f['office']}：{f['text']}" for f in r["flags"]]
    lines += ["", "规则和依据："] + [f"{v['title']}：{v['rule']}（{v['basis']}）" for v in r["rules"].values()]
    return "\n".join(lines)


def _summary_text(r: dict) -> str:
    from villagedesk.services.township import summary_text

    return summary_text(r).replace("\r\n", "\n")


def cmd_township(args) -> int:
    from villagedesk.services import township

    session = desk_session(args)
    session.require_desk()
    action = args.action
    written: list[dict] = []
    if action == "offices":
        print_result(args, township.offices(session), _offices_text)
        return EXIT_OK
    office = getattr(args, "office", "") or None
    dates: dict[str, Any] = {"date_from": args.date_from or None, "date_to": args.date_to or None}
    ow = args.overwrite
    if action == "ledger":
        filters = _filters(args)
        r = township.list_entries(session, office=office, offset=max(0, args.offset), limit=max(1, min(args.limit, 1000)),
                                  **filters)
        if _out(args.xlsx):
            written.append(township.export_ledger_xlsx(session, _out(args.xlsx), overwrite=ow, office=office, **filters))

        def human(r):
            lines = [f"{e['office_name']:<12} {e.get('number') or '（作废记录）':<24} {e['issued_on']}  {e.get('status_name', '')}  "
                     f"{e.get('item_title') or ''}  {e.get('subject_name') or e.get('applicant') or ''}" for e in r["entries"]]
            lines.append(f"共 {r['total']} 条" + (f"，显示 {len(r['entries'])} 条" if r["total"] > len(r["entries"]) else ""))
            return "\n".join(lines)
    elif action == "report":
        r = township.report(session, office=office, chart_by=args.by, **dates)
        if _out(args.xlsx):
            written.append(township.export_report_xlsx(session, _out(args.xlsx), overwrite=ow, office=office, **dates))
        if _out(args.pdf):
            written.append(township.export_report_pdf(session, _out(args.pdf), overwrite=ow, office=office,
                                                      chart_by=args.by, **dates))
        human = _report_text
    elif action == "flags":
        options: dict[str, Any] = dict(office=office, silent_since=args.since or None, **dates)
        r = township.flags(session, **options)
        if _out(args.xlsx):
            written.append(township.export_flags_xlsx(session, _out(args.xlsx), overwrite=ow, **options))
        human = _flags_text
    elif action == "refused":
        r = township.refused(session, office=office, offset=max(0, args.offset), limit=max(1, min(args.limit, 1000)), **dates)
        if _out(args.xlsx):
            written.append(township.export_refused_xlsx(session, _out(args.xlsx), overwrite=ow, office=office, **dates))

        def human(r):
            lines = [f"{x['received_on']}  {x['office_name']:<12} {x['department']}：{x['text'][:40]}（{x['verdict_name']}）"
                     for x in r["records"]]
            return "\n".join(lines + [f"共 {r['total']} 件"])
    else:
        r = township.summary(session, office=office, **dates)
        if _out(args.pdf):
            written.append(township.export_summary_pdf(session, _out(args.pdf), overwrite=ow, office=office, **dates))
        if _out(args.txt):
            written.append(township.export_summary_txt(session, _out(args.txt), overwrite=ow, office=office, **dates))
        human = _summary_text
    if written:
        r = dict(r, files=written)

    def with_files(r):
        text = human(r)
        return text + "".join(f"\n已写入：{w['file']}" for w in r.get("files", []))

    print_result(args, r, with_files)
    return EXIT_OK


COMMANDS = {"township": cmd_township}

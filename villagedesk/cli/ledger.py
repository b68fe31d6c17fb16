"""`villagedesk ledger list|export|print|verify`: the issuance ledger (开具证明台账)."""

from __future__ import annotations

from pathlib import Path

from villagedesk.cli.common import EXIT_FAIL, EXIT_OK, Parser, add_overwrite, desk_session, print_result

STATUS_HELP = "状态：valid 有效 / voided 作废 / reissued 已重新出具 / pending 待出具 / overdue 逾期 / refused 不予出具 / issued 已出具"


def add_parsers(sub, common) -> None:
    led = sub.add_parser("ledger", parents=[common], help="开具证明台账：查询、导出、打印、校验")
    ls = led.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
    l_list = ls.add_parser("list", parents=[common], help="查询台账")
    l_export = ls.add_parser("export", parents=[common], help="导出台账为 .xlsx")
    l_export.add_argument("file", help=".xlsx 文件名")
    l_print = ls.add_parser("print", parents=[common], help="打印台账（横向 PDF）")
    l_print.add_argument("--out", required=True, help="PDF 文件名")
    add_overwrite(l_export)
    add_overwrite(l_print)
    filters = [l_list, l_export, l_print]
    for p in filters:
        p.add_argument("--text", default="", help="编号、姓名、身份证号码或事项")
        p.add_argument("--number", default="", help="证明编号")
        p.add_argument("--name", default="", help="申请人或被证明人姓名")
        p.add_argument("--id-number", default="", help="身份证号码（或后 4 位以上）")
        p.add_argument("--item", default="", help="事项编码或名称")
        p.add_argument("--from", dest="date_from", default="", help="开始日期 YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", default="", help="结束日期 YYYY-MM-DD")
        p.add_argument("--status", default="", help=STATUS_HELP)
    l_list.add_argument("--limit", type=int, default=50, help="最多显示几条（默认 50）")
    l_list.add_argument("--offset", type=int, default=0, help="跳过前几条")
    l_verify = ls.add_parser("verify", parents=[common], help="校验台账：哈希链、签名、编号连续；完好才返回 0")
    l_verify.add_argument("--full", action="store_true",
                          help="逐条核对每条记录和每个二维码的签名（较慢；默认只核对每把密钥最后一条的签名，"
                               "它已担保之前的全部记录，见 docs/formats/ledger.md）")


def _filters(args) -> dict:
    return {"text": args.text, "number": args.number or None, "name": args.name or None,
            "id_number": args.id_number or None, "item": args.item or None, "date_from": args.date_from or None,
            "date_to": args.date_to or None, "status": args.status or None}


def cmd_ledger(args) -> int:
    from villagedesk.services import ledger

    session = desk_session(args)
    session.require_desk()
    if args.action == "verify":
        from villagedesk.services.verification import verify_ledger

        check = verify_ledger(session, every_signature=args.full)

        def human(r):
            if r["ok"]:
                return f"台账完好：共 {r['entries']} 条记录，哈希链、签名和编号均核对无误"
            bad = r["first_bad"]
            return f"台账校验未通过（共 {r['entries']} 条）：{bad['problem']}"

        print_result(args, check, human)
        return EXIT_OK if check.ok else EXIT_FAIL
    if args.action == "export":
        r = ledger.export_xlsx(session, Path(args.file), overwrite=args.overwrite, **_filters(args))
        print_result(args, r, lambda r: f"已导出 {r.get('rows', '')} 条记录：{r['file']}")
        return EXIT_OK
    if args.action == "print":
        r = ledger.print_pdf(session, Path(args.out), overwrite=args.overwrite, **_filters(args))
        print_result(args, r, lambda r: f"已生成台账 PDF：{r['file']}（{r.get('pages', '')} 页）")
        return EXIT_OK
    r = ledger.list_entries(session, **_filters(args), offset=max(0, args.offset), limit=max(1, min(args.limit, 1000)))

    def listed(r):
        lines = [f"{e.get('number') or '（作废记录）':<24} {e['issued_on']}  {e.get('status_name', '')}  "
                 f"{e.get('item_title') or ''}  {e.get('subject_name') or e.get('applicant') or ''}" for e in r["entries"]]
        lines.append(f"共 {r['total']} 条" + (f"，显示 {len(r['entries'])} 条" if r["total"] > len(r["entries"]) else ""))
        return "\n".join(lines)

    print_result(args, r, listed)
    return EXIT_OK


COMMANDS = {"ledger": cmd_ledger}

"""`task check --record`, `task refused`, `task report`: refused department requests kept and
reported to the township (services/refused_requests.py). Kept apart from cli/task.py's task
check output, which is formatted there; this module only adds flags and subcommands."""

from __future__ import annotations

from pathlib import Path

from villagedesk.cli.common import add_overwrite, print_result


def add_parsers(ts, t_check, common) -> None:
    """Flags on `task check` and the two new task subcommands."""
    t_check.add_argument("--record", action="store_true",
                         help="结论为不应承担时，记录为拒绝事项（供打印情况反映、日后同步上报）")
    t_check.add_argument("--department", default="", help="提出要求的部门，如 县农业农村局（与 --record 同用）")
    t_check.add_argument("--date", default="", help="收到日期 YYYY-MM-DD（默认今天，与 --record 同用）")
    t_check.add_argument("--note", default="", help="备注（与 --record 同用）")
    t_ref = ts.add_parser("refused", parents=[common], help="已记录的拒绝事项")
    t_ref.add_argument("--from", dest="date_from", default="", help="起始收到日期 YYYY-MM-DD")
    t_ref.add_argument("--to", dest="date_to", default="", help="截止收到日期 YYYY-MM-DD")
    t_rep = ts.add_parser("report", parents=[common], help="把拒绝事项打印成情况反映（报乡镇）")
    t_rep.add_argument("--out", required=True, help="PDF 文件名，如 情况反映.pdf")
    t_rep.add_argument("--from", dest="date_from", default="", help="起始收到日期 YYYY-MM-DD")
    t_rep.add_argument("--to", dest="date_to", default="", help="截止收到日期 YYYY-MM-DD")
    add_overwrite(t_rep)


def wanted(args) -> bool:
    return args.action in ("refused", "report") or bool(getattr(args, "record", False))


def _line(r: dict) -> str:
    text = r["text"] if len(r["text"]) <= 40 else r["text"][:40] + "……"
    clauses = "；".join(f"{c.get('document', '')} {c.get('clause', '')}".strip() for c in r["clauses"])
    return f"  {r['received_on']}  {r['department']}：{text}（{r.get('verdict_name') or r['verdict']}" + \
        (f"，依据 {clauses}" if clauses else "") + "）"


def run(args, session) -> int:
    from villagedesk.core.errors import UserError
    from villagedesk.services import admission, refused_requests

    if args.action == "check":
        if not args.department.strip():
            raise UserError("记录拒绝事项须写明提出要求的部门：--department 县农业农村局", where="--department")
        result = admission.check_task(session, args.text)
        saved = refused_requests.record(session, args.text, args.department, args.date or None, result, args.note)
        payload = dict(result, recorded=saved)

        def human(r):
            lines = [f"结论：{r['explanation']}"]
            lines += [f"依据：{c['document']} {c['clause']}：“{c['text']}”" for c in r["clauses"]]
            lines.append(f"已记录为拒绝事项：{saved['department']}，{saved['received_on']}（记录号 {saved['record_uid']}）")
            lines.append("打印情况反映：villagedesk task report --out 情况反映.pdf")
            return "\n".join(lines)

        print_result(args, payload, human)
        return 0
    records = refused_requests.list_records(session, args.date_from or None, args.date_to or None)
    if args.action == "refused":
        for r in records:
            r["verdict_name"] = refused_requests.verdict_name(r["check_result"] | {"verdict": r["verdict"]})
        print_result(args, {"count": len(records), "records": records},
               lambda p: "\n".join([f"拒绝事项 {p['count']} 项："] + [_line(r) for r in p["records"]])
               if p["records"] else "还没有记录的拒绝事项")
        return 0
    info = refused_requests.print_report(session, Path(args.out), args.date_from or None, args.date_to or None,
                                         overwrite=args.overwrite)
    print_result(args, info, lambda i: f"已生成情况反映：{i['file']}（{i['count']} 项，{i['pages']} 页）")
    return 0

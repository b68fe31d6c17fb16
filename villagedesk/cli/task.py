"""`villagedesk task check`: the 准入 check of a task a department asks of the village; with
`--record`, and `task refused|report`, the refused requests (cli/refused.py)."""

from __future__ import annotations

from villagedesk.cli import refused
from villagedesk.cli.common import EXIT_OK, Parser, desk_session, print_result


def add_parsers(sub, common) -> None:
    task = sub.add_parser("task", parents=[common], help="工作事项准入核对")
    ts = task.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
    t_check = ts.add_parser("check", parents=[common], help="某部门要求村里做的事：属于哪个清单")
    t_check.add_argument("text", help="事项内容，如 请村委会负责拆除辖区违章建筑")
    refused.add_parsers(ts, t_check, common)  # --record, task refused, task report


def cmd_task(args) -> int:
    from villagedesk.services import admission

    if refused.wanted(args):  # recording and reporting refused requests
        return refused.run(args, desk_session(args))
    result = admission.check_task(desk_session(args), args.text)

    def human(r):
        lines = [f"结论：{r['explanation']}"]
        lines += r.get("summary", [])  # decision, reason, deciding words, each rule hit
        for c in r["clauses"]:
            lines.append(f"依据：{c['document']} {c['clause']}：“{c['text']}”")
        if r["matches"]:
            lines.append("相关事项：")
            for m in r["matches"]:
                demo = "【示范】" if m.get("origin") == "demo" else ""  # demo content must never read as the county's list
                lines.append(f"  {demo}[{m['list_name']}] {m['title']}（{m['code']}，匹配“{m['matched']}”）")
                lines.append(f"      设定依据：{m['basis']} {m['clause']}".rstrip())
            if any(m.get("origin") == "demo" for m in r["matches"]):
                lines.append("注：标有【示范】的事项来自示范目录（来源：示范），是演示用的内容，不是本县正式目录，"
                             "不能作为办事依据；请以县级正式目录为准")
        return "\n".join(lines)

    print_result(args, result, human)
    return EXIT_OK


COMMANDS = {"task": cmd_task}

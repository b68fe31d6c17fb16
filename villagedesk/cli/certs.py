"""`villagedesk cert form|issue|accept|amend|refuse|commitment|void|reprint|pending`: certificates.

Parsers only at import time (so `--help` stays fast); each command imports its services.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from villagedesk.cli.common import EXIT_OK, Parser, add_overwrite, desk_session, parse_date, print_result


def _request_args(p, *, out: bool) -> None:
    p.add_argument("--item", default="", help="事项编码（目录中的保留出具证明事项）；留空或 generic 为据实出具证明")
    p.add_argument("--applicant", help="申请人姓名（默认也是被证明人）")
    p.add_argument("--id-number", default="", help="身份证号码（18 位，或 15 位老号码）")
    p.add_argument("--purpose", default="", help="用途，如 子女入学")
    p.add_argument("--addressee", default="", help="致送单位，如 芒市教育局")
    p.add_argument("--phone", default="", help="申请人联系电话")
    p.add_argument("--subject-name", default="", help="被证明人姓名（与申请人不同时）")
    p.add_argument("--subject-id", default="", help="被证明人身份证号码（与申请人不同时）")
    p.add_argument("--field", action="append", default=[], metavar="键=值", help="表单字段，可重复；`cert form 编码` 列出字段")
    p.add_argument("--material", action="append", default=None, metavar="材料",
                   help="已查验的佐证材料，可重复（默认：该事项的全部所需材料）")
    p.add_argument("--handler", default="", help="经办人（默认：设置中的经办人，见 settings set handler 姓名）")
    p.add_argument("--verification", default="", help="核实方式（据实出具的证明必填）")
    p.add_argument("--major", action="store_true", help="涉及重大问题（须先有村民会议或村民代表会议决定）")
    p.add_argument("--legal-risk", action="store_true", help="存在法律风险（须先有法律顾问审核意见）")
    p.add_argument("--decision", default="", help="村民（代表）会议决定或法律顾问意见的记录")
    p.add_argument("--note", default="", help="备注")
    p.add_argument("--date", default="", help=argparse.SUPPRESS)
    if out:
        p.add_argument("--out", help="PDF 文件名（默认保存在数据文件夹的 证明/年份/ 下）")
        add_overwrite(p)


def add_parsers(sub, common) -> None:
    cert = sub.add_parser("cert", parents=[common], help="出具证明、受理、不予出具、作废、重印")
    cs = cert.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
    c_form = cs.add_parser("form", parents=[common], help="某事项要填什么：表单字段、所需材料、办理时限；或为何不应出具")
    c_form.add_argument("item", help="事项编码，或 generic")
    c_issue = cs.add_parser("issue", parents=[common], help="出具证明：编号、登记台账、签名二维码、PDF")
    _request_args(c_issue, out=True)
    c_issue.add_argument("--accepted", default="", help="受理号：办结一件已受理的复杂证明")
    c_issue.add_argument("--reviewer", default="", help="审核人")
    c_issue.add_argument("--recipient", default="", help="领取人")
    c_issue.add_argument("--replaces", default="", help="重新出具：原证明编号（原证明同时作废）")
    c_issue.add_argument("--void-reason", default="", help="重新出具时原证明的作废原因")
    c_accept = cs.add_parser("accept", parents=[common], help="受理复杂证明，按工作日计算办结期限，打印受理回执")
    _request_args(c_accept, out=False)
    c_accept.add_argument("--out", help="受理回执 PDF 文件名（默认保存在数据文件夹的 证明/年份/ 下）")
    add_overwrite(c_accept)
    c_amend = cs.add_parser("amend", parents=[common], help="出具前更正已受理的申请（台账追加更正登记）")
    c_amend.add_argument("number", help="受理号，如 风平村证受〔2026〕1号")
    c_amend.add_argument("--field", action="append", default=[], metavar="键=值",
                         help="更正的表单字段，可重复；如 --field address=风平村三组15号、--field purpose=申请助学金")
    c_amend.add_argument("--material", action="append", default=None, metavar="材料",
                         help="更正后已收到的全部佐证材料，可重复（不写则不变）")
    c_amend.add_argument("--handler", default="", help="经办人（默认：设置中的经办人）")
    c_amend.add_argument("--note", default="", help="备注")
    c_amend.add_argument("--date", default="", help=argparse.SUPPRESS)
    c_refuse = cs.add_parser("refuse", parents=[common], help="不予出具：打印告知单并登记台账")
    c_refuse.add_argument("--item", default="", help="事项编码（不应出具证明事项）")
    c_refuse.add_argument("--matter", default="", help="不在任何清单中的申请事项")
    c_refuse.add_argument("--accepted", default="", help="受理号：已受理、经核实无法出具的")
    c_refuse.add_argument("--applicant", required=True, help="申请人姓名")
    c_refuse.add_argument("--id-number", default="", help="申请人身份证号码（可不填）")
    c_refuse.add_argument("--purpose", default="", help="申请用途")
    c_refuse.add_argument("--phone", default="", help="申请人联系电话")
    c_refuse.add_argument("--reason", default="", help="不予出具原因（清单内事项可不填）")
    c_refuse.add_argument("--handler", default="", help="经办人（默认：设置中的经办人）")
    c_refuse.add_argument("--note", default="", help="备注")
    c_refuse.add_argument("--date", default="", help=argparse.SUPPRESS)
    c_refuse.add_argument("--out", help="PDF 文件名")
    add_overwrite(c_refuse)
    c_commit = cs.add_parser("commitment", parents=[common], help="打印告知承诺书（县级目录允许告知承诺的事项；不登记台账）")
    c_commit.add_argument("--item", required=True, help="事项编码（目录中可告知承诺 = 是）")
    c_commit.add_argument("--applicant", required=True, help="申请人姓名")
    c_commit.add_argument("--id-number", default="", help="申请人身份证号码（可不填，留空由本人手写）")
    c_commit.add_argument("--out", required=True, help="PDF 文件名，如 告知承诺书.pdf")
    add_overwrite(c_commit)
    c_void = cs.add_parser("void", parents=[common], help="作废一份证明（台账追加作废记录）")
    c_void.add_argument("number", help="证明编号，如 风平村证〔2026〕12号")
    c_void.add_argument("--reason", required=True, help="作废原因")
    c_void.add_argument("--handler", default="", help="经办人（默认：设置中的经办人）")
    c_reprint = cs.add_parser("reprint", parents=[common],
                              help="重新打印台账中的证明、告知单或受理回执（内容与原件相同；已作废的打印“作废”标记）")
    c_reprint.add_argument("number", help="证明编号、告知单编号或受理号")
    c_reprint.add_argument("--out", help="PDF 文件名")
    add_overwrite(c_reprint)
    cs.add_parser("pending", parents=[common], help="已受理、尚未办结的证明（含逾期）")


def _handler(session, given: str) -> str:
    from villagedesk.services.settings import handler_for

    return handler_for(session, given)  # --handler, else the setting; never the login name


def _values(args) -> dict:
    from villagedesk.services.certificates import parse_field_args

    values = parse_field_args(args.field)
    values.update({"applicant": args.applicant or "", "subject_name": args.subject_name or args.applicant or "",
                   "subject_id": args.subject_id or args.id_number, "applicant_id": args.id_number,
                   "purpose": args.purpose, "addressee": args.addressee, "phone": args.phone})
    return values


def _materials(session, args) -> list[str]:
    if args.material is not None:
        return args.material
    if getattr(args, "accepted", ""):
        return []  # the materials the acceptance took in, checked against the accepted item's own list
    from villagedesk.services import cert_requests

    return list(cert_requests.resolve_request(session, args.item).materials)


def _issued(r: dict) -> str:
    lines = [f"已出具：{r['number']}（{r['item_title']}，{r['subject_name']}）"]
    if r.get("pdf"):
        lines.append(f"PDF：{r['pdf']}")
    if r.get("replaces"):
        lines.append(f"原证明 {r['replaces']} 已作废")
    lines.append(f"二维码：{r['payload']}")
    return "\n".join(lines)


def _refusal_error(args, exc) -> int:
    """A must-not-issue request on `cert issue`: say why and what to do, exit 2."""
    import json
    import sys

    r = exc.refusal
    if getattr(args, "json", False):
        sys.stderr.write(json.dumps(exc.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        lines = [f"错误：{exc.message}", f"原因：{r['reason']}"]
        lines += [f"依据：{c['document']} {c['clause']}：“{c['text']}”" for c in r["clauses"]]
        lines.append(f"改由何处办理：{r['channel'] or '请向相关主管部门咨询'}" + (f"（{r['department']}）" if r["department"] else ""))
        lines.append(f"出具告知单：villagedesk cert refuse --item {r['item_code']} --applicant 姓名 --out 告知单.pdf")
        if r.get("commitment"):  # the county accepts 告知承诺 for this item (厅字〔2022〕28号 二(三)7)
            lines.append(f"可告知承诺：villagedesk cert commitment --item {r['item_code']} --applicant 姓名 --out 告知承诺书.pdf")
        sys.stderr.write("\n".join(lines) + "\n")
    return 2


def cmd_cert(args) -> int:
    from villagedesk.services import certificates

    session = desk_session(args)
    session.require_desk()
    r: Any  # each action's own result; printed through its JSON shape
    if args.action == "form":
        r = certificates.prepare(session, args.item)

        def human(r):
            item = r["item"] or {"title": "据实出具证明", "code": "generic"}
            if r["kind"] == "forbidden":
                f = r["refusal"]
                return "\n".join([f"{item['title']}（{item['code']}）：不应出具", f"原因：{f['reason']}",
                                  f"改由何处办理：{f['channel'] or '请向相关主管部门咨询'} {f['department']}".rstrip()])
            form = r["form"]
            lines = [f"{form['title']}（{item['code']}，表单 {form['id']}，{form['paper']}）",
                     f"办理时限：{'当场办结' if not r['time_limit_days'] else str(r['time_limit_days']) + ' 个工作日（先受理 cert accept）'}",
                     "所需材料：" + "；".join(r["materials"]), "表单字段（--field 键=值）："]
            lines += [f"  {f['key']:<18} {f['label']}{'（必填）' if f['required'] else ''}" for f in form["fields"]]
            return "\n".join(lines + [f"※ {w}" for w in r.get("form_warnings", [])])

        print_result(args, r, human)
        return EXIT_OK
    if args.action in ("issue", "accept"):
        handler = _handler(session, args.handler)
        common = dict(values=_values(args), materials=_materials(session, args), handler=handler,
                      verification=args.verification, major=args.major, legal_risk=args.legal_risk,
                      decision_record=args.decision, note=args.note, today=parse_date(args.date))
        try:
            if args.action == "issue":
                r = certificates.issue(session, item_code=args.item, out=args.out, accept_number=args.accepted or None,
                                       reviewer=args.reviewer, recipient=args.recipient,
                                       replaces_number=args.replaces or None, void_reason=args.void_reason,
                                       overwrite=args.overwrite, **common)
                print_result(args, r, _issued)
            else:
                r = certificates.accept(session, item_code=args.item, out=args.out, overwrite=args.overwrite, **common)
                print_result(args, r, lambda r: f"已受理：{r['number']}（{r['item_title']}，{r['subject_name']}），"
                                          f"应于 {r['due_on']} 前办结（{r['working_days']} 个工作日）\n受理回执：{r['pdf']}"
                                          + (f"\n注意：{r['warning']}" if r.get("warning") else ""))
        except certificates.NotToBeIssued as exc:
            return _refusal_error(args, exc)
        return EXIT_OK
    if args.action == "refuse":
        r = certificates.refuse(session, applicant=args.applicant, handler=_handler(session, args.handler),
                                item_code=args.item, matter=args.matter, id_number=args.id_number, purpose=args.purpose,
                                reason=args.reason, phone=args.phone, note=args.note,
                                accept_number=args.accepted or None, out=args.out, today=parse_date(args.date),
                                overwrite=args.overwrite)
        print_result(args, r, lambda r: f"已出具不予出具告知单：{r['number']}（{r['item_title']}）\n原因：{r['reason']}\nPDF：{r['pdf']}")
        return EXIT_OK
    if args.action == "commitment":
        from villagedesk.services import commitment

        r = commitment.letter(session, args.item, args.applicant, Path(args.out), id_number=args.id_number,
                              overwrite=args.overwrite)
        print_result(args, r, lambda r: f"已生成告知承诺书：{r['file']}（请申请人签名后交{r['department'] or '受理部门'}；不登记台账）")
        return EXIT_OK
    if args.action == "void":
        r = certificates.void(session, args.number, reason=args.reason, handler=_handler(session, args.handler))
        print_result(args, r, lambda r: f"已作废：{r['voided']}（原因：{r['reason']}）")
        return EXIT_OK
    if args.action == "reprint":
        r = certificates.reprint(session, args.number, out=args.out, overwrite=args.overwrite)
        print_result(args, r, lambda r: f"已重新打印 {r['number']}：{r['pdf']}"
                                  + (f"\n此件已作废，打印件带“作废”标记：{r['void_notice']}" if r.get("voided") else ""))
        return EXIT_OK
    if args.action == "amend":
        from villagedesk.services.certificates import parse_field_args

        r = certificates.amend_accepted(session, args.number, values=parse_field_args(args.field),
                                        materials=args.material, handler=_handler(session, args.handler),
                                        note=args.note, today=parse_date(args.date))
        print_result(args, r, lambda r: f"已更正受理 {r['number']}：{r['reason']}（出具时按更正后的内容）\n"
                                  f"需要新的受理回执时：villagedesk cert reprint {r['number']}")
        return EXIT_OK
    rows = certificates.pending(session)
    print_result(args, {"pending": rows}, lambda r: "\n".join(
        f"{x['number']}  {x['item_title']}  {x['subject_name']}  应办结 {x['due_on']}{'  【逾期】' if x.get('overdue') else ''}"
        for x in r["pending"]) or "没有待办结的受理")
    return EXIT_OK


COMMANDS = {"cert": cmd_cert}

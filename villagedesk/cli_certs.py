"""`villagedesk cert|ledger|verify|key`: certificates, the issuance ledger and verification.

Parsers only at import time (so `--help` stays fast); each command imports its services.
"""

from __future__ import annotations

import argparse
from pathlib import Path

COMMANDS = ("cert", "ledger", "verify", "key")
EXIT_OK, EXIT_FAIL = 0, 1

STATUS_HELP = "状态：valid 有效 / voided 作废 / reissued 已重新出具 / pending 待出具 / overdue 逾期 / refused 不予出具 / issued 已出具"


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
        from villagedesk.cli import add_overwrite

        p.add_argument("--out", help="PDF 文件名（默认保存在数据文件夹的 证明/年份/ 下）")
        add_overwrite(p)


def add_parsers(sub, common, parser_class) -> None:
    from villagedesk.cli import add_overwrite

    cert = sub.add_parser("cert", parents=[common], help="出具证明、受理、不予出具、作废、重印")
    cs = cert.add_subparsers(dest="action", metavar="操作", parser_class=parser_class, required=True)
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

    led = sub.add_parser("ledger", parents=[common], help="开具证明台账：查询、导出、打印、校验")
    ls = led.add_subparsers(dest="action", metavar="操作", parser_class=parser_class, required=True)
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
    ls.add_parser("verify", parents=[common], help="校验台账：哈希链、签名、编号连续；完好才返回 0")

    ver = sub.add_parser("verify", parents=[common], help="核验证明二维码：扫描内容、图片或 PDF")
    ver.add_argument("payload", nargs="?", default="", help="扫码枪输入的二维码内容（以 VD1: 开头）")
    ver.add_argument("--image", help="证明的照片或扫描图片")
    ver.add_argument("--pdf", help="村务桌面生成的证明 PDF")

    key = sub.add_parser("key", parents=[common], help="签名密钥：查看本机公钥、导出、信任或撤销其他单位的公钥")
    ks = key.add_subparsers(dest="action", metavar="操作", parser_class=parser_class, required=True)
    ks.add_parser("list", parents=[common], help="本机的签名密钥和信任的单位（含指纹、撤销记录）")
    k_export = ks.add_parser("export", parents=[common], help="导出本机公钥（交乡镇/县汇总）")
    k_export.add_argument("file", help=".json 文件名")
    add_overwrite(k_export)
    k_trust = ks.add_parser("trust", parents=[common], help="信任另一单位的公钥文件：先显示指纹，电话核对后确认")
    k_trust.add_argument("file")
    k_trust.add_argument("--yes", action="store_true", help="已电话核对指纹，不再询问（供脚本使用）")
    k_trust.add_argument("--second-key", action="store_true", help="该单位已有受信任的密钥时，确认再信任第二把")
    k_revoke = ks.add_parser("revoke", parents=[common], help="撤销一把密钥（记录日期和原因，不删除）")
    k_revoke.add_argument("key_id", help="密钥编号（16 位十六进制，见 key list）")
    k_revoke.add_argument("--reason", required=True, help="撤销原因")
    k_revoke.add_argument("--date", default="", help="自哪天起不再可信 YYYY-MM-DD（默认今天）")


def run(args) -> int:
    return {"cert": _cert, "ledger": _ledger, "verify": _verify, "key": _key}[args.command](args)


def _date(text: str):
    from datetime import date

    from villagedesk.core.errors import UserError

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"日期「{text[:20]}」应为 YYYY-MM-DD 格式", where="--date") from None


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


def _cert(args) -> int:
    from villagedesk.cli import _print, _session
    from villagedesk.services import certificates

    session = _session(args)
    session.require_desk()
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

        _print(args, r, human)
        return EXIT_OK
    if args.action in ("issue", "accept"):
        handler = _handler(session, args.handler)
        common = dict(values=_values(args), materials=_materials(session, args), handler=handler,
                      verification=args.verification, major=args.major, legal_risk=args.legal_risk,
                      decision_record=args.decision, note=args.note, today=_date(args.date))
        try:
            if args.action == "issue":
                r = certificates.issue(session, item_code=args.item, out=args.out, accept_number=args.accepted or None,
                                       reviewer=args.reviewer, recipient=args.recipient,
                                       replaces_number=args.replaces or None, void_reason=args.void_reason,
                                       overwrite=args.overwrite, **common)
                _print(args, r, _issued)
            else:
                r = certificates.accept(session, item_code=args.item, out=args.out, overwrite=args.overwrite, **common)
                _print(args, r, lambda r: f"已受理：{r['number']}（{r['item_title']}，{r['subject_name']}），"
                                          f"应于 {r['due_on']} 前办结（{r['working_days']} 个工作日）\n受理回执：{r['pdf']}"
                                          + (f"\n注意：{r['warning']}" if r.get("warning") else ""))
        except certificates.NotToBeIssued as exc:
            return _refusal_error(args, exc)
        return EXIT_OK
    if args.action == "refuse":
        r = certificates.refuse(session, applicant=args.applicant, handler=_handler(session, args.handler),
                                item_code=args.item, matter=args.matter, id_number=args.id_number, purpose=args.purpose,
                                reason=args.reason, phone=args.phone, note=args.note,
                                accept_number=args.accepted or None, out=args.out, today=_date(args.date),
                                overwrite=args.overwrite)
        _print(args, r, lambda r: f"已出具不予出具告知单：{r['number']}（{r['item_title']}）\n原因：{r['reason']}\nPDF：{r['pdf']}")
        return EXIT_OK
    if args.action == "commitment":
        from villagedesk.services import commitment

        r = commitment.letter(session, args.item, args.applicant, Path(args.out), id_number=args.id_number,
                              overwrite=args.overwrite)
        _print(args, r, lambda r: f"已生成告知承诺书：{r['file']}（请申请人签名后交{r['department'] or '受理部门'}；不登记台账）")
        return EXIT_OK
    if args.action == "void":
        r = certificates.void(session, args.number, reason=args.reason, handler=_handler(session, args.handler))
        _print(args, r, lambda r: f"已作废：{r['voided']}（原因：{r['reason']}）")
        return EXIT_OK
    if args.action == "reprint":
        r = certificates.reprint(session, args.number, out=args.out, overwrite=args.overwrite)
        _print(args, r, lambda r: f"已重新打印 {r['number']}：{r['pdf']}"
                                  + (f"\n此件已作废，打印件带“作废”标记：{r['void_notice']}" if r.get("voided") else ""))
        return EXIT_OK
    if args.action == "amend":
        from villagedesk.services.certificates import parse_field_args

        r = certificates.amend_accepted(session, args.number, values=parse_field_args(args.field),
                                        materials=args.material, handler=_handler(session, args.handler),
                                        note=args.note, today=_date(args.date))
        _print(args, r, lambda r: f"已更正受理 {r['number']}：{r['reason']}（出具时按更正后的内容）\n"
                                  f"需要新的受理回执时：villagedesk cert reprint {r['number']}")
        return EXIT_OK
    rows = certificates.pending(session)
    _print(args, {"pending": rows}, lambda r: "\n".join(
        f"{x['number']}  {x['item_title']}  {x['subject_name']}  应办结 {x['due_on']}{'  【逾期】' if x.get('overdue') else ''}"
        for x in r["pending"]) or "没有待办结的受理")
    return EXIT_OK


def _filters(args) -> dict:
    return {"text": args.text, "number": args.number or None, "name": args.name or None,
            "id_number": args.id_number or None, "item": args.item or None, "date_from": args.date_from or None,
            "date_to": args.date_to or None, "status": args.status or None}


def _ledger(args) -> int:
    from villagedesk.cli import _print, _session
    from villagedesk.services import ledger

    session = _session(args)
    session.require_desk()
    if args.action == "verify":
        from villagedesk.services.verification import verify_ledger

        r = verify_ledger(session)

        def human(r):
            if r["ok"]:
                return f"台账完好：共 {r['entries']} 条记录，哈希链、签名和编号均核对无误"
            bad = r["first_bad"]
            return f"台账校验未通过（共 {r['entries']} 条）：{bad['problem']}"

        _print(args, r, human)
        return EXIT_OK if r["ok"] else EXIT_FAIL
    if args.action == "export":
        r = ledger.export_xlsx(session, Path(args.file), overwrite=args.overwrite, **_filters(args))
        _print(args, r, lambda r: f"已导出 {r.get('rows', '')} 条记录：{r['file']}")
        return EXIT_OK
    if args.action == "print":
        r = ledger.print_pdf(session, Path(args.out), overwrite=args.overwrite, **_filters(args))
        _print(args, r, lambda r: f"已生成台账 PDF：{r['file']}（{r.get('pages', '')} 页）")
        return EXIT_OK
    r = ledger.list_entries(session, **_filters(args), offset=max(0, args.offset), limit=max(1, min(args.limit, 1000)))

    def human(r):
        lines = [f"{e.get('number') or '（作废记录）':<24} {e['issued_on']}  {e.get('status_name', '')}  "
                 f"{e.get('item_title') or ''}  {e.get('subject_name') or e.get('applicant') or ''}" for e in r["entries"]]
        lines.append(f"共 {r['total']} 条" + (f"，显示 {len(r['entries'])} 条" if r["total"] > len(r["entries"]) else ""))
        return "\n".join(lines)

    _print(args, r, human)
    return EXIT_OK


def _verify(args) -> int:
    from villagedesk.cli import _print, _session
    from villagedesk.services.verification import verify

    session = _session(args)
    r = verify(session, text=args.payload or None, image=args.image, pdf=args.pdf)

    def human(r):
        lines = [f"核验结果：{r['title']}", r["explanation"]]
        f = r.get("fields")
        if r.get("signed_fields"):  # all that was signed, to hold against the paper (issue #9)
            lines += ["签名的内容（请与纸面逐项核对）："] + [f"  {x['label']}：" + str(x["value"]).replace("\n", "\n    ")
                                                       for x in r["signed_fields"]]
        elif f:
            lines += [f"  编号：{f['number']}", f"  事项：{f['item_code']}", f"  日期：{f['issued_on']}",
                      f"  姓名：{f['holder_name']}", f"  身份证号码：{f['id_masked'] or '（无）'}"]
        if r.get("issuer") and not r.get("signed_fields"):
            lines.append(f"  签发单位：{r['issuer']['office_name']}（{r['issuer']['office_code']}）")
        return "\n".join(lines)

    _print(args, r, human)
    return EXIT_OK if r["valid"] else EXIT_FAIL


def _key(args) -> int:
    from villagedesk.cli import _print, _session
    from villagedesk.services import keys

    session = _session(args)
    session.require_desk()
    if args.action == "export":
        import json

        from villagedesk.files import atomic_write, check_output

        # a .json outside the data folder's own files, an existing one only with --overwrite (issue #9 item 1)
        check_output(Path(args.file), suffix=".json", data_dir=session.data_dir, overwrite=args.overwrite)
        data = keys.export_data(session)
        text = json.dumps({k: v for k, v in data.items() if k != "fingerprint"}, ensure_ascii=False, indent=2) + "\n"
        atomic_write(Path(args.file), lambda fh: fh.write(text.encode("utf-8")))
        _print(args, {"file": args.file, **data},
               lambda r: f"已导出本机公钥（{r['key_id']}）：{r['file']}\n指纹：{r['fingerprint']}（对方导入时请电话核对）")
        return EXIT_OK
    if args.action == "trust":
        return _key_trust(args, session)
    if args.action == "revoke":
        r = keys.revoke(session, args.key_id, args.reason, effective_on=args.date)
        _print(args, r, lambda r: f"已撤销：{r['office_name']}（{r['office_code']}）密钥 {r['key_id']}，"
                                  f"自 {r['revoked_at'][:10]} 起不再可信（原因：{r['revoked_reason']}）")
        return EXIT_OK
    _print(args, {"keys": keys.list_keys(session)}, lambda r: "\n".join(
        f"{'本机' if k['own'] else '信任'}  {k['key_id']}  {k['office_name']}（{k['office_code']}）  指纹 {k['fingerprint']}"
        + (f"  已撤销：{k['revoked_at'][:10]}（{k['revoked_reason']}）" if k["revoked_at"] else "") for k in r["keys"])
        or "（还没有密钥：出具第一份证明时自动生成）")
    return EXIT_OK


def _key_trust(args, session) -> int:
    """Show who the file claims to be and its fingerprint, then ask (or take --yes)."""
    import sys

    from villagedesk.cli import _print
    from villagedesk.core.errors import UserError
    from villagedesk.services import keys

    info = keys.inspect_key_file(session, args.file)
    if info["own_office"]:
        keys.trust_key_file(session, args.file)  # refuses, in the store's words
    if info["second_key"] and not args.second_key:
        raise UserError(info["warning"] + "如确认，请加 --second-key 重新运行", where="office_code")
    if not info["already_trusted"]:
        sys.stderr.write(f"公钥文件：{info['office_name']}（{info['office_code']}）密钥 {info['key_id']}\n"
                         f"指纹：{info['fingerprint']}\n")
        if info["warning"]:
            sys.stderr.write("警告：" + info["warning"] + "\n")
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError("没有确认：请先打电话向该单位核对上面的指纹，核对无误后加 --yes 重新运行")
            sys.stderr.write("指纹与对方电话中读出的一致吗？输入 y 确认信任 [y/N]：")
            sys.stderr.flush()
            if sys.stdin.readline().strip().lower() not in ("y", "yes", "是"):
                raise UserError("已取消，没有信任这把公钥")
    result = keys.trust_key_file(session, args.file, second_key=args.second_key)
    _print(args, result, lambda r: f"已信任：{r['office_name']}（{r['office_code']}）密钥 {r['key_id']}  指纹 {r['fingerprint']}")
    return EXIT_OK

"""`villagedesk key list|export|trust|revoke`: this desk's signing key and the keys of other
offices it trusts, all through services/keys.py (the CLI never touches the key store);
`key enrolments …` and `key trust-list …`: the county's trust list, through services/trust.py."""

from __future__ import annotations

from pathlib import Path

from villagedesk.cli.common import EXIT_OK, Parser, add_overwrite, desk_session, print_result


def add_parsers(sub, common) -> None:
    key = sub.add_parser("key", parents=[common], help="签名密钥：查看本机公钥、导出、信任或撤销其他单位的公钥")
    ks = key.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
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
    k_send = ks.add_parser("enrol", parents=[common], help="写出本机密钥的登记包到 U 盘（交乡镇转县；同 sync enrol）")
    k_send.add_argument("--to", required=True, dest="folder", help="U 盘或文件夹")
    k_send.add_argument("--for", dest="to_office", default="", help="收件单位的区划代码（默认：上级）")
    k_enrol = ks.add_parser("enrolments", parents=[common], help="各单位报送的密钥登记（县级桌面审核后列入信任清单）")
    es = k_enrol.add_subparsers(dest="decision", metavar="审核", parser_class=Parser, required=False)
    for name, words in (("accept", "列入信任清单"), ("refuse", "拒绝")):
        e = es.add_parser(name, parents=[common], help=f"{words}一把登记的密钥")
        e.add_argument("key_id", help="密钥编号（16 位十六进制，见 key enrolments）")
        e.add_argument("--note", default="", help="备注（如电话核对的时间和人）")
    k_enrol.add_argument("--status", choices=["pending", "listed", "refused"], help="只列出这种状态的登记")
    k_list = ks.add_parser("trust-list", parents=[common], help="县级信任清单：发布、查看、固定县级密钥、采用")
    ls = k_list.add_subparsers(dest="list_action", metavar="操作", parser_class=Parser, required=True)
    publish = ls.add_parser("publish", parents=[common], help="发布新一版信任清单（县级桌面）")
    publish.add_argument("--days", type=int, default=365, help="清单有效天数（默认 365）")
    publish.add_argument("--serial", type=int, default=None, help="版本号（仅县级桌面重新安装、更换密钥后使用）")
    publish.add_argument("--out", default="", help="同时写成 .json 文件（交乡镇、村手工导入）")
    add_overwrite(publish)
    show = ls.add_parser("show", parents=[common], help="本机固定的县级密钥和当前信任清单")
    show.add_argument("--out", default="", help="把当前清单原样写成 .json 文件")
    add_overwrite(show)
    pin = ls.add_parser("pin", parents=[common], help="电话核对指纹后，固定清单的县级签名密钥")
    pin.add_argument("file", help="信任清单 .json 文件")
    pin.add_argument("--fingerprint", required=True, help="电话中县里读出的指纹（可含空格、短横线，不分大小写）")
    pin.add_argument("--by", default="", help="核对人")
    pin.add_argument("--replace", action="store_true", help="县里更换了密钥：重新固定（须重新电话核对）")
    apply = ls.add_parser("apply", parents=[common], help="采用信任清单文件（须已固定县级密钥）")
    apply.add_argument("file", help="信任清单 .json 文件")


def cmd_key(args) -> int:
    from villagedesk.services import keys

    session = desk_session(args)
    session.require_desk()
    if args.action == "export":
        r = keys.export_file(session, args.file, overwrite=args.overwrite)
        print_result(args, {**r, "file": args.file},  # the name as given (the JSON shape of earlier versions)
                     lambda r: f"已导出本机公钥（{r['key_id']}）：{r['file']}\n指纹：{r['fingerprint']}（对方导入时请电话核对）")
        return EXIT_OK
    if args.action == "trust":
        return _key_trust(args, session)
    if args.action == "enrol":
        from villagedesk.cli.sync import export_and_print

        return export_and_print(args, session, ["enrolment"])
    if args.action == "enrolments":
        return _enrolments(args, session)
    if args.action == "trust-list":
        return _trust_list(args, session)
    if args.action == "revoke":
        r = keys.revoke(session, args.key_id, args.reason, effective_on=args.date)
        print_result(args, r, lambda r: f"已撤销：{r['office_name']}（{r['office_code']}）密钥 {r['key_id']}，"
                                  f"自 {r['revoked_at'][:10]} 起不再可信（原因：{r['revoked_reason']}）")
        return EXIT_OK
    print_result(args, {"keys": keys.list_keys(session)}, lambda r: "\n".join(
        f"{'本机' if k['own'] else '信任（' + k['via_name'] + '）'}  {k['key_id']}  {k['office_name']}（{k['office_code']}）  指纹 {k['fingerprint']}"
        + (f"  已撤销：{k['revoked_at'][:10]}（{k['revoked_reason']}）" if k["revoked_at"] else "") for k in r["keys"])
        or "（还没有密钥：出具第一份证明时自动生成）")
    return EXIT_OK


def _key_trust(args, session) -> int:
    """Show who the file claims to be and its fingerprint, then ask (or take --yes)."""
    import sys

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
    result = keys.trust_key_file(session, args.file, second_key=args.second_key,
                                 confirmed_fingerprint=info["fingerprint"])
    print_result(args, result, lambda r: f"已信任：{r['office_name']}（{r['office_code']}）密钥 {r['key_id']}  指纹 {r['fingerprint']}")
    return EXIT_OK


def _enrolments(args, session) -> int:
    from villagedesk.services import trust

    if args.decision:
        r = trust.decide_enrolment(session, args.key_id, accept=args.decision == "accept", note=args.note)
        print_result(args, r, lambda r: f"{r['office_name']}（{r['office_code']}）密钥 {r['key_id']}：{r['status_name']}"
                     + ("（下次发布信任清单时列入）" if r["status"] == "listed" else ""))
        return EXIT_OK
    found = trust.enrolments(session, args.status)
    print_result(args, {"enrolments": found}, lambda r: "\n".join(
        f"{e['status_name']}  {e['key_id']}  {e['office_name']}（{e['office_code']}）  指纹 {e['fingerprint']}"
        + (f"  {e['note']}" if e["note"] else "") for e in r["enrolments"]) or "（没有密钥登记）")
    return EXIT_OK


def _trust_list(args, session) -> int:
    from villagedesk.services import trust

    if args.list_action == "publish":
        if args.out:
            trust.check_export_path(session, args.out, overwrite=args.overwrite)
        record = trust.publish_trust_list(session, valid_days=args.days, serial=args.serial)
        written = trust.export_trust_list(session, args.out, overwrite=args.overwrite) if args.out else None
        out = {**record, **({"file": written["file"]} if written else {})}
        print_result(args, out, lambda r: f"已发布信任清单第 {r['list']['serial']} 版（{len(r['list']['entries'])} 把密钥，"
                     f"有效期至 {r['list']['valid_until']}）" + (f"：{r['file']}" if written else ""))
        return EXIT_OK
    if args.list_action == "show":
        r = trust.status(session)
        written = trust.export_trust_list(session, args.out, overwrite=args.overwrite) if args.out else None
        print_result(args, {**r, **({"file": written["file"]} if written else {})}, _show_text)
        return EXIT_OK
    record = trust.read_trust_list_file(args.file)
    if args.list_action == "pin":
        r = trust.pin_county(session, record=record, confirmed_fingerprint=args.fingerprint, confirmed_by=args.by,
                             replace=args.replace)
        print_result(args, r, lambda r: f"已固定{r['county_name']}（{r['county_code']}）的县级密钥，指纹 {r['fingerprint']}"
                     + ("" if r["new"] else "（本来就已固定）"))
        return EXIT_OK
    preview = trust.preview_trust_list(session, record)
    r = {**trust.apply_trust_list(session, record, source=Path(args.file).name), "preview": preview}
    print_result(args, r, lambda r: {"apply": f"已采用{r['county_name']}信任清单第 {r['serial']} 版：新增 {r['added']} 把密钥，"
                                              f"撤销 {r['revoked']} 把，更新 {r['updated']} 把",
                                     "unchanged": f"本机已有{r['county_name']}信任清单第 {r['serial']} 版，没有变化"}[r["outcome"]])
    return EXIT_OK


def _show_text(r: dict) -> str:
    lines = []
    pin = r["pin"]
    lines.append(f"县级密钥：{pin['county_name']}（{pin['county_code']}）指纹 {pin['fingerprint']}，{pin['pinned_at'][:10]} 固定"
                 if pin else "县级密钥：尚未固定（收到县级信任清单后，电话核对指纹再固定）")
    cur = r["current"]
    lines.append(f"信任清单：第 {cur['serial']} 版，{cur['entries']} 把密钥（撤销 {cur['revoked']} 把），有效期至 {cur['valid_until']}"
                 + ("，已过期" if cur["expired"] else "") if cur else "信任清单：无")
    if r["level"] in ("township", "county"):
        lines.append(f"待审核的密钥登记：{r['pending_enrolments']} 条")
    if r.get("file"):
        lines.append(f"已写出：{r['file']}")
    return "\n".join(lines)


COMMANDS = {"key": cmd_key}

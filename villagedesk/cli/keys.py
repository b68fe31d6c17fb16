"""`villagedesk key list|export|trust|revoke`: this desk's signing key and the keys of other
offices it trusts, all through services/keys.py (the CLI never touches the key store)."""

from __future__ import annotations

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
    if args.action == "revoke":
        r = keys.revoke(session, args.key_id, args.reason, effective_on=args.date)
        print_result(args, r, lambda r: f"已撤销：{r['office_name']}（{r['office_code']}）密钥 {r['key_id']}，"
                                  f"自 {r['revoked_at'][:10]} 起不再可信（原因：{r['revoked_reason']}）")
        return EXIT_OK
    print_result(args, {"keys": keys.list_keys(session)}, lambda r: "\n".join(
        f"{'本机' if k['own'] else '信任'}  {k['key_id']}  {k['office_name']}（{k['office_code']}）  指纹 {k['fingerprint']}"
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


COMMANDS = {"key": cmd_key}

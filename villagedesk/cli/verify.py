"""`villagedesk verify`: a certificate's signed QR code, from the scanner, an image or a PDF."""

from __future__ import annotations

from villagedesk.cli.common import EXIT_FAIL, EXIT_OK, desk_session, print_result


def add_parsers(sub, common) -> None:
    ver = sub.add_parser("verify", parents=[common], help="核验证明二维码：扫描内容、图片或 PDF")
    ver.add_argument("payload", nargs="?", default="", help="扫码枪输入的二维码内容（以 VD1: 开头）")
    ver.add_argument("--image", help="证明的照片或扫描图片")
    ver.add_argument("--pdf", help="村务桌面生成的证明 PDF")


def cmd_verify(args) -> int:
    from villagedesk.services.verification import verify

    session = desk_session(args)
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

    print_result(args, r, human)
    return EXIT_OK if r["valid"] else EXIT_FAIL


COMMANDS = {"verify": cmd_verify}

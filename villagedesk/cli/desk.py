"""`villagedesk init|info|region|reenrol`: the office this desk serves, the region codes, and
re-enrolling a desk whose database was copied or restored onto this PC."""

from __future__ import annotations

from villagedesk.cli.common import EXIT_OK, Parser, data_dir, desk_session, print_result


def add_parsers(sub, common) -> None:
    init = sub.add_parser("init", parents=[common], help="设置本机办公室（区划代码、单位全称、级别）")
    init.add_argument("--region-code", help="12 位统计用区划代码，如 533103105201")
    init.add_argument("--name", help="单位全称，如 芒市风平镇风平村民委员会")
    init.add_argument("--level", choices=["village", "township", "county"], help="级别：village 村 / township 乡镇 / county 县")
    init.add_argument("--short-name", default="", help="简称，用于证明编号，如 风平村")
    init.add_argument("--jurisdiction", default="", help="辖区规则，如 yunnan-dehong（默认按区划代码）")
    init.add_argument("--org", action="append", default=[], metavar="角色=全称",
                      help="组织的批准全称：party / committee / supervision / collective / service_center / "
                           "civilization_station，可重复；未写的按单位全称推出，请核对")
    init.add_argument("--handler", default=None, help="经办人姓名（打印在证明上；也可用 settings set handler 姓名）")

    sub.add_parser("info", parents=[common], help="本机办公室和目录版本")

    ren = sub.add_parser("reenrol", parents=[common],
                        help="重新登记本机：数据库复制或恢复到这台电脑后，作为新桌面接着写本单位的台账")
    ren.add_argument("--reason", required=True, help="原因，如：更换电脑、从备份恢复到新电脑")

    reg = sub.add_parser("region", parents=[common], help="查区划代码（内置的县、乡镇、村）")
    rs = reg.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
    r_search = rs.add_parser("search", parents=[common], help="按名称或代码开头查找，如 风平、5331031")
    r_search.add_argument("text")


def cmd_init(args) -> int:
    from villagedesk.services import desk
    from villagedesk.services.session import Session

    if getattr(args, "demo", False):
        session = Session(data_dir(args))
        result = desk.init_demo(session)
    else:
        missing = [n for n, v in (("--region-code", args.region_code), ("--name", args.name), ("--level", args.level)) if not v]
        if missing:
            from villagedesk.core.errors import UserError

            raise UserError("缺少参数：" + "、".join(missing) + "（或用 --demo 建立演示办公室）")
        session = Session(data_dir(args))
        result = desk.init_desk(session, region_code=args.region_code, name=args.name, level=args.level,
                                short_name=args.short_name, jurisdiction=args.jurisdiction,
                                organisations=desk.parse_org_args(args.org), handler=args.handler)
    result["data_dir"] = str(session.data_dir)

    def human(r):
        d = r["desk"]
        lines = [f"已设置办公室：{d['name']}（{d['short_name']}，区划代码 {d['region_code']}）", f"数据文件夹：{r['data_dir']}"]
        said = {"install": "已导入", "unchanged": "已是最新", "kept_installed": "保留已安装的较新版本"}
        lines += [f"  目录 {c['title']} {c['version']}：{said.get(c['outcome'], c['outcome'])}" for c in r["catalogues_installed"]]
        lines += organisation_lines(r["organisations"])
        lines.append(f"经办人：{r['handler']}" if r["handler"] else
                     "经办人：未设置（出具证明前请运行 villagedesk settings set handler 姓名，或每次用 --handler 指定）")
        return "\n".join(lines)

    print_result(args, result, human)
    return EXIT_OK


def organisation_lines(rows: list[dict]) -> list[str]:
    """The stored organisation names, for the clerk to check against the approval documents."""
    lines = ["组织全称（打印牌子规格和摸排报告时使用，请按批准设置文件核对；修改：“设置”的“单位信息”，或 init --org 角色=全称）："]
    for row in rows:
        if row["name"]:
            lines.append(f"  {row['label']}：{row['name']}" + ("（按单位全称推出，请核对）" if row["derived"] else ""))
        else:
            lines.append(f"  {row['label']}：{row['note']}")
    return lines


def cmd_info(args) -> int:
    from villagedesk.services import desk

    result = desk.info(desk_session(args))
    print_result(args, result, lambda r: "\n".join([
        f"办公室：{r['desk']['name']}（{r['level_name']}，区划代码 {r['desk']['region_code']}）",
        f"辖区规则：{r['jurisdiction_name']}",
        f"适用目录：{r['catalogue_summary'] or '无'}",
        f"数据文件夹：{r['data_dir']}",
        f"经办人：{r['handler'] or '未设置'}",
    ] + organisation_lines(r["organisations"]) + (["※ 这是演示数据"] if r["desk"]["demo"] else [])
        + [f"※ {w}" for w in r.get("form_warnings", [])]
        + ([f"※ {r['seat']['text']}"] if r["seat"]["moved"] else [])))
    return EXIT_OK


def cmd_reenrol(args) -> int:
    from villagedesk.services import desk_identity

    r = desk_identity.reenrol(desk_session(args), reason=args.reason)
    print_result(args, r, lambda r: f"已重新登记：本机是新的桌面，从第 {r['continues_at']} 条起接着写本单位的台账。\n"
                 f"新密钥指纹：{r['fingerprint']}\n{r['next']}")
    return EXIT_OK


def cmd_region(args) -> int:
    from villagedesk.services import desk

    found = desk.find_regions(args.text)
    print_result(args, {"regions": found}, lambda r: "\n".join(f"{x['code']}  {x['path']}" for x in r["regions"])
                 or f"内置区划中没有「{args.text}」（目前内置芒市、延吉市、渝北区）")
    return EXIT_OK


COMMANDS = {"init": cmd_init, "info": cmd_info, "region": cmd_region, "reenrol": cmd_reenrol}

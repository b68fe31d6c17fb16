"""`villagedesk`: every user action on the command line; no command opens the window.

Imports stay inside the commands so that `--help` answers at once and only the commands
that need Qt or reportlab load them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2

LIST_HELP = "清单：自治 / 协助 / 负面 / 牌子 / 保留证明 / 不应出具（或 autonomy, assist, negative, signboard, cert_retained, cert_forbidden）"


# argparse writes its own messages in English (Python 3.11's wording); the parser below says
# them in Chinese. Each pattern is one message of argparse.py; the first that matches wins.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.*)\)", r"参数 \1：无效的选择 \2（可选：\3）"),
    (r"argument (.+?): invalid int value: (.*)", r"参数 \1：不是整数：\2"),
    (r"argument (.+?): invalid float value: (.*)", r"参数 \1：不是数字：\2"),
    (r"argument (.+?): invalid (.+?) value: (.*)", r"参数 \1：值无效：\3"),
    (r"argument (.+?): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (.+?): expected at least one argument", r"参数 \1 后面至少需要一个值"),
    (r"argument (.+?): expected at most one argument", r"参数 \1 后面最多只能有一个值"),
    (r"argument (.+?): expected (\d+) arguments?", r"参数 \1 后面需要 \2 个值"),
    (r"argument (.+?): not allowed with argument (.*)", r"参数 \1 不能与 \2 同时使用"),
    (r"argument (.+?): ignored explicit argument (.*)", r"参数 \1 不接受值 \2"),
    (r"ambiguous option: (.+?) could match (.*)", r"选项 \1 不明确，可能是：\2"),
    (r"one of the arguments (.*) is required", r"必须给出以下参数之一：\1"),
    (r"argument (.+?): (.*)", r"参数 \1：\2"),
)


def chinese_argparse_message(message: str) -> str:
    """An argparse error message in Chinese (unknown wordings pass unchanged)."""
    import re

    for pattern, replacement in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message, flags=re.DOTALL):
            return re.sub(pattern, replacement, message, count=1, flags=re.DOTALL)
    return message


class _HelpFormatter(argparse.HelpFormatter):
    """`用法：` instead of argparse's `usage: `."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Chinese: the usage line, the section titles, -h's help and the errors,
    which go to stderr with exit code 2 (as argparse's own)."""

    def __init__(self, *args, add_help: bool = True, parents=(), **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")
        for parent in parents:  # after -h, as argparse itself orders them
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"参数错误：{chinese_argparse_message(message)}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def add_overwrite(parser) -> None:
    """--overwrite for every command that writes a file: without it an existing file is refused."""
    parser.add_argument("--overwrite", action="store_true", help="目标文件已存在时覆盖它（只覆盖同类文件，从不覆盖数据文件夹中的台账、备份和密钥）")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出一个 JSON 文档（供程序读取）")
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="数据文件夹（默认：用户数据目录；便携模式为程序旁的 data/）")
    common.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="使用演示数据（风平村），首次使用时自动建立")

    p = _Parser(prog="villagedesk", description="村务桌面 VillageDesk：村级证明、目录、台账和牌子检查。不带命令时打开窗口。",
                parents=[common])
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    sub.add_parser("gui", parents=[common], help="打开窗口")

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

    reg = sub.add_parser("region", parents=[common], help="查区划代码（内置的县、乡镇、村）")
    rs = reg.add_subparsers(dest="action", metavar="操作", parser_class=_Parser, required=True)
    r_search = rs.add_parser("search", parents=[common], help="按名称或代码开头查找，如 风平、5331031")
    r_search.add_argument("text")

    cat = sub.add_parser("catalogue", parents=[common], help="目录：查询、导入、导出模板")
    cs = cat.add_subparsers(dest="action", metavar="操作", parser_class=_Parser, required=True)
    c_list = cs.add_parser("list", parents=[common], help="已安装的目录；加 --list 列出某一清单的事项")
    c_list.add_argument("--list", dest="list_name", help=LIST_HELP)
    c_search = cs.add_parser("search", parents=[common], help="搜索事项（汉字、拼音或首字母）")
    c_search.add_argument("query", help="如 居住、jzzm、juzhu")
    c_search.add_argument("--list", dest="list_name", help=LIST_HELP)
    c_search.add_argument("--limit", type=int, default=20, help="最多显示几条（默认 20）")
    c_show = cs.add_parser("show", parents=[common], help="显示一个事项的全部信息")
    c_show.add_argument("code", help="事项编码")
    c_import = cs.add_parser("import", parents=[common], help="导入县级目录（.xlsx 或 .csv）")
    c_import.add_argument("file")
    c_import.add_argument("--allow-warnings", action="store_true", help="确认警告（如繁体字）后仍导入")
    c_import.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    c_tpl = cs.add_parser("export-template", parents=[common], help="导出目录导入模板（.xlsx 或 .csv）")
    c_tpl.add_argument("file")
    add_overwrite(c_tpl)
    c_print = cs.add_parser("print", parents=[common], help="把适用的目录打印成 PDF（目录上墙）")
    c_print.add_argument("--out", required=True, help="PDF 文件名")
    c_print.add_argument("--list", dest="list_name", help=LIST_HELP)
    add_overwrite(c_print)

    st = sub.add_parser("settings", parents=[common], help="查看或修改设置（如经办人、字体缩放）")
    sts = st.add_subparsers(dest="action", metavar="操作", parser_class=_Parser, required=True)
    sts.add_parser("show", parents=[common], help="显示全部设置")
    st_set = sts.add_parser("set", parents=[common], help="修改一项设置，如 handler 张丽、font-scale 1.25")
    st_set.add_argument("key")
    st_set.add_argument("value")

    bk = sub.add_parser("backup", parents=[common], help="立即备份数据文件（经检查，写入数据文件夹的 backups/，可另存到 U 盘）")
    bk.add_argument("--to", default=None, metavar="文件夹", help="另外再备份一份到这个文件夹（如 U 盘）")
    bk.add_argument("--keep", default=None, metavar="天,周,月", help="修改保留策略：按天保留的天数,按周保留的周数,按月保留的月数（默认 14,8,12）")
    bk.add_argument("--status", action="store_true", help="只显示备份位置和上次备份时间，不备份")
    rst = sub.add_parser("restore", parents=[common], help="用一份备份替换数据文件（先备份当前数据文件）")
    rst.add_argument("file", help="备份文件，如 backups/desk-daily-20261205-093000-000000.sqlite3")
    rst.add_argument("--yes", action="store_true", help="不询问，直接恢复（供脚本使用）")
    rst.add_argument("--other-office", action="store_true", help="确认要恢复另一个单位（区划代码不同）的备份")

    task = sub.add_parser("task", parents=[common], help="工作事项准入核对")
    ts = task.add_subparsers(dest="action", metavar="操作", parser_class=_Parser, required=True)
    t_check = ts.add_parser("check", parents=[common], help="某部门要求村里做的事：属于哪个清单")
    t_check.add_argument("text", help="事项内容，如 请村委会负责拆除辖区违章建筑")
    from villagedesk import cli_refused

    cli_refused.add_parsers(ts, t_check, common)  # --record, task refused, task report

    from villagedesk import cli_certs, cli_signs  # parsers only; their work imports lazily

    for area in (cli_certs, cli_signs):
        area.add_parsers(sub, common, _Parser)
    return p


def _print(args, payload, human) -> None:
    if hasattr(payload, "to_dict"):  # a typed service result (services/results.py): its JSON shape
        payload = payload.to_dict()
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        text = human(payload) if callable(human) else human
        if text:
            sys.stdout.write(text.rstrip("\n") + "\n")


def _session(args):
    from villagedesk.services.session import Session
    from villagedesk.store.location import resolve_data_dir

    demo = getattr(args, "demo", False)
    session = Session(resolve_data_dir(getattr(args, "data_dir", None), demo=demo))
    if demo and session.desk() is None:
        from villagedesk.services import desk

        desk.init_demo(session)
    return session


def _item_line(d: dict) -> str:
    return (f"{d['code']:<16} [{d['list_name']}] {d['title']}  ——{d['origin_name']}·{d['jurisdiction_name']}"
            + (f"  （按：{'、'.join(d['matched'][:3])}）" if d.get("matched") else ""))


def _item_block(d: dict) -> str:
    lines = [f"{d['title']}", f"  编码：{d['code']}", f"  清单：{d['list_name']}",
             f"  设定依据：{d['basis']}" + (f" {d['clause']}" if d["clause"] else ""),
             f"  来源：{d['origin_name']}（{d['jurisdiction_name']} 目录 {d['catalogue_version']}）"]
    lines += [f"  {x['label']}：{x['value']}" for x in d["details"]]
    if d["keywords"]:
        lines.append("  关键词：" + "、".join(d["keywords"]))
    if d["notes"]:
        lines.append(f"  备注：{d['notes']}")
    if d["origin"] == "demo":
        lines.append("  ※ 示范内容，不是正式文件规定")
    return "\n".join(lines)


def cmd_init(args) -> int:
    from villagedesk.services import desk
    from villagedesk.services.session import Session
    from villagedesk.store.location import resolve_data_dir

    if getattr(args, "demo", False):
        session = Session(resolve_data_dir(getattr(args, "data_dir", None), demo=True))
        result = desk.init_demo(session)
    else:
        missing = [n for n, v in (("--region-code", args.region_code), ("--name", args.name), ("--level", args.level)) if not v]
        if missing:
            from villagedesk.core.errors import UserError

            raise UserError("缺少参数：" + "、".join(missing) + "（或用 --demo 建立演示办公室）")
        session = Session(resolve_data_dir(getattr(args, "data_dir", None)))
        result = desk.init_desk(session, region_code=args.region_code, name=args.name, level=args.level,
                                short_name=args.short_name, jurisdiction=args.jurisdiction,
                                organisations=desk.parse_org_args(args.org), handler=args.handler)
    result["data_dir"] = str(session.data_dir)

    def human(r):
        d = r["desk"]
        lines = [f"已设置办公室：{d['name']}（{d['short_name']}，区划代码 {d['region_code']}）", f"数据文件夹：{r['data_dir']}"]
        said = {"install": "已导入", "unchanged": "已是最新", "kept_installed": "保留已安装的较新版本"}
        lines += [f"  目录 {c['title']} {c['version']}：{said.get(c['outcome'], c['outcome'])}" for c in r["catalogues_installed"]]
        lines += _organisation_lines(r["organisations"])
        lines.append(f"经办人：{r['handler']}" if r["handler"] else
                     "经办人：未设置（出具证明前请运行 villagedesk settings set handler 姓名，或每次用 --handler 指定）")
        return "\n".join(lines)

    _print(args, result, human)
    return EXIT_OK


def _organisation_lines(rows: list[dict]) -> list[str]:
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

    result = desk.info(_session(args))
    _print(args, result, lambda r: "\n".join([
        f"办公室：{r['desk']['name']}（{r['level_name']}，区划代码 {r['desk']['region_code']}）",
        f"辖区规则：{r['jurisdiction_name']}",
        f"适用目录：{r['catalogue_summary'] or '无'}",
        f"数据文件夹：{r['data_dir']}",
        f"经办人：{r['handler'] or '未设置'}",
    ] + _organisation_lines(r["organisations"]) + (["※ 这是演示数据"] if r["desk"]["demo"] else [])
        + [f"※ {w}" for w in r.get("form_warnings", [])]))
    return EXIT_OK


def cmd_region(args) -> int:
    from villagedesk.services import desk

    found = desk.find_regions(args.text)
    _print(args, {"regions": found}, lambda r: "\n".join(f"{x['code']}  {x['path']}" for x in r["regions"])
           or f"内置区划中没有「{args.text}」（目前内置芒市、延吉市、渝北区）")
    return EXIT_OK


def cmd_catalogue(args) -> int:
    from villagedesk.services import catalogue

    if args.action == "export-template":
        _print(args, catalogue.export_template(Path(args.file), overwrite=args.overwrite), lambda r: f"已写出模板：{r['file']}（每个清单一行示例）")
        return EXIT_OK
    session = _session(args)
    session.require_desk()  # which catalogues apply depends on the office
    if args.action == "print":
        from villagedesk.services.catalogue_print import print_catalogue

        _print(args, print_catalogue(session, Path(args.out), list_name=args.list_name, overwrite=args.overwrite),
               lambda r: f"已生成 {r['file']}：{'、'.join(r['lists'])}，共 {r['items']} 项，{r['pages']} 页")
        return EXIT_OK
    if args.action == "list":
        if args.list_name:
            items = catalogue.list_items(session, args.list_name)
            _print(args, {"items": items}, lambda r: "\n".join(_item_line(d) for d in r["items"]) or "（没有事项）")
        else:
            cats = catalogue.list_catalogues(session)
            _print(args, {"catalogues": cats}, lambda r: "\n".join(
                f"{'✓' if c['applies'] else ' '} {c['jurisdiction_code']} {c['title']}  版本 {c['version']}  "
                + "，".join(f"{k} {v}" for k, v in c["counts_named"].items()) for c in r["catalogues"]) or "（没有目录）")
    elif args.action == "search":
        results = catalogue.search(session, args.query, list_name=args.list_name, limit=args.limit)
        _print(args, {"query": args.query, "results": results},
               lambda r: "\n".join(_item_line(d) for d in r["results"]) or f"没有找到与「{args.query}」相关的事项")
    elif args.action == "show":
        _print(args, catalogue.show(session, args.code), _item_block)
    elif args.action == "import":
        result = catalogue.import_catalogue(session, Path(args.file), allow_warnings=args.allow_warnings, dry_run=args.dry_run)

        def human(r):
            lines = [r.get("message") or f"检查通过：{r['title']} {r['version']}，{r['items']} 项（未导入）"]
            lines += [f"  警告：{w['where']}：{w['message']}" for w in r["warnings"]]
            return "\n".join(lines)

        _print(args, result, human)
    return EXIT_OK


def cmd_task(args) -> int:
    from villagedesk import cli_refused
    from villagedesk.services import admission

    if cli_refused.wanted(args):  # recording and reporting refused requests
        return cli_refused.run(args, _session(args), _print)
    result = admission.check_task(_session(args), args.text)

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

    _print(args, result, human)
    return EXIT_OK


def cmd_settings(args) -> int:
    from villagedesk.services import settings

    session = _session(args)
    # the language may be chosen before the first-run form, so that the form speaks it too
    if not (args.action == "set" and args.key.replace("-", "_") == "language"):
        session.require_desk()
    result = settings.get_settings(session) if args.action == "show" else settings.set_setting(session, args.key, args.value)
    _print(args, result, lambda r: "\n".join(f"{k.replace('_', '-')} = {v}" for k, v in r.items()
                                             if k not in settings.OLD_KEYS))
    return EXIT_OK


def _backup_line(r: dict) -> str:
    when = (r.get("taken_at") or "").replace("T", " ")[:16] or "时间不详"
    newest = f"，最新编号 {r['newest_number']}" if r.get("newest_number") else ""
    office = f"{r['office']}（{r['region_code']}）" if r.get("office") else "（无办公室信息）"
    return f"{office}，台账 {r['entries']} 条{newest}，备份于 {when}"


def cmd_backup(args) -> int:
    from villagedesk.services import backup

    session = _session(args)
    session.require_desk()
    if args.keep:
        backup.set_policy(session, args.keep)
    if args.status:
        r = backup.status(session)
        _print(args, r, lambda r: f"备份位置：{r['folder']}\n上次备份：{(r['last_at'] or '从未备份').replace('T', ' ')}"
               + ("\n注意：上次备份已超过一周，请立即备份" if r["stale"] else ""))
        return EXIT_OK
    r = backup.backup_now(session, to=Path(args.to) if args.to else None)
    _print(args, r, lambda r: f"已备份并检查通过（{r['check']}，台账最新记录已核对）：{r['file']}"
           + (f"\n另存一份：{r['copy']}" if r.get("copy") else "") + f"\n{_backup_line(r)}")
    return EXIT_OK


def cmd_restore(args) -> int:
    import os

    from villagedesk.services import backup
    from villagedesk.services.session import Session
    from villagedesk.store.location import resolve_data_dir

    data_dir = resolve_data_dir(getattr(args, "data_dir", None), demo=getattr(args, "demo", False))

    def confirm(info) -> bool:
        current = info.get("current") or {}
        sys.stderr.write(f"备份内容：{_backup_line(info)}\n")
        if "entries" in current:
            lost = current["entries"] - info["entries"]
            sys.stderr.write(f"当前数据文件：台账 {current['entries']} 条"
                             + (f"；恢复后将少 {lost} 条（当前文件会先备份保存）" if lost > 0 else "") + "\n")
        if args.yes:
            return True
        if not (sys.stdin.isatty() and os.isatty(sys.stderr.fileno())):
            from villagedesk.core.errors import UserError

            raise UserError("恢复会替换数据文件：请在终端中运行并回答 y 确认，或加 --yes")
        sys.stderr.write("用这份备份替换当前数据文件吗？[y/N] ")
        sys.stderr.flush()
        return sys.stdin.readline().strip().lower() in ("y", "yes", "是")

    r = backup.restore(data_dir, Path(args.file), other_office=args.other_office, confirm=confirm)
    with Session(data_dir) as session:  # the restored file passes the start-up check
        session.require_desk()
    _print(args, r, lambda r: f"已恢复：{_backup_line(r)}" + (f"\n原数据文件已另存：{r['saved_current']}" if r.get("saved_current") else ""))
    return EXIT_OK


NO_DISPLAY = "无法打开窗口：没有图形显示（DISPLAY 未设置）。请在桌面环境中运行，或使用命令行子命令，见 villagedesk --help"


def missing_display(environ=None, platform: str | None = None) -> bool:
    """On Linux (and other X11 systems) a window needs an X or Wayland display: without one Qt's
    xcb plugin aborts with an English message and a core dump. QT_QPA_PLATFORM set to anything
    but xcb/wayland (offscreen, vnc…) brings its own display."""
    import os

    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return False
    qpa = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if qpa and not qpa.startswith(("xcb", "wayland")):
        return False
    has_x, has_wayland = bool(environ.get("DISPLAY")), bool(environ.get("WAYLAND_DISPLAY"))
    if qpa.startswith("xcb"):
        return not has_x
    if qpa.startswith("wayland"):
        return not has_wayland
    return not (has_x or has_wayland)


def cmd_gui(args) -> int:
    if missing_display():
        sys.stderr.write(NO_DISPLAY + "\n")
        return EXIT_BAD_INPUT
    from villagedesk.ui.app import run

    return run(data_dir=getattr(args, "data_dir", None), demo=getattr(args, "demo", False))


def cmd_area(args) -> int:
    from villagedesk import cli_certs, cli_signs

    return (cli_signs if args.command in cli_signs.COMMANDS else cli_certs).run(args)


COMMANDS = {"cert": cmd_area, "ledger": cmd_area, "verify": cmd_area, "key": cmd_area, "sign": cmd_area,
            "init": cmd_init, "info": cmd_info, "region": cmd_region, "catalogue": cmd_catalogue, "task": cmd_task, "settings": cmd_settings, "gui": cmd_gui, None: cmd_gui,
            "backup": cmd_backup, "restore": cmd_restore}


# Files a command writes, by the argument that names them: their folders are made when missing.
OUTPUT_FILES = {("catalogue", "export-template"): "file", ("ledger", "export"): "file", ("key", "export"): "file"}


def make_output_folders(args) -> None:
    """Create the folder of every file the command will write (--out, an export's file name)
    and the --out-dir itself, so that `--out 证明/2026/王芳.pdf` works on a fresh desk."""
    from villagedesk.core.errors import UserError

    folders = []
    if getattr(args, "out", None):
        folders.append(Path(args.out).expanduser().parent)
    if getattr(args, "out_dir", None):
        folders.append(Path(args.out_dir).expanduser())
    name = OUTPUT_FILES.get((args.command, getattr(args, "action", None)))
    if name and getattr(args, name, None):
        folders.append(Path(getattr(args, name)).expanduser().parent)
    from villagedesk.files import refuse_data_folder

    for folder in folders:
        if folder.is_dir():
            continue
        # a folder refused later must not be left behind: nothing is made inside a data folder
        refuse_data_folder(folder / "_", getattr(args, "data_dir", None))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise UserError("无法建立文件夹：路径中有同名的文件", where=str(folder)) from None
        except PermissionError:
            raise UserError("无法建立文件夹：没有写入权限", where=str(folder)) from None
        except OSError:
            raise UserError("无法建立文件夹", where=str(folder)) from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from villagedesk.core.errors import UserError, system_error

    try:
        make_output_folders(args)
        return COMMANDS[args.command](args)
    except UserError as exc:
        return _refused(args, exc)
    except KeyboardInterrupt:
        sys.stderr.write("已取消\n")
        return 130
    except Exception as exc:
        fault = system_error(exc)  # the machine's fault (locked, full, read-only): plain words
        if fault is not None:
            return _refused(args, fault)
        # a bug of ours: say so plainly, keep the details in the private log
        log = _log_crash(exc)
        where = f"详情已记录到 {log}" if log else "详情未能记录（无法写入日志文件夹）"
        sys.stderr.write(f"内部错误（{type(exc).__name__}）：程序出现了意外问题，数据未被修改。{where}\n")
        return EXIT_FAIL


def _refused(args, exc) -> int:
    if getattr(args, "json", False):
        sys.stderr.write(json.dumps(exc.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stderr.write(f"错误：{exc.text()}\n")
    return exc.exit_code


def _log_crash(exc: BaseException) -> str:
    from villagedesk.error_log import log_exception

    path = log_exception(exc, "unexpected error on the command line")
    return str(path) if path else ""


if __name__ == "__main__":
    raise SystemExit(main())

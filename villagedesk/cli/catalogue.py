"""`villagedesk catalogue list|search|show|import|diff|history|export-template|print`: the county's lists."""

from __future__ import annotations

from pathlib import Path

from villagedesk.cli.common import EXIT_OK, Parser, add_overwrite, desk_session, print_result

LIST_HELP = "清单：自治 / 协助 / 负面 / 牌子 / 保留证明 / 不应出具（或 autonomy, assist, negative, signboard, cert_retained, cert_forbidden）"


def add_parsers(sub, common) -> None:
    cat = sub.add_parser("catalogue", parents=[common], help="目录：查询、导入、导出模板")
    cs = cat.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
    c_list = cs.add_parser("list", parents=[common], help="已安装的目录；加 --list 列出某一清单的事项")
    c_list.add_argument("--list", dest="list_name", help=LIST_HELP)
    c_search = cs.add_parser("search", parents=[common], help="搜索事项（汉字、拼音或首字母）")
    c_search.add_argument("query", help="如 居住、jzzm、juzhu")
    c_search.add_argument("--list", dest="list_name", help=LIST_HELP)
    c_search.add_argument("--limit", type=int, default=20, help="最多显示几条（默认 20）")
    c_show = cs.add_parser("show", parents=[common], help="显示一个事项的全部信息")
    c_show.add_argument("code", help="事项编码")
    c_import = cs.add_parser("import", parents=[common], help="导入县级目录（.xlsx、.csv 或目录文档 .json）")
    c_import.add_argument("file")
    c_import.add_argument("--allow-warnings", action="store_true", help="确认警告（如繁体字）后仍导入")
    c_import.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    c_diff = cs.add_parser("diff", parents=[common], help="导入这个目录文件会改动什么（新增、删除、修改的事项），不导入")
    c_diff.add_argument("file")
    c_hist = cs.add_parser("history", parents=[common], help="目录的历史版本；给出编号则列出那一版改动了什么")
    c_hist.add_argument("id", nargs="?", help="历史记录编号（见 catalogue history 的列表）")
    c_hist.add_argument("--jurisdiction", help="只看这个辖区代码的目录，如 533103")
    c_tpl = cs.add_parser("export-template", parents=[common], help="导出目录导入模板（.xlsx 或 .csv）")
    c_tpl.add_argument("file")
    add_overwrite(c_tpl)
    c_print = cs.add_parser("print", parents=[common], help="把适用的目录打印成 PDF（目录上墙）")
    c_print.add_argument("--out", required=True, help="PDF 文件名")
    c_print.add_argument("--list", dest="list_name", help=LIST_HELP)
    add_overwrite(c_print)


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


def change_lines(r: dict, limit: int = 30) -> list[str]:
    """The changes of a version (import, diff, history ID) as lines a clerk reads: counts, then
    each item — the first `limit` of each kind (a county's new version can change thousands;
    `--json` gives them all)."""
    lines = []
    for m in r.get("meta_changes", []):
        lines.append(f"  {m['field_name']}：{m['old'] or '（空）'} → {m['new'] or '（空）'}")
    counts = [("新增", len(r["added"])), ("删除", len(r["removed"])), ("修改", len(r["reworded"])),
              ("调整清单", len(r["moved"]))]
    summary = "，".join(f"{name} {n} 项" for name, n in counts)
    if r.get("unchanged") is not None:
        summary += f"，未变 {r['unchanged']} 项"
    lines.append("  " + summary)

    def more(items: list) -> None:
        if len(items) > limit:
            lines.append(f"  ……另有 {len(items) - limit} 项（全部见 --json）")

    lines += [f"  + {a['code']} [{a['list_name']}] {a['title']}" for a in r["added"][:limit]]
    more(r["added"])
    lines += [f"  - {a['code']} [{a['list_name']}] {a['title']}" for a in r["removed"][:limit]]
    more(r["removed"])
    changed = [*r["moved"], *r["reworded"]]
    for c in changed[:limit]:
        lines.append(f"  * {c['code']} [{c['list_name']}] {c['title']}")
        lines += [f"      {x['field_name']}：{x['old'] or '（空）'} → {x['new'] or '（空）'}" for x in c["changes"]]
    more(changed)
    return lines


def _history_line(h: dict) -> str:
    counts = h.get("counts")
    if counts is None:
        what = "（当时未记录改动）"
    elif not h["previous_version"]:
        what = f"首次安装，{h['item_count']} 项"
    else:
        what = (f"由 {h['previous_version']} 更新：新增 {counts['added']}，删除 {counts['removed']}，"
                f"修改 {counts['reworded']}，调整清单 {counts['moved']}")
    return (f"{h['id']:>4}  {h['imported_at'][:16].replace('T', ' ')}  {h['jurisdiction_code']} "
            f"{h['jurisdiction_name']}  版本 {h['version']}  {what}  （{h['source']}）")


def cmd_catalogue(args) -> int:
    from villagedesk.services import catalogue

    if args.action == "export-template":
        print_result(args, catalogue.export_template(Path(args.file), overwrite=args.overwrite),
                     lambda r: f"已写出模板：{r['file']}（每个清单一行示例）")
        return EXIT_OK
    session = desk_session(args)
    session.require_desk()  # which catalogues apply depends on the office
    if args.action == "print":
        from villagedesk.services.catalogue_print import print_catalogue

        print_result(args, print_catalogue(session, Path(args.out), list_name=args.list_name, overwrite=args.overwrite),
                     lambda r: f"已生成 {r['file']}：{'、'.join(r['lists'])}，共 {r['items']} 项，{r['pages']} 页")
        return EXIT_OK
    if args.action == "list":
        if args.list_name:
            items = catalogue.list_items(session, args.list_name)
            print_result(args, {"items": items}, lambda r: "\n".join(_item_line(d) for d in r["items"]) or "（没有事项）")
        else:
            cats = catalogue.list_catalogues(session)
            print_result(args, {"catalogues": cats}, lambda r: "\n".join(
                f"{'✓' if c['applies'] else ' '} {c['jurisdiction_code']} {c['title']}  版本 {c['version']}  "
                + "，".join(f"{k} {v}" for k, v in c["counts_named"].items()) for c in r["catalogues"]) or "（没有目录）")
    elif args.action == "search":
        results = catalogue.search(session, args.query, list_name=args.list_name, limit=args.limit)
        print_result(args, {"query": args.query, "results": results},
                     lambda r: "\n".join(_item_line(d) for d in r["results"]) or f"没有找到与「{args.query}」相关的事项")
    elif args.action == "show":
        print_result(args, catalogue.show(session, args.code), _item_block)
    elif args.action == "import":
        result = catalogue.import_catalogue(session, Path(args.file), allow_warnings=args.allow_warnings, dry_run=args.dry_run)

        def human(r):
            lines = [r.get("message") or f"检查通过：{r['title']} {r['version']}，{r['items']} 项（未导入）"]
            lines += [f"  警告：{w['where']}：{w['message']}" for w in r["warnings"]]
            if r["outcome"] in ("install", "would_install") and r.get("old_version"):
                lines.append(f"  与已安装的版本 {r['old_version']} 相比：")
                lines += change_lines(r)
            return "\n".join(lines)

        print_result(args, result, human)
    elif args.action == "diff":
        # what an import would change; warnings are listed, not a reason to stop looking
        result = catalogue.import_catalogue(session, Path(args.file), allow_warnings=True, dry_run=True)

        def diff_text(r):
            if r["outcome"] == "would_unchanged":
                head = f"{r['title']} {r['version']} 与已安装的版本相同，导入不会改动任何内容"
            elif r.get("old_version"):
                head = f"{r['title']}：已安装 {r['old_version']} → 文件 {r['version']}"
            else:
                head = f"{r['title']} {r['version']}：本机尚未安装这个辖区的目录，导入将新增 {r['items']} 项"
            lines = [head] + [f"  警告：{w['where']}：{w['message']}" for w in r["warnings"]]
            return "\n".join(lines + (change_lines(r) if r["outcome"] != "would_unchanged" else []))

        print_result(args, result, diff_text)
    elif args.action == "history":
        if args.id:
            print_result(args, catalogue.history_changes(session, args.id), lambda r: "\n".join(
                [_history_line(r)] + (change_lines(r) if r["recorded"] else ["  这一版安装时本程序尚未记录改动"])))
        else:
            rows = catalogue.history(session, args.jurisdiction)
            print_result(args, {"history": rows},
                         lambda r: "\n".join(_history_line(h) for h in r["history"]) or "（没有安装记录）")
    return EXIT_OK


COMMANDS = {"catalogue": cmd_catalogue}

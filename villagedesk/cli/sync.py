"""`villagedesk sync export|import|status|verify`: USB bundles between offices, through
services/sync.py; `sync import` shows the preview and asks before it changes anything."""

from __future__ import annotations

import sys

from villagedesk.cli.common import EXIT_FAIL, EXIT_OK, Parser, desk_session, print_result, shown

KIND_HELP = "enrolment 密钥登记、trust-list 信任清单、catalogue 目录、ledger 证明台账、refused 拒绝的部门事项、audits 牌子摸排、acks 回执"


def add_parsers(sub, common) -> None:
    s = sub.add_parser("sync", parents=[common], help="U 盘同步：村→乡镇→县交台账，县→乡镇→村发目录和信任清单")
    ss = s.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
    e = ss.add_parser("export", parents=[common], help="写出同步包到 U 盘或文件夹（默认只写对方还没收到的）")
    e.add_argument("--to", required=True, dest="folder", help="U 盘或文件夹")
    e.add_argument("--kind", action="append", default=[], help=f"只写这些内容（可重复）：{KIND_HELP}")
    e.add_argument("--full", action="store_true", help="全部重写（不只是对方还没收到的）")
    e.add_argument("--down", action="store_true", help="乡镇桌面：写给下面各村（目录、信任清单、回执）")
    e.add_argument("--for", dest="to_office", default="", help="收件单位的区划代码（默认：上级；--down 时为本乡镇）")
    i = ss.add_parser("import", parents=[common], help="导入同步包：先显示预览，确认后导入（全部导入或全部不导入）")
    i.add_argument("file", nargs="*", help=".vdbundle 文件（可给多个：先显示全部的预览表，确认一次后逐个导入）")
    i.add_argument("--folder", default="", help="导入这个文件夹（如 U 盘）里的全部同步包（不含子文件夹）")
    i.add_argument("--yes", action="store_true", help="不再询问，直接导入（供脚本使用）")
    i.add_argument("--trust-fingerprint", default="", help="对方密钥尚未受信任时：电话核对后输入它的指纹，手工信任")
    i.add_argument("--county-fingerprint", default="", help="首次收到县级信任清单时：电话核对后输入县级密钥的指纹")
    ss.add_parser("status", parents=[common], help="本机持有的台账、收发记录、暂存的包和冲突")
    r = ss.add_parser("resolve", parents=[common], help="核实后关闭一处同步冲突（两个版本都保留，只是不再提示）")
    r.add_argument("conflict_id", type=int, help="冲突编号（见 sync status）")
    r.add_argument("--note", required=True, help="核实的情况，如：已电话核实，旧电脑已停用")
    r.add_argument("--by", default="", help="核实人")
    v = ss.add_parser("verify", parents=[common],
                      help="重新核对本机持有的每一本台账（本机的和同步来的）：哈希链、签名、链头；全部完好才返回 0")
    v.add_argument("--office", default="", help="只核对这个单位的台账（12 位区划代码）")
    k = ss.add_parser("enrol", parents=[common], help="只写出本机密钥的登记包（交乡镇转县）")
    k.add_argument("--to", required=True, dest="folder", help="U 盘或文件夹")
    k.add_argument("--for", dest="to_office", default="", help="收件单位的区划代码（默认：上级）")


def cmd_sync(args) -> int:
    from villagedesk.services import sync

    session = desk_session(args)
    session.require_desk()
    if args.action in ("export", "enrol"):
        return export_and_print(args, session, ["enrolment"] if args.action == "enrol" else args.kind)
    if args.action == "resolve":
        got = sync.resolve_conflict(session, args.conflict_id, note=args.note, by=args.by)
        print_result(args, got, lambda c: f"已关闭冲突 {c['id']}（{c['office']}）：{c['resolution']}（两个版本都保留）")
        return EXIT_OK
    if args.action == "status":
        print_result(args, sync.status(session), _status_text)
        return EXIT_OK
    if args.action == "verify":
        from villagedesk.services.chain_check import verify_all

        r = verify_all(session, office=args.office or None)
        print_result(args, r, _verify_text)
        return EXIT_OK if r["ok"] else EXIT_FAIL
    if args.folder or len(args.file) != 1:
        return import_many(args, session)
    preview = sync.preview_import(session, args.file[0], trust_fingerprint=args.trust_fingerprint or None,
                                  county_fingerprint=args.county_fingerprint or None)
    if not args.yes and not getattr(args, "json", False):
        print(shown(_preview_text(preview)))
        if not sys.stdin.isatty():
            print("（未导入：在脚本中请加 --yes）")
            return EXIT_OK
        if input("确认导入？[y/N] ").strip().lower() not in ("y", "yes", "是"):
            print("未导入。")
            return EXIT_OK
    elif getattr(args, "json", False) and not args.yes:
        print_result(args, {"preview": preview, "imported": False}, lambda r: "")
        return EXIT_OK
    r = sync.import_bundle(session, args.file[0], trust_fingerprint=args.trust_fingerprint or None,
                           county_fingerprint=args.county_fingerprint or None)
    print_result(args, r, _import_text)
    return EXIT_OK


def import_many(args, session) -> int:
    """`sync import A B C` or `sync import --folder DIR`: the preview table of all the files,
    one confirmation, then each file imported in turn (services/sync_batch.py) and a summary.
    No fingerprint is typed for a batch: files that need one are listed, to import one by one."""
    from villagedesk.core.errors import UserError
    from villagedesk.services import sync_batch

    if args.trust_fingerprint or args.county_fingerprint:
        raise UserError("电话核对的指纹只能用于导入单个同步包：请对那个包单独运行 sync import 文件 --trust-fingerprint …",
                        where="--trust-fingerprint")
    if args.folder and args.file:
        raise UserError("请只给出文件，或只给出 --folder 文件夹，不要同时给出", where="--folder")
    if not args.folder and not args.file:
        raise UserError("请给出要导入的 .vdbundle 文件，或用 --folder 给出文件夹", where="sync import")
    paths = sync_batch.list_bundles(args.folder) if args.folder else args.file
    if not paths:
        raise UserError("这个文件夹里没有同步包（.vdbundle 文件）", where=args.folder)
    json_out = getattr(args, "json", False)
    if not args.yes:
        plan = sync_batch.public(sync_batch.preview_batch(session, paths))
        if json_out:
            print_result(args, {"preview": plan, "imported": False}, lambda r: "")
            return EXIT_OK
        print(shown(_batch_preview_text(plan)))
        if not sys.stdin.isatty():
            print("（未导入：在脚本中请加 --yes）")
            return EXIT_OK
        if input(f"确认导入这 {plan['totals']['files']} 个同步包？[y/N] ").strip().lower() not in ("y", "yes", "是"):
            print("未导入。")
            return EXIT_OK
    summary = sync_batch.import_batch(session, paths)
    print_result(args, summary, _batch_summary_text)
    return EXIT_OK if sync_batch.exit_ok(summary) else EXIT_FAIL


def _batch_preview_text(plan: dict) -> str:
    from villagedesk.services.sync_batch import PLAN_WORDS

    lines = ["文件\t来自\t内容\t新增\t状态/原因"]
    for r in plan["files"]:
        src = r["source"]
        who = f"{src.get('name', '')}（{src.get('office', '')}）" if src else "—"
        status = r["status_text"] + (f"：{r['reason']}" if r["reason"] else "")
        if r["status"] == "check" and r["fingerprint"]:
            flag = "--county-fingerprint" if r.get("needs") == "county" else "--trust-fingerprint"
            status += f"（指纹 {r['fingerprint']}；电话核对后：sync import {r['file']} {flag} …）"
        lines.append(f"{r['file']}\t{who}\t{'、'.join(r['kind_names']) or '—'}\t{r['new_entries']}\t{status}")
    t = plan["totals"]
    lines.append(f"共 {t['files']} 个：" + "，".join(f"{PLAN_WORDS[k]} {t[k]} 个" for k in PLAN_WORDS if t[k])
                 + f"；台账新增约 {t['new_entries']} 条")
    return "\n".join(lines)


def _batch_summary_text(s: dict) -> str:
    lines = []
    for r in s["files"]:
        lines.append(f"{r['file']}：{r['status_text']}" + (f"，新增台账 {r['added']} 条" if r["added"] else "")
                     + (f"（{r['reason']}）" if r["reason"] and r["status"] not in ("applied", "nothing-new") else ""))
    lines += [f"  接上了先前暂存的包 {x['file']}：{STATUS_WORDS.get(x['status'], x['status'])}" for x in s["released"]]
    t = s["totals"]
    lines.append(f"共 {t['files']} 个：新增台账 {t['added']} 条，新的单位 {t['new_offices']} 个，暂存 {t['held']} 个，"
                 f"冲突 {t['flagged']} 处，未导入 {t['refused']} 个"
                 + (f"，待电话核对指纹 {t['check']} 个" if t["check"] else "")
                 + (f"，已取消 {t['cancelled']} 个" if t["cancelled"] else ""))
    return "\n".join(lines)


def export_and_print(args, session, kinds: list[str]) -> int:
    """`sync export`, `sync enrol` and `key enrol`: write the bundle, say what was read back."""
    from villagedesk.services import sync

    r = sync.export_bundle(session, args.folder, kinds=kinds or None, full=getattr(args, "full", False),
                           to_office=args.to_office or None, down=getattr(args, "down", False))
    region = r["addressee"] == session.require_desk().region_code  # a down bundle: every office below
    print_result(args, r, lambda r: f"已写出并读回校验：{r['file']}（{r['size']:,} 字节）\n收件单位：{r['addressee_name'] or ''}"
                 f"（{r['addressee']}）" + ("辖区内各单位" if region else "")
                 + "\n内容：" + "、".join(f"{k} {n}" for k, n in r["counts"].items()))
    return EXIT_OK


def _preview_text(p: dict) -> str:
    src = p["source"]
    lines = [f"来自：{src['name']}（{src['office']}），写出于 {p['created_at'][:19]}",
             f"签名密钥：指纹 {p['signer']['fingerprint']}（{p['signer'].get('note') or p['signer'].get('via')}）",
             f"内容：{'、'.join(p['kind_names'])}"]
    for c in p["ledger"]:
        lines.append(f"  台账 {c['office_name'] or c['office']}：第 {c['from']}–{c['to']} 条，新增 {c['new']} 条"
                     + (f"（{c['reason']}）" if c["reason"] else ""))
    for kind, r in p["records"].items():
        lines.append(f"  {kind}：新增 {r['new']} 条，已有 {r['same']} 条" + (f"，冲突 {r['conflicts']} 条" if r["conflicts"] else ""))
    if p.get("trust_list"):
        t = p["trust_list"]
        lines.append(f"  信任清单：{t['county_name']} 第 {t['serial']} 版（本机现为 {t['current_serial'] or '无'}），"
                     f"新增 {len(t['added'])} 把、撤销 {len(t['revoked'])} 把")
    for c in p.get("catalogues", []):
        lines.append(f"  目录 {c.get('jurisdiction_name', '')}：{c.get('old_version') or '无'} → {c.get('new_version')}，"
                     f"新增 {len(c.get('added', []))} 项、删除 {len(c.get('removed', []))} 项、改动 {len(c.get('reworded', []))} 项")
    if p["new_offices"]:
        lines.append(f"  新的单位：{'、'.join(p['new_offices'])}")
    if p["already_imported"]:
        lines.append("  这个包以前已导入过（再导入不会新增任何记录）")
    return "\n".join(lines)


STATUS_WORDS = {"applied": "已导入", "nothing-new": "没有新内容（以前已导入）", "held": "已导入可接上的部分，其余暂存",
                "conflict": "已导入，发现冲突并已标记", "refused": "未导入"}


def _import_text(r: dict) -> str:
    waiting = (r.get("signer") or {}).get("waiting")
    head = "已登记这把密钥（转县里审核），其余内容暂存" if waiting else STATUS_WORDS.get(r["status"], r["status"])
    lines = [f"{head}：新增台账 {r['added']} 条"]
    if r.get("trust_list"):
        t = r["trust_list"]
        lines.append(f"  采用了{t.get('county_name', '县级')}信任清单第 {t.get('serial')} 版")
    lines += [f"  {c.get('message', '')}" for c in r.get("catalogues", []) if c.get("message")]
    if r.get("enrolments"):
        lines.append(f"  收到密钥登记 {len(r['enrolments'])} 份" + ("（县级桌面用 key enrolments 审核）" if not waiting else ""))
    lines += [f"  暂存：{h}" for h in r["held"] if not waiting] + [f"  冲突：{f}" for f in r["flagged"]]
    lines += [f"  接上了先前暂存的包 {x['file']}：{STATUS_WORDS.get(x['status'], x['status'])}"
              + (f"，新增台账 {x['added']} 条" if x.get("added") else "") + (f"（{x['reason']}）" if x.get("reason") else "")
              for x in r.get("released", [])]
    return "\n".join(lines)


def _status_text(s: dict) -> str:
    up = f"{s['addressee_up_name']}（{s['addressee_up']}）" if s["addressee_up_name"] else s["addressee_up"] or "无"
    lines = [f"本机：{s['name']}（{s['office']}），上级：{up}"]
    for c in s["chains"]:
        lines.append(f"  台账 {c['office_name'] or c['office']}：{c['entries']} 条" + ("（本机）" if c["own"] else "")
                     + (f"，上级已收到 {c['acked_up']} 条" if s["addressee_up"] else ""))
        lines += [f"    {h['at'][:10]} 重新登记（更换电脑或从备份恢复）：自第 {h['position']} 条起由新桌面续写" for h in c["handovers"]]
    lines += [f"  写出：{b['recorded_at'][:19]} {b['file_name']}" for b in s["exports"][:5]]
    lines += [f"  导入：{b['recorded_at'][:19]} {b['file_name']} {STATUS_WORDS.get(b['status'], b['status'])} {b['reason'][:60]}"
              for b in s["imports"][:5]]
    lines += [f"  暂存：{h['file_name']}：{h['reason']}" for h in s["held"]]
    lines += [f"  冲突 {c['id']}：{c['office']} {c['reason']}"
              + (f"（已处理 {c['resolved_at'][:10]}：{c['resolution']}）" if c["resolved_at"] else "（未处理：核实后用 sync resolve 关闭）")
              for c in s["conflicts"]]
    return "\n".join(lines)


def _verify_text(r: dict) -> str:
    """One line per chain (office), then the open conflicts, then the count."""
    lines = []
    for c in r["chains"]:
        name = c["short_name"] or c["office_name"] or c["office"]
        who = f"{name}（{c['office']}）" + ("（本机）" if c["own"] else "")
        if sum(1 for o in r["chains"] if o["office"] == c["office"]) > 1:
            who += f"[桌面 {c['desk_id'][:8]}]"
        keys = "、".join(f"{k['key_id']} {k['trust_text']}" for k in c["keys"]) or "无"
        if c["ok"] and not c["entries"]:
            lines.append(f"{who}：还没有记录")
        elif c["ok"]:
            lines.append(f"{who}：完好，{c['entries']} 条，链头第 {c['head']['position']} 条 "
                         f"{c['head']['entry_hash'][:12]}；{c['head_note']}；签名密钥：{keys}")
        else:
            lines.append(f"{who}：有问题（共 {c['entries']} 条）：{'；'.join(c['problems'])}；签名密钥：{keys}")
    lines += [f"  冲突：{x['office']} {x['reason']}" for x in r["conflicts"]]
    lines.append(r["message"])
    return "\n".join(lines)


COMMANDS = {"sync": cmd_sync}

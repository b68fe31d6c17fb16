"""`villagedesk backup|restore`: checked copies of the desk database, and putting one back."""

from __future__ import annotations

import sys
from pathlib import Path

from villagedesk.cli.common import EXIT_OK, data_dir, desk_session, print_result


def add_parsers(sub, common) -> None:
    bk = sub.add_parser("backup", parents=[common], help="立即备份数据文件（经检查，写入数据文件夹的 backups/，可另存到 U 盘）")
    bk.add_argument("--to", default=None, metavar="文件夹", help="另外再备份一份到这个文件夹（如 U 盘）")
    bk.add_argument("--keep", default=None, metavar="天,周,月", help="修改保留策略：按天保留的天数,按周保留的周数,按月保留的月数（默认 14,8,12）")
    bk.add_argument("--status", action="store_true", help="只显示备份位置和上次备份时间，不备份")
    rst = sub.add_parser("restore", parents=[common], help="用一份备份替换数据文件（先备份当前数据文件）")
    rst.add_argument("file", help="备份文件，如 backups/desk-daily-20261205-093000-000000.sqlite3")
    rst.add_argument("--yes", action="store_true", help="不询问，直接恢复（供脚本使用）")
    rst.add_argument("--other-office", action="store_true", help="确认要恢复另一个单位（区划代码不同）的备份")


def _backup_line(r: dict) -> str:
    when = (r.get("taken_at") or "").replace("T", " ")[:16] or "时间不详"
    newest = f"，最新编号 {r['newest_number']}" if r.get("newest_number") else ""
    office = f"{r['office']}（{r['region_code']}）" if r.get("office") else "（无办公室信息）"
    return f"{office}，台账 {r['entries']} 条{newest}，备份于 {when}"


def cmd_backup(args) -> int:
    from villagedesk.services import backup

    session = desk_session(args)
    session.require_desk()
    if args.keep:
        backup.set_policy(session, args.keep)
    if args.status:
        r = backup.status(session)
        print_result(args, r, lambda r: f"备份位置：{r['folder']}\n上次备份：{(r['last_at'] or '从未备份').replace('T', ' ')}"
                     + ("\n注意：上次备份已超过一周，请立即备份" if r["stale"] else ""))
        return EXIT_OK
    r = backup.backup_now(session, to=Path(args.to) if args.to else None)
    print_result(args, r, lambda r: f"已备份并检查通过（{r['check']}，台账最新记录已核对）：{r['file']}"
                 + (f"\n另存一份：{r['copy']}" if r.get("copy") else "") + f"\n{_backup_line(r)}")
    return EXIT_OK


def cmd_restore(args) -> int:
    import os

    from villagedesk.services import backup
    from villagedesk.services.desk_session import open_session

    folder = data_dir(args)

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

    r = backup.restore(folder, Path(args.file), other_office=args.other_office, confirm=confirm)
    with open_session(folder) as session:  # the restored file passes the start-up check
        session.require_desk()
    print_result(args, r, lambda r: f"已恢复：{_backup_line(r)}" + (f"\n原数据文件已另存：{r['saved_current']}" if r.get("saved_current") else ""))
    return EXIT_OK


COMMANDS = {"backup": cmd_backup, "restore": cmd_restore}

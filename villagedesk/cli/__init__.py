"""`villagedesk`: every user action on the command line; no command opens the window.

One module per command group (`desk`, `catalogue`, `settings`, `backup`, `task` with
`refused`, `certs`, `ledger`, `verify`, `keys`, `signs`, `window`), each with
`add_parsers(sub, common)` and its `cmd_…` functions; what they share is `cli/common.py`.
This module only builds the parser from them and dispatches: nothing imports back up into
it, so the package has no import circle. Imports of services stay inside the commands so
that `--help` answers at once and only the commands that need Qt or reportlab load them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from villagedesk.cli import backup, catalogue, certs, desk, keys, ledger, settings, signs, sync, task, township, verify, window
from villagedesk.cli.common import (  # noqa: F401  (the names callers and tests used from villagedesk.cli)
    EXIT_BAD_INPUT,
    EXIT_FAIL,
    EXIT_OK,
    Parser,
    add_overwrite,
    chinese_argparse_message,
    print_error,
)
from villagedesk.cli.window import NO_DISPLAY, missing_display  # noqa: F401

# The order of the subcommands in `villagedesk --help`.
GROUPS = (window, desk, catalogue, settings, backup, task, certs, ledger, township, sync, verify, keys, signs)


def build_parser() -> Parser:
    common = Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出一个 JSON 文档（供程序读取）")
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="数据文件夹（默认：用户数据目录；便携模式为程序旁的 data/）")
    common.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="使用演示数据（风平村），首次使用时自动建立")

    p = Parser(prog="villagedesk", description="村务桌面 VillageDesk：村级证明、目录、台账和牌子检查。不带命令时打开窗口。",
               parents=[common])
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=Parser)
    for group in GROUPS:
        group.add_parsers(sub, common)
    return p


COMMANDS = {None: window.cmd_gui, **{name: fn for group in GROUPS for name, fn in group.COMMANDS.items()}}


# Files a command writes, by the argument that names them: their folders are made when missing.
OUTPUT_FILES: dict[tuple[str | None, str | None], str] = {("catalogue", "export-template"): "file", ("ledger", "export"): "file", ("key", "export"): "file"}


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
        return print_error(args, exc)
    except KeyboardInterrupt:
        sys.stderr.write("已取消\n")
        return 130
    except Exception as exc:
        fault = system_error(exc)  # the machine's fault (locked, full, read-only): plain words
        if fault is not None:
            return print_error(args, fault)
        # a bug of ours: say so plainly, keep the details in the private log
        log = _log_crash(exc)
        where = f"详情已记录到 {log}" if log else "详情未能记录（无法写入日志文件夹）"
        sys.stderr.write(f"内部错误（{type(exc).__name__}）：程序出现了意外问题，数据未被修改。{where}\n")
        return EXIT_FAIL


def _log_crash(exc: BaseException) -> str:
    from villagedesk.error_log import log_exception

    path = log_exception(exc, "unexpected error on the command line")
    return str(path) if path else ""


if __name__ == "__main__":
    raise SystemExit(main())

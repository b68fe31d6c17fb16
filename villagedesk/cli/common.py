"""What every command module of the CLI shares: argparse in Chinese, printing a result (or
its JSON), opening the desk a command works on.

The command modules (`cli/desk.py`, `cli/certs.py`, …) import this module and nothing of
`cli/__init__`, so the package has no import circle: `__init__` builds the parser from the
modules and dispatches to them; they never reach back up. Only the standard library is
imported here at load time, so `villagedesk --help` stays instant.
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2

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


class HelpFormatter(argparse.HelpFormatter):
    """`用法：` instead of argparse's `usage: `."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse in Chinese: the usage line, the section titles, -h's help and the errors,
    which go to stderr with exit code 2 (as argparse's own)."""

    def __init__(self, prog: str | None = None, *, add_help: bool = True, parents=(), **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(prog, add_help=False, **kwargs)
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


def shown(text: str) -> str:
    """Text for the terminal, control characters made visible (\\x1b, \\u202e): a name carried
    in from elsewhere must not move the cursor, recolour or clear the screen, or reorder a line."""
    import re

    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]",
                  lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def print_result(args, payload, human) -> None:
    """`payload` as one JSON document with --json; else `human(payload)` (or the text itself).
    A typed service result (services/results.py) is printed as its JSON shape."""
    if hasattr(payload, "to_dict"):
        payload = payload.to_dict()
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        text = human(payload) if callable(human) else human
        if text:
            sys.stdout.write(shown(text.rstrip("\n")) + "\n")


def print_error(args, exc) -> int:
    """A UserError on stderr (its JSON with --json); its exit code."""
    if getattr(args, "json", False):
        sys.stderr.write(json.dumps(exc.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stderr.write(f"错误：{shown(exc.text())}\n")
    return exc.exit_code


def data_dir(args):
    """The data folder the command names (--data-dir, --demo, portable mode, the default)."""
    from villagedesk.services.session import resolve_data_dir

    return resolve_data_dir(getattr(args, "data_dir", None), demo=getattr(args, "demo", False))


def desk_session(args):
    """The desk the command works on, opened as the window opens it (a --demo desk is set up
    on first use): services/session.open_session."""
    from villagedesk.services.desk_session import open_session

    return open_session(data_dir(args), demo=getattr(args, "demo", False))


def parse_date(text: str, where: str = "--date"):
    """A YYYY-MM-DD option as a date (None when not given)."""
    from datetime import date

    from villagedesk.core.errors import UserError

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"日期「{text[:20]}」应为 YYYY-MM-DD 格式", where=where) from None

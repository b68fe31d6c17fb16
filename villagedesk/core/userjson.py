"""Read a JSON file the user chose (a sign spec, an inventory, a public key) safely.

json.loads trusts its input: a 5 MB file of "[[[[…" raises RecursionError, a number of
5,000 digits raises ValueError (Python's int limit), NaN and Infinity are taken as
numbers, and a 2 GB file is read into memory whole. Every file a user hands us goes
through `read_user_json` instead, so each of these is a Chinese message naming the file
and the limit, never an internal error.
"""

from __future__ import annotations

import json
from pathlib import Path

from villagedesk.core.errors import UserError

MAX_DEPTH = 40  # a sign spec or key file nests three or four levels
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def read_user_json(path: Path | str, *, what: str = "文件", max_bytes: int = DEFAULT_MAX_BYTES):
    """The JSON document in `path`; UserError (Chinese, naming `what` and the file) when it
    is missing, too large, not UTF-8, not JSON, nested deeper than MAX_DEPTH or holds a
    number Python will not convert."""
    path = Path(path)
    try:
        if path.is_dir():
            raise UserError(f"这是一个文件夹，不是{what}：{path}")
        if not path.is_file():
            raise UserError(f"找不到{what}：{path}")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise UserError(f"无法读取{what}（{exc.strerror or exc}）：{path.name}") from None
    if len(data) > max_bytes:
        raise UserError(f"{what}过大（最多 {_size(max_bytes)}）：{path.name}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{what}不是 UTF-8 编码的文字文件（是否选错了文件？）：{path.name}") from None
    return parse_user_json(text, what=what, name=path.name)


def parse_user_json(text: str, *, what: str = "文件", name: str = ""):
    """`text` as JSON, with the same refusals as read_user_json."""
    where = f"：{name}" if name else ""
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise UserError(f"{what}不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）{where}") from None
    except RecursionError:
        raise UserError(f"{what}嵌套过深，不是本程序的文件{where}") from None
    except ValueError as exc:  # int() past sys.get_int_max_str_digits, or NaN/Infinity
        if "digits" in str(exc):
            raise UserError(f"{what}中有位数过多的数字（超过 4300 位），不是本程序的文件{where}") from None
        raise UserError(f"{what}不是有效的 JSON（{exc}）{where}") from None
    if _nesting(value) > MAX_DEPTH:  # what json.loads took may still be too deep for the code that reads it
        raise UserError(f"{what}嵌套超过 {MAX_DEPTH} 层，不是本程序的文件{where}")
    return value


def _no_constant(name: str):
    raise ValueError(f"不允许 {name}")


def _nesting(value) -> int:
    """The deepest nesting of lists and objects in a parsed value, counted without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"

"""Read a JSON file the user chose (a sign spec, an inventory, a public key) safely.

json.loads trusts its input: a 5 MB file of "[[[[…" raises RecursionError, a number of
5,000 digits raises ValueError (Python's int limit), NaN and Infinity are taken as
numbers, and a 2 GB file is read into memory whole. Every file a user hands us goes
through `villagedesk.files.read_user_json` (which reads it with a size limit) and
`parse_user_json` here, so each of these is a Chinese message naming the file and the
limit, never an internal error.
"""

from __future__ import annotations

import json

from villagedesk.core.errors import UserError

MAX_DEPTH = 40  # a sign spec or key file nests three or four levels
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def parse_user_json(text: str, *, what: str = "文件", name: str = ""):
    """`text` as JSON; UserError (Chinese, naming `what`) when it is not JSON, nested deeper than
    MAX_DEPTH or holds a number Python will not convert."""
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


def size_text(n: int) -> str:
    """A byte limit as a clerk reads it: 5 MB, 64 KB."""
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"

"""The text of an error report a clerk can send to whoever maintains the desk.

Why a pure function: the report must be the same whether the window or a test builds it,
and what it must never contain (a villager's ID number or name, which tracebacks, error
messages and the log can quote) is easiest to guarantee and to test without Qt. Every
line of the report passes through `mask_personal` — the traceback, the message, the log.

Masking is deliberately coarse: any run of 15 or more digits (optionally ending in X) is
treated as an ID number and masked as the QR code does (core.idnumber.mask_id_number);
the Chinese name after a label such as 姓名/申请人/被证明人 (or the field keys the forms use)
keeps only its first character; and any name the caller knows (the applicant typed in the
window, the handler) is masked wherever it appears.
"""

from __future__ import annotations

import re
import traceback
from datetime import datetime

from villagedesk.core.idnumber import mask_id_number

REPORT_PREFIX = "村务桌面错误报告"

# 15+ digits not inside a longer run of digits, optionally followed by X: an ID number
# (18 or 15 digits) or anything long enough to be one. \d also matches full-width digits.
_ID_LIKE = re.compile(r"(?<!\d)\d{15,}(?:[XxＸｘ](?![A-Za-z]))?")
_NAME_LABELS = ("姓名", "申请人", "被证明人", "证明对象", "经办人", "户主", "applicant_name", "applicant", "handler",
                "subject", "name")
# a label, then up to a few quote/colon/equals/space characters, then the name itself
_LABELLED_NAME = re.compile(
    r"(?P<label>" + "|".join(_NAME_LABELS) + r")(?P<sep>[\s'\"：:=（(）)]{0,4})"
    r"(?P<name>[\u3400-\u9fff·•][\u3400-\u9fff·•]{0,14})")


def mask_name(name: str) -> str:
    """王芳 → 王*: enough for the maintainer to see a name was there, not whose."""
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*"


def mask_personal(text: str, names=()) -> str:
    """`text` with ID numbers, labelled names and the given `names` masked."""
    if not text:
        return text or ""
    text = _ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _LABELLED_NAME.sub(lambda m: m.group("label") + m.group("sep") + mask_name(m.group("name")), text)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()


def summary(exc: BaseException, names=()) -> str:
    """One line for the dialog: the kind of error and its message, masked."""
    try:
        text = str(exc).strip()
    except Exception:  # an exception whose own __str__ fails must not break the report
        text = ""
    message = text.splitlines()[0][:300] if text else ""
    return mask_personal(f"{type(exc).__name__}: {message}" if message else type(exc).__name__, names)


def build_report(exc: BaseException | None, *, traceback_text: str | None = None, version: str, platform: str,
                 python: str, qt: str = "", log_lines=(), when: datetime, names=(), where: str = "") -> str:
    """The whole report, every part masked. `exc` or `traceback_text` says what happened;
    `where` is the window part it happened in (a page's class name)."""
    log_lines = list(log_lines)
    if traceback_text is None and exc is not None:
        try:
            traceback_text = format_exception(exc)
        except Exception:
            traceback_text = f"{type(exc).__name__}（无法列出错误经过）"
    tb = traceback_text or ""
    head = summary(exc, names) if exc is not None else (tb.strip().splitlines() or ["（未知错误）"])[-1]
    parts = [
        REPORT_PREFIX,
        "=" * 24,
        f"时间：{when:%Y-%m-%d %H:%M:%S}",
        f"程序版本：{version}",
        f"操作系统：{platform}",
        f"Python：{python}",
    ]
    if qt:
        parts.append(f"Qt：{qt}")
    if where:
        parts.append(f"出错位置：{where}")
    parts += [
        f"发生了什么：{mask_personal(head, names)}",
        "",
        "【错误经过】",
        mask_personal(tb, names) or "（无）",
        "",
        f"【最近的日志】（最后 {len(log_lines)} 行）",
    ]
    parts += [mask_personal(line.rstrip("\n"), names) for line in log_lines] or ["（无）"]
    parts += ["", "说明：本报告中的身份证号码和姓名已隐去，可以放心发送给维护人员。", ""]
    return "\n".join(parts)


def default_file_name(when: datetime) -> str:
    """村务桌面错误报告-20261205-091011.txt"""
    return f"{REPORT_PREFIX}-{when:%Y%m%d-%H%M%S}.txt"
